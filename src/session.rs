//! A mission's session: the State and mission, which questionnaire (id,
//! version, content hash) produced it, and every answer keyed by stable
//! question id. Answers to questions the questionnaire no longer has are
//! kept and reported, never dropped. Durable storage is in [`store`].

pub mod file;
pub mod store;

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::Date;

use crate::problem::Problem;
use crate::questionnaire::{Kind, MAX_LEVEL, Question, Questionnaire};

/// The session format version this tana reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// The default target level of a mission.
pub const DEFAULT_TARGET_LEVEL: u8 = 3;

#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub state: StateInfo,
    pub mission: Mission,
    pub questionnaire: QuestionnaireRef,
    /// The question the assessor was on, to return there on reopening.
    pub position: Option<String>,
    /// Incremented by every save; a later generation has a higher count.
    pub saves: u64,
    pub created: Timestamp,
    pub updated: Timestamp,
    pub answers: BTreeMap<String, Answer>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct StateInfo {
    pub name: String,
    /// ISO 3166-1 alpha-2 code, used to spot nationals of the State in the roster.
    pub code: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Mission {
    pub title: Option<String>,
    pub start: Option<Date>,
    pub end: Option<Date>,
    pub assessors: Vec<String>,
    pub target_level: u8,
    /// Bodies and suppliers involved in the assessment: an expert affiliated
    /// with one of them has a conflict of interest.
    pub bodies: Vec<String>,
}

impl Default for Mission {
    fn default() -> Self {
        Self {
            title: None,
            start: None,
            end: None,
            assessors: Vec::new(),
            target_level: DEFAULT_TARGET_LEVEL,
            bodies: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct QuestionnaireRef {
    pub id: String,
    pub version: String,
    pub hash: String,
    /// The questionnaire file, or `None` for the one embedded in tana.
    pub path: Option<String>,
}

impl QuestionnaireRef {
    pub fn of(questionnaire: &Questionnaire, path: Option<String>) -> Self {
        Self {
            id: questionnaire.id.clone(),
            version: questionnaire.version.clone(),
            hash: questionnaire.hash.clone(),
            path,
        }
    }
}

/// Where an answer stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    Answered,
    /// The official did not know; to confirm later. Not a zero.
    Unknown,
    /// The question does not apply to this State; leaves the denominator.
    NotApplicable,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Answered => "answered",
            Status::Unknown => "unknown",
            Status::NotApplicable => "na",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Confidence {
    Low,
    Medium,
    High,
}

impl Confidence {
    pub fn name(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }

    /// The next confidence in the cycle unset → low → medium → high → unset.
    pub fn cycle(current: Option<Confidence>) -> Option<Confidence> {
        match current {
            None => Some(Confidence::Low),
            Some(Confidence::Low) => Some(Confidence::Medium),
            Some(Confidence::Medium) => Some(Confidence::High),
            Some(Confidence::High) => None,
        }
    }
}

/// An answer's value, by question kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Level(u8),
    Choice(String),
    Choices(Vec<String>),
    YesNo(bool),
    Number(f64),
    Text(String),
    Date(Date),
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Level(l) => write!(f, "level {l}"),
            Value::Choice(c) => f.write_str(c),
            Value::Choices(cs) => f.write_str(&cs.join(", ")),
            Value::YesNo(true) => f.write_str("yes"),
            Value::YesNo(false) => f.write_str("no"),
            Value::Number(n) => write!(f, "{n}"),
            Value::Text(t) => f.write_str(t),
            Value::Date(d) => write!(f, "{d}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// `None` while only a note has been written.
    pub status: Option<Status>,
    pub value: Option<Value>,
    pub note: String,
    pub confidence: Option<Confidence>,
    pub at: Timestamp,
}

impl Answer {
    pub fn empty(at: Timestamp) -> Self {
        Self {
            status: None,
            value: None,
            note: String::new(),
            confidence: None,
            at,
        }
    }

    /// True when nothing at all is recorded (the entry can be dropped).
    pub fn is_blank(&self) -> bool {
        self.status.is_none()
            && self.value.is_none()
            && self.note.is_empty()
            && self.confidence.is_none()
    }
}

impl Session {
    pub fn new(
        state: StateInfo,
        mission: Mission,
        questionnaire: QuestionnaireRef,
        now: Timestamp,
    ) -> Self {
        Self {
            state,
            mission,
            questionnaire,
            position: None,
            saves: 0,
            created: now,
            updated: now,
            answers: BTreeMap::new(),
        }
    }

    pub fn answer(&self, id: &str) -> Option<&Answer> {
        self.answers.get(id)
    }

    /// The answer to `id`, created blank if there is none yet.
    pub fn answer_mut(&mut self, id: &str, now: Timestamp) -> &mut Answer {
        self.updated = now;
        let answer = self
            .answers
            .entry(id.to_string())
            .or_insert_with(|| Answer::empty(now));
        answer.at = now;
        answer
    }

    /// Parses session text (structure only; see [`Session::check_against`]).
    pub fn from_source(source: &str) -> Result<Session, Vec<Problem>> {
        file::parse(source)
    }

    /// The session as the YAML text of its file.
    pub fn to_yaml(&self) -> String {
        file::to_yaml(self)
    }

    /// Checks the answers against a questionnaire: values that no longer fit
    /// their question, and answers whose question is gone (kept, listed).
    pub fn check_against(&self, questionnaire: &Questionnaire) -> SessionCheck {
        let mut check = SessionCheck::default();
        if self.questionnaire.id != questionnaire.id {
            check.mismatched_questionnaire = Some(format!(
                "the session was made with questionnaire `{}`, not `{}`",
                self.questionnaire.id, questionnaire.id
            ));
        } else if self.questionnaire.hash != questionnaire.hash {
            check.changed_questionnaire = Some(format!(
                "the questionnaire has changed since the session was started (version {} then, {} now; content hash differs)",
                self.questionnaire.version, questionnaire.version
            ));
        }
        for (id, answer) in &self.answers {
            match questionnaire.question(id) {
                None => check.orphans.push(id.clone()),
                Some(question) => {
                    if let Some(Err(message)) =
                        answer.value.as_ref().map(|v| value_fits(question, v))
                    {
                        check.misfits.push((id.clone(), message));
                    }
                }
            }
        }
        check
    }
}

/// What [`Session::check_against`] found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SessionCheck {
    pub mismatched_questionnaire: Option<String>,
    pub changed_questionnaire: Option<String>,
    /// Answers whose question id is no longer in the questionnaire.
    pub orphans: Vec<String>,
    /// Answers whose value no longer fits its question: (id, why).
    pub misfits: Vec<(String, String)>,
}

/// Checks that a value suits its question's kind, range and choices.
pub fn value_fits(question: &Question, value: &Value) -> Result<(), String> {
    let id = &question.id;
    match (&question.kind, value) {
        (Kind::Maturity { .. }, Value::Level(level)) if *level <= MAX_LEVEL => Ok(()),
        (Kind::Maturity { .. }, Value::Level(level)) => Err(format!(
            "level {level} of `{id}` is outside 0 to {MAX_LEVEL}"
        )),
        (Kind::Single { choices }, Value::Choice(choice)) => {
            if choices.iter().any(|c| &c.id == choice) {
                Ok(())
            } else {
                Err(format!("`{choice}` is not a choice of `{id}`"))
            }
        }
        (Kind::Multi { choices }, Value::Choices(chosen)) => {
            match chosen.iter().find(|c| !choices.iter().any(|k| &k.id == *c)) {
                Some(missing) => Err(format!("`{missing}` is not a choice of `{id}`")),
                None => Ok(()),
            }
        }
        (Kind::YesNo, Value::YesNo(_))
        | (Kind::Text, Value::Text(_))
        | (Kind::Date, Value::Date(_)) => Ok(()),
        (
            Kind::Number {
                min, max, integer, ..
            },
            Value::Number(n),
        ) => {
            if min.is_some_and(|m| *n < m) || max.is_some_and(|m| *n > m) {
                Err(format!(
                    "{n} is outside the range of `{id}` ({} to {})",
                    min.map_or("…".to_string(), |m| m.to_string()),
                    max.map_or("…".to_string(), |m| m.to_string())
                ))
            } else if *integer && n.fract() != 0.0 {
                Err(format!("`{id}` takes a whole number, not {n}"))
            } else {
                Ok(())
            }
        }
        (kind, value) => Err(format!(
            "`{id}` is a `{}` question, but the session holds {}",
            kind.name(),
            match value {
                Value::Level(_) => "a level",
                Value::Choice(_) => "a single choice",
                Value::Choices(_) => "a list of choices",
                Value::YesNo(_) => "a yes/no answer",
                Value::Number(_) => "a number",
                Value::Text(_) => "text",
                Value::Date(_) => "a date",
            }
        )),
    }
}
