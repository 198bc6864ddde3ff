//! The report's own words: money, shortened values, key messages, risks,
//! the grouped rationale (no level in it), validation.

use super::*;
use crate::report::messages::{AreaGap, Component, HiddenGap};

fn lowest(id: &str, level: f64, target: u8) -> IndicatorLevel {
    IndicatorLevel {
        id: id.into(),
        level,
        target,
    }
}

#[test]
fn amounts_are_grouped_by_thousands() {
    let usd = |amount| {
        super::amount(&Amount {
            amount,
            currency: "USD".into(),
        })
    };
    assert_eq!(usd(160_000.0), "USD 160,000");
    assert_eq!(usd(1_234_567.4), "USD 1,234,567");
    assert_eq!(usd(999.0), "USD 999");
}

#[test]
fn long_or_multi_line_values_are_shortened_for_the_annex() {
    assert_eq!(shortened("Partly secured"), "Partly secured");
    let long = "Ministry of Justice of the Republic of Examplia, Directorate of Criminal Affairs and Pardons (lead authority)";
    let short = shortened(long);
    assert!(short.ends_with(" … (in full above)"), "{short}");
    assert!(
        short.starts_with("Ministry of Justice of the Republic"),
        "{short}"
    );
    assert!(short.chars().count() < long.chars().count());
    assert!(shortened("one\ntwo").starts_with("one …"));
}

#[test]
fn key_messages_read_as_sentences() {
    let request = KeyMessage::Request {
        components: vec![
            Component {
                workstream: "WS.LAW".into(),
                title: "Criminal law and procedure".into(),
                needs: 9,
                lowest: Some(lowest("A1.1", 1.0, 3)),
            },
            Component {
                workstream: "WS.SAFEGUARDS".into(),
                title: "Safeguards".into(),
                needs: 1,
                lowest: None,
            },
        ],
        others: 3,
    };
    assert_eq!(
        key_message(&request),
        "The request covers 2 components: Criminal law and procedure (9 needs, lowest A1.1 at 1) and Safeguards (1 need). 3 other needs lie outside the request; the plan lists them after the requested components."
    );
    let hidden = KeyMessage::MeanHidesGap {
        areas: vec![HiddenGap {
            id: "A5".into(),
            title: "Travel documents".into(),
            mean: 3.0,
            target: 3,
            lowest: lowest("A5.4", 2.0, 3),
        }],
    };
    assert_eq!(
        key_message(&hidden),
        "An average hides a weak point: A5 Travel documents averages 3.0 against its target of 3, but A5.4 stands at 2 (target 3)."
    );
    let gaps = KeyMessage::LargestGaps {
        areas: vec![AreaGap {
            id: "A7".into(),
            title: "Victims".into(),
            lowest: lowest("A7.4", 0.0, 3),
            below: 5,
            scored: 5,
        }],
    };
    assert!(key_message(&gaps).contains(
        "A7 Victims (lowest A7.4 at 0 against a target of 3; 5 of 5 indicators below target)"
    ));
    let funding = KeyMessage::Funding {
        committed: vec![Amount {
            amount: 160_000.0,
            currency: "USD".into(),
        }],
        pledged: Vec::new(),
        funded: vec!["Investigation".into()],
        partly: Vec::new(),
        unfunded: vec!["Victims".into(), "Customs".into()],
    };
    assert_eq!(
        key_message(&funding),
        "Funding recorded: USD 160,000 committed. Against the indicative lower bounds, funded: Investigation; unfunded: 2 workstreams."
    );
    let not_met = KeyMessage::NotMet {
        met: 18,
        institutions: vec!["A".into(), "B".into()],
    };
    assert_eq!(
        key_message(&not_met),
        "18 institutions were met; 2 others could not be: A and B (see Mission and method)."
    );
}

#[test]
fn the_human_rights_risk_cites_the_policy_and_asks_for_conditions() {
    let risk = Risk::HumanRights {
        groups: Vec::new(),
        security_forces: true,
        surveillance: true,
        safeguards: Some("Human-rights and data-protection safeguards".into()),
    };
    let text = risk_text(&risk);
    assert!(text.contains("HRDDP, A/67/775–S/2013/110"), "{text}");
    assert!(text.contains("risk assessment before it starts"), "{text}");
    assert!(
        text.contains("independent authorisation and oversight"),
        "{text}"
    );
    assert!(
        text.contains("Pair this support with the Human-rights"),
        "{text}"
    );
    let only_forces = Risk::HumanRights {
        groups: Vec::new(),
        security_forces: true,
        surveillance: false,
        safeguards: None,
    };
    assert!(!risk_text(&only_forces).contains("identify, locate or monitor"));
    assert_eq!(risk_title(&risk), "Human-rights due diligence");
}

#[test]
fn validation_says_what_it_means() {
    assert!(
        validation(Validation::Draft, "Examplia")
            .contains("Not yet shared with the authorities of Examplia")
    );
    assert!(validation(Validation::Agreed, "Examplia").contains("have agreed"));
    assert_eq!(
        validation_label(Validation::Shared),
        "Shared with the State for comment"
    );
}

#[test]
fn sources_name_the_institution_and_how() {
    assert_eq!(
        source(Some("Ministry of Justice"), SourceHow::Document),
        "Ministry of Justice (document seen)"
    );
    assert_eq!(source(None, SourceHow::Desk), "desk review");
    assert_eq!(how(SourceHow::Oral), "stated orally");
}
