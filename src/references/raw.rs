//! The references file as written: serde types that mirror the YAML, with
//! spans kept where validation points. Nothing here is trusted.

use serde::Deserialize;
use serde_saphyr::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawReferences {
    /// The format marker, `tana-references: 1` (also how `tana validate` recognises the file).
    #[serde(rename = "tana-references")]
    pub format: Spanned<u32>,
    pub seeds: Vec<RawSeed>,
    pub instruments: Vec<RawInstrument>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSeed {
    pub code: Spanned<String>,
    pub file: Option<String>,
    pub title: Spanned<String>,
    pub body: Option<String>,
    pub date: Option<String>,
    pub symbol: Option<String>,
    /// `paragraph`, `section` or `none`.
    pub numbering: Spanned<String>,
    pub unit: Option<String>,
    pub range: Option<Spanned<[u32; 2]>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawInstrument {
    pub code: Spanned<String>,
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    pub title: Spanned<String>,
    pub body: Option<String>,
    pub symbol: Option<String>,
    pub adopted: Option<String>,
    pub date: Option<String>,
    pub in_force: Option<String>,
    pub opened_for_signature: Option<String>,
    pub entry_into_force_rule: Option<String>,
    pub edition: Option<String>,
    pub kind: Spanned<String>,
    pub binding: Option<bool>,
    /// How many numbered parts (articles, recommendations, principles) it has.
    pub articles: Option<Spanned<u32>>,
    pub unit: Option<String>,
    pub url: Option<Spanned<String>>,
    #[serde(default)]
    pub subjects: Vec<RawSubject>,
    /// Numbers verified only in an earlier edition (kept for the record, not cited).
    #[serde(default)]
    pub earlier_edition: Vec<RawEarlier>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSubject {
    pub subject: String,
    pub article: Spanned<String>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEarlier {
    pub subject: String,
    pub number: String,
    #[serde(rename = "type")]
    pub kind: String,
}
