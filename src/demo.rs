//! `tana demo`: a filled-in mission for the fictitious Republic of Examplia
//! (answers and notes written as an assessor would), saved as a session and
//! turned into its report, in one command.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

use crate::output::Destination;
use crate::questionnaire::Questionnaire;
use crate::report::{self, Format, Templates};
use crate::roster::Roster;
use crate::session::store::{self, Store};
use crate::session::{QuestionnaireRef, Session};

/// The demo session, answered against the shipped questionnaire.
pub const SESSION: &str = include_str!("demo/examplia.yaml");

/// The demo session with its questionnaire reference set to the embedded questionnaire.
pub fn session(questionnaire: &Questionnaire) -> Session {
    let mut session =
        Session::from_source(SESSION).expect("the demo session is validated by the test suite");
    session.questionnaire = QuestionnaireRef::of(questionnaire, None);
    session
}

/// What `tana demo` wrote.
pub struct Written {
    pub session: PathBuf,
    /// The report, and where an edited one was kept.
    pub report: report::ReportWritten,
    /// True when an existing demo session (perhaps edited) was reused.
    pub reused: bool,
}

/// Writes the demo session (unless one is already there, which is reused so
/// that edits show in the report) and its report into `dir`.
pub fn write(dir: &Path) -> Result<Written> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let questionnaire = Questionnaire::embedded();
    let session_path = dir.join("examplia.yaml");
    let (session, reused) = if session_path.exists() {
        let (session, _) =
            store::load(&session_path).map_err(|p| anyhow::anyhow!("{}", p.render().trim_end()))?;
        (session, true)
    } else {
        let mut session = session(&questionnaire);
        session.saves = 0;
        drop(Store::create(&session_path, &mut session)?);
        (session, false)
    };
    let report = report::write(
        &questionnaire,
        &session,
        &Roster::embedded(),
        &report::Request {
            templates: Templates::Embedded,
            destination: Destination::File(report::default_output(&session_path, Format::Md)),
            format: Format::Md,
            force: false,
        },
    )?;
    Ok(Written {
        session: session_path,
        report,
        reused,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::Questionnaire;

    #[test]
    fn the_demo_session_fits_the_shipped_questionnaire() {
        let questionnaire = Questionnaire::embedded();
        let session = session(&questionnaire);
        let check = session.check_against(&questionnaire);
        assert!(
            check.orphans.is_empty() && check.misfits.is_empty(),
            "{check:?}"
        );
        let scores = crate::scoring::score(&questionnaire, &session);
        for (i, question) in questionnaire.questions.iter().enumerate() {
            if !scores.asked[i] {
                assert!(
                    session.answer(&question.id).is_none(),
                    "{} is skipped but answered",
                    question.id
                );
            }
        }
        assert!(
            scores.areas.iter().all(|a| a.level.is_some()),
            "every area has a level"
        );
    }

    #[test]
    fn the_demo_is_format_2_with_the_states_languages_in_order() {
        assert!(SESSION.contains("tana-session: 2"));
        let session = session(&Questionnaire::embedded());
        assert_eq!(session.state.code.as_deref(), Some("XE"));
        assert_eq!(session.state.languages, ["fr", "ar", "en"]);
        assert_eq!(
            session.mission.target, None,
            "the questionnaire's targets apply"
        );
    }

    #[test]
    fn demo_writes_a_session_and_a_report() {
        let dir = tempfile::tempdir().unwrap();
        let written = write(dir.path()).unwrap();
        assert!(!written.reused);
        let report = std::fs::read_to_string(written.report.report.path.as_ref().unwrap()).unwrap();
        assert!(report.contains("Republic of Examplia"));
        assert!(report.contains("## Proposed experts"));
        assert!(
            dir.path()
                .join("examplia-report-assets/levels.svg")
                .exists()
        );
        assert!(
            write(dir.path()).unwrap().reused,
            "a second run keeps the session"
        );
    }
}
