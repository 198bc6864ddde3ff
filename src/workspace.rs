//! Opening and creating sessions for the interactive modes (TUI and plain):
//! resolving the questionnaire, taking the session's lock, returning to the
//! recorded position, and keeping the recent-sessions list.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};

use crate::check::questionnaire_for;
use crate::interview::Interview;
use crate::questionnaire::Questionnaire;
use crate::recent::RecentList;
use crate::session::store::Store;
use crate::session::{DEFAULT_TARGET_LEVEL, Mission, QuestionnaireRef, Session, StateInfo};

/// What is needed to start a new assessment.
#[derive(Debug, Clone, Default)]
pub struct NewSession {
    pub state: String,
    pub start: Option<String>,
    pub end: Option<String>,
    pub assessors: Vec<String>,
    pub target: Option<String>,
    pub questionnaire: Option<PathBuf>,
    pub output: Option<PathBuf>,
}

/// An open session: its lock-holding store, the interview, and what loading had to say.
pub struct Opened {
    pub store: Store,
    pub interview: Interview,
    pub path: PathBuf,
    pub messages: Vec<String>,
}

/// A file name for a new session: `examplia-2026-11-24.yaml`.
pub fn default_session_name(state: &str, date: jiff::civil::Date) -> String {
    let mut slug = String::new();
    for c in state.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    let slug = if slug.is_empty() { "session" } else { slug };
    format!("{slug}-{date}.yaml")
}

pub fn today() -> jiff::civil::Date {
    jiff::ZonedDateTime::now().date()
}

/// Creates a session file and opens it.
pub fn create(spec: &NewSession) -> Result<Opened> {
    let state = spec.state.trim();
    if state.is_empty() {
        bail!("the State's name is empty; give it with --state NAME");
    }
    let parse_date = |label: &str, text: &Option<String>| -> Result<Option<jiff::civil::Date>> {
        match text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            None => Ok(None),
            Some(t) => t
                .parse()
                .map(Some)
                .with_context(|| format!("the {label} `{t}` is not a date; write YYYY-MM-DD")),
        }
    };
    let start = parse_date("mission start", &spec.start)?;
    let end = parse_date("mission end", &spec.end)?;
    if let (Some(s), Some(e)) = (start, end)
        && e < s
    {
        bail!("the mission ends ({e}) before it starts ({s})");
    }
    let target = match spec
        .target
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        None => DEFAULT_TARGET_LEVEL,
        Some(t) => t
            .parse::<u8>()
            .ok()
            .filter(|l| *l <= crate::questionnaire::MAX_LEVEL)
            .with_context(|| {
                format!("the target level `{t}` must be a whole number from 0 to 4")
            })?,
    };
    let (questionnaire, questionnaire_path) = match &spec.questionnaire {
        Some(path) => {
            let q = Questionnaire::load(path)
                .map_err(|p| anyhow::anyhow!("{}", p.render().trim_end()))?;
            let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
            (q, Some(absolute.display().to_string()))
        }
        None => (Questionnaire::embedded(), None),
    };
    let path = spec
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from(default_session_name(state, start.unwrap_or_else(today))));
    let mut session = Session::new(
        StateInfo {
            name: state.to_string(),
            code: None,
        },
        Mission {
            title: None,
            start,
            end,
            assessors: spec
                .assessors
                .iter()
                .map(|a| a.trim().to_string())
                .filter(|a| !a.is_empty())
                .collect(),
            target_level: target,
            bodies: Vec::new(),
        },
        QuestionnaireRef::of(&questionnaire, questionnaire_path),
        jiff::Timestamp::now(),
    );
    if let Some(first) = questionnaire.questions.first() {
        session.position = Some(first.id.clone());
    }
    let store = Store::create(&path, &mut session)
        .with_context(|| format!("creating the session {}", path.display()))?;
    RecentList::touch(&path, state);
    Ok(Opened {
        store,
        interview: Interview::new(questionnaire, session),
        path,
        messages: Vec::new(),
    })
}

/// Opens an existing session for writing, at the recorded position.
pub fn open(path: &Path) -> Result<Opened> {
    let (store, session, report) = Store::open(path)?;
    let questionnaire = questionnaire_for(&session, path).map_err(|m| anyhow::anyhow!(m))?;
    let mut messages = report.messages();
    let check = session.check_against(&questionnaire);
    if let Some(m) = check.mismatched_questionnaire {
        bail!("{m}");
    }
    messages.extend(check.changed_questionnaire);
    if !check.orphans.is_empty() {
        messages.push(format!(
            "kept {} answer{} to questions this questionnaire no longer has: {}",
            check.orphans.len(),
            if check.orphans.len() == 1 { "" } else { "s" },
            check.orphans.join(", ")
        ));
    }
    for (id, why) in check.misfits {
        messages.push(format!(
            "the answer to {id} no longer fits ({why}); it is kept but not counted"
        ));
    }
    RecentList::touch(path, &session.state.name);
    Ok(Opened {
        store,
        interview: Interview::new(questionnaire, session),
        path: path.to_path_buf(),
        messages,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_names_are_slugs() {
        let date: jiff::civil::Date = "2026-11-24".parse().unwrap();
        assert_eq!(
            default_session_name("Republic of Examplia", date),
            "republic-of-examplia-2026-11-24.yaml"
        );
        assert_eq!(
            default_session_name("Côte d'Ivoire", date),
            "côte-d-ivoire-2026-11-24.yaml"
        );
        assert_eq!(default_session_name("  ", date), "session-2026-11-24.yaml");
    }
}
