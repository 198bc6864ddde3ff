//! `tana validate`: recognises a questionnaire, roster, inventory or
//! session by its content, checks it (a session against its questionnaire,
//! an inventory against the built-in or a given questionnaire) and reports
//! every problem with its location, as text or as JSON lines.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::inventory::Inventory;
use crate::problem::Problem;
use crate::questionnaire::Questionnaire;
use crate::roster::Roster;
use crate::session::{Session, store};
use crate::yaml::{self, Limits};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    Questionnaire,
    Roster,
    Inventory,
    Session,
    Template,
    Trace,
    References,
    Unknown,
}

impl FileKind {
    pub fn name(self) -> &'static str {
        match self {
            FileKind::Questionnaire => "questionnaire",
            FileKind::Roster => "roster",
            FileKind::Inventory => "inventory",
            FileKind::Session => "session",
            FileKind::Template => "template",
            FileKind::Trace => "traceability",
            FileKind::References => "references table",
            FileKind::Unknown => "unknown",
        }
    }
}

/// The outcome of checking one file.
#[derive(Debug, Clone, Serialize)]
pub struct Checked {
    pub file: PathBuf,
    pub kind: FileKind,
    pub ok: bool,
    pub problems: Vec<Problem>,
    /// Things worth knowing that are not errors (orphaned answers, a changed questionnaire).
    pub notes: Vec<String>,
    pub stats: serde_json::Value,
    #[serde(skip)]
    pub summary: String,
}

/// Tells the kind of a file from its first top-level keys.
pub fn detect_kind(source: &str) -> FileKind {
    let mut fallback = FileKind::Unknown;
    for line in source.lines().take(400) {
        if line.starts_with([' ', '\t', '#', '-']) || line.trim().is_empty() {
            continue;
        }
        let key = line.split(':').next().unwrap_or("").trim();
        match key {
            "tana-questionnaire" => return FileKind::Questionnaire,
            "tana-roster" => return FileKind::Roster,
            "tana-inventory" => return FileKind::Inventory,
            "tana-session" => return FileKind::Session,
            "tana-trace" => return FileKind::Trace,
            "tana-references" => return FileKind::References,
            "sections" if fallback == FileKind::Unknown => fallback = FileKind::Questionnaire,
            "experts" if fallback == FileKind::Unknown => fallback = FileKind::Roster,
            "materials" | "providers" if fallback == FileKind::Unknown => {
                fallback = FileKind::Inventory;
            }
            "answers" | "mission" if fallback == FileKind::Unknown => fallback = FileKind::Session,
            _ => {}
        }
    }
    fallback
}

/// Checks one file; an inventory is checked against `questionnaire` (the
/// built-in one when `None`).
#[allow(clippy::too_many_lines)] // one arm per kind of file
pub fn check_file(path: &Path, questionnaire: Option<&Questionnaire>) -> Checked {
    if path.extension().is_some_and(|e| e == "j2") {
        return match crate::report::check_template(path) {
            Ok(()) => passed(
                path,
                FileKind::Template,
                serde_json::json!({}),
                "report template compiles".into(),
                Vec::new(),
            ),
            Err(e) => {
                let message = format!("{e:#}");
                let line = message
                    .split(", line ")
                    .nth(1)
                    .and_then(|rest| rest.split(':').next())
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(0);
                failed(
                    path,
                    FileKind::Template,
                    vec![Problem::new(line, u64::from(line > 0), message)],
                )
            }
        };
    }
    if let Some(checked) = only_previous_generation(path) {
        return checked;
    }
    let read = if crate::stdin::is_stdin(path) {
        crate::stdin::read(Limits::ANY)
    } else {
        yaml::read_source(path, Limits::ANY)
    };
    let source = match read {
        Ok(source) => source,
        Err(problem) => return failed(path, FileKind::Unknown, vec![problem]),
    };
    let kind = detect_kind(&source);
    let kind_limits = match kind {
        FileKind::Questionnaire => Limits::QUESTIONNAIRE,
        FileKind::Session => Limits::SESSION,
        FileKind::Inventory => crate::inventory::LIMITS,
        FileKind::References => crate::references::LIMITS,
        FileKind::Roster | FileKind::Template | FileKind::Trace | FileKind::Unknown => {
            Limits::ROSTER
        }
    };
    if source.len() as u64 > kind_limits.max_bytes {
        return failed(path, kind, vec![yaml::too_large(kind_limits)]);
    }
    match kind {
        FileKind::Questionnaire => match Questionnaire::from_source(&source) {
            Ok(q) => {
                let stats = q.stats();
                let summary = format!(
                    "questionnaire `{}` {}: {} sections ({} scored), {} indicators, {} questions",
                    q.id,
                    q.version,
                    stats.sections,
                    stats.scored_sections,
                    stats.indicators,
                    stats.questions
                );
                passed(
                    path,
                    FileKind::Questionnaire,
                    serde_json::to_value(stats).unwrap_or_default(),
                    summary,
                    Vec::new(),
                )
            }
            Err(problems) => failed(path, FileKind::Questionnaire, problems),
        },
        FileKind::Roster => match Roster::from_source(&source) {
            Ok(r) => {
                let stats = r.stats();
                let summary = format!(
                    "roster \"{}\": {} experts, {} expertise tags",
                    r.title, stats.experts, stats.tags
                );
                passed(
                    path,
                    FileKind::Roster,
                    serde_json::to_value(stats).unwrap_or_default(),
                    summary,
                    Vec::new(),
                )
            }
            Err(problems) => failed(path, FileKind::Roster, problems),
        },
        FileKind::Inventory => check_inventory(path, &source, questionnaire),
        FileKind::Session => check_session_file(path, &source),
        FileKind::Trace => check_trace(path, &source),
        FileKind::References => check_references(path, &source, questionnaire),
        FileKind::Template | FileKind::Unknown => failed(
            path,
            FileKind::Unknown,
            vec![Problem::new(
                1,
                1,
                "cannot tell what this file is: a tana file starts with `tana-questionnaire: 1`, `tana-roster: 1`, `tana-inventory: 1`, `tana-session: 1` or `tana-references: 1` (a report template ends in .j2)",
            )],
        ),
    }
}

fn check_inventory(path: &Path, source: &str, questionnaire: Option<&Questionnaire>) -> Checked {
    let inventory = match Inventory::from_source(source) {
        Ok(i) => i,
        Err(problems) => return failed(path, FileKind::Inventory, problems),
    };
    let embedded;
    let (questionnaire, which) = if let Some(q) = questionnaire {
        (q, "")
    } else {
        embedded = Questionnaire::embedded();
        (&embedded, " (built in)")
    };
    let problems = inventory.check_against(questionnaire);
    if !problems.is_empty() {
        return failed(path, FileKind::Inventory, problems);
    }
    let stats = inventory.stats();
    let summary = format!(
        "inventory \"{}\": {} material{}, {} provider{}; checked against questionnaire `{}` {}{which}",
        inventory.title,
        stats.materials,
        if stats.materials == 1 { "" } else { "s" },
        stats.providers,
        if stats.providers == 1 { "" } else { "s" },
        questionnaire.id,
        questionnaire.version
    );
    passed(
        path,
        FileKind::Inventory,
        serde_json::to_value(stats).unwrap_or_default(),
        summary,
        Vec::new(),
    )
}

/// A references table: checked, then the questionnaire's citations it cannot decode listed as notes.
fn check_references(path: &Path, source: &str, questionnaire: Option<&Questionnaire>) -> Checked {
    let table = match crate::references::References::from_source(source) {
        Ok(t) => t,
        Err(problems) => return failed(path, FileKind::References, problems),
    };
    let embedded;
    let questionnaire = if let Some(q) = questionnaire {
        q
    } else {
        embedded = Questionnaire::embedded();
        &embedded
    };
    let notes = table
        .unknown_citations(questionnaire)
        .into_iter()
        .map(|(id, citation)| {
            format!(
                "{id} of questionnaire `{}` cites `{citation}`, which no entry decodes",
                questionnaire.id
            )
        })
        .collect();
    let seeds = table.entries.iter().filter(|e| e.is_seed()).count();
    passed(
        path,
        FileKind::References,
        serde_json::json!({"seeds": seeds, "instruments": table.entries.len() - seeds}),
        format!(
            "references table: {seeds} seeds, {} instruments",
            table.entries.len() - seeds
        ),
        notes,
    )
}

fn check_trace(path: &Path, source: &str) -> Checked {
    match crate::trace::Trace::from_source(source) {
        Ok(t) => {
            let summary = format!(
                "traceability of questionnaire `{}`: {} items of {} seeds",
                t.questionnaire,
                t.items.len(),
                t.seeds.len()
            );
            passed(
                path,
                FileKind::Trace,
                serde_json::json!({"items": t.items.len(), "seeds": t.seeds.len()}),
                summary,
                Vec::new(),
            )
        }
        Err(problems) => failed(path, FileKind::Trace, problems),
    }
}

/// When a session file is missing because a save was interrupted between
/// its two renames, `tana open` recovers the previous generation: so the
/// check is of that generation, with a note.
fn only_previous_generation(path: &Path) -> Option<Checked> {
    if std::fs::symlink_metadata(path).is_ok() {
        return None;
    }
    let previous = store::previous_path(path);
    if !previous.is_file() {
        return None;
    }
    let mut checked = check_file(&previous, None);
    if checked.kind != FileKind::Session {
        return None;
    }
    checked.notes.insert(
        0,
        format!(
            "{} is missing (a save was interrupted); this is its previous generation, which `tana open {}` recovers",
            path.display(),
            path.display()
        ),
    );
    Some(checked)
}

/// A session file, and when it fails, whether `tana open` would fall back
/// on an intact previous generation.
fn check_session_file(path: &Path, source: &str) -> Checked {
    let mut checked = check_session(path, source);
    if !checked.ok
        && let Ok((session, report)) = store::load(path)
        && report.used_previous
    {
        checked.notes.push(format!(
            "the previous generation {} is intact (save {}): `tana open` loads it and keeps this file aside",
            report.loaded_from.display(),
            session.saves
        ));
    }
    checked
}

fn check_session(path: &Path, source: &str) -> Checked {
    let integrity = match store::verify(source) {
        Ok(integrity) => integrity,
        Err(problem) => return failed(path, FileKind::Session, vec![problem]),
    };
    let session = match Session::from_source(source) {
        Ok(s) => s,
        Err(problems) => return failed(path, FileKind::Session, problems),
    };
    let mut notes = Vec::new();
    if integrity == store::Integrity::EditedByHand {
        notes.push(format!(
            "edited by hand (line 1 says `{}`): accepted as it is; the next save seals it with a new checksum",
            store::EDITED_MARK
        ));
    }
    let questionnaire = match questionnaire_for(&session, path) {
        Ok(q) => q,
        Err(message) => return failed(path, FileKind::Session, vec![Problem::whole_file(message)]),
    };
    let check = session.check_against(&questionnaire);
    let mut problems = check.reference_problems(source);
    if let Some(m) = check.mismatched_questionnaire {
        problems.push(Problem::whole_file(m));
    }
    if let Some(m) = check.changed_questionnaire {
        notes.push(m);
    }
    for (id, message) in &check.misfits {
        let (line, column) = answer_position(source, id);
        problems.push(Problem::new(
            line,
            column,
            format!("the answer to `{id}`: {message}"),
        ));
    }
    if !check.policy_without_reason.is_empty() {
        notes.push(format!(
            "deliberate policy choice{} recorded without a reason: {}",
            if check.policy_without_reason.len() == 1 {
                ""
            } else {
                "s"
            },
            check.policy_without_reason.join(", ")
        ));
    }
    if !check.orphans.is_empty() {
        notes.push(format!(
            "{} answer{} to questions the questionnaire no longer has, kept: {}",
            check.orphans.len(),
            if check.orphans.len() == 1 { "" } else { "s" },
            check.orphans.join(", ")
        ));
    }
    let answered = session
        .answers
        .values()
        .filter(|a| {
            matches!(
                a.status,
                Some(crate::session::Status::Answered | crate::session::Status::PolicyChoice)
            )
        })
        .count();
    let stats = serde_json::json!({
        "answers": session.answers.len(),
        "answered": answered,
        "orphans": check.orphans.len(),
        "saves": session.saves,
    });
    if problems.is_empty() {
        let summary = format!(
            "session for {} ({} answers, save {}), questionnaire `{}` {}",
            session.state.name,
            session.answers.len(),
            session.saves,
            questionnaire.id,
            questionnaire.version
        );
        passed(path, FileKind::Session, stats, summary, notes)
    } else {
        let mut checked = failed(path, FileKind::Session, problems);
        checked.notes = notes;
        checked.stats = stats;
        checked
    }
}

/// The questionnaire a session was made with (see
/// [`crate::workspace::questionnaire_for`]).
pub fn questionnaire_for(session: &Session, session_path: &Path) -> Result<Questionnaire, String> {
    crate::workspace::questionnaire_for(session, session_path, None).map(|(q, _)| q)
}

fn answer_position(source: &str, id: &str) -> (u64, u64) {
    let mut in_answers = false;
    for (i, line) in source.lines().enumerate() {
        if line.starts_with("answers:") {
            in_answers = true;
            continue;
        }
        if in_answers {
            let trimmed = line.trim_start();
            let key = trimmed
                .split(':')
                .next()
                .unwrap_or("")
                .trim_matches(['"', '\'']);
            if key == id && line.len() - trimmed.len() == 2 {
                return (i as u64 + 1, 3);
            }
        }
    }
    (0, 0)
}

fn passed(
    path: &Path,
    kind: FileKind,
    stats: serde_json::Value,
    summary: String,
    notes: Vec<String>,
) -> Checked {
    Checked {
        file: path.to_path_buf(),
        kind,
        ok: true,
        problems: Vec::new(),
        notes,
        stats,
        summary,
    }
}

fn failed(path: &Path, kind: FileKind, problems: Vec<Problem>) -> Checked {
    let n = problems.len();
    Checked {
        file: path.to_path_buf(),
        kind,
        ok: false,
        problems,
        notes: Vec::new(),
        stats: serde_json::Value::Null,
        summary: format!(
            "{n} problem{} ({})",
            if n == 1 { "" } else { "s" },
            kind.name()
        ),
    }
}

impl Checked {
    /// The human report: every problem located, notes, then a one-line summary.
    pub fn render(&self) -> String {
        use std::fmt::Write as _;
        let mut out = String::new();
        for p in &self.problems {
            let _ = writeln!(out, "{}", p.display_in(&self.file));
        }
        for note in &self.notes {
            let _ = writeln!(out, "{}: note: {note}", self.file.display());
        }
        let verdict = if self.ok { "ok" } else { "FAILED" };
        let _ = writeln!(out, "{}: {verdict}: {}", self.file.display(), self.summary);
        out
    }
}

/// Loads a session read-only for commands that only read it, with its questionnaire.
pub fn load_session_with_questionnaire(
    path: &Path,
    questionnaire_override: Option<&Path>,
) -> anyhow::Result<(Session, Questionnaire, store::LoadReport)> {
    if crate::stdin::is_stdin(path) && questionnaire_override.is_some_and(crate::stdin::is_stdin) {
        return Err(crate::usage::error(
            "the session and its questionnaire cannot both come from standard input; name one of them",
        ));
    }
    let (session, report) = if crate::stdin::is_stdin(path) {
        stdin_session(path)
    } else {
        store::load(path)
    }
    .map_err(|p| anyhow::anyhow!("{}", p.render().trim_end()))
    .map_err(|e| e.context(format!("reading the session {}", path.display())))?;
    let (questionnaire, note) =
        crate::workspace::questionnaire_for(&session, path, questionnaire_override)
            .map_err(|m| anyhow::anyhow!(m))?;
    if let Some(note) = note {
        crate::status::note(&note);
    }
    crate::status::verbose(&format!(
        "read the session {} from {} (save {}, {} answers): {}, questionnaire `{}` {}",
        path.display(),
        report.loaded_from.display(),
        session.saves,
        session.answers.len(),
        session.state.name,
        questionnaire.id,
        questionnaire.version
    ));
    Ok((session, questionnaire, report))
}

/// A session piped on standard input (`-`): checked against its checksum
/// line like a file; a relative questionnaire path is taken from the
/// current folder.
fn stdin_session(
    path: &Path,
) -> Result<(Session, store::LoadReport), crate::problem::FileProblems> {
    let problems = |p| crate::problem::FileProblems::new(path, vec![p]);
    let source = crate::stdin::read(Limits::SESSION).map_err(problems)?;
    let integrity = store::verify(&source).map_err(problems)?;
    let session =
        Session::from_source(&source).map_err(|ps| crate::problem::FileProblems::new(path, ps))?;
    let report = store::LoadReport {
        loaded_from: path.to_path_buf(),
        integrity: Some(integrity),
        ..store::LoadReport::default()
    };
    Ok((session, report))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_detected_by_content() {
        assert_eq!(
            detect_kind("# c\ntana-questionnaire: 1\n"),
            FileKind::Questionnaire
        );
        assert_eq!(detect_kind("tana-roster: 1\n"), FileKind::Roster);
        assert_eq!(
            detect_kind("title: x\ntana-session: 1\n"),
            FileKind::Session
        );
        assert_eq!(
            detect_kind("id: q\nsections: []\n"),
            FileKind::Questionnaire
        );
        assert_eq!(detect_kind("experts: []\n"), FileKind::Roster);
        assert_eq!(detect_kind("tana-inventory: 1\n"), FileKind::Inventory);
        assert_eq!(detect_kind("materials: []\n"), FileKind::Inventory);
        assert_eq!(detect_kind("hello: world\n"), FileKind::Unknown);
    }
}
