//! The assistance plan as the report prints it: the plan's workstreams in
//! sequence, each with what (its needs and their actions), why (its place
//! in the sequence and its baseline), who (lead, partners, providers,
//! proposed experts), size (indicative), when (its delivery window) and
//! whether it is funded, the programmes it overlaps and what is missing.
//! The words come from [`crate::words::plan`] and [`crate::words::report`];
//! the plan itself is kept as `data` for JSON readers.

use serde::Serialize;

use crate::needs::NeedsAssessment;
use crate::plan::{Plan, WorkstreamPlan};
use crate::questionnaire::Questionnaire;
use crate::words;
use crate::words::plan as say;

/// How many providers, near misses and materials a workstream's line shows.
const SHOWN_PROVIDERS: usize = 3;
const SHOWN_NEAR: usize = 1;
const SHOWN_MATERIALS: usize = 4;

#[derive(Debug, Serialize)]
pub struct PlanView {
    /// What the State asked for, in words.
    pub request: String,
    /// That sizes are indicative, said once.
    pub indicative: &'static str,
    pub workstreams: Vec<WorkstreamView>,
    /// Every fund with what the plan allocated from it, in words.
    pub funds: Vec<String>,
    /// How many workstreams are funded, partly funded and unfunded.
    pub funded: usize,
    pub partly: usize,
    pub unfunded: usize,
    pub data: Plan,
}

#[derive(Debug, Serialize)]
pub struct WorkstreamView {
    /// Its place in the sequence, from 1.
    pub position: usize,
    pub id: Option<String>,
    /// The workstream's title, or the group of needs outside any.
    pub title: String,
    pub description: Option<String>,
    pub requested: bool,
    /// Why it is at its place: requested, dependencies, deadline.
    pub why: String,
    /// `Needs (9, levels now 1–2, target 3)` without the colon.
    pub baseline: String,
    pub needs: Vec<NeedView>,
    /// Extents and deliveries of its needs.
    pub mix: String,
    /// Who leads, and its partners.
    pub lead: String,
    /// The indicative size, long (`70–175 expert-days, USD … (indicative)`) and short.
    pub size: Option<String>,
    pub size_short: Option<String>,
    /// The delivery window and timing conflicts, and the window alone, short.
    pub when: String,
    pub when_short: String,
    /// `funded`, `partly`, `unfunded`, `no-need`, `not-sized`, in words, and with the funds.
    pub funding_status: &'static str,
    pub funding_label: &'static str,
    pub funding: String,
    /// Programmes under way it overlaps (the duplication check).
    pub overlaps: Vec<String>,
    /// Providers from the inventory that fit, and near misses with why.
    pub providers: Vec<String>,
    pub near: Vec<String>,
    /// Materials that serve its needs.
    pub materials: Vec<String>,
    /// The first few of each, by name (a provider's lead needs marked), then
    /// `and N more` (the report's lines; every one, with why, is in `data`).
    pub providers_top: String,
    pub near_top: String,
    pub materials_top: String,
    /// Its proposed roster experts with what each covers, and the window they were judged in.
    pub experts: String,
    pub team: Vec<ExpertView>,
    /// What it still lacks.
    pub missing: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct NeedView {
    pub id: String,
    pub title: String,
    pub level: f64,
    pub target: u8,
    /// `C1-D3`.
    pub code: String,
    /// Who leads it, in words, when not the assisting office alone; a
    /// programme under way by its code, named in full in the workstream.
    pub lead: Option<String>,
    pub action: Option<String>,
    /// Programme ids whose scope covers it.
    pub programmes: Vec<String>,
    /// Its human-rights risks in words (empty when none).
    pub risks: String,
}

#[derive(Debug, Serialize)]
pub struct ExpertView {
    pub id: String,
    pub name: String,
    /// Why: the expertise covered and the State's languages worked in.
    pub why: String,
}

pub fn view(plan: &Plan, questionnaire: &Questionnaire, needs: &NeedsAssessment) -> PlanView {
    let currency = plan.currency.as_deref();
    let language = questionnaire.fallback_language();
    let workstreams: Vec<WorkstreamView> = plan
        .workstreams
        .iter()
        .enumerate()
        .map(|(i, ws)| workstream(i, ws, questionnaire, needs, currency, language))
        .collect();
    let count = |status: &str| {
        workstreams
            .iter()
            .filter(|w| w.funding_status == status)
            .count()
    };
    PlanView {
        request: say::request(&plan.request, questionnaire),
        indicative: say::INDICATIVE,
        funds: plan.funds.iter().map(say::fund_use).collect(),
        funded: count("funded"),
        partly: count("partly"),
        unfunded: count("unfunded"),
        workstreams,
        data: plan.clone(),
    }
}

fn workstream(
    i: usize,
    ws: &WorkstreamPlan,
    questionnaire: &Questionnaire,
    needs: &NeedsAssessment,
    currency: Option<&str>,
    language: &str,
) -> WorkstreamView {
    let (funding_status, funding_label) = words::report::funding_status(ws.funding.status);
    let providers: Vec<String> = ws.broker.providers.iter().map(say::provider).collect();
    let near: Vec<String> = ws.broker.near.iter().map(say::provider).collect();
    let materials: Vec<String> = ws.broker.materials.iter().map(say::material).collect();
    let provider_names: Vec<String> = ws
        .broker
        .providers
        .iter()
        .map(words::report::provider_short)
        .collect();
    let material_names: Vec<String> = ws
        .broker
        .materials
        .iter()
        .map(words::report::material_short)
        .collect();
    WorkstreamView {
        position: i + 1,
        id: ws.id.clone(),
        title: ws
            .title
            .clone()
            .unwrap_or_else(|| words::report::OUTSIDE_WORKSTREAMS.to_string()),
        description: ws
            .index
            .and_then(|w| questionnaire.workstreams[w].description.as_ref())
            .map(|d| d.get(language).to_string()),
        requested: ws.requested,
        why: say::sequence(&ws.sequence, ws.requested),
        baseline: words::report::baseline(ws),
        needs: ws
            .needs
            .iter()
            .map(|n| {
                let need = &needs.needs[n.need];
                NeedView {
                    id: n.id.clone(),
                    title: n.title.clone(),
                    level: n.level,
                    target: n.target.level,
                    code: need.code(),
                    lead: say::need_lead(&n.lead),
                    action: n.action.clone(),
                    programmes: n.programmes.clone(),
                    risks: words::report::risk_kinds(&questionnaire.questions[need.question].risks),
                }
            })
            .collect(),
        mix: say::mix(ws),
        lead: say::leads(ws),
        size: ws.size.as_ref().map(say::size),
        size_short: ws.size.as_ref().map(words::report::size_short),
        when: words::report::when(&ws.timing),
        when_short: ws.timing.window.as_ref().map_or_else(
            || words::report::NO_WINDOW.to_string(),
            |w| format!("{} to {}", w.from, w.to),
        ),
        funding_status,
        funding_label,
        funding: say::funding(&ws.funding, currency),
        overlaps: ws.overlaps.iter().map(say::overlap).collect(),
        providers_top: say::some_of(&provider_names, SHOWN_PROVIDERS),
        near_top: say::some_of(&near, SHOWN_NEAR),
        materials_top: say::some_of(&material_names, SHOWN_MATERIALS),
        providers,
        near,
        materials,
        experts: say::experts(&ws.broker.experts),
        team: ws
            .broker
            .experts
            .team
            .iter()
            .map(|e| ExpertView {
                id: e.id.clone(),
                name: e.name.clone(),
                why: words::report::expert_why(e),
            })
            .collect(),
        missing: ws
            .missing
            .iter()
            .map(|m| say::missing(m, currency))
            .collect(),
    }
}
