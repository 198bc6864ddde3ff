//! The classification legend, said once: what each extent and delivery code
//! means, and the needs grouped by the reason of their classification (one
//! sentence per group instead of one per need).

use serde::Serialize;

use crate::needs::{Basis, DeliveryBasis, Held, Need, RuleBasis};
use crate::questionnaire::{Delivery, Extent};
use crate::words;

#[derive(Debug, Serialize)]
pub struct Legend {
    pub extents: Vec<Code>,
    pub deliveries: Vec<Code>,
    /// Needs classified for the same reason, in the order of their first need.
    pub groups: Vec<RuleGroup>,
}

#[derive(Debug, Serialize)]
pub struct Code {
    pub code: &'static str,
    pub label: &'static str,
    pub meaning: &'static str,
}

#[derive(Debug, Serialize)]
pub struct RuleGroup {
    /// `C1-D3`.
    pub code: String,
    /// The shared reason, in words.
    pub text: String,
    /// The needs' indicator ids, in priority order.
    pub needs: Vec<String>,
}

/// What makes two classifications the same reason: everything in the basis
/// but the level and the rule's index.
#[derive(PartialEq)]
struct Key {
    extent: Extent,
    delivery: Delivery,
    partner: Option<String>,
    condition: Option<String>,
    no_rule: bool,
    delivery_basis: DeliveryBasis,
    passed_over: Vec<(String, Held)>,
}

fn key(need: &Need) -> Key {
    let Basis {
        rule,
        delivery,
        passed_over,
        ..
    } = &need.basis;
    Key {
        extent: need.extent,
        delivery: need.delivery,
        partner: need.partner.as_ref().map(words::partner),
        condition: match rule {
            RuleBasis::Rule { condition, .. } => condition.as_ref().map(|c| c.condition.clone()),
            RuleBasis::NoRule => None,
        },
        no_rule: matches!(rule, RuleBasis::NoRule),
        delivery_basis: *delivery,
        passed_over: passed_over
            .iter()
            .map(|o| (o.condition.clone(), o.held))
            .collect(),
    }
}

pub fn legend(needs: &[Need]) -> Legend {
    let mut keys: Vec<Key> = Vec::new();
    let mut groups: Vec<RuleGroup> = Vec::new();
    for need in needs {
        let k = key(need);
        if let Some(i) = keys.iter().position(|x| *x == k) {
            groups[i].needs.push(need.id.clone());
        } else {
            keys.push(k);
            groups.push(RuleGroup {
                code: need.code(),
                text: words::report::rule_group(need),
                needs: vec![need.id.clone()],
            });
        }
    }
    Legend {
        extents: Extent::ALL
            .iter()
            .map(|&e| Code {
                code: e.code(),
                label: words::extent_label(e),
                meaning: words::report::extent_meaning(e),
            })
            .collect(),
        deliveries: [Delivery::Alone, Delivery::Broker, Delivery::Partner]
            .iter()
            .map(|&d| Code {
                code: d.code(),
                label: words::delivery_label(d),
                meaning: words::report::delivery_meaning(d),
            })
            .collect(),
        groups,
    }
}
