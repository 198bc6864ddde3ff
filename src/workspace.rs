//! Opening and creating sessions for the interactive modes (TUI and plain):
//! resolving the questionnaire, taking the session's lock, returning to the
//! recorded position, and keeping the recent-sessions list.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};

use crate::interview::Interview;
use crate::questionnaire::{MAX_LEVEL, Questionnaire};
use crate::recent::RecentList;
use crate::session::file::{is_country_code, is_language_code};
use crate::session::store::Store;
use crate::session::{DeliveryWindow, Mission, QuestionnaireRef, Session, StateInfo};

/// `bail!` for a value of the command line that is wrong: a usage error
/// (exit status 2), in tana's words.
macro_rules! usage_bail {
    ($($arg:tt)*) => {
        return Err(crate::usage::error(format!($($arg)*)))
    };
}

/// What is needed to start a new assessment (the options of `tana new` and
/// the fields of the start form). Text is checked by [`create`].
#[derive(Debug, Clone, Default)]
pub struct NewSession {
    pub state: String,
    /// ISO 3166-1 alpha-2 code of the State.
    pub code: Option<String>,
    /// Working languages in order of preference.
    pub languages: Vec<String>,
    pub title: Option<String>,
    pub purpose: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub assessors: Vec<String>,
    pub bodies: Vec<String>,
    pub suppliers: Vec<String>,
    /// Delivery windows, each `FROM..TO`.
    pub windows: Vec<String>,
    /// Mission-wide target override, 0–4 (empty: the questionnaire's targets).
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

fn trimmed(text: Option<&String>) -> Option<&str> {
    text.map(|t| t.trim()).filter(|t| !t.is_empty())
}

fn parse_date(label: &str, text: Option<&String>) -> Result<Option<jiff::civil::Date>> {
    match trimmed(text) {
        None => Ok(None),
        Some(t) => t.parse().map(Some).map_err(|_| {
            crate::usage::error(format!("the {label} `{t}` is not a date; write YYYY-MM-DD"))
        }),
    }
}

/// `2027-04-15..2027-09-15` as a delivery window.
pub fn parse_window(text: &str) -> Result<DeliveryWindow> {
    let text = text.trim();
    let Some((from, to)) = text.split_once("..") else {
        usage_bail!(
            "the delivery window `{text}` is not FROM..TO; write two dates joined by `..`, such as 2027-04-15..2027-09-15"
        );
    };
    let date = |t: &str| -> Result<jiff::civil::Date> {
        t.trim().parse().map_err(|_| {
            crate::usage::error(format!(
                "in the delivery window `{text}`, `{}` is not a date; write YYYY-MM-DD",
                t.trim()
            ))
        })
    };
    let (from, to) = (date(from)?, date(to)?);
    if to < from {
        usage_bail!("the delivery window `{text}` ends ({to}) before it starts ({from})");
    }
    Ok(DeliveryWindow {
        from,
        to,
        workstreams: Vec::new(),
        note: String::new(),
    })
}

fn names(list: &[String]) -> Vec<String> {
    list.iter()
        .map(|a| a.trim().to_string())
        .filter(|a| !a.is_empty())
        .collect()
}

/// The State, checked: a name, an optional ISO code (capitalised), working
/// languages in order, each once.
fn state_info(spec: &NewSession) -> Result<StateInfo> {
    let name = spec.state.trim();
    if name.is_empty() {
        usage_bail!("the State's name is empty; give it with --state NAME");
    }
    let code = match trimmed(spec.code.as_ref()) {
        None => None,
        Some(code) => {
            let upper = code.to_ascii_uppercase();
            if !is_country_code(&upper) {
                usage_bail!(
                    "the State code `{code}` is not an ISO 3166-1 alpha-2 code; write its two letters, such as NO for Norway or XE for the demo's Examplia"
                );
            }
            Some(upper)
        }
    };
    let mut languages: Vec<String> = Vec::new();
    for language in spec
        .languages
        .iter()
        .flat_map(|l| l.split(','))
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        if !is_language_code(language) {
            usage_bail!(
                "the working language `{language}` is not a language code; write its ISO 639 code in lower case, such as fr, ar or en, first language first"
            );
        }
        if languages.iter().any(|l| l == language) {
            usage_bail!(
                "the working language `{language}` is given twice; give each once, in order of preference"
            );
        }
        languages.push(language.to_string());
    }
    Ok(StateInfo {
        name: name.to_string(),
        code,
        languages,
    })
}

/// The mission, checked: dates in order, delivery windows, target 0–4.
fn mission(spec: &NewSession) -> Result<Mission> {
    let start = parse_date("mission start", spec.start.as_ref())?;
    let end = parse_date("mission end", spec.end.as_ref())?;
    if let (Some(s), Some(e)) = (start, end)
        && e < s
    {
        usage_bail!("the mission ends ({e}) before it starts ({s})");
    }
    let target = match trimmed(spec.target.as_ref()) {
        None => None,
        Some(t) => Some(
            t.parse::<u8>()
                .ok()
                .filter(|l| *l <= MAX_LEVEL)
                .ok_or_else(|| {
                    crate::usage::error(format!(
                        "the target level `{t}` must be a whole number from 0 to {MAX_LEVEL}"
                    ))
                })?,
        ),
    };
    let delivery_windows = spec
        .windows
        .iter()
        .filter(|w| !w.trim().is_empty())
        .map(|w| parse_window(w))
        .collect::<Result<Vec<_>>>()?;
    Ok(Mission {
        title: trimmed(spec.title.as_ref()).map(str::to_string),
        purpose: trimmed(spec.purpose.as_ref())
            .unwrap_or_default()
            .to_string(),
        start,
        end,
        assessors: names(&spec.assessors),
        target,
        bodies: names(&spec.bodies),
        suppliers: names(&spec.suppliers),
        delivery_windows,
        ..Mission::default()
    })
}

/// What `tana new` checks before anything else (the terminal the
/// interface needs included): the State, the mission's dates, windows and
/// target, and where the questionnaire comes from. Nothing is created.
pub fn check_new(spec: &NewSession) -> Result<()> {
    state_info(spec)?;
    mission(spec)?;
    if spec
        .questionnaire
        .as_deref()
        .is_some_and(crate::stdin::is_stdin)
    {
        usage_bail!(
            "a session records the path of its questionnaire, so the questionnaire cannot come from standard input; name its file"
        );
    }
    Ok(())
}

/// What `tana open` checks before the interface starts: that the session
/// can be read (without taking its lock or writing anything).
pub fn check_open(path: &Path) -> Result<()> {
    crate::session::store::load(path)
        .map(|_| ())
        .map_err(|problems| {
            anyhow::anyhow!("{}", problems.render().trim_end())
                .context(format!("cannot open the session {}", path.display()))
        })
}

/// Creates a session file and opens it.
pub fn create(spec: &NewSession) -> Result<Opened> {
    check_new(spec)?;
    let state = state_info(spec)?;
    let mission = mission(spec)?;
    let path = spec.output.clone().unwrap_or_else(|| {
        PathBuf::from(default_session_name(
            &state.name,
            mission.start.unwrap_or_else(today),
        ))
    });
    let questionnaire = match &spec.questionnaire {
        Some(file) if crate::stdin::is_stdin(file) => usage_bail!(
            "a session records the path of its questionnaire, so the questionnaire cannot come from standard input; name its file"
        ),
        Some(file) => {
            Questionnaire::load(file).map_err(|p| anyhow::anyhow!("{}", p.render().trim_end()))?
        }
        None => Questionnaire::embedded(),
    };
    let mut reference = QuestionnaireRef::of(&questionnaire, None);
    if let Some(file) = &spec.questionnaire {
        reference.set_path(file, &path);
    }
    let name = state.name.clone();
    let mut session = Session::new(state, mission, reference, jiff::Timestamp::now());
    if let Some(first) = questionnaire.questions.first() {
        session.position = Some(first.id.clone());
    }
    let store = Store::create(&path, &mut session)
        .with_context(|| format!("creating the session {}", path.display()))?;
    RecentList::touch(&path, &name);
    Ok(Opened {
        store,
        interview: Interview::new(questionnaire, session),
        path,
        messages: Vec::new(),
    })
}

/// The questionnaire a session was made with, and a note when it was found
/// somewhere other than its recorded place: `override_file` when given (the
/// `--questionnaire FILE` option); else the recorded path, relative to the
/// session's folder (an absolute path from an older tana is tried as it is,
/// then beside the session); else the embedded one when the ids agree.
pub fn questionnaire_for(
    session: &Session,
    session_path: &Path,
    override_file: Option<&Path>,
) -> Result<(Questionnaire, Option<String>), String> {
    let load = |file: &Path| {
        Questionnaire::load(file).map_err(|e| {
            format!(
                "the questionnaire {} cannot be used: {}",
                file.display(),
                e.problems
                    .first()
                    .map_or_else(String::new, |p| p.display_in(&e.file).to_string())
            )
        })
    };
    if let Some(file) = override_file {
        return load(file).map(|q| (q, None));
    }
    if let Some(recorded) = session.questionnaire.resolve(session_path) {
        if recorded.exists() {
            return load(&recorded).map(|q| (q, None));
        }
        let beside = recorded
            .file_name()
            .map(|name| session_path.parent().unwrap_or(Path::new("")).join(name));
        if let Some(beside) = beside.filter(|b| b.exists()) {
            return load(&beside).map(|q| {
                let note = format!(
                    "the session's questionnaire {} was not found; using {} beside the session",
                    recorded.display(),
                    beside.display()
                );
                (q, Some(note))
            });
        }
        return Err(format!(
            "the session's questionnaire {} was not found (the session records `{}`, relative to the session's folder); give its place with --questionnaire FILE",
            recorded.display(),
            session.questionnaire.path.as_deref().unwrap_or_default()
        ));
    }
    let embedded = Questionnaire::embedded();
    if embedded.id == session.questionnaire.id {
        Ok((embedded, None))
    } else {
        Err(format!(
            "the session was made with questionnaire `{}`, which is not the one built into tana (`{}`), and it records no path to it; give it with --questionnaire FILE",
            session.questionnaire.id, embedded.id
        ))
    }
}

/// Opens an existing session for writing, at the recorded position.
pub fn open(path: &Path) -> Result<Opened> {
    open_with(path, None)
}

/// Opens an existing session for writing with a questionnaire given on the
/// command line (`--questionnaire FILE`), which the session then records
/// (relative to its folder) for the next time.
pub fn open_with(path: &Path, questionnaire: Option<&Path>) -> Result<Opened> {
    let (store, mut session, report) = Store::open(path)?;
    let (questionnaire_model, note) =
        questionnaire_for(&session, path, questionnaire).map_err(|m| anyhow::anyhow!(m))?;
    let mut messages = report.messages();
    messages.extend(note);
    let check = session.check_against(&questionnaire_model);
    if let Some(m) = check.mismatched_questionnaire {
        bail!("{m}");
    }
    if let Some(file) = questionnaire {
        session.questionnaire.set_path(file, path);
        messages.push(format!(
            "the session now uses the questionnaire {}",
            file.display()
        ));
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
    for unknown in check.unknown {
        messages.push(format!("{}; it is kept", unknown.message));
    }
    RecentList::touch(path, &session.state.name);
    Ok(Opened {
        store,
        interview: Interview::new(questionnaire_model, session),
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
