//! Validation of a raw roster: unique expert ids (both places named), known
//! tags, regions and country codes, ordered availability windows.

use std::collections::HashMap;

use super::raw::{RawExpert, RawRoster};
use super::{Affiliation, EmployerKind, Expert, Proficiency, Region, Roster, SectorInterest};
use crate::problem::{Loc, Problem, Problems, did_you_mean};
use crate::questionnaire::validate::{is_valid_id, is_valid_tag};
use crate::yaml::{loc, parse_date};

pub const FORMAT_VERSION: u32 = 1;

/// Affiliation kinds a roster may declare.
pub const AFFILIATION_KINDS: [&str; 6] = [
    "supplier",
    "government",
    "international",
    "ngo",
    "academia",
    "other",
];

/// Checks an ISO 3166-1 alpha-2 shape (two capital letters).
pub fn is_country_code(code: &str) -> bool {
    code.len() == 2 && code.chars().all(|c| c.is_ascii_uppercase())
}

pub fn validate(raw: RawRoster, source: &str) -> Result<Roster, Vec<Problem>> {
    let mut problems = Problems::new();
    if raw.format.value != FORMAT_VERSION {
        problems.add(
            loc(&raw.format),
            format!(
                "this file is roster format {}, but this tana reads format {FORMAT_VERSION}",
                raw.format.value
            ),
        );
    }
    for tag in raw.tags.value.keys() {
        if !is_valid_tag(tag) {
            problems.add(loc(&raw.tags), format!("the tag `{tag}` must be written in capitals, digits and dashes, such as `LEG-DRAFT`"));
        }
    }
    if raw.tags.value.is_empty() {
        problems.add(
            loc(&raw.tags),
            "`tags` is empty; list the expertise vocabulary, tag: description",
        );
    }
    if raw.experts.value.is_empty() {
        problems.add(loc(&raw.experts), "the roster has no experts");
    }
    let tag_names: Vec<&str> = raw.tags.value.keys().map(String::as_str).collect();
    let mut seen: HashMap<&str, Loc> = HashMap::new();
    let mut experts = Vec::with_capacity(raw.experts.value.len());
    for expert in &raw.experts.value {
        let at = loc(&expert.id);
        if let Some(first) = seen.get(expert.id.value.as_str()) {
            problems.add(
                at,
                format!(
                    "the expert id `{}` is used twice: first at {first}, again here",
                    expert.id.value
                ),
            );
        } else {
            seen.insert(&expert.id.value, at);
        }
        experts.push(validate_expert(expert, &tag_names, source, &mut problems));
    }
    if !problems.is_empty() {
        return Err(problems.into_sorted());
    }
    Ok(Roster {
        title: raw.title,
        notice: raw.notice,
        tags: raw.tags.value,
        experts,
    })
}

#[allow(clippy::too_many_lines)] // a flat list of field checks, in file order
fn validate_expert(
    raw: &RawExpert,
    tag_names: &[&str],
    source: &str,
    problems: &mut Problems,
) -> Expert {
    let at = loc(&raw.id);
    let id = &raw.id.value;
    if !is_valid_id(id) {
        problems.add(at, format!("the expert id `{id}` must start with a letter and use only letters, digits, `_`, `-` and `.`"));
    }
    if raw.name.value.trim().is_empty() {
        problems.add(loc(&raw.name), format!("expert `{id}` has an empty name"));
    }
    let nationality = super::raw::OneOrMany::to_vec(&raw.nationality, source);
    if nationality.is_empty() {
        problems.add(
            loc(&raw.nationality),
            format!("expert `{id}` has no nationality"),
        );
    }
    for code in nationality
        .iter()
        .chain(std::iter::once(&raw.residence.value))
    {
        if !is_country_code(code) {
            problems.add(
                loc(&raw.nationality),
                format!("`{code}` is not a country code; use ISO 3166-1 alpha-2 capitals such as `KE` or `FR`"),
            );
        }
    }
    let mut regions = Vec::new();
    for region in &raw.regions.value {
        match Region::parse(&region.value) {
            Some(r) => regions.push(r),
            None => problems.add(
                loc(region),
                format!(
                    "`{}` is not a region{} (regions: {})",
                    region.value,
                    did_you_mean(&region.value, Region::NAMES),
                    Region::NAMES.join(", ")
                ),
            ),
        }
    }
    if raw.languages.value.0.is_empty() {
        problems.add(
            loc(&raw.languages),
            format!("expert `{id}` lists no languages"),
        );
    }
    for (code, _) in &raw.languages.value.0 {
        if let Err(fault) = crate::iso639::check(&code.value) {
            problems.add(loc(code), language_fault(&code.value, &fault));
        }
    }
    let mut expertise = Vec::new();
    let mut tag_ids = Vec::new();
    for tag in &raw.expertise.value {
        match tag_names.iter().position(|t| *t == tag.value) {
            Some(i) => {
                tag_ids.push(u16::try_from(i).unwrap_or(u16::MAX));
                expertise.push(tag.value.clone());
            }
            None => problems.add(
                loc(tag),
                format!(
                    "`{}` is not in the roster's `tags`{} (tags: {})",
                    tag.value,
                    did_you_mean(&tag.value.to_uppercase(), tag_names.iter().copied()),
                    tag_names.join(", ")
                ),
            ),
        }
    }
    if raw.expertise.value.is_empty() {
        problems.add(
            loc(&raw.expertise),
            format!("expert `{id}` lists no expertise"),
        );
    }
    let mut availability = Vec::new();
    for window in &raw.availability {
        if let (Some(from), Some(to)) = (
            parse_date(&window.from, problems),
            parse_date(&window.to, problems),
        ) {
            if from > to {
                problems.add(
                    loc(&window.to),
                    format!("the window ends ({to}) before it starts ({from})"),
                );
            }
            availability.push((from, to));
        }
    }
    let employer_kind = raw.employer_kind.as_ref().and_then(|kind| {
        let parsed = EmployerKind::parse(&kind.value);
        if parsed.is_none() {
            problems.add(
                loc(kind),
                format!(
                    "`{}` is not an employer kind{} (kinds: {})",
                    kind.value,
                    did_you_mean(&kind.value, EmployerKind::NAMES),
                    EmployerKind::NAMES.join(", ")
                ),
            );
        }
        parsed
    });
    let mut sector_interest = Vec::new();
    for interest in &raw.sector_interest {
        match SectorInterest::parse(&interest.value) {
            Some(s) if sector_interest.contains(&s) => problems.add(
                loc(interest),
                format!("the sector interest `{}` is listed twice", interest.value),
            ),
            Some(s) => sector_interest.push(s),
            None => problems.add(
                loc(interest),
                format!(
                    "`{}` is not a sector interest{} (sectors: {})",
                    interest.value,
                    did_you_mean(&interest.value, SectorInterest::NAMES),
                    SectorInterest::NAMES.join(", ")
                ),
            ),
        }
    }
    let affiliations = raw
        .affiliations
        .iter()
        .map(|a| {
            if !AFFILIATION_KINDS.contains(&a.kind.value.as_str()) {
                problems.add(
                    loc(&a.kind),
                    format!(
                        "`{}` is not an affiliation kind{} (kinds: {})",
                        a.kind.value,
                        did_you_mean(&a.kind.value, AFFILIATION_KINDS),
                        AFFILIATION_KINDS.join(", ")
                    ),
                );
            }
            if a.organisation.value.trim().is_empty() {
                problems.add(
                    loc(&a.organisation),
                    "the affiliation names no organisation",
                );
            }
            Affiliation {
                organisation: a.organisation.value.clone(),
                kind: a.kind.value.clone(),
                country: a.country.clone(),
            }
        })
        .collect();
    Expert {
        id: id.clone(),
        name: raw.name.value.clone(),
        gender: raw.gender.clone(),
        sector: raw.sector,
        organisation: raw.organisation.clone(),
        employer_kind,
        sector_interest,
        nationality,
        residence: raw.residence.value.clone(),
        regions,
        languages: {
            let mut languages: Vec<(String, Proficiency)> = raw
                .languages
                .value
                .0
                .iter()
                .map(|(l, p)| (l.value.clone(), *p))
                .collect();
            languages.sort_by(|a, b| a.0.cmp(&b.0));
            languages
        },
        legal_traditions: raw.legal_traditions.clone(),
        expertise,
        tag_ids,
        levels: raw.levels.clone(),
        role: raw.role,
        availability,
        affiliations,
        prior_missions: raw.prior_missions,
        loc: at,
    }
}

/// Why `code` is not a language code a roster takes, and what to write.
fn language_fault(code: &str, fault: &crate::iso639::Fault) -> String {
    use crate::iso639::Fault;
    match fault {
        Fault::Case { meant } => {
            format!("`{code}`: language codes are written in lower case; write `{meant}`")
        }
        Fault::ThreeLetter { meant } => format!(
            "`{code}` is a three-letter code of a language that has a two-letter one; write `{meant}`"
        ),
        Fault::Name { meant } => format!(
            "`{code}` is not a language code; write its ISO 639-1 code in lower case: `{meant}`"
        ),
        Fault::Unknown { near: Some(near) } => {
            format!("`{code}` is not an ISO 639-1 language code; did you mean `{near}`?")
        }
        Fault::Unknown { near: None } => format!(
            "`{code}` is not an ISO 639-1 language code; write the two-letter code in lower case, such as `en`, `fr` or `ar`"
        ),
    }
}

#[cfg(test)]
mod tests {
    use crate::roster::Roster;

    const BASE: &str = "tana-roster: 1
title: Test roster
notice: Fictitious.
tags:
  LEG-DRAFT: Legislative drafting
  ID-CRVS: Civil registration
experts:
  - id: E1
    name: Ama Test
    sector: public
    organisation: Ministry
    nationality: KE
    residence: KE
    regions: [africa]
    languages: {en: native, sw: fluent}
    legal_traditions: [common]
    expertise: [LEG-DRAFT]
    role: both
    availability:
      - {from: 2026-01-01, to: 2026-12-31}
";

    fn problems(source: &str) -> Vec<String> {
        match Roster::from_source(source) {
            Ok(_) => Vec::new(),
            Err(ps) => ps
                .into_iter()
                .map(|p| format!("{}:{}: {}", p.line, p.column, p.message))
                .collect(),
        }
    }

    fn assert_problem(source: &str, needle: &str) {
        let found = problems(source);
        assert!(
            found.iter().any(|p| p.contains(needle)),
            "expected {needle:?} in {found:#?}"
        );
    }

    #[test]
    fn country_codes_are_strings_even_when_yaml_reads_a_boolean() {
        let norway = BASE.replace(
            "nationality: KE\n    residence: KE",
            "nationality: NO\n    residence: NO",
        );
        let roster = Roster::from_source(&norway).unwrap();
        assert_eq!(roster.experts[0].nationality, vec!["NO"], "NO is Norway");
        assert_eq!(roster.experts[0].residence, "NO");
        let dual = BASE.replace("nationality: KE", "nationality: [NO, KE]");
        assert_eq!(
            Roster::from_source(&dual).unwrap().experts[0].nationality,
            vec!["NO", "KE"]
        );
        let quoted = BASE.replace("nationality: KE", "nationality: \"NO\"");
        assert_eq!(
            Roster::from_source(&quoted).unwrap().experts[0].nationality,
            vec!["NO"]
        );
        let affiliated = BASE.to_string()
            + "    affiliations:\n      - {organisation: Statens vegvesen, kind: government, country: NO}\n";
        let roster = Roster::from_source(&affiliated).unwrap();
        assert_eq!(
            roster.experts[0].affiliations[0].country.as_deref(),
            Some("NO")
        );
        assert_problem(
            &BASE.replace("nationality: KE", "nationality: yes"),
            "`yes` is not a country code",
        );
    }

    #[test]
    fn employer_kind_and_sector_interest_are_checked() {
        let source = BASE.replace(
            "    role: both\n",
            "    role: both\n    employer_kind: regulated-entity\n    sector_interest: [banking, virtual-assets]\n",
        );
        let roster = Roster::from_source(&source).unwrap();
        let expert = &roster.experts[0];
        assert_eq!(
            expert.employer_kind,
            Some(crate::roster::EmployerKind::RegulatedEntity)
        );
        assert_eq!(
            expert.sector_interest,
            vec![
                crate::roster::SectorInterest::Banking,
                crate::roster::SectorInterest::VirtualAssets
            ]
        );
        assert!(
            Roster::from_source(BASE).unwrap().experts[0]
                .employer_kind
                .is_none()
        );
        let bad = BASE.replace(
            "    role: both\n",
            "    role: both\n    employer_kind: suplier\n    sector_interest: [bankng, telecom, telecom]\n",
        );
        let found = problems(&bad);
        for needle in [
            "`suplier` is not an employer kind; did you mean `supplier`?",
            "`bankng` is not a sector interest; did you mean `banking`?",
            "the sector interest `telecom` is listed twice",
        ] {
            assert!(
                found.iter().any(|p| p.contains(needle)),
                "{needle:?} in {found:#?}"
            );
        }
        assert_eq!(found.len(), 3, "all at once: {found:#?}");
    }

    #[test]
    fn base_roster_is_valid() {
        let roster = Roster::from_source(BASE).unwrap();
        assert_eq!(roster.experts.len(), 1);
        assert_eq!(roster.experts[0].nationality, vec!["KE"]);
        assert_eq!(roster.experts[0].tag_ids, vec![1]);
    }

    #[test]
    fn duplicate_expert_names_both_places() {
        let second = BASE.split("experts:\n").nth(1).unwrap();
        let source = format!("{BASE}{second}");
        assert_problem(
            &source,
            "expert id `E1` is used twice: first at line 8, column 9",
        );
    }

    #[test]
    fn unknown_tag_region_and_kind_suggest_names() {
        assert_problem(
            &BASE.replace("[LEG-DRAFT]", "[LEG-DRAF]"),
            "did you mean `LEG-DRAFT`?",
        );
        assert_problem(
            &BASE.replace("[africa]", "[afrika]"),
            "did you mean `africa`?",
        );
        let with_affiliation = BASE.to_string()
            + "    affiliations:\n      - {organisation: Veridex, kind: suplier}\n";
        assert_problem(&with_affiliation, "did you mean `supplier`?");
    }

    #[test]
    fn dates_and_windows_are_checked() {
        assert_problem(&BASE.replace("2026-12-31", "2026-13-40"), "is not a date");
        assert_problem(
            &BASE.replace("2026-12-31", "2025-12-31"),
            "ends (2025-12-31) before it starts",
        );
    }

    #[test]
    fn country_codes_are_checked() {
        assert_problem(
            &BASE.replace("nationality: KE", "nationality: Kenya"),
            "`Kenya` is not a country code",
        );
    }

    #[test]
    fn unknown_proficiency_and_typos() {
        assert_problem(
            &BASE.replace("sw: fluent", "sw: fluant"),
            "did you mean `fluent`?",
        );
        assert_problem(
            &BASE.replace("role: both", "rol: both"),
            "did you mean `role`?",
        );
    }

    #[test]
    fn language_codes_are_checked_on_their_key() {
        let found = problems(&BASE.replace(
            "languages: {en: native, sw: fluent}",
            "languages: {EN: native, english: fluent, xx: working, fra: basic, sw: fluent, prs: basic}",
        ));
        assert_eq!(
            found,
            [
                "15:17: `EN`: language codes are written in lower case; write `en`",
                "15:29: `english` is not a language code; write its ISO 639-1 code in lower case: `en`",
                "15:46: `xx` is not an ISO 639-1 language code; write the two-letter code in lower case, such as `en`, `fr` or `ar`",
                "15:59: `fra` is a three-letter code of a language that has a two-letter one; write `fr`",
            ]
        );
        let block = BASE.replace(
            "languages: {en: native, sw: fluent}",
            "languages:\n      en: native\n      Swahili: fluent",
        );
        assert_eq!(
            problems(&block),
            [
                "17:7: `Swahili` is not a language code; write its ISO 639-1 code in lower case: `sw`"
            ]
        );
    }

    #[test]
    fn availability_and_languages_are_read() {
        let roster = Roster::from_source(BASE).unwrap();
        let e = &roster.experts[0];
        let d = |s: &str| s.parse().unwrap();
        assert_eq!(e.availability, [(d("2026-01-01"), d("2026-12-31"))]);
        assert_eq!(e.speaks("sw"), Some(crate::roster::Proficiency::Fluent));
        assert_eq!(e.speaks("fr"), None);
        // A State's `sw-KE` is heard in an expert's `sw`.
        assert_eq!(e.speaks("sw-KE"), Some(crate::roster::Proficiency::Fluent));
    }
}
