//! The session file's YAML shape: serde types that mirror it (format 2, and
//! format 1, which is read and upgraded in memory), parsing with every
//! problem located, and writing format 2 back in a form a person can read.

use std::collections::{BTreeMap, HashMap};

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use super::{
    Answer, AnswerSource, Confidence, DeliveryWindow, FORMAT_VERSION, Findings, Fund, FundStatus,
    Mission, Programme, QuestionnaireRef, RefPlace, Session, SourceHow, Stakeholder, StateInfo,
    Status, Validation, Value,
};
use crate::problem::{Loc, Problem, Problems, did_you_mean};
use crate::questionnaire::validate::is_valid_id;
use crate::questionnaire::{DEFAULT_TARGET, MAX_LEVEL};
use crate::yaml::{self, Limits, loc, parse_date};

/// Reads only the format version, so that a file from a newer tana is
/// recognised before its unknown fields are rejected.
#[derive(Deserialize)]
struct VersionOnly {
    #[serde(rename = "tana-session")]
    format: Spanned<u32>,
}

// ---- format 2 ----

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSession {
    #[serde(rename = "tana-session")]
    format: u32,
    state: FileState,
    mission: FileMission,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    stakeholders: Vec<FileStakeholder>,
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
    code: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    languages: Vec<Spanned<String>>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileMission {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    purpose: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    start: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    end: Option<Spanned<String>>,
    #[serde(default)]
    assessors: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    target: Option<Spanned<i64>>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    targets: BTreeMap<String, Spanned<i64>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    bodies: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    suppliers: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    programmes: Vec<FileProgramme>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    funds: Vec<FileFund>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    delivery_windows: Vec<FileWindow>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    validation: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    limitations: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    findings: Option<FileFindings>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileProgramme {
    id: Spanned<String>,
    name: Spanned<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    lead: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    workstreams: Vec<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    indicators: Vec<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    until: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    note: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileFund {
    id: Spanned<String>,
    source: Spanned<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    amount: Option<Spanned<f64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    currency: Option<Spanned<String>>,
    status: Spanned<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    workstreams: Vec<Spanned<String>>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    note: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileWindow {
    from: Spanned<String>,
    to: Spanned<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    workstreams: Vec<Spanned<String>>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    note: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileFindings {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    overall: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    areas: BTreeMap<String, Spanned<String>>,
}

fn met_default() -> bool {
    true
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileStakeholder {
    id: Spanned<String>,
    institution: Spanned<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    function: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    person: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    date: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    place: String,
    #[serde(default = "met_default")]
    met: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    why_not: String,
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
    Policy,
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
    #[serde(default, skip_serializing_if = "String::is_empty")]
    reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    confidence: Option<FileConfidence>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    sources: Vec<FileSource>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    note: String,
    at: Spanned<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSource {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    stakeholder: Option<Spanned<String>>,
    how: Spanned<String>,
}

// ---- format 1 (read only) ----

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSessionV1 {
    #[serde(rename = "tana-session")]
    #[allow(dead_code)] // checked by `VersionOnly`
    format: u32,
    state: FileStateV1,
    mission: FileMissionV1,
    questionnaire: FileQuestionnaire,
    #[serde(default)]
    position: Option<String>,
    saves: u64,
    created: Spanned<String>,
    updated: Spanned<String>,
    #[serde(default)]
    answers: BTreeMap<String, FileAnswer>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileStateV1 {
    name: String,
    #[serde(default)]
    code: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileMissionV1 {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    start: Option<Spanned<String>>,
    #[serde(default)]
    end: Option<Spanned<String>>,
    #[serde(default)]
    assessors: Vec<String>,
    target_level: Spanned<u8>,
    #[serde(default)]
    bodies: Vec<String>,
}

fn spanned<T>(value: T) -> Spanned<T> {
    Spanned::new(
        value,
        serde_saphyr::Location::UNKNOWN,
        serde_saphyr::Location::UNKNOWN,
    )
}

/// Parses a session file's text (format 1 or 2) into a [`Session`].
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
    match version.format.value {
        1 => parse_v1(source),
        2 => parse_v2(source),
        v if v > FORMAT_VERSION => Err(vec![Problem::at(
            loc(&version.format),
            format!(
                "this session was written by a newer tana (session format {v}; this tana reads formats 1 and {FORMAT_VERSION}); open it with that version; it is left untouched"
            ),
        )]),
        v => Err(vec![Problem::at(
            loc(&version.format),
            format!(
                "`tana-session: {v}` is not a session format; this tana reads formats 1 and {FORMAT_VERSION}"
            ),
        )]),
    }
}

/// Format 1: the mission's `target_level` becomes the mission-wide target
/// override unless it is the default 3; nothing else changes meaning.
fn parse_v1(source: &str) -> Result<Session, Vec<Problem>> {
    let file: FileSessionV1 = yaml::parse(source, Limits::SESSION).map_err(|p| vec![p])?;
    let mut problems = Problems::new();
    let mission = &file.mission;
    if mission.target_level.value > MAX_LEVEL {
        problems.add(
            loc(&mission.target_level),
            format!(
                "the target level {} is outside the scale 0 to {MAX_LEVEL}",
                mission.target_level.value
            ),
        );
    }
    let (start, end) = mission_dates(mission.start.as_ref(), mission.end.as_ref(), &mut problems);
    let answers = file
        .answers
        .iter()
        .map(|(id, raw)| (id.clone(), parse_answer(id, raw, &mut problems)))
        .collect();
    let session = Session {
        state: StateInfo {
            name: file.state.name,
            code: file.state.code,
            languages: Vec::new(),
        },
        mission: Mission {
            title: file.mission.title.clone(),
            start,
            end,
            assessors: file.mission.assessors.clone(),
            target: (mission.target_level.value != DEFAULT_TARGET)
                .then_some(mission.target_level.value),
            bodies: file.mission.bodies.clone(),
            ..Mission::default()
        },
        questionnaire: questionnaire_ref(file.questionnaire),
        position: file.position,
        saves: file.saves,
        created: parse_timestamp(&file.created, &mut problems),
        updated: parse_timestamp(&file.updated, &mut problems),
        stakeholders: Vec::new(),
        answers,
    };
    finish(session, problems)
}

fn parse_v2(source: &str) -> Result<Session, Vec<Problem>> {
    let file: FileSession = yaml::parse(source, Limits::SESSION).map_err(|p| vec![p])?;
    let mut problems = Problems::new();
    let state = parse_state(&file.state, &mut problems);
    let mission = parse_mission(&file.mission, &mut problems);
    let stakeholders = parse_stakeholders(&file.stakeholders, &mut problems);
    let answers = file
        .answers
        .iter()
        .map(|(id, raw)| (id.clone(), parse_answer(id, raw, &mut problems)))
        .collect();
    let session = Session {
        state,
        mission,
        questionnaire: questionnaire_ref(file.questionnaire),
        position: file.position,
        saves: file.saves,
        created: parse_timestamp(&file.created, &mut problems),
        updated: parse_timestamp(&file.updated, &mut problems),
        stakeholders,
        answers,
    };
    finish(session, problems)
}

fn finish(session: Session, problems: Problems) -> Result<Session, Vec<Problem>> {
    if problems.is_empty() {
        Ok(session)
    } else {
        Err(problems.into_sorted())
    }
}

fn questionnaire_ref(file: FileQuestionnaire) -> QuestionnaireRef {
    QuestionnaireRef {
        id: file.id,
        version: file.version,
        hash: file.hash,
        path: file.path,
    }
}

/// Checks an ISO 3166-1 alpha-2 shape (two capital letters).
pub fn is_country_code(code: &str) -> bool {
    code.len() == 2 && code.chars().all(|c| c.is_ascii_uppercase())
}

/// Checks an ISO 639 language code (`fr`, `pt-BR`): the shape, and a
/// primary code ISO 639-1 knows, or a three-letter code for a language
/// without a two-letter one (see [`crate::iso639::check`]).
pub fn is_language_code(code: &str) -> bool {
    crate::iso639::check(code).is_ok()
}

/// Checks the shape of a language code alone: a primary part of two or
/// three small letters, then subtags (`fr`, `prs`, `pt-BR`).
pub fn has_language_code_shape(code: &str) -> bool {
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_lowercase())
        && parts.all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Checks an ISO 4217 currency code shape (three capital letters).
pub fn is_currency_code(code: &str) -> bool {
    code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase())
}

fn parse_state(file: &FileState, problems: &mut Problems) -> StateInfo {
    if let Some(code) = &file.code
        && !is_country_code(&code.value)
    {
        problems.add(
            loc(code),
            format!(
                "`{}` is not a country code; write the ISO 3166-1 alpha-2 code in capitals, such as `FR` or `NO`",
                code.value
            ),
        );
    }
    let mut seen: Vec<&str> = Vec::new();
    for language in &file.languages {
        if !is_language_code(&language.value) {
            problems.add(
                loc(language),
                format!(
                    "`{}` is not a language code; use a lowercase ISO 639 code such as `fr`, `ar` or `en`",
                    language.value
                ),
            );
        }
        if seen.contains(&language.value.as_str()) {
            problems.add(
                loc(language),
                format!(
                    "the language `{}` is listed twice; list each working language once, in order of preference",
                    language.value
                ),
            );
        }
        seen.push(&language.value);
    }
    StateInfo {
        name: file.name.clone(),
        code: file.code.as_ref().map(|c| c.value.clone()),
        languages: file.languages.iter().map(|l| l.value.clone()).collect(),
    }
}

fn mission_dates(
    start: Option<&Spanned<String>>,
    end: Option<&Spanned<String>>,
    problems: &mut Problems,
) -> (Option<Date>, Option<Date>) {
    let start_date = start.and_then(|d| parse_date(d, problems));
    let end_date = end.and_then(|d| parse_date(d, problems));
    if let (Some(s), Some(e), Some(at)) = (start_date, end_date, end)
        && e < s
    {
        problems.add(
            loc(at),
            format!("the mission ends ({e}) before it starts ({s})"),
        );
    }
    (start_date, end_date)
}

fn target_level(value: &Spanned<i64>, what: &str, problems: &mut Problems) -> Option<u8> {
    let level = u8::try_from(value.value).ok().filter(|l| *l <= MAX_LEVEL);
    if level.is_none() {
        problems.add(
            loc(value),
            format!(
                "{what} {} is outside the scale; a target is a level from 0 to {MAX_LEVEL}",
                value.value
            ),
        );
    }
    level
}

/// Records an id: its shape, and that it is not used twice in its list.
fn check_list_id<'a>(
    id: &'a Spanned<String>,
    what: &str,
    seen: &mut HashMap<&'a str, Loc>,
    problems: &mut Problems,
) {
    if !is_valid_id(&id.value) {
        problems.add(
            loc(id),
            format!(
                "the {what} id `{}` must start with a letter and use only letters, digits, `_`, `-` and `.` (such as `P1`)",
                id.value
            ),
        );
    }
    if let Some(first) = seen.get(id.value.as_str()) {
        problems.add(
            loc(id),
            format!(
                "the {what} id `{}` is used twice: first at {first}, again here",
                id.value
            ),
        );
    } else {
        seen.insert(&id.value, loc(id));
    }
}

/// One word of a small vocabulary (`draft`, `pledged`, `oral`), with the
/// nearest accepted word for a typo.
fn vocabulary<T>(
    value: &Spanned<String>,
    field: &str,
    names: &[&str],
    parse: impl Fn(&str) -> Option<T>,
    problems: &mut Problems,
) -> Option<T> {
    let parsed = parse(&value.value);
    if parsed.is_none() {
        problems.add(
            loc(value),
            format!(
                "`{}` is not an accepted `{field}`{} (accepted: {})",
                value.value,
                did_you_mean(&value.value, names.iter().copied()),
                names.join(", ")
            ),
        );
    }
    parsed
}

fn ids(list: &[Spanned<String>]) -> Vec<String> {
    list.iter().map(|s| s.value.clone()).collect()
}

#[allow(clippy::too_many_lines)] // one check per mission field, in file order
fn parse_mission(file: &FileMission, problems: &mut Problems) -> Mission {
    let (start, end) = mission_dates(file.start.as_ref(), file.end.as_ref(), problems);
    let target = file
        .target
        .as_ref()
        .and_then(|t| target_level(t, "the mission's target", problems));
    let mut targets = BTreeMap::new();
    for (id, level) in &file.targets {
        if !is_valid_id(id) {
            problems.add(
                loc(level),
                format!("`{id}` in `mission.targets` is not an area or indicator id (such as `A5` or `A5.1`)"),
            );
        }
        if let Some(l) = target_level(level, &format!("the target of `{id}`"), problems) {
            targets.insert(id.clone(), l);
        }
    }
    let mut seen = HashMap::new();
    let programmes = file
        .programmes
        .iter()
        .map(|p| {
            check_list_id(&p.id, "programme", &mut seen, problems);
            if p.name.value.trim().is_empty() {
                problems.add(
                    loc(&p.name),
                    format!("the programme `{}` has an empty name", p.id.value),
                );
            }
            Programme {
                id: p.id.value.clone(),
                name: p.name.value.clone(),
                lead: p.lead.clone(),
                workstreams: ids(&p.workstreams),
                indicators: ids(&p.indicators),
                until: p.until.as_ref().and_then(|d| parse_date(d, problems)),
                note: p.note.clone(),
            }
        })
        .collect();
    let mut seen = HashMap::new();
    let funds = file
        .funds
        .iter()
        .filter_map(|f| {
            check_list_id(&f.id, "fund", &mut seen, problems);
            if f.source.value.trim().is_empty() {
                problems.add(
                    loc(&f.source),
                    format!(
                        "the fund `{}` names no source; say who provides it (`State budget`, a donor)",
                        f.id.value
                    ),
                );
            }
            if let Some(amount) = &f.amount
                && !(amount.value.is_finite() && amount.value >= 0.0)
            {
                problems.add(
                    loc(amount),
                    format!(
                        "the amount {} of the fund `{}` is not a sum of money; write a number of zero or more without separators, such as `160000`",
                        amount.value, f.id.value
                    ),
                );
            }
            if let Some(currency) = &f.currency
                && !is_currency_code(&currency.value)
            {
                problems.add(
                    loc(currency),
                    format!(
                        "`{}` is not a currency code; use an ISO 4217 code in capitals such as `USD` or `EUR`",
                        currency.value
                    ),
                );
            }
            let status = vocabulary(
                &f.status,
                "status",
                &FundStatus::NAMES,
                FundStatus::parse,
                problems,
            );
            Some(Fund {
                id: f.id.value.clone(),
                source: f.source.value.clone(),
                amount: f.amount.as_ref().map(|a| a.value),
                currency: f.currency.as_ref().map(|c| c.value.clone()),
                status: status?,
                workstreams: ids(&f.workstreams),
                note: f.note.clone(),
            })
        })
        .collect();
    let delivery_windows = file
        .delivery_windows
        .iter()
        .filter_map(|w| {
            let from = parse_date(&w.from, problems);
            let to = parse_date(&w.to, problems);
            if let (Some(from), Some(to)) = (from, to)
                && to < from
            {
                problems.add(
                    loc(&w.to),
                    format!("the delivery window ends ({to}) before it starts ({from})"),
                );
            }
            Some(DeliveryWindow {
                from: from?,
                to: to?,
                workstreams: ids(&w.workstreams),
                note: w.note.clone(),
            })
        })
        .collect();
    let validation = file
        .validation
        .as_ref()
        .and_then(|v| {
            vocabulary(
                v,
                "validation",
                &Validation::NAMES,
                Validation::parse,
                problems,
            )
        })
        .unwrap_or_default();
    Mission {
        title: file.title.clone(),
        purpose: file.purpose.clone(),
        start,
        end,
        assessors: file.assessors.clone(),
        target,
        targets,
        bodies: file.bodies.clone(),
        suppliers: file.suppliers.clone(),
        programmes,
        funds,
        delivery_windows,
        validation,
        limitations: file.limitations.clone(),
        findings: file
            .findings
            .as_ref()
            .map(|f| Findings {
                overall: f.overall.clone(),
                areas: f
                    .areas
                    .iter()
                    .map(|(k, v)| (k.clone(), v.value.clone()))
                    .collect(),
            })
            .unwrap_or_default(),
    }
}

fn parse_stakeholders(file: &[FileStakeholder], problems: &mut Problems) -> Vec<Stakeholder> {
    let mut seen = HashMap::new();
    file.iter()
        .map(|s| {
            check_list_id(&s.id, "stakeholder", &mut seen, problems);
            if s.institution.value.trim().is_empty() {
                problems.add(
                    loc(&s.institution),
                    format!("the stakeholder `{}` names no institution", s.id.value),
                );
            }
            Stakeholder {
                id: s.id.value.clone(),
                institution: s.institution.value.clone(),
                function: s.function.clone(),
                person: s.person.clone(),
                date: s.date.as_ref().and_then(|d| parse_date(d, problems)),
                place: s.place.clone(),
                met: s.met,
                why_not: s.why_not.clone(),
            }
        })
        .collect()
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
        if level.value > MAX_LEVEL {
            problems.add(
                loc(level),
                format!(
                    "the level {} of `{id}` is outside the scale 0 to {MAX_LEVEL}",
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
    let sources = raw
        .sources
        .iter()
        .filter_map(|s| {
            if let Some(stakeholder) = &s.stakeholder
                && !is_valid_id(&stakeholder.value)
            {
                problems.add(
                    loc(stakeholder),
                    format!(
                        "`{}` is not a stakeholder id (such as `S1`)",
                        stakeholder.value
                    ),
                );
            }
            let how = vocabulary(&s.how, "how", &SourceHow::NAMES, SourceHow::parse, problems);
            Some(AnswerSource {
                stakeholder: s.stakeholder.as_ref().map(|x| x.value.clone()),
                how: how?,
            })
        })
        .collect();
    Answer {
        status: raw.status.map(|s| match s {
            FileStatus::Answered => Status::Answered,
            FileStatus::Unknown => Status::Unknown,
            FileStatus::Na => Status::NotApplicable,
            FileStatus::Policy => Status::PolicyChoice,
        }),
        value: values.into_iter().next(),
        note: raw.note.clone(),
        reason: raw.reason.clone(),
        confidence: raw.confidence.map(|c| match c {
            FileConfidence::Low => Confidence::Low,
            FileConfidence::Medium => Confidence::Medium,
            FileConfidence::High => Confidence::High,
        }),
        sources,
        at: parse_timestamp(&raw.at, problems),
    }
}

/// Where each reference to an id sits in a format 2 session's text, for
/// locating [`super::UnknownReference`]s. Empty for a file that does not
/// parse or is format 1 (which holds no such references).
pub fn reference_locations(source: &str) -> Vec<(RefPlace, String, Loc)> {
    let Ok(file) = yaml::parse::<FileSession>(source, Limits::SESSION) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mission = &file.mission;
    for (id, level) in &mission.targets {
        out.push((RefPlace::Target, id.clone(), loc(level)));
    }
    for p in &mission.programmes {
        for w in &p.workstreams {
            let place = RefPlace::ProgrammeWorkstream(p.id.value.clone());
            out.push((place, w.value.clone(), loc(w)));
        }
        for i in &p.indicators {
            let place = RefPlace::ProgrammeIndicator(p.id.value.clone());
            out.push((place, i.value.clone(), loc(i)));
        }
    }
    for f in &mission.funds {
        for w in &f.workstreams {
            let place = RefPlace::FundWorkstream(f.id.value.clone());
            out.push((place, w.value.clone(), loc(w)));
        }
    }
    for (i, window) in mission.delivery_windows.iter().enumerate() {
        for w in &window.workstreams {
            out.push((RefPlace::WindowWorkstream(i), w.value.clone(), loc(w)));
        }
    }
    if let Some(findings) = &mission.findings {
        for (area, text) in &findings.areas {
            out.push((RefPlace::FindingArea, area.clone(), loc(text)));
        }
    }
    for (id, answer) in &file.answers {
        for source in &answer.sources {
            if let Some(s) = &source.stakeholder {
                out.push((RefPlace::AnswerSource(id.clone()), s.value.clone(), loc(s)));
            }
        }
    }
    out
}

fn spanned_ids(list: &[String]) -> Vec<Spanned<String>> {
    list.iter().cloned().map(spanned).collect()
}

fn file_answer(a: &Answer) -> FileAnswer {
    let mut file = FileAnswer {
        status: a.status.map(|s| match s {
            Status::Answered => FileStatus::Answered,
            Status::Unknown => FileStatus::Unknown,
            Status::NotApplicable => FileStatus::Na,
            Status::PolicyChoice => FileStatus::Policy,
        }),
        level: None,
        choice: None,
        choices: None,
        yesno: None,
        number: None,
        text: None,
        date: None,
        reason: a.reason.clone(),
        confidence: a.confidence.map(|c| match c {
            Confidence::Low => FileConfidence::Low,
            Confidence::Medium => FileConfidence::Medium,
            Confidence::High => FileConfidence::High,
        }),
        sources: a
            .sources
            .iter()
            .map(|s| FileSource {
                stakeholder: s.stakeholder.clone().map(spanned),
                how: spanned(s.how.name().to_string()),
            })
            .collect(),
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
    file
}

fn file_mission(m: &Mission) -> FileMission {
    let findings =
        (!m.findings.overall.is_empty() || !m.findings.areas.is_empty()).then(|| FileFindings {
            overall: m.findings.overall.clone(),
            areas: m
                .findings
                .areas
                .iter()
                .map(|(k, v)| (k.clone(), spanned(v.clone())))
                .collect(),
        });
    FileMission {
        title: m.title.clone(),
        purpose: m.purpose.clone(),
        start: m.start.map(|d| spanned(d.to_string())),
        end: m.end.map(|d| spanned(d.to_string())),
        assessors: m.assessors.clone(),
        target: m.target.map(|t| spanned(i64::from(t))),
        targets: m
            .targets
            .iter()
            .map(|(k, v)| (k.clone(), spanned(i64::from(*v))))
            .collect(),
        bodies: m.bodies.clone(),
        suppliers: m.suppliers.clone(),
        programmes: m
            .programmes
            .iter()
            .map(|p| FileProgramme {
                id: spanned(p.id.clone()),
                name: spanned(p.name.clone()),
                lead: p.lead.clone(),
                workstreams: spanned_ids(&p.workstreams),
                indicators: spanned_ids(&p.indicators),
                until: p.until.map(|d| spanned(d.to_string())),
                note: p.note.clone(),
            })
            .collect(),
        funds: m
            .funds
            .iter()
            .map(|f| FileFund {
                id: spanned(f.id.clone()),
                source: spanned(f.source.clone()),
                amount: f.amount.map(spanned),
                currency: f.currency.clone().map(spanned),
                status: spanned(f.status.name().to_string()),
                workstreams: spanned_ids(&f.workstreams),
                note: f.note.clone(),
            })
            .collect(),
        delivery_windows: m
            .delivery_windows
            .iter()
            .map(|w| FileWindow {
                from: spanned(w.from.to_string()),
                to: spanned(w.to.to_string()),
                workstreams: spanned_ids(&w.workstreams),
                note: w.note.clone(),
            })
            .collect(),
        validation: Some(spanned(m.validation.name().to_string())),
        limitations: m.limitations.clone(),
        findings,
    }
}

/// Writes a session as YAML, in format 2.
pub fn to_yaml(session: &Session) -> String {
    let answers = session
        .answers
        .iter()
        .filter(|(_, a)| !a.is_blank())
        .map(|(id, a)| (id.clone(), file_answer(a)))
        .collect();
    let file = FileSession {
        format: FORMAT_VERSION,
        state: FileState {
            name: session.state.name.clone(),
            code: session.state.code.clone().map(spanned),
            languages: spanned_ids(&session.state.languages),
        },
        mission: file_mission(&session.mission),
        stakeholders: session
            .stakeholders
            .iter()
            .map(|s| FileStakeholder {
                id: spanned(s.id.clone()),
                institution: spanned(s.institution.clone()),
                function: s.function.clone(),
                person: s.person.clone(),
                date: s.date.map(|d| spanned(d.to_string())),
                place: s.place.clone(),
                met: s.met,
                why_not: s.why_not.clone(),
            })
            .collect(),
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
mod tests;
