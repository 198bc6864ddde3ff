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
    given_once(paths)?;
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
            Ok((session, questionnaire, mut report)) => {
                // The check has said it was edited by hand: said once.
                if report.integrity == Some(crate::session::store::Integrity::EditedByHand) {
                    report.integrity = None;
                }
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
    one_id_each(&loaded)?;
    Ok(loaded)
}

/// The same file named twice (`a.yaml ./a.yaml`) is a usage error: it
/// would count one mission twice.
fn given_once(paths: &[PathBuf]) -> Result<()> {
    let mut seen: Vec<(PathBuf, &Path)> = Vec::new();
    for path in paths.iter().filter(|p| !crate::stdin::is_stdin(p)) {
        let Ok(real) = std::fs::canonicalize(path) else {
            continue; // said when it is read
        };
        if let Some((_, first)) = seen.iter().find(|(r, _)| *r == real) {
            return Err(crate::cli::usage_error(crate::words::file_given_twice(
                &first.display().to_string(),
                &path.display().to_string(),
            )));
        }
        seen.push((real, path));
    }
    Ok(())
}

/// Two sessions with one mission id would be merged by every reader that
/// joins on it (a pivot averaging two missions). The same save of one
/// mission in two files (a copy) is a usage error; two different sessions
/// sharing an id (a follow-up started from a copy keeps `created:`) are
/// refused with how to give the second its own id.
fn one_id_each(loaded: &[Loaded]) -> Result<()> {
    for (i, later) in loaded.iter().enumerate() {
        let id = crate::view::mission_id(&later.session);
        let Some(first) = loaded[..i]
            .iter()
            .find(|l| crate::view::mission_id(&l.session) == id)
        else {
            continue;
        };
        let (a, b) = (
            first.path.display().to_string(),
            later.path.display().to_string(),
        );
        let copy = first.session.saves == later.session.saves
            && first.session.updated == later.session.updated;
        if copy {
            return Err(crate::cli::usage_error(crate::words::same_mission_twice(
                &a, &b, &id,
            )));
        }
        bail!(crate::words::shared_mission_id(&a, &b, &id));
    }
    Ok(())
}

/// The format named by `--format` or implied by the `-o` file's extension
/// (compared without regard to case: `OUT.XLSX`), among `names`, the
/// formats the command writes; `None` when neither says (the command's
/// default). The two disagreeing, or an extension tana does not write
/// without `--format` to say what is meant (`out.tsv`), is a usage error.
/// A file without an extension, and `-`, imply nothing. Shared by `tana
/// export` and `tana compare`.
pub fn format_for_output(
    output: Option<&Path>,
    named: Option<&str>,
    names: &[&'static str],
) -> Result<Option<&'static str>> {
    let find = |name: &str| names.iter().copied().find(|n| n.eq_ignore_ascii_case(name));
    let named =
        match named {
            Some(name) => Some(find(name).ok_or_else(|| {
                crate::cli::usage_error(crate::words::unknown_format(name, names))
            })?),
            None => None,
        };
    let Some(path) = output.filter(|o| o.as_os_str() != "-") else {
        return Ok(named);
    };
    let Some(extension) = path.extension() else {
        return Ok(named);
    };
    let shown = path.display().to_string();
    match (named, extension.to_str().and_then(find)) {
        (Some(named), Some(implied)) if named != implied => Err(crate::cli::usage_error(
            crate::words::format_disagrees(named, &shown, implied),
        )),
        (Some(format), _) | (None, Some(format)) => Ok(Some(format)),
        (None, None) => Err(crate::cli::usage_error(crate::words::unknown_extension(
            &shown,
            &extension.to_string_lossy(),
            names,
        ))),
    }
}

/// The export's format: `--format`, else the `-o` file's extension, else CSV.
pub fn pick_format(output: Option<&Path>, format: Option<Format>) -> Result<Format> {
    Ok(
        format_for_output(output, format.map(Format::name), &Format::NAMES)?
            .and_then(Format::parse)
            .unwrap_or(Format::Csv),
    )
}

/// The UTF-8 byte-order mark Excel needs to read a CSV file as UTF-8.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A CSV written to a file starts with a byte-order mark, so that Excel
/// (which reads a CSV without one in the computer's old code page) shows
/// `Ministère` and `Республика` as they are; pandas, `DuckDB` and the `csv`
/// crate read it as UTF-8 without trouble. A CSV sent to standard output
/// (a pipe, `head`, `cut`) has none. docs/export.md.
pub fn with_bom(output: Option<&Path>, format: Format, bytes: Vec<u8>) -> Vec<u8> {
    let to_file = output.is_some_and(|o| o.as_os_str() != "-");
    if format == Format::Csv && to_file && !bytes.starts_with(BOM) {
        let mut out = BOM.to_vec();
        out.extend(bytes);
        out
    } else {
        bytes
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
    let bytes = with_bom(output, format, rendered.bytes);
    if let Some(path) = write_out(output, format, &bytes)? {
        crate::status::status(&crate::words::export_written(
            &path.display().to_string(),
            format.name(),
            missions.len(),
            rows,
        ));
    }
    Ok(ExitCode::SUCCESS)
}
