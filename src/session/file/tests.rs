//! The session file: exact round trips of format 2, the upgrade of format 1
//! with nothing lost, and every new field's problems located.

use super::*;
use crate::session::Status;

const V1: &str = include_str!("../../../tests/fixtures/sessions/v1-every-answer.yaml");

fn now() -> Timestamp {
    "2026-11-24T09:30:00Z".parse().unwrap()
}

/// A session using every field of format 2.
#[allow(clippy::too_many_lines)] // one literal holding every field
fn full() -> Session {
    let date = |s: &str| -> Date { s.parse().unwrap() };
    let mut session = Session::new(
        StateInfo {
            name: "Republic of Examplia".into(),
            code: Some("NO".into()),
            languages: vec!["fr".into(), "ar".into(), "en".into()],
        },
        Mission {
            title: Some("Needs assessment".into()),
            purpose: "Assess the needs behind the request.\nSecond line.".into(),
            start: Some(date("2026-11-23")),
            end: Some(date("2026-11-27")),
            assessors: vec!["A. Assessor".into()],
            target: Some(2),
            targets: [("A5".to_string(), 3), ("A5.1".to_string(), 2)].into(),
            bodies: vec!["Directorate of Civil Status".into()],
            suppliers: vec!["Veridex ID Systems".into()],
            programmes: vec![Programme {
                id: "P1".into(),
                name: "NIDES national identity programme".into(),
                lead: Some("Regional development bank".into()),
                workstreams: vec!["WS.ISSUANCE".into()],
                indicators: vec!["A4.2".into()],
                until: Some(date("2028-12-31")),
                note: "legal and data-protection component".into(),
            }],
            funds: vec![
                Fund {
                    id: "F1".into(),
                    source: "State budget".into(),
                    amount: Some(160_000.0),
                    currency: Some("USD".into()),
                    status: FundStatus::Committed,
                    workstreams: vec!["WS.ENFORCE".into()],
                    note: "training and logistics only".into(),
                },
                Fund {
                    id: "F2".into(),
                    source: "A bilateral donor".into(),
                    amount: None,
                    currency: None,
                    status: FundStatus::Pledged,
                    workstreams: Vec::new(),
                    note: String::new(),
                },
            ],
            delivery_windows: vec![DeliveryWindow {
                from: date("2027-04-15"),
                to: date("2027-09-15"),
                workstreams: vec!["WS.LAW".into()],
                note: "before the bill goes to cabinet".into(),
            }],
            validation: Validation::Shared,
            limitations: "The refugee commission could not be met.".into(),
            findings: Findings {
                overall: "Strong law, weak issuance.".into(),
                areas: [("A5".to_string(), "412 fraudulent applications.".to_string())].into(),
            },
        },
        QuestionnaireRef {
            id: "q".into(),
            version: "1".into(),
            hash: "sha256:00".into(),
            path: Some("../forms/custom.yaml".into()),
        },
        now(),
    );
    session.stakeholders = vec![
        Stakeholder {
            function: "Deputy Director".into(),
            person: "Ms L. Harrouche-Demba".into(),
            date: Some(date("2027-02-08")),
            place: "Seyra".into(),
            ..Stakeholder::new("S1", "Ministry of Justice")
        },
        Stakeholder {
            met: false,
            why_not: "meeting cancelled by the Commission".into(),
            ..Stakeholder::new("S9", "National Refugee Commission")
        },
    ];
    let answer = session.answer_mut("A1.1", now());
    answer.status = Some(Status::Answered);
    answer.value = Some(Value::Level(2));
    answer.note = "# not a heading\n- yes\n{{ 7*7 }}\u{202e}".into();
    answer.confidence = Some(Confidence::High);
    answer.sources = vec![
        AnswerSource {
            stakeholder: Some("S1".into()),
            how: SourceHow::Document,
        },
        AnswerSource {
            stakeholder: None,
            how: SourceHow::Desk,
        },
    ];
    let policy = session.answer_mut("A1.5", now());
    policy.status = Some(Status::PolicyChoice);
    policy.reason = "The State chose not to criminalise possession alone.".into();
    let yes_no = session.answer_mut("CX.1", now());
    yes_no.status = Some(Status::Answered);
    yes_no.value = Some(Value::YesNo(false));
    let text = session.answer_mut("CX.2", now());
    text.value = Some(Value::Text("NO".into()));
    text.status = Some(Status::Answered);
    let orphan = session.answer_mut("OLD.9", now());
    orphan.status = Some(Status::Unknown);
    session.position = Some("A1.1".into());
    session.saves = 7;
    session
}

fn messages(source: &str) -> Vec<String> {
    match parse(source) {
        Ok(_) => Vec::new(),
        Err(problems) => problems
            .into_iter()
            .map(|p| format!("{}:{}: {}", p.line, p.column, p.message))
            .collect(),
    }
}

fn assert_problem(source: &str, needle: &str) {
    let found = messages(source);
    assert!(
        found.iter().any(|p| p.contains(needle)),
        "expected {needle:?} in {found:#?}"
    );
}

#[test]
fn format_2_round_trips_exactly() {
    let session = full();
    let text = to_yaml(&session);
    assert!(text.contains("tana-session: 2"), "{text}");
    let back = parse(&text).unwrap();
    assert_eq!(back, session);
    assert!(text.contains("yesno: \"no\""), "{text}");
    assert!(text.contains("status: policy"), "{text}");
    assert!(text.contains("how: document"), "{text}");
    assert_eq!(to_yaml(&back), text, "writing is stable");
}

#[test]
fn a_minimal_session_writes_no_empty_fields() {
    let session = Session::new(
        StateInfo {
            name: "Examplia".into(),
            ..StateInfo::default()
        },
        Mission::default(),
        QuestionnaireRef::default(),
        now(),
    );
    let text = to_yaml(&session);
    for absent in [
        "stakeholders",
        "programmes",
        "funds",
        "targets",
        "findings",
        "languages",
        "purpose",
    ] {
        assert!(!text.contains(absent), "{absent} in {text}");
    }
    assert!(text.contains("validation: draft"), "{text}");
    assert_eq!(parse(&text).unwrap(), session);
}

#[test]
fn format_1_is_upgraded_with_nothing_lost() {
    let v1 = parse(V1).unwrap();
    assert_eq!(v1.state.code.as_deref(), Some("NO"));
    assert!(v1.state.languages.is_empty());
    assert_eq!(
        v1.mission.target,
        Some(2),
        "a target level other than 3 becomes the mission target"
    );
    assert_eq!(v1.mission.bodies, vec!["Veridex ID Systems"]);
    assert_eq!(v1.mission.assessors.len(), 2);
    assert_eq!(
        v1.questionnaire.path.as_deref(),
        Some("/no/such/folder/small.yaml"),
        "an absolute path is kept as it is"
    );
    assert_eq!((v1.saves, v1.position.as_deref()), (12, Some("A1.2")));
    let values: Vec<(&str, Option<&Value>)> = v1
        .answers
        .iter()
        .map(|(id, a)| (id.as_str(), a.value.as_ref()))
        .collect();
    assert_eq!(
        values.len(),
        11,
        "every entry, the orphan and the note-only one included"
    );
    let answer = |id: &str| v1.answer(id).unwrap();
    assert_eq!(answer("A1.1").value, Some(Value::Level(2)));
    assert!(answer("A1.1").note.contains("# not a heading"));
    assert_eq!(answer("A1.2").value, Some(Value::Choice("fine".into())));
    assert_eq!(answer("A1.2").confidence, Some(Confidence::Low));
    assert_eq!(
        answer("CX.languages").value,
        Some(Value::Choices(vec!["fr".into(), "en".into()]))
    );
    assert_eq!(answer("CX.untoc").value, Some(Value::YesNo(false)));
    assert_eq!(
        answer("CX.population").value,
        Some(Value::Number(5_500_000.0))
    );
    assert_eq!(answer("CX.text").value, Some(Value::Text("NO".into())));
    assert_eq!(
        answer("CX.date").value,
        Some(Value::Date("2026-09-14".parse().unwrap()))
    );
    assert_eq!(answer("CX.unknown").status, Some(Status::Unknown));
    assert_eq!(answer("CX.na").status, Some(Status::NotApplicable));
    assert_eq!(answer("CX.noteonly").status, None);
    assert_eq!(answer("CX.noteonly").note, "Only a note so far.");
    assert_eq!(answer("OLD.1").confidence, Some(Confidence::Low));

    // Written as format 2 and read back: the same session.
    let v2 = to_yaml(&v1);
    assert!(
        v2.contains("tana-session: 2") && !v2.contains("target_level"),
        "{v2}"
    );
    assert!(v2.contains("target: 2"), "{v2}");
    assert_eq!(parse(&v2).unwrap(), v1);
}

#[test]
fn format_1_target_3_means_no_override() {
    let v1 = parse(&V1.replace("target_level: 2", "target_level: 3")).unwrap();
    assert_eq!(v1.mission.target, None);
    assert!(!to_yaml(&v1).contains("target:"));
    assert_problem(
        &V1.replace("target_level: 2", "target_level: 7"),
        "the target level 7 is outside the scale 0 to 4",
    );
}

#[test]
fn format_1_files_keep_their_own_fields() {
    assert_problem(
        &V1.replace(
            "  target_level: 2\n",
            "  target_level: 2\n  suppliers: [X]\n",
        ),
        "unknown field `suppliers`",
    );
}

#[test]
fn country_codes_are_strings() {
    let text = to_yaml(&full()).replace("code: \"NO\"", "code: NO");
    assert!(text.contains("code: NO\n"), "{text}");
    assert_eq!(parse(&text).unwrap().state.code.as_deref(), Some("NO"));
}

#[test]
fn newer_format_is_refused_with_a_clear_message() {
    let text = to_yaml(&full()).replace("tana-session: 2", "tana-session: 3\nfuture_field: 1");
    let problems = parse(&text).unwrap_err();
    assert!(problems[0].message.contains("newer tana"), "{problems:?}");
    assert_problem(
        &to_yaml(&full()).replace("tana-session: 2", "tana-session: 0"),
        "is not a session format",
    );
}

#[test]
fn two_values_in_one_answer_is_a_problem() {
    let text = to_yaml(&full()).replace("level: 2", "level: 2\n    choice: x");
    assert_problem(&text, "more than one value");
}

#[test]
fn not_a_session() {
    assert_problem("tana-roster: 1\n", "not a tana session");
}

/// The full session's text with one line replaced (the line must exist).
fn edited(from: &str, to: &str) -> String {
    let text = to_yaml(&full());
    assert!(text.contains(from), "{from:?} not in {text}");
    text.replacen(from, to, 1)
}

#[test]
fn state_fields_are_checked() {
    assert_problem(
        &edited("code: \"NO\"", "code: Norway"),
        "`Norway` is not a country code",
    );
    let found = messages(&edited("  - fr\n", "  - French\n  - ar\n"));
    assert!(
        found
            .iter()
            .any(|p| p.contains("`French` is not a language code")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|p| p.contains("the language `ar` is listed twice")),
        "{found:#?}"
    );
}

#[test]
fn mission_fields_are_checked_and_located_all_at_once() {
    let text = edited("target: 2\n", "target: 9\n")
        .replacen("A5.1: 2", "A5.1: -1", 1)
        .replacen("until: \"2028-12-31\"", "until: 2028-13-31", 1)
        .replacen("amount: 160000.0", "amount: -5", 1)
        .replacen("currency: USD", "currency: dollars", 1)
        .replacen("status: committed", "status: comitted", 1)
        .replacen("to: \"2027-09-15\"", "to: 2027-01-15", 1)
        .replacen("validation: shared", "validation: agred", 1)
        .replacen("date: \"2027-02-08\"", "date: 8 Feb", 1)
        .replacen("how: document", "how: documents", 1);
    let found = messages(&text);
    for needle in [
        "the mission's target 9 is outside the scale",
        "the target of `A5.1` -1 is outside the scale",
        "`2028-13-31` is not a date",
        "the amount -5 of the fund `F1` is not a sum of money",
        "`dollars` is not a currency code",
        "`comitted` is not an accepted `status`; did you mean `committed`?",
        "the delivery window ends (2027-01-15) before it starts (2027-04-15)",
        "`agred` is not an accepted `validation`; did you mean `agreed`?",
        "`8 Feb` is not a date",
        "`documents` is not an accepted `how`; did you mean `document`?",
    ] {
        assert!(
            found.iter().any(|p| p.contains(needle)),
            "{needle:?} in {found:#?}"
        );
    }
    assert_eq!(found.len(), 10, "{found:#?}");
    assert!(
        found.iter().all(|p| !p.starts_with("0:")),
        "every problem is located: {found:#?}"
    );
}

#[test]
fn ids_are_unique_and_well_formed() {
    let text = edited("- id: S9", "- id: S1");
    assert_problem(
        &text,
        "the stakeholder id `S1` is used twice: first at line",
    );
    let text = edited("- id: F2", "- id: F 2");
    assert_problem(&text, "the fund id `F 2` must start with a letter");
    let text = edited("stakeholder: S1", "stakeholder: S 1");
    assert_problem(&text, "`S 1` is not a stakeholder id");
}

#[test]
fn reference_locations_point_at_each_reference() {
    let text = to_yaml(&full());
    let places = reference_locations(&text);
    let line_of = |needle: &str| {
        text.lines()
            .position(|l| l.contains(needle))
            .map(|i| i as u64 + 1)
            .unwrap()
    };
    let find = |place: RefPlace, id: &str| {
        places
            .iter()
            .find(|(p, i, _)| *p == place && i == id)
            .map(|(_, _, at)| at.line)
    };
    assert_eq!(find(RefPlace::Target, "A5.1"), Some(line_of("A5.1: 2")));
    assert_eq!(
        find(RefPlace::ProgrammeWorkstream("P1".into()), "WS.ISSUANCE"),
        Some(line_of("- WS.ISSUANCE"))
    );
    assert_eq!(
        find(RefPlace::FundWorkstream("F1".into()), "WS.ENFORCE"),
        Some(line_of("- WS.ENFORCE"))
    );
    assert_eq!(
        find(RefPlace::WindowWorkstream(0), "WS.LAW"),
        Some(line_of("- WS.LAW"))
    );
    assert_eq!(
        find(RefPlace::AnswerSource("A1.1".into()), "S1"),
        Some(line_of("stakeholder: S1"))
    );
    assert!(find(RefPlace::FindingArea, "A5").is_some());
}

#[test]
fn the_format_reference_example_parses() {
    let doc = include_str!("../../../docs/session-format.md");
    let example = doc
        .split("## Example")
        .nth(1)
        .and_then(|rest| rest.split("```yaml\n").nth(1))
        .and_then(|block| block.split("```").next())
        .expect("the docs hold an example");
    let session = parse(example).unwrap();
    assert_eq!(session.state.languages, ["fr", "ar", "en"]);
    assert_eq!(session.stakeholders.len(), 2);
    assert_eq!(session.answer("A3.2").unwrap().sources.len(), 1);
}
