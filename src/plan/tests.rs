//! The plan on small questionnaires and sessions: grouping, sizing,
//! sequencing (dependencies always respected), funding (committed,
//! pledged, earmarks, currencies), the duplication check and routing into a
//! programme, the broker view and what is missing, timing conflicts.
// Amounts and bands here are whole numbers, exact in binary.
#![allow(clippy::float_cmp)]

use super::broker::{Missing, ProviderMiss};
use super::funding::{FundingStatus, NotCounted};
use super::*;
use crate::needs::{Held, classify};
use crate::scoring::score;
use crate::session::{DeliveryWindow, Fund, FundStatus, Programme, Status, Value};
use crate::testing::{blank_session, record};

const QUESTIONNAIRE: &str = "tana-questionnaire: 1
id: t
version: \"1\"
title: T
sizing:
  currency: USD
  advisory: {days: 10-20, cost: 10000-30000}
  capacity: {days: 20-40, cost: 40000-100000}
  systems: {days: 30-90, cost: 100000-500000}
workstreams:
  - {id: WS.LAW, title: Law}
  - {id: WS.MID, title: Middle, after: [WS.LAW]}
  - {id: WS.TRAIN, title: Training, after: [WS.MID]}
  - {id: WS.DOC, title: Documents}
  - {id: WS.EMPTY, title: Nothing to do}
profile:
  languages: C.languages
  region: C.region
  request: C.request
  urgency: C.urgency
sections:
  - id: A
    title: Law
    workstream: WS.LAW
    partners: [Council of Europe]
    questions:
      - id: A.1
        kind: maturity
        title: Offence of identity theft
        text: Is identity theft an offence?
        tags: [LEG-DRAFT]
        levels: {0: a, 1: b, 2: c, 3: d, 4: e}
        needs:
          - {levels: 0-4, extent: advisory}
        recommendations:
          - {levels: 0-2, text: Draft the offence.}
      - id: A.2
        kind: maturity
        text: Expedited preservation?
        tags: [PROC-EEVID, LEG-DRAFT]
        levels: {0: a, 1: b, 2: c, 3: d, 4: e}
        needs:
          - {levels: 0-4, extent: advisory, delivery: partner}
  - id: B
    title: Training
    workstream: WS.TRAIN
    questions:
      - id: B.1
        kind: maturity
        text: Trained investigators?
        tags: [PROC-EEVID, ID-CRVS]
        levels: {0: a, 1: b, 2: c, 3: d, 4: e}
        needs:
          - {levels: 0-4, extent: capacity}
  - id: D
    title: Documents
    workstream: WS.DOC
    questions:
      - id: D.1
        kind: maturity
        text: Unique enrolment?
        tags: [ID-CRVS]
        levels: {0: a, 1: b, 2: c, 3: d, 4: e}
        needs:
          - {levels: 0-4, extent: advisory, delivery: partner, partner: programme, when: \"C.programme == yes\"}
          - {levels: 0-4, extent: systems}
      - id: D.2
        kind: maturity
        text: Passport checks?
        tags: [TRAVEL-DOC]
        levels: {0: a, 1: b, 2: c, 3: d, 4: e}
        needs:
          - {levels: 0-4, extent: capacity}
      - {id: D.3, kind: maturity, text: Not assigned to a workstream?, workstream: WS.EMPTY, levels: {0: a, 1: b, 2: c, 3: d, 4: e}}
  - id: C
    kind: context
    title: C
    questions:
      - id: C.languages
        kind: multi
        text: Languages?
        choices: [{id: fr, label: French}, {id: en, label: English}]
      - id: C.region
        kind: single
        text: Region?
        choices: [{id: africa, label: Africa}, {id: asia-pacific, label: Asia}]
      - id: C.request
        kind: multi
        text: Components?
        choices: [{id: WS.LAW, label: L}, {id: WS.MID, label: M}, {id: WS.TRAIN, label: T}, {id: WS.DOC, label: D}, {id: WS.EMPTY, label: E}]
      - id: C.urgency
        kind: single
        text: Urgency?
        choices: [{id: routine, label: R}, {id: priority, label: P}, {id: urgent, label: U}]
      - {id: C.programme, kind: yesno, text: Programme under way?}
      - id: C.treaty
        kind: single
        text: Treaty?
        choices: [{id: party, label: Party}, {id: not-party, label: Not a party}]
";

const INVENTORY: &str = "tana-inventory: 1
title: Test inventory
materials:
  - {id: MAT.EN, title: English handbook, publisher: P, kind: handbook, languages: [en], tags: [LEG-DRAFT]}
  - {id: MAT.FR, title: Guide en français, publisher: P, kind: guide, languages: [fr], tags: [LEG-DRAFT]}
  - {id: MAT.DIRECT, title: Named for A.2, publisher: P, kind: guide, languages: [en], indicators: [A.2]}
  - {id: MAT.SECONDARY, title: Identity guide, publisher: P, kind: guide, languages: [fr], tags: [ID-CRVS]}
providers:
  - {id: PRV.LAW, name: Law programme, kind: un, tags: [LEG-DRAFT], extents: [advisory], languages: [fr, en]}
  - {id: PRV.COE, name: Council of Europe office, short: Council of Europe, kind: regional, tags: [PROC-EEVID], extents: [advisory]}
  - {id: PRV.ASIA, name: Asian programme, kind: regional, tags: [LEG-DRAFT], regions: [asia-pacific]}
  - {id: PRV.ARABIC, name: Arabic-only programme, kind: ngo, tags: [LEG-DRAFT], languages: [ar]}
  - {id: PRV.TREATY, name: Treaty programme, kind: regional, tags: [LEG-DRAFT], when: \"C.treaty == party\", condition: For parties.}
  - {id: PRV.SYSTEMS, name: Systems only, kind: ngo, tags: [PROC-EEVID], extents: [systems]}
  - {id: PRV.ID, name: Identity programme, kind: development-bank, tags: [ID-CRVS, TRAVEL-DOC]}
";

const ROSTER: &str = "tana-roster: 1
title: Test roster
tags:
  LEG-DRAFT: Drafting
  PROC-EEVID: Evidence
  ID-CRVS: Identity
  TRAVEL-DOC: Documents
experts:
  - {id: E1, name: English drafter, sector: public, organisation: M, nationality: KE, residence: KE, regions: [africa], languages: {en: native}, legal_traditions: [civil], expertise: [LEG-DRAFT, PROC-EEVID], role: both, availability: [{from: 2027-01-01, to: 2027-12-31}]}
  - {id: E2, name: French trainer, sector: public, organisation: M, nationality: FR, residence: FR, regions: [africa], languages: {fr: native}, legal_traditions: [civil], expertise: [PROC-EEVID], role: both, availability: [{from: 2027-01-01, to: 2027-12-31}]}
";

struct Fixture {
    questionnaire: Questionnaire,
    session: Session,
    inventory: Inventory,
    roster: Roster,
}

impl Fixture {
    /// Every indicator at level 1 (so every one is a need), French first, in Africa.
    fn new() -> Fixture {
        let questionnaire = Questionnaire::from_source(QUESTIONNAIRE).unwrap();
        let mut session = blank_session(&questionnaire);
        for id in ["A.1", "A.2", "B.1", "D.1", "D.2"] {
            record(&mut session, id, Status::Answered, Some(Value::Level(1)));
        }
        record(&mut session, "D.3", Status::Answered, Some(Value::Level(3)));
        session.state.languages = vec!["fr".into(), "en".into()];
        record(
            &mut session,
            "C.region",
            Status::Answered,
            Some(Value::Choice("africa".into())),
        );
        Fixture {
            inventory: Inventory::from_source(INVENTORY).unwrap(),
            roster: Roster::from_source(ROSTER).unwrap(),
            questionnaire,
            session,
        }
    }

    fn answer(&mut self, id: &str, value: Value) -> &mut Self {
        record(&mut self.session, id, Status::Answered, Some(value));
        self
    }

    fn request(&mut self, workstreams: &[&str]) -> &mut Self {
        self.answer(
            "C.request",
            Value::Choices(workstreams.iter().map(|w| (*w).to_string()).collect()),
        )
    }

    fn plan(&self) -> Plan {
        let scores = score(&self.questionnaire, &self.session);
        let needs = classify(&self.questionnaire, &self.session, &scores);
        plan(&Inputs {
            questionnaire: &self.questionnaire,
            session: &self.session,
            scores: &scores,
            needs: &needs,
            inventory: &self.inventory,
            roster: &self.roster,
        })
    }
}

fn ids(plan: &Plan) -> Vec<&str> {
    plan.workstreams
        .iter()
        .map(|w| w.id.as_deref().unwrap_or("-"))
        .collect()
}

fn ws<'p>(plan: &'p Plan, id: &str) -> &'p WorkstreamPlan {
    plan.workstreams
        .iter()
        .find(|w| w.id.as_deref() == Some(id))
        .unwrap_or_else(|| panic!("{id} in {:?}", ids(plan)))
}

fn fund(id: &str, amount: Option<f64>, status: FundStatus, workstreams: &[&str]) -> Fund {
    Fund {
        id: id.into(),
        source: format!("source of {id}"),
        amount,
        currency: None,
        status,
        workstreams: workstreams.iter().map(|w| (*w).to_string()).collect(),
        note: String::new(),
    }
}

fn window(from: &str, to: &str, workstreams: &[&str]) -> DeliveryWindow {
    DeliveryWindow {
        from: from.parse().unwrap(),
        to: to.parse().unwrap(),
        workstreams: workstreams.iter().map(|w| (*w).to_string()).collect(),
        note: String::new(),
    }
}

#[test]
fn needs_are_grouped_by_workstream_with_titles_actions_mix_and_baseline() {
    let f = Fixture::new();
    let plan = f.plan();
    assert_eq!(plan.workstreams.len(), 3, "{:?}", ids(&plan));
    let law = ws(&plan, "WS.LAW");
    assert_eq!(law.title.as_deref(), Some("Law"));
    let needs: Vec<&str> = law.needs.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(needs, ["A.1", "A.2"]);
    assert_eq!(law.needs[0].title, "Offence of identity theft");
    assert_eq!(law.needs[0].action.as_deref(), Some("Draft the offence."));
    assert_eq!(law.needs[1].action, None);
    assert_eq!(
        law.extents,
        [Count {
            value: Extent::Advisory,
            needs: 2
        }]
    );
    assert_eq!(law.deliveries.len(), 2, "{:?}", law.deliveries);
    // One need alone, one partner-led with the area's first partner: a tie,
    // so the lead of the higher-priority need (the first) leads.
    assert_eq!(law.lead, Some(Lead::Office));
    assert_eq!(
        law.partners,
        [Lead::Partner {
            name: "Council of Europe".into()
        }]
    );
    let baseline = law.baseline.unwrap();
    assert_eq!((baseline.lowest, baseline.highest), (1.0, 1.0));
    assert_eq!((baseline.target_low, baseline.target_high), (3, 3));
    // An indicator at its target makes no need and no workstream.
    assert!(!ids(&plan).contains(&"WS.EMPTY"));
    assert!(!plan.request.recorded);
}

#[test]
fn a_requested_workstream_without_needs_still_appears() {
    let mut f = Fixture::new();
    f.request(&["WS.EMPTY"]);
    let plan = f.plan();
    let empty = ws(&plan, "WS.EMPTY");
    assert!(empty.requested && empty.needs.is_empty());
    assert_eq!(empty.funding.status, FundingStatus::NoNeed);
    assert!(empty.missing.is_empty());
    assert_eq!(ids(&plan)[0], "WS.EMPTY", "requested first");
    assert_eq!(plan.request.workstreams, ["WS.EMPTY"]);
}

#[test]
fn sizes_sum_the_bands_of_each_need_and_count_unsized_extents() {
    let f = Fixture::new();
    let plan = f.plan();
    let law = ws(&plan, "WS.LAW").size.clone().unwrap();
    assert_eq!((law.days.low, law.days.high), (20, 40));
    assert_eq!((law.cost.low, law.cost.high), (20_000, 60_000));
    assert_eq!(law.currency, "USD");
    // D.1 systems 100,000–500,000 + D.2 capacity 40,000–100,000.
    let doc = ws(&plan, "WS.DOC").size.clone().unwrap();
    assert_eq!((doc.cost.low, doc.cost.high), (140_000, 600_000));
    assert_eq!(doc.not_sized, 0);
    // No band for infrastructure: the need is counted as not sized.
    let mut f = Fixture::new();
    f.questionnaire = Questionnaire::from_source(&QUESTIONNAIRE.replace(
        "      - {id: D.3,",
        "      - {id: D.4, kind: maturity, text: Big, needs: [{levels: 0-4, extent: infrastructure}], levels: {0: a, 1: b, 2: c, 3: d, 4: e}}\n      - {id: D.3,",
    ))
    .unwrap();
    f.answer("D.4", Value::Level(0));
    let plan = f.plan();
    let doc = ws(&plan, "WS.DOC");
    assert_eq!(doc.size.as_ref().unwrap().not_sized, 1);
    assert_eq!(doc.size.as_ref().unwrap().cost.low, 140_000);
    assert!(doc.missing.contains(&Missing::NotSized { needs: 1 }));
}

#[test]
fn the_sequence_never_contradicts_a_dependency() {
    // Every request over the five workstreams.
    let all = ["WS.LAW", "WS.MID", "WS.TRAIN", "WS.DOC", "WS.EMPTY"];
    for mask in 0..(1u32 << all.len()) {
        let asked: Vec<&str> = (0..all.len())
            .filter(|i| mask & (1 << i) != 0)
            .map(|i| all[i])
            .collect();
        let mut f = Fixture::new();
        f.request(&asked);
        let plan = f.plan();
        let order = ids(&plan);
        let at = |id: &str| order.iter().position(|o| *o == id);
        // TRAIN comes after LAW through MID, which has no need.
        assert!(at("WS.LAW") < at("WS.TRAIN"), "{asked:?}: {order:?}");
        // Requested workstreams, and their prerequisites, before the others.
        let first_other = plan
            .workstreams
            .iter()
            .position(|w| !w.requested && w.sequence.prerequisite_of.is_empty());
        if let Some(first_other) = first_other {
            assert!(
                plan.workstreams[first_other..]
                    .iter()
                    .all(|w| !w.requested && w.sequence.prerequisite_of.is_empty()),
                "{asked:?}: {order:?}"
            );
        }
        for (i, w) in plan.workstreams.iter().enumerate() {
            assert_eq!(w.sequence.position, i + 1);
        }
    }
}

#[test]
fn a_requested_workstream_pulls_its_prerequisites_forward() {
    let mut f = Fixture::new();
    f.request(&["WS.TRAIN"]);
    let plan = f.plan();
    assert_eq!(ids(&plan), ["WS.LAW", "WS.TRAIN", "WS.DOC"]);
    let law = ws(&plan, "WS.LAW");
    assert!(!law.requested);
    assert_eq!(law.sequence.prerequisite_of, ["WS.TRAIN"]);
    assert_eq!(ws(&plan, "WS.TRAIN").sequence.after, ["WS.LAW"]);
    // Without a request, the higher need priority first; every need here has
    // the same priority, so the questionnaire's order decides.
    let plan = Fixture::new().plan();
    assert_eq!(ids(&plan), ["WS.LAW", "WS.TRAIN", "WS.DOC"]);
}

#[test]
fn deadlines_order_workstreams_and_are_inherited_by_prerequisites() {
    let mut f = Fixture::new();
    f.session.mission.delivery_windows = vec![
        window("2027-01-01", "2027-12-31", &[]),
        window("2027-02-01", "2027-03-31", &["WS.TRAIN"]),
        window("2027-01-01", "2027-06-30", &["WS.DOC"]),
    ];
    let plan = f.plan();
    // TRAIN's deadline (March) is inherited by LAW, which must come first;
    // DOC's June deadline follows.
    assert_eq!(ids(&plan), ["WS.LAW", "WS.TRAIN", "WS.DOC"]);
    let law = ws(&plan, "WS.LAW");
    assert_eq!(law.sequence.deadline, Some("2027-03-31".parse().unwrap()));
    assert_eq!(law.sequence.deadline_from.as_deref(), Some("WS.TRAIN"));
    let general = law.timing.window.as_ref().unwrap();
    assert!(!general.specific, "the general window applies to LAW");
    assert!(
        ws(&plan, "WS.TRAIN")
            .timing
            .window
            .as_ref()
            .unwrap()
            .specific
    );
    // A window for TRAIN that ends before LAW's begins is a conflict.
    f.session.mission.delivery_windows = vec![
        window("2027-06-01", "2027-09-30", &["WS.LAW"]),
        window("2027-02-01", "2027-03-31", &["WS.TRAIN"]),
    ];
    let plan = f.plan();
    assert_eq!(
        ws(&plan, "WS.TRAIN").timing.conflicts,
        [TimingConflict::EndsBeforePrerequisite {
            prerequisite: "WS.LAW".into(),
            starts: "2027-06-01".parse().unwrap()
        }]
    );
}

#[test]
fn funds_follow_earmarks_committed_before_pledged_and_the_sequence() {
    let mut f = Fixture::new();
    f.request(&["WS.DOC"]);
    f.session.mission.funds = vec![
        fund(
            "F1",
            Some(100_000.0),
            FundStatus::Pledged,
            &["WS.LAW", "WS.TRAIN"],
        ),
        fund("F2", Some(30_000.0), FundStatus::Committed, &["WS.TRAIN"]),
        fund("F3", Some(15_000.0), FundStatus::Committed, &[]),
        fund("F4", None, FundStatus::Pledged, &["WS.DOC"]),
        Fund {
            currency: Some("EUR".into()),
            ..fund("F5", Some(50_000.0), FundStatus::Committed, &["WS.DOC"])
        },
    ];
    let plan = f.plan();
    assert_eq!(ids(&plan), ["WS.DOC", "WS.LAW", "WS.TRAIN"]);
    // DOC comes first and takes the unearmarked F3 (its earmarked F4 and F5
    // cannot be counted): partly funded, the rest missing.
    let doc = ws(&plan, "WS.DOC");
    assert_eq!(doc.funding.status, FundingStatus::Partly);
    assert_eq!(doc.funding.needed, Some(140_000));
    assert_eq!(doc.funding.allocated, 15_000.0);
    assert_eq!(doc.funding.committed, 15_000.0);
    let reasons: Vec<&NotCounted> = doc.funding.uncounted.iter().map(|u| &u.reason).collect();
    assert_eq!(
        reasons,
        [
            &NotCounted::OtherCurrency {
                currency: "EUR".into()
            },
            &NotCounted::NoAmount,
        ]
    );
    assert!(
        doc.missing
            .contains(&Missing::FundingGap { amount: 125_000.0 })
    );
    // LAW (lower bound 20,000) is covered by the pledge earmarked for it.
    let law = ws(&plan, "WS.LAW");
    assert_eq!(law.funding.status, FundingStatus::Funded);
    assert_eq!(law.funding.pledged, 20_000.0);
    assert_eq!(law.funding.allocations[0].fund, "F1");
    assert!(law.funding.allocations[0].earmarked);
    // TRAIN (40,000) takes the narrowest earmark first (F2, committed), then F1.
    let train = ws(&plan, "WS.TRAIN");
    assert_eq!(train.funding.status, FundingStatus::Funded);
    let used: Vec<(&str, f64)> = train
        .funding
        .allocations
        .iter()
        .map(|a| (a.fund.as_str(), a.amount))
        .collect();
    assert_eq!(used, [("F2", 30_000.0), ("F1", 10_000.0)]);
    assert_eq!(
        (train.funding.committed, train.funding.pledged),
        (30_000.0, 10_000.0)
    );
    // What is left of each fund.
    let left: Vec<(&str, f64)> = plan
        .funds
        .iter()
        .map(|u| (u.id.as_str(), u.unallocated))
        .collect();
    assert_eq!(
        left,
        [
            ("F1", 70_000.0),
            ("F2", 0.0),
            ("F3", 0.0),
            ("F4", 0.0),
            ("F5", 0.0)
        ]
    );
    assert_eq!(plan.funds[3].not_counted, Some(NotCounted::NoAmount));
    let shares: Vec<(&str, f64)> = plan.funds[0]
        .allocated
        .iter()
        .map(|s| (s.workstream.as_str(), s.amount))
        .collect();
    assert_eq!(shares, [("WS.LAW", 20_000.0), ("WS.TRAIN", 10_000.0)]);
    // Without any fund, everything is unfunded and says so.
    let plan = Fixture::new().plan();
    assert!(
        plan.workstreams
            .iter()
            .all(|w| w.funding.status == FundingStatus::Unfunded)
    );
    assert!(
        plan.workstreams
            .iter()
            .all(|w| w.missing.contains(&Missing::NoFunds))
    );
}

#[test]
fn overlaps_with_programmes_are_named_and_delivery_is_routed_where_the_rule_says() {
    let mut f = Fixture::new();
    f.session.mission.programmes = vec![
        Programme {
            id: "P1".into(),
            name: "Identity programme".into(),
            lead: Some("Development bank".into()),
            workstreams: vec!["WS.DOC".into()],
            until: Some("2028-12-31".parse().unwrap()),
            ..Programme::default()
        },
        Programme {
            id: "P2".into(),
            name: "Law review".into(),
            indicators: vec!["A".into()],
            ..Programme::default()
        },
    ];
    // No programme answer yet: D.1 takes its default rule, no routing.
    let plan = f.plan();
    let doc = ws(&plan, "WS.DOC");
    assert_eq!(doc.overlaps.len(), 1);
    assert!(doc.overlaps[0].workstream && doc.overlaps[0].routed.is_empty());
    assert_eq!(doc.needs[0].programmes, ["P1"]);
    // An area id in a programme's indicators names the area's needs.
    let law = ws(&plan, "WS.LAW");
    assert_eq!(law.overlaps[0].programme, "P2");
    assert_eq!(law.overlaps[0].needs, ["A.1", "A.2"]);
    assert!(!law.overlaps[0].workstream);
    // The programme under way (CX.24-like answer): D.1 is routed into P1.
    f.answer("C.programme", Value::YesNo(true));
    let plan = f.plan();
    let doc = ws(&plan, "WS.DOC");
    let d1 = doc.needs.iter().find(|n| n.id == "D.1").unwrap();
    assert_eq!(
        d1.lead,
        Lead::Programme {
            id: "P1".into(),
            name: "Identity programme".into(),
            lead: Some("Development bank".into())
        }
    );
    assert_eq!(doc.overlaps[0].routed, ["D.1"]);
    // Routed, but no programme recorded: said, and missing.
    f.session.mission.programmes.clear();
    let plan = f.plan();
    let doc = ws(&plan, "WS.DOC");
    assert!(
        doc.needs
            .iter()
            .any(|n| n.lead == Lead::ProgrammeNotRecorded)
    );
    assert!(doc.missing.contains(&Missing::ProgrammeNotRecorded {
        needs: vec!["D.1".into()]
    }));
}

#[test]
fn providers_fit_by_primary_tag_extent_region_language_and_condition() {
    let f = Fixture::new();
    let plan = f.plan();
    let law = &ws(&plan, "WS.LAW").broker;
    let fitting: Vec<&str> = law.providers.iter().map(|p| p.id.as_str()).collect();
    // The Council of Europe leads A.2 (the area's partner): first.
    assert_eq!(fitting, ["PRV.COE", "PRV.LAW"]);
    assert_eq!(law.providers[0].leads, ["A.2"]);
    assert!(law.providers[1].first_language && law.providers[1].leads.is_empty());
    assert_eq!(
        law.providers[1].needs,
        ["A.1"],
        "A.2's primary tag is PROC-EEVID"
    );
    let near = |id: &str| law.near.iter().find(|p| p.id == id).unwrap().misses.clone();
    assert_eq!(
        near("PRV.ASIA"),
        [ProviderMiss::Region {
            region: Region::Africa
        }]
    );
    assert_eq!(
        near("PRV.ARABIC"),
        [ProviderMiss::Language {
            works_in: vec!["ar".into()]
        }]
    );
    assert_eq!(
        near("PRV.TREATY"),
        [ProviderMiss::Condition {
            held: Held::Undecided
        }]
    );
    // A.2 (primary PROC-EEVID, advisory) and the systems-only provider.
    assert_eq!(
        near("PRV.SYSTEMS"),
        [ProviderMiss::Extent {
            delivers: vec![Extent::Systems]
        }]
    );
    // The condition decided: the treaty programme fits.
    let mut f = Fixture::new();
    f.answer("C.treaty", Value::Choice("party".into()));
    let plan = f.plan();
    assert!(
        ws(&plan, "WS.LAW")
            .broker
            .providers
            .iter()
            .any(|p| p.id == "PRV.TREATY")
    );
    // A workstream none fits says so.
    let train = ws(&plan, "WS.TRAIN");
    assert!(train.broker.providers.is_empty());
    assert!(train.missing.contains(&Missing::NoProvider));
}

#[test]
fn materials_come_in_the_states_languages_first_and_by_primary_tag() {
    let plan = Fixture::new().plan();
    let law = &ws(&plan, "WS.LAW").broker;
    let order: Vec<&str> = law.materials.iter().map(|m| m.id.as_str()).collect();
    // French first (the State's first language), then the one naming A.2
    // directly, then by tag.
    assert_eq!(order, ["MAT.FR", "MAT.DIRECT", "MAT.EN"]);
    assert_eq!(law.materials[1].needs, ["A.2"]);
    assert_eq!(law.materials[0].state_languages, ["fr"]);
    // ID-CRVS is only B.1's secondary expertise: the identity guide serves
    // the documents workstream, whose primary expertise it is, not training.
    let train = ws(&plan, "WS.TRAIN");
    assert!(train.broker.materials.is_empty());
    assert!(train.missing.contains(&Missing::NoMaterial));
    assert_eq!(ws(&plan, "WS.DOC").broker.materials[0].id, "MAT.SECONDARY");
}

#[test]
fn experts_are_matched_per_workstream_in_its_window_with_the_first_language() {
    let mut f = Fixture::new();
    f.session.mission.delivery_windows = vec![window("2027-03-01", "2027-04-30", &[])];
    let plan = f.plan();
    let law = ws(&plan, "WS.LAW");
    let experts = &law.broker.experts;
    assert_eq!(
        experts.window,
        Some(("2027-03-01".parse().unwrap(), "2027-04-30".parse().unwrap()))
    );
    let team: Vec<&str> = experts.team.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(team, ["E1"], "only E1 covers LEG-DRAFT; {:?}", law.missing);
    assert!(law.missing.iter().any(|m| matches!(
        m,
        // E2 works in French and covers A.2's evidence expertise, not the drafting.
        Missing::NoExpertInFirstLanguage { language, others } if language == "fr" && others == &["E2"]
    )));
    // Training: E1 and E2 both cover the evidence expertise; either the
    // team works in French, or the plan names E2 as the one who does.
    let train = ws(&plan, "WS.TRAIN");
    let french_team = train
        .broker
        .experts
        .team
        .iter()
        .any(|e| e.id == "E2" && e.first_language);
    let named = train.missing.iter().any(|m| {
        matches!(
            m,
            Missing::NoExpertInFirstLanguage { others, .. } if others == &["E2"]
        )
    });
    assert!(
        french_team != named,
        "{:?} {:?}",
        train.broker.experts.team,
        train.missing
    );
    assert!(train.missing.contains(&Missing::UncoveredExpertise {
        tags: vec!["ID-CRVS".into()]
    }));
    // Documents: nobody holds ID-CRVS or TRAVEL-DOC.
    let doc = ws(&plan, "WS.DOC");
    assert!(doc.missing.contains(&Missing::NoExpert));
    // Outside everyone's availability: nobody.
    f.session.mission.delivery_windows = vec![window("2028-03-01", "2028-04-30", &[])];
    let plan = f.plan();
    let law = ws(&plan, "WS.LAW");
    assert!(law.broker.experts.team.is_empty());
    assert_eq!(law.broker.experts.excluded, 2);
}

#[test]
fn needs_outside_any_workstream_come_last() {
    let source = QUESTIONNAIRE.replace("    workstream: WS.DOC\n", "");
    let mut f = Fixture::new();
    f.questionnaire = Questionnaire::from_source(&source).unwrap();
    f.request(&["WS.LAW"]);
    let plan = f.plan();
    let last = plan.workstreams.last().unwrap();
    assert_eq!(last.id, None);
    assert_eq!(last.needs.len(), 2);
    assert_eq!(
        crate::words::plan::title(last),
        "Needs outside any workstream"
    );
}

#[test]
fn the_plan_is_worded_in_one_place() {
    use crate::words::plan as say;
    let mut f = Fixture::new();
    f.request(&["WS.LAW"]);
    f.answer("C.urgency", Value::Choice("urgent".into()));
    f.session.mission.funds = vec![fund("F1", Some(20_000.0), FundStatus::Pledged, &["WS.LAW"])];
    let plan = f.plan();
    let law = ws(&plan, "WS.LAW");
    assert_eq!(
        say::request(&plan.request, &f.questionnaire),
        "Law (WS.LAW) (C.request); urgency urgent (C.urgency)"
    );
    assert_eq!(
        say::funding(&law.funding, plan.currency.as_deref()),
        "funded: F1 USD 20,000 pledged (earmarked) covers the lower bound of USD 20,000; all of it only pledged, not yet committed"
    );
    assert_eq!(
        say::size(law.size.as_ref().unwrap()),
        "20–40 expert-days, USD 20,000–60,000 (indicative)"
    );
    assert_eq!(
        say::sequence(&law.sequence, law.requested),
        "requested by the State"
    );
    assert_eq!(say::amount(1_234_567.4), "1,234,567");
}
