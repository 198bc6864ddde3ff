//! Turns the raw references file into checked entries, collecting every
//! problem with its place: unique codes and aliases, known kinds and
//! numberings, ranges that make sense, and subjects whose article lies in
//! the instrument's range.

use std::collections::HashMap;

use super::raw::{RawInstrument, RawReferences, RawSeed};
use super::{Entry, Kind, Subject};
use crate::problem::{Loc, Problem, did_you_mean};
use crate::yaml::loc;

/// The numberings a seed may have, with the unit each is cited with.
const NUMBERINGS: [(&str, Option<&str>); 3] = [
    ("paragraph", Some("¶")),
    ("section", Some("§")),
    ("none", None),
];

pub(super) fn validate(raw: &RawReferences) -> Result<Vec<Entry>, Vec<Problem>> {
    let mut problems = Vec::new();
    if raw.format.value != super::FORMAT_VERSION {
        problems.push(Problem::at(
            loc(&raw.format),
            format!(
                "this references file is format {}, and tana reads `tana-references: {}`",
                raw.format.value,
                super::FORMAT_VERSION
            ),
        ));
    }
    let mut entries = Vec::new();
    for seed in &raw.seeds {
        entries.push(validate_seed(seed, &mut problems));
    }
    for instrument in &raw.instruments {
        entries.push(validate_instrument(instrument, &mut problems));
    }
    // Codes and aliases are unique across seeds and instruments.
    let mut seen: HashMap<String, Loc> = HashMap::new();
    let names = raw.seeds.iter().map(|s| &s.code).chain(
        raw.instruments
            .iter()
            .flat_map(|i| std::iter::once(&i.code).chain(i.aliases.iter())),
    );
    for name in names {
        let at = loc(name);
        if name.value.trim().is_empty() || name.value.trim() != name.value {
            problems.push(Problem::at(
                at,
                "a code or alias must be non-empty and have no spaces around it",
            ));
            continue;
        }
        if let Some(first) = seen.get(&name.value) {
            problems.push(Problem::at(
                at,
                format!(
                    "`{}` is used twice as a code or alias (first at line {}); a citation must lead to one entry",
                    name.value, first.line
                ),
            ));
        } else {
            seen.insert(name.value.clone(), at);
        }
    }
    if problems.is_empty() {
        Ok(entries)
    } else {
        problems.sort_by_key(|p| (p.line, p.column));
        Err(problems)
    }
}

fn validate_seed(seed: &RawSeed, problems: &mut Vec<Problem>) -> Entry {
    let code = seed.code.value.clone();
    if code.len() != 3 || !code.chars().all(|c| c.is_ascii_digit()) {
        problems.push(Problem::at(
            loc(&seed.code),
            format!("the seed code `{code}` must be three digits, such as `000`"),
        ));
    }
    let numbering = NUMBERINGS
        .iter()
        .find(|(name, _)| *name == seed.numbering.value);
    let unit = seed.unit.clone().filter(|u| !u.is_empty());
    match numbering {
        None => problems.push(Problem::at(
            loc(&seed.numbering),
            format!(
                "unknown numbering `{}`: write paragraph, section or none{}",
                seed.numbering.value,
                did_you_mean(&seed.numbering.value, NUMBERINGS.iter().map(|(n, _)| *n))
            ),
        )),
        Some((name, expected)) if expected.map(str::to_string) != unit => {
            problems.push(Problem::at(
                loc(&seed.numbering),
                format!(
                    "a seed numbered by {name} is cited with {}, and its unit is {}",
                    expected.map_or_else(|| "no unit".to_string(), |u| format!("`{u}`")),
                    unit.as_deref()
                        .map_or_else(|| "missing".to_string(), |u| format!("`{u}`"))
                ),
            ));
        }
        Some(_) => {}
    }
    let range = seed.range.as_ref().and_then(|r| {
        let [low, high] = r.value;
        if low == 0 || low > high {
            problems.push(Problem::at(
                loc(r),
                format!("the range [{low}, {high}] must run from 1 or more upwards"),
            ));
            None
        } else {
            Some(low..=high)
        }
    });
    if range.is_some() && unit.is_none() {
        problems.push(Problem::at(
            loc(&seed.code),
            format!("the seed `{code}` has a range but no numbering unit"),
        ));
    }
    check_title(&seed.title, problems);
    Entry {
        code,
        aliases: Vec::new(),
        kind: Kind::Seed,
        title: seed.title.value.clone(),
        body: seed.body.clone(),
        symbol: seed.symbol.clone(),
        adopted: None,
        date: seed.date.clone(),
        in_force: None,
        edition: None,
        binding: None,
        unit,
        range,
        url: None,
        file: seed.file.clone(),
        subjects: Vec::new(),
    }
}

fn validate_instrument(raw: &RawInstrument, problems: &mut Vec<Problem>) -> Entry {
    let kind = Kind::parse(&raw.kind.value).unwrap_or_else(|| {
        problems.push(Problem::at(
            loc(&raw.kind),
            format!(
                "unknown kind `{}`: write one of {}{}",
                raw.kind.value,
                Kind::INSTRUMENT_NAMES.join(", "),
                did_you_mean(&raw.kind.value, Kind::INSTRUMENT_NAMES)
            ),
        ));
        Kind::Treaty
    });
    let range = raw.articles.as_ref().and_then(|a| {
        if a.value == 0 {
            problems.push(Problem::at(
                loc(a),
                "`articles` counts the numbered parts and must be 1 or more",
            ));
            None
        } else {
            Some(1..=a.value)
        }
    });
    let subjects = raw
        .subjects
        .iter()
        .map(|s| {
            let digits: String = s
                .article
                .value
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            match (digits.parse::<u32>(), &range) {
                (Ok(n), Some(range)) if !range.contains(&n) => problems.push(Problem::at(
                    loc(&s.article),
                    format!(
                        "{} {} is outside `{}`, whose parts run from {} to {}",
                        raw.unit.as_deref().unwrap_or("part"),
                        s.article.value,
                        raw.code.value,
                        range.start(),
                        range.end()
                    ),
                )),
                (Err(_), _) => problems.push(Problem::at(
                    loc(&s.article),
                    format!(
                        "the article `{}` must start with its number, such as `18(9)`",
                        s.article.value
                    ),
                )),
                _ => {}
            }
            Subject {
                subject: s.subject.clone(),
                article: s.article.value.clone(),
                note: s.note.clone(),
            }
        })
        .collect();
    if let Some(url) = &raw.url
        && !(url.value.starts_with("https://") || url.value.starts_with("http://"))
    {
        problems.push(Problem::at(
            loc(url),
            format!(
                "the url `{}` must start with https:// or http://",
                url.value
            ),
        ));
    }
    check_title(&raw.title, problems);
    Entry {
        code: raw.code.value.clone(),
        aliases: raw.aliases.iter().map(|a| a.value.clone()).collect(),
        kind,
        title: raw.title.value.clone(),
        body: raw.body.clone(),
        symbol: raw.symbol.clone(),
        adopted: raw
            .adopted
            .clone()
            .or_else(|| raw.opened_for_signature.clone()),
        date: raw.date.clone(),
        in_force: raw.in_force.clone(),
        edition: raw.edition.clone(),
        binding: raw.binding,
        unit: raw.unit.clone(),
        range,
        url: raw.url.as_ref().map(|u| u.value.clone()),
        file: None,
        subjects,
    }
}

fn check_title(title: &serde_saphyr::Spanned<String>, problems: &mut Vec<Problem>) {
    if title.value.trim().is_empty() {
        problems.push(Problem::at(loc(title), "the title is empty"));
    }
}
