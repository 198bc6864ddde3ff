//! Validation of a raw inventory: the format version, ids unique across
//! materials and providers (both places named), the words of `kind`,
//! `extents`, `regions` and `modes` (with the nearest word for a typo),
//! language codes, tag shapes, years, addresses and the syntax of `when:`
//! conditions; then, against a questionnaire, the tags, indicators and
//! conditions it refers to. Every problem is collected with its location.

use std::collections::HashMap;

use serde_saphyr::Spanned;

use super::raw::{RawInventory, RawMaterial, RawProvider, Regions as RawRegions};
use super::{Inventory, Material, MaterialKind, Mode, Places, Provider, ProviderKind, Regions};
use crate::problem::{Loc, Problem, Problems, did_you_mean};
use crate::questionnaire::validate::{foreign_condition_problems, is_valid_id, is_valid_tag};
use crate::questionnaire::{Extent, Questionnaire, SectionKind, condition};
use crate::roster::Region;
use crate::session::file::is_language_code;
use crate::yaml::loc;

/// The inventory format version this tana reads.
pub const FORMAT_VERSION: u32 = 1;

/// The oldest and newest years a material may carry.
const YEARS: std::ops::RangeInclusive<i64> = 1900..=2100;

pub fn validate(raw: RawInventory) -> Result<Inventory, Vec<Problem>> {
    let mut problems = Problems::new();
    if raw.format.value != FORMAT_VERSION {
        problems.add(
            loc(&raw.format),
            format!(
                "this file is inventory format {}, but this tana reads format {FORMAT_VERSION}",
                raw.format.value
            ),
        );
    }
    if raw.title.value.trim().is_empty() {
        problems.add(loc(&raw.title), "the inventory's `title` is empty");
    }
    if raw.materials.is_empty() && raw.providers.is_empty() {
        problems.add(
            loc(&raw.title),
            "the inventory lists neither `materials` nor `providers`",
        );
    }
    let mut seen: HashMap<&str, Loc> = HashMap::new();
    let ids = raw
        .materials
        .iter()
        .map(|m| &m.id)
        .chain(raw.providers.iter().map(|p| &p.id));
    for id in ids {
        let at = loc(id);
        if !is_valid_id(&id.value) {
            problems.add(
                at,
                format!(
                    "the id `{}` must start with a letter and use only letters, digits, `_`, `-` and `.` (such as `MAT.UNODC.IDCRIME-HANDBOOK`)",
                    id.value
                ),
            );
        }
        if let Some(first) = seen.get(id.value.as_str()) {
            problems.add(
                at,
                format!(
                    "the id `{}` is used twice: first at {first}, again here (materials and providers share one set of ids)",
                    id.value
                ),
            );
        } else {
            seen.insert(&id.value, at);
        }
    }
    let materials = raw
        .materials
        .iter()
        .map(|m| material(m, &mut problems))
        .collect();
    let providers = raw
        .providers
        .iter()
        .map(|p| provider(p, &mut problems))
        .collect();
    if !problems.is_empty() {
        return Err(problems.into_sorted());
    }
    Ok(Inventory {
        title: raw.title.value,
        notice: raw.notice,
        materials,
        providers,
    })
}

fn required_text(text: &Spanned<String>, what: &str, id: &str, problems: &mut Problems) {
    if text.value.trim().is_empty() {
        problems.add(loc(text), format!("`{id}` has an empty `{what}`"));
    }
}

fn tags(raw: &[Spanned<String>], problems: &mut Problems) -> (Vec<String>, Vec<Loc>) {
    let mut out: Vec<String> = Vec::new();
    let mut places = Vec::new();
    for tag in raw {
        if !is_valid_tag(&tag.value) {
            problems.add(
                loc(tag),
                format!(
                    "the tag `{}` must be written in capitals, digits and dashes, such as `LEG-DRAFT`",
                    tag.value
                ),
            );
        } else if out.contains(&tag.value) {
            problems.add(loc(tag), format!("the tag `{}` is listed twice", tag.value));
        } else {
            out.push(tag.value.clone());
            places.push(loc(tag));
        }
    }
    (out, places)
}

fn languages(raw: &[Spanned<String>], problems: &mut Problems) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for language in raw {
        if !is_language_code(&language.value) {
            problems.add(
                loc(language),
                format!(
                    "`{}` is not a language code; use ISO 639 codes in small letters, such as `en`, `fr` or `pt-BR`",
                    language.value
                ),
            );
        } else if out.contains(&language.value) {
            problems.add(
                loc(language),
                format!("the language `{}` is listed twice", language.value),
            );
        } else {
            out.push(language.value.clone());
        }
    }
    out
}

fn url(raw: Option<&Spanned<String>>, problems: &mut Problems) -> Option<String> {
    let url = raw?;
    let text = url.value.trim();
    let scheme = text.starts_with("https://") || text.starts_with("http://");
    if !scheme || text.chars().any(char::is_whitespace) || text.len() <= "https://".len() {
        problems.add(
            loc(url),
            format!(
                "`{}` is not a web address; write the publisher's page as `https://…`",
                url.value
            ),
        );
        return None;
    }
    Some(text.to_string())
}

/// Parses one word of a fixed vocabulary, reporting a typo with the nearest word.
fn word<T>(
    raw: &Spanned<String>,
    what: &str,
    names: &[&str],
    parse: impl Fn(&str) -> Option<T>,
    problems: &mut Problems,
) -> Option<T> {
    let parsed = parse(&raw.value);
    if parsed.is_none() {
        problems.add(
            loc(raw),
            format!(
                "`{}` is not {what}{} (accepted: {})",
                raw.value,
                did_you_mean(&raw.value, names.iter().copied()),
                names.join(", ")
            ),
        );
    }
    parsed
}

fn material(raw: &RawMaterial, problems: &mut Problems) -> Material {
    let id = &raw.id.value;
    required_text(&raw.title, "title", id, problems);
    required_text(&raw.publisher, "publisher", id, problems);
    let kind = word(
        &raw.kind,
        "a kind of material",
        &MaterialKind::NAMES,
        MaterialKind::parse,
        problems,
    );
    let year = raw.year.as_ref().and_then(|y| {
        if YEARS.contains(&y.value) {
            u16::try_from(y.value).ok()
        } else {
            problems.add(
                loc(y),
                format!(
                    "`{}` is not a year of publication; write the year with four digits, such as 2011",
                    y.value
                ),
            );
            None
        }
    });
    let languages = languages(&raw.languages.value, problems);
    if raw.languages.value.is_empty() {
        problems.add(
            loc(&raw.languages),
            format!("`{id}` lists no languages; name the languages it is published in"),
        );
    }
    let (tags, tag_places) = tags(&raw.tags, problems);
    let mut indicators: Vec<String> = Vec::new();
    let mut indicator_places = Vec::new();
    for indicator in &raw.indicators {
        if indicators.contains(&indicator.value) {
            problems.add(
                loc(indicator),
                format!("the indicator `{}` is listed twice", indicator.value),
            );
        } else {
            indicators.push(indicator.value.clone());
            indicator_places.push(loc(indicator));
        }
    }
    if raw.tags.is_empty() && raw.indicators.is_empty() {
        problems.add(
            loc(&raw.id),
            format!("`{id}` names neither `tags` nor `indicators`, so no need can ever use it"),
        );
    }
    Material {
        id: id.clone(),
        title: raw.title.value.trim().to_string(),
        publisher: raw.publisher.value.trim().to_string(),
        year,
        kind: kind.unwrap_or(MaterialKind::Guide),
        languages,
        tags,
        indicators,
        url: url(raw.url.as_ref(), problems),
        note: raw.note.trim().to_string(),
        loc: loc(&raw.id),
        places: Places {
            tags: tag_places,
            indicators: indicator_places,
            when: None,
        },
    }
}

fn provider(raw: &RawProvider, problems: &mut Problems) -> Provider {
    let id = &raw.id.value;
    required_text(&raw.name, "name", id, problems);
    let kind = word(
        &raw.kind,
        "a kind of provider",
        &ProviderKind::NAMES,
        ProviderKind::parse,
        problems,
    );
    let (tags, tag_places) = tags(&raw.tags.value, problems);
    if raw.tags.value.is_empty() {
        problems.add(
            loc(&raw.tags),
            format!("`{id}` lists no `tags`; name its mandate as expertise tags"),
        );
    }
    let extents = extents(&raw.extents, problems);
    let regions = regions(raw.regions.as_ref(), problems);
    let modes = modes(&raw.modes, problems);
    let when = raw
        .when
        .as_ref()
        .and_then(|w| match condition::parse(&w.value) {
            Ok(expr) => Some(expr),
            Err(e) => {
                problems.add(
                    loc(w),
                    format!(
                        "in the `when` condition of `{id}`, at character {}: {}",
                        e.offset + 1,
                        e.message
                    ),
                );
                None
            }
        });
    let condition = raw
        .condition
        .as_ref()
        .map(|c| c.value.trim().to_string())
        .filter(|c| !c.is_empty());
    if raw.when.is_some() && condition.is_none() {
        problems.add(
            raw.when.as_ref().map_or(loc(&raw.id), loc),
            format!(
                "`{id}` has a `when` condition but no `condition` saying it in words for the report; add `condition: …`"
            ),
        );
    }
    if let Some(short) = raw.short.as_ref().filter(|s| s.value.trim().is_empty()) {
        problems.add(
            loc(short),
            format!("`{id}` has an empty `short`; write the name need rules use as `partner:`, or remove it"),
        );
    }
    Provider {
        id: id.clone(),
        name: raw.name.value.trim().to_string(),
        short: raw
            .short
            .as_ref()
            .map(|s| s.value.trim().to_string())
            .filter(|s| !s.is_empty()),
        kind: kind.unwrap_or(ProviderKind::Intergovernmental),
        tags,
        extents,
        regions,
        languages: languages(&raw.languages, problems),
        modes,
        when,
        when_text: raw.when.as_ref().map(|w| w.value.clone()),
        condition,
        url: url(raw.url.as_ref(), problems),
        note: raw.note.trim().to_string(),
        loc: loc(&raw.id),
        places: Places {
            tags: tag_places,
            indicators: Vec::new(),
            when: raw.when.as_ref().map(loc),
        },
    }
}

fn extents(raw: &[Spanned<String>], problems: &mut Problems) -> Vec<Extent> {
    let mut extents = Vec::new();
    for extent in raw {
        let names = Extent::ALL.map(Extent::name);
        let parsed = word(
            extent,
            "an extent of assistance",
            &names,
            |w| Extent::ALL.into_iter().find(|e| e.name() == w),
            problems,
        );
        match parsed {
            Some(e) if extents.contains(&e) => problems.add(
                loc(extent),
                format!("the extent `{}` is listed twice", extent.value),
            ),
            Some(e) => extents.push(e),
            None => {}
        }
    }
    extents
}

fn regions(raw: Option<&Spanned<RawRegions>>, problems: &mut Problems) -> Regions {
    match raw {
        None => Regions::All,
        Some(spanned) => {
            let words: Vec<&str> = match &spanned.value {
                RawRegions::One(one) if one == "all" => Vec::new(),
                RawRegions::One(one) => vec![one.as_str()],
                RawRegions::Many(many) => many.iter().map(String::as_str).collect(),
            };
            if matches!(&spanned.value, RawRegions::Many(many) if many.is_empty()) {
                problems.add(
                    loc(spanned),
                    "`regions` is an empty list; write `regions: all` or list the regions",
                );
                Regions::All
            } else if words.is_empty() {
                Regions::All
            } else {
                let mut list = Vec::new();
                for w in words {
                    match Region::parse(w) {
                        Some(r) if !list.contains(&r) => list.push(r),
                        Some(_) => {
                            problems.add(loc(spanned), format!("the region `{w}` is listed twice"));
                        }
                        None => problems.add(
                            loc(spanned),
                            format!(
                                "`{w}` is not a region{} (write `all`, or a list of: {})",
                                did_you_mean(w, Region::NAMES.iter().copied().chain(["all"])),
                                Region::NAMES.join(", ")
                            ),
                        ),
                    }
                }
                Regions::Only(list)
            }
        }
    }
}

fn modes(raw: &[Spanned<String>], problems: &mut Problems) -> Vec<Mode> {
    let mut modes = Vec::new();
    for mode in raw {
        match word(mode, "a delivery mode", &Mode::NAMES, Mode::parse, problems) {
            Some(m) if modes.contains(&m) => problems.add(
                loc(mode),
                format!("the mode `{}` is listed twice", mode.value),
            ),
            Some(m) => modes.push(m),
            None => {}
        }
    }
    modes
}

/// The inventory's references the questionnaire does not know (see
/// [`Inventory::check_against`]).
pub fn check_against(inventory: &Inventory, questionnaire: &Questionnaire) -> Vec<Problem> {
    let mut problems = Problems::new();
    let mut known_tags: Vec<&str> = questionnaire
        .questions
        .iter()
        .flat_map(|q| q.tags.iter().map(String::as_str))
        .collect();
    known_tags.sort_unstable();
    known_tags.dedup();
    let scope: Vec<&str> = questionnaire
        .sections
        .iter()
        .filter(|s| s.kind == SectionKind::Scored)
        .map(|s| s.id.as_str())
        .chain(
            questionnaire
                .questions
                .iter()
                .filter(|q| q.indicator)
                .map(|q| q.id.as_str()),
        )
        .collect();
    let check_tags = |id: &str, tags: &[String], places: &[Loc], problems: &mut Problems| {
        for (tag, at) in tags.iter().zip(places) {
            if !known_tags.contains(&tag.as_str()) {
                problems.add(
                    *at,
                    format!(
                        "`{id}` names the tag `{tag}`, which no question of questionnaire `{}` carries, so it can never fit a need{}",
                        questionnaire.id,
                        did_you_mean(tag, known_tags.iter().copied())
                    ),
                );
            }
        }
    };
    for material in &inventory.materials {
        check_tags(
            &material.id,
            &material.tags,
            &material.places.tags,
            &mut problems,
        );
        for (indicator, at) in material.indicators.iter().zip(&material.places.indicators) {
            if !scope.contains(&indicator.as_str()) {
                problems.add(
                    *at,
                    format!(
                        "`{}` names `{indicator}`, which is not an indicator or scored area of questionnaire `{}`{}",
                        material.id,
                        questionnaire.id,
                        did_you_mean(indicator, scope.iter().copied())
                    ),
                );
            }
        }
    }
    for provider in &inventory.providers {
        check_tags(
            &provider.id,
            &provider.tags,
            &provider.places.tags,
            &mut problems,
        );
        if let Some(expr) = &provider.when {
            let owner = format!("the `when` condition of `{}`", provider.id);
            for message in foreign_condition_problems(questionnaire, expr, &owner) {
                problems.add(provider.places.when.unwrap_or(provider.loc), message);
            }
        }
    }
    problems.into_sorted()
}
