//! Checking a session against its questionnaire (references, policy
//! choices) and the questionnaire path stored relative to the session.

use std::path::Path;

use super::*;

const QUESTIONNAIRE: &str = "tana-questionnaire: 1
id: q
version: \"1\"
title: Q
workstreams:
  - {id: WS.LAW, title: Law}
  - {id: WS.COOP, title: Cooperation}
sections:
  - id: CX
    kind: context
    title: Context
    questions:
      - {id: CX.1, kind: yesno, text: Is it?}
  - id: A1
    title: Area
    workstream: WS.LAW
    questions:
      - id: A1.1
        kind: maturity
        text: T
        policy_choice: The State may choose not to.
        levels: {0: a, 1: b, 2: c, 3: d, 4: e}
      - {id: A1.2, kind: maturity, text: T, levels: {0: a, 1: b, 2: c, 3: d, 4: e}}
";

fn setup() -> (Questionnaire, Session) {
    let q = Questionnaire::from_source(QUESTIONNAIRE).unwrap();
    let s = crate::testing::blank_session(&q);
    (q, s)
}

#[test]
fn references_to_unknown_ids_are_reported_with_hints() {
    let (q, mut s) = setup();
    s.stakeholders.push(Stakeholder::new("S1", "Ministry"));
    s.mission.targets.insert("A1.1".into(), 2);
    s.mission.targets.insert("A1".into(), 2);
    s.mission.targets.insert("A1.9".into(), 2);
    s.mission.targets.insert("CX".into(), 2);
    s.mission.programmes.push(Programme {
        id: "P1".into(),
        name: "A programme".into(),
        workstreams: vec!["WS.LAW".into(), "WS.LAX".into()],
        indicators: vec!["A1.2".into(), "A7.1".into()],
        ..Programme::default()
    });
    s.mission.funds.push(Fund {
        id: "F1".into(),
        source: "Donor".into(),
        amount: None,
        currency: None,
        status: FundStatus::Pledged,
        workstreams: vec!["WS.COP".into()],
        note: String::new(),
    });
    s.mission.delivery_windows.push(DeliveryWindow {
        from: "2027-01-01".parse().unwrap(),
        to: "2027-02-01".parse().unwrap(),
        workstreams: vec!["WS.X".into()],
        note: String::new(),
    });
    s.mission.findings.areas.insert("A2".into(), "text".into());
    let answer = s.answer_mut("A1.2", jiff::Timestamp::UNIX_EPOCH);
    answer.sources = vec![
        AnswerSource {
            stakeholder: Some("S1".into()),
            how: SourceHow::Oral,
        },
        AnswerSource {
            stakeholder: Some("S2".into()),
            how: SourceHow::Document,
        },
    ];
    let check = s.check_against(&q);
    let found: Vec<(&RefPlace, &str, &str)> = check
        .unknown
        .iter()
        .map(|u| (&u.place, u.id.as_str(), u.message.as_str()))
        .collect();
    assert_eq!(found.len(), 8, "{found:#?}");
    let has = |needle: &str| found.iter().any(|(_, _, m)| m.contains(needle));
    assert!(
        has(
            "`mission.targets` names `A1.9`, which is not a scored area or an indicator of the questionnaire; did you mean `A1.1`?"
        ),
        "{found:#?}"
    );
    assert!(
        has("`mission.targets` names `CX`"),
        "a context section has no target: {found:#?}"
    );
    assert!(
        has("the programme `P1`'s `workstreams` names `WS.LAX`"),
        "{found:#?}"
    );
    assert!(
        has("the programme `P1`'s `indicators` names `A7.1`"),
        "{found:#?}"
    );
    assert!(
        has(
            "the fund `F1`'s `workstreams` names `WS.COP`, which is not a workstream of the questionnaire; did you mean `WS.COOP`?"
        ),
        "{found:#?}"
    );
    assert!(
        has("delivery window 1's `workstreams` names `WS.X`"),
        "{found:#?}"
    );
    assert!(has("`mission.findings.areas` names `A2`"), "{found:#?}");
    assert!(
        has(
            "a source of the answer to `A1.2` names `S2`, which is not a stakeholder of the session; did you mean `S1`?"
        ),
        "{found:#?}"
    );
}

#[test]
fn reference_problems_are_located_in_the_file() {
    let (q, mut s) = setup();
    s.mission.targets.insert("A9".into(), 2);
    let text = s.to_yaml();
    let problems = s.check_against(&q).reference_problems(&text);
    assert_eq!(problems.len(), 1);
    let line = text.lines().position(|l| l.contains("A9: 2")).unwrap() as u64 + 1;
    assert_eq!(problems[0].line, line, "{problems:?}");
}

#[test]
fn policy_choices_must_be_offered_and_should_give_a_reason() {
    let (q, mut s) = setup();
    for id in ["A1.1", "A1.2"] {
        s.answer_mut(id, jiff::Timestamp::UNIX_EPOCH).status = Some(Status::PolicyChoice);
    }
    let check = s.check_against(&q);
    assert_eq!(check.policy_without_reason, vec!["A1.1"]);
    assert_eq!(check.misfits.len(), 1);
    assert!(
        check.misfits[0]
            .1
            .contains("offers no deliberate policy choice"),
        "{check:?}"
    );
    s.answer_mut("A1.1", jiff::Timestamp::UNIX_EPOCH).reason = "Chosen by law.".into();
    assert!(s.check_against(&q).policy_without_reason.is_empty());
}

#[test]
fn working_languages_come_from_the_state_or_the_profile_question() {
    let q = Questionnaire::from_source(
        "tana-questionnaire: 1
id: q
version: \"1\"
title: Q
profile: {languages: CX.1}
sections:
  - id: CX
    kind: context
    title: C
    questions:
      - id: CX.1
        kind: multi
        text: Languages?
        choices: [{id: ar, label: Arabic}, {id: en, label: English}, {id: fr, label: French}]
",
    )
    .unwrap();
    let mut s = crate::testing::blank_session(&q);
    crate::testing::record(
        &mut s,
        "CX.1",
        Status::Answered,
        Some(Value::Choices(vec!["fr".into(), "ar".into()])),
    );
    assert_eq!(
        s.working_languages(&q),
        vec!["ar", "fr"],
        "questionnaire order"
    );
    s.state.languages = vec!["fr".into(), "ar".into(), "en".into()];
    assert_eq!(
        s.working_languages(&q),
        vec!["fr", "ar", "en"],
        "the session's order wins"
    );
}

#[test]
fn programmes_are_found_by_workstream_or_indicator() {
    let mission = Mission {
        programmes: vec![
            Programme {
                id: "P1".into(),
                workstreams: vec!["WS.LAW".into()],
                ..Programme::default()
            },
            Programme {
                id: "P2".into(),
                indicators: vec!["A4.2".into()],
                ..Programme::default()
            },
        ],
        ..Mission::default()
    };
    let ids = |w: Option<&str>, i: &str| -> Vec<String> {
        mission.programmes_for(w, i).map(|p| p.id.clone()).collect()
    };
    assert_eq!(ids(Some("WS.LAW"), "A1.1"), vec!["P1"]);
    assert_eq!(ids(Some("WS.ISSUANCE"), "A4.2"), vec!["P2"]);
    assert!(ids(None, "A9.9").is_empty());
}

#[test]
fn questionnaire_paths_are_relative_to_the_session_folder() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("forms")).unwrap();
    std::fs::create_dir_all(root.join("missions/xe")).unwrap();
    let form = root.join("forms/custom.yaml");
    std::fs::write(&form, "x").unwrap();
    let session = root.join("missions/xe/s.yaml");
    assert_eq!(path_for_session(&form, &session), "../../forms/custom.yaml");
    assert_eq!(
        path_for_session(&root.join("missions/xe/q.yaml"), &session),
        "q.yaml"
    );
    let mut reference = QuestionnaireRef::default();
    reference.set_path(&form, &session);
    assert_eq!(
        std::fs::canonicalize(reference.resolve(&session).unwrap()).unwrap(),
        std::fs::canonicalize(&form).unwrap()
    );
    // Saved elsewhere: the relative path follows.
    let elsewhere = root.join("s.yaml");
    reference.rebase(&session, &elsewhere);
    assert_eq!(reference.path.as_deref(), Some("forms/custom.yaml"));
    // An absolute path is used as it is.
    reference.path = Some("/abs/q.yaml".into());
    assert_eq!(
        reference.resolve(Path::new("x/s.yaml")).unwrap(),
        Path::new("/abs/q.yaml")
    );
}
