//! The needs-assessment report: data gathered from scoring, needs and
//! matching (`data`), rendered by minijinja templates in which every printed
//! value is escaped for Markdown unless a filter placed it (`cell`,
//! `block`), plus SVG charts beside the Markdown (`svg`). Templates are
//! embedded by default, load only from their own folder when overridden,
//! stop on undefined variables and on runaway loops or recursion, and a
//! report is written only when it rendered completely.

pub mod data;
pub mod html;
pub mod markdown;
#[cfg(test)]
pub mod oracle;
pub mod pandoc;
pub mod svg;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use minijinja::value::ValueKind;
use minijinja::{Environment, UndefinedBehavior, Value};

use crate::interview::Interview;
use crate::matching::{self, MatchResult};
use crate::needs::{self, NeedsAssessment};
use crate::output::{self, Destination, Policy};
use crate::questionnaire::Questionnaire;
use crate::roster::Roster;
use crate::scoring::{self, Scores};
use crate::session::Session;

/// The embedded templates, by name.
pub const TEMPLATES: [(&str, &str); 6] = [
    ("report.md.j2", include_str!("../templates/report.md.j2")),
    ("_scale.md.j2", include_str!("../templates/_scale.md.j2")),
    ("_areas.md.j2", include_str!("../templates/_areas.md.j2")),
    ("_needs.md.j2", include_str!("../templates/_needs.md.j2")),
    (
        "_experts.md.j2",
        include_str!("../templates/_experts.md.j2"),
    ),
    ("_annex.md.j2", include_str!("../templates/_annex.md.j2")),
];

/// The entry template.
pub const ENTRY: &str = "report.md.j2";

/// Limits that stop a runaway template.
const FUEL: u64 = 50_000_000;
const RECURSION_LIMIT: usize = 100;

/// Where templates come from.
#[derive(Debug, Clone)]
pub enum Templates {
    Embedded,
    /// A template file; anything it includes must be in the same folder.
    File(PathBuf),
}

/// Everything computed from a session, ready for the report, `score` and `match`.
pub struct Analysis {
    pub scores: Scores,
    pub needs: NeedsAssessment,
    pub profile: matching::Profile,
    pub matched: MatchResult,
}

impl Analysis {
    pub fn of(questionnaire: &Questionnaire, session: &Session, roster: &Roster) -> Analysis {
        let scores = scoring::score(questionnaire, session);
        let needs = needs::classify(questionnaire, session, &scores);
        let profile = matching::Profile::of(questionnaire, session);
        let matched = matching::match_roster(roster, questionnaire, &needs, &profile);
        Analysis {
            scores,
            needs,
            profile,
            matched,
        }
    }
}

fn environment(templates: &Templates) -> Result<(Environment<'static>, String)> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(FUEL));
    env.set_recursion_limit(RECURSION_LIMIT);
    env.set_formatter(|out, _state, value| {
        if value.is_safe() {
            out.write_str(value.as_str().unwrap_or_default())?;
        } else {
            match value.kind() {
                ValueKind::Undefined | ValueKind::None => {}
                ValueKind::Number | ValueKind::Bool => write!(out, "{value}")?,
                ValueKind::String => {
                    out.write_str(&markdown::inline(value.as_str().unwrap_or_default()))?;
                }
                _ => out.write_str(&markdown::inline(&value.to_string()))?,
            }
        }
        Ok(())
    });
    env.add_filter("inline", |text: &str| {
        Value::from_safe_string(markdown::inline(text))
    });
    env.add_filter("cell", |value: Value| {
        Value::from_safe_string(markdown::cell(&plain(&value)))
    });
    env.add_filter("block", |text: &str| {
        Value::from_safe_string(markdown::block(text))
    });
    env.add_filter("code", |text: &str| {
        Value::from_safe_string(markdown::code(text))
    });
    env.add_filter("level", |value: Value| -> Value {
        Value::from_safe_string(number(&value, false))
    });
    env.add_filter("mean", |value: Value| -> Value {
        Value::from_safe_string(number(&value, true))
    });
    env.add_filter("yaml", |value: Value| -> Value {
        Value::from_safe_string(markdown::yaml(&markdown::inline(&plain(&value))))
    });
    let entry = match templates {
        Templates::Embedded => {
            for (name, source) in TEMPLATES {
                env.add_template(name, source)
                    .with_context(|| format!("the built-in template {name}"))?;
            }
            ENTRY.to_string()
        }
        Templates::File(path) => {
            let folder = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."))
                .to_path_buf();
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .with_context(|| format!("{} is not a template file", path.display()))?;
            if !path.is_file() {
                bail!("the template {} does not exist", path.display());
            }
            env.set_loader(folder_loader(folder));
            name
        }
    };
    Ok((env, entry))
}

/// A level, a gap or a priority: a whole number without decimals (`1`), any
/// other with one (`1.6`); a mean always with one (`2.0`); `–` for none.
fn number(value: &Value, mean: bool) -> String {
    match value.kind() {
        ValueKind::Number => f64::try_from(value.clone()).map_or_else(
            |_| "–".into(),
            |n| {
                if !mean && n.fract() == 0.0 && n.abs() < 1e15 {
                    format!("{n:.0}")
                } else {
                    format!("{n:.1}")
                }
            },
        ),
        _ => "–".into(),
    }
}

/// The largest template file read.
const TEMPLATE_LIMIT: u64 = 1 << 20;

/// Loads templates from one folder only: names with `..`, a leading `.` or
/// `/` are not found, and a file that is (or sits behind) a symbolic link
/// leading out of the folder, or that is not a regular file, is refused.
fn folder_loader(
    folder: PathBuf,
) -> impl Fn(&str) -> Result<Option<minijinja::TemplateSource>, minijinja::Error> + Send + Sync + 'static
{
    use minijinja::{Error, ErrorKind};
    move |name| {
        let mut path = folder.clone();
        for segment in name.split('/') {
            if segment.is_empty() || segment.starts_with('.') || segment.contains('\\') {
                return Ok(None);
            }
            path.push(segment);
        }
        if std::fs::symlink_metadata(&path).is_err() {
            return Ok(None);
        }
        let refuse = |why: String| Err(Error::new(ErrorKind::InvalidOperation, why));
        let (Ok(real_folder), Ok(real)) = (folder.canonicalize(), path.canonicalize()) else {
            return refuse(format!(
                "the template {name} cannot be resolved (a broken link?)"
            ));
        };
        if !real.starts_with(&real_folder) {
            return refuse(format!(
                "the template {name} is a link to {}, outside the template folder {}; copy the file into the folder instead",
                real.display(),
                real_folder.display()
            ));
        }
        match std::fs::metadata(&real) {
            Ok(meta) if meta.is_file() && meta.len() <= TEMPLATE_LIMIT => {}
            Ok(meta) if meta.is_file() => {
                return refuse(format!(
                    "the template {name} is larger than {TEMPLATE_LIMIT} bytes"
                ));
            }
            _ => return refuse(format!("the template {name} is not a regular file")),
        }
        match std::fs::read_to_string(&real) {
            Ok(text) => Ok(Some(minijinja::TemplateSource::new(text))),
            Err(e) => Err(Error::new(
                ErrorKind::InvalidOperation,
                format!("could not read the template {name}"),
            )
            .with_source(e)),
        }
    }
}

/// Text of a value as a person reads it (for the `cell` filter, which also takes numbers).
fn plain(value: &Value) -> String {
    match value.kind() {
        ValueKind::Undefined | ValueKind::None => String::new(),
        ValueKind::String => value.as_str().unwrap_or_default().to_string(),
        _ => value.to_string(),
    }
}

/// Describes a template error with the template's name and line.
fn template_error(error: &minijinja::Error) -> anyhow::Error {
    use std::error::Error as _;
    let mut message = match (error.name(), error.line()) {
        (Some(name), Some(line)) => format!("template {name}, line {line}: "),
        (Some(name), None) => format!("template {name}: "),
        _ => "template: ".to_string(),
    };
    message.push_str(&error.detail().map_or_else(
        || error.kind().to_string(),
        |d| format!("{}: {d}", error.kind()),
    ));
    let mut source = error.source();
    while let Some(inner) = source {
        let _ = write!(message, " ({inner})");
        source = inner.source();
    }
    anyhow::anyhow!(message)
}

/// Renders the report's Markdown.
pub fn render(report: &data::ReportData, templates: &Templates) -> Result<String> {
    let (env, entry) = environment(templates)?;
    let template = env.get_template(&entry).map_err(|e| template_error(&e))?;
    let mut text = template
        .render(Value::from(minijinja::value::Serde(report)))
        .map_err(|e| template_error(&e))?;
    // Collapse the blank lines templates leave behind.
    while text.contains("\n\n\n") {
        text = text.replace("\n\n\n", "\n\n");
    }
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text)
}

/// Checks that a template file compiles (for `tana validate`).
pub fn check_template(path: &Path) -> Result<()> {
    let (env, entry) = environment(&Templates::File(path.to_path_buf()))?;
    env.get_template(&entry)
        .map(|_| ())
        .map_err(|e| template_error(&e))
}

/// The folder for a report's charts: `NAME-assets` beside `NAME.md`.
pub fn assets_dir(report: &Path) -> PathBuf {
    let stem = report
        .file_stem()
        .map_or_else(|| "report".into(), |s| s.to_string_lossy().into_owned());
    report.with_file_name(format!("{stem}-assets"))
}

/// The file name of the area-levels chart.
const CHART: &str = "levels.svg";

/// The formats tana writes a report in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Markdown, with its chart in `NAME-assets/` beside it.
    #[default]
    Md,
    /// One self-contained HTML file (chart inline, print stylesheet).
    Html,
    /// Word, through pandoc.
    Docx,
    /// PDF, through pandoc and a PDF engine.
    Pdf,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Md, Format::Html, Format::Docx, Format::Pdf];

    pub fn name(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Pdf => "pdf",
        }
    }

    /// The format a file name asks for by its extension (`.md`, `.markdown`,
    /// `.html`, `.htm`, `.docx`, `.pdf`).
    pub fn of_path(path: &Path) -> Option<Format> {
        let extension = path.extension()?.to_string_lossy().to_ascii_lowercase();
        match extension.as_str() {
            "md" | "markdown" => Some(Format::Md),
            "html" | "htm" => Some(Format::Html),
            "docx" => Some(Format::Docx),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }
}

/// What [`write`] did: the report file (or standard output), where an
/// edited report was kept, and the charts folder of a Markdown report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportWritten {
    pub format: Format,
    pub report: output::Written,
    pub charts: Option<PathBuf>,
}

impl ReportWritten {
    /// One line for the user (the command line and the interview's `w`).
    pub fn describe(&self) -> String {
        let mut line = match &self.report.path {
            Some(path) => format!("report written to {}", path.display()),
            None => "report written to standard output".to_string(),
        };
        if let Some(charts) = &self.charts {
            let _ = write!(line, " (charts in {})", charts.display());
        }
        if let Some(kept) = &self.report.kept_aside {
            let _ = write!(
                line,
                "; the report there had been edited since tana wrote it and was kept as {}",
                kept.display()
            );
        }
        line
    }
}

/// How a report is to be written.
#[derive(Debug, Clone)]
pub struct Request {
    pub templates: Templates,
    pub destination: Destination,
    pub format: Format,
    /// Replace a report edited by hand instead of keeping it aside (`--force`).
    pub force: bool,
}

/// Builds and writes a report. Nothing is written unless the whole report
/// rendered (and, for Word and PDF, pandoc succeeded).
pub fn write(
    questionnaire: &Questionnaire,
    session: &Session,
    roster: &Roster,
    request: &Request,
) -> Result<ReportWritten> {
    let analysis = Analysis::of(questionnaire, session, roster);
    let policy = if request.force {
        Policy::Overwrite
    } else {
        Policy::KeepEdits
    };
    let chart_for = |relative: &str| {
        let report = data::gather(questionnaire, session, &analysis, roster, relative);
        let chart = svg::levels_chart(&report.areas, report.target);
        (report, chart)
    };
    let kind = output::check(&request.destination)?;
    match request.format {
        Format::Md => {
            let (Destination::File(path), output::Kind::File) = (&request.destination, kind) else {
                // No folder for the chart beside standard output, a FIFO or a device.
                let (report, _) = chart_for("");
                let markdown = markdown::fit_table_rules(&render(&report, &request.templates)?);
                let written = output::write(&request.destination, markdown.as_bytes(), policy)?;
                return Ok(ReportWritten {
                    format: Format::Md,
                    report: written,
                    charts: None,
                });
            };
            let assets = assets_dir(path);
            let relative = format!(
                "{}/{CHART}",
                assets.file_name().map_or_else(
                    || "report-assets".into(),
                    |n| n.to_string_lossy().into_owned()
                )
            );
            let (report, chart) = chart_for(&relative);
            let markdown = markdown::fit_table_rules(&render(&report, &request.templates)?);
            output::create_folder(&assets)?;
            output::write(
                &Destination::File(assets.join(CHART)),
                chart.as_bytes(),
                Policy::Derived,
            )?;
            let written = output::write(&request.destination, markdown.as_bytes(), policy)?;
            Ok(ReportWritten {
                format: Format::Md,
                report: written,
                charts: Some(assets),
            })
        }
        Format::Html => {
            let (report, chart) = chart_for(CHART);
            let markdown = markdown::fit_table_rules(&render(&report, &request.templates)?);
            let title = format!(
                "Technical-assistance needs assessment: {}",
                report.state.name
            );
            let page = html::page(&markdown, &title, &[(CHART, chart.as_str())]);
            let written = output::write(&request.destination, page.as_bytes(), policy)?;
            Ok(ReportWritten {
                format: Format::Html,
                report: written,
                charts: None,
            })
        }
        Format::Docx | Format::Pdf => {
            let program = pandoc::find().ok_or_else(|| anyhow::anyhow!(pandoc::MISSING))?;
            let (report, chart) = chart_for(CHART);
            let markdown = markdown::fit_table_rules(&render(&report, &request.templates)?);
            let bytes = pandoc::convert(
                &program,
                &markdown,
                &[(CHART, chart.as_bytes())],
                request.format,
            )?;
            let written = output::write(&request.destination, &bytes, policy)?;
            Ok(ReportWritten {
                format: request.format,
                report: written,
                charts: None,
            })
        }
    }
}

/// The default report path for a session: `NAME-report.md` beside `NAME.yaml`
/// (or `.html`, `.docx`, `.pdf`).
pub fn default_output(session: &Path, format: Format) -> PathBuf {
    let stem = session
        .file_stem()
        .map_or_else(|| "session".into(), |s| s.to_string_lossy().into_owned());
    session.with_file_name(format!("{stem}-report.{}", format.name()))
}

/// Writes the Markdown report of an open interview beside its session file,
/// with the built-in template and roster (the summary screen's `w`); a
/// report edited by hand is kept aside, and the result says where.
pub fn write_beside_session(interview: &Interview, session_path: &Path) -> Result<ReportWritten> {
    write(
        &interview.questionnaire,
        &interview.session,
        &Roster::embedded(),
        &Request {
            templates: Templates::Embedded,
            destination: Destination::File(default_output(session_path, Format::Md)),
            format: Format::Md,
            force: false,
        },
    )
}

#[cfg(test)]
mod tests;
