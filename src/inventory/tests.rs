//! The inventory loader: a valid file, every field check (all problems at
//! once, located, with the nearest word), duplicate ids naming both places,
//! and the check against a questionnaire (tags, indicators, conditions).

use super::*;

const BASE: &str = "tana-inventory: 1
title: Test inventory
notice: For tests.
materials:
  - id: MAT.A
    title: Handbook
    publisher: UNODC
    year: 2011
    kind: handbook
    languages: [en, fr]
    tags: [LEG-DRAFT]
    indicators: [A.1]
    url: https://example.org/handbook
providers:
  - id: PRV.A
    name: A programme
    short: A
    kind: un
    tags: [LEG-DRAFT]
    extents: [advisory, capacity]
    regions: [africa]
    languages: [fr]
    modes: [remote]
    when: \"C.treaty == party\"
    condition: For parties to the treaty.
";

const QUESTIONNAIRE: &str = "tana-questionnaire: 1
id: t
version: \"1\"
title: T
sections:
  - id: A
    title: A
    questions:
      - {id: A.1, kind: maturity, text: T, tags: [LEG-DRAFT], levels: {0: a, 1: b, 2: c, 3: d, 4: e}}
      - {id: A.2, kind: maturity, text: T, tags: [TRAVEL-DOC], levels: {0: a, 1: b, 2: c, 3: d, 4: e}}
  - id: C
    kind: context
    title: C
    questions:
      - id: C.treaty
        kind: single
        text: Treaty?
        choices: [{id: party, label: Party}, {id: not-party, label: Not a party}]
";

fn problems(source: &str) -> Vec<String> {
    match Inventory::from_source(source) {
        Ok(_) => Vec::new(),
        Err(ps) => ps
            .into_iter()
            .map(|p| format!("{}:{}: {}", p.line, p.column, p.message))
            .collect(),
    }
}

fn assert_problems(source: &str, needles: &[&str]) {
    let found = problems(source);
    for needle in needles {
        assert!(
            found.iter().any(|p| p.contains(needle)),
            "expected {needle:?} in {found:#?}"
        );
    }
}

#[test]
fn a_valid_inventory_is_read_into_typed_values() {
    let inventory = Inventory::from_source(BASE).unwrap();
    let m = &inventory.materials[0];
    assert_eq!(m.kind, MaterialKind::Handbook);
    assert_eq!(m.year, Some(2011));
    assert!(m.in_language("fr") && m.in_language("fr-CA") && !m.in_language("ar"));
    let p = &inventory.providers[0];
    assert_eq!(p.kind, ProviderKind::Un);
    assert_eq!(p.short.as_deref(), Some("A"));
    assert_eq!(p.extents, [Extent::Advisory, Extent::Capacity]);
    assert!(p.delivers(Extent::Capacity) && !p.delivers(Extent::Systems));
    assert_eq!(p.regions, Regions::Only(vec![Region::Africa]));
    assert!(p.regions.cover(Some(Region::Africa)));
    assert!(!p.regions.cover(Some(Region::AsiaPacific)));
    assert!(p.regions.cover(None), "an unknown region fits");
    assert_eq!(p.modes, [Mode::Remote]);
    assert!(p.when.is_some());
    assert_eq!(p.condition.as_deref(), Some("For parties to the treaty."));
    assert_eq!(
        inventory.stats(),
        Stats {
            materials: 1,
            providers: 1
        }
    );
}

#[test]
fn defaults_regions_all_extents_any_languages_not_recorded() {
    let source = "tana-inventory: 1\ntitle: T\nproviders:\n  - {id: P, name: N, kind: ngo, tags: [STATS]}\n  - {id: Q, name: N, kind: ngo, tags: [STATS], regions: all}\n";
    let inventory = Inventory::from_source(source).unwrap();
    for p in &inventory.providers {
        assert_eq!(p.regions, Regions::All);
        assert!(p.delivers(Extent::Infrastructure));
        assert!(p.languages.is_empty());
    }
}

#[test]
fn every_field_problem_is_reported_at_once_with_the_nearest_word() {
    let bad = BASE
        .replace("kind: handbook", "kind: handbok")
        .replace("year: 2011", "year: 11")
        .replace("languages: [en, fr]", "languages: [en, French]")
        .replace(
            "tags: [LEG-DRAFT]\n    indicators",
            "tags: [leg-draft]\n    indicators",
        )
        .replace("https://example.org/handbook", "www.example.org")
        .replace("kind: un", "kind: UN-agency")
        .replace("[advisory, capacity]", "[advisory, capasity, advisory]")
        .replace("regions: [africa]", "regions: [afrika]")
        .replace("modes: [remote]", "modes: [remot]")
        .replace("C.treaty == party", "C.treaty ==");
    let found = problems(&bad);
    for needle in [
        "`handbok` is not a kind of material; did you mean `handbook`?",
        "`11` is not a year of publication",
        "`French` is not a language code",
        "the tag `leg-draft` must be written in capitals",
        "`www.example.org` is not a web address",
        "`UN-agency` is not a kind of provider",
        "`capasity` is not an extent of assistance; did you mean `capacity`?",
        "the extent `advisory` is listed twice",
        "`afrika` is not a region; did you mean `africa`?",
        "`remot` is not a delivery mode; did you mean `remote`?",
        "in the `when` condition of `PRV.A`, at character",
    ] {
        assert!(
            found.iter().any(|p| p.contains(needle)),
            "{needle:?} in {found:#?}"
        );
    }
    assert_eq!(found.len(), 11, "all at once, nothing else: {found:#?}");
    // Located: the material's kind is on line 9, column 11.
    assert!(
        found.iter().any(|p| p.starts_with("9:11: `handbok`")),
        "{found:#?}"
    );
}

#[test]
fn duplicate_ids_across_materials_and_providers_name_both_places() {
    let source = BASE.replace("id: PRV.A", "id: MAT.A");
    assert_problems(
        &source,
        &["the id `MAT.A` is used twice: first at line 5, column 9, again here"],
    );
}

#[test]
fn unknown_fields_suggest_the_nearest_name() {
    assert_problems(
        &BASE.replace("publisher: UNODC", "publsher: UNODC"),
        &["unknown field `publsher`; did you mean `publisher`?"],
    );
    assert_problems(
        &BASE.replace("    modes: [remote]\n", "    mode: [remote]\n"),
        &["unknown field `mode`; did you mean `modes`?"],
    );
}

#[test]
fn entries_that_can_never_fit_and_conditions_without_words_are_refused() {
    let source = "tana-inventory: 1\ntitle: T\nmaterials:\n  - {id: M, title: T, publisher: P, kind: guide, languages: []}\nproviders:\n  - {id: P, name: N, short: \" \", kind: ngo, tags: [], when: \"C.x == yes\"}\n";
    assert_problems(
        source,
        &[
            "`M` names neither `tags` nor `indicators`",
            "`M` lists no languages",
            "`P` lists no `tags`",
            "`P` has a `when` condition but no `condition` saying it in words",
            "`P` has an empty `short`",
        ],
    );
    assert_problems(
        "tana-inventory: 2\ntitle: T\nmaterials: []\n",
        &[
            "inventory format 2, but this tana reads format 1",
            "lists neither `materials` nor `providers`",
        ],
    );
}

#[test]
fn references_are_checked_against_the_questionnaire() {
    let questionnaire = Questionnaire::from_source(QUESTIONNAIRE).unwrap();
    let inventory = Inventory::from_source(BASE).unwrap();
    assert!(inventory.check_against(&questionnaire).is_empty());
    let bad = BASE
        .replace(
            "tags: [LEG-DRAFT]\n    indicators",
            "tags: [LEG-DRAF]\n    indicators",
        )
        .replace("indicators: [A.1]", "indicators: [A.9, A]")
        .replace(
            "C.treaty == party",
            "C.treatty == party or C.treaty == invited",
        );
    let inventory = Inventory::from_source(&bad).unwrap();
    let found: Vec<String> = inventory
        .check_against(&questionnaire)
        .into_iter()
        .map(|p| format!("{}:{}: {}", p.line, p.column, p.message))
        .collect();
    for needle in [
        "11:12: `MAT.A` names the tag `LEG-DRAF`, which no question of questionnaire `t` carries, so it can never fit a need; did you mean `LEG-DRAFT`?",
        "12:18: `MAT.A` names `A.9`, which is not an indicator or scored area of questionnaire `t`; did you mean `A.1`?",
        "refers to `C.treatty`, which is not a question of questionnaire `t`; did you mean `C.treaty`?",
        "`invited` is not a choice of `C.treaty`",
    ] {
        assert!(
            found.iter().any(|p| p.contains(needle)),
            "{needle:?} in {found:#?}"
        );
    }
    assert_eq!(found.len(), 4, "the area id `A` is accepted: {found:#?}");
}

#[test]
fn the_embedded_inventory_is_valid_against_the_shipped_questionnaire() {
    let inventory = Inventory::embedded();
    let problems = inventory.check_against(&Questionnaire::embedded());
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(inventory.materials.len() >= 10 && inventory.providers.len() >= 8);
    assert!(
        inventory
            .materials
            .iter()
            .any(|m| m.title == "Handbook on Identity-related Crime" && m.year == Some(2011))
    );
    assert!(
        inventory
            .notice
            .as_deref()
            .is_some_and(|n| n.contains("checked")),
        "the file says what it is"
    );
}

#[test]
fn the_alias_budget_applies() {
    // 1,500 aliases of one scalar: more than the inventory's budget of 1,000.
    let aliases = vec!["*t"; 1_500].join(", ");
    let source = format!(
        "tana-inventory: 1\ntitle: T\nproviders:\n  - id: P\n    name: N\n    kind: ngo\n    tags: [&t STATS, {aliases}]\n"
    );
    let found = problems(&source);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].contains("anchors and aliases"), "{found:#?}");
}
