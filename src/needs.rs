//! Needs classification: each gap becomes a need classified by extent
//! (advisory, capacity, systems, infrastructure; seed 000 ¶34) and by
//! delivery (the assisting office alone, as a broker with roster experts, or
//! partner-led), from the questionnaire's need rules read in order with
//! their conditions on the context answers; plus the flags a mission must
//! act on first (funding, information to gather, donor awareness). Every
//! result is typed data saying which rule applied and why; the words are
//! made in [`crate::words`].

use std::ops::RangeInclusive;

use serde::Serialize;

use crate::applicability;
use crate::questionnaire::{Delivery, Extent, Partner, Questionnaire};
use crate::scoring::{AreaConfidence, Priority, Scores, Target};
use crate::session::{Session, Status, Value};

#[derive(Debug, Clone, Serialize)]
pub struct Need {
    /// Index into `Questionnaire::questions`.
    #[serde(skip)]
    pub question: usize,
    /// The indicator's id.
    pub id: String,
    /// The need's short title (the question's `title`, else its text), in
    /// the questionnaire's first language.
    pub title: String,
    /// The indicator's workstream id.
    pub workstream: Option<String>,
    pub level: f64,
    pub target: Target,
    pub gap: f64,
    pub priority: Priority,
    pub extent: Extent,
    pub delivery: Delivery,
    pub partner: Option<Partner>,
    pub tags: Vec<String>,
    /// Why this classification.
    pub basis: Basis,
}

impl Need {
    /// The short code `C<extent>-D<delivery>`, e.g. `C3-D3`.
    pub fn code(&self) -> String {
        format!("{}-{}", self.extent.code(), self.delivery.code())
    }
}

/// Why a need is classified as it is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Basis {
    /// The whole level the rules were read at (a fractional level, from
    /// scored choices, takes the rule of the level below).
    pub level: u8,
    /// Which rule gave the extent.
    pub rule: RuleBasis,
    /// Where the delivery (and partner) came from.
    pub delivery: DeliveryBasis,
    /// Conditional rules covering the level that were tried first and did
    /// not hold (false or undecided), in file order.
    pub passed_over: Vec<ConditionOutcome>,
}

/// The rule that gave the extent.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum RuleBasis {
    /// The questionnaire's need rule at this index (of the question's `needs`).
    Rule {
        index: usize,
        #[serde(serialize_with = "range_pair")]
        levels: RangeInclusive<u8>,
        /// The rule's condition, which held; `None` for a default rule.
        condition: Option<ConditionOutcome>,
    },
    /// No rule covers the level: capacity and training is assumed.
    NoRule,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's signature
fn range_pair<S: serde::Serializer>(
    range: &RangeInclusive<u8>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    (*range.start(), *range.end()).serialize(serializer)
}

/// What a rule's condition came to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConditionOutcome {
    /// Index of the rule in the question's `needs`.
    pub rule: usize,
    /// The condition as written.
    pub condition: String,
    pub held: Held,
}

/// The three values of a condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Held {
    True,
    False,
    /// An answer it reads is missing, unknown or not applicable: not met.
    Undecided,
}

impl Held {
    fn of(value: Option<bool>) -> Held {
        match value {
            Some(true) => Held::True,
            Some(false) => Held::False,
            None => Held::Undecided,
        }
    }
}

/// Where a need's delivery came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum DeliveryBasis {
    /// The rule states the delivery; `partner_from_area` when a partner-led
    /// rule names no partner and the area's first partner is taken.
    Rule { partner_from_area: bool },
    /// The rule states none: the default for the extent.
    Default { default: DefaultDelivery },
}

/// The default delivery of an extent (docs/scoring.md §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DefaultDelivery {
    /// Infrastructure is partner-led (000 ¶36(b)).
    InfrastructurePartner,
    /// Systems work led by the area's specialised partner (000 ¶28, ¶35).
    SystemsPartner,
    /// Systems work brokered with outside experts (000 ¶28, ¶35).
    SystemsBroker,
    /// Capacity and training brokered with roster experts (000 ¶34, ¶36(e)).
    CapacityBroker,
    /// Advice and drafting by the office alone (000 ¶34).
    AdvisoryAlone,
}

impl DefaultDelivery {
    pub fn delivery(self) -> Delivery {
        match self {
            DefaultDelivery::InfrastructurePartner | DefaultDelivery::SystemsPartner => {
                Delivery::Partner
            }
            DefaultDelivery::SystemsBroker | DefaultDelivery::CapacityBroker => Delivery::Broker,
            DefaultDelivery::AdvisoryAlone => Delivery::Alone,
        }
    }

    /// The default for an extent, given whether the area names partners.
    pub fn for_extent(extent: Extent, area_has_partners: bool) -> DefaultDelivery {
        match extent {
            Extent::Infrastructure => DefaultDelivery::InfrastructurePartner,
            Extent::Systems if area_has_partners => DefaultDelivery::SystemsPartner,
            Extent::Systems => DefaultDelivery::SystemsBroker,
            Extent::Capacity => DefaultDelivery::CapacityBroker,
            Extent::Advisory => DefaultDelivery::AdvisoryAlone,
        }
    }
}

/// Which kind of flag (for callers that only sort or count them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FlagKind {
    Funding,
    InformationFirst,
    DonorAwareness,
}

/// What the funding question's answer was, when it is not "secured".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum FundingAnswer {
    /// A choice other than `secured`, with its label.
    Choice { id: String, label: String },
    /// Answered no.
    No,
    /// Not answered (or unknown, or not applicable).
    NotRecorded,
}

/// Something the mission must act on before planning delivery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Flag {
    /// Funding for the assistance is not secured, or not recorded (000 ¶34, ¶38).
    Funding {
        question: String,
        answer: FundingAnswer,
    },
    /// An area of low confidence with items to confirm or unanswered (000 ¶34).
    InformationFirst {
        /// Index into `Questionnaire::sections`.
        #[serde(skip)]
        section: usize,
        area: String,
        to_confirm: usize,
        open: usize,
        applicable: usize,
    },
    /// Needs of extent systems or infrastructure: raise donor awareness (000 ¶35).
    DonorAwareness { needs: usize },
}

impl Flag {
    pub fn kind(&self) -> FlagKind {
        match self {
            Flag::Funding { .. } => FlagKind::Funding,
            Flag::InformationFirst { .. } => FlagKind::InformationFirst,
            Flag::DonorAwareness { .. } => FlagKind::DonorAwareness,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct NeedsAssessment {
    /// Highest priority first (the order of `Scores::gaps_by_priority`).
    pub needs: Vec<Need>,
    pub flags: Vec<Flag>,
}

/// Classifies every gap of the scores.
pub fn classify(
    questionnaire: &Questionnaire,
    session: &Session,
    scores: &Scores,
) -> NeedsAssessment {
    let language = questionnaire.fallback_language();
    let mut needs = Vec::new();
    for gap in scores.gaps_by_priority() {
        let question = &questionnaire.questions[gap.question];
        let section = &questionnaire.sections[question.section];
        let level = gap.level.unwrap_or(0.0);
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let whole = level.floor().clamp(0.0, 4.0) as u8;
        let mut passed_over = Vec::new();
        let mut applied = None;
        for (index, rule) in question.rules_at(whole) {
            let Some(expr) = &rule.when else {
                applied = Some((index, rule, None));
                break;
            };
            let outcome = ConditionOutcome {
                rule: index,
                condition: rule.when_text.clone().unwrap_or_else(|| expr.to_string()),
                held: Held::of(applicability::evaluate(
                    questionnaire,
                    session,
                    &scores.asked,
                    expr,
                )),
            };
            // For routing, only a decidedly true condition counts.
            if outcome.held == Held::True {
                applied = Some((index, rule, Some(outcome)));
                break;
            }
            passed_over.push(outcome);
        }
        let (extent, rule_basis, explicit) = match applied {
            Some((index, rule, condition)) => (
                rule.extent,
                RuleBasis::Rule {
                    index,
                    levels: rule.levels.clone(),
                    condition,
                },
                rule.delivery.map(|d| (d, rule.partner.clone())),
            ),
            None => (Extent::Capacity, RuleBasis::NoRule, None),
        };
        let area_partner = || section.partners.first().cloned().map(Partner::Named);
        let (delivery, partner, delivery_basis) = match explicit {
            Some((Delivery::Partner, named)) => {
                let from_area = named.is_none();
                (
                    Delivery::Partner,
                    named.or_else(area_partner),
                    DeliveryBasis::Rule {
                        partner_from_area: from_area,
                    },
                )
            }
            Some((d, _)) => (
                d,
                None,
                DeliveryBasis::Rule {
                    partner_from_area: false,
                },
            ),
            None => {
                let default = DefaultDelivery::for_extent(extent, !section.partners.is_empty());
                let delivery = default.delivery();
                (
                    delivery,
                    (delivery == Delivery::Partner).then(area_partner).flatten(),
                    DeliveryBasis::Default { default },
                )
            }
        };
        needs.push(Need {
            question: gap.question,
            id: question.id.clone(),
            title: question.need_title().get(language).to_string(),
            workstream: questionnaire
                .workstream_of(gap.question)
                .map(str::to_string),
            level,
            target: gap.target,
            gap: gap.gap,
            priority: gap.priority.clone(),
            extent,
            delivery,
            partner,
            tags: question.tags.clone(),
            basis: Basis {
                level: whole,
                rule: rule_basis,
                delivery: delivery_basis,
                passed_over,
            },
        });
    }
    let flags = flags(questionnaire, session, scores, &needs);
    NeedsAssessment { needs, flags }
}

fn flags(
    questionnaire: &Questionnaire,
    session: &Session,
    scores: &Scores,
    needs: &[Need],
) -> Vec<Flag> {
    let mut flags = Vec::new();
    if let Some(funding) = questionnaire.profile.funding {
        let question = &questionnaire.questions[funding];
        let answer = session
            .answer(&question.id)
            .filter(|a| a.status == Some(Status::Answered));
        let answer = match answer.and_then(|a| a.value.as_ref()) {
            Some(Value::Choice(c)) if c == "secured" => None,
            Some(Value::YesNo(true)) => None,
            Some(Value::Choice(c)) => Some(FundingAnswer::Choice {
                id: c.clone(),
                label: question
                    .choice(c)
                    .map_or(c.as_str(), |ch| ch.label.fallback())
                    .to_string(),
            }),
            Some(Value::YesNo(false)) => Some(FundingAnswer::No),
            _ => Some(FundingAnswer::NotRecorded),
        };
        if let Some(answer) = answer {
            flags.push(Flag::Funding {
                question: question.id.clone(),
                answer,
            });
        }
    }
    for area in &scores.areas {
        if area.confidence == AreaConfidence::Low && (area.to_confirm > 0 || area.open > 0) {
            flags.push(Flag::InformationFirst {
                section: area.section,
                area: questionnaire.sections[area.section].id.clone(),
                to_confirm: area.to_confirm,
                open: area.open,
                applicable: area.applicable,
            });
        }
    }
    let heavy = needs
        .iter()
        .filter(|n| matches!(n.extent, Extent::Systems | Extent::Infrastructure))
        .count();
    if heavy > 0 {
        flags.push(Flag::DonorAwareness { needs: heavy });
    }
    flags
}

#[cfg(test)]
mod tests;
