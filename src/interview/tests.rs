use super::*;

const SOURCE: &str = "tana-questionnaire: 1
id: t
version: \"1\"
title: T
sections:
  - id: CX
    kind: context
    title: Context
    questions:
      - {id: CX.1, kind: yesno, text: Party to UNTOC?}
      - {id: CX.2, kind: multi, text: Languages?, choices: [{id: en, label: English}, {id: fr, label: French}, {id: es, label: Spanish}]}
      - {id: CX.3, kind: number, text: Population?, min: 0, integer: true}
      - {id: CX.4, kind: date, text: Request date?}
  - id: A1
    title: Law
    questions:
      - {id: A1.1, kind: maturity, text: Criminalised?, levels: {0: a, 1: b, 2: c, 3: d, 4: e}}
      - {id: A1.2, kind: maturity, text: Central authority?, when: CX.1 == yes, levels: {0: a, 1: b, 2: c, 3: d, 4: e}}
  - id: A2
    title: Procedure
    questions:
      - {id: A2.1, kind: maturity, text: Preservation?, levels: {0: a, 1: b, 2: c, 3: d, 4: e}}
";

fn interview() -> Interview {
    let q = Questionnaire::from_source(SOURCE).unwrap();
    let s = crate::testing::blank_session(&q);
    Interview::new(q, s)
}

fn id(i: &Interview) -> &str {
    &i.question().id
}

#[test]
fn navigation_moves_in_any_order_and_records_the_position() {
    let mut i = interview();
    assert_eq!(id(&i), "CX.1");
    assert!(i.next_section());
    assert_eq!(id(&i), "A1.1");
    assert_eq!(i.session.position.as_deref(), Some("A1.1"));
    assert!(i.next_section());
    assert_eq!(id(&i), "A2.1");
    assert!(!i.next_section(), "no section after the last");
    assert!(i.previous_question());
    assert_eq!(id(&i), "A1.2");
    assert!(i.previous_section(), "to the start of this section first");
    assert_eq!(id(&i), "A1.1");
    assert!(i.previous_section());
    assert_eq!(id(&i), "CX.1");
    assert!(i.go_to_id("a2.1").unwrap());
    assert!(i.go_to_id("A9.9").unwrap_err().contains("no question"));
}

#[test]
fn skip_logic_applies_live_and_navigation_skips() {
    let mut i = interview();
    assert_eq!(i.progress().applicable, 7);
    i.pick(2).unwrap(); // CX.1 = no
    assert!(!i.is_asked(5), "A1.2 is skipped when not a party");
    assert_eq!(
        i.progress(),
        Progress {
            answered: 1,
            to_confirm: 0,
            applicable: 6,
            asked: 6,
        }
    );
    i.go_to_id("A1.1").unwrap();
    i.next_question();
    assert_eq!(id(&i), "A2.1", "the skipped question is passed over");
    i.go_to_id("CX.1").unwrap();
    i.pick(1).unwrap();
    assert!(i.is_asked(5));
}

#[test]
fn picks_by_kind() {
    let mut i = interview();
    i.go_to_id("CX.2").unwrap();
    i.pick(3).unwrap();
    i.pick(1).unwrap();
    assert_eq!(
        i.value(),
        Some(&Value::Choices(vec!["en".into(), "es".into()])),
        "kept in questionnaire order"
    );
    i.pick(3).unwrap();
    assert_eq!(
        i.value(),
        Some(&Value::Choices(vec!["en".into()])),
        "a second pick toggles off"
    );
    assert!(i.pick(7).is_err());
    i.go_to_id("A1.1").unwrap();
    assert!(i.pick(5).is_err());
    i.pick(0).unwrap();
    assert_eq!(i.value(), Some(&Value::Level(0)));
}

#[test]
fn typed_values_are_parsed_and_checked() {
    let mut i = interview();
    i.go_to_id("CX.3").unwrap();
    assert_eq!(
        i.parse_typed("1,250,000").unwrap(),
        Value::Number(1_250_000.0)
    );
    assert!(i.parse_typed("lots").is_err());
    assert!(i.set_value(Value::Number(-5.0)).is_err(), "below min");
    assert!(
        i.set_value(Value::Number(2.5)).is_err(),
        "not a whole number"
    );
    i.go_to_id("CX.4").unwrap();
    assert!(i.parse_typed("2026-02-30").is_err());
    assert_eq!(
        i.parse_typed(" 2026-02-03 ").unwrap(),
        Value::Date("2026-02-03".parse().unwrap())
    );
}

#[test]
fn unknown_and_not_applicable_toggle_and_count() {
    let mut i = interview();
    i.go_to_id("A1.1").unwrap();
    i.pick(2).unwrap();
    assert!(i.toggle_unknown());
    assert_eq!(i.answer().unwrap().status, Some(Status::Unknown));
    assert_eq!(i.progress().to_confirm, 1);
    assert!(i.toggle_unknown());
    assert_eq!(
        i.answer().unwrap().status,
        Some(Status::Answered),
        "the value is back"
    );
    assert!(i.toggle_not_applicable());
    assert_eq!(i.progress().applicable, 6);
    i.go_to_id("A2.1").unwrap();
    assert!(i.toggle_not_applicable());
    assert!(i.toggle_not_applicable());
    assert!(i.answer().is_none(), "a blank answer is dropped");
}

#[test]
fn notes_and_confidence_change_the_session() {
    let mut i = interview();
    assert!(i.set_note("Ask the MoJ for the 2025 statistics."));
    assert!(
        !i.set_note("Ask the MoJ for the 2025 statistics."),
        "same text: no change"
    );
    assert!(i.cycle_confidence());
    assert_eq!(i.answer().unwrap().confidence, Some(Confidence::Low));
    assert_eq!(
        i.answer().unwrap().status,
        None,
        "a note alone is not an answer"
    );
}

#[test]
fn review_lists_required_then_to_confirm_then_low_confidence() {
    let mut i = interview();
    i.go_to_id("A1.1").unwrap();
    i.pick(3).unwrap();
    i.cycle_confidence(); // low
    i.go_to_id("A2.1").unwrap();
    i.toggle_unknown();
    let review: Vec<(String, ReviewReason)> = i
        .review()
        .into_iter()
        .map(|r| (i.questionnaire.questions[r.question].id.clone(), r.reason))
        .collect();
    assert_eq!(review[0], ("A1.2".into(), ReviewReason::RequiredUnanswered));
    assert_eq!(review[1], ("A2.1".into(), ReviewReason::ToConfirm));
    assert_eq!(review[2], ("A1.1".into(), ReviewReason::LowConfidence));
    assert_eq!(review[3].1, ReviewReason::Unanswered);
}

#[test]
fn search_matches_ids_and_words() {
    let i = interview();
    assert_eq!(i.search("central"), vec![5]);
    assert_eq!(i.search("a2.1"), vec![6]);
    assert!(i.search("nothing here").is_empty());
}

#[test]
fn reopening_returns_to_the_recorded_position() {
    let mut i = interview();
    i.go_to_id("A2.1").unwrap();
    let session = i.session.clone();
    let again = Interview::new(i.questionnaire.clone(), session);
    assert_eq!(id(&again), "A2.1");
}

#[test]
fn answered_and_to_confirm_are_counted_apart() {
    let mut i = interview();
    i.go_to_id("A1.1").unwrap();
    i.pick(2).unwrap();
    i.go_to_id("A2.1").unwrap();
    i.toggle_unknown();
    let p = i.progress();
    assert_eq!((p.answered, p.to_confirm, p.applicable), (1, 1, 7));
    let a1 = i.section_progress(1);
    assert_eq!((a1.answered, a1.to_confirm), (1, 0));
}

#[test]
fn the_position_counts_only_asked_questions_like_the_sections_list() {
    let mut i = interview();
    i.go_to_id("A1.1").unwrap();
    assert_eq!(i.position_in_section(), (1, 2));
    i.go_to_id("CX.1").unwrap();
    i.pick(2).unwrap(); // not a party: A1.2 is skipped
    i.go_to_id("A1.1").unwrap();
    assert_eq!(i.position_in_section(), (1, 1));
    assert_eq!(i.section_progress(1).applicable, 1);
    i.go_to_id("A2.1").unwrap();
    i.toggle_not_applicable();
    assert_eq!(i.position_in_section(), (1, 1), "n/a is still visited");
    assert_eq!(i.section_progress(2).applicable, 0);
}

#[test]
fn clearing_a_value_keeps_the_note() {
    let mut i = interview();
    i.go_to_id("CX.3").unwrap();
    i.set_value(Value::Number(12.0)).unwrap();
    i.set_note("census 2020");
    assert!(i.clear_value());
    let a = i.answer().unwrap();
    assert_eq!(
        (a.status, a.value.as_ref(), a.note.as_str()),
        (None, None, "census 2020")
    );
    assert!(!i.clear_value(), "nothing left to clear");
}

/// Work per change is proportional to what it touches; the result must be
/// what a fresh start on the same answers computes, after any edits.
#[test]
fn incremental_updates_agree_with_a_fresh_start() {
    agrees_with_a_fresh_start(
        Questionnaire::from_source(&crate::synthetic::questionnaire_yaml(230)).unwrap(),
        true,
    );
    agrees_with_a_fresh_start(Questionnaire::embedded(), false);
}

fn agrees_with_a_fresh_start(q: Questionnaire, skips: bool) {
    let s = crate::testing::blank_session(&q);
    let mut i = Interview::new(q, s);
    let mut seed = 0x2545_f491_u64;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        usize::try_from(seed % n as u64).unwrap()
    };
    for step in 0..600 {
        let count = i.questionnaire.questions.len();
        i.go_to(next(count));
        match next(7) {
            0 => {
                i.toggle_unknown();
            }
            6 => {
                i.set_status(Some(Status::PolicyChoice));
            }
            1 => {
                i.toggle_not_applicable();
            }
            2 => {
                i.cycle_confidence();
            }
            _ => {
                let _ = i.pick(next(5));
            }
        }
        if step % 50 == 49 {
            let fresh = Interview::new(i.questionnaire.clone(), i.session.clone());
            assert_eq!(i.scores().asked, fresh.scores().asked, "step {step}");
            for section in 0..i.questionnaire.sections.len() {
                assert_eq!(i.section_progress(section), fresh.section_progress(section));
            }
            assert_eq!(i.progress(), fresh.progress());
            let levels = |x: &Interview| -> Vec<Option<f64>> {
                x.scores().areas.iter().map(|a| a.level).collect()
            };
            assert_eq!(levels(&i), levels(&fresh));
            assert_eq!(i.scores().overall, fresh.scores().overall);
            let indicators = |x: &Interview| -> Vec<String> {
                x.scores()
                    .indicators
                    .iter()
                    .map(|s| {
                        format!(
                            "{:?}",
                            (
                                s.question,
                                s.state,
                                s.level,
                                s.gap,
                                &s.priority,
                                s.confidence
                            )
                        )
                    })
                    .collect()
            };
            assert_eq!(indicators(&i), indicators(&fresh), "step {step}");
            let areas = |x: &Interview| -> Vec<String> {
                x.scores().areas.iter().map(|a| format!("{a:?}")).collect()
            };
            assert_eq!(areas(&i), areas(&fresh), "step {step}");
        }
    }
    assert!(
        !skips || i.scores().asked.iter().any(|a| !a),
        "some conditions were false"
    );
}

#[test]
fn a_policy_choice_is_set_only_where_offered_with_its_reason_and_sources() {
    let source = SOURCE.replace(
        "      - {id: A2.1, kind: maturity, text: Preservation?,",
        "      - {id: A2.1, kind: maturity, text: Preservation?, policy_choice: The State may choose not to.,",
    );
    let q = Questionnaire::from_source(&source).unwrap();
    let mut i = Interview::new(
        q,
        crate::testing::blank_session(&Questionnaire::from_source(&source).unwrap()),
    );
    i.go_to(i.questionnaire.question_index("A1.1").unwrap());
    assert!(
        !i.set_status(Some(Status::PolicyChoice)),
        "A1.1 offers none"
    );
    assert!(i.answer().is_none());
    i.go_to(i.questionnaire.question_index("A2.1").unwrap());
    assert!(i.set_status(Some(Status::PolicyChoice)));
    assert!(i.set_reason("Left to administrative law."));
    assert!(
        !i.set_reason("Left to administrative law."),
        "no change, no save"
    );
    assert!(i.set_sources(vec![crate::session::AnswerSource {
        stakeholder: Some("S1".into()),
        how: crate::session::SourceHow::Oral,
    }]));
    let answer = i.answer().unwrap();
    assert_eq!(answer.status, Some(Status::PolicyChoice));
    assert_eq!(answer.reason, "Left to administrative law.");
    assert_eq!(answer.sources.len(), 1);
    assert!(
        i.review()
            .iter()
            .all(|r| i.questionnaire.questions[r.question].id != "A2.1")
    );
    assert!(i.set_status(None));
    assert_eq!(
        i.answer().unwrap().reason,
        "Left to administrative law.",
        "kept"
    );
}
