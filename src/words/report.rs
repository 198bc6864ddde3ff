//! The words of the report's own typed values: key messages, risks, the
//! grouped classification legend, answer sources, the validation status
//! and money. Part of the English catalogue ([`crate::words`]).

use std::fmt::Write as _;

use crate::needs::{Basis, DeliveryBasis, Held, Need, RuleBasis};
use crate::plan::Size;
use crate::plan::broker::ExpertFit;
use crate::plan::funding::FundingStatus;
use crate::questionnaire::{Delivery, Extent, Risk as RiskKind};
use crate::report::messages::{Amount, IndicatorLevel, KeyMessage};
use crate::report::risks::Risk;
use crate::scoring::TargetOrigin;
use crate::session::{SourceHow, Validation};

use super::{delivery_label, extent_label, partner};

/// The group of needs outside any workstream.
pub const OUTSIDE_WORKSTREAMS: &str = "Needs outside any workstream";

/// Said when no delivery window applies.
pub const NO_WINDOW: &str = "no window recorded";

/// A funding status's code and its label for a table.
pub fn funding_status(status: FundingStatus) -> (&'static str, &'static str) {
    match status {
        FundingStatus::Funded => ("funded", "funded"),
        FundingStatus::Partly => ("partly", "partly funded"),
        FundingStatus::Unfunded => ("unfunded", "unfunded"),
        FundingStatus::NoNeed => ("no-need", "nothing to fund"),
        FundingStatus::NotSized => ("not-sized", "not sized"),
    }
}

/// `20–60 days, USD 40k–150k`: an indicative size for a table.
pub fn size_short(size: &Size) -> String {
    #[allow(clippy::cast_precision_loss)]
    let k = |v: u64| {
        if v >= 1_000_000 {
            format!("{:.1}M", v as f64 / 1_000_000.0).replace(".0M", "M")
        } else if v >= 1000 {
            format!("{}k", (v as f64 / 1000.0).round())
        } else {
            v.to_string()
        }
    };
    format!(
        "{}–{} days, {} {}–{}",
        size.days.low,
        size.days.high,
        size.currency,
        k(size.cost.low),
        k(size.cost.high)
    )
}

/// A workstream's needs and their levels: `8 needs, levels now 1–2, targets 2–3`.
pub fn baseline(ws: &crate::plan::WorkstreamPlan) -> String {
    let n = plural(ws.needs.len(), "need", "needs");
    match ws.baseline {
        None => n,
        Some(b) => {
            let levels = if (b.lowest - b.highest).abs() < f64::EPSILON {
                format!("level now {}", level(b.lowest))
            } else {
                format!("levels now {}–{}", level(b.lowest), level(b.highest))
            };
            let target = if b.target_low == b.target_high {
                format!("target {}", b.target_low)
            } else {
                format!("targets {}–{}", b.target_low, b.target_high)
            };
            format!("{n}, {levels}, {target}")
        }
    }
}

/// A workstream's delivery window with its note, and what does not fit.
pub fn when(timing: &crate::plan::Timing) -> String {
    let mut out = match &timing.window {
        Some(w) => {
            let mut text = format!("{} to {}", w.from, w.to);
            let note = w.note.trim().trim_end_matches('.');
            if !note.is_empty() {
                let _ = write!(text, " ({note})");
            }
            if !w.specific {
                text.push_str(", the window for every workstream");
            }
            text
        }
        None => NO_WINDOW.to_string(),
    };
    for c in &timing.conflicts {
        let _ = write!(out, "; check: {}", super::plan::timing_conflict(c));
    }
    out
}

/// A provider by name, with the needs it leads: `Octopus Project, Council of Europe (lead partner of A1.1, A2.1)`.
pub fn provider_short(fit: &crate::plan::broker::ProviderFit) -> String {
    if fit.leads.is_empty() {
        fit.name.clone()
    } else {
        format!("{} (lead partner of {})", fit.name, fit.leads.join(", "))
    }
}

/// A material by title, publisher and year: `Handbook on Identity-related Crime (UNODC, 2011)`.
pub fn material_short(fit: &crate::plan::broker::MaterialFit) -> String {
    match fit.year {
        Some(year) => format!("{} ({}, {year})", fit.title, fit.publisher),
        None => format!("{} ({})", fit.title, fit.publisher),
    }
}

/// Why an expert is proposed for a workstream: what they cover and the
/// State's languages they work in (the first one marked).
pub fn expert_why(fit: &ExpertFit) -> String {
    let mut parts = vec![format!("covers {}", fit.covers.join(", "))];
    if fit.languages.is_empty() {
        parts.push("works in none of the State's languages".to_string());
    } else {
        parts.push(format!("works in {}", fit.languages.join(", ")));
    }
    if !fit.first_language {
        parts.push("not in the State's first language".to_string());
    }
    parts.join("; ")
}

/// How an answer's information was obtained.
pub fn how(how: SourceHow) -> &'static str {
    match how {
        SourceHow::Document => "document seen",
        SourceHow::Oral => "stated orally",
        SourceHow::Observed => "observed",
        SourceHow::Desk => "desk review",
    }
}

/// One source of an answer: `Ministry of Justice (document seen)`, or
/// `desk review` when no institution is named.
pub fn source(institution: Option<&str>, source_how: SourceHow) -> String {
    match institution {
        Some(who) => format!("{who} ({})", how(source_how)),
        None => how(source_how).to_string(),
    }
}

/// What a validation status means for the reader.
pub fn validation(status: Validation, state: &str) -> String {
    match status {
        Validation::Draft => format!(
            "Not yet shared with the authorities of {state}; findings, targets and the plan may change after their comments."
        ),
        Validation::Shared => format!(
            "The authorities of {state} have the report for comment and have not yet agreed it; findings, targets and the plan may still change."
        ),
        Validation::Agreed => format!(
            "The authorities of {state} have agreed the findings, the targets and the plan."
        ),
    }
}

/// The one-word label of a validation status for the title block.
pub fn validation_label(status: Validation) -> &'static str {
    match status {
        Validation::Draft => "Draft for validation by the State",
        Validation::Shared => "Shared with the State for comment",
        Validation::Agreed => "Agreed with the State",
    }
}

/// What a delivery code means, for the legend.
pub fn delivery_meaning(delivery: Delivery) -> &'static str {
    match delivery {
        Delivery::Alone => "the assisting office delivers with its own staff",
        Delivery::Broker => {
            "the office brokers the work and draws on roster experts, public and private"
        }
        Delivery::Partner => {
            "a partner organisation or a programme under way leads; the office contributes"
        }
    }
}

/// What an extent code means, for the legend.
pub fn extent_meaning(extent: Extent) -> &'static str {
    match extent {
        Extent::Advisory => "advice, legal review and legislative drafting",
        Extent::Capacity => "training, mentoring and organisational change",
        Extent::Systems => "systems, equipment and technology, with the advice they need",
        Extent::Infrastructure => "a complete infrastructure: a major project with partners",
    }
}

/// Where a target came from, in a word or two (for a table).
pub fn target_source(origin: TargetOrigin) -> &'static str {
    match origin {
        TargetOrigin::MissionIndicator | TargetOrigin::MissionArea | TargetOrigin::Mission => {
            "agreed"
        }
        TargetOrigin::Question | TargetOrigin::Section | TargetOrigin::Questionnaire => {
            "questionnaire"
        }
        TargetOrigin::Default => "default",
    }
}

/// How long a value an annex table prints in full.
const SHORT: usize = 90;

/// A value for an annex table: as recorded when short and on one line,
/// else its first words and `… (in full above)`.
pub fn shortened(value: &str) -> String {
    let first_line = value.lines().next().unwrap_or("");
    if first_line.len() == value.len() && value.chars().count() <= SHORT {
        return value.to_string();
    }
    let mut cut = String::new();
    for word in first_line.split(' ') {
        if cut.chars().count() + word.chars().count() + 1 > SHORT - 20 {
            break;
        }
        if !cut.is_empty() {
            cut.push(' ');
        }
        cut.push_str(word);
    }
    if cut.is_empty() {
        cut = first_line.chars().take(SHORT - 20).collect();
    }
    format!(
        "{} … (in full above)",
        cut.trim_end_matches([',', ';', ':', '.'])
    )
}

/// How long a title an annex table prints.
const TITLE: usize = 64;

/// A title for an annex table: whole when short, else cut at a word with `…`.
pub fn clipped(title: &str) -> String {
    if title.chars().count() <= TITLE {
        return title.to_string();
    }
    let mut cut = String::new();
    for word in title.split_whitespace() {
        if cut.chars().count() + word.chars().count() + 1 > TITLE - 1 {
            break;
        }
        if !cut.is_empty() {
            cut.push(' ');
        }
        cut.push_str(word);
    }
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
}

/// A level as the report prints it: whole levels without decimals.
pub fn level(level: f64) -> String {
    if level.fract() == 0.0 {
        format!("{level:.0}")
    } else {
        format!("{level:.1}")
    }
}

fn at(indicator: &IndicatorLevel) -> String {
    format!("{} at {}", indicator.id, level(indicator.level))
}

/// `USD 160,000`.
pub fn amount(amount: &Amount) -> String {
    super::plan::money(amount.amount, &amount.currency)
}

fn amounts(list: &[Amount]) -> String {
    list.iter().map(amount).collect::<Vec<_>>().join(" and ")
}

/// `a`, `a and b`, `a, b and c`.
pub fn series(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// How many ids a key message lists before `and N more`.
const SHOWN_IDS: usize = 6;

/// `A4.2, A4.3, A7.4 and 5 more`.
fn first_of(ids: &[String], shown: usize) -> String {
    if ids.len() <= shown {
        return ids.join(", ");
    }
    format!("{} and {} more", ids[..shown].join(", "), ids.len() - shown)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// A key message as the one sentence (or two) the summary prints.
pub fn key_message(message: &KeyMessage) -> String {
    match message {
        KeyMessage::Request { components, others } => request_text(components, *others),
        KeyMessage::RequestNotRecorded { question } => format!(
            "What the request asks for was not recorded ({question}); the plan follows the priorities of the needs alone."
        ),
        KeyMessage::LargestGaps { areas } => {
            let parts: Vec<String> = areas
                .iter()
                .map(|a| {
                    format!(
                        "{} {} (lowest {} against a target of {}; {} of {} indicators below target)",
                        a.id,
                        a.title,
                        at(&a.lowest),
                        a.lowest.target,
                        a.below,
                        a.scored
                    )
                })
                .collect();
            format!("The largest gaps: {}.", series(&parts))
        }
        KeyMessage::MeanHidesGap { areas } => {
            let parts: Vec<String> = areas
                .iter()
                .map(|a| {
                    format!(
                        "{} {} averages {} against its target of {}, but {} stands at {} (target {})",
                        a.id,
                        a.title,
                        format_args!("{:.1}", a.mean),
                        a.target,
                        a.lowest.id,
                        level(a.lowest.level),
                        a.lowest.target
                    )
                })
                .collect();
            format!("An average hides a weak point: {}.", series(&parts))
        }
        KeyMessage::Funding {
            committed,
            pledged,
            funded,
            partly,
            unfunded,
        } => funding_text(committed, pledged, funded, partly, unfunded),
        KeyMessage::NoFunds { needs } => format!(
            "No fund or pledge is recorded for the {}; the plan is unfunded until donors are found (000 ¶38).",
            plural(*needs, "need", "needs")
        ),
        KeyMessage::Programmes { overlaps } => programmes_text(overlaps),
        KeyMessage::SafeguardsLag {
            workstream,
            safeguards,
            lowest,
            powers,
            powers_count,
        } => format!(
            "Safeguards lag behind the powers they govern: the {workstream} indicators stand at a median level of {} (lowest {}), the {} powers and capabilities that carry a human-rights risk at {}.",
            level(*safeguards),
            at(lowest),
            powers_count,
            level(*powers)
        ),
        KeyMessage::HumanRights { needs, workstreams } => format!(
            "{} support security forces or surveillance capabilities ({}) and call for a human-rights due diligence assessment before support starts (see Risks).",
            plural(*needs, "need", "needs"),
            series(workstreams)
        ),
        KeyMessage::NotMet { met, institutions } => format!(
            "{} met; {} could not be: {} (see Mission and method).",
            plural(*met, "institution was", "institutions were"),
            plural(institutions.len(), "other", "others"),
            series(institutions)
        ),
    }
}

fn request_text(components: &[crate::report::messages::Component], others: usize) -> String {
    let parts: Vec<String> = components
        .iter()
        .map(|c| {
            let mut part = format!("{} ({}", c.title, plural(c.needs, "need", "needs"));
            if let Some(lowest) = &c.lowest {
                let _ = write!(part, ", lowest {}", at(lowest));
            }
            part.push(')');
            part
        })
        .collect();
    let mut text = if parts.is_empty() {
        "The request names no component of this questionnaire.".to_string()
    } else {
        format!(
            "The request covers {}: {}.",
            plural(parts.len(), "component", "components"),
            series(&parts)
        )
    };
    if others > 0 {
        let _ = write!(
            text,
            " {} lie outside the request; the plan lists them after the requested components.",
            plural(others, "other need", "other needs")
        );
    }
    text
}

fn funding_text(
    committed: &[Amount],
    pledged: &[Amount],
    funded: &[String],
    partly: &[String],
    unfunded: &[String],
) -> String {
    let mut money = Vec::new();
    if !committed.is_empty() {
        money.push(format!("{} committed", amounts(committed)));
    }
    if !pledged.is_empty() {
        money.push(format!("{} pledged", amounts(pledged)));
    }
    let mut text = if money.is_empty() {
        "Funds are recorded without amounts.".to_string()
    } else {
        format!("Funding recorded: {}.", series(&money))
    };
    let mut parts = Vec::new();
    if !funded.is_empty() {
        parts.push(format!("funded: {}", series(funded)));
    }
    if !partly.is_empty() {
        parts.push(format!("partly funded: {}", series(partly)));
    }
    if !unfunded.is_empty() {
        parts.push(format!(
            "unfunded: {}",
            plural(unfunded.len(), "workstream", "workstreams")
        ));
    }
    if !parts.is_empty() {
        let _ = write!(
            text,
            " Against the indicative lower bounds, {}.",
            parts.join("; ")
        );
    }
    text
}

fn programmes_text(overlaps: &[crate::report::messages::ProgrammeOverlap]) -> String {
    let parts: Vec<String> = overlaps
        .iter()
        .map(|o| {
            let lead = o
                .lead
                .as_ref()
                .map(|l| format!(" ({l})"))
                .unwrap_or_default();
            let mut scope = Vec::new();
            if !o.needs.is_empty() {
                scope.push(first_of(&o.needs, SHOWN_IDS));
            }
            if !o.workstreams.is_empty() {
                scope.push(format!("the whole of {}", series(&o.workstreams)));
            }
            format!("{}{lead}: {}", o.name, scope.join("; "))
        })
        .collect();
    format!(
        "Programmes already under way cover part of the plan; deliver through them or alongside them, not twice (000 ¶36(b)): {}.",
        parts.join("; ")
    )
}

/// What a risk kind means, in a phrase.
pub fn risk_kind(kind: RiskKind) -> &'static str {
    match kind {
        RiskKind::SecurityForces => "support to security forces",
        RiskKind::Surveillance => "surveillance capability",
    }
}

/// The kinds of one need, joined.
pub fn risk_kinds(kinds: &[RiskKind]) -> String {
    let words: Vec<String> = kinds.iter().map(|k| risk_kind(*k).to_string()).collect();
    series(&words)
}

/// A risk's heading.
pub fn risk_title(risk: &Risk) -> &'static str {
    match risk {
        Risk::HumanRights { .. } => "Human-rights due diligence",
        Risk::Suppliers { .. } => "Suppliers and product neutrality",
        Risk::Evidence { .. } => "Evidence not yet complete",
        Risk::Funding { .. } => "Funding gaps",
        Risk::Duplication { .. } => "Duplication with programmes under way",
        Risk::Timing { .. } => "Timing",
        Risk::Validation { .. } => "Findings not yet validated",
    }
}

/// What a risk is and what to do about it.
pub fn risk_text(risk: &Risk) -> String {
    match risk {
        Risk::HumanRights {
            security_forces,
            surveillance,
            safeguards,
            ..
        } => human_rights_text(*security_forces, *surveillance, safeguards.as_deref()),
        Risk::Suppliers { suppliers, needs } => format!(
            "{} {} the State's identity or border systems, and {} call for systems or infrastructure work ({}). The office stays product-neutral (000 ¶28, ¶35): terms of reference must not favour a product, and experts employed by a supplier are declared and kept off the decisions that concern it.",
            series(suppliers),
            if suppliers.len() == 1 { "supplies" } else { "supply" },
            plural(needs.len(), "need", "needs"),
            needs.join(", ")
        ),
        Risk::Evidence {
            not_met,
            to_confirm,
            open,
        } => {
            let mut parts = Vec::new();
            if !not_met.is_empty() {
                parts.push(format!(
                    "{} could not be met",
                    plural(not_met.len(), "institution", "institutions")
                ));
            }
            if *to_confirm > 0 {
                parts.push(format!(
                    "{} to confirm",
                    plural(*to_confirm, "answer is", "answers are")
                ));
            }
            if *open > 0 {
                parts.push(format!(
                    "{} not yet answered",
                    plural(*open, "indicator is", "indicators are")
                ));
            }
            format!(
                "{}. The findings concerned rest on fewer sources than planned; confirm them in writing before the plan is agreed (annex B lists them).",
                capitalise(&series(&parts))
            )
        }
        Risk::Funding {
            unfunded,
            partly,
            pledged,
            currency,
        } => funding_risk_text(unfunded, partly, pledged, currency.as_deref()),
        Risk::Duplication { .. } => "Programmes under way already cover parts of the plan. Deliver through them or coordinate with them, so that nothing is funded twice (000 ¶36(b)):".to_string(),
        Risk::Timing { .. } => "Some delivery windows do not fit the sequence or the programmes under way; adjust them with the State:".to_string(),
        Risk::Validation { status } => match status {
            Validation::Draft => "The authorities have not yet seen this report. Share it for comment before any commitment is made on its basis.".to_string(),
            Validation::Shared => "The authorities have the report for comment. Record their comments and agreement before funding decisions.".to_string(),
            Validation::Agreed => String::new(),
        },
    }
}

fn human_rights_text(
    security_forces: bool,
    surveillance: bool,
    safeguards: Option<&str>,
) -> String {
    let mut text = String::new();
    if security_forces {
        text.push_str(
                    "Some needs below would strengthen the operational capabilities of police, border or other security forces. Under the UN Human Rights Due Diligence Policy on United Nations support to non-United Nations security forces (HRDDP, A/67/775–S/2013/110), such support requires a risk assessment before it starts: the record of the units concerned, the risk that the support contributes to grave violations, and the mitigating measures and monitoring the support will carry. ",
                );
    }
    if surveillance {
        text.push_str(
                    "Some needs would build or extend a capability to identify, locate or monitor people. Assess them in the same way and make the support conditional on a legal basis, independent authorisation and oversight, written rules of use and a way for people to challenge decisions (ICCPR art. 17). ",
                );
    }
    if let Some(workstream) = safeguards {
        let _ = write!(
            text,
            "Pair this support with the {workstream} workstream, so that the safeguards are built with the powers."
        );
    }
    text.trim_end().to_string()
}

fn funding_risk_text(
    unfunded: &[String],
    partly: &[crate::report::risks::Gap],
    pledged: &[String],
    currency: Option<&str>,
) -> String {
    let mut parts = Vec::new();
    if !unfunded.is_empty() {
        parts.push(format!("no recorded fund may pay for {}", series(unfunded)));
    }
    if !partly.is_empty() {
        let gaps: Vec<String> = partly
            .iter()
            .map(|g| {
                format!(
                    "{} (short by {})",
                    g.workstream,
                    amount(&Amount {
                        amount: g.amount,
                        currency: currency.unwrap_or_default().to_string(),
                    })
                )
            })
            .collect();
        parts.push(format!("money covers only part of {}", series(&gaps)));
    }
    if !pledged.is_empty() {
        parts.push(format!(
            "the money for {} is partly only pledged, not yet committed",
            series(pledged)
        ));
    }
    format!(
        "Against the indicative lower bounds of the plan, {}. Seek donors and firm commitments before promising delivery (000 ¶38).",
        parts.join("; ")
    )
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().chain(chars).collect::<String>()
    })
}

/// The lines listed under a risk (overlaps, timing conflicts), each with its workstream.
pub fn risk_items(risk: &Risk) -> Vec<String> {
    match risk {
        Risk::Duplication { overlaps } => overlaps
            .iter()
            .map(|o| format!("{}: {}", o.workstream, super::plan::overlap(&o.overlap)))
            .collect(),
        Risk::Timing { conflicts } => conflicts
            .iter()
            .map(|c| {
                format!(
                    "{}: {}",
                    c.workstream,
                    super::plan::timing_conflict(&c.conflict)
                )
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The reason shared by a group of needs classified the same way, without
/// the level: extent and delivery, the partner, the condition that held or
/// was passed over, and where the delivery came from.
pub fn rule_group(need: &Need) -> String {
    let Basis {
        rule,
        delivery,
        passed_over,
        ..
    } = &need.basis;
    let led_by = need
        .partner
        .as_ref()
        .map(|p| format!(" ({})", partner(p)))
        .unwrap_or_default();
    let mut out = format!(
        "{}, {}{led_by}",
        extent_label(need.extent),
        delivery_label(need.delivery)
    );
    match delivery {
        DeliveryBasis::Rule { partner_from_area } => {
            out.push_str(", as the questionnaire's rule specifies");
            if *partner_from_area && need.partner.is_some() {
                out.push_str(" (the partner is the area's first)");
            }
        }
        DeliveryBasis::Default { default } => {
            let _ = write!(out, ", {}", super::default_delivery_reason(*default));
        }
    }
    match rule {
        RuleBasis::Rule {
            condition: Some(c), ..
        } => {
            let _ = write!(out, "; the rule applies because {} holds", c.condition);
        }
        RuleBasis::Rule {
            condition: None, ..
        } => {}
        RuleBasis::NoRule => out.push_str(
            "; no rule of the questionnaire covers the level, so capacity and training is assumed",
        ),
    }
    if !passed_over.is_empty() {
        let parts: Vec<String> = passed_over
            .iter()
            .map(|o| {
                format!(
                    "{} {}",
                    o.condition,
                    match o.held {
                        Held::True => "holds",
                        Held::False => "does not hold",
                        Held::Undecided => "cannot be decided yet",
                    }
                )
            })
            .collect();
        let _ = write!(
            out,
            " (a rule for other circumstances did not apply: {})",
            parts.join(", and ")
        );
    }
    out
}

#[cfg(test)]
mod tests;
