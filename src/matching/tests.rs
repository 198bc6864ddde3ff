//! Golden tests of matching: availability by overlap with a delivery window
//! and a number of days, the first working language and the interpreter,
//! nationals for assessment and for delivery, suppliers' staff and sector
//! interests flagged, the legal tradition each need calls for, roles that
//! fit the purpose, affiliations filtered, warnings for missing inputs, a
//! score that explains itself and a team that covers the priority needs.
// Weights here are exact sums of small binary fractions.
#![allow(clippy::float_cmp)]

use super::*;
use crate::needs::classify;
use crate::scoring::score;
use crate::session::{DeliveryWindow, Mission, Programme, QuestionnaireRef, StateInfo};

const QUESTIONNAIRE: &str = "tana-questionnaire: 1
id: t
version: \"1\"
title: T
sizing:
  currency: USD
  advisory: {days: 10-25, cost: 1000-2000}
  capacity: {days: 20-60, cost: 1000-2000}
  systems: {days: 30-90, cost: 1000-2000}
workstreams:
  - {id: WS.LAW, title: Law}
  - {id: WS.ID, title: Identity}
  - {id: WS.FIN, title: Finance}
profile:
  languages: CX.languages
  criminal_tradition: CX.tradition
  civil_status_tradition: CX.civil
  region: CX.region
sections:
  - id: CX
    kind: context
    title: Context
    questions:
      - {id: CX.languages, kind: multi, text: Languages?, choices: [{id: fr, label: French}, {id: ar, label: Arabic}, {id: en, label: English}]}
      - {id: CX.tradition, kind: single, text: Tradition?, choices: [{id: common, label: Common}, {id: civil, label: Civil}, {id: mixed, label: Mixed}]}
      - {id: CX.civil, kind: single, text: Civil status?, choices: [{id: civil, label: Civil}, {id: common, label: Common}, {id: customary, label: Customary}, {id: religious, label: Religious}, {id: mixed, label: Mixed}]}
      - {id: CX.region, kind: single, text: Region?, choices: [{id: africa, label: Africa}, {id: asia-pacific, label: Asia}]}
  - id: A
    title: Area
    questions:
      - {id: A.1, kind: maturity, text: Law?, workstream: WS.LAW, tags: [LEG-DRAFT], importance: high, levels: {0: a, 1: b, 2: c, 3: d, 4: e}, needs: [{levels: 0-4, extent: advisory}]}
      - {id: A.2, kind: maturity, text: Passports?, workstream: WS.ID, tags: [TRAVEL-DOC], levels: {0: a, 1: b, 2: c, 3: d, 4: e}, needs: [{levels: 0-4, extent: systems}]}
      - {id: A.3, kind: maturity, text: Registers?, workstream: WS.ID, tags: [ID-CRVS], levels: {0: a, 1: b, 2: c, 3: d, 4: e}, needs: [{levels: 0-4, extent: capacity}]}
      - {id: A.4, kind: maturity, text: Fine already?, tags: [STATS], levels: {0: a, 1: b, 2: c, 3: d, 4: e}}
      - {id: A.5, kind: maturity, text: Banks?, workstream: WS.FIN, tags: [FIN-KYC-VA], levels: {0: a, 1: b, 2: c, 3: d, 4: e}, needs: [{levels: 0-4, extent: advisory}]}
";

const TAGS: &str = "tana-roster: 1
title: Golden roster
tags:
  LEG-DRAFT: Legislative drafting
  TRAVEL-DOC: Travel documents
  ID-CRVS: Civil registration
  STATS: Statistics
  FIN-KYC-VA: Customer due diligence
experts:
";

/// One expert as a YAML flow mapping: sensible defaults (French-speaking,
/// civil law, African experience, role both, free all of 2027), each
/// replaced by an override of the same field.
fn expert(id: &str, overrides: &[(&str, &str)]) -> String {
    let mut fields: Vec<(&str, String)> = vec![
        ("id", id.to_string()),
        ("name", format!("Expert {id}")),
        ("sector", "public".into()),
        ("organisation", format!("Office {id}")),
        ("nationality", "BE".into()),
        ("residence", "BE".into()),
        ("regions", "[africa]".into()),
        ("languages", "{fr: native}".into()),
        ("legal_traditions", "[civil]".into()),
        ("expertise", "[LEG-DRAFT]".into()),
        ("role", "both".into()),
        (
            "availability",
            "[{from: 2027-01-01, to: 2027-12-31}]".into(),
        ),
    ];
    for (key, value) in overrides {
        match fields.iter_mut().find(|(k, _)| k == key) {
            Some(field) => field.1 = (*value).to_string(),
            None => fields.push((key, (*value).to_string())),
        }
    }
    let body: Vec<String> = fields.iter().map(|(k, v)| format!("{k}: {v}")).collect();
    format!("{{{}}}", body.join(", "))
}

fn roster(experts: &[String]) -> Roster {
    let mut source = TAGS.to_string();
    for e in experts {
        source.push_str("  - ");
        source.push_str(e);
        source.push('\n');
    }
    Roster::from_source(&source).unwrap()
}

fn questionnaire() -> Questionnaire {
    Questionnaire::from_source(QUESTIONNAIRE).unwrap()
}

fn d(s: &str) -> jiff::civil::Date {
    s.parse().unwrap()
}

/// Examplia: code XE, languages fr, ar, en; civil-law criminal justice,
/// customary civil status; an assessment week in February 2027, delivery
/// from April to September 2027; a body, a supplier and a programme lead.
fn session(q: &Questionnaire) -> Session {
    let mut s = Session::new(
        StateInfo {
            name: "Examplia".into(),
            code: Some("XE".into()),
            languages: vec!["fr".into(), "ar".into(), "en".into()],
        },
        Mission {
            start: Some(d("2027-02-08")),
            end: Some(d("2027-02-12")),
            bodies: vec!["Directorate of Civil Status".into()],
            suppliers: vec!["Veridex  ID Systems".into()],
            programmes: vec![Programme {
                id: "P1".into(),
                name: "NIDES".into(),
                lead: Some("Regional development bank".into()),
                ..Programme::default()
            }],
            delivery_windows: vec![DeliveryWindow {
                from: d("2027-04-01"),
                to: d("2027-09-30"),
                workstreams: Vec::new(),
                note: String::new(),
            }],
            ..Mission::default()
        },
        QuestionnaireRef::of(q, None),
        jiff::Timestamp::UNIX_EPOCH,
    );
    let mut set = |id: &str, value: Value| {
        let a = s.answer_mut(id, jiff::Timestamp::UNIX_EPOCH);
        a.status = Some(Status::Answered);
        a.value = Some(value);
    };
    set("CX.tradition", Value::Choice("civil".into()));
    set("CX.civil", Value::Choice("customary".into()));
    set("CX.region", Value::Choice("africa".into()));
    set("A.1", Value::Level(0));
    set("A.2", Value::Level(1));
    set("A.3", Value::Level(2));
    set("A.4", Value::Level(4));
    set("A.5", Value::Level(1));
    s
}

fn run(roster: &Roster, session: &Session, options: Options) -> MatchResult {
    let q = questionnaire();
    let needs = classify(&q, session, &score(&q, session));
    let profile = Profile::of(&q, session);
    match_assessment(roster, &needs, &profile, &options)
}

fn delivery() -> Options {
    Options::default()
}

fn assessment() -> Options {
    Options {
        purpose: Purpose::Assessment,
        ..Options::default()
    }
}

fn team(roster: &Roster, result: &MatchResult) -> Vec<String> {
    result
        .team
        .members
        .iter()
        .map(|&m| roster.experts[result.candidates[m].expert].id.clone())
        .collect()
}

fn ranked(roster: &Roster, result: &MatchResult) -> Vec<String> {
    result
        .candidates
        .iter()
        .map(|c| roster.experts[c.expert].id.clone())
        .collect()
}

fn candidate<'a>(roster: &Roster, result: &'a MatchResult, id: &str) -> &'a Candidate {
    result
        .candidates
        .iter()
        .find(|c| roster.experts[c.expert].id == id)
        .unwrap_or_else(|| panic!("{id} is not a candidate"))
}

fn reasons<'a>(roster: &Roster, result: &'a MatchResult, id: &str) -> &'a [Exclusion] {
    &result
        .excluded
        .iter()
        .find(|e| roster.experts[e.expert].id == id)
        .unwrap_or_else(|| panic!("{id} is not excluded"))
        .reasons
}

#[test]
fn the_profile_comes_from_the_session_and_the_answers() {
    let q = questionnaire();
    let p = Profile::of(&q, &session(&q));
    assert_eq!(p.languages, vec!["fr", "ar", "en"], "the session's order");
    assert_eq!(p.criminal_tradition, Some(LegalTradition::Civil));
    assert_eq!(
        p.tradition(TraditionKind::CivilStatus),
        Some(LegalTradition::Mixed),
        "customary civil status asks for experts of mixed systems"
    );
    assert_eq!(p.region, Some(Region::Africa));
    assert_eq!(p.state_code.as_deref(), Some("XE"));
    assert_eq!(p.days_by_extent, [Some(10), Some(20), Some(30), None]);
    assert_eq!(
        p.involved[2],
        Involved {
            organisation: "Regional development bank".into(),
            involvement: Involvement::ProgrammeLead {
                programme: "P1".into(),
                name: "NIDES".into()
            }
        }
    );
}

#[test]
fn delivery_availability_is_an_overlap_of_enough_days_not_the_whole_window() {
    let q = questionnaire();
    let mut s = session(&q);
    // Only the law need: advisory, 10 indicative days.
    for id in ["A.2", "A.3", "A.5"] {
        s.answer_mut(id, jiff::Timestamp::UNIX_EPOCH).value = Some(Value::Level(4));
    }
    let r = roster(&[
        // 16 days inside the window: enough for 10, though not the whole window.
        expert(
            "E-LATE",
            &[("availability", "[{from: 2027-09-15, to: 2027-12-31}]")],
        ),
        // Two short stretches adding up to 10 days.
        expert(
            "E-SPLIT",
            &[(
                "availability",
                "[{from: 2027-03-25, to: 2027-04-05}, {from: 2027-09-25, to: 2027-10-31}]",
            )],
        ),
        // 6 days: too few.
        expert(
            "E-SHORT",
            &[("availability", "[{from: 2027-09-25, to: 2027-12-31}]")],
        ),
        // Free for the assessment week only.
        expert(
            "E-FEB",
            &[("availability", "[{from: 2027-02-01, to: 2027-02-28}]")],
        ),
    ]);
    let result = run(&r, &s, delivery());
    assert_eq!(ranked(&r, &result), vec!["E-LATE", "E-SPLIT"]);
    assert_eq!(
        result.requirements,
        vec![Requirement {
            windows: vec![Window::new(d("2027-04-01"), d("2027-09-30")).unwrap()],
            basis: WindowBasis::Delivery,
            days: 10,
            days_basis: DaysBasis::Sizing {
                extent: crate::questionnaire::Extent::Advisory
            },
            workstreams: vec![Some("WS.LAW".into())],
        }]
    );
    let Exclusion::Unavailable { misses } = &reasons(&r, &result, "E-SHORT")[0] else {
        panic!("E-SHORT should be unavailable")
    };
    assert_eq!((misses[0].free, misses[0].needed), (6, 10));
    assert_eq!(
        crate::words::exclusion(&reasons(&r, &result, "E-SHORT")[0]),
        "not available long enough: free 6 of the 10 days needed in the delivery window 2027-04-01 to 2027-09-30 (WS.LAW)"
    );
    assert!(matches!(
        reasons(&r, &result, "E-FEB")[0],
        Exclusion::Unavailable { .. }
    ));
    assert!(
        !result
            .warnings
            .iter()
            .any(|w| matches!(w, Warning::NoDeliveryWindow { .. })),
        "{:?}",
        result.warnings
    );

    // Asking for more days than E-LATE has left.
    let longer = run(
        &r,
        &s,
        Options {
            days: Some(20),
            ..delivery()
        },
    );
    assert!(ranked(&r, &longer).is_empty());
    assert_eq!(longer.requirements[0].days_basis, DaysBasis::Given);

    // The assessment asks for the whole mission.
    let assessing = run(&r, &s, assessment());
    assert_eq!(ranked(&r, &assessing), vec!["E-FEB"]);
    assert_eq!(
        crate::words::exclusion(&reasons(&r, &assessing, "E-LATE")[0]),
        "not available for the whole mission, 2027-02-08 to 2027-02-12"
    );
}

#[test]
fn a_window_for_one_workstream_judges_only_its_needs() {
    let q = questionnaire();
    let mut s = session(&q);
    s.mission.delivery_windows[0].workstreams = vec!["WS.LAW".into()];
    s.mission.delivery_windows.push(DeliveryWindow {
        from: d("2027-10-01"),
        to: d("2027-12-31"),
        workstreams: vec!["WS.ID".into()],
        note: String::new(),
    });
    let r = roster(&[
        // Free in the law window only, but holds identity expertise too.
        expert(
            "E-SPRING",
            &[
                ("expertise", "[LEG-DRAFT, ID-CRVS]"),
                ("availability", "[{from: 2027-04-01, to: 2027-06-30}]"),
            ],
        ),
        // Identity expertise only, free in the law window: no use.
        expert(
            "E-ID",
            &[
                ("expertise", "[ID-CRVS]"),
                ("availability", "[{from: 2027-04-01, to: 2027-06-30}]"),
            ],
        ),
    ]);
    let result = run(&r, &s, delivery());
    let spring = candidate(&r, &result, "E-SPRING");
    assert_eq!(spring.covered_tags(&r), vec!["LEG-DRAFT"]);
    assert_eq!(spring.short.len(), 1, "short of time for WS.ID");
    assert!(
        crate::words::candidate_why(spring, &r, &result_profile(&s)).contains(
            "free 0 of the 20 days needed in the delivery window 2027-10-01 to 2027-12-31 (WS.ID)"
        )
    );
    assert!(matches!(
        reasons(&r, &result, "E-ID")[0],
        Exclusion::Unavailable { .. }
    ));
    assert_eq!(
        result.warnings,
        vec![Warning::NoWindowFor {
            workstreams: vec![Some("WS.FIN".into())],
            fallback: Window::new(d("2027-02-08"), d("2027-02-12")),
        }],
        "A.5 (WS.FIN) falls back on the mission's dates, and says so"
    );
}

fn result_profile(s: &Session) -> Profile {
    Profile::of(&questionnaire(), s)
}

#[test]
fn without_delivery_windows_the_mission_dates_are_used_and_said() {
    let q = questionnaire();
    let mut s = session(&q);
    s.mission.delivery_windows.clear();
    let r = roster(&[expert(
        "E-FEB",
        &[("availability", "[{from: 2027-02-10, to: 2027-02-28}]")],
    )]);
    let result = run(&r, &s, delivery());
    let week = Window::new(d("2027-02-08"), d("2027-02-12"));
    assert_eq!(
        result.warnings,
        vec![Warning::NoDeliveryWindow { fallback: week }]
    );
    assert!(
        result
            .requirements
            .iter()
            .all(|r| r.basis == WindowBasis::MissionDates)
    );
    // Three of the five days: the window is shorter than the 10 asked, so all of it is needed.
    let Exclusion::Unavailable { misses } = &reasons(&r, &result, "E-FEB")[0] else {
        panic!()
    };
    assert_eq!((misses[0].free, misses[0].needed), (3, 5));
}

#[test]
fn missing_inputs_are_warned_about() {
    let q = questionnaire();
    let mut s = session(&q);
    s.state.code = None;
    s.state.languages.clear();
    s.mission = Mission::default();
    let r = roster(&[expert("E-1", &[])]);
    let result = run(&r, &s, delivery());
    assert_eq!(
        result.warnings,
        vec![
            Warning::NoStateCode {
                purpose: Purpose::Delivery
            },
            Warning::NoBodies,
            Warning::NoSuppliers,
            Warning::NoLanguages,
            Warning::NoDeliveryWindow { fallback: None },
        ]
    );
    assert!(result.requirements.is_empty(), "availability not checked");
    assert_eq!(ranked(&r, &result), vec!["E-1"]);
    let assessing = run(&r, &s, assessment());
    assert!(assessing.warnings.contains(&Warning::NoMissionDates));
    assert!(assessing.warnings.contains(&Warning::NoStateCode {
        purpose: Purpose::Assessment
    }));
    for w in &result.warnings {
        assert!(crate::words::warning(w).ends_with('.'), "{w:?}");
    }
    // The same warnings without matching (the interview's summary).
    let q = questionnaire();
    let needs = classify(&q, &s, &score(&q, &s));
    let all: Vec<&Need> = needs.needs.iter().collect();
    assert_eq!(
        warnings(&Profile::of(&q, &s), &all, &delivery()),
        result.warnings
    );
}

#[test]
fn the_first_language_is_required_of_the_team_or_an_interpreter_is_needed() {
    let q = questionnaire();
    let s = session(&q);
    let r = roster(&[
        // Covers the law need and passports, in English only.
        expert(
            "E-EN",
            &[
                ("languages", "{en: native}"),
                ("expertise", "[LEG-DRAFT, TRAVEL-DOC, ID-CRVS, FIN-KYC-VA]"),
            ],
        ),
        // French, and passports only.
        expert("E-FR", &[("expertise", "[TRAVEL-DOC]")]),
    ]);
    let result = run(&r, &s, delivery());
    assert_eq!(team(&r, &result), vec!["E-EN", "E-FR"]);
    assert_eq!(
        result.team.picks,
        vec![
            Pick::Coverage,
            Pick::FirstLanguage {
                language: "fr".into()
            }
        ]
    );
    assert!(result.team.interpreter.is_none());
    let en = candidate(&r, &result, "E-EN");
    assert!(
        crate::words::candidate_why(en, &r, &result_profile(&s))
            .contains("works in en, not in fr, the first working language")
    );

    // Nobody available works in French: an interpreter is needed.
    let english_only = roster(&[expert("E-EN", &[("languages", "{en: native, ar: basic}")])]);
    let result = run(&english_only, &s, delivery());
    assert_eq!(team(&english_only, &result), vec!["E-EN"]);
    assert_eq!(
        result.team.interpreter,
        Some(Interpreter {
            language: "fr".into()
        })
    );
}

#[test]
fn languages_are_weighted_by_their_order() {
    let q = questionnaire();
    let s = session(&q);
    let r = roster(&[
        expert("E-EN", &[("languages", "{en: native, ar: fluent}")]),
        expert("E-FR", &[("languages", "{fr: working}")]),
    ]);
    let result = run(&r, &s, delivery());
    // fr 4/7, ar 2/7, en 1/7 of 25 points.
    let fr = candidate(&r, &result, "E-FR").parts.languages;
    let en = candidate(&r, &result, "E-EN").parts.languages;
    assert!((fr - 25.0 * 4.0 / 7.0).abs() < 1e-9, "{fr}");
    assert!((en - 25.0 * 3.0 / 7.0).abs() < 1e-9, "{en}");
    assert_eq!(ranked(&r, &result), vec!["E-FR", "E-EN"]);
}

#[test]
fn nationals_are_filtered_for_an_assessment_and_flagged_for_delivery() {
    let q = questionnaire();
    let s = session(&q);
    let r = roster(&[expert(
        "E-NAT",
        &[
            ("nationality", "[FR, XE]"),
            ("availability", "[{from: 2027-01-01, to: 2027-12-31}]"),
        ],
    )]);
    let assessing = run(&r, &s, assessment());
    assert_eq!(
        reasons(&r, &assessing, "E-NAT"),
        &[Exclusion::National {
            state_code: "XE".into()
        }]
    );
    let delivering = run(&r, &s, delivery());
    let national = candidate(&r, &delivering, "E-NAT");
    assert_eq!(
        national.flags,
        vec![ConflictFlag::National {
            state_code: "XE".into()
        }]
    );
    assert_eq!(team(&r, &delivering), vec!["E-NAT"], "kept and proposed");
}

#[test]
fn a_suppliers_employee_is_flagged_on_every_systems_need_they_would_cover() {
    let q = questionnaire();
    let s = session(&q);
    let r = roster(&[
        // Employed by a supplier not named for the mission: kept, flagged on
        // the passport systems need (A.2), not on the registers training (A.3).
        expert(
            "E-SUP",
            &[
                ("organisation", "Halcyon Biometrics"),
                ("employer_kind", "supplier"),
                ("expertise", "[TRAVEL-DOC, ID-CRVS]"),
            ],
        ),
        // A declared supplier affiliation counts too.
        expert(
            "E-AFF",
            &[
                ("expertise", "[TRAVEL-DOC]"),
                (
                    "affiliations",
                    "[{organisation: Securaprint, kind: supplier, country: FR}]",
                ),
            ],
        ),
        // The State's own supplier: filtered out.
        expert(
            "E-VDX",
            &[
                ("organisation", "Veridex ID Systems"),
                ("employer_kind", "supplier"),
                ("expertise", "[TRAVEL-DOC]"),
            ],
        ),
        // Same passport expertise, no conflict, listed last.
        expert("E-FREE", &[("expertise", "[TRAVEL-DOC]")]),
    ]);
    let result = run(&r, &s, delivery());
    assert_eq!(
        candidate(&r, &result, "E-SUP").flags,
        vec![ConflictFlag::SupplierStaff {
            organisation: "Halcyon Biometrics".into(),
            needs: vec!["A.2".into()]
        }]
    );
    assert_eq!(
        candidate(&r, &result, "E-AFF").flags,
        vec![ConflictFlag::SupplierStaff {
            organisation: "Securaprint".into(),
            needs: vec!["A.2".into()]
        }]
    );
    assert_eq!(
        reasons(&r, &result, "E-VDX"),
        &[Exclusion::Involved {
            organisation: "Veridex ID Systems".into(),
            involvement: Involvement::Supplier,
            employer: true
        }]
    );
    let members = team(&r, &result);
    assert!(
        members.contains(&"E-FREE".to_string()) && !members.contains(&"E-AFF".to_string()),
        "the unconflicted expert is preferred for the systems need: {members:?}"
    );
}

#[test]
fn a_bank_employee_is_flagged_on_regulating_banks() {
    let q = questionnaire();
    let s = session(&q);
    let r = roster(&[expert(
        "E-BANK",
        &[
            ("sector", "private"),
            ("organisation", "Selat Digital Bank"),
            ("employer_kind", "regulated-entity"),
            ("sector_interest", "[banking]"),
            ("expertise", "[FIN-KYC-VA, LEG-DRAFT]"),
        ],
    )]);
    let result = run(&r, &s, delivery());
    assert_eq!(
        candidate(&r, &result, "E-BANK").flags,
        vec![ConflictFlag::SectorInterest {
            sector: crate::roster::SectorInterest::Banking,
            needs: vec!["A.5".into()]
        }],
        "flagged on the banking regulation need only, not on the penal code"
    );
}

#[test]
fn a_common_law_expert_is_not_preferred_for_civil_law_criminal_procedure() {
    let q = questionnaire();
    let s = session(&q);
    let r = roster(&[
        expert("E-COMMON", &[("legal_traditions", "[common]")]),
        expert("E-CIVIL", &[("legal_traditions", "[civil]")]),
    ]);
    let result = run(&r, &s, delivery());
    assert_eq!(ranked(&r, &result), vec!["E-CIVIL", "E-COMMON"]);
    assert_eq!(team(&r, &result), vec!["E-CIVIL"]);
    let profile = result_profile(&s);
    assert!(
        crate::words::candidate_why(candidate(&r, &result, "E-COMMON"), &r, &profile)
            .contains("not civil law, the State's tradition of criminal law"),
    );
    assert!(
        crate::words::candidate_why(candidate(&r, &result, "E-CIVIL"), &r, &profile)
            .contains("civil law (criminal law)")
    );
}

#[test]
fn civil_status_work_follows_the_civil_status_tradition() {
    let q = questionnaire();
    let s = session(&q);
    let r = roster(&[
        expert(
            "E-CIVIL",
            &[("expertise", "[ID-CRVS]"), ("legal_traditions", "[civil]")],
        ),
        expert(
            "E-MIXED",
            &[("expertise", "[ID-CRVS]"), ("legal_traditions", "[mixed]")],
        ),
    ]);
    let result = run(&r, &s, delivery());
    assert_eq!(
        ranked(&r, &result),
        vec!["E-MIXED", "E-CIVIL"],
        "customary civil status: the expert of mixed systems first"
    );
    assert_eq!(
        candidate(&r, &result, "E-CIVIL")
            .traditions()
            .copied()
            .collect::<Vec<_>>(),
        vec![TraditionFit {
            kind: TraditionKind::CivilStatus,
            state: LegalTradition::Mixed,
            fits: false
        }]
    );
}

#[test]
fn roles_fit_the_purpose() {
    let q = questionnaire();
    let s = session(&q);
    let r = roster(&[
        expert(
            "E-ASSESS",
            &[
                ("role", "assessment"),
                ("expertise", "[LEG-DRAFT, TRAVEL-DOC, ID-CRVS, FIN-KYC-VA]"),
            ],
        ),
        expert(
            "E-DELIVER",
            &[
                ("role", "delivery"),
                ("expertise", "[LEG-DRAFT, TRAVEL-DOC, ID-CRVS, FIN-KYC-VA]"),
                ("availability", "[{from: 2027-02-01, to: 2027-12-31}]"),
            ],
        ),
    ]);
    let delivering = run(&r, &s, delivery());
    assert_eq!(team(&r, &delivering), vec!["E-DELIVER"]);
    assert_eq!(
        reasons(&r, &delivering, "E-ASSESS"),
        &[Exclusion::Role {
            role: Role::Assessment,
            purpose: Purpose::Delivery
        }]
    );
    let assessing = run(&r, &s, assessment());
    assert_eq!(team(&r, &assessing), vec!["E-ASSESS"]);
    assert!(matches!(
        reasons(&r, &assessing, "E-DELIVER")[0],
        Exclusion::Role {
            role: Role::Delivery,
            purpose: Purpose::Assessment
        }
    ));
}

#[test]
fn affiliations_with_bodies_and_programme_leads_and_the_states_government_are_filtered() {
    let q = questionnaire();
    let s = session(&q);
    let r = roster(&[
        expert(
            "E-BODY",
            &[(
                "affiliations",
                "[{organisation: directorate of civil status, kind: other}]",
            )],
        ),
        expert("E-BANK", &[("organisation", "Regional Development Bank")]),
        expert(
            "E-GOV",
            &[(
                "affiliations",
                "[{organisation: Ministry of Interior, kind: government, country: XE}]",
            )],
        ),
    ]);
    for options in [delivery(), assessment()] {
        let result = run(&r, &s, options);
        assert!(result.candidates.is_empty());
        assert!(matches!(
            &reasons(&r, &result, "E-BODY")[0],
            Exclusion::Involved {
                involvement: Involvement::Body,
                employer: false,
                ..
            }
        ));
        assert!(matches!(
            &reasons(&r, &result, "E-BANK")[0],
            Exclusion::Involved {
                involvement: Involvement::ProgrammeLead { .. },
                employer: true,
                ..
            }
        ));
        assert_eq!(
            reasons(&r, &result, "E-GOV"),
            &[Exclusion::StateGovernment {
                organisation: "Ministry of Interior".into()
            }]
        );
    }
}

#[test]
fn scores_add_up_and_explain_themselves() {
    let q = questionnaire();
    let s = session(&q);
    let r = roster(&[expert(
        "E-LAW",
        &[("languages", "{ar: native, fr: fluent}")],
    )]);
    let result = run(&r, &s, delivery());
    let law = &result.candidates[0];
    // Needs: A.1 4.5 (LEG-DRAFT), A.2 2, A.5 2, A.3 1: expertise 4.5/9.5 × 55;
    // languages (4+2)/7 × 25; tradition 4.5/5.5 × 10 (A.1 and A.3 call for
    // one; civil fits A.1); Africa 10.
    let expected = ScoreParts {
        expertise: 55.0 * 4.5 / 9.5,
        languages: 25.0 * 6.0 / 7.0,
        tradition: 10.0 * 4.5 / 5.5,
        region: 10.0,
    };
    for (got, want) in [
        (law.parts.expertise, expected.expertise),
        (law.parts.languages, expected.languages),
        (law.parts.tradition, expected.tradition),
        (law.parts.region, expected.region),
    ] {
        assert!((got - want).abs() < 1e-9, "{:?}", law.parts);
    }
    assert!(
        (law.score - (expected.expertise + expected.languages + expected.tradition + 10.0)).abs()
            < 1e-9
    );
    assert_eq!(
        crate::words::candidate_why(law, &r, &result_profile(&s)),
        "covers LEG-DRAFT; works in fr, ar; experience in africa; civil law (criminal law); role: both"
    );
    let needed: Vec<&str> = result.needed.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        needed,
        vec!["LEG-DRAFT", "FIN-KYC-VA", "TRAVEL-DOC", "ID-CRVS"]
    );
    assert_eq!(result.needed[0].1, 4.5);
}

#[test]
fn the_team_covers_every_priority_need_with_few_experts() {
    let q = questionnaire();
    let s = session(&q);
    let r = roster(&[
        expert(
            "E-LAW",
            &[("gender", "male"), ("expertise", "[LEG-DRAFT, FIN-KYC-VA]")],
        ),
        expert(
            "E-DOC",
            &[
                ("gender", "female"),
                ("expertise", "[TRAVEL-DOC, ID-CRVS]"),
                ("legal_traditions", "[mixed]"),
                ("regions", "[asia-pacific, africa]"),
            ],
        ),
        expert("E-ONE", &[("expertise", "[TRAVEL-DOC]")]),
    ]);
    let result = run(&r, &s, delivery());
    assert_eq!(team(&r, &result), vec!["E-LAW", "E-DOC"]);
    assert!(result.team.uncovered.is_empty());
    let languages: Vec<(&str, usize)> = result
        .team
        .languages
        .iter()
        .map(|(l, m)| (l.as_str(), m.len()))
        .collect();
    assert_eq!(languages, vec![("fr", 2), ("ar", 0), ("en", 0)]);
    assert_eq!(result.team.genders.get("female"), Some(&1));
    // Each member counts in every region they have experience of, not
    // only the first listed.
    assert_eq!(result.team.regions.get("africa"), Some(&2));
    assert_eq!(result.team.regions.get("asia-pacific"), Some(&1));
}

#[test]
fn uncovered_needs_and_tags_the_roster_does_not_know_are_reported() {
    let q = questionnaire();
    let mut s = session(&q);
    s.answer_mut("A.4", jiff::Timestamp::UNIX_EPOCH).value = Some(Value::Level(0));
    let r = roster(&[expert(
        "E-LAW",
        &[("expertise", "[LEG-DRAFT, TRAVEL-DOC, ID-CRVS, FIN-KYC-VA]")],
    )]);
    let result = run(&r, &s, delivery());
    assert_eq!(result.team.uncovered, vec!["STATS"], "nobody holds STATS");
    let small = Roster::from_source(&format!(
        "{}  - {}\n",
        TAGS.replace("  STATS: Statistics\n", ""),
        expert("E-LAW", &[])
    ))
    .unwrap();
    let result = run(&small, &s, delivery());
    assert!(result.team.uncovered.contains(&"STATS".to_string()));
}

#[test]
fn match_needs_takes_a_subset_in_a_given_window() {
    let q = questionnaire();
    let s = session(&q);
    let needs = classify(&q, &s, &score(&q, &s));
    let law: Vec<&Need> = needs
        .needs
        .iter()
        .filter(|n| n.workstream.as_deref() == Some("WS.LAW"))
        .collect();
    let r = roster(&[
        expert(
            "E-JUNE",
            &[
                ("expertise", "[LEG-DRAFT, TRAVEL-DOC]"),
                ("availability", "[{from: 2027-06-01, to: 2027-06-30}]"),
            ],
        ),
        expert(
            "E-MAY",
            &[("availability", "[{from: 2027-05-01, to: 2027-05-31}]")],
        ),
    ]);
    let june = Window::new(d("2027-06-01"), d("2027-06-30"));
    let result = match_needs(&r, &q, &s, &law, june, Purpose::Delivery);
    assert_eq!(result.needs.len(), 1);
    assert_eq!(result.requirements[0].basis, WindowBasis::Given);
    assert_eq!(team(&r, &result), vec!["E-JUNE"]);
    assert_eq!(
        candidate(&r, &result, "E-JUNE").covered_tags(&r),
        vec!["LEG-DRAFT"],
        "only the needs given count"
    );
    assert!(matches!(
        reasons(&r, &result, "E-MAY")[0],
        Exclusion::Unavailable { .. }
    ));
}
