//! Scoring: indicator levels, area levels as weighted means of the
//! applicable answered indicators, area confidence, the overall profile, and
//! gaps against the mission's target with a deterministic priority order.
//! Every rule is stated in docs/scoring.md.

use crate::applicability;
use crate::questionnaire::{Kind, MAX_LEVEL, Question, Questionnaire, SectionKind};
use crate::session::{Answer, Confidence, Session, Status, Value};

/// Where an indicator stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndicatorState {
    /// Answered with a level.
    Scored,
    /// Answered "unknown": a gap to confirm, not a zero.
    ToConfirm,
    /// Not applicable, or skipped by a condition: leaves the denominator.
    NotApplicable,
    /// Not answered yet.
    Open,
}

#[derive(Debug, Clone)]
pub struct IndicatorScore {
    /// Index into `Questionnaire::questions`.
    pub question: usize,
    pub state: IndicatorState,
    pub level: Option<f64>,
    /// `target - level` when positive.
    pub gap: f64,
    /// gap × question weight × section weight × importance factor.
    pub priority: f64,
    pub confidence: Option<Confidence>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
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

#[derive(Debug, Clone)]
pub struct AreaScore {
    /// Index into `Questionnaire::sections`.
    pub section: usize,
    /// Weighted mean of the scored indicators; `None` when none is scored.
    pub level: Option<f64>,
    pub scored: usize,
    pub to_confirm: usize,
    pub not_applicable: usize,
    pub open: usize,
    /// Indicators that count: all applicable ones (scored, to confirm, open).
    pub applicable: usize,
    pub confidence: AreaConfidence,
    pub gap: f64,
}

#[derive(Debug, Clone)]
pub struct Scores {
    pub target: u8,
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
    let target = f64::from(session.mission.target_level);
    let mut indicators = Vec::new();
    for (i, question) in questionnaire.questions.iter().enumerate() {
        if !question.indicator {
            continue;
        }
        let answer = session.answer(&question.id);
        let section = &questionnaire.sections[question.section];
        let level = indicator_level(question, answer);
        let state = if !asked[i] || answer.and_then(|a| a.status) == Some(Status::NotApplicable) {
            IndicatorState::NotApplicable
        } else if level.is_some() {
            IndicatorState::Scored
        } else if answer.and_then(|a| a.status) == Some(Status::Unknown) {
            IndicatorState::ToConfirm
        } else {
            IndicatorState::Open
        };
        let gap = match (state, level) {
            (IndicatorState::Scored, Some(l)) => (target - l).max(0.0),
            _ => 0.0,
        };
        indicators.push(IndicatorScore {
            question: i,
            state,
            level: if state == IndicatorState::Scored {
                level
            } else {
                None
            },
            gap,
            priority: gap * question.weight * section.weight * question.importance.factor(),
            confidence: answer.and_then(|a| a.confidence),
        });
    }
    let areas: Vec<AreaScore> = questionnaire
        .sections
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind == SectionKind::Scored)
        .map(|(si, _)| area_score(questionnaire, si, &indicators, target))
        .collect();
    let (sum, weights) = areas
        .iter()
        .filter_map(|a| {
            a.level
                .map(|l| (l, questionnaire.sections[a.section].weight))
        })
        .fold((0.0, 0.0), |(s, w), (l, wt)| (s + l * wt, w + wt));
    Scores {
        target: session.mission.target_level,
        indicators,
        areas,
        overall: (weights > 0.0).then(|| sum / weights),
        asked,
    }
}

fn area_score(
    questionnaire: &Questionnaire,
    section: usize,
    indicators: &[IndicatorScore],
    target: f64,
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
    let scored = count(IndicatorState::Scored);
    let to_confirm = count(IndicatorState::ToConfirm);
    let open = count(IndicatorState::Open);
    let applicable = scored + to_confirm + open;
    AreaScore {
        section,
        level,
        scored,
        to_confirm,
        not_applicable: count(IndicatorState::NotApplicable),
        open,
        applicable,
        confidence: area_confidence(&mine, scored, applicable),
        gap: level.map_or(0.0, |l| (target - l).max(0.0)),
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
                .total_cmp(&a.priority)
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
