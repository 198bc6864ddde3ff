//! A mission's session: the State (code, working languages) and the mission
//! record (purpose, dates, targets agreed with the State, bodies and
//! suppliers involved, programmes under way, funds, delivery windows,
//! validation, limitations, findings), the stakeholders consulted, which
//! questionnaire (id, version, content hash, path) produced it, and every
//! answer keyed by stable question id with its sources. Answers to questions
//! the questionnaire no longer has are kept and reported, never dropped.
//! The file shape is in [`file`] (format 2; format 1 is read and upgraded),
//! durable storage in [`store`].

pub mod file;
pub mod store;

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use jiff::Timestamp;
use jiff::civil::Date;

use crate::problem::{Problem, did_you_mean};
use crate::questionnaire::{Kind, MAX_LEVEL, Question, Questionnaire, SectionKind};

/// The session format version this tana writes (it reads 1 and 2).
pub const FORMAT_VERSION: u32 = 2;

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
    /// The people and institutions consulted (or that could not be met).
    pub stakeholders: Vec<Stakeholder>,
    pub answers: BTreeMap<String, Answer>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct StateInfo {
    pub name: String,
    /// ISO 3166-1 alpha-2 code (a string: `NO` is Norway), used to spot
    /// nationals of the State in the roster.
    pub code: Option<String>,
    /// Working languages in order of preference (ISO 639 codes); the first
    /// is the primary one. Empty: see [`Session::working_languages`].
    pub languages: Vec<String>,
}

/// The mission record.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Mission {
    pub title: Option<String>,
    /// Free text: why the mission is made.
    pub purpose: String,
    pub start: Option<Date>,
    pub end: Option<Date>,
    pub assessors: Vec<String>,
    /// Mission-wide target level overriding the questionnaire's (0–4).
    pub target: Option<u8>,
    /// Targets agreed with the State, by area id or indicator id (0–4).
    pub targets: BTreeMap<String, u8>,
    /// Bodies involved in or assessed by the mission (conflict of interest).
    pub bodies: Vec<String>,
    /// Companies supplying the State's systems (conflict of interest).
    pub suppliers: Vec<String>,
    /// Assistance already under way in the State.
    pub programmes: Vec<Programme>,
    /// Budget lines and pledges.
    pub funds: Vec<Fund>,
    /// When assistance can or must be delivered (the State's deadlines).
    pub delivery_windows: Vec<DeliveryWindow>,
    /// How far the State has validated the report.
    pub validation: Validation,
    /// Limits of the assessment, for the report's method section.
    pub limitations: String,
    /// The assessors' key findings, for the report's narrative.
    pub findings: Findings,
}

impl Mission {
    /// The programmes whose scope covers a workstream or an indicator (a
    /// programme with neither workstreams nor indicators covers nothing in
    /// particular and is not returned).
    pub fn programmes_for<'m>(
        &'m self,
        workstream: Option<&'m str>,
        indicator: &'m str,
    ) -> impl Iterator<Item = &'m Programme> + 'm {
        self.programmes.iter().filter(move |p| {
            p.indicators.iter().any(|i| i == indicator)
                || workstream.is_some_and(|w| p.workstreams.iter().any(|x| x == w))
        })
    }
}

/// Assistance already under way in the State (duplication check, routing
/// into broader projects: 000 ¶36(b)).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Programme {
    pub id: String,
    pub name: String,
    /// The organisation leading or funding it.
    pub lead: Option<String>,
    /// Workstream ids it covers.
    pub workstreams: Vec<String>,
    /// Indicator ids it covers (a finer scope, optional).
    pub indicators: Vec<String>,
    pub until: Option<Date>,
    pub note: String,
}

/// Whether money is committed or only pledged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FundStatus {
    Committed,
    Pledged,
}

impl FundStatus {
    pub const NAMES: [&str; 2] = ["committed", "pledged"];

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    pub fn parse(name: &str) -> Option<FundStatus> {
        match name {
            "committed" => Some(FundStatus::Committed),
            "pledged" => Some(FundStatus::Pledged),
            _ => None,
        }
    }
}

/// A budget line or a pledge.
#[derive(Debug, Clone, PartialEq)]
pub struct Fund {
    pub id: String,
    /// Who provides it (`State budget`, a donor).
    pub source: String,
    pub amount: Option<f64>,
    /// ISO 4217; `None` = the questionnaire's sizing currency.
    pub currency: Option<String>,
    pub status: FundStatus,
    /// Earmark: the workstreams it may pay for; empty = any.
    pub workstreams: Vec<String>,
    pub note: String,
}

/// A period in which assistance can or must be delivered.
#[derive(Debug, Clone, PartialEq)]
pub struct DeliveryWindow {
    pub from: Date,
    pub to: Date,
    /// The workstreams it concerns; empty = all.
    pub workstreams: Vec<String>,
    pub note: String,
}

/// The State's validation of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Validation {
    #[default]
    Draft,
    /// Shared with the State for comments.
    Shared,
    /// Agreed by the State.
    Agreed,
}

impl Validation {
    pub const NAMES: [&str; 3] = ["draft", "shared", "agreed"];

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    pub fn parse(name: &str) -> Option<Validation> {
        match name {
            "draft" => Some(Validation::Draft),
            "shared" => Some(Validation::Shared),
            "agreed" => Some(Validation::Agreed),
            _ => None,
        }
    }
}

/// The assessors' key findings, as free text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Findings {
    pub overall: String,
    /// By area id.
    pub areas: BTreeMap<String, String>,
}

/// Someone consulted during the mission, or who could not be met.
#[derive(Debug, Clone, PartialEq)]
pub struct Stakeholder {
    pub id: String,
    pub institution: String,
    pub function: String,
    pub person: String,
    pub date: Option<Date>,
    pub place: String,
    pub met: bool,
    /// Why the meeting did not take place (when `met` is false).
    pub why_not: String,
}

impl Stakeholder {
    /// A stakeholder met, with only the id and institution known.
    pub fn new(id: impl Into<String>, institution: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            institution: institution.into(),
            function: String::new(),
            person: String::new(),
            date: None,
            place: String::new(),
            met: true,
            why_not: String::new(),
        }
    }
}

/// How an answer's information was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceHow {
    /// A document was seen.
    Document,
    /// Stated orally.
    Oral,
    /// Observed by the assessors.
    Observed,
    /// Desk review before or after the mission.
    Desk,
}

impl SourceHow {
    pub const ALL: [SourceHow; 4] = [
        SourceHow::Document,
        SourceHow::Oral,
        SourceHow::Observed,
        SourceHow::Desk,
    ];
    pub const NAMES: [&str; 4] = ["document", "oral", "observed", "desk"];

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    pub fn parse(name: &str) -> Option<SourceHow> {
        Self::NAMES
            .iter()
            .position(|n| *n == name)
            .map(|i| Self::ALL[i])
    }
}

/// Where an answer came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerSource {
    /// A stakeholder id; `None` for a desk review with no one to name.
    pub stakeholder: Option<String>,
    pub how: SourceHow,
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

    /// The questionnaire file as seen from the folder of the session at
    /// `session_path` (a recorded relative path is relative to that folder).
    pub fn resolve(&self, session_path: &Path) -> Option<PathBuf> {
        let recorded = PathBuf::from(self.path.as_ref()?);
        if recorded.is_absolute() {
            return Some(recorded);
        }
        let dir = session_path.parent().unwrap_or(Path::new(""));
        Some(dir.join(recorded))
    }

    /// Records `questionnaire_file` as the path to write in the session at
    /// `session_path`: relative to the session's folder, so that a mission
    /// folder copied elsewhere still opens.
    pub fn set_path(&mut self, questionnaire_file: &Path, session_path: &Path) {
        self.path = Some(path_for_session(questionnaire_file, session_path));
    }

    /// Keeps a relative path pointing at the same file when the session is
    /// written to `to` instead of `from` ("save elsewhere").
    pub fn rebase(&mut self, from: &Path, to: &Path) {
        if let Some(file) = self.resolve(from)
            && self
                .path
                .as_deref()
                .is_some_and(|p| Path::new(p).is_relative())
        {
            self.set_path(&file, to);
        }
    }
}

/// The path of `file` relative to the folder of `session_path`, written with
/// `/`; the absolute path when there is no relative one (another drive).
pub fn path_for_session(file: &Path, session_path: &Path) -> String {
    let absolute = |p: &Path| -> PathBuf {
        std::fs::canonicalize(p).unwrap_or_else(|_| {
            if p.is_absolute() {
                p.to_path_buf()
            } else {
                std::env::current_dir().unwrap_or_default().join(p)
            }
        })
    };
    let file = absolute(file);
    let dir = session_path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let dir = absolute(dir);
    match relative_path(&dir, &file) {
        Some(relative) => relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/"),
        None => file.display().to_string(),
    }
}

/// `to` as seen from the folder `from`; both absolute. `None` when they
/// share no root (Windows drives).
fn relative_path(from: &Path, to: &Path) -> Option<PathBuf> {
    let from: Vec<Component<'_>> = from.components().collect();
    let to: Vec<Component<'_>> = to.components().collect();
    if from.first() != to.first() {
        return None;
    }
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    for part in &to[common..] {
        out.push(part.as_os_str());
    }
    Some(out)
}

/// Where an answer stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Status {
    Answered,
    /// The official did not know; to confirm later. Not a zero.
    Unknown,
    /// The question does not apply to this State; leaves the denominator.
    NotApplicable,
    /// A deliberate policy choice of the State (only for questions with
    /// `policy_choice:`): no level, no gap, no need; its reason is the
    /// answer's [`Answer::reason`].
    PolicyChoice,
}

impl Status {
    /// The status as written in a session file.
    pub fn name(self) -> &'static str {
        match self {
            Status::Answered => "answered",
            Status::Unknown => "unknown",
            Status::NotApplicable => "na",
            Status::PolicyChoice => "policy",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
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
    /// Why the State made a deliberate policy choice (with
    /// [`Status::PolicyChoice`]); kept if the status changes.
    pub reason: String,
    pub confidence: Option<Confidence>,
    /// Where the information came from.
    pub sources: Vec<AnswerSource>,
    pub at: Timestamp,
}

impl Answer {
    pub fn empty(at: Timestamp) -> Self {
        Self {
            status: None,
            value: None,
            note: String::new(),
            reason: String::new(),
            confidence: None,
            sources: Vec::new(),
            at,
        }
    }

    /// True when nothing at all is recorded (the entry can be dropped).
    pub fn is_blank(&self) -> bool {
        self.status.is_none()
            && self.value.is_none()
            && self.note.is_empty()
            && self.reason.is_empty()
            && self.confidence.is_none()
            && self.sources.is_empty()
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
            stakeholders: Vec::new(),
            answers: BTreeMap::new(),
        }
    }

    pub fn stakeholder(&self, id: &str) -> Option<&Stakeholder> {
        self.stakeholders.iter().find(|s| s.id == id)
    }

    /// The State's working languages in order of preference: the session's
    /// `state.languages`, else the answer to the questionnaire's profile
    /// languages question in the questionnaire's choice order.
    pub fn working_languages(&self, questionnaire: &Questionnaire) -> Vec<String> {
        if !self.state.languages.is_empty() {
            return self.state.languages.clone();
        }
        let Some(index) = questionnaire.profile.languages else {
            return Vec::new();
        };
        let question = &questionnaire.questions[index];
        let chosen: Vec<&str> = match self
            .answer(&question.id)
            .filter(|a| a.status == Some(Status::Answered))
            .and_then(|a| a.value.as_ref())
        {
            Some(Value::Choice(c)) => vec![c.as_str()],
            Some(Value::Choices(cs)) => cs.iter().map(String::as_str).collect(),
            _ => Vec::new(),
        };
        question
            .kind
            .choices()
            .iter()
            .filter(|c| chosen.contains(&c.id.as_str()))
            .map(|c| c.id.clone())
            .collect()
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

    /// Checks the session against a questionnaire: values that no longer fit
    /// their question, answers whose question is gone (kept, listed),
    /// policy choices the question does not offer or that give no reason,
    /// and references (targets, programmes, funds, delivery windows,
    /// findings, answer sources) to ids that do not exist.
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
                    if answer.status == Some(Status::PolicyChoice) {
                        if question.policy_choice.is_none() {
                            check.misfits.push((
                                id.clone(),
                                format!("`{id}` offers no deliberate policy choice (its question has no `policy_choice:`), so the answer counts as open"),
                            ));
                        } else if answer.reason.trim().is_empty() {
                            check.policy_without_reason.push(id.clone());
                        }
                    }
                }
            }
        }
        self.check_references(questionnaire, &mut check.unknown);
        check
    }

    #[allow(clippy::too_many_lines)] // one loop per kind of reference, in file order
    fn check_references(&self, questionnaire: &Questionnaire, out: &mut Vec<UnknownReference>) {
        let workstreams: Vec<&str> = questionnaire
            .workstreams
            .iter()
            .map(|w| w.id.as_str())
            .collect();
        let areas: Vec<&str> = questionnaire
            .sections
            .iter()
            .filter(|s| s.kind == SectionKind::Scored)
            .map(|s| s.id.as_str())
            .collect();
        let indicators: Vec<&str> = questionnaire
            .questions
            .iter()
            .filter(|q| q.indicator)
            .map(|q| q.id.as_str())
            .collect();
        let mut unknown = |place: RefPlace, id: &str, what: &str, known: &[&str]| {
            out.push(UnknownReference {
                message: format!(
                    "{} names `{id}`, which is not {what}{}",
                    place.describe(),
                    did_you_mean(id, known.iter().copied())
                ),
                place,
                id: id.to_string(),
            });
        };
        let areas_and_indicators: Vec<&str> = areas.iter().chain(&indicators).copied().collect();
        let mission = &self.mission;
        for id in mission.targets.keys() {
            if !areas_and_indicators.contains(&id.as_str()) {
                unknown(
                    RefPlace::Target,
                    id,
                    "a scored area or an indicator of the questionnaire",
                    &areas_and_indicators,
                );
            }
        }
        for programme in &mission.programmes {
            for w in &programme.workstreams {
                if !workstreams.contains(&w.as_str()) {
                    unknown(
                        RefPlace::ProgrammeWorkstream(programme.id.clone()),
                        w,
                        "a workstream of the questionnaire",
                        &workstreams,
                    );
                }
            }
            for i in &programme.indicators {
                if !areas_and_indicators.contains(&i.as_str()) {
                    unknown(
                        RefPlace::ProgrammeIndicator(programme.id.clone()),
                        i,
                        "an area or indicator of the questionnaire",
                        &areas_and_indicators,
                    );
                }
            }
        }
        for fund in &mission.funds {
            for w in &fund.workstreams {
                if !workstreams.contains(&w.as_str()) {
                    unknown(
                        RefPlace::FundWorkstream(fund.id.clone()),
                        w,
                        "a workstream of the questionnaire",
                        &workstreams,
                    );
                }
            }
        }
        for (i, window) in mission.delivery_windows.iter().enumerate() {
            for w in &window.workstreams {
                if !workstreams.contains(&w.as_str()) {
                    unknown(
                        RefPlace::WindowWorkstream(i),
                        w,
                        "a workstream of the questionnaire",
                        &workstreams,
                    );
                }
            }
        }
        for area in mission.findings.areas.keys() {
            if !areas.contains(&area.as_str()) {
                unknown(
                    RefPlace::FindingArea,
                    area,
                    "a scored area of the questionnaire",
                    &areas,
                );
            }
        }
        let stakeholders: Vec<&str> = self.stakeholders.iter().map(|s| s.id.as_str()).collect();
        for (id, answer) in &self.answers {
            for source in &answer.sources {
                if let Some(s) = &source.stakeholder
                    && !stakeholders.contains(&s.as_str())
                {
                    unknown(
                        RefPlace::AnswerSource(id.clone()),
                        s,
                        "a stakeholder of the session",
                        &stakeholders,
                    );
                }
            }
        }
    }
}

/// What [`Session::check_against`] found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SessionCheck {
    pub mismatched_questionnaire: Option<String>,
    pub changed_questionnaire: Option<String>,
    /// Answers whose question id is no longer in the questionnaire.
    pub orphans: Vec<String>,
    /// Answers whose value (or policy-choice status) no longer fits its question: (id, why).
    pub misfits: Vec<(String, String)>,
    /// Policy choices recorded without a reason (the report says so).
    pub policy_without_reason: Vec<String>,
    /// References to ids that neither the questionnaire nor the session defines.
    pub unknown: Vec<UnknownReference>,
}

impl SessionCheck {
    /// The unknown references as problems located in the session's source
    /// text (for `tana validate`); a reference that cannot be found in the
    /// text is reported for the file as a whole.
    pub fn reference_problems(&self, source: &str) -> Vec<Problem> {
        let places = file::reference_locations(source);
        self.unknown
            .iter()
            .map(|u| {
                let at = places
                    .iter()
                    .find(|(place, id, _)| *place == u.place && *id == u.id)
                    .map(|(_, _, at)| *at);
                match at {
                    Some(at) => Problem::at(at, u.message.clone()),
                    None => Problem::whole_file(u.message.clone()),
                }
            })
            .collect()
    }
}

/// A reference in a session to an id that does not exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownReference {
    pub place: RefPlace,
    pub id: String,
    /// The problem in words, with the nearest existing id when one is close.
    pub message: String,
}

/// Where in a session an id is referred to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefPlace {
    /// A key of `mission.targets`.
    Target,
    /// `workstreams` of the programme with this id.
    ProgrammeWorkstream(String),
    /// `indicators` of the programme with this id.
    ProgrammeIndicator(String),
    /// `workstreams` of the fund with this id.
    FundWorkstream(String),
    /// `workstreams` of the delivery window at this index.
    WindowWorkstream(usize),
    /// A key of `mission.findings.areas`.
    FindingArea,
    /// A source of the answer to this question.
    AnswerSource(String),
}

impl RefPlace {
    fn describe(&self) -> String {
        match self {
            RefPlace::Target => "`mission.targets`".into(),
            RefPlace::ProgrammeWorkstream(id) => format!("the programme `{id}`'s `workstreams`"),
            RefPlace::ProgrammeIndicator(id) => format!("the programme `{id}`'s `indicators`"),
            RefPlace::FundWorkstream(id) => format!("the fund `{id}`'s `workstreams`"),
            RefPlace::WindowWorkstream(i) => format!("delivery window {}'s `workstreams`", i + 1),
            RefPlace::FindingArea => "`mission.findings.areas`".into(),
            RefPlace::AnswerSource(id) => format!("a source of the answer to `{id}`"),
        }
    }
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

#[cfg(test)]
mod tests;
