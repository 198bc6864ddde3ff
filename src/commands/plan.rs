//! `tana plan`: the assistance plan of a session as text for an officer
//! (the workstreams in order, each sized, timed, funded, with who can
//! deliver it and with what, and what is missing) or as versioned JSON
//! (docs/plan.md): the typed plan with the English words beside it.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use serde::Serialize;
use serde_json::json;

use crate::check::load_session_with_questionnaire;
use crate::inventory::Inventory;
use crate::plan::funding::FundUse;
use crate::plan::{self, Inputs, Plan, WorkstreamPlan};
use crate::questionnaire::Questionnaire;
use crate::session::Session;
use crate::tui::wrap::wrap;
use crate::words::plan::{self as say, label};

/// The width the text is wrapped to.
const WIDTH: usize = 80;
/// How many providers, near-fitting providers and materials the text names per workstream.
const SHOWN: usize = 4;

/// The inventory from `path`, or the built-in one (whose references the
/// questionnaire does not know are printed as notes: a custom questionnaire
/// may lack the shipped one's ids).
pub(super) fn inventory(path: Option<&Path>, questionnaire: &Questionnaire) -> Result<Inventory> {
    if let Some(p) = path {
        return Inventory::load(p, questionnaire)
            .map_err(|e| anyhow::anyhow!("{}", e.render().trim_end()));
    }
    let inventory = Inventory::embedded();
    for problem in inventory.check_against(questionnaire) {
        crate::status::note(&format!(
            "{}",
            problem.display_in(Path::new("built-in assistance/inventory.yaml"))
        ));
    }
    Ok(inventory)
}

pub fn plan(
    session_path: &Path,
    questionnaire_path: Option<&Path>,
    inventory_path: Option<&Path>,
    roster_path: Option<&Path>,
    as_json: bool,
) -> Result<ExitCode> {
    let (session, questionnaire, load) =
        load_session_with_questionnaire(session_path, questionnaire_path)?;
    for message in load.messages() {
        crate::status::note(&message);
    }
    let inventory = inventory(inventory_path, &questionnaire)?;
    let roster = super::roster(roster_path)?;
    let scores = crate::scoring::score(&questionnaire, &session);
    let needs = crate::needs::classify(&questionnaire, &session, &scores);
    let computed = plan::plan(&Inputs {
        questionnaire: &questionnaire,
        session: &session,
        scores: &scores,
        needs: &needs,
        inventory: &inventory,
        roster: &roster,
    });
    if as_json {
        super::json_out(&json_of(&computed, &session, &questionnaire))?;
    } else {
        crate::terminal::print(&text(&computed, &session, &questionnaire))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The English words of a workstream, beside its codes in the JSON.
#[derive(Serialize)]
struct WorkstreamWords {
    title: String,
    sequence: String,
    needs: Vec<String>,
    extents: String,
    deliveries: String,
    lead: Option<String>,
    partners: Vec<String>,
    size: Option<String>,
    timing: String,
    funding: String,
    overlaps: Vec<String>,
    providers: Vec<String>,
    near: Vec<String>,
    materials: Vec<String>,
    team: Vec<String>,
    missing: Vec<String>,
}

#[derive(Serialize)]
struct WorkstreamJson<'a> {
    #[serde(flatten)]
    plan: &'a WorkstreamPlan,
    text: WorkstreamWords,
}

#[derive(Serialize)]
struct FundJson<'a> {
    #[serde(flatten)]
    fund: &'a FundUse,
    text: String,
}

fn words_of(ws: &WorkstreamPlan, currency: Option<&str>) -> WorkstreamWords {
    WorkstreamWords {
        title: say::title(ws),
        sequence: say::sequence(&ws.sequence, ws.requested),
        needs: ws.needs.iter().map(say::need).collect(),
        extents: say::extents(&ws.extents),
        deliveries: say::deliveries(&ws.deliveries),
        lead: ws.lead.as_ref().map(say::lead),
        partners: ws.partners.iter().map(say::lead).collect(),
        size: ws.size.as_ref().map(say::size),
        timing: say::timing(&ws.timing),
        funding: say::funding(&ws.funding, currency),
        overlaps: ws.overlaps.iter().map(say::overlap).collect(),
        providers: ws.broker.providers.iter().map(say::provider).collect(),
        near: ws.broker.near.iter().map(say::provider).collect(),
        materials: ws.broker.materials.iter().map(say::material).collect(),
        team: ws.broker.experts.team.iter().map(say::expert).collect(),
        missing: ws
            .missing
            .iter()
            .map(|m| say::missing(m, currency))
            .collect(),
    }
}

fn json_of(plan: &Plan, session: &Session, questionnaire: &Questionnaire) -> serde_json::Value {
    let currency = plan.currency.as_deref();
    json!({
        "tana-plan": plan::FORMAT_VERSION,
        "state": {"name": session.state.name, "code": session.state.code},
        "languages": plan.languages,
        "region": plan.region,
        "indicative": true,
        "indicative_text": say::INDICATIVE,
        "currency": plan.currency,
        "request": plan.request,
        "request_text": say::request(&plan.request, questionnaire),
        "workstreams": plan.workstreams.iter().map(|ws| WorkstreamJson {
            plan: ws,
            text: words_of(ws, currency),
        }).collect::<Vec<_>>(),
        "funds": plan.funds.iter().map(|f| FundJson { fund: f, text: say::fund_use(f) }).collect::<Vec<_>>(),
    })
}

/// `label: text`, wrapped to the width with the continuation indented.
fn field(out: &mut String, indent: usize, label: &str, text: &str) {
    let lines = wrap(
        &format!("{label}: {text}"),
        WIDTH.saturating_sub(indent + 2).max(20),
    );
    for (i, line) in lines.iter().enumerate() {
        let pad = " ".repeat(if i == 0 { indent } else { indent + 2 });
        let _ = writeln!(out, "{pad}{line}");
    }
}

/// One workstream of the text plan.
fn workstream_text(out: &mut String, position: usize, ws: &WorkstreamPlan, currency: Option<&str>) {
    let w = words_of(ws, currency);
    let _ = writeln!(out, "\n{position}. {}", w.title);
    field(out, 3, label::WHY, &w.sequence);
    if ws.needs.is_empty() {
        let _ = writeln!(out, "   {}", say::NO_NEED);
        return;
    }
    let _ = writeln!(out, "   {}", say::needs_heading(ws));
    for n in &w.needs {
        item(out, 5, n);
    }
    field(out, 3, label::EXTENT, &say::mix(ws));
    field(out, 3, label::LEAD, &say::leads(ws));
    if let Some(size) = &w.size {
        field(out, 3, label::SIZE, size);
    }
    field(out, 3, label::WHEN, &w.timing);
    field(out, 3, label::FUNDING, &w.funding);
    for o in &w.overlaps {
        field(out, 3, label::UNDER_WAY, o);
    }
    let providers = if w.providers.is_empty() {
        say::NONE_FITS.to_string()
    } else {
        say::some_of(&w.providers, SHOWN)
    };
    field(out, 3, label::PROVIDERS, &providers);
    if !w.near.is_empty() {
        field(out, 5, label::NEAR, &say::some_of(&w.near, SHOWN));
    }
    if !w.materials.is_empty() {
        field(out, 3, label::MATERIALS, &say::some_of(&w.materials, SHOWN));
    }
    field(out, 3, label::EXPERTS, &say::experts(&ws.broker.experts));
    if !w.missing.is_empty() {
        field(out, 3, label::MISSING, &w.missing.join("; "));
    }
}

/// An item of a list, `- text`, wrapped with the continuation indented.
fn item(out: &mut String, indent: usize, text: &str) {
    let pad = " ".repeat(indent);
    for (i, line) in wrap(text, WIDTH.saturating_sub(indent + 2).max(20))
        .iter()
        .enumerate()
    {
        let _ = writeln!(out, "{pad}{}{line}", if i == 0 { "- " } else { "  " });
    }
}

fn text(plan: &Plan, session: &Session, questionnaire: &Questionnaire) -> String {
    let currency = plan.currency.as_deref();
    let mut out = String::new();
    let _ = writeln!(out, "{}", say::heading(&session.state.name));
    field(
        &mut out,
        0,
        label::REQUEST,
        &say::request(&plan.request, questionnaire),
    );
    if !plan.languages.is_empty() {
        field(&mut out, 0, label::LANGUAGES, &plan.languages.join(", "));
    }
    for line in wrap(say::INDICATIVE, WIDTH) {
        let _ = writeln!(out, "{line}");
    }
    if plan.workstreams.is_empty() {
        let _ = writeln!(out, "\n{}", say::NO_NEEDS);
    }
    for (i, ws) in plan.workstreams.iter().enumerate() {
        workstream_text(&mut out, i + 1, ws, currency);
    }
    if !plan.funds.is_empty() {
        let _ = writeln!(out, "\n{}", say::FUNDS);
        for f in &plan.funds {
            item(&mut out, 2, &say::fund_use(f));
        }
    }
    let _ = writeln!(out, "\n{}", say::MORE);
    out
}
