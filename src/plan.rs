//! The assistance plan: the needs grouped into the questionnaire's
//! workstreams (packages a donor could fund), each with its needs and
//! actions, extent and delivery mix, lead and partners (a need rule's
//! `partner: programme` resolved to the programme recorded in the session),
//! an **indicative** size from the questionnaire's sizing bands, its place
//! in a sequence that never contradicts a dependency (then the State's
//! request and deadlines), its delivery window, baseline and target,
//! funding from the session's funds and earmarks ([`funding`]), the
//! programmes under way it overlaps (the duplication check), and the broker
//! view ([`broker`]): providers and materials from the inventory, roster
//! experts for its own needs in its own window, and what is still missing.
//! [`plan`] is the one entry point; everything it returns is typed data,
//! worded in [`crate::words::plan`]. The rules are in docs/plan.md.

pub mod broker;
pub mod funding;
pub mod sequence;

use jiff::civil::Date;
use serde::{Serialize, Serializer};

use crate::inventory::Inventory;
use crate::needs::{Need, NeedsAssessment};
use crate::questionnaire::{Delivery, Extent, Partner, Questionnaire, Urgency};
use crate::roster::{Region, Roster};
use crate::scoring::{Request, Scores, Target};
use crate::session::{Programme, Session};

/// The version of the plan's JSON shape (`tana-plan: 1`, docs/plan.md).
pub const FORMAT_VERSION: u32 = 1;

/// What the plan is computed from.
#[derive(Clone, Copy)]
pub struct Inputs<'a> {
    pub questionnaire: &'a Questionnaire,
    pub session: &'a Session,
    pub scores: &'a Scores,
    pub needs: &'a NeedsAssessment,
    pub inventory: &'a Inventory,
    pub roster: &'a Roster,
}

/// The assistance plan of a session.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    /// The currency of the sizing bands and of the funds counted; `None`
    /// when the questionnaire sizes nothing.
    pub currency: Option<String>,
    /// What the State asked for.
    pub request: RequestSummary,
    /// The State's working languages, first = primary.
    pub languages: Vec<String>,
    /// The State's UN regional group, when answered.
    pub region: Option<Region>,
    /// In the order of the sequence.
    pub workstreams: Vec<WorkstreamPlan>,
    /// Every fund of the session, with what the plan allocated from it.
    pub funds: Vec<funding::FundUse>,
}

/// The request as the plan reads it.
#[derive(Debug, Clone, Serialize)]
pub struct RequestSummary {
    /// The request question's id (`CX.25`), when the questionnaire has one.
    pub question: Option<String>,
    /// False while the request question is not answered.
    pub recorded: bool,
    /// The workstream ids asked for, in questionnaire order.
    pub workstreams: Vec<String>,
    pub urgency_question: Option<String>,
    pub urgency: Option<Urgency>,
}

/// Who leads the delivery of a need (or of a workstream).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Lead {
    /// The assisting office, alone (D1) or as broker with roster experts (D2).
    Office,
    /// A partner named by the need rule or the area (D3).
    Partner { name: String },
    /// The programme under way in the State that the need rule routes the
    /// delivery into (`partner: programme`, 000 ¶36(b)).
    Programme {
        id: String,
        name: String,
        /// The organisation leading or funding it.
        lead: Option<String>,
    },
    /// The rule routes the need into the programme under way, but the
    /// session records no programme covering it.
    ProgrammeNotRecorded,
    /// Partner-led, but neither the rule nor the area names a partner.
    PartnerNotNamed,
}

/// How many needs of a workstream have one extent (or one delivery).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Count<T> {
    pub value: T,
    pub needs: usize,
}

/// A need as the plan shows it.
#[derive(Debug, Clone, Serialize)]
pub struct PlanNeed {
    /// Index into `NeedsAssessment::needs`.
    #[serde(skip)]
    pub need: usize,
    pub id: String,
    pub title: String,
    /// The level now: the baseline for monitoring.
    pub level: f64,
    pub target: Target,
    pub gap: f64,
    pub priority: f64,
    pub extent: Extent,
    pub delivery: Delivery,
    pub lead: Lead,
    /// The questionnaire's recommendation for the level found.
    pub action: Option<String>,
    /// Ids of the programmes under way whose scope covers this need.
    pub programmes: Vec<String>,
}

/// The indicative size of a workstream: the questionnaire's band for one
/// need of each extent, summed over its needs. Indicative, never a budget.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Size {
    pub days: Band<u32>,
    pub cost: Band<u64>,
    pub currency: String,
    /// Needs whose extent has no band in the questionnaire (not counted).
    pub not_sized: usize,
}

/// A low–high band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Band<T> {
    pub low: T,
    pub high: T,
}

/// The range of levels now and of targets, for monitoring.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Baseline {
    pub lowest: f64,
    pub highest: f64,
    pub target_low: u8,
    pub target_high: u8,
}

/// The delivery window that applies to a workstream.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WindowRef {
    /// Index into the session's `mission.delivery_windows`.
    pub index: usize,
    #[serde(serialize_with = "date")]
    pub from: Date,
    #[serde(serialize_with = "date")]
    pub to: Date,
    pub note: String,
    /// True when the window names this workstream; false for a window that
    /// concerns every workstream.
    pub specific: bool,
}

/// When a workstream can be delivered, and what does not fit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timing {
    pub window: Option<WindowRef>,
    pub conflicts: Vec<TimingConflict>,
}

/// A timing problem the officer must resolve.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum TimingConflict {
    /// Its window ends before the window of a workstream that must come
    /// first starts.
    EndsBeforePrerequisite {
        prerequisite: String,
        #[serde(serialize_with = "date")]
        starts: Date,
    },
    /// A programme it overlaps ends before its window starts: the
    /// duplication may be past, and the programme can no longer carry it.
    ProgrammeEndsBefore {
        programme: String,
        #[serde(serialize_with = "date")]
        until: Date,
    },
}

/// A programme under way that overlaps a workstream (duplication check).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overlap {
    pub programme: String,
    pub name: String,
    pub lead: Option<String>,
    #[serde(serialize_with = "opt_date")]
    pub until: Option<Date>,
    /// The programme covers the whole workstream.
    pub workstream: bool,
    /// Needs of the workstream the programme names (by indicator or area).
    pub needs: Vec<String>,
    /// Needs whose delivery is routed into the programme (000 ¶36(b)).
    pub routed: Vec<String>,
}

/// One workstream of the plan.
#[derive(Debug, Clone, Serialize)]
pub struct WorkstreamPlan {
    /// Index into `Questionnaire::workstreams`; `None` for needs outside any workstream.
    #[serde(skip)]
    pub index: Option<usize>,
    pub id: Option<String>,
    /// In the questionnaire's first language; `None` for needs outside any workstream.
    pub title: Option<String>,
    pub requested: bool,
    /// Highest priority first.
    pub needs: Vec<PlanNeed>,
    /// Extents in the order of [`Extent::ALL`], only those present.
    pub extents: Vec<Count<Extent>>,
    pub deliveries: Vec<Count<Delivery>>,
    pub lead: Option<Lead>,
    /// The other leads of its needs, in priority order.
    pub partners: Vec<Lead>,
    pub size: Option<Size>,
    pub baseline: Option<Baseline>,
    pub sequence: sequence::Sequence,
    pub timing: Timing,
    pub funding: funding::Funding,
    pub overlaps: Vec<Overlap>,
    pub broker: broker::Broker,
    pub missing: Vec<broker::Missing>,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's signature
fn date<S: Serializer>(date: &Date, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(date)
}

#[allow(clippy::ref_option, clippy::trivially_copy_pass_by_ref)] // serde's signature
fn opt_date<S: Serializer>(date: &Option<Date>, serializer: S) -> Result<S::Ok, S::Error> {
    match date {
        Some(d) => serializer.collect_str(d),
        None => serializer.serialize_none(),
    }
}

/// The plan of a session: every need in a workstream, the workstreams in
/// sequence, each sized, timed, funded, checked for duplication and
/// brokered. The one function the commands and the report call.
pub fn plan(inputs: &Inputs<'_>) -> Plan {
    let Inputs {
        questionnaire,
        session,
        needs,
        ..
    } = *inputs;
    let request = Request::of(questionnaire, session);
    let requested = request.workstreams.clone().unwrap_or_default();
    let currency = questionnaire.sizing.as_ref().map(|s| s.currency.clone());
    let region = crate::matching::Profile::of(questionnaire, session).region;
    let languages = session.working_languages(questionnaire);

    // Groups: every workstream with a need, every requested one, and the
    // needs outside any workstream.
    let mut groups: Vec<(Option<usize>, Vec<usize>)> = Vec::new();
    for (i, need) in needs.needs.iter().enumerate() {
        let ws = questionnaire.questions[need.question].workstream;
        match groups.iter_mut().find(|(w, _)| *w == ws) {
            Some((_, list)) => list.push(i),
            None => groups.push((ws, vec![i])),
        }
    }
    for &w in &requested {
        if !groups.iter().any(|(g, _)| *g == Some(w)) {
            groups.push((Some(w), Vec::new()));
        }
    }
    let mut workstreams: Vec<WorkstreamPlan> = groups
        .into_iter()
        .map(|(ws, list)| {
            let asked = ws.is_some_and(|w| requested.contains(&w));
            workstream(inputs, ws, &list, asked)
        })
        .collect();

    sequence::arrange(questionnaire, &mut workstreams);
    for i in 0..workstreams.len() {
        let conflicts = timing_conflicts(&workstreams, i);
        workstreams[i].timing.conflicts = conflicts;
    }
    let funds = funding::allocate(session, currency.as_deref(), &mut workstreams);
    for ws in &mut workstreams {
        ws.broker = broker::broker(inputs, ws, &languages, region);
        ws.missing = broker::missing(ws, &languages);
    }
    Plan {
        currency,
        request: RequestSummary {
            question: request
                .question
                .map(|q| questionnaire.questions[q].id.clone()),
            recorded: request.workstreams.is_some(),
            workstreams: requested
                .iter()
                .map(|&w| questionnaire.workstreams[w].id.clone())
                .collect(),
            urgency_question: request
                .urgency_question
                .map(|q| questionnaire.questions[q].id.clone()),
            urgency: request.urgency,
        },
        languages,
        region,
        workstreams,
        funds,
    }
}

/// One workstream, before it is placed in the sequence, funded and brokered.
fn workstream(
    inputs: &Inputs<'_>,
    index: Option<usize>,
    list: &[usize],
    requested: bool,
) -> WorkstreamPlan {
    let Inputs {
        questionnaire,
        session,
        needs,
        ..
    } = *inputs;
    let language = questionnaire.fallback_language();
    let id = index.map(|w| questionnaire.workstreams[w].id.clone());
    let plan_needs: Vec<PlanNeed> = list
        .iter()
        .map(|&i| plan_need(questionnaire, session, i, &needs.needs[i]))
        .collect();
    let extents = Extent::ALL
        .into_iter()
        .filter_map(|e| {
            let n = plan_needs.iter().filter(|p| p.extent == e).count();
            (n > 0).then_some(Count { value: e, needs: n })
        })
        .collect();
    let deliveries = [Delivery::Alone, Delivery::Broker, Delivery::Partner]
        .into_iter()
        .filter_map(|d| {
            let n = plan_needs.iter().filter(|p| p.delivery == d).count();
            (n > 0).then_some(Count { value: d, needs: n })
        })
        .collect();
    let (lead, partners) = leads(&plan_needs);
    let window = window_for(session, id.as_deref());
    let overlaps = overlaps(inputs, id.as_deref(), &plan_needs);
    WorkstreamPlan {
        index,
        title: index.map(|w| questionnaire.workstreams[w].title.get(language).to_string()),
        id,
        requested,
        extents,
        deliveries,
        lead,
        partners,
        size: size(questionnaire, &plan_needs),
        baseline: baseline(&plan_needs),
        sequence: sequence::Sequence::default(),
        timing: Timing {
            window,
            conflicts: Vec::new(),
        },
        funding: funding::Funding::default(),
        overlaps,
        broker: broker::Broker::default(),
        missing: Vec::new(),
        needs: plan_needs,
    }
}

/// Whether a programme's scope names a need: by indicator or area id
/// (the finer scope) or by workstream.
fn names_need(programme: &Programme, id: &str, area: &str) -> bool {
    programme.indicators.iter().any(|i| i == id || i == area)
}

fn plan_need(
    questionnaire: &Questionnaire,
    session: &Session,
    index: usize,
    need: &Need,
) -> PlanNeed {
    let question = &questionnaire.questions[need.question];
    let area = &questionnaire.sections[question.section].id;
    let workstream = need.workstream.as_deref();
    let covering: Vec<&Programme> = session
        .mission
        .programmes
        .iter()
        .filter(|p| {
            names_need(p, &need.id, area)
                || workstream.is_some_and(|w| p.workstreams.iter().any(|x| x == w))
        })
        .collect();
    let lead = match (need.delivery, &need.partner) {
        (Delivery::Alone | Delivery::Broker, _) => Lead::Office,
        (Delivery::Partner, Some(Partner::Named(name))) => Lead::Partner { name: name.clone() },
        (Delivery::Partner, Some(Partner::Programme)) => {
            // The programme naming the need itself wins over one covering its workstream.
            let programme = covering
                .iter()
                .find(|p| names_need(p, &need.id, area))
                .or_else(|| covering.first());
            match programme {
                Some(p) => Lead::Programme {
                    id: p.id.clone(),
                    name: p.name.clone(),
                    lead: p.lead.clone(),
                },
                None => Lead::ProgrammeNotRecorded,
            }
        }
        (Delivery::Partner, None) => Lead::PartnerNotNamed,
    };
    PlanNeed {
        need: index,
        id: need.id.clone(),
        title: need.title.clone(),
        level: need.level,
        target: need.target,
        gap: need.gap,
        priority: need.priority.value,
        extent: need.extent,
        delivery: need.delivery,
        lead,
        action: question
            .recommendation_at(need.basis.level)
            .map(|r| r.text.get(questionnaire.fallback_language()).to_string()),
        programmes: covering.iter().map(|p| p.id.clone()).collect(),
    }
}

/// The workstream's lead: the lead of the most needs (on a tie, the one of
/// the highest-priority need); the other leads are its partners.
fn leads(needs: &[PlanNeed]) -> (Option<Lead>, Vec<Lead>) {
    let mut counts: Vec<(Lead, usize)> = Vec::new();
    for n in needs {
        match counts.iter_mut().find(|(l, _)| *l == n.lead) {
            Some((_, c)) => *c += 1,
            None => counts.push((n.lead.clone(), 1)),
        }
    }
    // `counts` is in priority order of first appearance; max_by keeps the last of equals.
    let Some(best) = counts
        .iter()
        .enumerate()
        .max_by(|(i, (_, a)), (j, (_, b))| a.cmp(b).then(j.cmp(i)))
        .map(|(i, _)| i)
    else {
        return (None, Vec::new());
    };
    let lead = counts[best].0.clone();
    let partners = counts
        .into_iter()
        .map(|(l, _)| l)
        .filter(|l| *l != lead)
        .collect();
    (Some(lead), partners)
}

fn size(questionnaire: &Questionnaire, needs: &[PlanNeed]) -> Option<Size> {
    let sizing = questionnaire.sizing.as_ref()?;
    if needs.is_empty() {
        return None;
    }
    let mut size = Size {
        days: Band { low: 0, high: 0 },
        cost: Band { low: 0, high: 0 },
        currency: sizing.currency.clone(),
        not_sized: 0,
    };
    for n in needs {
        match sizing.band(n.extent) {
            Some(band) => {
                size.days.low += band.days.start();
                size.days.high += band.days.end();
                size.cost.low += band.cost.start();
                size.cost.high += band.cost.end();
            }
            None => size.not_sized += 1,
        }
    }
    Some(size)
}

fn baseline(needs: &[PlanNeed]) -> Option<Baseline> {
    let first = needs.first()?;
    Some(needs.iter().fold(
        Baseline {
            lowest: first.level,
            highest: first.level,
            target_low: first.target.level,
            target_high: first.target.level,
        },
        |b, n| Baseline {
            lowest: b.lowest.min(n.level),
            highest: b.highest.max(n.level),
            target_low: b.target_low.min(n.target.level),
            target_high: b.target_high.max(n.target.level),
        },
    ))
}

/// The window of a workstream: the earliest-ending window that names it,
/// else the earliest-ending window that concerns every workstream.
fn window_for(session: &Session, id: Option<&str>) -> Option<WindowRef> {
    let windows = &session.mission.delivery_windows;
    let pick = |specific: bool| {
        windows
            .iter()
            .enumerate()
            .filter(|(_, w)| {
                if specific {
                    id.is_some_and(|id| w.workstreams.iter().any(|x| x == id))
                } else {
                    w.workstreams.is_empty()
                }
            })
            .min_by_key(|(i, w)| (w.to, *i))
            .map(|(index, w)| WindowRef {
                index,
                from: w.from,
                to: w.to,
                note: w.note.clone(),
                specific,
            })
    };
    pick(true).or_else(|| pick(false))
}

fn overlaps(inputs: &Inputs<'_>, id: Option<&str>, needs: &[PlanNeed]) -> Vec<Overlap> {
    let questionnaire = inputs.questionnaire;
    inputs
        .session
        .mission
        .programmes
        .iter()
        .filter_map(|p| {
            let workstream = id.is_some_and(|w| p.workstreams.iter().any(|x| x == w));
            let named: Vec<String> = needs
                .iter()
                .filter(|n| {
                    let question = &questionnaire.questions[inputs.needs.needs[n.need].question];
                    names_need(p, &n.id, &questionnaire.sections[question.section].id)
                })
                .map(|n| n.id.clone())
                .collect();
            (workstream || !named.is_empty()).then(|| Overlap {
                programme: p.id.clone(),
                name: p.name.clone(),
                lead: p.lead.clone(),
                until: p.until,
                workstream,
                needs: named,
                routed: needs
                    .iter()
                    .filter(|n| matches!(&n.lead, Lead::Programme { id, .. } if *id == p.id))
                    .map(|n| n.id.clone())
                    .collect(),
            })
        })
        .collect()
}

fn timing_conflicts(workstreams: &[WorkstreamPlan], i: usize) -> Vec<TimingConflict> {
    let ws = &workstreams[i];
    let Some(window) = &ws.timing.window else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for before in &ws.sequence.after {
        if let Some(other) = workstreams
            .iter()
            .find(|w| w.id.as_deref() == Some(before.as_str()))
            && let Some(theirs) = &other.timing.window
            && window.to < theirs.from
        {
            out.push(TimingConflict::EndsBeforePrerequisite {
                prerequisite: before.clone(),
                starts: theirs.from,
            });
        }
    }
    for overlap in &ws.overlaps {
        if let Some(until) = overlap.until
            && until < window.from
        {
            out.push(TimingConflict::ProgrammeEndsBefore {
                programme: overlap.programme.clone(),
                until,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests;
