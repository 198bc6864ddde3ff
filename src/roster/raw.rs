//! The roster file as written: serde types mirroring the YAML, with spans
//! on the values validation points at.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::{ExpertLevel, LegalTradition, Proficiency, Role, Sector};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRoster {
    #[serde(rename = "tana-roster")]
    pub format: Spanned<u32>,
    pub title: String,
    pub notice: Option<String>,
    pub tags: Spanned<BTreeMap<String, String>>,
    pub experts: Spanned<Vec<RawExpert>>,
}

/// One value or a list of values (`nationality: KE` or `nationality: [KE, GB]`).
/// Always text: a plain scalar the YAML parser reads as a boolean or number
/// (`NO`, Norway) is recovered from the source as written.
#[derive(Debug)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
    /// A scalar read as a boolean or number; its spelling is in the source
    /// at the value's span (see [`OneOrMany::to_vec`]).
    Reinterpreted(String),
}

impl OneOrMany {
    /// The values as written; `source` recovers a reinterpreted scalar.
    pub fn to_vec(spanned: &Spanned<OneOrMany>, source: &str) -> Vec<String> {
        match &spanned.value {
            OneOrMany::One(one) => vec![one.clone()],
            OneOrMany::Many(many) => many.clone(),
            OneOrMany::Reinterpreted(parsed) => {
                let original = crate::text::source_slice(source, spanned)
                    .map_or(parsed.as_str(), |s| s.trim().trim_matches(['"', '\'']));
                vec![original.to_string()]
            }
        }
    }
}

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(OneOrManyVisitor)
    }
}

struct OneOrManyVisitor;

impl<'de> serde::de::Visitor<'de> for OneOrManyVisitor {
    type Value = OneOrMany;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a country code or a list of country codes")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<OneOrMany, E> {
        Ok(OneOrMany::One(v.to_string()))
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<OneOrMany, E> {
        Ok(OneOrMany::Reinterpreted(v.to_string()))
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<OneOrMany, E> {
        Ok(OneOrMany::Reinterpreted(v.to_string()))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<OneOrMany, E> {
        Ok(OneOrMany::Reinterpreted(v.to_string()))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<OneOrMany, E> {
        Ok(OneOrMany::Reinterpreted(v.to_string()))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<OneOrMany, A::Error> {
        // Elements are read as strings directly, so the schema applies: `[NO]` is "NO".
        let mut out = Vec::new();
        while let Some(code) = seq.next_element::<String>()? {
            out.push(code);
        }
        Ok(OneOrMany::Many(out))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExpert {
    pub id: Spanned<String>,
    pub name: Spanned<String>,
    pub gender: Option<String>,
    pub sector: Sector,
    pub organisation: String,
    pub nationality: Spanned<OneOrMany>,
    pub residence: Spanned<String>,
    pub regions: Spanned<Vec<Spanned<String>>>,
    pub languages: Spanned<LanguageLevels>,
    pub legal_traditions: Vec<LegalTradition>,
    pub expertise: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    pub levels: Vec<ExpertLevel>,
    pub role: Role,
    /// What kind of body the expert's `organisation` (the employer) is.
    pub employer_kind: Option<Spanned<String>>,
    /// Sectors in which the expert (or the employer) has an interest.
    #[serde(default)]
    pub sector_interest: Vec<Spanned<String>>,
    #[serde(default)]
    pub availability: Vec<RawWindow>,
    #[serde(default)]
    pub affiliations: Vec<RawAffiliation>,
    #[serde(default)]
    pub prior_missions: u32,
}

/// The `languages` mapping in file order, each code with its place so that
/// a wrong code is located on its key.
#[derive(Debug, Default)]
pub struct LanguageLevels(pub Vec<(Spanned<String>, Proficiency)>);

impl<'de> Deserialize<'de> for LanguageLevels {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(LanguageLevelsVisitor)
    }
}

struct LanguageLevelsVisitor;

impl<'de> serde::de::Visitor<'de> for LanguageLevelsVisitor {
    type Value = LanguageLevels;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a mapping of language codes to levels, such as {fr: fluent, en: working}")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut map: A,
    ) -> Result<LanguageLevels, A::Error> {
        let mut out = Vec::new();
        while let Some(entry) = map.next_entry::<Spanned<String>, Proficiency>()? {
            out.push(entry);
        }
        Ok(LanguageLevels(out))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWindow {
    pub from: Spanned<String>,
    pub to: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAffiliation {
    pub organisation: Spanned<String>,
    pub kind: Spanned<String>,
    pub country: Option<String>,
}
