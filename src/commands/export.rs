//! `tana export` and the loading shared with `tana compare`: every session
//! named is checked first (as `tana validate` checks it) and every problem
//! of every file is printed with its place before anything is written.

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Result, bail};

use crate::export::{self, Format, Shape};
use crate::output::{self, Destination, Policy};
use crate::questionnaire::Questionnaire;
use crate::session::Session;
use crate::view::MissionData;

/// A session checked and loaded with its questionnaire.
pub struct Loaded {
    pub path: PathBuf,
    pub session: Session,
    pub questionnaire: Questionnaire,
}

/// Checks and loads every session; fails with every problem of every file
/// when one does not pass.
pub fn load_sessions(paths: &[PathBuf]) -> Result<Vec<Loaded>> {
    if paths.iter().filter(|p| crate::stdin::is_stdin(p)).count() > 1 {
        return Err(crate::cli::usage_error(
            "`-` (standard input) can be given once: it holds one session",
        ));
    }
    let mut loaded = Vec::new();
    let mut failures = Vec::new();
    for path in paths {
        let checked = crate::check::check_file(path, None);
        if checked.kind != crate::check::FileKind::Session && checked.ok {
            failures.push(format!(
                "{}: this is a {} file, not a session",
                path.display(),
                checked.kind.name()
            ));
            continue;
        }
        if !checked.ok {
            failures.push(checked.render().trim_end().to_string());
            continue;
        }
        for note in &checked.notes {
            crate::status::note(&format!("{}: {note}", path.display()));
        }
        match crate::check::load_session_with_questionnaire(path, None) {
            Ok((session, questionnaire, report)) => {
                for message in report.messages() {
                    crate::status::note(&message);
                }
                loaded.push(Loaded {
                    path: path.clone(),
                    session,
                    questionnaire,
                });
            }
            Err(e) => failures.push(format!("{e:#}")),
        }
    }
    if !failures.is_empty() {
        bail!(
            "{} of {} session{} cannot be read; nothing was written:\n{}",
            failures.len(),
            paths.len(),
            if paths.len() == 1 { "" } else { "s" },
            failures.join("\n")
        );
    }
    Ok(loaded)
}

/// The export's format: `--format`, else the `-o` file's extension, else CSV.
pub fn pick_format(output: Option<&Path>, format: Option<Format>) -> Result<Format> {
    let implied = output
        .filter(|o| o.as_os_str() != "-")
        .and_then(Format::of_path);
    match (format, implied) {
        (Some(named), Some(implied)) if named != implied => Err(crate::cli::usage_error(format!(
            "--format {} but the output file {} names a {} file; make them agree",
            named.name(),
            output.unwrap_or(Path::new("")).display(),
            implied.name()
        ))),
        (Some(format), _) | (None, Some(format)) => Ok(format),
        (None, None) => Ok(Format::Csv),
    }
}

/// Writes `bytes` where `-o` says (standard output by default). A workbook
/// is never sent to a terminal; text sent to a terminal is made safe for it
/// (in a pipe or a file it is written exactly).
/// A regular file edited since tana wrote it (a workbook changed in a
/// spreadsheet) is kept aside first, and said so.
pub fn write_out(output: Option<&Path>, format: Format, bytes: &[u8]) -> Result<Option<PathBuf>> {
    let destination = output.map_or(Destination::Stdout, Destination::from_arg);
    if destination == Destination::Stdout && std::io::stdout().is_terminal() {
        match format {
            Format::Xlsx => bail!(
                "a workbook is not text to show on a terminal; name a file with -o FILE.xlsx (or send it to a pipe)"
            ),
            Format::Json => {
                let text = String::from_utf8_lossy(bytes);
                crate::terminal::print(&crate::terminal::safe_json(&text))?;
            }
            Format::Csv => crate::terminal::print(&String::from_utf8_lossy(bytes))?,
        }
        return Ok(None);
    }
    let written = output::write(&destination, bytes, Policy::KeepEdits)?;
    if let Some(aside) = &written.kept_aside {
        crate::terminal::eprint_line(&format!(
            "tana: {}",
            crate::words::kept_aside(&aside.display().to_string())
        ));
    }
    Ok(written.path)
}

pub fn export(
    sessions: &[PathBuf],
    format: Option<Format>,
    wide: bool,
    output: Option<&Path>,
) -> Result<ExitCode> {
    let format = pick_format(output, format)?;
    let loaded = load_sessions(sessions)?;
    let missions: Vec<MissionData> = loaded
        .iter()
        .map(|l| {
            let scores = crate::scoring::score(&l.questionnaire, &l.session);
            MissionData::of(&l.questionnaire, &l.session, &scores)
        })
        .collect();
    let shape = if wide { Shape::Wide } else { Shape::Long };
    let rendered = export::render(&missions, format, shape)?;
    for cut in &rendered.cut {
        crate::status::note(&crate::words::cut_cell(&cut.sheet, &cut.cell, &cut.column));
    }
    let rows: usize = match shape {
        Shape::Long => missions.iter().map(|m| m.answers.len()).sum(),
        Shape::Wide => missions.len(),
    };
    if let Some(path) = write_out(output, format, &rendered.bytes)? {
        crate::status::status(&crate::words::export_written(
            &path.display().to_string(),
            format.name(),
            missions.len(),
            rows,
        ));
    }
    Ok(ExitCode::SUCCESS)
}
