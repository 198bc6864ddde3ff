//! Traceability of a questionnaire to its founding texts: a data file lists
//! every recommendation item of the traced seed paragraphs, with what it
//! says and, where no question covers it, what in tana carries it or why it
//! is out of scope; the questions that cover an item are derived from the
//! questionnaire's own `sources:` fields, never typed by hand. `tana trace`
//! renders the result as the Markdown of docs/sources.md.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::problem::{FileProblems, Problem, Problems};
use crate::questionnaire::{Questionnaire, SectionKind};
use crate::yaml::{self, Limits, loc};

/// The shipped traceability of the shipped questionnaire.
pub const EMBEDDED: &str = include_str!("../questionnaires/idcrime-trace.yaml");

const LIMITS: Limits = Limits {
    what: "traceability file",
    max_bytes: 4 * 1024 * 1024,
    max_depth: 16,
    max_nodes: 200_000,
    max_aliases: 0,
};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTrace {
    #[serde(rename = "tana-trace")]
    format: Spanned<u32>,
    questionnaire: String,
    title: String,
    intro: String,
    seeds: Vec<RawSeed>,
    items: Vec<RawItem>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSeed {
    code: Spanned<String>,
    title: String,
    traced: String,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    item: Spanned<String>,
    says: String,
    #[serde(default)]
    by_tana: Option<String>,
    #[serde(default)]
    out: Option<Spanned<String>>,
    #[serde(default)]
    note: Option<String>,
}

/// A founding text whose recommendations are traced.
#[derive(Debug, Clone)]
pub struct Seed {
    pub code: String,
    pub title: String,
    /// Which of its paragraphs are traced, in words.
    pub traced: String,
    pub note: Option<String>,
}

/// One recommendation item of a seed.
#[derive(Debug, Clone)]
pub struct Item {
    /// The citation, as questions cite it: `000 ¶39(f)(iii)`, `004 §2 bullet 2`.
    pub item: String,
    /// A short summary of what it recommends (not a quotation).
    pub says: String,
    /// What in tana itself carries the item, beyond the questions.
    pub by_tana: Option<String>,
    /// Why no question covers it: outside a needs assessment of a State.
    pub out: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Trace {
    pub questionnaire: String,
    pub title: String,
    pub intro: String,
    pub seeds: Vec<Seed>,
    pub items: Vec<Item>,
}

/// A citation split into seed, paragraph and the rest (`000`, `39`, `(f)(iii)`).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Cite<'a> {
    seed: &'a str,
    /// Paragraph numbers: one, or a range `16-17`.
    paragraphs: (u32, u32),
    rest: &'a str,
}

fn cite(text: &str) -> Option<Cite<'_>> {
    let (seed, tail) = text.split_once(' ')?;
    if seed.len() != 3 || !seed.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let tail = tail.strip_prefix('¶').or_else(|| tail.strip_prefix('§'))?;
    let digits_end = tail
        .find(|c: char| !(c.is_ascii_digit() || c == '-' || c == '–'))
        .unwrap_or(tail.len());
    let (number, rest) = tail.split_at(digits_end);
    let (from, to) = if let Some((a, b)) = number.split_once(['-', '–']) {
        (a.parse().ok()?, b.parse().ok()?)
    } else {
        let n = number.parse().ok()?;
        (n, n)
    };
    Some(Cite {
        seed,
        paragraphs: (from, to),
        rest,
    })
}

fn is_range(source: &str) -> bool {
    cite(source).is_some_and(|c| c.paragraphs.0 != c.paragraphs.1)
}

/// Can a question's citation `source` trace to the item `item`? It can when
/// it names the item itself or a sub-item of it, or a range of whole
/// paragraphs that holds a whole-paragraph item. [`Trace::coverage`] then
/// picks the most specific listed item.
pub fn covers(source: &str, item: &str) -> bool {
    if source == item {
        return true;
    }
    if let Some(sub) = source.strip_prefix(item)
        && (sub.starts_with('(') || sub.starts_with(' '))
    {
        return true;
    }
    match (cite(source), cite(item)) {
        (Some(s), Some(i)) => {
            s.seed == i.seed
                && s.rest.is_empty()
                && i.rest.is_empty()
                && s.paragraphs.0 != s.paragraphs.1
                && (s.paragraphs.0..=s.paragraphs.1).contains(&i.paragraphs.0)
        }
        _ => false,
    }
}

impl Trace {
    pub fn from_source(source: &str) -> Result<Trace, Vec<Problem>> {
        let raw: RawTrace = yaml::parse(source, LIMITS).map_err(|p| vec![p])?;
        let mut problems = Problems::new();
        if raw.format.value != 1 {
            problems.add(
                loc(&raw.format),
                format!(
                    "traceability format {} is not known; this tana reads format 1",
                    raw.format.value
                ),
            );
        }
        let mut seen: BTreeMap<String, u64> = BTreeMap::new();
        let mut items = Vec::new();
        for item in raw.items {
            let at = loc(&item.item);
            if let Some(line) = seen.insert(item.item.value.clone(), at.line) {
                problems.add(
                    at,
                    format!(
                        "the item `{}` is listed twice: first at line {line}, again here",
                        item.item.value
                    ),
                );
            }
            if !raw
                .seeds
                .iter()
                .any(|s| item.item.value.starts_with(&s.code.value))
            {
                problems.add(
                    at,
                    format!("`{}` cites no seed listed under `seeds:`", item.item.value),
                );
            }
            if let Some(out) = &item.out
                && item.by_tana.is_some()
            {
                problems.add(
                    loc(out),
                    "an item is either out of scope or carried by tana, not both",
                );
            }
            items.push(Item {
                item: item.item.value,
                says: item.says,
                by_tana: item.by_tana,
                out: item.out.map(|o| o.value),
                note: item.note,
            });
        }
        if !problems.is_empty() {
            return Err(problems.into_sorted());
        }
        Ok(Trace {
            questionnaire: raw.questionnaire,
            title: raw.title,
            intro: raw.intro,
            seeds: raw
                .seeds
                .into_iter()
                .map(|s| Seed {
                    code: s.code.value,
                    title: s.title,
                    traced: s.traced,
                    note: s.note,
                })
                .collect(),
            items,
        })
    }

    pub fn load(path: &Path) -> Result<Trace, FileProblems> {
        let source =
            yaml::read_source(path, LIMITS).map_err(|p| FileProblems::new(path, vec![p]))?;
        Self::from_source(&source).map_err(|p| FileProblems::new(path, p))
    }

    pub fn embedded() -> Trace {
        Self::from_source(EMBEDDED).expect("the embedded traceability is checked by the tests")
    }

    /// The listed item a citation traces to: the most specific item it names
    /// or descends from (`000 ¶39(b)(iv)(x)` traces to `000 ¶39(b)(iv)` when
    /// that is listed, else to `000 ¶39(b)`), or every whole-paragraph item a
    /// range of paragraphs holds.
    fn traced_items(&self, source: &str) -> Vec<usize> {
        let best = self
            .items
            .iter()
            .enumerate()
            .filter(|(_, i)| covers(source, &i.item) && (source == i.item || !is_range(source)))
            .max_by_key(|(_, i)| i.item.len());
        match best {
            Some((index, item)) if !is_range(source) || source == item.item => vec![index],
            _ => self
                .items
                .iter()
                .enumerate()
                .filter(|(_, i)| covers(source, &i.item))
                .map(|(index, _)| index)
                .collect(),
        }
    }

    /// The questions covering each item, indicators first, in questionnaire order.
    pub fn coverage(&self, questionnaire: &Questionnaire) -> Vec<Vec<String>> {
        let mut covered: Vec<Vec<(bool, usize, String)>> = vec![Vec::new(); self.items.len()];
        for (qi, question) in questionnaire.questions.iter().enumerate() {
            for source in &question.sources {
                for item in self.traced_items(source) {
                    let entry = (!question.indicator, qi, question.id.clone());
                    if !covered[item].contains(&entry) {
                        covered[item].push(entry);
                    }
                }
            }
        }
        covered
            .into_iter()
            .map(|mut ids| {
                ids.sort();
                ids.into_iter().map(|(_, _, id)| id).collect()
            })
            .collect()
    }

    /// What disagrees between the traceability and the questionnaire: items
    /// neither covered nor carried nor scoped out; items scoped out although
    /// a question cites them; citations into a traced paragraph that name no
    /// item (a typo, or an item missing from the list).
    pub fn disagreements(&self, questionnaire: &Questionnaire) -> Vec<String> {
        let mut out = Vec::new();
        if self.questionnaire != questionnaire.id {
            out.push(format!(
                "the traceability is for questionnaire `{}`, not `{}`",
                self.questionnaire, questionnaire.id
            ));
        }
        for (item, covered) in self.items.iter().zip(self.coverage(questionnaire)) {
            match (&item.out, &item.by_tana, covered.is_empty()) {
                (Some(_), _, false) => out.push(format!(
                    "{} is marked out of scope, but {} cite{} it",
                    item.item,
                    covered.join(", "),
                    if covered.len() == 1 { "s" } else { "" }
                )),
                (None, None, true) => out.push(format!(
                    "{} is covered by no question, carried by nothing in tana and not scoped out",
                    item.item
                )),
                _ => {}
            }
        }
        for question in &questionnaire.questions {
            for source in &question.sources {
                let Some(c) = cite(source) else { continue };
                let traced = self.items.iter().any(|i| {
                    cite(&i.item).is_some_and(|ic| {
                        ic.seed == c.seed
                            && (c.paragraphs.0..=c.paragraphs.1).contains(&ic.paragraphs.0)
                    })
                });
                if traced && self.traced_items(source).is_empty() {
                    out.push(format!(
                        "{} cites `{source}`, a traced paragraph, but no item of the traceability matches it",
                        question.id
                    ));
                }
            }
        }
        out
    }

    /// The Markdown of docs/sources.md.
    pub fn render(&self, questionnaire: &Questionnaire) -> String {
        let coverage = self.coverage(questionnaire);
        let mut md = String::new();
        let _ = writeln!(md, "# {}\n", self.title);
        let _ = writeln!(
            md,
            "<!-- Generated by `tana trace` from questionnaires/idcrime-trace.yaml and the `sources:` fields of {} {}; do not edit by hand. -->\n",
            questionnaire.id, questionnaire.version
        );
        let _ = writeln!(md, "{}\n", self.intro.trim_end());
        md.push_str("## Indicators by area\n\n| Area | Title | Indicators |\n|---|---|---:|\n");
        let mut total = 0;
        for (si, section) in questionnaire.sections.iter().enumerate() {
            if section.kind != SectionKind::Scored {
                continue;
            }
            let n = questionnaire
                .section_questions(si)
                .iter()
                .filter(|q| q.indicator)
                .count();
            total += n;
            let _ = writeln!(
                md,
                "| {} | {} | {n} |",
                section.id,
                section.title.fallback()
            );
        }
        let _ = writeln!(md, "| | **Total scored indicators** | **{total}** |\n");
        for seed in &self.seeds {
            let _ = writeln!(md, "## Seed {}: {}\n", seed.code, seed.title);
            let _ = writeln!(md, "Traced: {}.\n", seed.traced);
            if let Some(note) = &seed.note {
                let _ = writeln!(md, "{}\n", note.trim_end());
            }
            md.push_str(
                "| Item | What it recommends | Covered by | How, or why not |\n|---|---|---|---|\n",
            );
            for (item, covered) in self.items.iter().zip(&coverage) {
                if !item.item.starts_with(&seed.code) {
                    continue;
                }
                let by = if covered.is_empty() {
                    "—".to_string()
                } else {
                    covered
                        .iter()
                        .map(|id| format!("`{id}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let mut how = Vec::new();
                if let Some(t) = &item.by_tana {
                    how.push(format!("*In tana:* {}", t.trim()));
                }
                if let Some(o) = &item.out {
                    how.push(format!("*Out of scope:* {}", o.trim()));
                }
                if let Some(n) = &item.note {
                    how.push(n.trim().to_string());
                }
                let _ = writeln!(
                    md,
                    "| {} | {} | {by} | {} |",
                    item.item,
                    item.says.trim(),
                    how.join(" ").replace('|', "\\|")
                );
            }
            md.push('\n');
        }
        md
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_citation_covers_itself_its_sub_items_and_ranges_of_whole_paragraphs() {
        assert!(covers("000 ¶34", "000 ¶34"));
        assert!(covers("000 ¶39(b)(iv)", "000 ¶39(b)"));
        assert!(!covers("000 ¶39(b)", "000 ¶39(b)(iv)"));
        assert!(!covers("000 ¶39(f)", "000 ¶39(f)(iii)"));
        assert!(covers("000 ¶34-36", "000 ¶35"));
        assert!(!covers("000 ¶34-36", "000 ¶36(b)"));
        assert!(!covers("000 ¶3", "000 ¶34"));
        assert!(!covers("000 ¶39(a)", "000 ¶39(b)"));
        assert!(covers("004 §2 bullet 2", "004 §2 bullet 2"));
        assert!(!covers("004 §2", "004 §2 bullet 2"));
        assert!(!covers("UNTOC art. 18", "UNTOC art. 1"));
    }

    #[test]
    fn a_citation_traces_to_the_most_specific_listed_item() {
        let source = "tana-trace: 1\nquestionnaire: q\ntitle: T\nintro: I\nseeds:\n  - {code: \"000\", title: S, traced: all}\nitems:\n  - {item: 000 ¶34, says: a}\n  - {item: 000 ¶35, says: a}\n  - {item: 000 ¶39(b), says: b, out: x}\n  - {item: 000 ¶39(b)(ii), says: c}\n";
        let trace = Trace::from_source(source).unwrap();
        assert_eq!(trace.traced_items("000 ¶39(b)(ii)"), vec![3]);
        assert_eq!(trace.traced_items("000 ¶39(b)(iii)"), vec![2]);
        assert_eq!(trace.traced_items("000 ¶39(b)"), vec![2]);
        assert_eq!(trace.traced_items("000 ¶34-35"), vec![0, 1]);
        assert!(trace.traced_items("000 ¶5").is_empty());
    }

    #[test]
    fn the_embedded_traceability_loads() {
        let trace = Trace::embedded();
        assert!(trace.items.len() > 60, "{}", trace.items.len());
    }

    #[test]
    fn duplicates_and_contradictions_are_located() {
        let source = "tana-trace: 1\nquestionnaire: q\ntitle: T\nintro: I\nseeds:\n  - {code: \"000\", title: S, traced: all}\nitems:\n  - {item: 000 ¶34, says: a}\n  - {item: 000 ¶34, says: b, out: x, by_tana: y}\n";
        let problems = Trace::from_source(source).unwrap_err();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].message.contains("listed twice"), "{problems:?}");
        assert!(problems[1].message.contains("not both"), "{problems:?}");
    }
}
