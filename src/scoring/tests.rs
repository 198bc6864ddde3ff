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

const TARGETS: &str = "tana-questionnaire: 1
id: t
version: \"1\"
title: T
target: 2
sections:
  - id: A
    title: A
    target: 4
    questions:
      - {id: A.1, kind: maturity, text: T, target: 1, levels: {0: a, 1: b, 2: c, 3: d, 4: e}}
      - {id: A.2, kind: maturity, text: T, levels: {0: a, 1: b, 2: c, 3: d, 4: e}}
      - id: A.3
        kind: maturity
        text: T
        policy_choice: The State may choose not to.
        levels: {0: a, 1: b, 2: c, 3: d, 4: e}
  - id: B
    title: B
    questions:
      - {id: B.1, kind: maturity, text: T, levels: {0: a, 1: b, 2: c, 3: d, 4: e}}
";

fn target_of(scores: &Scores, q: &Questionnaire, id: &str) -> Target {
    scores
        .indicator(q.question_index(id).unwrap())
        .unwrap()
        .target
}

#[test]
fn effective_targets_follow_the_order_of_precedence_with_their_origin() {
    let q = Questionnaire::from_source(TARGETS).unwrap();
    let mut s = crate::testing::blank_session(&q);
    let t = |level, origin| Target { level, origin };
    let scores = score(&q, &s);
    assert_eq!(target_of(&scores, &q, "A.1"), t(1, TargetOrigin::Question));
    assert_eq!(target_of(&scores, &q, "A.2"), t(4, TargetOrigin::Section));
    assert_eq!(
        target_of(&scores, &q, "B.1"),
        t(2, TargetOrigin::Questionnaire)
    );
    assert_eq!(scores.area(0).unwrap().target, t(4, TargetOrigin::Section));
    assert_eq!(
        scores.area(1).unwrap().target,
        t(2, TargetOrigin::Questionnaire)
    );
    assert_eq!(scores.default_target, t(2, TargetOrigin::Questionnaire));

    s.mission.target = Some(3);
    let scores = score(&q, &s);
    assert_eq!(
        target_of(&scores, &q, "A.1"),
        t(3, TargetOrigin::Mission),
        "the mission-wide target overrides the question's"
    );
    assert_eq!(scores.area(0).unwrap().target, t(3, TargetOrigin::Mission));
    assert_eq!(scores.target, 3);

    s.mission.targets.insert("A".into(), 1);
    s.mission.targets.insert("A.2".into(), 0);
    let scores = score(&q, &s);
    assert_eq!(
        target_of(&scores, &q, "A.1"),
        t(1, TargetOrigin::MissionArea)
    );
    assert_eq!(
        target_of(&scores, &q, "A.2"),
        t(0, TargetOrigin::MissionIndicator)
    );
    assert_eq!(target_of(&scores, &q, "B.1"), t(3, TargetOrigin::Mission));
    assert_eq!(
        scores.area(0).unwrap().target,
        t(1, TargetOrigin::MissionArea)
    );

    let plain = Questionnaire::from_source(&TARGETS.replace("target: 2\n", "")).unwrap();
    let scores = score(&plain, &crate::testing::blank_session(&plain));
    assert_eq!(
        target_of(&scores, &plain, "B.1"),
        t(3, TargetOrigin::Default)
    );
}

#[test]
fn gaps_are_measured_against_the_effective_target() {
    let q = Questionnaire::from_source(TARGETS).unwrap();
    let mut s = crate::testing::blank_session(&q);
    set(&mut s, "A.1", Status::Answered, Some(Value::Level(1))); // target 1: no gap
    set(&mut s, "A.2", Status::Answered, Some(Value::Level(1))); // target 4: gap 3
    set(&mut s, "B.1", Status::Answered, Some(Value::Level(1))); // target 2: gap 1
    let scores = score(&q, &s);
    let gap = |id: &str| scores.indicator(q.question_index(id).unwrap()).unwrap().gap;
    assert_eq!((gap("A.1"), gap("A.2"), gap("B.1")), (0.0, 3.0, 1.0));
    // Area A: level 1.0 against its target 4.
    assert_eq!(scores.area(0).unwrap().gap, 3.0);
}

#[test]
fn a_policy_choice_has_no_level_no_gap_and_leaves_the_mean() {
    let q = Questionnaire::from_source(TARGETS).unwrap();
    let mut s = crate::testing::blank_session(&q);
    set(&mut s, "A.2", Status::Answered, Some(Value::Level(2)));
    set(&mut s, "A.3", Status::PolicyChoice, Some(Value::Level(0)));
    let scores = score(&q, &s);
    let a3 = scores.indicator(q.question_index("A.3").unwrap()).unwrap();
    assert_eq!(
        (a3.state, a3.level, a3.gap),
        (IndicatorState::PolicyChoice, None, 0.0)
    );
    let area = scores.area(0).unwrap();
    assert_eq!(area.level, Some(2.0), "the mean ignores the policy choice");
    assert_eq!(
        (area.policy_choice, area.applicable, area.scored),
        (1, 2, 1)
    );
    assert!(
        !scores
            .gaps_by_priority()
            .iter()
            .any(|g| g.question == a3.question)
    );

    // Where the question offers no policy choice the status is not honoured.
    set(&mut s, "A.2", Status::PolicyChoice, None);
    let a2 = score(&q, &s);
    let a2 = a2.indicator(q.question_index("A.2").unwrap()).unwrap();
    assert_eq!(a2.state, IndicatorState::Open);
}

#[test]
fn an_area_shows_its_lowest_indicator_beside_the_mean() {
    let (q, mut s) = setup();
    set(&mut s, "A.1", Status::Answered, Some(Value::Level(3)));
    set(&mut s, "A.2", Status::Answered, Some(Value::Level(1)));
    set(&mut s, "A.3", Status::Answered, Some(Value::Level(1)));
    let scores = score(&q, &s);
    let area = scores.area(0).unwrap();
    let lowest = area.lowest.unwrap();
    assert_eq!(
        (q.questions[lowest.question].id.as_str(), lowest.level),
        ("A.2", 1.0),
        "the first on a tie"
    );
    assert!(scores.area(1).unwrap().lowest.is_none(), "nothing scored");
}

#[test]
fn priority_keeps_its_factors() {
    let (q, mut s) = setup();
    set(&mut s, "A.3", Status::Answered, Some(Value::Level(1)));
    let scores = score(&q, &s);
    let p = &scores.indicator(2).unwrap().priority;
    assert_eq!(
        p.factors,
        vec![
            PriorityFactor::Gap { gap: 2.0 },
            PriorityFactor::QuestionWeight { weight: 1.0 },
            PriorityFactor::SectionWeight { weight: 2.0 },
            PriorityFactor::Importance {
                importance: Importance::High
            },
        ]
    );
    assert_eq!(p.value, 6.0);
    let more = p
        .clone()
        .with(PriorityFactor::QuestionWeight { weight: 0.5 });
    assert_eq!((more.value, more.factors.len()), (3.0, 5));
}

const REQUEST: &str = "tana-questionnaire: 1
id: t
version: \"1\"
title: T
workstreams:
  - {id: WS.LAW, title: Law}
  - {id: WS.DOC, title: Documents}
profile:
  request: C.request
  urgency: C.urgency
sections:
  - id: A
    title: A
    workstream: WS.LAW
    questions:
      - {id: A.1, kind: maturity, text: T, levels: {0: a, 1: b, 2: c, 3: d, 4: e}}
      - {id: A.2, kind: maturity, text: T, workstream: WS.DOC, importance: high, levels: {0: a, 1: b, 2: c, 3: d, 4: e}}
  - id: C
    kind: context
    title: C
    questions:
      - id: C.request
        kind: multi
        text: Components?
        choices: [{id: WS.LAW, label: Law}, {id: WS.DOC, label: Documents}]
      - id: C.urgency
        kind: single
        text: Urgency?
        choices: [{id: routine, label: R}, {id: priority, label: P}, {id: urgent, label: U}]
";

fn factors_of(scores: &Scores, q: &Questionnaire, id: &str) -> Priority {
    scores
        .indicator(q.question_index(id).unwrap())
        .unwrap()
        .priority
        .clone()
}

#[test]
fn the_request_and_its_urgency_raise_requested_needs_only() {
    let q = Questionnaire::from_source(REQUEST).unwrap();
    let mut s = crate::testing::blank_session(&q);
    set(&mut s, "A.1", Status::Answered, Some(Value::Level(2)));
    set(&mut s, "A.2", Status::Answered, Some(Value::Level(1)));
    // Not answered yet: a factor of 1 that says so.
    let scores = score(&q, &s);
    let p = factors_of(&scores, &q, "A.1");
    assert_eq!(p.value, 1.0);
    assert_eq!(
        p.factors.last(),
        Some(&PriorityFactor::Request {
            request: RequestState::NotRecorded
        })
    );
    // The State asks for the law; the request is urgent.
    set(
        &mut s,
        "C.request",
        Status::Answered,
        Some(Value::Choices(vec!["WS.LAW".into()])),
    );
    set(
        &mut s,
        "C.urgency",
        Status::Answered,
        Some(Value::Choice("urgent".into())),
    );
    let scores = score(&q, &s);
    let law = factors_of(&scores, &q, "A.1");
    // gap 1 × 1 × 1 × 1 × requested 2 × urgent 1.5
    assert_eq!(law.value, 3.0);
    assert_eq!(
        &law.factors[4..],
        [
            PriorityFactor::Request {
                request: RequestState::Requested
            },
            PriorityFactor::Urgency {
                urgency: Urgency::Urgent
            }
        ]
    );
    let documents = factors_of(&scores, &q, "A.2");
    // gap 2 × importance high 1.5 × not requested 1; urgency does not apply.
    assert_eq!(documents.value, 3.0);
    assert_eq!(
        documents.factors.last(),
        Some(&PriorityFactor::Request {
            request: RequestState::NotRequested
        })
    );
    // Equal priority: the larger gap first; a routine request changes nothing but the words.
    let order: Vec<usize> = scores
        .gaps_by_priority()
        .iter()
        .map(|g| g.question)
        .collect();
    assert_eq!(
        order,
        [
            q.question_index("A.2").unwrap(),
            q.question_index("A.1").unwrap()
        ]
    );
    set(
        &mut s,
        "C.urgency",
        Status::Answered,
        Some(Value::Choice("priority".into())),
    );
    let scores = score(&q, &s);
    assert_eq!(factors_of(&scores, &q, "A.1").value, 2.5);
    assert_eq!(
        crate::words::priority(&factors_of(&scores, &q, "A.1")),
        "2.5 = gap 1.0 × weight 1 × area weight 1 × importance normal (×1) × requested by the State (×2) × urgency priority (×1.25)"
    );
}

#[test]
fn without_a_request_question_there_is_no_request_factor() {
    let (q, mut s) = setup();
    set(&mut s, "A.2", Status::Answered, Some(Value::Level(1)));
    let scores = score(&q, &s);
    let p = factors_of(&scores, &q, "A.2");
    assert_eq!(p.factors.len(), 4, "{p:?}");
    assert_eq!(Request::of(&q, &s).state(None), None);
}
