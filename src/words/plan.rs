//! The English words of the assistance plan ([`crate::plan`]): leads,
//! sizes, funding, timing, overlaps, providers, materials, experts and what
//! is missing, each made from its typed value.

use std::fmt::Write as _;

use crate::plan::broker::{
    ConditionFit, ExpertFit, Experts, MaterialFit, Missing, ProviderFit, ProviderMiss,
};
use crate::plan::funding::{FundUse, Funding, FundingStatus, NotCounted, Uncounted};
use crate::plan::sequence::Sequence;
use crate::plan::{
    Count, Lead, Overlap, PlanNeed, RequestSummary, Size, Timing, TimingConflict, WorkstreamPlan,
};
use crate::questionnaire::{Delivery, Extent, Questionnaire};
use crate::session::FundStatus;

/// Said wherever a size is shown.
pub const INDICATIVE: &str = "Sizes are indicative: the questionnaire's band for one need of each extent, summed over a workstream's needs; they are a first order of magnitude for a donor, not a budget.";

/// The labels of the text plan's lines.
pub mod label {
    pub const REQUEST: &str = "Request";
    pub const LANGUAGES: &str = "Working languages";
    pub const WHY: &str = "Why here";
    pub const EXTENT: &str = "Extent";
    pub const LEAD: &str = "Lead";
    pub const SIZE: &str = "Size";
    pub const WHEN: &str = "When";
    pub const FUNDING: &str = "Funding";
    pub const UNDER_WAY: &str = "Under way";
    pub const PROVIDERS: &str = "Providers";
    pub const NEAR: &str = "mandate fits, but";
    pub const MATERIALS: &str = "Materials";
    pub const EXPERTS: &str = "Experts";
    pub const MISSING: &str = "Missing";
}

/// The heading of the text plan.
pub fn heading(state: &str) -> String {
    format!("Assistance plan for {state}")
}

/// Said when the session has no need at all.
pub const NO_NEEDS: &str = "No needs: every scored indicator is at its target.";

/// Said of a requested workstream without a need.
pub const NO_NEED: &str = "No need found: the indicators of this workstream are at their targets.";

/// Said when no provider fits.
pub const NONE_FITS: &str = "none fits";

/// The heading of the list of funds.
pub const FUNDS: &str = "Funds (allocated in the order above):";

/// `Needs (9, levels now 1–2, target 3):`.
pub fn needs_heading(ws: &WorkstreamPlan) -> String {
    let baseline = ws.baseline.map_or_else(String::new, |b| {
        let levels = if (b.lowest - b.highest).abs() < f64::EPSILON {
            format!("level now {:.0}", b.lowest)
        } else {
            format!("levels now {:.0}–{:.0}", b.lowest, b.highest)
        };
        let target = if b.target_low == b.target_high {
            format!("target {}", b.target_low)
        } else {
            format!("targets {}–{}", b.target_low, b.target_high)
        };
        format!(", {levels}, {target}")
    });
    format!("Needs ({}{baseline}):", ws.needs.len())
}

/// `3 advisory, 1 capacity; delivery: 2 office alone, 2 partner-led`.
pub fn mix(ws: &WorkstreamPlan) -> String {
    format!(
        "{}; delivery: {}",
        extents(&ws.extents),
        deliveries(&ws.deliveries)
    )
}

/// `the assisting office; partners: Council of Europe`.
pub fn leads(ws: &WorkstreamPlan) -> String {
    let mut out = ws.lead.as_ref().map(lead).unwrap_or_default();
    if !ws.partners.is_empty() {
        let partners: Vec<String> = ws.partners.iter().map(lead).collect();
        let _ = write!(out, "; partners: {}", partners.join("; "));
    }
    out
}

/// The first `shown` items, then `and N more`.
pub fn some_of(items: &[String], shown: usize) -> String {
    let mut out = items
        .iter()
        .take(shown)
        .cloned()
        .collect::<Vec<_>>()
        .join("; ");
    if items.len() > shown {
        let _ = write!(out, "; and {} more", items.len() - shown);
    }
    out
}

/// The proposed experts and the window they were judged in.
pub fn experts(experts: &Experts) -> String {
    let team: Vec<String> = experts.team.iter().map(expert).collect();
    match (team.is_empty(), experts.window) {
        (false, Some((from, to))) => {
            format!(
                "{} (each free enough days in the window {from} to {to})",
                team.join("; ")
            )
        }
        (false, None) => format!(
            "{} (no delivery window for this workstream: availability judged against the mission's dates, when recorded)",
            team.join("; ")
        ),
        (true, Some((from, to))) => format!(
            "none free enough days in the window {from} to {to} ({} of the roster filtered out)",
            experts.excluded
        ),
        (true, None) => "none in the roster covers this expertise".to_string(),
    }
}

/// The last line of the text plan.
pub const MORE: &str = "Every need's action, every provider and material, and the codes: tana plan SESSION --json (docs/plan.md).";

/// The title of a workstream, or the name of the group of needs outside any.
pub fn title(ws: &WorkstreamPlan) -> String {
    match (&ws.title, &ws.id) {
        (Some(title), Some(id)) => format!("{title} ({id})"),
        _ => "Needs outside any workstream".to_string(),
    }
}

/// Who leads: `the assisting office`, `Council of Europe`, `P1 NIDES … (Regional development bank)`.
pub fn lead(lead: &Lead) -> String {
    match lead {
        Lead::Office => "the assisting office".to_string(),
        Lead::Partner { name } => name.clone(),
        Lead::Programme { id, name, lead } => match lead {
            Some(org) => format!("the programme under way {id} {name} ({org})"),
            None => format!("the programme under way {id} {name}"),
        },
        Lead::ProgrammeNotRecorded => {
            "the programme under way (not recorded in the session: record it from CX.7)".to_string()
        }
        Lead::PartnerNotNamed => "a partner not yet named".to_string(),
    }
}

/// Who leads one need of a workstream, `None` for the assisting office: a
/// programme under way by its code alone (`the programme under way P1`),
/// since the workstream's lines name it in full.
pub fn need_lead(lead: &Lead) -> Option<String> {
    match lead {
        Lead::Office => None,
        Lead::Programme { id, .. } => Some(format!("the programme under way {id}")),
        other => Some(self::lead(other)),
    }
}

fn extent_short(extent: Extent) -> &'static str {
    match extent {
        Extent::Advisory => "advisory",
        Extent::Capacity => "capacity",
        Extent::Systems => "systems",
        Extent::Infrastructure => "infrastructure",
    }
}

fn delivery_short(delivery: Delivery) -> &'static str {
    match delivery {
        Delivery::Alone => "office alone",
        Delivery::Broker => "brokered",
        Delivery::Partner => "partner-led",
    }
}

/// `5 advisory, 2 capacity`.
pub fn extents(counts: &[Count<Extent>]) -> String {
    let parts: Vec<String> = counts
        .iter()
        .map(|c| format!("{} {}", c.needs, extent_short(c.value)))
        .collect();
    parts.join(", ")
}

/// `3 office alone, 2 brokered, 2 partner-led`.
pub fn deliveries(counts: &[Count<Delivery>]) -> String {
    let parts: Vec<String> = counts
        .iter()
        .map(|c| format!("{} {}", c.needs, delivery_short(c.value)))
        .collect();
    parts.join(", ")
}

/// A whole amount with thousands separators: `1,250,000`.
pub fn amount(value: f64) -> String {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let whole = value.round().max(0.0) as u64;
    let digits = whole.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `USD 160,000`.
pub fn money(value: f64, currency: &str) -> String {
    format!("{currency} {}", amount(value))
}

/// `70–175 expert-days, USD 105,000–280,000 (indicative)`.
pub fn size(size: &Size) -> String {
    #[allow(clippy::cast_precision_loss)]
    let (low, high) = (size.cost.low as f64, size.cost.high as f64);
    let mut out = format!(
        "{}–{} expert-days, {} {}–{} (indicative)",
        size.days.low,
        size.days.high,
        size.currency,
        amount(low),
        amount(high)
    );
    if size.not_sized > 0 {
        let _ = write!(
            out,
            "; {} need{} of an extent the questionnaire does not size",
            size.not_sized,
            if size.not_sized == 1 { "" } else { "s" }
        );
    }
    out
}

fn fund_status(status: FundStatus) -> &'static str {
    match status {
        FundStatus::Committed => "committed",
        FundStatus::Pledged => "pledged",
    }
}

fn not_counted(reason: &NotCounted) -> String {
    match reason {
        NotCounted::NoAmount => "its amount is not recorded".to_string(),
        NotCounted::OtherCurrency { currency } => {
            format!("it is in {currency}, and tana converts no currency")
        }
        NotCounted::NoSizing => "the questionnaire sizes nothing to count it against".to_string(),
    }
}

fn uncounted(u: &Uncounted) -> String {
    format!(
        "{} ({}) may pay for it but is not counted: {}",
        u.fund,
        u.source,
        not_counted(&u.reason)
    )
}

/// `funded: F1 USD 160,000 committed (earmarked), F2 USD 20,000 pledged (earmarked) against a lower bound of USD 180,000`.
pub fn funding(funding: &Funding, currency: Option<&str>) -> String {
    let currency = currency.unwrap_or("");
    let allocations: Vec<String> = funding
        .allocations
        .iter()
        .map(|a| {
            format!(
                "{} {} {}{}",
                a.fund,
                money(a.amount, currency),
                fund_status(a.status),
                if a.earmarked { " (earmarked)" } else { "" }
            )
        })
        .collect();
    #[allow(clippy::cast_precision_loss)]
    let needed = funding.needed.map(|n| money(n as f64, currency));
    let mut out = match funding.status {
        FundingStatus::Funded => format!(
            "funded: {} covers the lower bound of {}",
            allocations.join(", "),
            needed.unwrap_or_default()
        ),
        FundingStatus::Partly => format!(
            "partly funded: {} of the lower bound of {}",
            allocations.join(", "),
            needed.unwrap_or_default()
        ),
        FundingStatus::Unfunded => format!(
            "unfunded: no recorded fund may pay for it{}",
            needed
                .map(|n| format!(" (lower bound {n})"))
                .unwrap_or_default()
        ),
        FundingStatus::NoNeed => "nothing to fund: no need was found".to_string(),
        FundingStatus::NotSized => "not judged: its needs have no indicative cost".to_string(),
    };
    if funding.pledged > 0.0 {
        if funding.committed > 0.0 {
            let _ = write!(
                out,
                "; {} of it only pledged, not yet committed",
                money(funding.pledged, currency)
            );
        } else {
            out.push_str("; all of it only pledged, not yet committed");
        }
    }
    for u in &funding.uncounted {
        out.push_str("; ");
        out.push_str(&uncounted(u));
    }
    out
}

/// A fund and its use: `F1 State budget, USD 160,000 committed, earmarked WS.ENFORCE: WS.ENFORCE USD 160,000; unallocated USD 0`.
pub fn fund_use(fund: &FundUse) -> String {
    let currency = fund.currency.as_deref().unwrap_or("");
    let mut out = format!(
        "{} {}, {} {}",
        fund.id,
        fund.source,
        fund.amount
            .map_or_else(|| "amount not recorded".to_string(), |a| money(a, currency)),
        fund_status(fund.status)
    );
    if fund.earmark.is_empty() {
        out.push_str(", any workstream");
    } else {
        let _ = write!(out, ", earmarked {}", fund.earmark.join(", "));
    }
    if let Some(reason) = &fund.not_counted {
        let _ = write!(out, ": not counted, {}", not_counted(reason));
        return out;
    }
    let parts: Vec<String> = fund
        .allocated
        .iter()
        .map(|share| format!("{} {}", share.workstream, money(share.amount, currency)))
        .collect();
    let _ = write!(
        out,
        ": {}; unallocated {}",
        if parts.is_empty() {
            "nothing allocated".to_string()
        } else {
            parts.join(", ")
        },
        money(fund.unallocated, currency)
    );
    out
}

/// Why a workstream is at its place: `requested by the State; after WS.LAW; deadline 2027-09-15`.
pub fn sequence(sequence: &Sequence, requested: bool) -> String {
    let mut parts = Vec::new();
    if requested {
        parts.push("requested by the State".to_string());
    } else if !sequence.prerequisite_of.is_empty() {
        parts.push(format!(
            "needed first by the requested {}",
            sequence.prerequisite_of.join(", ")
        ));
    }
    if !sequence.after.is_empty() {
        parts.push(format!("after {}", sequence.after.join(", ")));
    }
    if let Some(deadline) = sequence.deadline {
        match &sequence.deadline_from {
            Some(from) => parts.push(format!(
                "deadline {deadline}, from {from} which depends on it"
            )),
            None => parts.push(format!("deadline {deadline}")),
        }
    }
    if parts.is_empty() {
        parts.push(format!("highest need priority {:.1}", sequence.priority));
    }
    parts.join("; ")
}

/// A timing conflict in words (also used by the report's risks).
pub fn timing_conflict(conflict: &TimingConflict) -> String {
    match conflict {
        TimingConflict::EndsBeforePrerequisite {
            prerequisite,
            starts,
        } => format!(
            "its window ends before {prerequisite}, which must come first, can start ({starts})"
        ),
        TimingConflict::ProgrammeEndsBefore { programme, until } => {
            format!("{programme} ends on {until}, before this window starts")
        }
    }
}

/// `2027-04-15 to 2027-09-15 (before the bill goes to cabinet)`, or that none is recorded.
pub fn timing(timing: &Timing) -> String {
    let mut out = match &timing.window {
        Some(w) => {
            let mut text = format!("{} to {}", w.from, w.to);
            if !w.note.is_empty() {
                let _ = write!(text, " ({})", w.note);
            }
            if !w.specific {
                text.push_str(", the mission's window for every workstream");
            }
            text
        }
        None => "no delivery window recorded".to_string(),
    };
    for c in &timing.conflicts {
        out.push_str("; check: ");
        out.push_str(&timing_conflict(c));
    }
    out
}

/// A programme under way that overlaps: `P2 Council of Europe review … (Council of Europe, to 2028-06-30): its whole workstream; A2.1, A2.3; delivery routed into it: A2.1`.
pub fn overlap(overlap: &Overlap) -> String {
    let mut out = format!("{} {}", overlap.programme, overlap.name);
    let mut about = Vec::new();
    if let Some(lead) = &overlap.lead {
        about.push(lead.clone());
    }
    if let Some(until) = overlap.until {
        about.push(format!("to {until}"));
    }
    if !about.is_empty() {
        let _ = write!(out, " ({})", about.join(", "));
    }
    let mut scope = Vec::new();
    if overlap.workstream {
        scope.push("covers this workstream".to_string());
    }
    if !overlap.needs.is_empty() {
        scope.push(format!("names {}", overlap.needs.join(", ")));
    }
    out.push_str(": ");
    out.push_str(&scope.join("; "));
    if overlap.routed.is_empty() {
        out.push_str("; coordinate with it to avoid duplication and to bring in the crime-prevention and criminal-justice aspects (000 ¶36(b))");
    } else {
        let _ = write!(
            out,
            "; delivery of {} routed into it (000 ¶36(b))",
            overlap.routed.join(", ")
        );
    }
    out
}

fn condition(c: &ConditionFit) -> String {
    let text = c.text.clone().unwrap_or_else(|| format!("`{}`", c.when));
    match c.held {
        // Met: the provider is listed as fitting, and the words are in the JSON.
        crate::needs::Held::True => "its condition met".to_string(),
        crate::needs::Held::False => format!("condition not met: {text}"),
        crate::needs::Held::Undecided => {
            format!("condition not decided yet (an answer it reads is missing): {text}")
        }
    }
}

fn provider_miss(miss: &ProviderMiss) -> String {
    match miss {
        ProviderMiss::Extent { delivers } => format!(
            "delivers only {}",
            delivers
                .iter()
                .map(|e| extent_short(*e))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        ProviderMiss::Region { region } => format!("does not work in {}", region.name()),
        ProviderMiss::Language { works_in } => {
            format!("works only in {}", works_in.join(", "))
        }
        ProviderMiss::Condition { .. } => String::new(),
    }
}

/// A provider with what fits: `Council of Europe C-PROC (LEG-DRAFT, PROC-EEVID; en, fr; condition met: …)`.
pub fn provider(fit: &ProviderFit) -> String {
    let mut parts = vec![fit.tags.join(", ")];
    if !fit.leads.is_empty() {
        parts.push(format!("lead partner of {}", fit.leads.join(", ")));
    }
    if fit.languages_recorded {
        if fit.languages.is_empty() {
            parts.push("none of the State's languages".to_string());
        } else {
            parts.push(fit.languages.join(", "));
        }
    }
    for m in &fit.misses {
        let text = provider_miss(m);
        if !text.is_empty() {
            parts.push(text);
        }
    }
    if let Some(c) = &fit.condition {
        parts.push(condition(c));
    }
    format!("{} ({})", fit.name, parts.join("; "))
}

/// A material: `Handbook on Identity-related Crime — UNODC, 2011 (handbook; en)`.
pub fn material(fit: &MaterialFit) -> String {
    let year = fit.year.map(|y| format!(", {y}")).unwrap_or_default();
    format!(
        "{} — {}{year} ({}; {})",
        fit.title,
        fit.publisher,
        fit.kind.name(),
        fit.languages.join(", ")
    )
}

/// An expert: `EX-012 Hélène Marchand (fr, en; LEG-DRAFT)`.
pub fn expert(fit: &ExpertFit) -> String {
    let mut parts = Vec::new();
    if !fit.languages.is_empty() {
        parts.push(fit.languages.join(", "));
    }
    parts.push(fit.covers.join(", "));
    format!("{} {} ({})", fit.id, fit.name, parts.join("; "))
}

/// What is missing, as a phrase.
pub fn missing(missing: &Missing, currency: Option<&str>) -> String {
    match missing {
        Missing::NoProvider => "no provider in the inventory fits".to_string(),
        Missing::NoMaterial => "no material in the inventory serves these needs".to_string(),
        Missing::NoExpert => "no available roster expert covers this expertise".to_string(),
        Missing::UncoveredExpertise { tags } => {
            format!("no available expert holds {}", tags.join(", "))
        }
        Missing::NoExpertInFirstLanguage { language, others } => {
            if others.is_empty() {
                format!(
                    "no proposed expert works in {language}, and no candidate who does covers this expertise"
                )
            } else {
                format!(
                    "no proposed expert works in {language} ({} do{}, with part of the expertise)",
                    others.join(", "),
                    if others.len() == 1 { "es" } else { "" }
                )
            }
        }
        Missing::NoFunds => "no funds".to_string(),
        Missing::FundingGap { amount } => format!(
            "{} more to reach the lower bound",
            money(*amount, currency.unwrap_or(""))
        ),
        Missing::ProgrammeNotRecorded { needs } => format!(
            "the programme under way that {} should be delivered into is not recorded (CX.7)",
            needs.join(", ")
        ),
        Missing::NotSized { needs } => format!(
            "{needs} need{} without an indicative size",
            if *needs == 1 { "" } else { "s" }
        ),
    }
}

/// One need: `A2.1 Expedited preservation of computer data: level 1 → 3, advisory, Council of Europe`.
pub fn need(need: &PlanNeed) -> String {
    format!(
        "{} {}: level {:.0} → {}, {}, {}",
        need.id,
        need.title,
        need.level,
        need.target.level,
        extent_short(need.extent),
        lead(&need.lead)
    )
}

/// The request: `Criminal law and procedure (WS.LAW), …; urgency priority (CX.4)`.
pub fn request(request: &RequestSummary, questionnaire: &Questionnaire) -> String {
    let Some(question) = &request.question else {
        return "the questionnaire does not record the request's components".to_string();
    };
    let mut out = if !request.recorded {
        format!("the components asked for are not recorded yet ({question})")
    } else if request.workstreams.is_empty() {
        format!("no component ticked ({question})")
    } else {
        let language = questionnaire.fallback_language();
        let names: Vec<String> = request
            .workstreams
            .iter()
            .map(|id| {
                questionnaire.workstream(id).map_or_else(
                    || id.clone(),
                    |w| format!("{} ({id})", w.title.get(language)),
                )
            })
            .collect();
        format!("{} ({question})", names.join("; "))
    };
    match (request.urgency, &request.urgency_question) {
        (Some(u), Some(q)) => {
            let _ = write!(out, "; urgency {} ({q})", u.name());
        }
        (None, Some(q)) => {
            let _ = write!(out, "; urgency not recorded ({q})");
        }
        _ => {}
    }
    out
}
