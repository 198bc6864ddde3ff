//! The English words of tana's results, made in one place. The core
//! (scoring, needs, matching) returns typed values; the report data, the
//! text output of commands, the JSON `text` fields and the interface turn
//! them into sentences here. A second language would be a second catalogue
//! with the same functions.

pub mod plan;

use std::fmt::Write as _;

use crate::matching::Exclusion;
use crate::needs::{
    Basis, ConditionOutcome, DefaultDelivery, DeliveryBasis, Flag, FundingAnswer, Held, Need,
    RuleBasis,
};
use crate::questionnaire::{Delivery, Extent, Importance, Partner, Questionnaire};
use crate::scoring::{
    IndicatorState, Priority, PriorityFactor, RequestState, Target, TargetOrigin,
};
use crate::session::Status;

pub mod xlsform;

/// What an extent of assistance is (seed 000 ¶34).
pub fn extent_label(extent: Extent) -> &'static str {
    match extent {
        Extent::Advisory => "advisory and legislative drafting",
        Extent::Capacity => "capacity and training",
        Extent::Systems => "systems and technology",
        Extent::Infrastructure => "complete infrastructure or major project",
    }
}

/// How assistance is delivered.
pub fn delivery_label(delivery: Delivery) -> &'static str {
    match delivery {
        Delivery::Alone => "assisting office alone",
        Delivery::Broker => "broker with roster experts",
        Delivery::Partner => "partner-led",
    }
}

/// The lead partner of a partner-led need.
pub fn partner(partner: &Partner) -> String {
    match partner {
        Partner::Named(name) => name.clone(),
        Partner::Programme => "the programme already under way in the State".to_string(),
    }
}

/// Where a target came from, as a phrase after "set by".
pub fn target_origin(origin: TargetOrigin) -> &'static str {
    match origin {
        TargetOrigin::MissionIndicator => "the mission for this indicator",
        TargetOrigin::MissionArea => "the mission for this area",
        TargetOrigin::Mission => "the mission for every indicator",
        TargetOrigin::Question => "the questionnaire for this indicator",
        TargetOrigin::Section => "the questionnaire for this area",
        TargetOrigin::Questionnaire => "the questionnaire",
        TargetOrigin::Default => "default",
    }
}

/// `3, set by the questionnaire` (or `3, the default`).
pub fn target(target: Target) -> String {
    match target.origin {
        TargetOrigin::Default => format!("{}, the default", target.level),
        origin => format!("{}, set by {}", target.level, target_origin(origin)),
    }
}

/// The state of an indicator; `asked` false means skipped by a condition.
pub fn indicator_state(state: IndicatorState, asked: bool) -> &'static str {
    match state {
        IndicatorState::Scored => "scored",
        IndicatorState::ToConfirm => "to confirm",
        IndicatorState::NotApplicable if !asked => "skipped",
        IndicatorState::NotApplicable => "not applicable",
        IndicatorState::PolicyChoice => "policy choice",
        IndicatorState::Open => "open",
    }
}

/// The status of an answer for a reader; `asked` false means skipped.
pub fn answer_status(status: Option<Status>, asked: bool) -> &'static str {
    match (asked, status) {
        (false, _) => "skipped",
        (true, Some(Status::Answered)) => "answered",
        (true, Some(Status::Unknown)) => "to confirm",
        (true, Some(Status::NotApplicable)) => "not applicable",
        (true, Some(Status::PolicyChoice)) => "policy choice",
        (true, None) => "open",
    }
}

fn importance(importance: Importance) -> &'static str {
    match importance {
        Importance::Low => "low",
        Importance::Normal => "normal",
        Importance::High => "high",
    }
}

/// One factor of a priority: `gap 2.0`, `importance high (×1.5)`,
/// `requested by the State (×2)`, `urgency priority (×1.25)`.
pub fn priority_factor(factor: &PriorityFactor) -> String {
    let value = factor.value();
    match factor {
        PriorityFactor::Gap { gap } => format!("gap {gap:.1}"),
        PriorityFactor::QuestionWeight { weight } => format!("weight {weight}"),
        PriorityFactor::SectionWeight { weight } => format!("area weight {weight}"),
        PriorityFactor::Importance { importance: i } => {
            format!("importance {} (×{value})", importance(*i))
        }
        PriorityFactor::Request { request } => match request {
            RequestState::Requested => format!("requested by the State (×{value})"),
            RequestState::NotRequested => {
                format!("not among the components the State asked for (×{value})")
            }
            RequestState::NotRecorded => {
                format!("the components of the request not recorded (×{value})")
            }
        },
        PriorityFactor::Urgency { urgency } => {
            format!("urgency {} (×{value})", urgency.name())
        }
    }
}

/// A priority with its factors: `3.0 = gap 2.0 × weight 1 × area weight 1 × importance high (×1.5)`.
pub fn priority(priority: &Priority) -> String {
    let factors: Vec<String> = priority.factors.iter().map(priority_factor).collect();
    format!("{:.1} = {}", priority.value, factors.join(" × "))
}

fn held(held: Held) -> &'static str {
    match held {
        Held::True => "holds",
        Held::False => "does not hold",
        Held::Undecided => {
            "cannot be decided yet (an answer it reads is missing), so it counts as not met"
        }
    }
}

fn passed_over(outcomes: &[ConditionOutcome]) -> String {
    let parts: Vec<String> = outcomes
        .iter()
        .map(|o| format!("{} {}", o.condition, held(o.held)))
        .collect();
    parts.join(", and ")
}

fn default_delivery_reason(default: DefaultDelivery) -> &'static str {
    match default {
        DefaultDelivery::InfrastructurePartner => {
            "because a complete infrastructure is a broader project led by a partner (000 ¶36(b))"
        }
        DefaultDelivery::SystemsPartner => {
            "because systems work is led by the area's specialised partner and the office stays product-neutral (000 ¶28, ¶35)"
        }
        DefaultDelivery::SystemsBroker => {
            "because systems work needs outside experts and the office stays product-neutral (000 ¶28, ¶35)"
        }
        DefaultDelivery::CapacityBroker => {
            "because training draws on public and private experts from the roster (000 ¶34, ¶36(e))"
        }
        DefaultDelivery::AdvisoryAlone => {
            "because advice and legislative drafting are the office's own work (000 ¶34)"
        }
    }
}

/// Why a need is classified as it is, in one sentence without a final stop:
/// the rule (and its condition), the conditional rules passed over, and
/// where the delivery came from.
pub fn need_rationale(need: &Need) -> String {
    let Basis {
        level,
        rule,
        delivery,
        passed_over: skipped,
    } = &need.basis;
    let mut out = match rule {
        RuleBasis::Rule {
            levels, condition, ..
        } => {
            let mut text = if levels.start() == levels.end() {
                format!(
                    "the questionnaire classifies level {level} as {}",
                    extent_label(need.extent)
                )
            } else {
                format!(
                    "level {level} is in the range {}–{} that the questionnaire classifies as {}",
                    levels.start(),
                    levels.end(),
                    extent_label(need.extent)
                )
            };
            if let Some(c) = condition {
                let _ = write!(text, " when {}, which {}", c.condition, held(c.held));
            }
            text
        }
        RuleBasis::NoRule => format!(
            "no need rule of the questionnaire covers level {level}; {} is assumed",
            extent_label(Extent::Capacity)
        ),
    };
    if !skipped.is_empty() {
        let _ = write!(
            out,
            " (a rule for other circumstances did not apply: {})",
            passed_over(skipped)
        );
    }
    let led_by = need
        .partner
        .as_ref()
        .map(|p| format!(" ({})", partner(p)))
        .unwrap_or_default();
    let _ = write!(out, "; delivery {}{led_by} ", delivery_label(need.delivery));
    match delivery {
        DeliveryBasis::Rule { partner_from_area } => {
            out.push_str("as the questionnaire specifies");
            if *partner_from_area && need.partner.is_some() {
                out.push_str(", with the area's first partner");
            }
        }
        DeliveryBasis::Default { default } => out.push_str(default_delivery_reason(*default)),
    }
    out
}

/// A flag as the sentence the report and the interface show.
pub fn flag(flag: &Flag, questionnaire: &Questionnaire) -> String {
    match flag {
        Flag::Funding { question, answer } => match answer {
            FundingAnswer::Choice { label, .. } => format!(
                "Funding for the assistance is not secured (answer to {question}: {label}); it will depend on extrabudgetary resources (000 ¶34, ¶38)."
            ),
            FundingAnswer::No => format!(
                "Funding for the assistance is not secured (answer to {question}); it will depend on extrabudgetary resources (000 ¶34, ¶38)."
            ),
            FundingAnswer::NotRecorded => format!(
                "The funding situation was not recorded ({question}); establish it before planning delivery (000 ¶34, ¶38)."
            ),
        },
        Flag::InformationFirst {
            section,
            area,
            to_confirm,
            open,
            applicable,
        } => {
            let title = questionnaire
                .sections
                .get(*section)
                .map_or(area.as_str(), |s| s.title.fallback());
            format!(
                "Gather information first on {title} ({area}): {to_confirm} item{} to confirm and {open} unanswered of {applicable} applicable (000 ¶34).",
                if *to_confirm == 1 { "" } else { "s" },
            )
        }
        Flag::DonorAwareness { needs } => format!(
            "{needs} need{} call{} for systems or infrastructure work: raise donor awareness and seek partners early (000 ¶35).",
            if *needs == 1 { "" } else { "s" },
            if *needs == 1 { "s" } else { "" }
        ),
    }
}

/// Why an expert was filtered out.
pub fn exclusion(exclusion: &Exclusion) -> String {
    match exclusion {
        Exclusion::National(code) => {
            format!("conflict of interest: a national of the requesting State ({code})")
        }
        Exclusion::AffiliatedWithBody(body) => format!(
            "conflict of interest: declared affiliation with {body}, a body or supplier involved"
        ),
        Exclusion::AffiliatedWithGovernment(org) => format!(
            "conflict of interest: declared affiliation with the requesting State's government ({org})"
        ),
        Exclusion::Unavailable(from, to) => {
            format!("not available for the whole mission, {from} to {to}")
        }
    }
}

#[cfg(test)]
mod tests;
