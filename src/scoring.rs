//! Scoring: indicator levels, area levels as weighted means of the
//! applicable answered indicators (with the lowest indicator beside the
//! mean), area confidence, the overall profile, and gaps against each
//! indicator's effective target (mission, question, section or
//! questionnaire; with where it came from), with a deterministic priority
//! order built from a typed list of factors (the gap, weights, importance,
//! and what the State asked for and how urgently). Every rule is stated in
//! docs/scoring.md.

use serde::Serialize;

use crate::applicability;
use crate::questionnaire::{
    DEFAULT_TARGET, Importance, Kind, MAX_LEVEL, Question, Questionnaire, SectionKind, Urgency,
};
use crate::session::{Answer, Confidence, Session, Status, Value};

/// Where an indicator stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum IndicatorState {
    /// Answered with a level.
    Scored,
    /// Answered "unknown": a gap to confirm, not a zero.
    ToConfirm,
    /// Not applicable, or skipped by a condition: leaves the denominator.
    NotApplicable,
    /// A deliberate policy choice of the State: no level, no gap, no need;
    /// leaves the denominator like not applicable.
    PolicyChoice,
    /// Not answered yet.
    Open,
}

/// Where an effective target came from (docs/scoring.md §4), first found wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TargetOrigin {
    /// The session's `mission.targets[<indicator id>]`.
    MissionIndicator,
    /// The session's `mission.targets[<area id>]`.
    MissionArea,
    /// The session's mission-wide `mission.target`.
    Mission,
    /// The question's `target:`.
    Question,
    /// The section's `target:`.
    Section,
    /// The questionnaire's `target:`.
    Questionnaire,
    /// Nothing set one: 3.
    Default,
}

impl TargetOrigin {
    /// The code written in JSON (`mission-indicator`, …).
    pub fn code(self) -> &'static str {
        match self {
            TargetOrigin::MissionIndicator => "mission-indicator",
            TargetOrigin::MissionArea => "mission-area",
            TargetOrigin::Mission => "mission",
            TargetOrigin::Question => "question",
            TargetOrigin::Section => "section",
            TargetOrigin::Questionnaire => "questionnaire",
            TargetOrigin::Default => "default",
        }
    }

    /// True when the target was agreed for this mission rather than taken
    /// from the questionnaire.
    pub fn is_mission(self) -> bool {
        matches!(
            self,
            TargetOrigin::MissionIndicator | TargetOrigin::MissionArea | TargetOrigin::Mission
        )
    }
}

/// A target level with where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Target {
    pub level: u8,
    pub origin: TargetOrigin,
}

/// The effective target of an indicator: mission indicator target, mission
/// area target, mission-wide target, the question's, the section's, the
/// questionnaire's, else 3.
pub fn indicator_target(
    questionnaire: &Questionnaire,
    session: &Session,
    question: usize,
) -> Target {
    let question = &questionnaire.questions[question];
    let mission = &session.mission;
    if let Some(&level) = mission.targets.get(&question.id) {
        return Target {
            level,
            origin: TargetOrigin::MissionIndicator,
        };
    }
    let section = &questionnaire.sections[question.section];
    mission_area_target(questionnaire, session, question.section)
        .or(question.target.map(|level| Target {
            level,
            origin: TargetOrigin::Question,
        }))
        .or(section.target.map(|level| Target {
            level,
            origin: TargetOrigin::Section,
        }))
        .unwrap_or_else(|| questionnaire_target(questionnaire))
}

/// The target of an area: the mission's area target, the mission-wide
/// target, the section's, the questionnaire's, else 3.
pub fn area_target(questionnaire: &Questionnaire, session: &Session, section: usize) -> Target {
    mission_area_target(questionnaire, session, section)
        .or(questionnaire.sections[section].target.map(|level| Target {
            level,
            origin: TargetOrigin::Section,
        }))
        .unwrap_or_else(|| questionnaire_target(questionnaire))
}

/// The target that applies where nothing more specific is set: the
/// mission-wide target, the questionnaire's, else 3.
pub fn default_target(questionnaire: &Questionnaire, session: &Session) -> Target {
    session.mission.target.map_or_else(
        || questionnaire_target(questionnaire),
        |level| Target {
            level,
            origin: TargetOrigin::Mission,
        },
    )
}

fn mission_area_target(
    questionnaire: &Questionnaire,
    session: &Session,
    section: usize,
) -> Option<Target> {
    let mission = &session.mission;
    mission
        .targets
        .get(&questionnaire.sections[section].id)
        .map(|&level| Target {
            level,
            origin: TargetOrigin::MissionArea,
        })
        .or(mission.target.map(|level| Target {
            level,
            origin: TargetOrigin::Mission,
        }))
}

fn questionnaire_target(questionnaire: &Questionnaire) -> Target {
    if questionnaire.target_set {
        Target {
            level: questionnaire.target,
            origin: TargetOrigin::Questionnaire,
        }
    } else {
        Target {
            level: DEFAULT_TARGET,
            origin: TargetOrigin::Default,
        }
    }
}

/// What a requested need's priority is multiplied by (docs/scoring.md §4).
pub const REQUESTED_FACTOR: f64 = 2.0;

/// What the urgency of the request multiplies a requested need's priority
/// by: routine 1, priority 1.25, urgent 1.5.
pub fn urgency_factor(urgency: Urgency) -> f64 {
    match urgency {
        Urgency::Routine => 1.0,
        Urgency::Priority => 1.25,
        Urgency::Urgent => 1.5,
    }
}

/// Whether a need's workstream is among the components the State asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RequestState {
    /// Its workstream is among the components of the request.
    Requested,
    /// The request is recorded and does not name its workstream.
    NotRequested,
    /// The request question is not answered (yet).
    NotRecorded,
}

/// What the State asked for: the answers to the profile's `request` and
/// `urgency` questions.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Request {
    /// The request question (`profile.request`), an index into `Questionnaire::questions`.
    pub question: Option<usize>,
    /// The workstreams asked for, as indexes into `Questionnaire::workstreams`
    /// in questionnaire order; `None` while the request is not answered.
    pub workstreams: Option<Vec<usize>>,
    /// The urgency question (`profile.urgency`).
    pub urgency_question: Option<usize>,
    /// The urgency, when answered.
    pub urgency: Option<Urgency>,
}

impl Request {
    /// Reads the request from the session's answers (only answers with the
    /// status answered count; a skipped question is not recorded).
    pub fn of(questionnaire: &Questionnaire, session: &Session) -> Request {
        let answered = |index: Option<usize>| {
            let question = &questionnaire.questions[index?];
            session
                .answer(&question.id)
                .filter(|a| a.status == Some(Status::Answered))
                .and_then(|a| a.value.clone())
        };
        let profile = &questionnaire.profile;
        let workstreams = match answered(profile.request) {
            Some(Value::Choices(chosen)) => Some(
                questionnaire
                    .workstreams
                    .iter()
                    .enumerate()
                    .filter(|(_, w)| chosen.contains(&w.id))
                    .map(|(i, _)| i)
                    .collect(),
            ),
            Some(Value::Choice(one)) => {
                Some(questionnaire.workstream_index(&one).into_iter().collect())
            }
            _ => None,
        };
        let urgency = match answered(profile.urgency) {
            Some(Value::Choice(c)) => Urgency::parse(&c),
            _ => None,
        };
        Request {
            question: profile.request,
            workstreams,
            urgency_question: profile.urgency,
            urgency,
        }
    }

    /// Whether a need on `workstream` was asked for; `None` when the
    /// questionnaire has no request question.
    pub fn state(&self, workstream: Option<usize>) -> Option<RequestState> {
        self.question?;
        Some(match &self.workstreams {
            None => RequestState::NotRecorded,
            Some(list) if workstream.is_some_and(|w| list.contains(&w)) => RequestState::Requested,
            Some(_) => RequestState::NotRequested,
        })
    }

    /// The request and urgency factors of a need on `workstream`: none
    /// without a request question; urgency only for a requested need.
    pub fn factors(&self, workstream: Option<usize>) -> Vec<PriorityFactor> {
        let Some(request) = self.state(workstream) else {
            return Vec::new();
        };
        let mut factors = vec![PriorityFactor::Request { request }];
        if let (RequestState::Requested, Some(urgency)) = (request, self.urgency) {
            factors.push(PriorityFactor::Urgency { urgency });
        }
        factors
    }
}

/// One factor of a need's priority. The priority is the product of its
/// factors' values, and every factor is shown in the need's rationale.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "factor", rename_all = "kebab-case")]
pub enum PriorityFactor {
    /// The gap to the target.
    Gap { gap: f64 },
    /// The question's `weight`.
    QuestionWeight { weight: f64 },
    /// The section's `weight`.
    SectionWeight { weight: f64 },
    /// The question's `importance` (high 1.5, normal 1, low 0.5).
    Importance { importance: Importance },
    /// Whether the State asked for the need's workstream (requested
    /// [`REQUESTED_FACTOR`], otherwise 1).
    Request { request: RequestState },
    /// The urgency of the request, for a requested need ([`urgency_factor`]).
    Urgency { urgency: Urgency },
}

impl PriorityFactor {
    /// What this factor multiplies the priority by.
    pub fn value(&self) -> f64 {
        match *self {
            PriorityFactor::Gap { gap } => gap,
            PriorityFactor::QuestionWeight { weight }
            | PriorityFactor::SectionWeight { weight } => weight,
            PriorityFactor::Importance { importance } => importance.factor(),
            PriorityFactor::Request { request } => match request {
                RequestState::Requested => REQUESTED_FACTOR,
                RequestState::NotRequested | RequestState::NotRecorded => 1.0,
            },
            PriorityFactor::Urgency { urgency } => urgency_factor(urgency),
        }
    }
}

/// A priority: the product of its factors, kept with them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Priority {
    pub value: f64,
    pub factors: Vec<PriorityFactor>,
}

impl Priority {
    pub fn of(factors: Vec<PriorityFactor>) -> Priority {
        Priority {
            value: factors.iter().map(PriorityFactor::value).product(),
            factors,
        }
    }

    /// Adds a factor (and multiplies the value by it).
    #[must_use]
    pub fn with(mut self, factor: PriorityFactor) -> Priority {
        self.value *= factor.value();
        self.factors.push(factor);
        self
    }
}

#[derive(Debug, Clone)]
pub struct IndicatorScore {
    /// Index into `Questionnaire::questions`.
    pub question: usize,
    pub state: IndicatorState,
    pub level: Option<f64>,
    /// The effective target and where it came from.
    pub target: Target,
    /// `target - level` when positive.
    pub gap: f64,
    /// gap × question weight × section weight × importance factor × the
    /// request and urgency factors, with its factors.
    pub priority: Priority,
    pub confidence: Option<Confidence>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AreaConfidence {
    Low,
    Medium,
    High,
}

impl AreaConfidence {
    pub fn name(self) -> &'static str {
        match self {
            AreaConfidence::Low => "low",
            AreaConfidence::Medium => "medium",
            AreaConfidence::High => "high",
        }
    }
}

/// The lowest scored indicator of an area, so that a mean never hides a
/// weak indicator.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lowest {
    /// Index into `Questionnaire::questions`.
    pub question: usize,
    pub level: f64,
}

#[derive(Debug, Clone)]
pub struct AreaScore {
    /// Index into `Questionnaire::sections`.
    pub section: usize,
    /// Weighted mean of the scored indicators; `None` when none is scored.
    pub level: Option<f64>,
    /// The lowest scored indicator (the first in questionnaire order on a tie).
    pub lowest: Option<Lowest>,
    pub scored: usize,
    pub to_confirm: usize,
    pub not_applicable: usize,
    /// Indicators answered as a deliberate policy choice (outside the mean).
    pub policy_choice: usize,
    pub open: usize,
    /// Indicators that count: all applicable ones (scored, to confirm, open).
    pub applicable: usize,
    pub confidence: AreaConfidence,
    /// The area's target and where it came from.
    pub target: Target,
    /// Area target − area level, when positive.
    pub gap: f64,
}

#[derive(Debug, Clone)]
pub struct Scores {
    /// The target where nothing more specific is set (mission-wide, else
    /// the questionnaire's): the line drawn on charts. Areas and
    /// indicators carry their own.
    pub target: u8,
    pub default_target: Target,
    pub indicators: Vec<IndicatorScore>,
    pub areas: Vec<AreaScore>,
    /// Weighted mean of the area levels (by section weight); `None` when no area has a level.
    pub overall: Option<f64>,
    /// Which questions are asked (skip conditions applied), for every question.
    pub asked: Vec<bool>,
}

/// The level an answer gives an indicator, if it gives one.
pub fn indicator_level(question: &Question, answer: Option<&Answer>) -> Option<f64> {
    let answer = answer?;
    if answer.status != Some(Status::Answered) {
        return None;
    }
    match (&question.kind, answer.value.as_ref()?) {
        (Kind::Maturity { .. }, Value::Level(l)) if *l <= MAX_LEVEL => Some(f64::from(*l)),
        (Kind::Single { .. }, Value::Choice(c)) => question.choice(c)?.score,
        (Kind::Multi { .. }, Value::Choices(cs)) => {
            let mut sum = 0.0;
            for c in cs {
                sum += question.choice(c)?.score?;
            }
            Some(sum.min(f64::from(MAX_LEVEL)))
        }
        _ => None,
    }
}

/// Scores a session against its questionnaire.
pub fn score(questionnaire: &Questionnaire, session: &Session) -> Scores {
    let order = applicability::evaluation_order(questionnaire);
    let asked = applicability::applicable(questionnaire, session, &order);
    score_with(questionnaire, session, asked)
}

/// Scores with the applicability already computed.
pub fn score_with(questionnaire: &Questionnaire, session: &Session, asked: Vec<bool>) -> Scores {
    let request = Request::of(questionnaire, session);
    let indicators: Vec<IndicatorScore> = questionnaire
        .questions
        .iter()
        .enumerate()
        .filter(|(_, q)| q.indicator)
        .map(|(i, _)| indicator_score(questionnaire, session, i, asked[i], &request))
        .collect();
    let areas: Vec<AreaScore> = questionnaire
        .sections
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind == SectionKind::Scored)
        .map(|(si, _)| {
            area_score(
                questionnaire,
                si,
                &indicators,
                area_target(questionnaire, session, si),
            )
        })
        .collect();
    let default_target = default_target(questionnaire, session);
    Scores {
        target: default_target.level,
        default_target,
        indicators,
        overall: overall(questionnaire, &areas),
        areas,
        asked,
    }
}

/// Scores again only what the answers to `questions` (or their being asked)
/// change: their indicators, the areas they are in, the overall level. The
/// same result as [`score_with`] on the whole questionnaire; the interview
/// calls this on every change, so the work is proportional to the change.
/// A change to the State's request or its urgency, which weigh every
/// priority, scores everything again.
pub fn update(
    questionnaire: &Questionnaire,
    session: &Session,
    scores: &mut Scores,
    questions: &[usize],
) {
    let profile = &questionnaire.profile;
    if questions
        .iter()
        .any(|&q| Some(q) == profile.request || Some(q) == profile.urgency)
    {
        let asked = std::mem::take(&mut scores.asked);
        *scores = score_with(questionnaire, session, asked);
        return;
    }
    let request = Request::of(questionnaire, session);
    let mut sections = Vec::new();
    for &q in questions {
        if let Ok(at) = scores.indicators.binary_search_by_key(&q, |s| s.question) {
            scores.indicators[at] =
                indicator_score(questionnaire, session, q, scores.asked[q], &request);
            sections.push(questionnaire.questions[q].section);
        }
    }
    sections.sort_unstable();
    sections.dedup();
    for section in sections {
        let Ok(at) = scores.areas.binary_search_by_key(&section, |a| a.section) else {
            continue;
        };
        let range = &questionnaire.sections[section].questions;
        let first = scores
            .indicators
            .partition_point(|s| s.question < range.start);
        let end = scores
            .indicators
            .partition_point(|s| s.question < range.end);
        scores.areas[at] = area_score(
            questionnaire,
            section,
            &scores.indicators[first..end],
            scores.areas[at].target,
        );
    }
    scores.overall = overall(questionnaire, &scores.areas);
}

/// One indicator's state, level, target, gap and priority (with the
/// State's request and urgency among its factors).
pub fn indicator_score(
    questionnaire: &Questionnaire,
    session: &Session,
    i: usize,
    asked: bool,
    request: &Request,
) -> IndicatorScore {
    let question = &questionnaire.questions[i];
    let answer = session.answer(&question.id);
    let section = &questionnaire.sections[question.section];
    let level = indicator_level(question, answer);
    let status = answer.and_then(|a| a.status);
    let state = if !asked || status == Some(Status::NotApplicable) {
        IndicatorState::NotApplicable
    } else if status == Some(Status::PolicyChoice) && question.policy_choice.is_some() {
        IndicatorState::PolicyChoice
    } else if level.is_some() {
        IndicatorState::Scored
    } else if status == Some(Status::Unknown) {
        IndicatorState::ToConfirm
    } else {
        IndicatorState::Open
    };
    let target = indicator_target(questionnaire, session, i);
    let gap = match (state, level) {
        (IndicatorState::Scored, Some(l)) => (f64::from(target.level) - l).max(0.0),
        _ => 0.0,
    };
    IndicatorScore {
        question: i,
        state,
        level: if state == IndicatorState::Scored {
            level
        } else {
            None
        },
        target,
        gap,
        priority: Priority::of(
            [
                PriorityFactor::Gap { gap },
                PriorityFactor::QuestionWeight {
                    weight: question.weight,
                },
                PriorityFactor::SectionWeight {
                    weight: section.weight,
                },
                PriorityFactor::Importance {
                    importance: question.importance,
                },
            ]
            .into_iter()
            .chain(request.factors(question.workstream))
            .collect(),
        ),
        confidence: answer.and_then(|a| a.confidence),
    }
}

/// Weighted mean of the area levels (by section weight); `None` when no area has a level.
fn overall(questionnaire: &Questionnaire, areas: &[AreaScore]) -> Option<f64> {
    let (sum, weights) = areas
        .iter()
        .filter_map(|a| {
            a.level
                .map(|l| (l, questionnaire.sections[a.section].weight))
        })
        .fold((0.0, 0.0), |(s, w), (l, wt)| (s + l * wt, w + wt));
    (weights > 0.0).then(|| sum / weights)
}

fn area_score(
    questionnaire: &Questionnaire,
    section: usize,
    indicators: &[IndicatorScore],
    target: Target,
) -> AreaScore {
    let mine: Vec<&IndicatorScore> = indicators
        .iter()
        .filter(|s| questionnaire.questions[s.question].section == section)
        .collect();
    let count = |state| mine.iter().filter(|s| s.state == state).count();
    let (sum, weights) = mine
        .iter()
        .filter_map(|s| {
            s.level
                .map(|l| (l, questionnaire.questions[s.question].weight))
        })
        .fold((0.0, 0.0), |(s, w), (l, wt)| (s + l * wt, w + wt));
    let level = (weights > 0.0).then(|| sum / weights);
    let lowest = mine
        .iter()
        .filter_map(|s| {
            s.level.map(|level| Lowest {
                question: s.question,
                level,
            })
        })
        .reduce(|low, next| if next.level < low.level { next } else { low });
    let scored = count(IndicatorState::Scored);
    let to_confirm = count(IndicatorState::ToConfirm);
    let open = count(IndicatorState::Open);
    let applicable = scored + to_confirm + open;
    AreaScore {
        section,
        level,
        lowest,
        scored,
        to_confirm,
        not_applicable: count(IndicatorState::NotApplicable),
        policy_choice: count(IndicatorState::PolicyChoice),
        open,
        applicable,
        confidence: area_confidence(&mine, scored, applicable),
        target,
        gap: level.map_or(0.0, |l| (f64::from(target.level) - l).max(0.0)),
    }
}

/// High: at least 80% of applicable indicators scored, none to confirm, and
/// the assessor's confidence not mostly low. Medium: at least half scored.
/// Low otherwise. Each "to confirm" counts against coverage.
fn area_confidence(
    indicators: &[&IndicatorScore],
    scored: usize,
    applicable: usize,
) -> AreaConfidence {
    if applicable == 0 || scored == 0 {
        return AreaConfidence::Low;
    }
    let coverage = scored as f64 / applicable as f64;
    let to_confirm = indicators
        .iter()
        .any(|s| s.state == IndicatorState::ToConfirm);
    let low_confidence = indicators
        .iter()
        .filter(|s| s.state == IndicatorState::Scored && s.confidence == Some(Confidence::Low))
        .count();
    let mostly_low = low_confidence * 2 > scored;
    if coverage >= 0.8 && !to_confirm && !mostly_low {
        AreaConfidence::High
    } else if coverage >= 0.5 && !mostly_low {
        AreaConfidence::Medium
    } else {
        AreaConfidence::Low
    }
}

impl Scores {
    /// Scored indicators with a gap, highest priority first. Ties are broken
    /// by larger gap, then questionnaire order, so the order is deterministic.
    pub fn gaps_by_priority(&self) -> Vec<&IndicatorScore> {
        let mut gaps: Vec<&IndicatorScore> =
            self.indicators.iter().filter(|s| s.gap > 0.0).collect();
        gaps.sort_by(|a, b| {
            b.priority
                .value
                .total_cmp(&a.priority.value)
                .then(b.gap.total_cmp(&a.gap))
                .then(a.question.cmp(&b.question))
        });
        gaps
    }

    pub fn area(&self, section: usize) -> Option<&AreaScore> {
        self.areas.iter().find(|a| a.section == section)
    }

    pub fn indicator(&self, question: usize) -> Option<&IndicatorScore> {
        self.indicators.iter().find(|s| s.question == question)
    }
}

#[cfg(test)]
mod tests;
