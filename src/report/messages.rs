//! The executive summary's key messages, found in the data: the requested
//! components and where they stand, the largest gaps with their lowest
//! indicator, areas whose mean hides a weak indicator, money committed and
//! pledged against the workstreams that need it, programmes already under
//! way, safeguards lagging behind the powers they govern, needs that call
//! for human-rights due diligence, and meetings that could not be held.
//! Typed values only; the words are in [`crate::words::report`].

use serde::Serialize;

use super::Analysis;
use crate::questionnaire::Questionnaire;
use crate::session::{FundStatus, Session};

/// An indicator and its level (the lowest of a group, usually).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorLevel {
    pub id: String,
    pub level: f64,
    pub target: u8,
}

/// One component of the request (a requested workstream).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Component {
    pub workstream: String,
    pub title: String,
    /// Needs found in it.
    pub needs: usize,
    /// Its lowest scored indicator.
    pub lowest: Option<IndicatorLevel>,
}

/// An area and its weakest point.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaGap {
    pub id: String,
    pub title: String,
    pub lowest: IndicatorLevel,
    /// Indicators below their target, of those scored.
    pub below: usize,
    pub scored: usize,
}

/// An area whose mean meets its target while an indicator does not.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HiddenGap {
    pub id: String,
    pub title: String,
    pub mean: f64,
    pub target: u8,
    pub lowest: IndicatorLevel,
}

/// A sum of money in one currency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Amount {
    pub amount: f64,
    pub currency: String,
}

/// A programme under way and the needs it already touches.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProgrammeOverlap {
    pub id: String,
    pub name: String,
    pub lead: Option<String>,
    /// Needs it names (by indicator or area) or into which their delivery is routed.
    pub needs: Vec<String>,
    /// Titles of the workstreams it covers as a whole.
    pub workstreams: Vec<String>,
}

/// One key message of the executive summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum KeyMessage {
    /// The components the State asked for and where they stand; `others`
    /// needs lie outside the request.
    Request {
        components: Vec<Component>,
        others: usize,
    },
    /// The request's components were not recorded (the profile's request question).
    RequestNotRecorded { question: String },
    /// The areas whose weakest indicator falls furthest below its target.
    LargestGaps { areas: Vec<AreaGap> },
    /// Areas whose mean meets the target although an indicator does not.
    MeanHidesGap { areas: Vec<HiddenGap> },
    /// Money committed and pledged, and the plan's workstreams by funding
    /// status (the plan's rule: docs/plan.md).
    Funding {
        committed: Vec<Amount>,
        pledged: Vec<Amount>,
        funded: Vec<String>,
        partly: Vec<String>,
        unfunded: Vec<String>,
    },
    /// No fund is recorded for the mission, and there are needs.
    NoFunds { needs: usize },
    /// Programmes under way that already touch needs found.
    Programmes { overlaps: Vec<ProgrammeOverlap> },
    /// The safeguards workstream's indicators stand lower (median) than
    /// the powers and capabilities marked with risks.
    SafeguardsLag {
        workstream: String,
        safeguards: f64,
        lowest: IndicatorLevel,
        powers: f64,
        powers_count: usize,
    },
    /// Needs that support security forces or surveillance capabilities.
    HumanRights {
        needs: usize,
        workstreams: Vec<String>,
    },
    /// Institutions that could not be met.
    NotMet {
        met: usize,
        institutions: Vec<String>,
    },
}

impl KeyMessage {
    /// A short code for the kind (for JSON readers and tests).
    pub fn code(&self) -> &'static str {
        match self {
            KeyMessage::Request { .. } => "request",
            KeyMessage::RequestNotRecorded { .. } => "request-not-recorded",
            KeyMessage::LargestGaps { .. } => "largest-gaps",
            KeyMessage::MeanHidesGap { .. } => "mean-hides-gap",
            KeyMessage::Funding { .. } => "funding",
            KeyMessage::NoFunds { .. } => "no-funds",
            KeyMessage::Programmes { .. } => "programmes",
            KeyMessage::SafeguardsLag { .. } => "safeguards-lag",
            KeyMessage::HumanRights { .. } => "human-rights",
            KeyMessage::NotMet { .. } => "not-met",
        }
    }
}

/// How many areas the largest-gaps message names.
const LARGEST: usize = 3;

/// The median of some levels (the middle one, or the mean of the two middle ones).
pub fn median(levels: &mut [f64]) -> Option<f64> {
    if levels.is_empty() {
        return None;
    }
    levels.sort_by(f64::total_cmp);
    let middle = levels.len() / 2;
    Some(if levels.len() % 2 == 1 {
        levels[middle]
    } else {
        f64::midpoint(levels[middle - 1], levels[middle])
    })
}

/// The key messages, in the order the summary gives them.
pub fn key_messages(
    questionnaire: &Questionnaire,
    session: &Session,
    analysis: &Analysis,
) -> Vec<KeyMessage> {
    let mut messages = Vec::new();
    messages.extend(request(questionnaire, session, analysis));
    messages.extend(largest_gaps(questionnaire, analysis));
    messages.extend(mean_hides_gap(questionnaire, analysis));
    messages.extend(funding(questionnaire, session, analysis));
    messages.extend(programmes(questionnaire, session, analysis));
    messages.extend(safeguards_lag(questionnaire, analysis));
    messages.extend(human_rights(questionnaire, analysis));
    let not_met: Vec<String> = session
        .stakeholders
        .iter()
        .filter(|s| !s.met)
        .map(|s| s.institution.clone())
        .collect();
    if !not_met.is_empty() {
        messages.push(KeyMessage::NotMet {
            met: session.stakeholders.iter().filter(|s| s.met).count(),
            institutions: not_met,
        });
    }
    messages
}

/// The lowest scored indicator among some questions, first in order on a tie.
fn lowest_of(
    questionnaire: &Questionnaire,
    analysis: &Analysis,
    include: impl Fn(usize) -> bool,
) -> Option<IndicatorLevel> {
    analysis
        .scores
        .indicators
        .iter()
        .filter(|i| include(i.question))
        .filter_map(|i| i.level.map(|l| (i, l)))
        .fold(
            None::<(&crate::scoring::IndicatorScore, f64)>,
            |best, (i, l)| match best {
                Some((_, b)) if b <= l => best,
                _ => Some((i, l)),
            },
        )
        .map(|(i, l)| IndicatorLevel {
            id: questionnaire.questions[i.question].id.clone(),
            level: l,
            target: i.target.level,
        })
}

fn request(
    questionnaire: &Questionnaire,
    _session: &Session,
    analysis: &Analysis,
) -> Option<KeyMessage> {
    let summary = &analysis.plan.request;
    let question = summary.question.clone()?;
    if !summary.recorded {
        return Some(KeyMessage::RequestNotRecorded { question });
    }
    let requested = &summary.workstreams;
    let components: Vec<Component> = questionnaire
        .workstreams
        .iter()
        .enumerate()
        .filter(|(_, w)| requested.contains(&w.id))
        .map(|(index, w)| Component {
            workstream: w.id.clone(),
            title: w.title.fallback().to_string(),
            needs: analysis
                .needs
                .needs
                .iter()
                .filter(|n| n.workstream.as_deref() == Some(w.id.as_str()))
                .count(),
            lowest: lowest_of(questionnaire, analysis, |q| {
                questionnaire.questions[q].workstream == Some(index)
            }),
        })
        .collect();
    let others = analysis
        .needs
        .needs
        .iter()
        .filter(|n| !n.workstream.as_ref().is_some_and(|w| requested.contains(w)))
        .count();
    Some(KeyMessage::Request { components, others })
}

fn area_title(questionnaire: &Questionnaire, section: usize) -> String {
    questionnaire.sections[section].title.fallback().to_string()
}

fn largest_gaps(questionnaire: &Questionnaire, analysis: &Analysis) -> Option<KeyMessage> {
    let mut areas: Vec<AreaGap> = analysis
        .scores
        .areas
        .iter()
        .filter_map(|area| {
            let lowest = area.lowest?;
            let target = analysis.scores.indicator(lowest.question)?.target.level;
            if lowest.level >= f64::from(target) {
                return None;
            }
            let in_area = |q: usize| questionnaire.questions[q].section == area.section;
            Some(AreaGap {
                id: questionnaire.sections[area.section].id.clone(),
                title: area_title(questionnaire, area.section),
                lowest: IndicatorLevel {
                    id: questionnaire.questions[lowest.question].id.clone(),
                    level: lowest.level,
                    target,
                },
                below: analysis
                    .scores
                    .indicators
                    .iter()
                    .filter(|i| in_area(i.question) && i.gap > 0.0)
                    .count(),
                scored: area.scored,
            })
        })
        .collect();
    // Furthest below target first, then the most indicators below target.
    areas.sort_by(|a, b| {
        let shortfall = |g: &AreaGap| f64::from(g.lowest.target) - g.lowest.level;
        shortfall(b)
            .total_cmp(&shortfall(a))
            .then(b.below.cmp(&a.below))
    });
    areas.truncate(LARGEST);
    (!areas.is_empty()).then_some(KeyMessage::LargestGaps { areas })
}

fn mean_hides_gap(questionnaire: &Questionnaire, analysis: &Analysis) -> Option<KeyMessage> {
    let areas: Vec<HiddenGap> = analysis
        .scores
        .areas
        .iter()
        .filter_map(|area| {
            let mean = area.level?;
            let lowest = area.lowest?;
            let target = analysis.scores.indicator(lowest.question)?.target.level;
            (mean >= f64::from(area.target.level) && lowest.level < f64::from(target)).then(|| {
                HiddenGap {
                    id: questionnaire.sections[area.section].id.clone(),
                    title: area_title(questionnaire, area.section),
                    mean,
                    target: area.target.level,
                    lowest: IndicatorLevel {
                        id: questionnaire.questions[lowest.question].id.clone(),
                        level: lowest.level,
                        target,
                    },
                }
            })
        })
        .collect();
    (!areas.is_empty()).then_some(KeyMessage::MeanHidesGap { areas })
}

fn sums(session: &Session, status: FundStatus) -> Vec<Amount> {
    let mut sums: Vec<Amount> = Vec::new();
    for fund in session.mission.funds.iter().filter(|f| f.status == status) {
        let (Some(amount), Some(currency)) = (fund.amount, fund.currency.as_ref()) else {
            continue;
        };
        match sums.iter_mut().find(|s| &s.currency == currency) {
            Some(sum) => sum.amount += amount,
            None => sums.push(Amount {
                amount,
                currency: currency.clone(),
            }),
        }
    }
    sums
}

fn funding(
    _questionnaire: &Questionnaire,
    session: &Session,
    analysis: &Analysis,
) -> Option<KeyMessage> {
    use crate::plan::funding::FundingStatus;
    let needs = &analysis.needs.needs;
    if needs.is_empty() {
        return None;
    }
    if session.mission.funds.is_empty() {
        return Some(KeyMessage::NoFunds { needs: needs.len() });
    }
    let titles = |status: FundingStatus| -> Vec<String> {
        analysis
            .plan
            .workstreams
            .iter()
            .filter(|w| w.funding.status == status)
            .map(|w| {
                w.title
                    .clone()
                    .unwrap_or_else(|| crate::words::report::OUTSIDE_WORKSTREAMS.to_string())
            })
            .collect()
    };
    Some(KeyMessage::Funding {
        committed: sums(session, FundStatus::Committed),
        pledged: sums(session, FundStatus::Pledged),
        funded: titles(FundingStatus::Funded),
        partly: titles(FundingStatus::Partly),
        unfunded: titles(FundingStatus::Unfunded),
    })
}

fn programmes(
    _questionnaire: &Questionnaire,
    session: &Session,
    analysis: &Analysis,
) -> Option<KeyMessage> {
    let overlaps: Vec<ProgrammeOverlap> = session
        .mission
        .programmes
        .iter()
        .filter_map(|p| {
            let mut needs: Vec<String> = Vec::new();
            let mut workstreams = Vec::new();
            for ws in &analysis.plan.workstreams {
                for o in ws.overlaps.iter().filter(|o| o.programme == p.id) {
                    for id in o.needs.iter().chain(&o.routed) {
                        if !needs.contains(id) {
                            needs.push(id.clone());
                        }
                    }
                    if o.workstream
                        && let Some(title) = &ws.title
                    {
                        workstreams.push(title.clone());
                    }
                }
            }
            (!needs.is_empty() || !workstreams.is_empty()).then(|| ProgrammeOverlap {
                id: p.id.clone(),
                name: p.name.clone(),
                lead: p.lead.clone(),
                needs,
                workstreams,
            })
        })
        .collect();
    (!overlaps.is_empty()).then_some(KeyMessage::Programmes { overlaps })
}

fn safeguards_lag(questionnaire: &Questionnaire, analysis: &Analysis) -> Option<KeyMessage> {
    let workstream = questionnaire.safeguards?;
    let levels = |include: &dyn Fn(usize) -> bool| -> Vec<f64> {
        analysis
            .scores
            .indicators
            .iter()
            .filter(|i| include(i.question))
            .filter_map(|i| i.level)
            .collect()
    };
    let is_safeguard = |q: usize| questionnaire.questions[q].workstream == Some(workstream);
    let is_power = |q: usize| !questionnaire.questions[q].risks.is_empty() && !is_safeguard(q);
    let mut safeguards = levels(&is_safeguard);
    let mut powers = levels(&is_power);
    let powers_count = powers.len();
    let (safeguards_median, powers_median) = (median(&mut safeguards)?, median(&mut powers)?);
    (safeguards_median < powers_median).then(|| KeyMessage::SafeguardsLag {
        workstream: questionnaire.workstreams[workstream]
            .title
            .fallback()
            .to_string(),
        safeguards: safeguards_median,
        lowest: lowest_of(questionnaire, analysis, is_safeguard)
            .expect("a median implies a scored indicator"),
        powers: powers_median,
        powers_count,
    })
}

fn human_rights(questionnaire: &Questionnaire, analysis: &Analysis) -> Option<KeyMessage> {
    let needs: Vec<&crate::needs::Need> = analysis
        .needs
        .needs
        .iter()
        .filter(|n| !questionnaire.questions[n.question].risks.is_empty())
        .collect();
    if needs.is_empty() {
        return None;
    }
    let workstreams = questionnaire
        .workstreams
        .iter()
        .filter(|w| needs.iter().any(|n| n.workstream.as_deref() == Some(&w.id)))
        .map(|w| w.title.fallback().to_string())
        .collect();
    Some(KeyMessage::HumanRights {
        needs: needs.len(),
        workstreams,
    })
}

#[cfg(test)]
mod tests;
