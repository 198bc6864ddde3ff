//! Needs classification: rules and defaults, conditional rules (decidedly
//! true only), the reserved partner, typed flags.

use super::*;
use crate::scoring::score;
use crate::session::{Session, Status, Value};
use crate::testing::record;

const SOURCE: &str = "tana-questionnaire: 1
id: t
version: \"1\"
title: T
workstreams:
  - {id: WS.DOC, title: Documents}
profile:
  funding: C.funding
sections:
  - id: A
    title: Travel documents
    partners: [ICAO]
    workstream: WS.DOC
    questions:
      - id: A.1
        kind: maturity
        title: Machine-readable passports
        text: T
        tags: [TRAVEL-DOC]
        levels: {0: a, 1: b, 2: c, 3: d, 4: e}
        needs:
          - {levels: 0-1, extent: systems}
          - {levels: \"2\", extent: capacity, delivery: partner, partner: INTERPOL}
      - id: A.2
        kind: maturity
        text: T
        levels: {0: a, 1: b, 2: c, 3: d, 4: e}
        needs:
          - {levels: 0-2, extent: advisory, delivery: partner, partner: Council of Europe, when: \"C.treaty == party or C.treaty == invited\"}
          - {levels: 0-2, extent: advisory, delivery: partner, partner: programme, when: \"C.programme == yes\"}
          - {levels: 0-2, extent: advisory}
      - {id: A.3, kind: maturity, text: T, levels: {0: a, 1: b, 2: c, 3: d, 4: e}}
      - id: A.4
        kind: maturity
        text: T
        levels: {0: a, 1: b, 2: c, 3: d, 4: e}
        needs:
          - {levels: 0-4, extent: capacity, delivery: partner}
  - id: C
    kind: context
    title: C
    questions:
      - id: C.funding
        kind: single
        text: Funding?
        choices: [{id: secured, label: Secured}, {id: none, label: None yet}]
      - id: C.treaty
        kind: single
        text: Treaty?
        choices: [{id: party, label: Party}, {id: invited, label: Invited}, {id: not-party, label: Not a party}]
      - {id: C.programme, kind: yesno, text: Programme under way?}
";

fn setup(levels: &[(&str, u8)]) -> (Questionnaire, Session) {
    let q = Questionnaire::from_source(SOURCE).unwrap();
    let mut s = crate::testing::blank_session(&q);
    for (id, level) in levels {
        record(&mut s, id, Status::Answered, Some(Value::Level(*level)));
    }
    (q, s)
}

fn need<'a>(needs: &'a NeedsAssessment, id: &str) -> &'a Need {
    needs.needs.iter().find(|n| n.id == id).unwrap()
}

#[test]
fn rules_classify_extent_and_delivery_and_say_why() {
    let (q, s) = setup(&[("A.1", 0), ("A.2", 1), ("A.3", 2)]);
    let needs = classify(&q, &s, &score(&q, &s));
    let a1 = need(&needs, "A.1");
    assert_eq!(a1.code(), "C3-D3");
    assert_eq!(
        a1.partner,
        Some(Partner::Named("ICAO".into())),
        "the area's partner"
    );
    assert_eq!(
        a1.basis.delivery,
        DeliveryBasis::Default {
            default: DefaultDelivery::SystemsPartner
        }
    );
    assert_eq!(a1.title, "Machine-readable passports");
    assert_eq!(a1.workstream.as_deref(), Some("WS.DOC"));
    assert!(matches!(
        a1.basis.rule,
        RuleBasis::Rule {
            index: 0,
            condition: None,
            ..
        }
    ));
    let a2 = need(&needs, "A.2");
    assert_eq!(a2.code(), "C1-D1", "no condition holds: the default rule");
    assert!(matches!(a2.basis.rule, RuleBasis::Rule { index: 2, .. }));
    let a3 = need(&needs, "A.3");
    assert_eq!(a3.code(), "C2-D2");
    assert_eq!(a3.basis.rule, RuleBasis::NoRule);
    assert_eq!(a3.title, "T", "no title: the question's text");
}

#[test]
fn explicit_delivery_names_its_partner_or_takes_the_areas() {
    let (q, s) = setup(&[("A.1", 2), ("A.4", 1)]);
    let needs = classify(&q, &s, &score(&q, &s));
    let a1 = need(&needs, "A.1");
    assert_eq!(a1.code(), "C2-D3");
    assert_eq!(a1.partner, Some(Partner::Named("INTERPOL".into())));
    assert_eq!(
        a1.basis.delivery,
        DeliveryBasis::Rule {
            partner_from_area: false
        }
    );
    let a4 = need(&needs, "A.4");
    assert_eq!(a4.partner, Some(Partner::Named("ICAO".into())));
    assert_eq!(
        a4.basis.delivery,
        DeliveryBasis::Rule {
            partner_from_area: true
        }
    );
}

#[test]
fn a_conditional_rule_applies_only_when_decidedly_true() {
    let (q, mut s) = setup(&[("A.2", 1)]);
    let classify_a2 = |s: &Session| need(&classify(&q, s, &score(&q, s)), "A.2").clone();

    // Unanswered: both conditions undecided, the default applies.
    let a2 = classify_a2(&s);
    assert_eq!(a2.delivery, Delivery::Alone);
    let held: Vec<Held> = a2.basis.passed_over.iter().map(|o| o.held).collect();
    assert_eq!(held, vec![Held::Undecided, Held::Undecided]);
    assert_eq!(
        a2.basis.passed_over[0].condition,
        "C.treaty == party or C.treaty == invited"
    );

    // Unknown is undecided too.
    record(&mut s, "C.treaty", Status::Unknown, None);
    assert_eq!(classify_a2(&s).delivery, Delivery::Alone);

    // Not a party: false; a programme under way: the programme leads.
    record(
        &mut s,
        "C.treaty",
        Status::Answered,
        Some(Value::Choice("not-party".into())),
    );
    record(
        &mut s,
        "C.programme",
        Status::Answered,
        Some(Value::YesNo(true)),
    );
    let a2 = classify_a2(&s);
    assert_eq!(a2.partner, Some(Partner::Programme));
    assert_eq!(a2.basis.passed_over.len(), 1);
    assert_eq!(a2.basis.passed_over[0].held, Held::False);
    match &a2.basis.rule {
        RuleBasis::Rule {
            index,
            condition: Some(c),
            ..
        } => {
            assert_eq!(
                (*index, c.held, c.condition.as_str()),
                (1, Held::True, "C.programme == yes")
            );
        }
        other => panic!("{other:?}"),
    }

    // Invited to accede: the first rule wins over the programme.
    record(
        &mut s,
        "C.treaty",
        Status::Answered,
        Some(Value::Choice("invited".into())),
    );
    let a2 = classify_a2(&s);
    assert_eq!(a2.partner, Some(Partner::Named("Council of Europe".into())));
    assert!(a2.basis.passed_over.is_empty());
}

#[test]
fn flags_are_typed_with_their_parameters() {
    let (q, mut s) = setup(&[("A.1", 0)]);
    s.answer_mut("A.2", jiff::Timestamp::UNIX_EPOCH).status = Some(Status::Unknown);
    let flags = |s: &Session| classify(&q, s, &score(&q, s)).flags;
    assert_eq!(
        flags(&s),
        vec![
            Flag::Funding {
                question: "C.funding".into(),
                answer: FundingAnswer::NotRecorded
            },
            Flag::InformationFirst {
                section: 0,
                area: "A".into(),
                to_confirm: 1,
                open: 2,
                applicable: 4
            },
            Flag::DonorAwareness { needs: 1 },
        ]
    );
    record(
        &mut s,
        "C.funding",
        Status::Answered,
        Some(Value::Choice("none".into())),
    );
    assert_eq!(
        flags(&s)[0],
        Flag::Funding {
            question: "C.funding".into(),
            answer: FundingAnswer::Choice {
                id: "none".into(),
                label: "None yet".into()
            }
        }
    );
    record(
        &mut s,
        "C.funding",
        Status::Answered,
        Some(Value::Choice("secured".into())),
    );
    assert!(!flags(&s).iter().any(|f| f.kind() == FlagKind::Funding));
}

#[test]
fn no_gap_no_need() {
    let (q, s) = setup(&[("A.1", 3), ("A.2", 4)]);
    assert!(classify(&q, &s, &score(&q, &s)).needs.is_empty());
}

#[test]
fn needs_serialise_with_codes_and_parameters() {
    let (q, s) = setup(&[("A.2", 0)]);
    let needs = classify(&q, &s, &score(&q, &s));
    let json = serde_json::to_value(&needs.needs[0]).unwrap();
    assert_eq!(json["extent"], "advisory");
    assert_eq!(json["delivery"], "alone");
    assert_eq!(json["basis"]["rule"]["kind"], "rule");
    assert_eq!(json["basis"]["rule"]["index"], 2);
    assert_eq!(json["basis"]["rule"]["levels"], serde_json::json!([0, 2]));
    assert_eq!(json["basis"]["delivery"]["default"], "advisory-alone");
    assert_eq!(json["basis"]["passed_over"][0]["held"], "undecided");
    assert_eq!(json["target"]["origin"], "default");
    assert_eq!(json["priority"]["factors"][0]["factor"], "gap");
    let json = serde_json::to_value(&needs.flags).unwrap();
    assert_eq!(json[0]["kind"], "funding");
    assert_eq!(json[0]["answer"]["kind"], "not-recorded");
}
