//! One test per validation rule, each on a small questionnaire.

use crate::questionnaire::Questionnaire;
use crate::questionnaire::validate::{is_valid_id, is_valid_tag, parse_level_range};

const LADDER: &str = "
        levels:
          0: None at all.
          1: A draft exists.
          2: In force.
          3: In force and resourced.
          4: Evaluated and revised.";

/// A valid questionnaire with one context section and one scored section;
/// `extra` is appended to the scored section's question list.
fn with_questions(extra: &str) -> String {
    format!(
        "tana-questionnaire: 1
id: test
version: \"1\"
title: Test
sections:
  - id: CX
    kind: context
    title: Context
    questions:
      - id: CX.1
        kind: yesno
        text: Is it?
      - id: CX.2
        kind: multi
        text: Which languages?
        choices:
          - {{id: en, label: English}}
          - {{id: fr, label: French}}
  - id: A1
    title: Area
    questions:
      - id: A1.1
        kind: maturity
        text: How mature?{LADDER}
{extra}"
    )
}

fn problems(source: &str) -> Vec<String> {
    match Questionnaire::from_source(source) {
        Ok(_) => Vec::new(),
        Err(problems) => problems
            .into_iter()
            .map(|p| format!("{}:{}: {}", p.line, p.column, p.message))
            .collect(),
    }
}

fn assert_problem(source: &str, needle: &str) {
    let found = problems(source);
    assert!(
        found.iter().any(|p| p.contains(needle)),
        "expected a problem containing {needle:?}, got {found:#?}"
    );
}

#[test]
fn the_base_questionnaire_is_valid() {
    let q = Questionnaire::from_source(&with_questions("")).unwrap();
    let stats = q.stats();
    assert_eq!(
        (
            stats.sections,
            stats.scored_sections,
            stats.indicators,
            stats.questions
        ),
        (2, 1, 1, 3)
    );
    assert!(
        q.question("A1.1").unwrap().required,
        "maturity questions are required by default"
    );
    assert!(!q.question("CX.1").unwrap().required);
}

#[test]
fn duplicate_question_id_names_both_places() {
    let extra = format!("      - id: A1.1\n        kind: maturity\n        text: Again?{LADDER}\n");
    let found = problems(&with_questions(&extra));
    assert!(
        found
            .iter()
            .any(|p| p.starts_with("31:13:") && p.contains("first at line 22, column 13")),
        "{found:#?}"
    );
}

#[test]
fn duplicate_section_id() {
    let source = with_questions("")
        + &format!(
            "  - id: A1\n    title: Again\n    questions:\n      - id: A2.1\n        kind: maturity\n        text: T{LADDER}\n"
        );
    assert_problem(&source, "section id `A1` is used twice: first at line 19");
}

#[test]
fn dangling_reference_suggests_the_nearest_id() {
    let extra = format!(
        "      - id: A1.2\n        kind: maturity\n        text: T\n        when: A1.l >= 2{LADDER}\n"
    );
    assert_problem(
        &with_questions(&extra),
        "refers to `A1.l`, which is not a question id; did you mean `A1.1`?",
    );
}

#[test]
fn self_reference_and_cycles_are_rejected() {
    let extra = format!(
        "      - id: A1.2\n        kind: maturity\n        text: T\n        when: A1.2 >= 2{LADDER}\n"
    );
    assert_problem(&with_questions(&extra), "refers to the question itself");
    let extra = format!(
        "      - id: A1.2\n        kind: maturity\n        text: T\n        when: A1.3 >= 2{LADDER}\n      - id: A1.3\n        kind: maturity\n        text: T\n        when: A1.4 >= 1{LADDER}\n      - id: A1.4\n        kind: maturity\n        text: T\n        when: A1.2 is answered{LADDER}\n"
    );
    let found = problems(&with_questions(&extra));
    let cycles: Vec<_> = found.iter().filter(|p| p.contains("cycle")).collect();
    assert_eq!(cycles.len(), 1, "one cycle reported once: {found:#?}");
    assert!(
        cycles[0].contains("A1.2 → A1.3 → A1.4 → A1.2"),
        "{cycles:?}"
    );
}

#[test]
fn condition_syntax_error_is_located() {
    let extra = format!(
        "      - id: A1.2\n        kind: maturity\n        text: T\n        when: A1.1 = 2{LADDER}\n"
    );
    let found = problems(&with_questions(&extra));
    assert!(
        found
            .iter()
            .any(|p| p.starts_with("34:15:") && p.contains("at character 6") && p.contains("`==`")),
        "{found:#?}"
    );
}

#[test]
fn conditions_are_type_checked() {
    let q = |when: &str| {
        format!(
            "      - id: A1.2\n        kind: maturity\n        text: T\n        when: \"{when}\"{LADDER}\n"
        )
    };
    assert_problem(
        &with_questions(&q("A1.1 == high")),
        "compare it with a level from 0 to 4",
    );
    assert_problem(&with_questions(&q("A1.1 >= 7")), "not 7");
    assert_problem(&with_questions(&q("CX.1 == maybe")), "yes/no question");
    assert_problem(&with_questions(&q("CX.2 == en")), "test it with `has`");
    assert_problem(
        &with_questions(&q("CX.2 has de")),
        "`de` is not a choice of `CX.2`",
    );
    assert!(
        problems(&with_questions(&q(
            "CX.2 has fr and CX.1 == yes or A1.1 is unknown"
        )))
        .is_empty()
    );
}

#[test]
fn incomplete_ladder_lists_missing_levels() {
    let extra = "      - id: A1.2\n        kind: maturity\n        text: T\n        levels:\n          0: a\n          1: b\n          4: e\n";
    assert_problem(&with_questions(extra), "levels 2, 3 are missing");
}

#[test]
fn level_outside_the_scale() {
    let extra = format!(
        "      - id: A1.2\n        kind: maturity\n        text: T{LADDER}\n          5: beyond\n"
    );
    assert_problem(&with_questions(&extra), "level 5 is outside the scale");
}

#[test]
fn choice_lists_must_have_choices() {
    let extra = "      - id: A1.2\n        kind: single\n        text: T\n        choices: []\n";
    assert_problem(&with_questions(extra), "choice list of `A1.2` is empty");
    let extra = "      - id: A1.2\n        kind: single\n        text: T\n";
    assert_problem(&with_questions(extra), "has no `choices`");
}

#[test]
fn choice_scores_are_all_or_none_and_in_range() {
    let extra = "      - id: A1.2\n        kind: single\n        text: T\n        choices:\n          - {id: a, label: A, score: 1}\n          - {id: b, label: B}\n";
    assert_problem(&with_questions(extra), "only 1 of the 2 choices");
    let extra = "      - id: A1.2\n        kind: single\n        text: T\n        choices:\n          - {id: a, label: A, score: 9}\n          - {id: b, label: B, score: 0}\n";
    assert_problem(&with_questions(extra), "score 9 is outside the scale");
}

#[test]
fn duplicate_choice_id() {
    let extra = "      - id: A1.2\n        kind: single\n        text: T\n        choices:\n          - {id: a, label: A}\n          - {id: a, label: B}\n";
    assert_problem(&with_questions(extra), "choice id `a` is used twice");
}

#[test]
fn empty_section() {
    let source = with_questions("") + "  - id: A2\n    title: Empty\n    questions: []\n";
    assert_problem(&source, "the section `A2` has no questions");
}

#[test]
fn scored_section_without_indicator() {
    let source = with_questions("")
        + "  - id: A2\n    title: No scores\n    questions:\n      - {id: A2.1, kind: text, text: Tell}\n";
    assert_problem(&source, "has no scored question");
}

#[test]
fn weights_must_be_positive() {
    let extra = format!(
        "      - id: A1.2\n        kind: maturity\n        text: T\n        weight: 0{LADDER}\n"
    );
    assert_problem(&with_questions(&extra), "weight 0 is out of range");
    let extra = format!(
        "      - id: A1.2\n        kind: maturity\n        text: T\n        weight: -2{LADDER}\n"
    );
    assert_problem(&with_questions(&extra), "weight -2 is out of range");
}

#[test]
fn number_range_must_not_run_backwards() {
    let extra = "      - id: A1.2\n        kind: number\n        text: T\n        min: 10\n        max: 1\n";
    assert_problem(&with_questions(extra), "`max` (1) is below `min` (10)");
}

#[test]
fn fields_belong_to_their_kind() {
    let extra =
        format!("      - id: A1.2\n        kind: text\n        text: T\n        min: 3{LADDER}\n");
    let found = problems(&with_questions(&extra));
    assert!(
        found
            .iter()
            .any(|p| p.contains("`levels` is only for `maturity`")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|p| p.contains("`min` is only for `number`")),
        "{found:#?}"
    );
}

#[test]
fn need_ranges_are_checked() {
    let extra = format!(
        "      - id: A1.2\n        kind: maturity\n        text: T{LADDER}\n        needs:\n          - {{levels: 0-2, extent: advisory}}\n          - {{levels: 2-3, extent: capacity}}\n          - {{levels: 3-1, extent: systems}}\n          - {{levels: 0-9, extent: systems}}\n"
    );
    let found = problems(&with_questions(&extra));
    assert!(
        found
            .iter()
            .any(|p| p.contains("level 2 of `A1.2` is covered twice")),
        "{found:#?}"
    );
    assert!(
        found.iter().any(|p| p.contains("runs backwards")),
        "{found:#?}"
    );
    assert!(
        found.iter().any(|p| p.contains("`9` is not a level")),
        "{found:#?}"
    );
}

#[test]
fn needs_only_on_scored_questions() {
    let extra = "      - id: A1.2\n        kind: text\n        text: T\n        needs:\n          - {levels: 0-1, extent: advisory}\n";
    assert_problem(
        &with_questions(extra),
        "`needs` apply only to scored questions",
    );
}

#[test]
fn unknown_extent_suggests_nearest() {
    let extra = format!(
        "      - id: A1.2\n        kind: maturity\n        text: T{LADDER}\n        needs:\n          - {{levels: 0-1, extent: advisroy}}\n"
    );
    assert_problem(&with_questions(&extra), "did you mean `advisory`?");
}

#[test]
fn typo_in_field_name() {
    let extra = format!(
        "      - id: A1.2\n        kind: maturity\n        text: T\n        requird: true{LADDER}\n"
    );
    assert_problem(
        &with_questions(&extra),
        "unknown field `requird`; did you mean `required`?",
    );
}

#[test]
fn ids_and_tags_have_a_shape() {
    assert!(is_valid_id("A3.2") && is_valid_id("ctx.languages") && is_valid_id("a_b-c"));
    assert!(!is_valid_id("3.2") && !is_valid_id("A..2") && !is_valid_id("A 2") && !is_valid_id(""));
    assert!(is_valid_tag("LEG-DRAFT") && !is_valid_tag("leg-draft") && !is_valid_tag("LEG DRAFT"));
    let extra = format!(
        "      - id: bad id\n        kind: maturity\n        text: T\n        tags: [lower, LEG-DRAFT, LEG-DRAFT]{LADDER}\n"
    );
    let found = problems(&with_questions(&extra));
    assert!(
        found.iter().any(|p| p.contains("question id `bad id`")),
        "{found:#?}"
    );
    assert!(
        found.iter().any(|p| p.contains("tag `lower`")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|p| p.contains("tag `LEG-DRAFT` is listed twice")),
        "{found:#?}"
    );
}

#[test]
fn level_ranges_parse() {
    assert_eq!(parse_level_range("0-1").unwrap(), 0..=1);
    assert_eq!(parse_level_range("2").unwrap(), 2..=2);
    assert_eq!(parse_level_range("1–3").unwrap(), 1..=3);
    assert!(parse_level_range("x").is_err());
}

#[test]
fn translations_need_the_fallback_language() {
    let source =
        with_questions("").replace("title: Test", "title: {fr: Essai}\nlanguages: [en, fr]");
    assert_problem(&source, "no `en` text");
}

#[test]
fn newer_format_is_refused() {
    let source = with_questions("").replace("tana-questionnaire: 1", "tana-questionnaire: 2");
    assert_problem(&source, "update tana");
}

#[test]
fn profile_references_are_checked() {
    let source = with_questions("").replace(
        "sections:",
        "profile:\n  languages: CX.3\n  funding: CX.2\nsections:",
    );
    let found = problems(&source);
    assert!(
        found
            .iter()
            .any(|p| p.contains("`profile.languages` names `CX.3`")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|p| p.contains("`profile.funding` must name a single or yesno question")),
        "{found:#?}"
    );
}

#[test]
fn all_problems_are_collected() {
    let extra = "      - id: A1.2\n        kind: single\n        text: T\n        choices: []\n      - id: A1.3\n        kind: maturity\n        text: T\n        when: Z.9 >= 1\n";
    let found = problems(&with_questions(extra));
    assert!(found.len() >= 3, "{found:#?}");
}
