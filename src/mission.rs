//! The mission record as editable fields, for the interview's Mission screen
//! and plain mode: each field of the State, the mission, the targets agreed
//! with the State, the bodies, suppliers, programmes, funds and delivery
//! windows, the validation status, limitations, findings and the
//! stakeholders register has a typed address ([`Field`]), a text form that
//! a person edits, and a parser that checks the text and applies it, or
//! says what is wrong with a typed [`EditError`] (words:
//! [`crate::words::edit_error`]). Nothing here touches a screen.

use jiff::civil::Date;

use crate::problem::nearest;
use crate::questionnaire::{MAX_LEVEL, Questionnaire, SectionKind};
use crate::session::file::{is_country_code, is_currency_code, is_language_code};
use crate::session::{
    AnswerSource, DeliveryWindow, Fund, FundStatus, Programme, Session, Stakeholder, Validation,
};

/// A field of a stakeholder (the id is assigned and never edited: answers refer to it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StakeholderField {
    Institution,
    Function,
    Person,
    Date,
    Place,
    Met,
    WhyNot,
}

impl StakeholderField {
    pub const ALL: [StakeholderField; 7] = [
        StakeholderField::Institution,
        StakeholderField::Function,
        StakeholderField::Person,
        StakeholderField::Date,
        StakeholderField::Place,
        StakeholderField::Met,
        StakeholderField::WhyNot,
    ];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProgrammeField {
    Name,
    Lead,
    Workstreams,
    Indicators,
    Until,
    Note,
}

impl ProgrammeField {
    pub const ALL: [ProgrammeField; 6] = [
        ProgrammeField::Name,
        ProgrammeField::Lead,
        ProgrammeField::Workstreams,
        ProgrammeField::Indicators,
        ProgrammeField::Until,
        ProgrammeField::Note,
    ];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FundField {
    Source,
    Amount,
    Currency,
    Status,
    Workstreams,
    Note,
}

impl FundField {
    pub const ALL: [FundField; 6] = [
        FundField::Source,
        FundField::Amount,
        FundField::Currency,
        FundField::Status,
        FundField::Workstreams,
        FundField::Note,
    ];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WindowField {
    From,
    To,
    Workstreams,
    Note,
}

impl WindowField {
    pub const ALL: [WindowField; 4] = [
        WindowField::From,
        WindowField::To,
        WindowField::Workstreams,
        WindowField::Note,
    ];
}

/// The address of one editable field of the record.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Field {
    StateName,
    StateCode,
    /// Working languages, in order of preference.
    Languages,
    Title,
    Purpose,
    Start,
    End,
    Assessors,
    /// The mission-wide target.
    Target,
    /// The target agreed for a scored area (its id).
    AreaTarget(String),
    /// The targets agreed per indicator, one `ID: LEVEL` a line.
    IndicatorTargets,
    Bodies,
    Suppliers,
    Validation,
    Limitations,
    FindingsOverall,
    /// The findings on a scored area (its id).
    AreaFinding(String),
    Stakeholder(usize, StakeholderField),
    Programme(usize, ProgrammeField),
    Fund(usize, FundField),
    Window(usize, WindowField),
}

/// How a field is edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// One line of text.
    Line,
    /// Free text over several lines.
    Text,
    /// One item a line.
    Lines,
    /// One of a few words, cycled.
    Choice(&'static [&'static str]),
    /// Yes or no.
    Toggle,
}

impl Field {
    pub fn shape(&self) -> Shape {
        match self {
            Field::Purpose
            | Field::Limitations
            | Field::FindingsOverall
            | Field::AreaFinding(_)
            | Field::Stakeholder(_, StakeholderField::WhyNot)
            | Field::Programme(_, ProgrammeField::Note)
            | Field::Fund(_, FundField::Note)
            | Field::Window(_, WindowField::Note) => Shape::Text,
            Field::Assessors | Field::Bodies | Field::Suppliers | Field::IndicatorTargets => {
                Shape::Lines
            }
            Field::Validation => Shape::Choice(&Validation::NAMES),
            Field::Fund(_, FundField::Status) => Shape::Choice(&FundStatus::NAMES),
            Field::Stakeholder(_, StakeholderField::Met) => Shape::Toggle,
            _ => Shape::Line,
        }
    }

    /// Whether a change to this field changes the scores (targets do).
    pub fn rescores(&self) -> bool {
        matches!(
            self,
            Field::Target | Field::AreaTarget(_) | Field::IndicatorTargets
        )
    }
}

/// The lists of the record whose items are added and removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum List {
    Stakeholders,
    Programmes,
    Funds,
    Windows,
}

impl List {
    /// The fields of the item at `index`, in the order they are shown.
    pub fn fields(self, index: usize) -> Vec<Field> {
        match self {
            List::Stakeholders => StakeholderField::ALL
                .iter()
                .map(|f| Field::Stakeholder(index, *f))
                .collect(),
            List::Programmes => ProgrammeField::ALL
                .iter()
                .map(|f| Field::Programme(index, *f))
                .collect(),
            List::Funds => FundField::ALL
                .iter()
                .map(|f| Field::Fund(index, *f))
                .collect(),
            List::Windows => WindowField::ALL
                .iter()
                .map(|f| Field::Window(index, *f))
                .collect(),
        }
    }

    pub fn len(self, session: &Session) -> usize {
        match self {
            List::Stakeholders => session.stakeholders.len(),
            List::Programmes => session.mission.programmes.len(),
            List::Funds => session.mission.funds.len(),
            List::Windows => session.mission.delivery_windows.len(),
        }
    }
}

/// The groups of the Mission screen, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Group {
    State,
    Mission,
    Targets,
    Parties,
    Programmes,
    Funds,
    Windows,
    Findings,
    Stakeholders,
}

/// A row of the Mission screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    Heading(Group),
    Field(Field),
    /// An item of a list (shown as one line; its fields open on their own).
    Item(List, usize),
    /// "Add …" at the end of a list.
    Add(List),
}

/// Every row of the record, grouped, in the order of the screen.
pub fn rows(session: &Session, questionnaire: &Questionnaire) -> Vec<Row> {
    let areas: Vec<String> = scored_areas(questionnaire)
        .into_iter()
        .map(str::to_string)
        .collect();
    let mut rows = vec![
        Row::Heading(Group::State),
        Row::Field(Field::StateName),
        Row::Field(Field::StateCode),
        Row::Field(Field::Languages),
        Row::Heading(Group::Mission),
        Row::Field(Field::Title),
        Row::Field(Field::Purpose),
        Row::Field(Field::Start),
        Row::Field(Field::End),
        Row::Field(Field::Assessors),
        Row::Field(Field::Validation),
        Row::Field(Field::Limitations),
        Row::Heading(Group::Targets),
        Row::Field(Field::Target),
    ];
    rows.extend(
        areas
            .iter()
            .map(|a| Row::Field(Field::AreaTarget(a.clone()))),
    );
    rows.push(Row::Field(Field::IndicatorTargets));
    rows.push(Row::Heading(Group::Parties));
    rows.push(Row::Field(Field::Bodies));
    rows.push(Row::Field(Field::Suppliers));
    for (group, list) in [
        (Group::Programmes, List::Programmes),
        (Group::Funds, List::Funds),
        (Group::Windows, List::Windows),
    ] {
        rows.push(Row::Heading(group));
        rows.extend((0..list.len(session)).map(|i| Row::Item(list, i)));
        rows.push(Row::Add(list));
    }
    rows.push(Row::Heading(Group::Findings));
    rows.push(Row::Field(Field::FindingsOverall));
    rows.extend(
        areas
            .iter()
            .map(|a| Row::Field(Field::AreaFinding(a.clone()))),
    );
    rows.push(Row::Heading(Group::Stakeholders));
    rows.extend((0..session.stakeholders.len()).map(|i| Row::Item(List::Stakeholders, i)));
    rows.push(Row::Add(List::Stakeholders));
    rows
}

fn scored_areas(questionnaire: &Questionnaire) -> Vec<&str> {
    questionnaire
        .sections
        .iter()
        .filter(|s| s.kind == SectionKind::Scored)
        .map(|s| s.id.as_str())
        .collect()
}

/// What is wrong with an edit (in words: [`crate::words::edit_error`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    /// The field cannot be empty.
    Required,
    NotADate {
        text: String,
    },
    NotACountryCode {
        text: String,
    },
    NotALanguage {
        text: String,
    },
    LanguageTwice {
        language: String,
    },
    NotALevel {
        text: String,
    },
    NotAnAmount {
        text: String,
    },
    NotACurrency {
        text: String,
    },
    EndsBeforeStart {
        start: Date,
        end: Date,
    },
    UnknownWorkstream {
        id: String,
        nearest: Option<String>,
    },
    /// Not a scored area or indicator of the questionnaire.
    UnknownIndicator {
        id: String,
        nearest: Option<String>,
    },
    /// An area id in the indicator targets (areas have their own rows).
    AreaInIndicatorTargets {
        id: String,
    },
    /// A line of the indicator targets that is not `ID: LEVEL`.
    NotATargetLine {
        line: usize,
        text: String,
    },
    /// The item no longer exists.
    NoSuchItem,
    /// A stakeholder that answers name as their source cannot be removed.
    StakeholderInUse {
        id: String,
        answers: Vec<String>,
    },
}

/// The text of a field as a person edits it (empty when unset).
pub fn value(session: &Session, questionnaire: &Questionnaire, field: &Field) -> String {
    let m = &session.mission;
    let date = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
    let lines = |l: &[String]| l.join("\n");
    let ids = |l: &[String]| l.join(", ");
    match field {
        Field::StateName => session.state.name.clone(),
        Field::StateCode => session.state.code.clone().unwrap_or_default(),
        Field::Languages => ids(&session.state.languages),
        Field::Title => m.title.clone().unwrap_or_default(),
        Field::Purpose => m.purpose.clone(),
        Field::Start => date(m.start),
        Field::End => date(m.end),
        Field::Assessors => lines(&m.assessors),
        Field::Target => m.target.map(|t| t.to_string()).unwrap_or_default(),
        Field::AreaTarget(area) => m
            .targets
            .get(area)
            .map(ToString::to_string)
            .unwrap_or_default(),
        // Every target that is not an area's: the indicators', and any the
        // questionnaire does not know, so that they show and can be mended.
        Field::IndicatorTargets => m
            .targets
            .iter()
            .filter(|(id, _)| !scored_areas(questionnaire).contains(&id.as_str()))
            .map(|(id, level)| format!("{id}: {level}"))
            .collect::<Vec<_>>()
            .join("\n"),
        Field::Bodies => lines(&m.bodies),
        Field::Suppliers => lines(&m.suppliers),
        Field::Validation => m.validation.name().to_string(),
        Field::Limitations => m.limitations.clone(),
        Field::FindingsOverall => m.findings.overall.clone(),
        Field::AreaFinding(area) => m.findings.areas.get(area).cloned().unwrap_or_default(),
        Field::Stakeholder(i, f) => {
            session
                .stakeholders
                .get(*i)
                .map_or_else(String::new, |s| match f {
                    StakeholderField::Institution => s.institution.clone(),
                    StakeholderField::Function => s.function.clone(),
                    StakeholderField::Person => s.person.clone(),
                    StakeholderField::Date => date(s.date),
                    StakeholderField::Place => s.place.clone(),
                    StakeholderField::Met => if s.met { "yes" } else { "no" }.to_string(),
                    StakeholderField::WhyNot => s.why_not.clone(),
                })
        }
        Field::Programme(i, f) => m.programmes.get(*i).map_or_else(String::new, |p| match f {
            ProgrammeField::Name => p.name.clone(),
            ProgrammeField::Lead => p.lead.clone().unwrap_or_default(),
            ProgrammeField::Workstreams => ids(&p.workstreams),
            ProgrammeField::Indicators => ids(&p.indicators),
            ProgrammeField::Until => date(p.until),
            ProgrammeField::Note => p.note.clone(),
        }),
        Field::Fund(i, f) => m.funds.get(*i).map_or_else(String::new, |x| match f {
            FundField::Source => x.source.clone(),
            FundField::Amount => x.amount.map(|a| a.to_string()).unwrap_or_default(),
            FundField::Currency => x.currency.clone().unwrap_or_default(),
            FundField::Status => x.status.name().to_string(),
            FundField::Workstreams => ids(&x.workstreams),
            FundField::Note => x.note.clone(),
        }),
        Field::Window(i, f) => m
            .delivery_windows
            .get(*i)
            .map_or_else(String::new, |w| match f {
                WindowField::From => w.from.to_string(),
                WindowField::To => w.to.to_string(),
                WindowField::Workstreams => ids(&w.workstreams),
                WindowField::Note => w.note.clone(),
            }),
    }
}

/// The next value of a choice or toggle field (for a key that cycles it).
pub fn cycled(session: &Session, questionnaire: &Questionnaire, field: &Field) -> Option<String> {
    let current = value(session, questionnaire, field);
    match field.shape() {
        Shape::Choice(names) => {
            let i = names.iter().position(|n| *n == current).unwrap_or(0);
            Some(names[(i + 1) % names.len()].to_string())
        }
        Shape::Toggle => Some(if current == "yes" { "no" } else { "yes" }.to_string()),
        _ => None,
    }
}

/// Checks `text` for `field` and records it in the session. Nothing changes
/// when the text is refused.
pub fn set(
    session: &mut Session,
    questionnaire: &Questionnaire,
    field: &Field,
    text: &str,
) -> Result<(), EditError> {
    let line = text.trim();
    let m = &mut session.mission;
    match field {
        Field::StateName => session.state.name = required(line)?,
        Field::StateCode => {
            session.state.code = if line.is_empty() {
                None
            } else {
                let upper = line.to_ascii_uppercase();
                if !is_country_code(&upper) {
                    return Err(EditError::NotACountryCode { text: line.into() });
                }
                Some(upper)
            };
        }
        Field::Languages => session.state.languages = languages(line)?,
        Field::Title => m.title = (!line.is_empty()).then(|| line.to_string()),
        Field::Purpose => m.purpose = text.trim_end().to_string(),
        Field::Start => {
            let start = optional_date(line)?;
            order(start, m.end)?;
            m.start = start;
        }
        Field::End => {
            let end = optional_date(line)?;
            order(m.start, end)?;
            m.end = end;
        }
        Field::Assessors => m.assessors = items(text),
        Field::Target => m.target = level(line)?,
        Field::AreaTarget(area) => match level(line)? {
            Some(l) => {
                m.targets.insert(area.clone(), l);
            }
            None => {
                m.targets.remove(area);
            }
        },
        Field::IndicatorTargets => {
            let parsed = indicator_targets(questionnaire, text)?;
            let areas = scored_areas(questionnaire);
            m.targets.retain(|id, _| areas.contains(&id.as_str()));
            m.targets.extend(parsed);
        }
        Field::Bodies => m.bodies = items(text),
        Field::Suppliers => m.suppliers = items(text),
        Field::Validation => {
            m.validation = Validation::parse(line).ok_or(EditError::Required)?;
        }
        Field::Limitations => m.limitations = text.trim_end().to_string(),
        Field::FindingsOverall => m.findings.overall = text.trim_end().to_string(),
        Field::AreaFinding(area) => {
            let text = text.trim_end();
            if text.is_empty() {
                m.findings.areas.remove(area);
            } else {
                m.findings.areas.insert(area.clone(), text.to_string());
            }
        }
        Field::Stakeholder(i, f) => set_stakeholder(session, *i, *f, text)?,
        Field::Programme(i, f) => set_programme(session, questionnaire, *i, *f, text)?,
        Field::Fund(i, f) => set_fund(session, questionnaire, *i, *f, text)?,
        Field::Window(i, f) => set_window(session, questionnaire, *i, *f, text)?,
    }
    Ok(())
}

fn set_stakeholder(
    session: &mut Session,
    index: usize,
    field: StakeholderField,
    text: &str,
) -> Result<(), EditError> {
    let line = text.trim();
    let s = session
        .stakeholders
        .get_mut(index)
        .ok_or(EditError::NoSuchItem)?;
    match field {
        StakeholderField::Institution => s.institution = required(line)?,
        StakeholderField::Function => s.function = line.into(),
        StakeholderField::Person => s.person = line.into(),
        StakeholderField::Date => s.date = optional_date(line)?,
        StakeholderField::Place => s.place = line.into(),
        StakeholderField::Met => s.met = yes(line)?,
        StakeholderField::WhyNot => s.why_not = text.trim_end().to_string(),
    }
    Ok(())
}

fn set_programme(
    session: &mut Session,
    questionnaire: &Questionnaire,
    index: usize,
    field: ProgrammeField,
    text: &str,
) -> Result<(), EditError> {
    let line = text.trim();
    let p = session
        .mission
        .programmes
        .get_mut(index)
        .ok_or(EditError::NoSuchItem)?;
    match field {
        ProgrammeField::Name => p.name = required(line)?,
        ProgrammeField::Lead => p.lead = (!line.is_empty()).then(|| line.to_string()),
        ProgrammeField::Workstreams => p.workstreams = workstream_ids(questionnaire, line)?,
        ProgrammeField::Indicators => p.indicators = indicator_ids(questionnaire, line)?,
        ProgrammeField::Until => p.until = optional_date(line)?,
        ProgrammeField::Note => p.note = text.trim_end().to_string(),
    }
    Ok(())
}

fn set_fund(
    session: &mut Session,
    questionnaire: &Questionnaire,
    index: usize,
    field: FundField,
    text: &str,
) -> Result<(), EditError> {
    let line = text.trim();
    let x = session
        .mission
        .funds
        .get_mut(index)
        .ok_or(EditError::NoSuchItem)?;
    match field {
        FundField::Source => x.source = required(line)?,
        FundField::Amount => x.amount = amount(line)?,
        FundField::Currency => {
            x.currency = if line.is_empty() {
                None
            } else {
                let upper = line.to_ascii_uppercase();
                if !is_currency_code(&upper) {
                    return Err(EditError::NotACurrency { text: line.into() });
                }
                Some(upper)
            };
        }
        FundField::Status => x.status = FundStatus::parse(line).ok_or(EditError::Required)?,
        FundField::Workstreams => x.workstreams = workstream_ids(questionnaire, line)?,
        FundField::Note => x.note = text.trim_end().to_string(),
    }
    Ok(())
}

fn set_window(
    session: &mut Session,
    questionnaire: &Questionnaire,
    index: usize,
    field: WindowField,
    text: &str,
) -> Result<(), EditError> {
    let line = text.trim();
    let w = session
        .mission
        .delivery_windows
        .get_mut(index)
        .ok_or(EditError::NoSuchItem)?;
    match field {
        WindowField::From => {
            let from = required_date(line)?;
            order(Some(from), Some(w.to))?;
            w.from = from;
        }
        WindowField::To => {
            let to = required_date(line)?;
            order(Some(w.from), Some(to))?;
            w.to = to;
        }
        WindowField::Workstreams => w.workstreams = workstream_ids(questionnaire, line)?,
        WindowField::Note => w.note = text.trim_end().to_string(),
    }
    Ok(())
}

/// Adds an item to a list and returns its index. A new stakeholder is
/// met and a new delivery window runs from `today` for three months, both
/// to be edited; ids are the next free `S`, `P`, `F` numbers.
pub fn add(session: &mut Session, list: List, today: Date) -> usize {
    let m = &mut session.mission;
    match list {
        List::Stakeholders => {
            let id = next_id("S", session.stakeholders.iter().map(|s| s.id.as_str()));
            session.stakeholders.push(Stakeholder::new(id, ""));
            session.stakeholders.len() - 1
        }
        List::Programmes => {
            let id = next_id("P", m.programmes.iter().map(|p| p.id.as_str()));
            m.programmes.push(Programme {
                id,
                ..Programme::default()
            });
            m.programmes.len() - 1
        }
        List::Funds => {
            let id = next_id("F", m.funds.iter().map(|f| f.id.as_str()));
            m.funds.push(Fund {
                id,
                source: String::new(),
                amount: None,
                currency: None,
                status: FundStatus::Pledged,
                workstreams: Vec::new(),
                note: String::new(),
            });
            m.funds.len() - 1
        }
        List::Windows => {
            let to = today
                .checked_add(jiff::Span::new().months(3))
                .unwrap_or(today);
            m.delivery_windows.push(DeliveryWindow {
                from: today,
                to,
                workstreams: Vec::new(),
                note: String::new(),
            });
            m.delivery_windows.len() - 1
        }
    }
}

/// Removes an item. A stakeholder named as the source of answers is kept
/// (the error lists the answers): mark them not met instead, or remove
/// the sources first.
pub fn remove(session: &mut Session, list: List, index: usize) -> Result<(), EditError> {
    if index >= list.len(session) {
        return Err(EditError::NoSuchItem);
    }
    let m = &mut session.mission;
    match list {
        List::Stakeholders => {
            let id = session.stakeholders[index].id.clone();
            let answers: Vec<String> = session
                .answers
                .iter()
                .filter(|(_, a)| {
                    a.sources
                        .iter()
                        .any(|s| s.stakeholder.as_deref() == Some(id.as_str()))
                })
                .map(|(q, _)| q.clone())
                .collect();
            if !answers.is_empty() {
                return Err(EditError::StakeholderInUse { id, answers });
            }
            session.stakeholders.remove(index);
        }
        List::Programmes => {
            m.programmes.remove(index);
        }
        List::Funds => {
            m.funds.remove(index);
        }
        List::Windows => {
            m.delivery_windows.remove(index);
        }
    }
    Ok(())
}

/// An item with nothing entered yet (a freshly added stakeholder, programme
/// or fund left without its required name), to drop when leaving it.
pub fn is_empty_item(session: &Session, list: List, index: usize) -> bool {
    match list {
        List::Stakeholders => session.stakeholders.get(index).is_some_and(|s| {
            s.institution.is_empty()
                && s.function.is_empty()
                && s.person.is_empty()
                && s.date.is_none()
                && s.place.is_empty()
                && s.why_not.is_empty()
        }),
        List::Programmes => session.mission.programmes.get(index).is_some_and(|p| {
            p.name.is_empty()
                && p.lead.is_none()
                && p.workstreams.is_empty()
                && p.indicators.is_empty()
                && p.until.is_none()
                && p.note.is_empty()
        }),
        List::Funds => session.mission.funds.get(index).is_some_and(|f| {
            f.source.is_empty()
                && f.amount.is_none()
                && f.workstreams.is_empty()
                && f.note.is_empty()
        }),
        List::Windows => false,
    }
}

/// What [`toggle_source`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceChange {
    Added,
    /// The stakeholder was there, named with another way: now this one.
    Changed,
    Removed,
}

/// Picks a source for an answer: adds it; takes it away when the same
/// stakeholder is already there the same way; changes the way when the
/// stakeholder is there another way (one entry per stakeholder, so a second
/// pick corrects rather than duplicates). A source with no stakeholder (a
/// desk review) toggles like any other.
pub fn toggle_source(sources: &mut Vec<AnswerSource>, source: AnswerSource) -> SourceChange {
    if let Some(i) = sources.iter().position(|s| *s == source) {
        sources.remove(i);
        return SourceChange::Removed;
    }
    if source.stakeholder.is_some()
        && let Some(existing) = sources
            .iter_mut()
            .find(|s| s.stakeholder == source.stakeholder)
    {
        existing.how = source.how;
        return SourceChange::Changed;
    }
    sources.push(source);
    SourceChange::Added
}

fn next_id<'a>(prefix: &str, existing: impl Iterator<Item = &'a str>) -> String {
    let highest = existing
        .filter_map(|id| id.strip_prefix(prefix)?.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    format!("{prefix}{}", highest + 1)
}

fn required(line: &str) -> Result<String, EditError> {
    if line.is_empty() {
        Err(EditError::Required)
    } else {
        Ok(line.to_string())
    }
}

fn yes(line: &str) -> Result<bool, EditError> {
    match line.to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" | "met" => Ok(true),
        "no" | "n" | "false" | "not met" => Ok(false),
        _ => Err(EditError::Required),
    }
}

fn optional_date(line: &str) -> Result<Option<Date>, EditError> {
    if line.is_empty() {
        Ok(None)
    } else {
        required_date(line).map(Some)
    }
}

fn required_date(line: &str) -> Result<Date, EditError> {
    if line.is_empty() {
        return Err(EditError::Required);
    }
    line.parse()
        .map_err(|_| EditError::NotADate { text: line.into() })
}

fn order(start: Option<Date>, end: Option<Date>) -> Result<(), EditError> {
    match (start, end) {
        (Some(start), Some(end)) if end < start => Err(EditError::EndsBeforeStart { start, end }),
        _ => Ok(()),
    }
}

fn level(line: &str) -> Result<Option<u8>, EditError> {
    if line.is_empty() {
        return Ok(None);
    }
    line.parse::<u8>()
        .ok()
        .filter(|l| *l <= MAX_LEVEL)
        .map(Some)
        .ok_or_else(|| EditError::NotALevel { text: line.into() })
}

fn amount(line: &str) -> Result<Option<f64>, EditError> {
    if line.is_empty() {
        return Ok(None);
    }
    let digits: String = line
        .chars()
        .filter(|c| !matches!(c, ' ' | ',' | '_' | '\u{a0}' | '\u{202f}'))
        .collect();
    digits
        .parse::<f64>()
        .ok()
        .filter(|a| a.is_finite() && *a >= 0.0)
        .map(Some)
        .ok_or_else(|| EditError::NotAnAmount { text: line.into() })
}

/// One item a line, trimmed, blank lines dropped.
fn items(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// Ids separated by commas or spaces.
fn id_list(line: &str) -> Vec<&str> {
    line.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .collect()
}

fn languages(line: &str) -> Result<Vec<String>, EditError> {
    let mut out: Vec<String> = Vec::new();
    for code in id_list(line) {
        let code = code.to_string();
        if !is_language_code(&code) {
            return Err(EditError::NotALanguage { text: code });
        }
        if out.contains(&code) {
            return Err(EditError::LanguageTwice { language: code });
        }
        out.push(code);
    }
    Ok(out)
}

fn workstream_ids(questionnaire: &Questionnaire, line: &str) -> Result<Vec<String>, EditError> {
    let known: Vec<&str> = questionnaire
        .workstreams
        .iter()
        .map(|w| w.id.as_str())
        .collect();
    let mut out: Vec<String> = Vec::new();
    for id in id_list(line) {
        let Some(found) = known.iter().find(|k| k.eq_ignore_ascii_case(id)) else {
            return Err(EditError::UnknownWorkstream {
                id: id.into(),
                nearest: nearest(id, known.iter().copied()).map(str::to_string),
            });
        };
        if !out.iter().any(|o| o == found) {
            out.push((*found).to_string());
        }
    }
    Ok(out)
}

fn known_ids(questionnaire: &Questionnaire) -> Vec<&str> {
    let mut known = scored_areas(questionnaire);
    known.extend(
        questionnaire
            .questions
            .iter()
            .filter(|q| q.indicator)
            .map(|q| q.id.as_str()),
    );
    known
}

fn indicator_ids(questionnaire: &Questionnaire, line: &str) -> Result<Vec<String>, EditError> {
    let known = known_ids(questionnaire);
    let mut out: Vec<String> = Vec::new();
    for id in id_list(line) {
        let Some(found) = known.iter().find(|k| k.eq_ignore_ascii_case(id)) else {
            return Err(EditError::UnknownIndicator {
                id: id.into(),
                nearest: nearest(id, known.iter().copied()).map(str::to_string),
            });
        };
        if !out.iter().any(|o| o == found) {
            out.push((*found).to_string());
        }
    }
    Ok(out)
}

/// `ID: LEVEL` a line (also `ID LEVEL` or `ID=LEVEL`), indicators only.
fn indicator_targets(
    questionnaire: &Questionnaire,
    text: &str,
) -> Result<Vec<(String, u8)>, EditError> {
    let areas = scored_areas(questionnaire);
    let indicators: Vec<&str> = questionnaire
        .questions
        .iter()
        .filter(|q| q.indicator)
        .map(|q| q.id.as_str())
        .collect();
    let mut out: Vec<(String, u8)> = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        let parts: Vec<&str> = line
            .split(|c: char| c == ':' || c == '=' || c.is_whitespace())
            .filter(|p| !p.is_empty())
            .collect();
        let [id, level_text] = parts.as_slice() else {
            return Err(EditError::NotATargetLine {
                line: n + 1,
                text: line.into(),
            });
        };
        if areas.iter().any(|a| a.eq_ignore_ascii_case(id)) {
            return Err(EditError::AreaInIndicatorTargets {
                id: (*id).to_string(),
            });
        }
        let Some(found) = indicators.iter().find(|k| k.eq_ignore_ascii_case(id)) else {
            return Err(EditError::UnknownIndicator {
                id: (*id).to_string(),
                nearest: nearest(id, indicators.iter().copied()).map(str::to_string),
            });
        };
        let l = level(level_text)?.ok_or(EditError::Required)?;
        out.retain(|(i, _)| i != found);
        out.push(((*found).to_string(), l));
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
