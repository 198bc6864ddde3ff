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

// ---- format 1.1 additions: targets, sizing, workstreams, need-rule conditions, profile ----

/// The base questionnaire with `top` inserted before `sections:` and `extra`
/// appended to the scored section's questions.
fn with_top(top: &str, extra: &str) -> String {
    with_questions(extra).replace("sections:", &format!("{top}sections:"))
}

const WORKSTREAMS: &str = "workstreams:
  - {id: WS.LAW, title: Criminal law and procedure, description: Drafting.}
  - {id: WS.COOP, title: International cooperation, after: [WS.LAW]}
";

fn rule_question(needs: &str) -> String {
    format!(
        "      - id: A1.2\n        kind: maturity\n        text: T{LADDER}\n        needs:\n{needs}"
    )
}

#[test]
fn targets_resolve_and_are_range_checked() {
    let source = with_top("target: 2\n", "").replace(
        "    title: Area\n",
        "    title: Area\n    target: 4\n    target_reason: Optional measure.\n",
    );
    let q = Questionnaire::from_source(&source).unwrap();
    assert_eq!((q.target, q.target_set), (2, true));
    assert_eq!(q.section("A1").unwrap().target, Some(4));
    let q = Questionnaire::from_source(&with_questions("")).unwrap();
    assert_eq!((q.target, q.target_set), (3, false), "default 3");

    let extra = format!(
        "      - id: A1.2\n        kind: maturity\n        text: T\n        target: 5{LADDER}\n"
    );
    assert_problem(
        &with_top("target: -1\n", &extra),
        "the questionnaire's target -1 is outside the scale",
    );
    assert_problem(
        &with_questions(&extra),
        "the question `A1.2`'s target 5 is outside the scale",
    );
    let source =
        with_questions("").replace("    kind: context\n", "    kind: context\n    target: 2\n");
    assert_problem(&source, "`target` is for scored sections");
    let extra = "      - id: A1.2\n        kind: text\n        text: T\n        target: 2\n        policy_choice: Chosen.\n";
    let found = problems(&with_questions(extra));
    assert!(
        found
            .iter()
            .any(|p| p.contains("`target` applies only to scored questions")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|p| p.contains("`policy_choice` applies only to scored questions")),
        "{found:#?}"
    );
}

#[test]
fn question_fields_title_target_reason_and_policy_choice_are_kept() {
    let extra = format!(
        "      - id: A1.2\n        kind: maturity\n        title: Expedited preservation of computer data\n        text: T?\n        target: 2\n        target_reason: A Recommended Practice.\n        policy_choice: The State chose not to.{LADDER}\n"
    );
    let q = Questionnaire::from_source(&with_questions(&extra)).unwrap();
    let question = q.question("A1.2").unwrap();
    assert_eq!(
        question.need_title().fallback(),
        "Expedited preservation of computer data"
    );
    assert_eq!(question.target, Some(2));
    assert_eq!(
        question.target_reason.as_ref().unwrap().fallback(),
        "A Recommended Practice."
    );
    assert_eq!(
        question.policy_choice.as_ref().unwrap().fallback(),
        "The State chose not to."
    );
    assert_eq!(
        q.question("A1.1").unwrap().need_title().fallback(),
        "How mature?",
        "falls back to the text"
    );
}

#[test]
fn sizing_bands_are_parsed_and_checked() {
    let top = "sizing:\n  currency: USD\n  advisory: {days: 10-25, cost: 15000-40000}\n  infrastructure: {days: 60–250, cost: \"1000000\"}\n";
    let q = Questionnaire::from_source(&with_top(top, "")).unwrap();
    let sizing = q.sizing.as_ref().unwrap();
    assert_eq!(sizing.currency, "USD");
    let advisory = sizing.band(crate::questionnaire::Extent::Advisory).unwrap();
    assert_eq!(
        (advisory.days.clone(), advisory.cost.clone()),
        (10..=25, 15_000..=40_000)
    );
    assert!(
        sizing
            .band(crate::questionnaire::Extent::Capacity)
            .is_none()
    );
    assert_eq!(
        sizing
            .band(crate::questionnaire::Extent::Infrastructure)
            .unwrap()
            .cost,
        1_000_000..=1_000_000
    );

    let bad = "sizing:\n  currency: dollars\n  advisory: {days: 25-10, cost: 15k-40k}\n";
    let found = problems(&with_top(bad, ""));
    assert!(
        found
            .iter()
            .any(|p| p.contains("`dollars` is not a currency code")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|p| p.contains("`sizing.advisory.days`") && p.contains("runs backwards")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|p| p.contains("`sizing.advisory.cost`")
                && p.contains("`15k` is not a whole number")),
        "{found:#?}"
    );
    assert_eq!(found.len(), 3, "all at once: {found:#?}");
    assert_problem(
        &with_top("sizing:\n  currency: USD\n", ""),
        "`sizing` gives no band",
    );
    assert_problem(
        &with_top(
            "sizing:\n  currency: USD\n  advisroy: {days: 1, cost: 1}\n",
            "",
        ),
        "did you mean `advisory`?",
    );
}

#[test]
fn workstreams_resolve_with_dependencies() {
    let source = with_top(WORKSTREAMS, "").replace(
        "    title: Area\n",
        "    title: Area\n    workstream: WS.LAW\n",
    );
    let source = format!(
        "{source}      - id: A1.2\n        kind: maturity\n        text: T\n        workstream: WS.COOP{LADDER}\n"
    );
    let q = Questionnaire::from_source(&source).unwrap();
    assert_eq!(q.workstreams.len(), 2);
    assert_eq!(q.workstreams[1].after, vec![0]);
    assert_eq!(
        q.workstreams[0].description.as_ref().unwrap().fallback(),
        "Drafting."
    );
    assert_eq!(
        q.workstream_of(q.question_index("A1.1").unwrap()),
        Some("WS.LAW"),
        "the section's default"
    );
    assert_eq!(
        q.workstream_of(q.question_index("A1.2").unwrap()),
        Some("WS.COOP"),
        "the question's own"
    );
    assert_eq!(
        q.workstream_of(q.question_index("CX.1").unwrap()),
        None,
        "context questions have none"
    );
}

#[test]
fn workstream_problems_are_located_with_hints() {
    let bad = "workstreams:
  - {id: WS.LAW, title: Law, after: [WS.LAW]}
  - {id: WS.COOP, title: Cooperation, after: [WS.LAWS]}
  - {id: WS.COOP, title: Again}
  - {id: WS.A, title: A, after: [WS.B]}
  - {id: WS.B, title: B, after: [WS.A]}
";
    let source = with_top(bad, "").replace(
        "    title: Area\n",
        "    title: Area\n    workstream: WS.CO\n",
    );
    let found = problems(&source);
    for needle in [
        "lists itself in `after`",
        "`after` of `WS.COOP` names the workstream `WS.LAWS`, which is not defined in `workstreams`; did you mean `WS.LAW`?",
        "the workstream id `WS.COOP` is used twice: first at line 7, column 10",
        "form a cycle: WS.A → WS.B → WS.A",
        "the section `A1` names the workstream `WS.CO`",
    ] {
        assert!(
            found.iter().any(|p| p.contains(needle)),
            "{needle:?} in {found:#?}"
        );
    }
    assert_problem(
        &with_questions("").replace(
            "    title: Area\n",
            "    title: Area\n    workstream: WS.X\n",
        ),
        "the questionnaire defines no `workstreams`",
    );
}

#[test]
fn conditional_need_rules_are_parsed_and_type_checked() {
    let needs = "          - {levels: 0-1, extent: advisory, delivery: partner, partner: Council of Europe, when: \"CX.1 == yes\"}\n          - {levels: 0-1, extent: advisory, delivery: broker}\n          - {levels: \"2\", extent: capacity, delivery: partner, partner: programme, when: \"CX.2 has fr\"}\n          - {levels: 2-4, extent: capacity}\n";
    let q = Questionnaire::from_source(&with_questions(&rule_question(needs))).unwrap();
    let question = q.question("A1.2").unwrap();
    assert_eq!(question.needs.len(), 4);
    assert_eq!(question.needs[0].when_text.as_deref(), Some("CX.1 == yes"));
    assert_eq!(
        question.needs[0].partner,
        Some(crate::questionnaire::Partner::Named(
            "Council of Europe".into()
        ))
    );
    assert_eq!(
        question.needs[2].partner,
        Some(crate::questionnaire::Partner::Programme)
    );
    assert!(
        question.need_at(1).unwrap().when.is_none(),
        "need_at is the default rule"
    );
    assert_eq!(
        question.rules_at(2).map(|(i, _)| i).collect::<Vec<_>>(),
        vec![2, 3]
    );

    for (when, needle) in [
        (
            "CX.9 == yes",
            "the `when` of a need rule of `A1.2` refers to `CX.9`, which is not a question id; did you mean `CX.1`?",
        ),
        ("CX.1 == maybe", "`CX.1` is a yes/no question"),
        ("CX.2 has de", "`de` is not a choice of `CX.2`"),
        ("A1.2 >= 1", "refers to the question itself"),
        (
            "CX.1 = yes",
            "in the `when` condition of a need rule of `A1.2`, at character 6",
        ),
    ] {
        let needs = format!(
            "          - {{levels: 0-1, extent: advisory, when: \"{when}\"}}\n          - {{levels: 0-4, extent: capacity}}\n"
        );
        assert_problem(&with_questions(&rule_question(&needs)), needle);
    }
}

#[test]
fn conditional_rules_need_a_default_after_them() {
    // No default at all for levels 0-1.
    let needs = "          - {levels: 0-1, extent: advisory, when: \"CX.1 == yes\"}\n          - {levels: 2-4, extent: capacity}\n";
    assert_problem(
        &with_questions(&rule_question(needs)),
        "the rule for levels 0, 1 of `A1.2` applies only `when: CX.1 == yes`, and no rule without `when` after it covers those levels",
    );
    // The default comes before the conditional rule: the conditional one could never apply.
    let needs = "          - {levels: 0-4, extent: capacity}\n          - {levels: \"2\", extent: advisory, when: \"CX.1 == yes\"}\n";
    assert_problem(
        &with_questions(&rule_question(needs)),
        "the rule for level 2 of `A1.2`",
    );
    // Conditional rules may overlap each other and the default; defaults may not overlap.
    let needs = "          - {levels: 0-2, extent: advisory, when: \"CX.1 == yes\"}\n          - {levels: 1-2, extent: systems, when: \"CX.1 == no\"}\n          - {levels: 0-2, extent: capacity}\n          - {levels: 2-3, extent: capacity}\n";
    let found = problems(&with_questions(&rule_question(needs)));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].contains(
            "level 2 of `A1.2` is covered twice in `needs (among the rules without `when`)`"
        ),
        "{found:#?}"
    );
}

#[test]
fn partner_needs_partner_delivery_and_a_name() {
    let needs = "          - {levels: 0-4, extent: advisory, partner: programme}\n";
    assert_problem(
        &with_questions(&rule_question(needs)),
        "add `delivery: partner` or remove `partner`",
    );
    let needs = "          - {levels: 0-4, extent: advisory, delivery: partner, partner: \" \"}\n";
    assert_problem(&with_questions(&rule_question(needs)), "`partner` is empty");
}

#[test]
fn profile_additions_resolve_and_check_their_choices() {
    let context = "      - id: CX.3
        kind: multi
        text: What does the request ask for?
        choices:
          - {id: WS.LAW, label: Criminal law and procedure}
          - {id: WS.COOP, label: International cooperation}
      - id: CX.4
        kind: single
        text: How urgent?
        choices: [{id: routine, label: R}, {id: priority, label: P}, {id: urgent, label: U}]
      - id: CX.5
        kind: single
        text: Criminal law tradition?
        choices: [{id: civil, label: Civil}, {id: common, label: Common}]
      - id: CX.6
        kind: single
        text: Civil status tradition?
        choices: [{id: customary, label: Customary}, {id: religious, label: Religious}]
  - id: A1
";
    let base = with_top(WORKSTREAMS, "").replace("  - id: A1\n", context);
    let profile = "profile:\n  request: CX.3\n  urgency: CX.4\n  legal_tradition: CX.5\n  civil_status_tradition: CX.6\nsections:";
    let q = Questionnaire::from_source(&base.replace("sections:", profile)).unwrap();
    let index = |id| q.question_index(id);
    assert_eq!(q.profile.request, index("CX.3"));
    assert_eq!(q.profile.urgency, index("CX.4"));
    assert_eq!(
        q.profile.criminal_tradition,
        index("CX.5"),
        "legal_tradition is an alias"
    );
    assert_eq!(q.profile.civil_status_tradition, index("CX.6"));

    let broken = base
        .replace("{id: WS.COOP, label", "{id: WS.COP, label")
        .replace("{id: urgent, label: U}", "{id: urgnet, label: U}")
        .replace("{id: common, label: Common}", "{id: custom, label: Common}")
        .replace("{id: religious, label", "{id: relig, label")
        .replace(
            "sections:",
            "profile:\n  request: CX.3\n  urgency: CX.4\n  criminal_tradition: CX.5\n  legal_tradition: CX.5\n  civil_status_tradition: CX.6\nsections:",
        );
    let found = problems(&broken);
    for needle in [
        "`CX.3` is `profile.request`, so its choice ids must be workstream ids, and `WS.COP` is not one; did you mean `WS.COOP`?",
        "`CX.4` is `profile.urgency`, so its choice ids must be urgency levels, and `urgnet` is not one; did you mean `urgent`?",
        "`CX.5` is `profile.criminal_tradition`, so its choice ids must be legal traditions, and `custom` is not one",
        "`CX.6` is `profile.civil_status_tradition`, so its choice ids must be civil-status traditions, and `relig` is not one",
        "both are given; keep `criminal_tradition`",
    ] {
        assert!(
            found.iter().any(|p| p.contains(needle)),
            "{needle:?} in {found:#?}"
        );
    }
    let no_workstreams =
        with_questions("").replace("sections:", "profile:\n  request: CX.2\nsections:");
    assert_problem(
        &no_workstreams,
        "the questionnaire defines no `workstreams`",
    );
    let wrong_kind = base.replace("sections:", "profile:\n  request: CX.4\nsections:");
    assert_problem(&wrong_kind, "`profile.request` must name a multi question");
}

#[test]
fn risks_and_safeguards_are_read_and_checked() {
    let source = format!(
        "{}      - id: A1.2\n        kind: maturity\n        text: T\n        risks: [security-forces, surveillance]{LADDER}\n",
        with_top(&format!("{WORKSTREAMS}safeguards: WS.COOP\n"), "")
    );
    let q = Questionnaire::from_source(&source).unwrap();
    assert_eq!(q.safeguards, Some(1));
    let question = q.question("A1.2").unwrap();
    assert_eq!(
        question.risks,
        [
            crate::questionnaire::Risk::SecurityForces,
            crate::questionnaire::Risk::Surveillance
        ]
    );
    assert!(q.question("A1.1").unwrap().risks.is_empty());

    let bad = format!(
        "{}      - id: A1.2\n        kind: maturity\n        text: T\n        risks: [survelliance, security-forces, security-forces]{LADDER}\n      - id: A1.3\n        kind: text\n        text: Facts?\n        risks: [surveillance]\n",
        with_top(&format!("{WORKSTREAMS}safeguards: WS.SAFE\n"), "")
    );
    let found = problems(&bad);
    for needle in [
        "unknown risk `survelliance`: write security-forces or surveillance; did you mean `surveillance`?",
        "the risk `security-forces` is listed twice",
        "`risks` applies only to scored questions, and `A1.3` is not scored",
        "`safeguards` names the workstream `WS.SAFE`, which is not defined in `workstreams`",
    ] {
        assert!(
            found.iter().any(|p| p.contains(needle)),
            "expected {needle:?} in {found:#?}"
        );
    }
}
