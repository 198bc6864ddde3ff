//! The references key: every seed and instrument the report cites, found by
//! scanning its text for their codes and aliases (longest first), with the
//! parts cited, so that a reader outside the team can decode `000 ¶10` or
//! `Budapest Convention art. 16`.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::references::{self, References};

#[derive(Debug, Serialize, Clone, PartialEq)]
pub struct Reference {
    pub code: String,
    /// `seed`, `treaty`, `protocol`, `resolution`, …
    pub kind: &'static str,
    pub title: String,
    pub body: Option<String>,
    pub symbol: Option<String>,
    /// Adopted or opened for signature, else the document's date.
    pub date: Option<String>,
    pub in_force: Option<String>,
    pub edition: Option<String>,
    pub binding: Option<bool>,
    pub url: Option<String>,
    /// The parts cited, in number order: `¶10`, `art. 18(13)`.
    pub cited: Vec<String>,
}

/// Sort key of a part: its leading number, then its text.
pub fn part_order(part: &str) -> (u32, String) {
    let digits: String = part
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect();
    (digits.parse().unwrap_or(0), part.to_string())
}

/// The entries cited anywhere in `texts`, seeds first, then instruments in
/// the table's order.
pub fn cited<'t>(table: &References, texts: impl IntoIterator<Item = &'t str>) -> Vec<Reference> {
    let mut found: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for text in texts {
        for occurrence in table.scan(text) {
            let entry = &table.entries[occurrence.index];
            let parts = found.entry(occurrence.index).or_default();
            for part in references::parts_after(entry, &text[occurrence.at.end..]) {
                if !parts.contains(&part) {
                    parts.push(part);
                }
            }
        }
    }
    found
        .into_iter()
        .map(|(index, mut parts)| {
            let entry = &table.entries[index];
            parts.sort_by_key(|p| part_order(p));
            Reference {
                code: entry.code.clone(),
                kind: entry.kind.name(),
                title: entry.title.clone(),
                body: entry.body.clone(),
                // "no symbol in the document" is the table's note, not a symbol.
                symbol: entry.symbol.clone().filter(|s| !s.starts_with("no symbol")),
                date: entry.adopted.clone().or_else(|| entry.date.clone()),
                in_force: entry.in_force.clone(),
                edition: entry.edition.clone(),
                binding: entry.binding,
                url: entry.url.clone(),
                cited: parts,
            }
        })
        .collect()
}

/// Every text of a serialised value (for scanning the report's data).
pub fn strings(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        serde_json::Value::Object(map) => map.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}
