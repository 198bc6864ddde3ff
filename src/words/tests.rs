//! The English catalogue: each typed value has its words, and the need
//! rationale says which rule applied, its condition and the delivery's
//! reason.

use super::*;
use crate::needs::{ConditionOutcome, Held};
use crate::scoring::{Priority, PriorityFactor};

fn need(basis: Basis, extent: Extent, delivery: Delivery, partner: Option<Partner>) -> Need {
    Need {
        question: 0,
        id: "A2.1".into(),
        title: "Expedited preservation".into(),
        workstream: Some("WS.LAW".into()),
        level: 1.0,
        target: Target {
            level: 3,
            origin: TargetOrigin::Questionnaire,
        },
        gap: 2.0,
        priority: Priority::of(vec![PriorityFactor::Gap { gap: 2.0 }]),
        extent,
        delivery,
        partner,
        tags: Vec::new(),
        basis,
    }
}

#[test]
fn a_conditional_rule_is_explained_with_its_condition() {
    let n = need(
        Basis {
            level: 1,
            rule: RuleBasis::Rule {
                index: 0,
                levels: 0..=1,
                condition: Some(ConditionOutcome {
                    rule: 0,
                    condition: "CX.16 == party".into(),
                    held: Held::True,
                }),
            },
            delivery: DeliveryBasis::Rule {
                partner_from_area: false,
            },
            passed_over: Vec::new(),
        },
        Extent::Advisory,
        Delivery::Partner,
        Some(Partner::Named("Council of Europe".into())),
    );
    assert_eq!(
        need_rationale(&n),
        "level 1 is in the range 0–1 that the questionnaire classifies as advisory and legislative drafting when CX.16 == party, which holds; delivery partner-led (Council of Europe) as the questionnaire specifies"
    );
}

#[test]
fn a_default_rule_says_which_conditions_did_not_apply_and_why_the_delivery() {
    let n = need(
        Basis {
            level: 2,
            rule: RuleBasis::Rule {
                index: 2,
                levels: 2..=2,
                condition: None,
            },
            delivery: DeliveryBasis::Default {
                default: DefaultDelivery::CapacityBroker,
            },
            passed_over: vec![ConditionOutcome {
                rule: 1,
                condition: "CX.24 == yes".into(),
                held: Held::Undecided,
            }],
        },
        Extent::Capacity,
        Delivery::Broker,
        None,
    );
    let text = need_rationale(&n);
    assert!(
        text.contains(
            "(a rule for other circumstances did not apply: CX.24 == yes cannot be decided yet"
        ),
        "{text}"
    );
    assert!(text.ends_with("delivery broker with roster experts because training draws on public and private experts from the roster (000 ¶34, ¶36(e))"), "{text}");
    let none = need(
        Basis {
            level: 0,
            rule: RuleBasis::NoRule,
            delivery: DeliveryBasis::Rule {
                partner_from_area: true,
            },
            passed_over: Vec::new(),
        },
        Extent::Capacity,
        Delivery::Partner,
        Some(Partner::Programme),
    );
    let text = need_rationale(&none);
    assert!(
        text.starts_with(
            "no need rule of the questionnaire covers level 0; capacity and training is assumed"
        ),
        "{text}"
    );
    assert!(
        text.contains("partner-led (the programme already under way in the State)"),
        "{text}"
    );
    assert!(text.ends_with("with the area's first partner"), "{text}");
}

#[test]
fn targets_priorities_and_states_have_words() {
    assert_eq!(
        target(Target {
            level: 2,
            origin: TargetOrigin::MissionIndicator
        }),
        "2, set by the mission for this indicator"
    );
    assert_eq!(
        target(Target {
            level: 3,
            origin: TargetOrigin::Default
        }),
        "3, the default"
    );
    let p = Priority::of(vec![
        PriorityFactor::Gap { gap: 2.0 },
        PriorityFactor::QuestionWeight { weight: 1.0 },
        PriorityFactor::SectionWeight { weight: 2.0 },
        PriorityFactor::Importance {
            importance: Importance::High,
        },
    ]);
    assert_eq!(
        priority(&p),
        "6.0 = gap 2.0 × weight 1 × area weight 2 × importance high (×1.5)"
    );
    assert_eq!(
        indicator_state(IndicatorState::NotApplicable, false),
        "skipped"
    );
    assert_eq!(
        indicator_state(IndicatorState::PolicyChoice, true),
        "policy choice"
    );
    assert_eq!(
        answer_status(Some(Status::PolicyChoice), true),
        "policy choice"
    );
    assert_eq!(answer_status(Some(Status::Answered), false), "skipped");
}

#[test]
fn flags_and_exclusions_have_words() {
    let q = Questionnaire::from_source(
        "tana-questionnaire: 1\nid: q\nversion: \"1\"\ntitle: Q\nsections:\n  - id: A\n    title: Borders\n    questions:\n      - {id: A.1, kind: maturity, text: T, levels: {0: a, 1: b, 2: c, 3: d, 4: e}}\n",
    )
    .unwrap();
    assert_eq!(
        flag(
            &Flag::Funding {
                question: "CX.5".into(),
                answer: FundingAnswer::Choice {
                    id: "partly".into(),
                    label: "Partly secured".into()
                }
            },
            &q
        ),
        "Funding for the assistance is not secured (answer to CX.5: Partly secured); it will depend on extrabudgetary resources (000 ¶34, ¶38)."
    );
    assert_eq!(
        flag(
            &Flag::InformationFirst {
                section: 0,
                area: "A".into(),
                to_confirm: 1,
                open: 2,
                applicable: 5
            },
            &q
        ),
        "Gather information first on Borders (A): 1 item to confirm and 2 unanswered of 5 applicable (000 ¶34)."
    );
    assert_eq!(
        flag(&Flag::DonorAwareness { needs: 1 }, &q),
        "1 need calls for systems or infrastructure work: raise donor awareness and seek partners early (000 ¶35)."
    );
    assert_eq!(
        exclusion(&Exclusion::National("XE".into())),
        "conflict of interest: a national of the requesting State (XE)"
    );
    assert!(
        exclusion(&Exclusion::Unavailable(
            "2027-01-01".parse().unwrap(),
            "2027-01-05".parse().unwrap()
        ))
        .contains("2027-01-01 to 2027-01-05")
    );
    assert_eq!(partner(&Partner::Named("WCO".into())), "WCO");
    assert_eq!(extent_label(Extent::Systems), "systems and technology");
    assert_eq!(delivery_label(Delivery::Alone), "assisting office alone");
}
