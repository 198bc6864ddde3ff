//! The session file's YAML shape: serde types that mirror it, parsing with
//! located problems, and writing it back in a form a person can read.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use super::{
    Answer, Confidence, FORMAT_VERSION, Mission, QuestionnaireRef, Session, StateInfo, Status,
    Value,
};
use crate::problem::{Problem, Problems};
use crate::yaml::{self, Limits, loc, parse_date};

/// Reads only the format version, so that a file from a newer tana is
/// recognised before its unknown fields are rejected.
#[derive(Deserialize)]
struct VersionOnly {
    #[serde(rename = "tana-session")]
    format: Spanned<u32>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSession {
    #[serde(rename = "tana-session")]
    format: u32,
    state: FileState,
    mission: FileMission,
    questionnaire: FileQuestionnaire,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    position: Option<String>,
    saves: u64,
    created: Spanned<String>,
    updated: Spanned<String>,
    #[serde(default)]
    answers: BTreeMap<String, FileAnswer>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileState {
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    code: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileMission {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    start: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    end: Option<Spanned<String>>,
    #[serde(default)]
    assessors: Vec<String>,
    target_level: Spanned<u8>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    bodies: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileQuestionnaire {
    id: String,
    version: String,
    hash: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    path: Option<String>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum FileStatus {
    Answered,
    Unknown,
    Na,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum FileConfidence {
    Low,
    Medium,
    High,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum FileYesNo {
    Yes,
    No,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileAnswer {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    status: Option<FileStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    level: Option<Spanned<u8>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    choice: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    choices: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    yesno: Option<FileYesNo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    number: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    date: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    confidence: Option<FileConfidence>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    note: String,
    at: Spanned<String>,
}

fn spanned<T>(value: T) -> Spanned<T> {
    Spanned::new(
        value,
        serde_saphyr::Location::UNKNOWN,
        serde_saphyr::Location::UNKNOWN,
    )
}

/// Parses a session file's text into a [`Session`].
pub fn parse(source: &str) -> Result<Session, Vec<Problem>> {
    let version: VersionOnly = yaml::parse(source, Limits::SESSION).map_err(|p| {
        if p.message.contains("tana-session") {
            vec![Problem::new(
                p.line,
                p.column,
                "this is not a tana session: the `tana-session:` line is missing",
            )]
        } else {
            vec![p]
        }
    })?;
    if version.format.value > FORMAT_VERSION {
        return Err(vec![Problem::at(
            loc(&version.format),
            format!(
                "this session was written by a newer tana (session format {}; this tana reads format {FORMAT_VERSION}); open it with that version; it is left untouched",
                version.format.value
            ),
        )]);
    }
    let file: FileSession = yaml::parse(source, Limits::SESSION).map_err(|p| vec![p])?;
    let mut problems = Problems::new();
    let mission = &file.mission;
    if mission.target_level.value > crate::questionnaire::MAX_LEVEL {
        problems.add(
            loc(&mission.target_level),
            format!(
                "the target level {} is outside the scale 0 to 4",
                mission.target_level.value
            ),
        );
    }
    let start = mission
        .start
        .as_ref()
        .and_then(|d| parse_date(d, &mut problems));
    let end = mission
        .end
        .as_ref()
        .and_then(|d| parse_date(d, &mut problems));
    if let (Some(s), Some(e), Some(at)) = (start, end, &mission.end)
        && e < s
    {
        problems.add(
            loc(at),
            format!("the mission ends ({e}) before it starts ({s})"),
        );
    }
    let mut answers = BTreeMap::new();
    for (id, raw) in &file.answers {
        answers.insert(id.clone(), parse_answer(id, raw, &mut problems));
    }
    let session = Session {
        state: StateInfo {
            name: file.state.name,
            code: file.state.code,
        },
        mission: Mission {
            title: file.mission.title.clone(),
            start,
            end,
            assessors: file.mission.assessors.clone(),
            target_level: file.mission.target_level.value,
            bodies: file.mission.bodies.clone(),
        },
        questionnaire: QuestionnaireRef {
            id: file.questionnaire.id,
            version: file.questionnaire.version,
            hash: file.questionnaire.hash,
            path: file.questionnaire.path,
        },
        position: file.position,
        saves: file.saves,
        created: parse_timestamp(&file.created, &mut problems),
        updated: parse_timestamp(&file.updated, &mut problems),
        answers,
    };
    if problems.is_empty() {
        Ok(session)
    } else {
        Err(problems.into_sorted())
    }
}

fn parse_timestamp(text: &Spanned<String>, problems: &mut Problems) -> Timestamp {
    text.value.parse().unwrap_or_else(|_| {
        problems.add(
            loc(text),
            format!(
                "`{}` is not a time; write it as 2026-11-24T09:30:00Z",
                text.value
            ),
        );
        Timestamp::UNIX_EPOCH
    })
}

fn parse_answer(id: &str, raw: &FileAnswer, problems: &mut Problems) -> Answer {
    let mut values = Vec::new();
    if let Some(level) = &raw.level {
        if level.value > crate::questionnaire::MAX_LEVEL {
            problems.add(
                loc(level),
                format!(
                    "the level {} of `{id}` is outside the scale 0 to 4",
                    level.value
                ),
            );
        }
        values.push(Value::Level(level.value));
    }
    if let Some(c) = &raw.choice {
        values.push(Value::Choice(c.clone()));
    }
    if let Some(cs) = &raw.choices {
        values.push(Value::Choices(cs.clone()));
    }
    if let Some(yn) = raw.yesno {
        values.push(Value::YesNo(matches!(yn, FileYesNo::Yes)));
    }
    if let Some(n) = raw.number {
        values.push(Value::Number(n));
    }
    if let Some(t) = &raw.text {
        values.push(Value::Text(t.clone()));
    }
    if let Some(d) = raw.date.as_ref().and_then(|d| parse_date(d, problems)) {
        values.push(Value::Date(d));
    }
    if values.len() > 1 {
        problems.add(loc(&raw.at), format!("the answer to `{id}` holds more than one value; keep one of level, choice, choices, yesno, number, text, date"));
    }
    Answer {
        status: raw.status.map(|s| match s {
            FileStatus::Answered => Status::Answered,
            FileStatus::Unknown => Status::Unknown,
            FileStatus::Na => Status::NotApplicable,
        }),
        value: values.into_iter().next(),
        note: raw.note.clone(),
        confidence: raw.confidence.map(|c| match c {
            FileConfidence::Low => Confidence::Low,
            FileConfidence::Medium => Confidence::Medium,
            FileConfidence::High => Confidence::High,
        }),
        at: parse_timestamp(&raw.at, problems),
    }
}

/// Writes a session as YAML.
pub fn to_yaml(session: &Session) -> String {
    let answers = session
        .answers
        .iter()
        .filter(|(_, a)| !a.is_blank())
        .map(|(id, a)| {
            let mut file = FileAnswer {
                status: a.status.map(|s| match s {
                    Status::Answered => FileStatus::Answered,
                    Status::Unknown => FileStatus::Unknown,
                    Status::NotApplicable => FileStatus::Na,
                }),
                level: None,
                choice: None,
                choices: None,
                yesno: None,
                number: None,
                text: None,
                date: None,
                confidence: a.confidence.map(|c| match c {
                    Confidence::Low => FileConfidence::Low,
                    Confidence::Medium => FileConfidence::Medium,
                    Confidence::High => FileConfidence::High,
                }),
                note: a.note.clone(),
                at: spanned(a.at.to_string()),
            };
            match &a.value {
                None => {}
                Some(Value::Level(l)) => file.level = Some(spanned(*l)),
                Some(Value::Choice(c)) => file.choice = Some(c.clone()),
                Some(Value::Choices(cs)) => file.choices = Some(cs.clone()),
                Some(Value::YesNo(b)) => {
                    file.yesno = Some(if *b { FileYesNo::Yes } else { FileYesNo::No });
                }
                Some(Value::Number(n)) => file.number = Some(*n),
                Some(Value::Text(t)) => file.text = Some(t.clone()),
                Some(Value::Date(d)) => file.date = Some(spanned(d.to_string())),
            }
            (id.clone(), file)
        })
        .collect();
    let file = FileSession {
        format: FORMAT_VERSION,
        state: FileState {
            name: session.state.name.clone(),
            code: session.state.code.clone(),
        },
        mission: FileMission {
            title: session.mission.title.clone(),
            start: session.mission.start.map(|d| spanned(d.to_string())),
            end: session.mission.end.map(|d| spanned(d.to_string())),
            assessors: session.mission.assessors.clone(),
            target_level: spanned(session.mission.target_level),
            bodies: session.mission.bodies.clone(),
        },
        questionnaire: FileQuestionnaire {
            id: session.questionnaire.id.clone(),
            version: session.questionnaire.version.clone(),
            hash: session.questionnaire.hash.clone(),
            path: session.questionnaire.path.clone(),
        },
        position: session.position.clone(),
        saves: session.saves,
        created: spanned(session.created.to_string()),
        updated: spanned(session.updated.to_string()),
        answers,
    };
    let body = serde_saphyr::to_string(&file).expect("a session always serialises");
    format!(
        "# tana session: answers of a technical-assistance needs assessment.\n# Written by tana after every change; safe to read, edit with care.\n{body}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Session {
        let now: Timestamp = "2026-11-24T09:30:00Z".parse().unwrap();
        let mut session = Session::new(
            StateInfo {
                name: "Republic of Examplia".into(),
                code: Some("XE".into()),
            },
            Mission {
                title: Some("Needs assessment".into()),
                start: Some("2026-11-23".parse().unwrap()),
                end: Some("2026-11-27".parse().unwrap()),
                assessors: vec!["A. Assessor".into()],
                target_level: 3,
                bodies: vec!["Veridex ID Systems".into()],
            },
            QuestionnaireRef {
                id: "q".into(),
                version: "1".into(),
                hash: "sha256:00".into(),
                path: None,
            },
            now,
        );
        let answer = session.answer_mut("A1.1", now);
        answer.status = Some(Status::Answered);
        answer.value = Some(Value::Level(2));
        answer.note = "# not a heading\n- yes\n{{ 7*7 }}\u{202e}".into();
        answer.confidence = Some(Confidence::High);
        let yes_no = session.answer_mut("CX.1", now);
        yes_no.status = Some(Status::Answered);
        yes_no.value = Some(Value::YesNo(false));
        let text = session.answer_mut("CX.2", now);
        text.value = Some(Value::Text("NO".into()));
        text.status = Some(Status::Answered);
        let orphan = session.answer_mut("OLD.9", now);
        orphan.status = Some(Status::Unknown);
        session.position = Some("A1.1".into());
        session.saves = 7;
        session
    }

    #[test]
    fn round_trips_exactly() {
        let session = sample();
        let text = to_yaml(&session);
        let back = parse(&text).unwrap();
        assert_eq!(back, session);
        assert!(text.contains("yesno: \"no\""), "{text}");
    }

    #[test]
    fn newer_format_is_refused_with_a_clear_message() {
        let text =
            to_yaml(&sample()).replace("tana-session: 1", "tana-session: 2\nfuture_field: 1");
        let problems = parse(&text).unwrap_err();
        assert!(problems[0].message.contains("newer tana"), "{problems:?}");
    }

    #[test]
    fn two_values_in_one_answer_is_a_problem() {
        let text = to_yaml(&sample()).replace("level: 2", "level: 2\n    choice: x");
        let problems = parse(&text).unwrap_err();
        assert!(
            problems[0].message.contains("more than one value"),
            "{problems:?}"
        );
    }

    #[test]
    fn not_a_session() {
        let problems = parse("tana-roster: 1\n").unwrap_err();
        assert!(
            problems[0].message.contains("not a tana session"),
            "{problems:?}"
        );
    }
}
