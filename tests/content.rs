//! The shipped content is product: the questionnaire and roster meet the
//! content issue's bar, and docs/sources.md traces every recommendation of
//! the founding texts to indicators that exist.

use std::collections::{BTreeMap, BTreeSet};

use tana::questionnaire::{Kind, Questionnaire, SectionKind};
use tana::roster::{Proficiency, Region, Roster};

use crate::common::repo;

fn questionnaire() -> Questionnaire {
    Questionnaire::embedded()
}

fn roster() -> Roster {
    Roster::embedded()
}

#[test]
fn the_questionnaire_has_ten_areas_and_fifty_indicators() {
    let q = questionnaire();
    let stats = q.stats();
    assert!(stats.scored_sections >= 10, "{stats:?}");
    assert!(stats.indicators >= 50, "{stats:?}");
    assert!(
        q.sections.iter().any(|s| s.kind == SectionKind::Context),
        "a context module"
    );
    assert!(
        q.questions.iter().filter(|x| x.when.is_some()).count() >= 3,
        "skip logic in a few real places"
    );
}

#[test]
fn every_indicator_is_complete() {
    let q = questionnaire();
    for question in q.questions.iter().filter(|x| x.indicator) {
        let id = &question.id;
        assert!(!question.sources.is_empty(), "{id} has no source");
        assert!(!question.tags.is_empty(), "{id} has no expertise tag");
        assert!(question.guidance.is_some(), "{id} has no guidance");
        assert!(
            question.text.fallback().ends_with('?'),
            "{id} is not a question: {}",
            question.text.fallback()
        );
        assert!(
            matches!(question.kind, Kind::Maturity { .. }),
            "{id} is not a maturity ladder"
        );
        for level in 0..=2 {
            assert!(
                question.need_at(level).is_some(),
                "{id} has no need type for level {level}"
            );
        }
        for level in 0..=3 {
            assert!(
                question.recommendation_at(level).is_some(),
                "{id} has no recommendation for level {level}"
            );
        }
    }
}

#[test]
fn ids_follow_one_scheme() {
    let q = questionnaire();
    for section in &q.sections {
        for (n, question) in q
            .section_questions(q.sections.iter().position(|s| s.id == section.id).unwrap())
            .iter()
            .enumerate()
        {
            assert_eq!(
                question.id,
                format!("{}.{}", section.id, n + 1),
                "ids read SECTION.N in order"
            );
        }
    }
}

#[test]
fn every_tag_is_held_by_at_least_three_experts() {
    let r = roster();
    let mut holders: BTreeMap<&str, usize> = r.tags.keys().map(|t| (t.as_str(), 0)).collect();
    for expert in &r.experts {
        for tag in &expert.expertise {
            *holders.get_mut(tag.as_str()).unwrap() += 1;
        }
    }
    for (tag, count) in &holders {
        assert!(*count >= 3, "the tag {tag} is held by {count} experts");
    }
    for question in &questionnaire().questions {
        for tag in &question.tags {
            assert!(
                holders.get(tag.as_str()).is_some_and(|c| *c >= 3),
                "{} uses {tag}, which no expert holds",
                question.id
            );
        }
    }
}

/// Issue 9: each tag can be staffed with at least two experts in every
/// official UN language, so that a team can work in the State's first
/// language whichever it is (one expert is no choice and no back-up).
#[test]
fn every_tag_has_two_experts_in_each_un_language() {
    let r = roster();
    let mut thin = Vec::new();
    for tag in r.tags.keys() {
        for language in ["ar", "zh", "en", "fr", "ru", "es"] {
            let n = r
                .experts
                .iter()
                .filter(|e| {
                    e.expertise.contains(tag)
                        && e.speaks(language)
                            .is_some_and(|p| p >= Proficiency::Working)
                })
                .count();
            if n < 2 {
                thin.push(format!("{tag} in {language}: {n}"));
            }
        }
    }
    assert!(thin.is_empty(), "too few experts: {thin:?}");
}

#[test]
fn the_roster_is_large_and_diverse() {
    let r = roster();
    assert!(r.experts.len() >= 60, "{} experts", r.experts.len());
    assert!(r.notice.as_deref().unwrap_or("").contains("fictitious"));
    let source = tana::defaults::ROSTER;
    assert!(
        source
            .lines()
            .take(10)
            .any(|l| l.starts_with('#') && l.to_lowercase().contains("fictitious")),
        "the header says so"
    );
    for region in Region::ALL {
        let n = r
            .experts
            .iter()
            .filter(|e| e.regions.contains(&region))
            .count();
        assert!(n >= 5, "{} experts with experience in {}", n, region.name());
    }
    for language in ["ar", "zh", "en", "fr", "ru", "es", "pt", "sw"] {
        let n = r
            .experts
            .iter()
            .filter(|e| {
                e.speaks(language)
                    .is_some_and(|p| p >= Proficiency::Working)
            })
            .count();
        assert!(n >= 3, "{n} experts work in {language}");
    }
    let sectors: BTreeSet<_> = r.experts.iter().map(|e| e.sector).collect();
    assert_eq!(sectors.len(), 5, "every sector");
    let traditions: BTreeSet<_> = r
        .experts
        .iter()
        .flat_map(|e| e.legal_traditions.iter().copied())
        .collect();
    assert_eq!(traditions.len(), 3, "common, civil and mixed");
    let women = r
        .experts
        .iter()
        .filter(|e| e.gender.as_deref() == Some("female"))
        .count();
    let men = r
        .experts
        .iter()
        .filter(|e| e.gender.as_deref() == Some("male"))
        .count();
    assert!(
        women.abs_diff(men) * 5 <= women + men,
        "balanced genders: {women} women, {men} men"
    );
    assert!(
        r.experts
            .iter()
            .filter(|e| !e.affiliations.is_empty())
            .count()
            >= 5,
        "affiliations to catch"
    );
    assert!(
        r.experts.iter().any(|e| e.availability.is_empty()),
        "someone is never available"
    );
}

#[test]
fn docs_sources_is_the_generated_traceability() {
    let q = questionnaire();
    let trace = tana::trace::Trace::embedded();
    let generated = trace.render(&q);
    let text = std::fs::read_to_string(repo().join("docs/sources.md")).unwrap();
    assert!(
        text == generated,
        "docs/sources.md is not what `tana trace` generates; run `cargo run -- trace > docs/sources.md`"
    );
}

#[test]
fn the_traceability_and_the_sources_fields_agree() {
    let q = questionnaire();
    let problems = tana::trace::Trace::embedded().disagreements(&q);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_traceability_lists_every_recommendation_of_the_seeds() {
    let trace = tana::trace::Trace::embedded();
    let items: BTreeSet<&str> = trace.items.iter().map(|i| i.item.as_str()).collect();
    let mut required = vec![
        "000 ¶34".to_string(),
        "000 ¶35".into(),
        "000 ¶38".into(),
        "000 ¶39 Resources".into(),
    ];
    required.extend(["a", "b", "d", "e"].iter().map(|x| format!("000 ¶36({x})")));
    // (letter, listed as an item itself, number of sub-items (i), (ii), …)
    let romans = ["i", "ii", "iii", "iv", "v", "vi", "vii"];
    for (letter, whole, subs) in [
        ("a", true, 0),
        ("b", true, 7),
        ("c", true, 5),
        ("d", true, 0),
        ("e", false, 3),
        ("f", true, 4),
        ("g", false, 3),
    ] {
        if whole {
            required.push(format!("000 ¶39({letter})"));
        }
        required.extend(
            romans[..subs]
                .iter()
                .map(|r| format!("000 ¶39({letter})({r})")),
        );
    }
    required.extend(('a'..='k').map(|x| format!("001 ¶21({x})")));
    required.extend(('a'..='l').map(|x| format!("002 ¶82({x})")));
    required.extend((1..=5).map(|n| format!("004 §2 bullet {n}")));
    for item in &required {
        assert!(
            items.contains(item.as_str()),
            "the traceability has no item {item}"
        );
    }
    for item in &trace.items {
        if let Some(out) = &item.out {
            assert!(
                out.len() > 15,
                "{} is out of scope without a reason",
                item.item
            );
        }
    }
}

#[test]
fn the_questionnaire_uses_the_1_1_model_everywhere() {
    use tana::questionnaire::Extent;
    let q = questionnaire();
    assert_eq!(q.target, 3, "the default target is stated");
    assert!(q.target_set, "the shipped questionnaire states its target");
    let sizing = q.sizing.as_ref().expect("sizing bands");
    for extent in Extent::ALL {
        assert!(
            sizing.band(extent).is_some(),
            "a sizing band for {extent:?}"
        );
    }
    let ids: Vec<&str> = q.workstreams.iter().map(|w| w.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "WS.LAW",
            "WS.COOP",
            "WS.ENFORCE",
            "WS.ISSUANCE",
            "WS.CIVREG",
            "WS.BORDER",
            "WS.PRIVATE",
            "WS.VICTIMS",
            "WS.SAFEGUARDS",
            "WS.GOVERNANCE",
            "WS.CUSTOMS"
        ],
        "the workstreams of the shared model"
    );
    for w in &q.workstreams {
        let description = w.description.as_ref().map_or("", |d| d.fallback());
        assert!(
            description.ends_with('.') && description.len() > 40,
            "{} has a one-sentence description",
            w.id
        );
    }
    for question in q.questions.iter().filter(|x| x.indicator) {
        assert!(
            question.workstream.is_some(),
            "{} belongs to no workstream",
            question.id
        );
        let target = question
            .target
            .or(q.sections[question.section].target)
            .unwrap_or(q.target);
        if target != 3 {
            assert!(
                question.target_reason.is_some()
                    || q.sections[question.section].target_reason.is_some(),
                "{} has target {target} without a `target_reason`",
                question.id
            );
        }
    }
    let profile = &q.profile;
    for (field, index) in [
        ("languages", profile.languages),
        ("criminal_tradition", profile.criminal_tradition),
        ("civil_status_tradition", profile.civil_status_tradition),
        ("region", profile.region),
        ("funding", profile.funding),
        ("request", profile.request),
        ("urgency", profile.urgency),
    ] {
        assert!(index.is_some(), "profile.{field} is set");
    }
    let request = &q.questions[profile.request.unwrap()];
    let labels: Vec<(&str, &str)> = request
        .kind
        .choices()
        .iter()
        .map(|c| (c.id.as_str(), c.label.fallback()))
        .collect();
    let expected: Vec<(&str, &str)> = q
        .workstreams
        .iter()
        .map(|w| (w.id.as_str(), w.title.fallback()))
        .collect();
    assert_eq!(
        labels, expected,
        "the request's choices are the workstreams, by title"
    );
}

/// Partners whose mandate depends on the State's position are named only
/// under a condition on that position (rubric criterion 8); a rule that says
/// `partner` always names its partner; bodies that assess rather than assist
/// are never partners; the office works alone only in its own lane.
#[test]
fn delivery_rules_name_conditional_partners_only_on_a_condition() {
    use tana::questionnaire::{Delivery, Partner};
    let q = questionnaire();
    let conditional = ["Council of Europe"];
    let mut conditional_rules = 0;
    for question in q.questions.iter().filter(|x| x.indicator) {
        for rule in &question.needs {
            let id = &question.id;
            let partner = match &rule.partner {
                Some(Partner::Named(name)) => Some(name.as_str()),
                Some(Partner::Programme) => Some("programme"),
                None => None,
            };
            if rule.delivery == Some(Delivery::Partner) {
                assert!(
                    partner.is_some(),
                    "{id}: a partner-led rule names no partner"
                );
            }
            if let Some(name) = partner {
                assert!(
                    !name.contains("FATF"),
                    "{id}: {name} assesses, it does not deliver assistance"
                );
                if conditional.contains(&name) || name == "programme" {
                    assert!(
                        rule.when.is_some(),
                        "{id}: {name} is named without a condition on the State's position"
                    );
                    conditional_rules += 1;
                }
            }
            assert!(
                rule.delivery.is_some(),
                "{id}: every rule of the shipped content says how it is delivered"
            );
        }
    }
    assert!(
        conditional_rules > 20,
        "{conditional_rules} conditional rules"
    );
}

/// Every indicator names its need and its workstream, and a target other
/// than the default says why.
#[test]
fn every_indicator_has_a_title_a_workstream_and_a_reasoned_target() {
    let q = questionnaire();
    for (index, question) in q.questions.iter().enumerate().filter(|(_, x)| x.indicator) {
        let id = &question.id;
        assert!(question.title.is_some(), "{id} has no need title");
        assert!(q.workstream_of(index).is_some(), "{id} has no workstream");
        if let Some(target) = question.target
            && target != q.target
        {
            assert!(
                question.target_reason.is_some(),
                "{id}: target {target} without a reason"
            );
        }
    }
}

/// The demo session is made with the shipped questionnaire as it is now, so
/// `tana demo` never reports a changed questionnaire, and every answer fits.
#[test]
fn the_demo_session_matches_the_shipped_questionnaire() {
    let q = questionnaire();
    let session =
        tana::session::Session::from_source(tana::demo::SESSION).expect("the demo parses");
    assert_eq!(session.questionnaire.version, q.version);
    assert_eq!(
        session.questionnaire.hash, q.hash,
        "set the demo's questionnaire hash to the shipped questionnaire's (sha256sum questionnaires/idcrime.yaml)"
    );
    let check = session.check_against(&q);
    assert!(check.misfits.is_empty(), "{:?}", check.misfits);
    assert!(check.orphans.is_empty(), "{:?}", check.orphans);
}

/// Every citation of the questionnaire decodes to an entry of the references
/// table, and every cited article, paragraph or recommendation number lies in
/// the instrument's range (the table records how many articles each has).
#[test]
fn every_citation_decodes_and_cites_an_article_in_range() {
    let q = questionnaire();
    let references = tana::references::References::embedded();
    let unknown = references.unknown_citations(&q);
    assert!(
        unknown.is_empty(),
        "citations no entry of questionnaires/references.yaml decodes: {unknown:?}"
    );
    let mut checked = 0;
    for question in &q.questions {
        for source in &question.sources {
            let citation = references.find(source).expect("decoded above");
            assert!(
                citation.in_range(),
                "{}: `{source}` cites a number outside {} ({:?})",
                question.id,
                citation.entry.code,
                citation.entry.range
            );
            if citation.number.is_some() && citation.entry.range.is_some() {
                checked += 1;
            }
        }
    }
    assert!(checked > 300, "only {checked} numbered citations checked");
    for code in [
        "UNTOC",
        "UNCAC",
        "Budapest Convention",
        "UN Convention against Cybercrime",
        "Smuggling Protocol",
        "Trafficking Protocol",
    ] {
        let entry = references
            .entry(code)
            .unwrap_or_else(|| panic!("no entry {code}"));
        assert!(entry.range.is_some(), "{code} has no article range");
    }
}
