//! The references key: the seeds (the founding documents, cited `000 ¶10`)
//! and the instruments (`Budapest Convention art. 16`, `FATF R.15`) that the
//! questionnaire and tana's own words cite, with their full titles, symbols
//! and the range of their numbered parts. Read from the embedded
//! `questionnaires/references.yaml`, checked (located problems, all at
//! once), and searched by code or alias, longest first, so that a report can
//! print a key that decodes every code it prints.

pub mod raw;
mod validate;

use aho_corasick::AhoCorasick;
use std::ops::RangeInclusive;

use serde::Serialize;

use crate::problem::Problem;
use crate::yaml::{self, Limits};

/// The format of a references file (`tana-references: 1`).
pub const FORMAT_VERSION: u32 = 1;

/// The size and nesting limits of a references file.
pub const LIMITS: Limits = Limits {
    what: "references table",
    max_bytes: 4 * 1024 * 1024,
    max_depth: 16,
    max_nodes: 400_000,
    max_aliases: 100,
};

/// The shipped references table (`questionnaires/references.yaml`).
pub const SOURCE: &str = include_str!("../questionnaires/references.yaml");

/// What kind of document an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A founding document of the questionnaire (cited by its three-digit code).
    Seed,
    Treaty,
    Protocol,
    Resolution,
    Recommendation,
    Regulation,
    Standard,
    Principles,
    Guidance,
    Indicator,
    Tool,
    Policy,
    Report,
    Declaration,
}

impl Kind {
    /// The kinds an instrument may have, as written in the file.
    pub const INSTRUMENT_NAMES: [&str; 13] = [
        "treaty",
        "protocol",
        "resolution",
        "recommendation",
        "regulation",
        "standard",
        "principles",
        "guidance",
        "indicator",
        "tool",
        "policy",
        "report",
        "declaration",
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Seed => "seed",
            Kind::Treaty => "treaty",
            Kind::Protocol => "protocol",
            Kind::Resolution => "resolution",
            Kind::Recommendation => "recommendation",
            Kind::Regulation => "regulation",
            Kind::Standard => "standard",
            Kind::Principles => "principles",
            Kind::Guidance => "guidance",
            Kind::Indicator => "indicator",
            Kind::Tool => "tool",
            Kind::Policy => "policy",
            Kind::Report => "report",
            Kind::Declaration => "declaration",
        }
    }

    pub fn parse(name: &str) -> Option<Kind> {
        Some(match name {
            "treaty" => Kind::Treaty,
            "protocol" => Kind::Protocol,
            "resolution" => Kind::Resolution,
            "recommendation" => Kind::Recommendation,
            "regulation" => Kind::Regulation,
            "standard" => Kind::Standard,
            "principles" => Kind::Principles,
            "guidance" => Kind::Guidance,
            "indicator" => Kind::Indicator,
            "tool" => Kind::Tool,
            "policy" => Kind::Policy,
            "report" => Kind::Report,
            "declaration" => Kind::Declaration,
            _ => return None,
        })
    }
}

/// What a numbered part of an entry is about (from the file's `subjects`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Subject {
    pub subject: String,
    /// As cited after the unit: `18(9)`, `16.9.1`.
    pub article: String,
    pub note: Option<String>,
}

/// One seed or instrument.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// The code citations start with: `000`, `UNTOC`, `Budapest Convention`.
    pub code: String,
    pub aliases: Vec<String>,
    pub kind: Kind,
    pub title: String,
    /// The body that issued or adopted it.
    pub body: Option<String>,
    /// Its official symbol or series number (`A/RES/55/25`, `ETS No. 185`).
    pub symbol: Option<String>,
    /// Adoption or opening for signature (`2001-11-23`, `2017`).
    pub adopted: Option<String>,
    /// The date of a seed or of a document without an adoption date.
    pub date: Option<String>,
    pub in_force: Option<String>,
    pub edition: Option<String>,
    /// Binding on the States that are party to it (treaties, EU regulations, ICAO Standards).
    pub binding: Option<bool>,
    /// The word before a part's number: `¶`, `§`, `art.`, `R.`, `Part`, `Principle`, `target`; empty when none is written.
    pub unit: Option<String>,
    /// The numbers its parts run through, when verified.
    pub range: Option<RangeInclusive<u32>>,
    pub url: Option<String>,
    /// A seed's file name under the seeds folder.
    pub file: Option<String>,
    pub subjects: Vec<Subject>,
}

impl Entry {
    /// The code and every alias.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.code.as_str()).chain(self.aliases.iter().map(String::as_str))
    }

    pub fn is_seed(&self) -> bool {
        self.kind == Kind::Seed
    }
}

/// The whole table.
#[derive(Debug, Clone)]
pub struct References {
    /// Seeds first (in code order), then instruments as the file lists them.
    pub entries: Vec<Entry>,
    /// Every code and alias with its entry, longest first.
    names: Vec<(String, usize)>,
    /// All of `names` in one automaton (pattern `i` is `names[i]`), so that
    /// scanning a text costs one pass, not one search per name.
    automaton: AhoCorasick,
}

/// A citation resolved to its entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation<'r> {
    pub entry: &'r Entry,
    /// Index of the entry in [`References::entries`].
    pub index: usize,
    /// The code or alias the citation used.
    pub name: &'r str,
    /// What follows the code, trimmed: `art. 18(9)`, `¶39(f)(iii)`, `16.9`.
    pub rest: String,
    /// The leading number of the part cited (18 of `art. 18(9)`), and the
    /// last one of a range (`¶16-17` gives 16 and 17).
    pub number: Option<u32>,
    pub last: Option<u32>,
}

impl Citation<'_> {
    /// Whether every cited number lies in the entry's verified range (true
    /// when the entry has no range or nothing numbered is cited).
    pub fn in_range(&self) -> bool {
        match &self.entry.range {
            Some(range) => [self.number, self.last]
                .into_iter()
                .flatten()
                .all(|n| range.contains(&n)),
            None => true,
        }
    }
}

/// One occurrence of a code in running text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Byte range of the code (or alias) in the text.
    pub at: std::ops::Range<usize>,
    pub index: usize,
}

impl References {
    pub fn from_source(source: &str) -> Result<References, Vec<Problem>> {
        let raw: raw::RawReferences = yaml::parse(source, LIMITS).map_err(|p| vec![p])?;
        let entries = validate::validate(&raw)?;
        let mut names: Vec<(String, usize)> = entries
            .iter()
            .enumerate()
            .flat_map(|(i, e)| e.names().map(move |n| (n.to_string(), i)))
            .collect();
        names.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        let automaton = AhoCorasick::new(names.iter().map(|(name, _)| name))
            .expect("a few hundred short names fit the automaton's limits");
        Ok(References {
            entries,
            names,
            automaton,
        })
    }

    /// The table compiled into tana.
    pub fn embedded() -> References {
        Self::from_source(SOURCE).expect("the embedded references are validated by the test suite")
    }

    /// The table compiled into tana, read once.
    pub fn shipped() -> &'static References {
        static SHIPPED: std::sync::OnceLock<References> = std::sync::OnceLock::new();
        SHIPPED.get_or_init(References::embedded)
    }

    /// The citations of a questionnaire that no entry decodes, with the
    /// question citing each (for `tana validate`).
    pub fn unknown_citations<'q>(
        &self,
        questionnaire: &'q crate::questionnaire::Questionnaire,
    ) -> Vec<(&'q str, &'q str)> {
        questionnaire
            .questions
            .iter()
            .flat_map(|q| q.sources.iter().map(move |s| (q.id.as_str(), s.as_str())))
            .filter(|(_, s)| self.find(s).is_none())
            .collect()
    }

    /// The entry with this exact code.
    pub fn entry(&self, code: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.code == code)
    }

    /// The entry a citation starts with (`UNTOC art. 18(9)`, `000 ¶39(f)`,
    /// `ICAO TRIP Guide on Evidence of Identity`), matching the longest code
    /// or alias first and only where the name ends at a word boundary.
    pub fn find(&self, citation: &str) -> Option<Citation<'_>> {
        let citation = citation.trim();
        self.names.iter().find_map(|(name, index)| {
            let rest = citation.strip_prefix(name.as_str())?;
            if rest.chars().next().is_some_and(char::is_alphanumeric) {
                return None;
            }
            let entry = &self.entries[*index];
            let rest = rest.trim();
            let (number, last) = numbers(entry, rest);
            Some(Citation {
                entry,
                index: *index,
                name,
                rest: rest.to_string(),
                number,
                last,
            })
        })
    }

    /// Every code or alias that occurs in `text` at word boundaries, longest
    /// first where two overlap, in text order. A seed's code counts only
    /// when a paragraph, section or quoted phrase follows it (`000 ¶10`), so
    /// that a number in running text is not taken for a seed.
    pub fn scan(&self, text: &str) -> Vec<Found> {
        // Every occurrence of every name, ranked as `names` is (longest
        // first), then in text order; an occurrence inside a longer one
        // already taken is dropped.
        let mut candidates: Vec<(usize, std::ops::Range<usize>)> = self
            .automaton
            .find_overlapping_iter(text)
            .map(|m| (m.pattern().as_usize(), m.start()..m.end()))
            .filter(|(rank, at)| self.stands_alone(text, at, self.names[*rank].1))
            .collect();
        candidates.sort_by_key(|(rank, at)| (*rank, at.start));
        let mut found: Vec<Found> = Vec::new();
        for (rank, at) in candidates {
            if found
                .iter()
                .any(|f| f.at.start < at.end && at.start < f.at.end)
            {
                continue; // inside a longer name found before
            }
            found.push(Found {
                at,
                index: self.names[rank].1,
            });
        }
        found.sort_by_key(|f| f.at.start);
        found
    }

    /// Whether a name found at `at` is a code of its own: not part of a
    /// longer word, and, for a seed, followed by a paragraph, section or
    /// quoted phrase.
    fn stands_alone(&self, text: &str, at: &std::ops::Range<usize>, index: usize) -> bool {
        let before = text[..at.start].chars().next_back();
        let after = &text[at.end..];
        if before.is_some_and(char::is_alphanumeric)
            || after.chars().next().is_some_and(char::is_alphanumeric)
        {
            return false;
        }
        !self.entries[index].is_seed()
            || ["¶", "§", "\"", "“"].iter().any(|u| {
                after
                    .strip_prefix(' ')
                    .or_else(|| after.strip_prefix('\u{a0}'))
                    .is_some_and(|a| a.starts_with(u))
            })
    }
}

/// The parts cited right after a code found in `text`: `¶28` and `¶35` of
/// `000 ¶28, ¶35`, `art. 18(13)` of `UNTOC art. 18(13)`, `16.9` of
/// `SDG 16.9`; empty when the code stands alone.
pub fn parts_after(entry: &Entry, text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut rest = text;
    let unit = entry.unit.as_deref().unwrap_or("");
    let mut first = true;
    let mut last_prefix = String::new();
    while let Some(after_space) = if first {
        rest.strip_prefix(' ')
            .or_else(|| rest.strip_prefix('\u{a0}'))
    } else {
        rest.strip_prefix(", ")
    } {
        let (prefix, numbered) = match after_space.strip_prefix(unit).filter(|_| !unit.is_empty()) {
            Some(after_unit) => {
                let spaced = after_unit.starts_with(' ');
                let prefix = if spaced {
                    format!("{unit} ")
                } else {
                    unit.to_string()
                };
                last_prefix.clone_from(&prefix);
                (prefix, after_unit.trim_start_matches(' '))
            }
            // A first part may omit the unit (`SDG 16.9`), a seed's never.
            None if first && !entry.is_seed() => (String::new(), after_space),
            // A continuation may repeat the unit (`, ¶35`) or not (`art. 2, 3`).
            None if !first && !last_prefix.is_empty() => (last_prefix.clone(), after_space),
            None => break,
        };
        let length = part_length(numbered);
        if length == 0 {
            break;
        }
        parts.push(format!("{prefix}{}", &numbered[..length]));
        rest = &numbered[length..];
        first = false;
        if unit.is_empty() {
            break;
        }
    }
    parts
}

/// The length of `18(9)`, `39(f)(iii)`, `16-17`, `16.9.1`, `17.19.2(b)` at the start of `text`.
fn part_length(text: &str) -> usize {
    let bytes = text.as_bytes();
    let digits = |from: usize| {
        bytes[from..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let mut i = digits(0);
    if i == 0 {
        return 0;
    }
    let number = |mut i: usize| {
        while bytes.get(i) == Some(&b'.') && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
            i += 1 + digits(i + 1);
        }
        while bytes.get(i) == Some(&b'(') {
            let inner = bytes[i + 1..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
            if inner == 0 || bytes.get(i + 1 + inner) != Some(&b')') {
                break;
            }
            i += inner + 2;
        }
        i
    };
    i = number(i);
    // A range: `16-17`, `6–9`.
    for dash in ["-", "–"] {
        if text[i..].starts_with(dash) {
            let after = i + dash.len();
            let more = digits(after);
            if more > 0 {
                i = number(after + more);
            }
            break;
        }
    }
    i
}

/// The leading number after the unit (`art. 18(9)` → 18), and the end of a
/// range (`¶16-17` → 17).
fn numbers(entry: &Entry, rest: &str) -> (Option<u32>, Option<u32>) {
    let mut text = rest;
    if let Some(unit) = entry.unit.as_deref().filter(|u| !u.is_empty()) {
        text = text.strip_prefix(unit).unwrap_or(text).trim_start();
    }
    let leading = |s: &str| -> (Option<u32>, usize) {
        let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
        (digits.parse().ok(), digits.len())
    };
    let (number, length) = leading(text);
    let last = number.and_then(|_| {
        let after = &text[length..];
        let after = after
            .strip_prefix('-')
            .or_else(|| after.strip_prefix('–'))?;
        leading(after).0
    });
    (number, last)
}

#[cfg(test)]
mod tests;
