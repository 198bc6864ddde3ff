//! The risks of the assistance, found by typed rules (docs/report.md,
//! *Risks*): human-rights due diligence for needs on indicators marked
//! `risks:` (support to security forces, surveillance capabilities), the
//! suppliers of the State's systems where systems work is needed, meetings
//! not held and answers still to confirm, and a report not yet validated by
//! the State. Typed values; the words are in [`crate::words::report`].

use serde::Serialize;

use super::Analysis;
use crate::plan::broker::Missing;
use crate::plan::funding::FundingStatus;
use crate::plan::{Overlap, Plan, TimingConflict};
use crate::questionnaire::{Extent, Questionnaire, Risk as RiskKind};
use crate::session::{Session, Status, Validation};

/// A need on an indicator marked with risks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskNeed {
    pub id: String,
    pub title: String,
    pub code: String,
    pub kinds: Vec<RiskKind>,
}

/// The needs of one workstream that raise a human-rights risk.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskGroup {
    pub workstream: Option<String>,
    pub title: String,
    pub needs: Vec<RiskNeed>,
}

/// A meeting that could not be held.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotMet {
    pub institution: String,
    pub why_not: String,
}

/// One risk of the assistance.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Risk {
    /// Needs on indicators marked `security-forces` or `surveillance`: a
    /// human-rights due diligence assessment (HRDDP) before support starts.
    HumanRights {
        groups: Vec<RiskGroup>,
        /// Whether any need supports security forces, and any surveillance.
        security_forces: bool,
        surveillance: bool,
        /// The safeguards workstream has needs of its own (advice to pair with the support).
        safeguards: Option<String>,
    },
    /// Suppliers of the State's systems are named while systems or
    /// infrastructure work is needed: product neutrality and conflicts of
    /// interest (000 ¶28, ¶35).
    Suppliers {
        suppliers: Vec<String>,
        needs: Vec<String>,
    },
    /// Meetings not held and answers still to confirm: findings that rest
    /// on fewer sources than planned.
    Evidence {
        not_met: Vec<NotMet>,
        to_confirm: usize,
        open: usize,
    },
    /// Workstreams without enough money recorded for their indicative
    /// lower bound (the plan's funding rule), and money only pledged.
    Funding {
        unfunded: Vec<String>,
        /// Partly funded, with the gap to the lower bound.
        partly: Vec<Gap>,
        /// Workstreams whose money is all or partly only pledged.
        pledged: Vec<String>,
        currency: Option<String>,
    },
    /// Programmes under way that overlap workstreams (000 ¶36(b)).
    Duplication { overlaps: Vec<OverlapAt> },
    /// Delivery windows that contradict the sequence or outlast a programme.
    Timing { conflicts: Vec<ConflictAt> },
    /// The report is not yet agreed with the State.
    Validation { status: Validation },
}

/// A partly funded workstream and what it lacks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gap {
    pub workstream: String,
    pub amount: f64,
}

/// A programme's overlap with one workstream.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverlapAt {
    pub workstream: String,
    pub overlap: Overlap,
}

/// A timing conflict of one workstream.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConflictAt {
    pub workstream: String,
    pub conflict: TimingConflict,
}

impl Risk {
    pub fn code(&self) -> &'static str {
        match self {
            Risk::HumanRights { .. } => "human-rights",
            Risk::Suppliers { .. } => "suppliers",
            Risk::Evidence { .. } => "evidence",
            Risk::Funding { .. } => "funding",
            Risk::Duplication { .. } => "duplication",
            Risk::Timing { .. } => "timing",
            Risk::Validation { .. } => "validation",
        }
    }
}

/// The risks, in the order the report gives them.
pub fn assess(questionnaire: &Questionnaire, session: &Session, analysis: &Analysis) -> Vec<Risk> {
    let mut risks = Vec::new();
    risks.extend(human_rights(questionnaire, analysis));
    let systems: Vec<String> = analysis
        .needs
        .needs
        .iter()
        .filter(|n| matches!(n.extent, Extent::Systems | Extent::Infrastructure))
        .map(|n| n.id.clone())
        .collect();
    if !session.mission.suppliers.is_empty() && !systems.is_empty() {
        risks.push(Risk::Suppliers {
            suppliers: session.mission.suppliers.clone(),
            needs: systems,
        });
    }
    let not_met: Vec<NotMet> = session
        .stakeholders
        .iter()
        .filter(|s| !s.met)
        .map(|s| NotMet {
            institution: s.institution.clone(),
            why_not: s.why_not.clone(),
        })
        .collect();
    let asked = |i: usize| analysis.scores.asked.get(i).copied().unwrap_or(true);
    let to_confirm = questionnaire
        .questions
        .iter()
        .enumerate()
        .filter(|(i, q)| {
            asked(*i) && session.answer(&q.id).and_then(|a| a.status) == Some(Status::Unknown)
        })
        .count();
    let open = analysis
        .scores
        .indicators
        .iter()
        .filter(|i| i.state == crate::scoring::IndicatorState::Open)
        .count();
    if !not_met.is_empty() || to_confirm > 0 || open > 0 {
        risks.push(Risk::Evidence {
            not_met,
            to_confirm,
            open,
        });
    }
    risks.extend(plan_risks(&analysis.plan));
    if session.mission.validation != Validation::Agreed {
        risks.push(Risk::Validation {
            status: session.mission.validation,
        });
    }
    risks
}

fn human_rights(questionnaire: &Questionnaire, analysis: &Analysis) -> Option<Risk> {
    let marked: Vec<&crate::needs::Need> = analysis
        .needs
        .needs
        .iter()
        .filter(|n| !questionnaire.questions[n.question].risks.is_empty())
        .collect();
    if marked.is_empty() {
        return None;
    }
    // Workstreams in questionnaire order, then needs without one.
    let mut groups: Vec<RiskGroup> = Vec::new();
    let mut keys: Vec<Option<usize>> = (0..questionnaire.workstreams.len()).map(Some).collect();
    keys.push(None);
    for key in keys {
        let needs: Vec<RiskNeed> = marked
            .iter()
            .filter(|n| questionnaire.questions[n.question].workstream == key)
            .map(|n| RiskNeed {
                id: n.id.clone(),
                title: n.title.clone(),
                code: n.code(),
                kinds: questionnaire.questions[n.question].risks.clone(),
            })
            .collect();
        if needs.is_empty() {
            continue;
        }
        groups.push(RiskGroup {
            workstream: key.map(|w| questionnaire.workstreams[w].id.clone()),
            title: key.map_or_else(String::new, |w| {
                questionnaire.workstreams[w].title.fallback().to_string()
            }),
            needs,
        });
    }
    let has = |kind: RiskKind| {
        marked
            .iter()
            .any(|n| questionnaire.questions[n.question].risks.contains(&kind))
    };
    let safeguards = questionnaire.safeguards.and_then(|w| {
        let id = &questionnaire.workstreams[w].id;
        analysis
            .needs
            .needs
            .iter()
            .any(|n| n.workstream.as_ref() == Some(id))
            .then(|| questionnaire.workstreams[w].title.fallback().to_string())
    });
    Some(Risk::HumanRights {
        groups,
        security_forces: has(RiskKind::SecurityForces),
        surveillance: has(RiskKind::Surveillance),
        safeguards,
    })
}

/// The risks the plan shows: funding gaps, duplication, timing.
fn plan_risks(plan: &Plan) -> Vec<Risk> {
    let title = |w: &crate::plan::WorkstreamPlan| {
        w.title
            .clone()
            .unwrap_or_else(|| crate::words::report::OUTSIDE_WORKSTREAMS.to_string())
    };
    let mut risks = Vec::new();
    let unfunded: Vec<String> = plan
        .workstreams
        .iter()
        .filter(|w| w.funding.status == FundingStatus::Unfunded && !w.needs.is_empty())
        .map(title)
        .collect();
    let partly: Vec<Gap> = plan
        .workstreams
        .iter()
        .filter(|w| w.funding.status == FundingStatus::Partly)
        .map(|w| Gap {
            workstream: title(w),
            amount: w
                .missing
                .iter()
                .find_map(|m| match m {
                    Missing::FundingGap { amount } => Some(*amount),
                    _ => None,
                })
                .unwrap_or(0.0),
        })
        .collect();
    let pledged: Vec<String> = plan
        .workstreams
        .iter()
        .filter(|w| w.funding.pledged > 0.0)
        .map(title)
        .collect();
    if !unfunded.is_empty() || !partly.is_empty() || !pledged.is_empty() {
        risks.push(Risk::Funding {
            unfunded,
            partly,
            pledged,
            currency: plan.currency.clone(),
        });
    }
    let overlaps: Vec<OverlapAt> = plan
        .workstreams
        .iter()
        .flat_map(|w| {
            w.overlaps.iter().map(move |o| OverlapAt {
                workstream: title(w),
                overlap: o.clone(),
            })
        })
        .collect();
    if !overlaps.is_empty() {
        risks.push(Risk::Duplication { overlaps });
    }
    let conflicts: Vec<ConflictAt> = plan
        .workstreams
        .iter()
        .flat_map(|w| {
            w.timing.conflicts.iter().map(move |c| ConflictAt {
                workstream: title(w),
                conflict: c.clone(),
            })
        })
        .collect();
    if !conflicts.is_empty() {
        risks.push(Risk::Timing { conflicts });
    }
    risks
}
