//! The shared, serialisable view of a session for readers outside the
//! interview: the mission (with its stable id), every answer joined with
//! its question (value as a reader reads it, beside the raw ids), and every
//! area's level. `tana export` and `tana compare` are built from it, and
//! the report's value wording ([`describe`]) lives here, so that the three
//! never disagree. Numbers people read are rounded to one decimal here.

use serde::Serialize;

use crate::questionnaire::{LEVEL_NAMES, Question, Questionnaire};
use crate::scoring::Scores;
use crate::session::{Answer, Session, SourceHow, Value};
use crate::words;

/// A level, mean or gap rounded to one decimal, as people read it
/// (`1.3846153846153846` → `1.4`).
pub fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

/// The stable id of a mission: the State's code (`XX` when none is
/// recorded) and the moment the session was created, in UTC to the second,
/// `XE-20270208T074821Z`. It never changes over the session's life (the
/// creation time is written once), and two sessions of the same State
/// differ unless created in the same second.
pub fn mission_id(session: &Session) -> String {
    let code = session
        .state
        .code
        .as_deref()
        .filter(|c| !c.is_empty())
        .unwrap_or("XX");
    format!("{code}-{}", session.created.strftime("%Y%m%dT%H%M%SZ"))
}

/// The mission as a reader identifies it.
#[derive(Debug, Clone, Serialize)]
pub struct MissionView {
    /// See [`mission_id`].
    pub id: String,
    pub state: String,
    pub state_code: Option<String>,
    pub title: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    /// When the session was created and last saved (RFC 3339, UTC).
    pub created: String,
    pub updated: String,
    pub questionnaire_id: String,
    pub questionnaire_version: String,
    /// `draft`, `shared` or `agreed`.
    pub validation: &'static str,
}

impl MissionView {
    pub fn of(session: &Session, questionnaire: &Questionnaire) -> MissionView {
        MissionView {
            id: mission_id(session),
            state: session.state.name.clone(),
            state_code: session.state.code.clone(),
            title: session.mission.title.clone(),
            start: session.mission.start.map(|d| d.to_string()),
            end: session.mission.end.map(|d| d.to_string()),
            created: session.created.to_string(),
            updated: session.updated.to_string(),
            questionnaire_id: questionnaire.id.clone(),
            questionnaire_version: questionnaire.version.clone(),
            validation: session.mission.validation.name(),
        }
    }
}

/// Where an answer came from: the stakeholder (id and institution) and how.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SourceView {
    pub stakeholder: Option<String>,
    /// The stakeholder's institution, when the id is known to the session.
    pub institution: Option<String>,
    /// `document`, `oral`, `observed` or `desk`.
    pub how: &'static str,
    #[serde(skip)]
    pub how_kind: SourceHow,
}

/// One question of the questionnaire (or one answer kept for a question it
/// no longer has) with what the session records for it.
#[derive(Debug, Clone, Serialize)]
pub struct AnswerView {
    pub section_id: String,
    pub section_title: String,
    pub question_id: String,
    /// The need title of an indicator (its short name), or a question's
    /// title when it has one.
    pub title: String,
    pub question: String,
    /// `maturity`, `single`, `multi`, `yesno`, `number`, `text` or `date`;
    /// empty for an answer to a question the questionnaire no longer has.
    pub kind: &'static str,
    pub indicator: bool,
    /// False for a question skipped by its condition.
    pub asked: bool,
    /// False for an answer kept for a question the questionnaire no longer has.
    pub in_questionnaire: bool,
    /// As a reader reads it: `answered`, `to confirm`, `not applicable`,
    /// `policy choice`, `open` or `skipped`.
    pub status: &'static str,
    /// As written in the session file: `answered`, `unknown`, `na`,
    /// `policy`, or none.
    pub status_code: Option<&'static str>,
    /// The value as a reader reads it: a level with its name, choice labels.
    pub value: String,
    /// The value as recorded: a level number, a choice id, a list of
    /// choice ids, true/false, a number, text or a date (`null` when none).
    pub value_raw: serde_json::Value,
    /// The indicator's level (rounded to one decimal), target and gap.
    pub level: Option<f64>,
    pub target: Option<u8>,
    pub gap: Option<f64>,
    /// `low`, `medium` or `high`.
    pub confidence: Option<&'static str>,
    pub sources: Vec<SourceView>,
    pub note: String,
    /// The State's reason for a deliberate policy choice.
    pub reason: String,
    /// When the answer was last changed (RFC 3339, UTC).
    pub time: Option<String>,
}

impl AnswerView {
    /// The sources as the report words them: `Ministry of Justice
    /// (document seen); S9 (stated orally)`.
    pub fn sources_text(&self) -> String {
        self.sources
            .iter()
            .map(|s| {
                let who = s.institution.as_deref().or(s.stakeholder.as_deref());
                words::report::source(who, s.how_kind)
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// The sources as recorded: `S2:document;S1:oral` (a source without a
    /// stakeholder is `:desk`).
    pub fn source_ids(&self) -> String {
        self.sources
            .iter()
            .map(|s| format!("{}:{}", s.stakeholder.as_deref().unwrap_or(""), s.how))
            .collect::<Vec<_>>()
            .join(";")
    }

    /// The raw value as one cell of text: choice ids joined by `;`.
    pub fn value_raw_text(&self) -> String {
        match &self.value_raw {
            serde_json::Value::Null => String::new(),
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Array(items) => items
                .iter()
                .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
                .collect::<Vec<_>>()
                .join(";"),
            other => other.to_string(),
        }
    }
}

/// The value as recorded, as JSON (see [`AnswerView::value_raw`]).
pub fn raw_value(value: &Value) -> serde_json::Value {
    match value {
        Value::Level(l) => (*l).into(),
        Value::Choice(c) | Value::Text(c) => c.clone().into(),
        Value::Choices(cs) => cs.clone().into(),
        Value::YesNo(b) => (*b).into(),
        Value::Number(n) => {
            serde_json::Number::from_f64(*n).map_or(serde_json::Value::Null, Into::into)
        }
        Value::Date(d) => d.to_string().into(),
    }
}

/// An answer's value in words: a level with its name, a choice's label.
pub fn describe(question: &Question, value: &Value, language: &str) -> String {
    match value {
        Value::Level(l) if usize::from(*l) < LEVEL_NAMES.len() => {
            format!("{l} ({})", LEVEL_NAMES[usize::from(*l)])
        }
        Value::Choice(c) => question
            .choice(c)
            .map_or_else(|| c.clone(), |ch| ch.label.get(language).to_string()),
        Value::Choices(cs) => cs
            .iter()
            .map(|c| {
                question
                    .choice(c)
                    .map_or_else(|| c.clone(), |ch| ch.label.get(language).to_string())
            })
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

/// An answer's value in words for a table cell (the export): as
/// [`describe`], but the labels of a multiple choice are joined by `; `
/// and a label holding `;`, `"` or a line break is quoted (`"a; b"`, with
/// `""` for a quote), so that a reader can split the cell (the labels
/// themselves often hold commas).
pub fn describe_for_cell(question: &Question, value: &Value, language: &str) -> String {
    let Value::Choices(cs) = value else {
        return describe(question, value, language);
    };
    cs.iter()
        .map(|c| {
            let label = question
                .choice(c)
                .map_or_else(|| c.clone(), |ch| ch.label.get(language).to_string());
            if label.contains([';', '"', '\n', '\r']) || label.trim() != label {
                format!("\"{}\"", label.replace('"', "\"\""))
            } else {
                label
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn sources(session: &Session, answer: &Answer) -> Vec<SourceView> {
    answer
        .sources
        .iter()
        .map(|s| SourceView {
            stakeholder: s.stakeholder.clone(),
            institution: s
                .stakeholder
                .as_deref()
                .and_then(|id| session.stakeholder(id))
                .map(|st| st.institution.clone()),
            how: s.how.name(),
            how_kind: s.how,
        })
        .collect()
}

/// Every question of the questionnaire in order, with what the session
/// records for it (open and skipped questions too, so that every mission
/// has the same rows), then the answers kept for questions the
/// questionnaire no longer has.
pub fn answers(
    questionnaire: &Questionnaire,
    session: &Session,
    scores: &Scores,
) -> Vec<AnswerView> {
    let language = questionnaire.fallback_language();
    let mut rows: Vec<AnswerView> = questionnaire
        .questions
        .iter()
        .enumerate()
        .map(|(index, question)| {
            let section = &questionnaire.sections[question.section];
            let answer = session.answer(&question.id);
            let asked = scores.asked.get(index).copied().unwrap_or(true);
            let indicator = scores.indicator(index);
            AnswerView {
                section_id: section.id.clone(),
                section_title: section.title.get(language).to_string(),
                question_id: question.id.clone(),
                title: if question.indicator {
                    question.need_title().get(language).to_string()
                } else {
                    question
                        .title
                        .as_ref()
                        .map(|t| t.get(language).to_string())
                        .unwrap_or_default()
                },
                question: question.text.get(language).to_string(),
                kind: question.kind.name(),
                indicator: question.indicator,
                asked,
                in_questionnaire: true,
                status: words::answer_status(answer.and_then(|a| a.status), asked),
                status_code: answer
                    .and_then(|a| a.status)
                    .map(crate::session::Status::name),
                value: answer
                    .and_then(|a| a.value.as_ref())
                    .map_or_else(String::new, |v| describe_for_cell(question, v, language)),
                value_raw: answer
                    .and_then(|a| a.value.as_ref())
                    .map_or(serde_json::Value::Null, raw_value),
                level: indicator.and_then(|i| i.level).map(round1),
                target: indicator.map(|i| i.target.level),
                gap: indicator
                    .filter(|i| i.level.is_some())
                    .map(|i| round1(i.gap)),
                confidence: answer
                    .and_then(|a| a.confidence)
                    .map(crate::session::Confidence::name),
                sources: answer.map(|a| sources(session, a)).unwrap_or_default(),
                note: answer.map(|a| a.note.clone()).unwrap_or_default(),
                reason: answer.map(|a| a.reason.clone()).unwrap_or_default(),
                time: answer.map(|a| a.at.to_string()),
            }
        })
        .collect();
    for (id, answer) in &session.answers {
        if questionnaire.questions.iter().any(|q| &q.id == id) {
            continue;
        }
        rows.push(AnswerView {
            section_id: String::new(),
            section_title: String::new(),
            question_id: id.clone(),
            title: String::new(),
            question: words::ORPHAN_QUESTION.to_string(),
            kind: "",
            indicator: false,
            asked: false,
            in_questionnaire: false,
            status: words::answer_status(answer.status, true),
            status_code: answer.status.map(crate::session::Status::name),
            value: answer
                .value
                .as_ref()
                .map_or_else(String::new, ToString::to_string),
            value_raw: answer
                .value
                .as_ref()
                .map_or(serde_json::Value::Null, raw_value),
            level: None,
            target: None,
            gap: None,
            confidence: answer.confidence.map(crate::session::Confidence::name),
            sources: sources(session, answer),
            note: answer.note.clone(),
            reason: answer.reason.clone(),
            time: Some(answer.at.to_string()),
        });
    }
    rows
}

/// One scored area: its level (the mean) beside its lowest indicator.
#[derive(Debug, Clone, Serialize)]
pub struct AreaView {
    pub id: String,
    pub title: String,
    /// The weighted mean of the scored indicators, rounded to one decimal.
    pub level: Option<f64>,
    /// The lowest scored indicator and its level.
    pub lowest_id: Option<String>,
    pub lowest_level: Option<f64>,
    pub target: u8,
    pub gap: Option<f64>,
    /// `low`, `medium` or `high`.
    pub confidence: &'static str,
    pub scored: usize,
    pub applicable: usize,
    pub to_confirm: usize,
    pub open: usize,
    pub not_applicable: usize,
    pub policy_choice: usize,
}

/// Every scored area, in questionnaire order.
pub fn areas(questionnaire: &Questionnaire, scores: &Scores) -> Vec<AreaView> {
    let language = questionnaire.fallback_language();
    scores
        .areas
        .iter()
        .map(|a| {
            let section = &questionnaire.sections[a.section];
            AreaView {
                id: section.id.clone(),
                title: section.title.get(language).to_string(),
                level: a.level.map(round1),
                lowest_id: a
                    .lowest
                    .map(|l| questionnaire.questions[l.question].id.clone()),
                lowest_level: a.lowest.map(|l| round1(l.level)),
                target: a.target.level,
                gap: a.level.map(|_| round1(a.gap)),
                confidence: a.confidence.name(),
                scored: a.scored,
                applicable: a.applicable,
                to_confirm: a.to_confirm,
                open: a.open,
                not_applicable: a.not_applicable,
                policy_choice: a.policy_choice,
            }
        })
        .collect()
}

/// One mission as readers outside tana see it: who and when, the overall
/// level, the areas and every answer.
#[derive(Debug, Clone, Serialize)]
pub struct MissionData {
    #[serde(flatten)]
    pub mission: MissionView,
    /// The weighted mean of the area levels, rounded to one decimal.
    pub overall: Option<f64>,
    pub areas: Vec<AreaView>,
    pub answers: Vec<AnswerView>,
}

impl MissionData {
    pub fn of(questionnaire: &Questionnaire, session: &Session, scores: &Scores) -> MissionData {
        MissionData {
            mission: MissionView::of(session, questionnaire),
            overall: scores.overall.map(round1),
            areas: areas(questionnaire, scores),
            answers: answers(questionnaire, session, scores),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_is_to_one_decimal() {
        assert!((round1(1.384_615_384_615_384_6) - 1.4).abs() < f64::EPSILON);
        assert!((round1(2.25) - 2.3).abs() < f64::EPSILON);
        assert!((round1(0.0)).abs() < f64::EPSILON);
    }

    #[test]
    fn the_demo_has_a_stable_mission_id_and_every_question_a_row() {
        let questionnaire = Questionnaire::embedded();
        let session = crate::demo::session(&questionnaire);
        assert_eq!(mission_id(&session), "XE-20270208T074821Z");
        let mut later = session.clone();
        later.updated = jiff::Timestamp::now();
        later.saves += 10;
        assert_eq!(
            mission_id(&later),
            mission_id(&session),
            "saves do not change it"
        );
        let mut no_code = session.clone();
        no_code.state.code = None;
        assert_eq!(mission_id(&no_code), "XX-20270208T074821Z");

        let scores = crate::scoring::score(&questionnaire, &session);
        let rows = answers(&questionnaire, &session, &scores);
        assert_eq!(rows.len(), questionnaire.questions.len());
        let a11 = rows.iter().find(|r| r.question_id == "A1.1").unwrap();
        assert_eq!(a11.value, "1 (formative)");
        assert_eq!(a11.value_raw, serde_json::json!(1));
        assert_eq!(a11.level, Some(1.0));
        assert_eq!(a11.status_code, Some("answered"));
        assert_eq!(a11.source_ids(), "S2:document;S1:oral");
        assert!(
            a11.sources_text().contains("(document seen)"),
            "{}",
            a11.sources_text()
        );
        for area in areas(&questionnaire, &scores) {
            let level = area.level.unwrap();
            assert!(
                (level * 10.0 - (level * 10.0).round()).abs() < 1e-9,
                "{level}"
            );
        }
    }

    #[test]
    fn an_answer_to_a_removed_question_is_kept() {
        let questionnaire = Questionnaire::embedded();
        let mut session = crate::demo::session(&questionnaire);
        let answer = session.answer_mut("ZZ.9", jiff::Timestamp::now());
        answer.status = Some(crate::session::Status::Answered);
        answer.value = Some(Value::Text("kept".into()));
        let scores = crate::scoring::score(&questionnaire, &session);
        let rows = answers(&questionnaire, &session, &scores);
        let kept = rows.last().unwrap();
        assert_eq!(kept.question_id, "ZZ.9");
        assert!(!kept.in_questionnaire);
        assert_eq!(kept.value, "kept");
    }
}
