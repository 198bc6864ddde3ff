//! Each key message appears when the data holds it, and only then.

use super::*;
use crate::questionnaire::Questionnaire;
use crate::roster::Roster;
use crate::session::{Status, Value};
use crate::testing::{blank_session, record};

fn messages_of(session: &Session, questionnaire: &Questionnaire) -> Vec<KeyMessage> {
    let analysis = Analysis::of(questionnaire, session, &Roster::embedded());
    key_messages(questionnaire, session, &analysis)
}

fn level(session: &mut Session, id: &str, l: u8) {
    record(session, id, Status::Answered, Some(Value::Level(l)));
}

#[test]
fn a_mean_at_target_with_a_weak_indicator_is_said() {
    let questionnaire = Questionnaire::embedded();
    let mut session = blank_session(&questionnaire);
    let area = &questionnaire
        .sections
        .iter()
        .find(|s| s.id == "A5")
        .unwrap();
    let ids: Vec<String> = questionnaire.questions[area.questions.clone()]
        .iter()
        .filter(|q| q.indicator)
        .map(|q| q.id.clone())
        .collect();
    // All at 4 but one at 2 (one whose target is the area's 3): the weighted mean stays at or above 3.
    for id in &ids {
        level(&mut session, id, 4);
    }
    let weak = ids
        .iter()
        .find(|id| questionnaire.question(id).unwrap().target.is_none())
        .unwrap()
        .clone();
    level(&mut session, &weak, 2);
    let messages = messages_of(&session, &questionnaire);
    let hidden = messages
        .iter()
        .find_map(|m| match m {
            KeyMessage::MeanHidesGap { areas } => Some(areas),
            _ => None,
        })
        .expect("the weak indicator is named");
    assert_eq!(hidden[0].id, "A5");
    assert_eq!(hidden[0].lowest.id, weak);
    // With every indicator at 4 there is nothing hidden.
    level(&mut session, &weak, 4);
    assert!(
        !messages_of(&session, &questionnaire)
            .iter()
            .any(|m| matches!(m, KeyMessage::MeanHidesGap { .. }))
    );
}

#[test]
fn safeguards_below_the_powers_they_govern_are_said() {
    let questionnaire = Questionnaire::embedded();
    let safeguards = questionnaire
        .safeguards
        .expect("the shipped questionnaire names them");
    let mut session = blank_session(&questionnaire);
    for q in questionnaire.questions.iter().filter(|q| q.indicator) {
        if q.workstream == Some(safeguards) {
            level(&mut session, &q.id, 0);
        } else if !q.risks.is_empty() {
            level(&mut session, &q.id, 3);
        }
    }
    let messages = messages_of(&session, &questionnaire);
    let lag = messages
        .iter()
        .find(|m| matches!(m, KeyMessage::SafeguardsLag { .. }))
        .expect("safeguards at 0 lag behind powers at 3");
    let KeyMessage::SafeguardsLag {
        safeguards: s,
        powers: p,
        ..
    } = lag
    else {
        unreachable!()
    };
    assert!((s - 0.0).abs() < f64::EPSILON && (p - 3.0).abs() < f64::EPSILON);
    // Safeguards as strong as the powers: nothing to say.
    for q in questionnaire.questions.iter().filter(|q| q.indicator) {
        if q.workstream == Some(safeguards) {
            level(&mut session, &q.id, 3);
        }
    }
    assert!(
        !messages_of(&session, &questionnaire)
            .iter()
            .any(|m| matches!(m, KeyMessage::SafeguardsLag { .. }))
    );
}

#[test]
fn a_session_without_answers_says_only_what_it_can() {
    let questionnaire = Questionnaire::embedded();
    let session = blank_session(&questionnaire);
    let codes: Vec<&str> = messages_of(&session, &questionnaire)
        .iter()
        .map(KeyMessage::code)
        .collect();
    assert_eq!(
        codes,
        ["request-not-recorded"],
        "no gap, no fund, no meeting"
    );
}

#[test]
fn the_median_of_levels() {
    assert_eq!(median(&mut []), None);
    assert_eq!(median(&mut [2.0]), Some(2.0));
    assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
    assert_eq!(median(&mut [0.0, 1.0, 3.0, 4.0]), Some(2.0));
}
