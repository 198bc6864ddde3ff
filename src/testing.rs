//! Helpers shared by the unit tests: a blank session for a questionnaire and
//! a one-line way to record an answer.

use crate::questionnaire::Questionnaire;
use crate::session::{Mission, QuestionnaireRef, Session, StateInfo, Status, Value};

/// An empty session for `questionnaire`, at a fixed time.
pub fn blank_session(questionnaire: &Questionnaire) -> Session {
    Session::new(
        StateInfo::default(),
        Mission::default(),
        QuestionnaireRef::of(questionnaire, None),
        jiff::Timestamp::UNIX_EPOCH,
    )
}

/// Records an answer with a status and an optional value.
pub fn record(session: &mut Session, id: &str, status: Status, value: Option<Value>) {
    let answer = session.answer_mut(id, jiff::Timestamp::UNIX_EPOCH);
    answer.status = Some(status);
    answer.value = value;
}
