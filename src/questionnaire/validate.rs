//! Validation of a raw questionnaire into a [`Questionnaire`]: unique ids
//! (both places named), resolved and type-checked skip conditions and need
//! rule conditions, no cycles (of conditions or of workstream dependencies),
//! complete ladders, valid ranges, weights, targets and sizing bands, need
//! rules whose conditional ones always have a default after them, resolved
//! workstreams and profile questions, non-empty sections and choice lists.
//! Every problem is collected with its location.

use std::collections::{HashMap, HashSet};
use std::ops::RangeInclusive;

use serde_saphyr::Spanned;

use super::condition::{self, Expr, Literal};
use super::raw::{
    RawBand, RawDelivery, RawExtent, RawImportance, RawQuestion, RawQuestionKind, RawQuestionnaire,
    RawSectionKind, RawSizing, RawWorkstream,
};
use super::{
    Choice, CivilStatusTradition, DEFAULT_TARGET, Delivery, Extent, Importance, Kind, MAX_LEVEL,
    NeedRule, Partner, Parts, Profile, Question, Questionnaire, Recommendation, Risk, Section,
    SectionKind, SizeBand, Sizing, Urgency, Workstream,
};
use crate::problem::{Loc, Problem, Problems, did_you_mean};
use crate::roster::LegalTradition;
use crate::text::LocalText;
use crate::yaml::loc;

/// The questionnaire format version this tana reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// Checks that an id is made of letters, digits, `_` and `-`, in parts
/// joined by dots, and starts with a letter (`A3.2`, `ctx.languages`).
pub fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && id.split('.').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        })
}

/// Checks an expertise tag: capitals, digits and dashes (`LEG-DRAFT`).
pub fn is_valid_tag(tag: &str) -> bool {
    !tag.is_empty()
        && tag.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && tag
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
}

/// Parses `0-1`, `0–1` or `2` into a level range within 0..=4.
pub fn parse_level_range(text: &str) -> Result<RangeInclusive<u8>, String> {
    let text = text.trim();
    let parse_level = |s: &str| -> Result<u8, String> {
        s.trim()
            .parse::<u8>()
            .ok()
            .filter(|l| *l <= MAX_LEVEL)
            .ok_or_else(|| {
                format!(
                    "`{}` is not a level; levels are whole numbers from 0 to {MAX_LEVEL}",
                    s.trim()
                )
            })
    };
    let (low, high) = if let Some((low, high)) = text.split_once(['-', '–']) {
        (parse_level(low)?, parse_level(high)?)
    } else {
        let level = parse_level(text)?;
        (level, level)
    };
    if low > high {
        return Err(format!(
            "the range `{text}` runs backwards; write the lower level first"
        ));
    }
    Ok(low..=high)
}

struct Ctx<'a> {
    languages: &'a [String],
    source: &'a str,
    problems: Problems,
    /// Workstream id → index into the workstream list.
    workstreams: HashMap<String, usize>,
}

impl Ctx<'_> {
    fn text(&mut self, raw: &Spanned<crate::text::RawText>, what: &str) -> LocalText {
        LocalText::from_raw(raw, self.languages, what, &mut self.problems, self.source)
    }

    fn add(&mut self, at: Loc, message: impl Into<String>) {
        self.problems.add(at, message);
    }

    /// Resolves a `workstream:` reference, reporting an unknown id.
    fn workstream(&mut self, id: &Spanned<String>, whose: &str) -> Option<usize> {
        if let Some(&i) = self.workstreams.get(&id.value) {
            return Some(i);
        }
        let message = if self.workstreams.is_empty() {
            format!(
                "{whose} names the workstream `{}`, but the questionnaire defines no `workstreams`",
                id.value
            )
        } else {
            let mut ids: Vec<&str> = self.workstreams.keys().map(String::as_str).collect();
            ids.sort_unstable();
            format!(
                "{whose} names the workstream `{}`, which is not defined in `workstreams`{} (workstreams: {})",
                id.value,
                did_you_mean(&id.value, ids.iter().copied()),
                ids.join(", ")
            )
        };
        self.add(loc(id), message);
        None
    }
}

#[allow(clippy::too_many_lines)] // one pass over the file, in the order a reader meets it
pub fn validate(
    raw: RawQuestionnaire,
    source: &str,
    hash: &str,
) -> Result<Questionnaire, Vec<Problem>> {
    let mut early = Problems::new();
    if raw.format.value != FORMAT_VERSION {
        early.add(
            loc(&raw.format),
            format!(
                "this file is questionnaire format {}, but this tana reads format {FORMAT_VERSION}; {}",
                raw.format.value,
                if raw.format.value > FORMAT_VERSION {
                    "update tana"
                } else {
                    "write `tana-questionnaire: 1`"
                }
            ),
        );
    }
    let languages = validate_languages(&raw, &mut early);
    let mut ctx = Ctx {
        languages: &languages,
        source,
        problems: early,
        workstreams: HashMap::new(),
    };
    if !is_valid_id(&raw.id.value) {
        ctx.add(
            loc(&raw.id),
            format!("the questionnaire id `{}` must start with a letter and use only letters, digits, `_`, `-` and `.`", raw.id.value),
        );
    }
    if raw.version.value.trim().is_empty() {
        ctx.add(
            loc(&raw.version),
            "the version is empty; write one such as \"1.0.0\"",
        );
    }
    let title = ctx.text(&raw.title, "the title");
    let description = raw
        .description
        .as_ref()
        .map(|d| ctx.text(d, "the description"));
    let target = check_target(&mut ctx, raw.target.as_ref(), "the questionnaire's");
    let sizing = raw.sizing.as_ref().map(|s| validate_sizing(&mut ctx, s));
    let workstreams = validate_workstreams(&mut ctx, &raw.workstreams);
    let safeguards = raw
        .safeguards
        .as_ref()
        .and_then(|w| ctx.workstream(w, "`safeguards`"));

    let mut sections = Vec::new();
    let mut questions: Vec<Question> = Vec::new();
    let mut section_ids: HashMap<String, Loc> = HashMap::new();
    let mut question_ids: HashMap<String, Loc> = HashMap::new();
    let mut raw_questions: Vec<&RawQuestion> = Vec::new();

    if raw.sections.value.is_empty() {
        ctx.add(
            loc(&raw.sections),
            "the questionnaire has no sections; add at least one",
        );
    }
    for raw_section in &raw.sections.value {
        let at = loc(&raw_section.id);
        let id = raw_section.id.value.clone();
        check_id(&mut ctx, &raw_section.id, "section");
        if let Some(first) = section_ids.get(&id) {
            ctx.add(
                at,
                format!("the section id `{id}` is used twice: first at {first}, again here"),
            );
        } else {
            section_ids.insert(id.clone(), at);
        }
        let kind = match raw_section.kind {
            Some(RawSectionKind::Context) => SectionKind::Context,
            Some(RawSectionKind::Scored) | None => SectionKind::Scored,
        };
        let weight = check_weight(&mut ctx, raw_section.weight.as_ref(), "section");
        let section_target = check_target(
            &mut ctx,
            raw_section.target.as_ref(),
            &format!("the section `{id}`'s"),
        );
        let section_workstream = raw_section
            .workstream
            .as_ref()
            .and_then(|w| ctx.workstream(w, &format!("the section `{id}`")));
        for (present, field, at) in [
            (
                raw_section.target.is_some(),
                "target",
                raw_section.target.as_ref().map(loc),
            ),
            (
                raw_section.target_reason.is_some(),
                "target_reason",
                raw_section.target_reason.as_ref().map(loc),
            ),
            (
                raw_section.workstream.is_some(),
                "workstream",
                raw_section.workstream.as_ref().map(loc),
            ),
        ] {
            if present && kind == SectionKind::Context {
                ctx.add(
                    at.unwrap_or(at_section(raw_section)),
                    format!("`{field}` is for scored sections, and `{id}` is a `kind: context` section, which is never scored"),
                );
            }
        }
        let section_index = sections.len();
        let start = questions.len();
        if raw_section.questions.value.is_empty() {
            ctx.add(
                loc(&raw_section.questions),
                format!("the section `{id}` has no questions; add one or remove the section"),
            );
        }
        for raw_question in &raw_section.questions.value {
            let question = validate_question(
                &mut ctx,
                raw_question,
                SectionDefaults {
                    index: section_index,
                    kind,
                    workstream: section_workstream,
                },
            );
            let qat = question.loc;
            if let Some(first) = question_ids.get(&question.id) {
                ctx.add(
                    qat,
                    format!(
                        "the question id `{}` is used twice: first at {first}, again here; ids must be unique in the questionnaire",
                        question.id
                    ),
                );
            } else {
                question_ids.insert(question.id.clone(), qat);
            }
            questions.push(question);
            raw_questions.push(raw_question);
        }
        if kind == SectionKind::Scored
            && !questions[start..].iter().any(|q| q.indicator)
            && !raw_section.questions.value.is_empty()
        {
            ctx.add(
                at,
                format!(
                    "the scored section `{id}` has no scored question (a `maturity` question, or choices with scores); add one or mark the section `kind: context`"
                ),
            );
        }
        sections.push(Section {
            id,
            title: ctx.text(&raw_section.title, "the section title"),
            description: raw_section
                .description
                .as_ref()
                .map(|d| ctx.text(d, "the section description")),
            kind,
            weight,
            partners: raw_section.partners.clone(),
            target: section_target,
            target_reason: raw_section
                .target_reason
                .as_ref()
                .map(|t| ctx.text(t, "the target reason")),
            workstream: section_workstream,
            questions: start..questions.len(),
            loc: at,
        });
    }

    let index = Questionnaire::build_index(&questions);
    check_conditions(&mut ctx, &mut questions, &raw_questions, &index);
    let profile = validate_profile(&mut ctx, raw.profile.as_ref(), &questions, &index);

    if !ctx.problems.is_empty() {
        return Err(ctx.problems.into_sorted());
    }
    Ok(Questionnaire::assemble(
        Parts {
            id: raw.id.value,
            version: raw.version.value,
            title,
            description,
            languages,
            target,
            sizing,
            workstreams,
            safeguards,
            profile,
            sections,
            questions,
        },
        hash.to_string(),
    ))
}

fn at_section(section: &super::raw::RawSection) -> Loc {
    loc(&section.id)
}

/// A target level: a whole number 0–4.
fn check_target(ctx: &mut Ctx<'_>, target: Option<&Spanned<i64>>, whose: &str) -> Option<u8> {
    let target = target?;
    let valid = u8::try_from(target.value).ok().filter(|t| *t <= MAX_LEVEL);
    if valid.is_none() {
        ctx.add(
            loc(target),
            format!(
                "{whose} target {} is outside the scale; a target is a level from 0 to {MAX_LEVEL} (default {DEFAULT_TARGET})",
                target.value
            ),
        );
    }
    valid
}

/// Parses `10-25`, `10–25` or `10` into a range of whole numbers.
pub fn parse_amount_range(text: &str) -> Result<RangeInclusive<u64>, String> {
    let text = text.trim();
    let number = |s: &str| -> Result<u64, String> {
        let s = s.trim();
        s.parse::<u64>()
            .map_err(|_| format!("`{s}` is not a whole number; write digits only, such as `15000`"))
    };
    let (low, high) = if let Some((low, high)) = text.split_once(['-', '–']) {
        (number(low)?, number(high)?)
    } else {
        let n = number(text)?;
        (n, n)
    };
    if low > high {
        return Err(format!(
            "the range `{text}` runs backwards; write the lower number first"
        ));
    }
    Ok(low..=high)
}

fn validate_sizing(ctx: &mut Ctx<'_>, raw: &Spanned<RawSizing>) -> Sizing {
    let sizing = &raw.value;
    let currency = &sizing.currency.value;
    if !(currency.len() == 3 && currency.chars().all(|c| c.is_ascii_uppercase())) {
        ctx.add(
            loc(&sizing.currency),
            format!("`{currency}` is not a currency code; use an ISO 4217 code in capitals such as `USD` or `EUR`"),
        );
    }
    let mut band = |field: &str, raw: Option<&Spanned<RawBand>>| -> Option<SizeBand> {
        let raw = &raw?.value;
        let mut range = |value: &Spanned<String>, what: &str| {
            parse_amount_range(&value.value)
                .map_err(|message| {
                    ctx.add(
                        loc(value),
                        format!(
                            "in `sizing.{field}.{what}`: {message}; write a range such as `10-25`"
                        ),
                    );
                })
                .ok()
        };
        let days = range(&raw.days, "days");
        let cost = range(&raw.cost, "cost");
        let days = days.and_then(|d| {
            let (start, end) = (
                u32::try_from(*d.start()).ok()?,
                u32::try_from(*d.end()).ok()?,
            );
            Some(start..=end)
        });
        Some(SizeBand {
            days: days?,
            cost: cost?,
        })
    };
    let bands = [
        band("advisory", sizing.advisory.as_ref()),
        band("capacity", sizing.capacity.as_ref()),
        band("systems", sizing.systems.as_ref()),
        band("infrastructure", sizing.infrastructure.as_ref()),
    ];
    if sizing.advisory.is_none()
        && sizing.capacity.is_none()
        && sizing.systems.is_none()
        && sizing.infrastructure.is_none()
    {
        ctx.add(
            loc(raw),
            "`sizing` gives no band; add `advisory`, `capacity`, `systems` or `infrastructure` with `{days: 10-25, cost: 15000-40000}`, or remove `sizing`",
        );
    }
    Sizing {
        currency: currency.clone(),
        bands,
    }
}

/// Unique, well-formed workstream ids; `after` names existing workstreams
/// (not itself) and the dependencies form no cycle. Fills `ctx.workstreams`.
fn validate_workstreams(ctx: &mut Ctx<'_>, raw: &[RawWorkstream]) -> Vec<Workstream> {
    let mut first: HashMap<&str, Loc> = HashMap::new();
    for (i, w) in raw.iter().enumerate() {
        check_id(ctx, &w.id, "workstream");
        if let Some(at) = first.get(w.id.value.as_str()) {
            ctx.add(
                loc(&w.id),
                format!(
                    "the workstream id `{}` is used twice: first at {at}, again here",
                    w.id.value
                ),
            );
        } else {
            first.insert(&w.id.value, loc(&w.id));
            ctx.workstreams.insert(w.id.value.clone(), i);
        }
    }
    let mut graph = vec![Vec::new(); raw.len()];
    let mut workstreams = Vec::with_capacity(raw.len());
    for (i, w) in raw.iter().enumerate() {
        let mut after = Vec::new();
        for dependency in &w.after {
            if dependency.value == w.id.value {
                ctx.add(
                    loc(dependency),
                    format!(
                        "the workstream `{}` lists itself in `after`; name the workstreams that must come before it",
                        w.id.value
                    ),
                );
                continue;
            }
            if let Some(j) = ctx.workstream(dependency, &format!("`after` of `{}`", w.id.value)) {
                if after.contains(&j) {
                    ctx.add(
                        loc(dependency),
                        format!("`{}` is listed twice in `after`", dependency.value),
                    );
                } else {
                    after.push(j);
                }
            }
        }
        graph[i].clone_from(&after);
        workstreams.push(Workstream {
            id: w.id.value.clone(),
            title: ctx.text(&w.title, "the workstream title"),
            description: w
                .description
                .as_ref()
                .map(|d| ctx.text(d, "the workstream description")),
            after,
            loc: loc(&w.id),
        });
    }
    for (path, node) in find_cycles(&graph) {
        let names: Vec<&str> = path.iter().map(|&n| raw[n].id.value.as_str()).collect();
        let at = raw[node]
            .after
            .first()
            .map_or_else(|| loc(&raw[node].id), loc);
        ctx.add(
            at,
            format!(
                "the workstreams' `after` dependencies form a cycle: {}; a workstream cannot come, even indirectly, after itself",
                names.join(" → ")
            ),
        );
    }
    workstreams
}

fn validate_languages(raw: &RawQuestionnaire, problems: &mut Problems) -> Vec<String> {
    let Some(list) = &raw.languages else {
        return vec!["en".to_string()];
    };
    if list.value.is_empty() {
        problems.add(
            loc(list),
            "`languages` is empty; list at least one language code such as `en`",
        );
        return vec!["en".to_string()];
    }
    let mut seen = HashSet::new();
    for language in &list.value {
        let code = &language.value;
        // The shape only: a questionnaire imported from an XLSForm may name
        // a language by a three-letter code that ISO 639-1 does not list.
        if !crate::session::file::has_language_code_shape(code) {
            problems.add(
                loc(language),
                format!("`{code}` is not a language code; use a lowercase ISO 639 code such as `en`, `fr` or `pt-BR`"),
            );
        }
        if !seen.insert(code.clone()) {
            problems.add(
                loc(language),
                format!("the language `{code}` is listed twice"),
            );
        }
    }
    list.value.iter().map(|l| l.value.clone()).collect()
}

fn check_id(ctx: &mut Ctx<'_>, id: &Spanned<String>, what: &str) {
    if !is_valid_id(&id.value) {
        ctx.add(
            loc(id),
            format!(
                "the {what} id `{}` must start with a letter and use only letters, digits, `_` and `-`, in parts joined by `.` (such as `A3.2`)",
                id.value
            ),
        );
    }
}

fn check_weight(ctx: &mut Ctx<'_>, weight: Option<&Spanned<f64>>, what: &str) -> f64 {
    match weight {
        None => 1.0,
        Some(w) if w.value.is_finite() && w.value > 0.0 && w.value <= 100.0 => w.value,
        Some(w) => {
            ctx.add(
                loc(w),
                format!(
                    "the {what} weight {} is out of range; weights are numbers above 0 and at most 100 (default 1); to stop scoring something, put it in a `kind: context` section",
                    w.value
                ),
            );
            1.0
        }
    }
}

/// What a question takes from its section.
#[derive(Clone, Copy)]
struct SectionDefaults {
    index: usize,
    kind: SectionKind,
    workstream: Option<usize>,
}

#[allow(clippy::too_many_lines)]
fn validate_question(ctx: &mut Ctx<'_>, raw: &RawQuestion, section: SectionDefaults) -> Question {
    let section_kind = section.kind;
    let at = loc(&raw.id);
    let id = raw.id.value.clone();
    check_id(ctx, &raw.id, "question");
    let raw_kind = raw.kind.value;
    let kind_name = |k: RawQuestionKind| match k {
        RawQuestionKind::Maturity => "maturity",
        RawQuestionKind::Single => "single",
        RawQuestionKind::Multi => "multi",
        RawQuestionKind::YesNo => "yesno",
        RawQuestionKind::Number => "number",
        RawQuestionKind::Text => "text",
        RawQuestionKind::Date => "date",
    };
    let this_kind = kind_name(raw_kind);
    let only_for =
        |ctx: &mut Ctx<'_>, present: bool, field: &str, allowed: &[RawQuestionKind], at: Loc| {
            if present && !allowed.contains(&raw_kind) {
                let names: Vec<_> = allowed
                    .iter()
                    .map(|k| format!("`{}`", kind_name(*k)))
                    .collect();
                ctx.add(
                at,
                format!(
                    "`{field}` is only for {} questions, and `{id}` is a `{this_kind}` question",
                    names.join(" and ")
                ),
            );
            }
        };
    only_for(
        ctx,
        raw.levels.is_some(),
        "levels",
        &[RawQuestionKind::Maturity],
        raw.levels.as_ref().map_or(at, loc),
    );
    only_for(
        ctx,
        raw.choices.is_some(),
        "choices",
        &[RawQuestionKind::Single, RawQuestionKind::Multi],
        raw.choices.as_ref().map_or(at, loc),
    );
    for (present, field, span) in [
        (raw.min.is_some(), "min", raw.min.as_ref().map(loc)),
        (raw.max.is_some(), "max", raw.max.as_ref().map(loc)),
        (raw.unit.is_some(), "unit", None),
        (
            raw.integer.is_some(),
            "integer",
            raw.integer.as_ref().map(loc),
        ),
    ] {
        only_for(
            ctx,
            present,
            field,
            &[RawQuestionKind::Number],
            span.unwrap_or(at),
        );
    }

    let kind = match raw_kind {
        RawQuestionKind::Maturity => Kind::Maturity {
            ladder: Box::new(validate_ladder(ctx, raw, at)),
        },
        RawQuestionKind::Single => Kind::Single {
            choices: validate_choices(ctx, raw, at),
        },
        RawQuestionKind::Multi => Kind::Multi {
            choices: validate_choices(ctx, raw, at),
        },
        RawQuestionKind::YesNo => Kind::YesNo,
        RawQuestionKind::Number => {
            let min = raw.min.as_ref().map(|m| m.value);
            let max = raw.max.as_ref().map(|m| m.value);
            for bound in [&raw.min, &raw.max].into_iter().flatten() {
                if !bound.value.is_finite() {
                    ctx.add(loc(bound), "a bound must be a finite number");
                }
            }
            if let (Some(min_value), Some(max_value), Some(max_span)) = (min, max, &raw.max)
                && min_value > max_value
            {
                ctx.add(
                    loc(max_span),
                    format!("`max` ({max_value}) is below `min` ({min_value})"),
                );
            }
            Kind::Number {
                min,
                max,
                unit: raw.unit.clone(),
                integer: raw.integer.as_ref().is_some_and(|i| i.value),
            }
        }
        RawQuestionKind::Text => Kind::Text,
        RawQuestionKind::Date => Kind::Date,
    };

    let scored_choices = kind.choices().iter().any(|c| c.score.is_some());
    let indicator = section_kind == SectionKind::Scored
        && (matches!(kind, Kind::Maturity { .. }) || scored_choices);

    let mut tags = Vec::new();
    for tag in &raw.tags {
        if !is_valid_tag(&tag.value) {
            ctx.add(
                loc(tag),
                format!("the tag `{}` must be written in capitals, digits and dashes, such as `LEG-DRAFT`", tag.value),
            );
        }
        if tags.contains(&tag.value) {
            ctx.add(loc(tag), format!("the tag `{}` is listed twice", tag.value));
        }
        tags.push(tag.value.clone());
    }
    for source in &raw.sources {
        if source.trim().is_empty() {
            ctx.add(at, format!("question `{id}` has an empty source; cite a file and paragraph or an instrument and article"));
        }
    }

    let needs = validate_needs(ctx, raw, indicator, &id);
    let recommendations = validate_recommendations(ctx, raw, indicator, &id);
    for (present, field, at) in [
        (
            raw.workstream.is_some(),
            "workstream",
            raw.workstream.as_ref().map(loc),
        ),
        (raw.target.is_some(), "target", raw.target.as_ref().map(loc)),
        (
            raw.target_reason.is_some(),
            "target_reason",
            raw.target_reason.as_ref().map(loc),
        ),
        (
            raw.policy_choice.is_some(),
            "policy_choice",
            raw.policy_choice.as_ref().map(loc),
        ),
        (!raw.risks.is_empty(), "risks", raw.risks.first().map(loc)),
    ] {
        if present && !indicator {
            ctx.add(
                at.unwrap_or(at_question(raw)),
                format!("`{field}` applies only to scored questions, and `{id}` is not scored (it is not a maturity question or scored choice in a scored section)"),
            );
        }
    }
    let risks = validate_risks(ctx, raw);
    let own_workstream = raw
        .workstream
        .as_ref()
        .and_then(|w| ctx.workstream(w, &format!("the question `{id}`")));
    let target = check_target(ctx, raw.target.as_ref(), &format!("the question `{id}`'s"));

    let when = raw
        .when
        .as_ref()
        .and_then(|w| match condition::parse(&w.value) {
            Ok(expr) => Some(expr),
            Err(e) => {
                ctx.add(
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

    Question {
        id,
        section: section.index,
        title: raw
            .title
            .as_ref()
            .map(|t| ctx.text(t, "the question title")),
        text: ctx.text(&raw.text, "the question text"),
        guidance: raw.guidance.as_ref().map(|g| ctx.text(g, "the guidance")),
        ask: raw.ask.clone(),
        evidence: raw.evidence.clone(),
        sources: raw.sources.clone(),
        tags,
        weight: check_weight(ctx, raw.weight.as_ref(), "question"),
        importance: match raw.importance {
            Some(RawImportance::High) => Importance::High,
            Some(RawImportance::Low) => Importance::Low,
            Some(RawImportance::Normal) | None => Importance::Normal,
        },
        required: raw
            .required
            .unwrap_or(raw_kind == RawQuestionKind::Maturity),
        when,
        when_text: raw.when.as_ref().map(|w| w.value.clone()),
        workstream: if indicator {
            own_workstream.or(section.workstream)
        } else {
            None
        },
        target,
        target_reason: raw
            .target_reason
            .as_ref()
            .map(|t| ctx.text(t, "the target reason")),
        policy_choice: raw
            .policy_choice
            .as_ref()
            .map(|t| ctx.text(t, "the policy choice")),
        risks,
        needs,
        recommendations,
        indicator,
        kind,
        loc: at,
    }
}

/// `risks: [security-forces, surveillance]`: known names, each once.
fn validate_risks(ctx: &mut Ctx<'_>, raw: &RawQuestion) -> Vec<Risk> {
    let mut risks = Vec::new();
    for name in &raw.risks {
        match Risk::parse(&name.value) {
            Some(risk) if risks.contains(&risk) => ctx.add(
                loc(name),
                format!("the risk `{}` is listed twice", name.value),
            ),
            Some(risk) => risks.push(risk),
            None => ctx.add(
                loc(name),
                format!(
                    "unknown risk `{}`: write {}{}",
                    name.value,
                    Risk::NAMES.join(" or "),
                    did_you_mean(&name.value, Risk::NAMES)
                ),
            ),
        }
    }
    risks
}

fn at_question(raw: &RawQuestion) -> Loc {
    loc(&raw.id)
}

fn validate_ladder(ctx: &mut Ctx<'_>, raw: &RawQuestion, at: Loc) -> [LocalText; 5] {
    let mut ladder: [LocalText; 5] = Default::default();
    let Some(levels) = &raw.levels else {
        ctx.add(
            at,
            format!(
                "the maturity question `{}` has no `levels`; write a description for each level 0 to {MAX_LEVEL}",
                raw.id.value
            ),
        );
        return ladder;
    };
    let mut missing: Vec<u8> = (0..=MAX_LEVEL).collect();
    for (level, text) in &levels.value {
        match u8::try_from(*level).ok().filter(|l| *l <= MAX_LEVEL) {
            Some(l) => {
                missing.retain(|m| *m != l);
                ladder[usize::from(l)] = ctx.text(text, &format!("level {l}"));
            }
            None => ctx.add(
                loc(text),
                format!("level {level} is outside the scale; levels run from 0 to {MAX_LEVEL}"),
            ),
        }
    }
    if !missing.is_empty() {
        let names: Vec<_> = missing.iter().map(u8::to_string).collect();
        ctx.add(
            loc(levels),
            format!(
                "the ladder of `{}` is incomplete: level{} {} {} missing; every level 0 to {MAX_LEVEL} needs a description",
                raw.id.value,
                if missing.len() == 1 { "" } else { "s" },
                names.join(", "),
                if missing.len() == 1 { "is" } else { "are" },
            ),
        );
    }
    ladder
}

fn validate_choices(ctx: &mut Ctx<'_>, raw: &RawQuestion, at: Loc) -> Vec<Choice> {
    let Some(list) = &raw.choices else {
        ctx.add(
            at,
            format!(
                "the choice question `{}` has no `choices`; list at least two",
                raw.id.value
            ),
        );
        return Vec::new();
    };
    if list.value.is_empty() {
        ctx.add(
            loc(list),
            format!(
                "the choice list of `{}` is empty; list at least two choices",
                raw.id.value
            ),
        );
    } else if list.value.len() == 1 {
        ctx.add(
            loc(list),
            format!(
                "the choice list of `{}` has only one choice; a choice needs at least two options",
                raw.id.value
            ),
        );
    }
    let mut seen: HashMap<&str, Loc> = HashMap::new();
    let mut choices = Vec::new();
    let scored = list.value.iter().filter(|c| c.score.is_some()).count();
    if scored != 0 && scored != list.value.len() {
        ctx.add(
            loc(list),
            format!(
                "only {scored} of the {} choices of `{}` have a `score`; give every choice a score or none",
                list.value.len(),
                raw.id.value
            ),
        );
    }
    for choice in &list.value {
        let id = choice.id.value.as_str();
        if !is_valid_id(id) {
            ctx.add(loc(&choice.id), format!("the choice id `{id}` must start with a letter and use only letters, digits, `_`, `-` and `.`"));
        }
        if let Some(first) = seen.get(id) {
            ctx.add(
                loc(&choice.id),
                format!(
                    "the choice id `{id}` is used twice in `{}`: first at {first}",
                    raw.id.value
                ),
            );
        } else {
            seen.insert(id, loc(&choice.id));
        }
        if let Some(score) = &choice.score
            && !(score.value.is_finite() && (0.0..=f64::from(MAX_LEVEL)).contains(&score.value))
        {
            ctx.add(
                loc(score),
                format!(
                    "the score {} is outside the scale 0 to {MAX_LEVEL}",
                    score.value
                ),
            );
        }
        choices.push(Choice {
            id: id.to_string(),
            label: ctx.text(&choice.label, "the choice label"),
            score: choice.score.as_ref().map(|s| s.value),
        });
    }
    choices
}

/// Parses each range, reporting the ones that are not ranges.
fn parse_ranges<'r>(
    ctx: &mut Ctx<'_>,
    ranges: impl Iterator<Item = &'r Spanned<String>>,
    field: &str,
    question: &str,
) -> Vec<Option<RangeInclusive<u8>>> {
    ranges
        .map(|range| match parse_level_range(&range.value) {
            Ok(levels) => Some(levels),
            Err(message) => {
                ctx.add(
                    loc(range),
                    format!("in `{field}` of `{question}`: {message}"),
                );
                None
            }
        })
        .collect()
}

/// Reports a level covered by two of the given ranges.
fn check_overlaps<'r>(
    ctx: &mut Ctx<'_>,
    ranges: impl Iterator<Item = (&'r Spanned<String>, &'r RangeInclusive<u8>)>,
    field: &str,
    question: &str,
) {
    let mut covered: [Option<Loc>; 5] = [None; 5];
    for (span, levels) in ranges {
        for level in levels.clone() {
            if let Some(first) = covered[usize::from(level)] {
                ctx.add(
                    loc(span),
                    format!("level {level} of `{question}` is covered twice in `{field}` (first at {first}); ranges must not overlap"),
                );
            } else {
                covered[usize::from(level)] = Some(loc(span));
            }
        }
    }
}

fn check_ranges<'r>(
    ctx: &mut Ctx<'_>,
    ranges: impl Iterator<Item = &'r Spanned<String>> + Clone,
    field: &str,
    question: &str,
) -> Vec<Option<RangeInclusive<u8>>> {
    let parsed = parse_ranges(ctx, ranges.clone(), field, question);
    check_overlaps(
        ctx,
        ranges
            .zip(&parsed)
            .filter_map(|(span, levels)| Some((span, levels.as_ref()?))),
        field,
        question,
    );
    parsed
}

/// Need rules: ranges, extents, delivery and partner; rules without `when`
/// must not overlap; every level a conditional rule covers must be covered
/// by a rule without `when` after it (the default). Conditions are parsed
/// here and resolved and type-checked with the skip conditions.
#[allow(clippy::too_many_lines)] // the rules for need rules, in the order the format page states them
fn validate_needs(
    ctx: &mut Ctx<'_>,
    raw: &RawQuestion,
    indicator: bool,
    id: &str,
) -> Vec<NeedRule> {
    if !raw.needs.is_empty() && !indicator {
        ctx.add(
            loc(&raw.needs[0].levels),
            format!("`needs` apply only to scored questions, and `{id}` is not scored (it is not a maturity question or scored choice in a scored section)"),
        );
    }
    let ranges = parse_ranges(ctx, raw.needs.iter().map(|n| &n.levels), "needs", id);
    check_overlaps(
        ctx,
        raw.needs
            .iter()
            .zip(&ranges)
            .filter(|(rule, _)| rule.when.is_none())
            .filter_map(|(rule, levels)| Some((&rule.levels, levels.as_ref()?))),
        "needs (among the rules without `when`)",
        id,
    );
    for (i, (rule, levels)) in raw.needs.iter().zip(&ranges).enumerate() {
        let (Some(when), Some(levels)) = (&rule.when, levels) else {
            continue;
        };
        let uncovered: Vec<String> = levels
            .clone()
            .filter(|level| {
                !raw.needs[i + 1..]
                    .iter()
                    .zip(&ranges[i + 1..])
                    .any(|(later, range)| {
                        later.when.is_none() && range.as_ref().is_some_and(|r| r.contains(level))
                    })
            })
            .map(|l| l.to_string())
            .collect();
        if !uncovered.is_empty() {
            ctx.add(
                loc(&rule.levels),
                format!(
                    "the rule for level{} {} of `{id}` applies only `when: {}`, and no rule without `when` after it covers {}; add a default rule (without `when`) after it, so that the need is classified even when the condition does not hold or is not yet answered",
                    if uncovered.len() == 1 { "" } else { "s" },
                    uncovered.join(", "),
                    when.value,
                    if uncovered.len() == 1 { "that level" } else { "those levels" }
                ),
            );
        }
    }
    raw.needs
        .iter()
        .zip(ranges)
        .filter_map(|(rule, levels)| {
            if rule.partner.is_some() && rule.delivery != Some(RawDelivery::Partner) {
                ctx.add(
                    rule.partner.as_ref().map_or(loc(&rule.levels), loc),
                    format!(
                        "`partner` names the lead partner of a `delivery: partner` need; add `delivery: partner` or remove `partner` (`partner: {}` means the programme already under way in the State)",
                        Partner::PROGRAMME
                    ),
                );
            }
            if let Some(partner) = &rule.partner
                && partner.value.trim().is_empty()
            {
                ctx.add(
                    loc(partner),
                    "`partner` is empty; name the lead partner, or remove `partner` to take the area's first partner",
                );
            }
            let when = rule.when.as_ref().and_then(|w| match condition::parse(&w.value) {
                Ok(expr) => Some(expr),
                Err(e) => {
                    ctx.add(
                        loc(w),
                        format!(
                            "in the `when` condition of a need rule of `{id}`, at character {}: {}",
                            e.offset + 1,
                            e.message
                        ),
                    );
                    None
                }
            });
            Some(NeedRule {
                levels: levels?,
                extent: match rule.extent {
                    RawExtent::Advisory => Extent::Advisory,
                    RawExtent::Capacity => Extent::Capacity,
                    RawExtent::Systems => Extent::Systems,
                    RawExtent::Infrastructure => Extent::Infrastructure,
                },
                delivery: rule.delivery.map(|d| match d {
                    RawDelivery::Alone => Delivery::Alone,
                    RawDelivery::Broker => Delivery::Broker,
                    RawDelivery::Partner => Delivery::Partner,
                }),
                partner: rule.partner.as_ref().map(|p| Partner::from_text(&p.value)),
                when,
                when_text: rule.when.as_ref().map(|w| w.value.clone()),
                loc: loc(&rule.levels),
            })
        })
        .collect()
}

fn validate_recommendations(
    ctx: &mut Ctx<'_>,
    raw: &RawQuestion,
    indicator: bool,
    id: &str,
) -> Vec<Recommendation> {
    if !raw.recommendations.is_empty() && !indicator {
        ctx.add(
            loc(&raw.recommendations[0].levels),
            format!("`recommendations` apply only to scored questions, and `{id}` is not scored"),
        );
    }
    let ranges = check_ranges(
        ctx,
        raw.recommendations.iter().map(|r| &r.levels),
        "recommendations",
        id,
    );
    raw.recommendations
        .iter()
        .zip(ranges)
        .filter_map(|(rec, levels)| {
            let text = ctx.text(&rec.text, "the recommendation");
            Some(Recommendation {
                levels: levels?,
                text,
            })
        })
        .collect()
}

/// Resolves every reference of every condition (skip conditions and need
/// rule conditions), type-checks each test against the kind of question it
/// reads, and rejects cycles of skip conditions.
fn check_conditions(
    ctx: &mut Ctx<'_>,
    questions: &mut [Question],
    raw_questions: &[&RawQuestion],
    index: &HashMap<String, usize>,
) {
    let mut graph: Vec<Vec<usize>> = vec![Vec::new(); questions.len()];
    let mut broken = vec![false; questions.len()];
    for (i, question) in questions.iter().enumerate() {
        let Some(expr) = &question.when else { continue };
        let at = raw_questions[i].when.as_ref().map_or(question.loc, loc);
        let owner = format!("the condition of `{}`", question.id);
        match resolve_condition(ctx, expr, at, &owner, i, questions, index) {
            Some(targets) => graph[i] = targets,
            None => broken[i] = true,
        }
    }
    for (i, question) in questions.iter().enumerate() {
        for rule in &question.needs {
            let Some(expr) = &rule.when else { continue };
            let at = raw_questions[i]
                .needs
                .iter()
                .find(|r| loc(&r.levels) == rule.loc)
                .and_then(|r| r.when.as_ref())
                .map_or(rule.loc, loc);
            let owner = format!("the `when` of a need rule of `{}`", question.id);
            resolve_condition(ctx, expr, at, &owner, i, questions, index);
        }
    }
    let names: Vec<&str> = questions.iter().map(|q| q.id.as_str()).collect();
    for (path, node) in find_cycles(&graph) {
        let ids: Vec<&str> = path.iter().map(|&n| names[n]).collect();
        let at = raw_questions[node]
            .when
            .as_ref()
            .map_or(questions[node].loc, loc);
        ctx.add(
            at,
            format!(
                "the skip conditions form a cycle: {}; a question cannot depend, even indirectly, on itself",
                ids.join(" → ")
            ),
        );
    }
    for (question, broken) in questions.iter_mut().zip(broken) {
        if broken {
            question.when = None;
        }
    }
}

/// Resolves and type-checks the tests of one condition owned by question
/// `owner_index`. Returns the questions it reads, or `None` when a
/// reference is broken (reported).
fn resolve_condition(
    ctx: &mut Ctx<'_>,
    expr: &Expr,
    at: Loc,
    owner: &str,
    owner_index: usize,
    questions: &[Question],
    index: &HashMap<String, usize>,
) -> Option<Vec<usize>> {
    let mut tests = Vec::new();
    collect_tests(expr, &mut tests);
    let mut targets = Vec::new();
    let mut broken = false;
    for test in tests {
        let (target_id, _) = test.references()[0];
        let Some(&target) = index.get(target_id) else {
            ctx.add(
                at,
                format!(
                    "{owner} refers to `{target_id}`, which is not a question id{}",
                    did_you_mean(target_id, index.keys().map(String::as_str))
                ),
            );
            broken = true;
            continue;
        };
        if target == owner_index {
            ctx.add(at, format!("{owner} refers to the question itself"));
            broken = true;
            continue;
        }
        if let Err(message) = type_check(test, &questions[target]) {
            ctx.add(at, format!("in {owner}: {message}"));
        }
        targets.push(target);
    }
    (!broken).then_some(targets)
}

/// Checks a condition written outside the questionnaire (an inventory's
/// `when:`) against it, with the same rules as a need rule's condition:
/// every question it reads exists (else the nearest id is suggested) and
/// every test fits its question. One message per problem, each starting
/// with `owner`.
pub(crate) fn foreign_condition_problems(
    questionnaire: &Questionnaire,
    expr: &Expr,
    owner: &str,
) -> Vec<String> {
    let mut tests = Vec::new();
    collect_tests(expr, &mut tests);
    let mut out = Vec::new();
    for test in tests {
        let Some(&(target_id, _)) = test.references().first() else {
            continue;
        };
        match questionnaire.question(target_id) {
            None => out.push(format!(
                "{owner} refers to `{target_id}`, which is not a question of questionnaire `{}`{}",
                questionnaire.id,
                did_you_mean(
                    target_id,
                    questionnaire.questions.iter().map(|q| q.id.as_str())
                )
            )),
            Some(question) => {
                if let Err(message) = type_check(test, question) {
                    out.push(format!("in {owner}: {message}"));
                }
            }
        }
    }
    out
}

fn collect_tests<'a>(expr: &'a Expr, out: &mut Vec<&'a Expr>) {
    match expr {
        Expr::Or(items) | Expr::And(items) => items.iter().for_each(|e| collect_tests(e, out)),
        Expr::Not(inner) => collect_tests(inner, out),
        test => out.push(test),
    }
}

fn type_check(test: &Expr, target: &Question) -> Result<(), String> {
    let id = &target.id;
    let kind = target.kind.name();
    match test {
        Expr::Is { .. } | Expr::Or(_) | Expr::And(_) | Expr::Not(_) => Ok(()),
        Expr::Has { choice, .. } => match &target.kind {
            Kind::Multi { choices } | Kind::Single { choices } => {
                check_choice(target, choices, choice)
            }
            _ => Err(format!(
                "`has` tests the choices of a `multi` question, and `{id}` is a `{kind}` question"
            )),
        },
        Expr::Compare { op, value, .. } => match (&target.kind, value) {
            (Kind::Maturity { .. }, Literal::Number(n)) => {
                if n.fract() == 0.0 && (0.0..=f64::from(MAX_LEVEL)).contains(n) {
                    Ok(())
                } else {
                    Err(format!(
                        "`{id}` is a maturity question; compare it with a level from 0 to {MAX_LEVEL}, not {n}"
                    ))
                }
            }
            (Kind::Maturity { .. }, Literal::Name(name)) => Err(format!(
                "`{id}` is a maturity question; compare it with a level from 0 to {MAX_LEVEL}, not `{name}`"
            )),
            (Kind::Single { choices }, Literal::Name(name)) if !op.is_ordering() => {
                check_choice(target, choices, name)
            }
            (Kind::Single { choices }, Literal::Number(_))
                if choices.iter().all(|c| c.score.is_some()) =>
            {
                Ok(())
            }
            (Kind::Single { .. }, _) => Err(format!(
                "`{id}` is a single-choice question; test it with `==` or `!=` and a choice id (or compare scored choices with a number)"
            )),
            (Kind::Multi { .. }, _) => Err(format!(
                "`{id}` is a multi-choice question; test it with `has`, such as `{id} has CHOICE`"
            )),
            (Kind::YesNo, Literal::Name(name))
                if !op.is_ordering() && (name == "yes" || name == "no") =>
            {
                Ok(())
            }
            (Kind::YesNo, _) => Err(format!(
                "`{id}` is a yes/no question; test it with `== yes` or `== no` (or `is unknown`)"
            )),
            (Kind::Number { .. }, Literal::Number(_)) => Ok(()),
            (Kind::Number { .. }, Literal::Name(name)) => Err(format!(
                "`{id}` is a number question; compare it with a number, not `{name}`"
            )),
            (Kind::Date, Literal::Name(name)) if name.parse::<jiff::civil::Date>().is_ok() => {
                Ok(())
            }
            (Kind::Date, _) => Err(format!(
                "`{id}` is a date question; compare it with a date written YYYY-MM-DD"
            )),
            (Kind::Text, _) if !op.is_ordering() => Ok(()),
            (Kind::Text, _) => Err(format!(
                "`{id}` is a text question; test it with `==`, `!=` or `is`"
            )),
        },
    }
}

fn check_choice(target: &Question, choices: &[Choice], name: &str) -> Result<(), String> {
    if choices.iter().any(|c| c.id == name) {
        Ok(())
    } else {
        let ids: Vec<_> = choices.iter().map(|c| c.id.as_str()).collect();
        Err(format!(
            "`{name}` is not a choice of `{}`{} (choices: {})",
            target.id,
            did_you_mean(name, ids.iter().copied()),
            ids.join(", ")
        ))
    }
}

/// Every cycle of a directed graph, each reported once: the path of nodes
/// (the first repeated at the end) and the node where it closes.
fn find_cycles(graph: &[Vec<usize>]) -> Vec<(Vec<usize>, usize)> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Active,
        Done,
    }
    let mut marks = vec![Mark::New; graph.len()];
    let mut reported: HashSet<Vec<usize>> = HashSet::new();
    let mut cycles = Vec::new();
    for start in 0..graph.len() {
        if marks[start] != Mark::New {
            continue;
        }
        // Iterative depth-first search: (node, next edge to follow).
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        marks[start] = Mark::Active;
        while let Some((node, edge)) = stack.last().copied() {
            if let Some(&next) = graph[node].get(edge) {
                stack.last_mut().expect("stack is not empty").1 += 1;
                match marks[next] {
                    Mark::New => {
                        marks[next] = Mark::Active;
                        stack.push((next, 0));
                    }
                    Mark::Active => {
                        let from = stack.iter().position(|(n, _)| *n == next).unwrap_or(0);
                        let mut path: Vec<usize> = stack[from..].iter().map(|(n, _)| *n).collect();
                        let mut key = path.clone();
                        key.sort_unstable();
                        if reported.insert(key) {
                            path.push(next);
                            cycles.push((path, node));
                        }
                    }
                    Mark::Done => {}
                }
            } else {
                marks[node] = Mark::Done;
                stack.pop();
            }
        }
    }
    cycles
}

#[allow(clippy::too_many_lines)] // one resolution per profile field, each with its own vocabulary
fn validate_profile(
    ctx: &mut Ctx<'_>,
    raw: Option<&super::raw::RawProfile>,
    questions: &[Question],
    index: &HashMap<String, usize>,
) -> Profile {
    let Some(raw) = raw else {
        return Profile::default();
    };
    if let (Some(alias), Some(_)) = (&raw.legal_tradition, &raw.criminal_tradition) {
        ctx.add(
            loc(alias),
            "`profile.legal_tradition` is the old name of `profile.criminal_tradition`, and both are given; keep `criminal_tradition`",
        );
    }
    let mut workstream_ids: Vec<String> = ctx.workstreams.keys().cloned().collect();
    workstream_ids.sort_unstable();
    let workstream_ids: Vec<&str> = workstream_ids.iter().map(String::as_str).collect();
    if let Some(value) = &raw.request
        && workstream_ids.is_empty()
    {
        ctx.add(
            loc(value),
            "`profile.request` names the question of what the State asks for, whose choices are workstream ids, but the questionnaire defines no `workstreams`",
        );
    }
    // Resolves a field to a question of an allowed kind; `vocabulary`, when
    // given, is what every choice id must be (with what to call it).
    let mut resolve = |field: &str,
                       value: Option<&Spanned<String>>,
                       kinds: &[&str],
                       vocabulary: Option<(&[&str], &str)>|
     -> Option<usize> {
        let value = value?;
        let Some(&i) = index.get(&value.value) else {
            ctx.add(
                loc(value),
                format!(
                    "`profile.{field}` names `{}`, which is not a question id{}",
                    value.value,
                    did_you_mean(&value.value, index.keys().map(String::as_str))
                ),
            );
            return None;
        };
        let question = &questions[i];
        let kind = question.kind.name();
        if !kinds.contains(&kind) {
            ctx.add(
                loc(value),
                format!(
                    "`profile.{field}` must name a {} question, and `{}` is `{kind}`",
                    kinds.join(" or "),
                    value.value
                ),
            );
            return None;
        }
        if let Some((allowed, what)) = vocabulary {
            for choice in question.kind.choices() {
                if !allowed.contains(&choice.id.as_str()) {
                    ctx.add(
                        question.loc,
                        format!(
                            "`{}` is `profile.{field}`, so its choice ids must be {what}, and `{}` is not one{} (allowed: {})",
                            question.id,
                            choice.id,
                            did_you_mean(&choice.id, allowed.iter().copied()),
                            allowed.join(", ")
                        ),
                    );
                }
            }
        }
        Some(i)
    };
    Profile {
        languages: resolve(
            "languages",
            raw.languages.as_ref(),
            &["multi", "single"],
            None,
        ),
        criminal_tradition: resolve(
            if raw.criminal_tradition.is_some() {
                "criminal_tradition"
            } else {
                "legal_tradition"
            },
            raw.criminal_tradition
                .as_ref()
                .or(raw.legal_tradition.as_ref()),
            &["single", "multi"],
            Some((&LegalTradition::NAMES, "legal traditions")),
        ),
        civil_status_tradition: resolve(
            "civil_status_tradition",
            raw.civil_status_tradition.as_ref(),
            &["single", "multi"],
            Some((&CivilStatusTradition::NAMES, "civil-status traditions")),
        ),
        region: resolve("region", raw.region.as_ref(), &["single", "multi"], None),
        funding: resolve("funding", raw.funding.as_ref(), &["single", "yesno"], None),
        request: if workstream_ids.is_empty() {
            None
        } else {
            resolve(
                "request",
                raw.request.as_ref(),
                &["multi"],
                Some((&workstream_ids, "workstream ids")),
            )
        },
        urgency: resolve(
            "urgency",
            raw.urgency.as_ref(),
            &["single"],
            Some((&Urgency::NAMES, "urgency levels")),
        ),
    }
}

#[cfg(test)]
mod tests;
