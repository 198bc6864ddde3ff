//! `XLSForm` import (`tana import`): an ODK/`KoboToolbox` form, read from a
//! workbook, CSV or Markdown ([`read`]), is mapped to a tana questionnaire
//! ([`map`]), written as YAML under a header saying where it came from and
//! what did not carry over ([`out`]), and loaded back through the
//! questionnaire validator before anyone sees it: what the import writes
//! always passes `tana validate`. See docs/xlsform-import.md.

pub mod book;
pub mod columns;
pub mod command;
pub mod expr;
pub mod finding;
pub mod map;
pub mod out;
pub mod read;

use crate::problem::Problem;
use crate::questionnaire::{Questionnaire, SectionKind};
use crate::words::xlsform as words;

pub use book::Workbook;
pub use finding::{Finding, Severity, What};

/// Where the form came from, for the header and the id.
#[derive(Debug, Clone)]
pub struct Origin<'a> {
    /// The file's name as the header shows it (`household.xlsx`).
    pub file: &'a str,
    /// The file's name without its extension.
    pub stem: &'a str,
}

/// A form turned into a questionnaire.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The questionnaire file: header comment, then YAML.
    pub yaml: String,
    /// The questionnaire as tana loads it from `yaml`.
    pub questionnaire: Questionnaire,
    /// Everything that did not carry over, or carried over differently, in
    /// sheet and cell order.
    pub findings: Vec<Finding>,
    pub counts: words::Counts,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// The form cannot become a questionnaire (no survey, no question).
    Form(map::Failure),
    /// The questionnaire written does not load: a bug in the import, never
    /// the form author's doing; nothing is written.
    Invalid(Vec<Problem>),
}

/// How a finding's place reads in the header and on screen: `survey!C12`
/// for a workbook, `14:3` for a text file.
pub fn place(finding: &Finding) -> String {
    finding.at.to_string()
}

/// Imports a workbook.
pub fn import(book: &Workbook, origin: &Origin<'_>) -> Result<Imported, ImportError> {
    let mapped = map::map(book, map::Source { stem: origin.stem }).map_err(ImportError::Form)?;
    let body = mapped
        .questionnaire
        .to_yaml()
        .map_err(|e| ImportError::Invalid(vec![Problem::whole_file(e.to_string())]))?;
    let lost = mapped
        .findings
        .iter()
        .filter(|f| f.what.severity() == Severity::Lost)
        .count();
    let mut counts = words::Counts {
        questions: mapped
            .questionnaire
            .sections
            .iter()
            .map(|s| s.questions.len())
            .sum(),
        sections: mapped.questionnaire.sections.len(),
        scored: mapped
            .questionnaire
            .sections
            .iter()
            .filter(|s| s.kind == "scored")
            .count(),
        lost,
        changed: mapped.findings.len() - lost,
    };
    let listed: Vec<(String, String)> = mapped
        .findings
        .iter()
        .map(|f| {
            (
                out::comment_safe(&place(f)),
                out::comment_safe(&format!(
                    "{}{}",
                    words::prefix(f.what.severity()),
                    words::finding(f)
                )),
            )
        })
        .collect();
    let header = words::header(
        env!("CARGO_PKG_VERSION"),
        &out::comment_safe(origin.file),
        book.shape.name(),
        &book.hash,
        counts,
        &listed,
    );
    let mut yaml = String::with_capacity(body.len() + header.len() * 80);
    for line in header {
        yaml.push_str("# ");
        yaml.push_str(line.trim_end());
        yaml.push('\n');
    }
    yaml.push_str(&body);
    let questionnaire = Questionnaire::from_source(&yaml).map_err(ImportError::Invalid)?;
    // The counts are the loaded questionnaire's own.
    counts.scored = questionnaire
        .sections
        .iter()
        .filter(|s| s.kind == SectionKind::Scored)
        .count();
    Ok(Imported {
        yaml,
        questionnaire,
        findings: mapped.findings,
        counts,
    })
}
