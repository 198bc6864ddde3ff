//! Scoring rules, including the edge cases: all unknown, all not
//! applicable, an empty area, weights, and tie-breaking.
// Levels here are small sums and quotients that are exact in binary.
#![allow(clippy::float_cmp)]

use super::*;

const SOURCE: &str = "tana-questionnaire: 1
id: t
version: \"1\"
title: T
sections:
  - id: A
    title: A
    weight: 2
    questions:
      - {id: A.1, kind: maturity, text: T, weight: 3, levels: {0: a, 1: b, 2: c, 3: d, 4: e}}
      - {id: A.2, kind: maturity, text: T, levels: {0: a, 1: b, 2: c, 3: d, 4: e}}
      - {id: A.3, kind: maturity, text: T, importance: high, levels: {0: a, 1: b, 2: c, 3: d, 4: e}}
  - id: B
    title: B
    questions:
      - {id: B.1, kind: maturity, text: T, levels: {0: a, 1: b, 2: c, 3: d, 4: e}}
      - id: B.2
        kind: multi
        text: T
        choices: [{id: x, label: X, score: 2}, {id: y, label: Y, score: 3}]
  - id: C
    kind: context
    title: C
    questions:
      - {id: C.1, kind: text, text: T}
";

fn setup() -> (Questionnaire, Session) {
    let q = Questionnaire::from_source(SOURCE).unwrap();
    let s = crate::testing::blank_session(&q);
    (q, s)
}

use crate::testing::record as set;

#[test]
fn area_level_is_the_weighted_mean_of_scored_indicators() {
    let (q, mut s) = setup();
    set(&mut s, "A.1", Status::Answered, Some(Value::Level(1)));
    set(&mut s, "A.2", Status::Answered, Some(Value::Level(3)));
    let scores = score(&q, &s);
    let a = scores.area(0).unwrap();
    // (1×3 + 3×1) / (3 + 1) = 1.5
    assert_eq!(a.level, Some(1.5));
    assert_eq!((a.scored, a.open, a.applicable), (2, 1, 3));
    assert_eq!(scores.areas.len(), 2, "context sections are not scored");
}

#[test]
fn unknown_is_not_zero_but_lowers_confidence() {
    let (q, mut s) = setup();
    set(&mut s, "A.1", Status::Answered, Some(Value::Level(4)));
    set(&mut s, "A.2", Status::Answered, Some(Value::Level(4)));
    set(&mut s, "A.3", Status::Answered, Some(Value::Level(4)));
    assert_eq!(
        score(&q, &s).area(0).unwrap().confidence,
        AreaConfidence::High
    );
    set(&mut s, "A.3", Status::Unknown, None);
    let scores = score(&q, &s);
    let a = scores.area(0).unwrap();
    assert_eq!(a.level, Some(4.0), "unknown does not pull the level down");
    assert_eq!(a.to_confirm, 1);
    assert_eq!(a.confidence, AreaConfidence::Medium);
}

#[test]
fn all_unknown_gives_no_level_and_low_confidence() {
    let (q, mut s) = setup();
    for id in ["A.1", "A.2", "A.3"] {
        set(&mut s, id, Status::Unknown, None);
    }
    let scores = score(&q, &s);
    let a = scores.area(0).unwrap();
    assert_eq!(a.level, None);
    assert_eq!(a.to_confirm, 3);
    assert_eq!(a.confidence, AreaConfidence::Low);
    assert!(
        scores.gaps_by_priority().is_empty(),
        "nothing to prioritise until confirmed"
    );
}

#[test]
fn all_not_applicable_leaves_the_denominator_empty() {
    let (q, mut s) = setup();
    for id in ["A.1", "A.2", "A.3"] {
        set(&mut s, id, Status::NotApplicable, None);
    }
    set(&mut s, "B.1", Status::Answered, Some(Value::Level(2)));
    let scores = score(&q, &s);
    let a = scores.area(0).unwrap();
    assert_eq!((a.level, a.applicable, a.not_applicable), (None, 0, 3));
    assert_eq!(
        scores.overall,
        Some(2.0),
        "an area without a level does not weigh on the profile"
    );
}

#[test]
fn empty_session_has_no_levels() {
    let (q, s) = setup();
    let scores = score(&q, &s);
    assert!(scores.areas.iter().all(|a| a.level.is_none()));
    assert_eq!(scores.overall, None);
}

#[test]
fn overall_is_weighted_by_section_weight() {
    let (q, mut s) = setup();
    set(&mut s, "A.1", Status::Answered, Some(Value::Level(4)));
    set(&mut s, "B.1", Status::Answered, Some(Value::Level(1)));
    // A weighs 2, B weighs 1: (4×2 + 1×1) / 3 = 3
    assert_eq!(score(&q, &s).overall, Some(3.0));
}

#[test]
fn scored_choices_sum_and_cap_at_four() {
    let (q, mut s) = setup();
    set(
        &mut s,
        "B.2",
        Status::Answered,
        Some(Value::Choices(vec!["x".into(), "y".into()])),
    );
    let scores = score(&q, &s);
    let b2 = scores
        .indicators
        .iter()
        .find(|i| q.questions[i.question].id == "B.2")
        .unwrap();
    assert_eq!(b2.level, Some(4.0));
}

#[test]
fn priority_combines_gap_weight_and_importance_and_ties_break_by_order() {
    let (q, mut s) = setup();
    set(&mut s, "A.1", Status::Answered, Some(Value::Level(2))); // gap 1 × weight 3 × section 2 = 6
    set(&mut s, "A.2", Status::Answered, Some(Value::Level(0))); // gap 3 × 1 × 2 = 6
    set(&mut s, "A.3", Status::Answered, Some(Value::Level(1))); // gap 2 × 1 × 2 × 1.5 = 6
    set(&mut s, "B.1", Status::Answered, Some(Value::Level(0))); // gap 3 × 1 × 1 = 3
    let scores = score(&q, &s);
    let order: Vec<&str> = scores
        .gaps_by_priority()
        .iter()
        .map(|g| q.questions[g.question].id.as_str())
        .collect();
    // Equal priority 6: larger gap first (A.2), then A.3 (gap 2), then A.1 (gap 1).
    assert_eq!(order, vec!["A.2", "A.3", "A.1", "B.1"]);
    assert!(
        scores
            .gaps_by_priority()
            .iter()
            .all(|g| g.priority.value > 0.0)
    );
}

#[test]
fn target_level_sets_the_gap() {
    let (q, mut s) = setup();
    s.mission.target = Some(4);
    set(&mut s, "A.1", Status::Answered, Some(Value::Level(3)));
    assert_eq!(score(&q, &s).indicator(0).unwrap().gap, 1.0);
    s.mission.target = Some(2);
    assert_eq!(
        score(&q, &s).indicator(0).unwrap().gap,
        0.0,
        "above target: no gap"
    );
}
