//! Golden tests of matching: each hard filter with its reason, language
//! coverage, scores that explain themselves, and a team that covers every
//! priority need.
// Weights here are exact sums of small binary fractions.
#![allow(clippy::float_cmp)]

use super::*;
use crate::needs::classify;
use crate::scoring::score;
use crate::session::{Mission, QuestionnaireRef, StateInfo};

const QUESTIONNAIRE: &str = "tana-questionnaire: 1
id: t
version: \"1\"
title: T
profile:
  languages: CX.languages
  legal_tradition: CX.tradition
  region: CX.region
sections:
  - id: CX
    kind: context
    title: Context
    questions:
      - {id: CX.languages, kind: multi, text: Languages?, choices: [{id: fr, label: French}, {id: ar, label: Arabic}, {id: en, label: English}]}
      - {id: CX.tradition, kind: single, text: Tradition?, choices: [{id: common, label: Common}, {id: civil, label: Civil}, {id: mixed, label: Mixed}]}
      - {id: CX.region, kind: single, text: Region?, choices: [{id: africa, label: Africa}, {id: asia-pacific, label: Asia}]}
  - id: A
    title: Area
    questions:
      - {id: A.1, kind: maturity, text: Law?, tags: [LEG-DRAFT], importance: high, levels: {0: a, 1: b, 2: c, 3: d, 4: e}}
      - {id: A.2, kind: maturity, text: Passports?, tags: [TRAVEL-DOC], levels: {0: a, 1: b, 2: c, 3: d, 4: e}}
      - {id: A.3, kind: maturity, text: Registers?, tags: [ID-CRVS], levels: {0: a, 1: b, 2: c, 3: d, 4: e}}
      - {id: A.4, kind: maturity, text: Fine already?, tags: [STATS], levels: {0: a, 1: b, 2: c, 3: d, 4: e}}
";

const ROSTER: &str = "tana-roster: 1
title: Golden roster
tags:
  LEG-DRAFT: Legislative drafting
  TRAVEL-DOC: Travel documents
  ID-CRVS: Civil registration
  STATS: Statistics
experts:
  - {id: E-NAT, name: National Expert, gender: female, sector: public, organisation: MoJ, nationality: [FR, XE], residence: XE, regions: [africa], languages: {fr: native}, legal_traditions: [civil], expertise: [LEG-DRAFT, TRAVEL-DOC, ID-CRVS], role: both, availability: [{from: 2026-01-01, to: 2027-12-31}]}
  - {id: E-SUP, name: Supplier Expert, sector: private, organisation: Veridex, nationality: NL, residence: NL, regions: [africa], languages: {fr: fluent}, legal_traditions: [civil], expertise: [TRAVEL-DOC], role: delivery, availability: [{from: 2026-01-01, to: 2027-12-31}], affiliations: [{organisation: Veridex ID Systems, kind: supplier, country: NL}]}
  - {id: E-GOV, name: Adviser Expert, sector: public, organisation: Cabinet, nationality: BE, residence: BE, regions: [africa], languages: {fr: native}, legal_traditions: [civil], expertise: [LEG-DRAFT], role: both, availability: [{from: 2026-01-01, to: 2027-12-31}], affiliations: [{organisation: Ministry of Interior of Examplia, kind: government, country: XE}]}
  - {id: E-BUSY, name: Busy Expert, sector: academia, organisation: Uni, nationality: SN, residence: SN, regions: [africa], languages: {fr: native}, legal_traditions: [civil], expertise: [LEG-DRAFT, TRAVEL-DOC, ID-CRVS], role: both, availability: [{from: 2027-01-01, to: 2027-06-30}]}
  - {id: E-LAW, name: Law Expert, gender: male, sector: international, organisation: IO, nationality: MA, residence: MA, regions: [africa], languages: {ar: native, fr: fluent}, legal_traditions: [civil], expertise: [LEG-DRAFT], role: both, availability: [{from: 2026-01-01, to: 2027-12-31}]}
  - {id: E-DOC, name: Doc Expert, gender: female, sector: private, organisation: Lab, nationality: CA, residence: CA, regions: [western-europe-others], languages: {en: native, fr: working}, legal_traditions: [common], expertise: [TRAVEL-DOC, ID-CRVS], role: delivery, availability: [{from: 2026-01-01, to: 2027-12-31}]}
  - {id: E-REG, name: Registry Expert, gender: female, sector: public, organisation: Registry, nationality: TN, residence: TN, regions: [africa], languages: {ar: native}, legal_traditions: [civil], expertise: [ID-CRVS], role: assessment, availability: [{from: 2026-01-01, to: 2027-12-31}]}
  - {id: E-STAT, name: Stats Expert, sector: academia, organisation: Uni, nationality: DE, residence: DE, regions: [eastern-europe], languages: {de: native}, legal_traditions: [civil], expertise: [STATS], role: both}
";

fn setup() -> (Questionnaire, Roster, Session) {
    let q = Questionnaire::from_source(QUESTIONNAIRE).unwrap();
    let r = Roster::from_source(ROSTER).unwrap();
    let mut s = Session::new(
        StateInfo {
            name: "Examplia".into(),
            code: Some("XE".into()),
            languages: Vec::new(),
        },
        Mission {
            start: Some("2026-11-23".parse().unwrap()),
            end: Some("2026-11-27".parse().unwrap()),
            bodies: vec!["veridex  id systems".into()],
            ..Mission::default()
        },
        QuestionnaireRef::of(&q, None),
        jiff::Timestamp::UNIX_EPOCH,
    );
    let mut set = |id: &str, value: Value| {
        let a = s.answer_mut(id, jiff::Timestamp::UNIX_EPOCH);
        a.status = Some(Status::Answered);
        a.value = Some(value);
    };
    set(
        "CX.languages",
        Value::Choices(vec!["fr".into(), "ar".into()]),
    );
    set("CX.tradition", Value::Choice("civil".into()));
    set("CX.region", Value::Choice("africa".into()));
    set("A.1", Value::Level(0));
    set("A.2", Value::Level(1));
    set("A.3", Value::Level(2));
    set("A.4", Value::Level(4));
    (q, r, s)
}

fn run() -> (Roster, Profile, MatchResult) {
    let (q, r, s) = setup();
    let scores = score(&q, &s);
    let needs = classify(&q, &s, &scores);
    let profile = Profile::of(&q, &s);
    let result = match_roster(&r, &q, &needs, &profile);
    (r, profile, result)
}

fn ids(roster: &Roster, indexes: impl Iterator<Item = usize>) -> Vec<String> {
    indexes.map(|i| roster.experts[i].id.clone()).collect()
}

#[test]
fn profile_comes_from_the_answers() {
    let (q, _, s) = setup();
    let p = Profile::of(&q, &s);
    assert_eq!(p.languages, vec!["fr", "ar"]);
    assert_eq!(p.legal_tradition, Some(LegalTradition::Civil));
    assert_eq!(p.region, Some(Region::Africa));
    assert_eq!(p.state_code.as_deref(), Some("XE"));
}

#[test]
fn hard_filters_each_give_their_reason() {
    let (roster, _, result) = run();
    let reasons: BTreeMap<String, Vec<String>> = result
        .excluded
        .iter()
        .map(|e| {
            (
                roster.experts[e.expert].id.clone(),
                e.reasons.iter().map(crate::words::exclusion).collect(),
            )
        })
        .collect();
    assert_eq!(reasons.len(), 5, "{reasons:#?}");
    assert!(reasons["E-NAT"][0].contains("national of the requesting State (XE)"));
    assert!(
        reasons["E-SUP"][0].contains("Veridex ID Systems"),
        "bodies match regardless of case and spacing"
    );
    assert!(reasons["E-GOV"][0].contains("requesting State's government"));
    assert!(
        reasons["E-BUSY"][0]
            .contains("not available for the whole mission, 2026-11-23 to 2026-11-27")
    );
    assert!(
        reasons["E-STAT"][0].contains("not available"),
        "no windows: never available"
    );
}

#[test]
fn needed_tags_are_weighted_by_priority() {
    let (_, _, result) = run();
    let needed: Vec<&str> = result.needed.iter().map(|(t, _)| t.as_str()).collect();
    // A.1: gap 3 × importance 1.5 = 4.5; A.2: gap 2; A.3: gap 1; A.4 has no gap.
    assert_eq!(needed, vec!["LEG-DRAFT", "TRAVEL-DOC", "ID-CRVS"]);
    assert_eq!(result.needed[0].1, 4.5);
}

#[test]
fn scores_rank_and_explain() {
    let (roster, profile, result) = run();
    let ranked = ids(&roster, result.candidates.iter().map(|c| c.expert));
    // E-REG: 1/7.5 × 50 + 10 (ar) + 10 (civil) + 10 (Africa) + 4 (assessment) ≈ 40.7;
    // E-DOC: 3/7.5 × 50 + 10 (fr) + 8 (delivery) = 38.
    assert_eq!(ranked, vec!["E-LAW", "E-REG", "E-DOC"]);
    let law = &result.candidates[0];
    // expertise 4.5/7.5 × 50 = 30; languages 2/2 × 20; civil 10; Africa 10; role both 10: 80.
    assert!((law.score - 80.0).abs() < 1e-9, "{}", law.score);
    let why = law.why(&roster, &profile);
    assert!(
        why.contains("covers LEG-DRAFT")
            && why.contains("works in fr, ar")
            && why.contains("experience in africa"),
        "{why}"
    );
    let doc = &result.candidates[2];
    assert_eq!(doc.languages(&profile), vec!["fr"], "working level counts");
}

#[test]
fn team_covers_every_priority_need_with_the_fewest_experts() {
    let (roster, _, result) = run();
    let team = ids(
        &roster,
        result
            .team
            .members
            .iter()
            .map(|&m| result.candidates[m].expert),
    );
    assert_eq!(team, vec!["E-LAW", "E-DOC"], "two cover all three tags");
    assert!(result.team.uncovered.is_empty());
    let languages: Vec<(&str, usize)> = result
        .team
        .languages
        .iter()
        .map(|(l, m)| (l.as_str(), m.len()))
        .collect();
    assert_eq!(languages, vec![("fr", 2), ("ar", 1)]);
    assert_eq!(result.team.genders.get("female"), Some(&1));
    assert_eq!(result.team.regions.get("africa"), Some(&1));
}

#[test]
fn uncovered_needs_are_reported() {
    let (q, r, mut s) = setup();
    let a = s.answer_mut("A.4", jiff::Timestamp::UNIX_EPOCH);
    a.value = Some(Value::Level(0));
    let needs = classify(&q, &s, &score(&q, &s));
    let result = match_roster(&r, &q, &needs, &Profile::of(&q, &s));
    assert_eq!(
        result.team.uncovered,
        vec!["STATS"],
        "the only statistician is unavailable"
    );
}

#[test]
fn needed_tags_the_roster_does_not_know_are_uncovered() {
    let (q, _, s) = setup();
    let small = Roster::from_source(
        &ROSTER
            .replace("  TRAVEL-DOC: Travel documents\n", "")
            .replace("TRAVEL-DOC, ", "")
            .replace(", TRAVEL-DOC", "")
            .replace("[TRAVEL-DOC]", "[STATS]"),
    )
    .unwrap();
    let needs = classify(&q, &s, &score(&q, &s));
    let result = match_roster(&small, &q, &needs, &Profile::of(&q, &s));
    assert_eq!(result.team.uncovered, vec!["TRAVEL-DOC"]);
}

#[test]
fn no_mission_dates_means_no_availability_filter() {
    let (q, r, mut s) = setup();
    s.mission.start = None;
    s.mission.end = None;
    s.mission.bodies.clear();
    s.state.code = None;
    let needs = classify(&q, &s, &score(&q, &s));
    let result = match_roster(&r, &q, &needs, &Profile::of(&q, &s));
    assert!(result.excluded.is_empty());
    assert_eq!(result.candidates.len(), 8);
}
