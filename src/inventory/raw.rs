//! The inventory file as written: serde types mirroring the YAML, with
//! spans on every value validation may point at. Nothing here is trusted;
//! `validate` turns it into an [`Inventory`](super::Inventory).

use serde::Deserialize;
use serde_saphyr::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawInventory {
    #[serde(rename = "tana-inventory")]
    pub format: Spanned<u32>,
    pub title: Spanned<String>,
    pub notice: Option<String>,
    #[serde(default)]
    pub materials: Vec<RawMaterial>,
    #[serde(default)]
    pub providers: Vec<RawProvider>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMaterial {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    pub publisher: Spanned<String>,
    pub year: Option<Spanned<i64>>,
    pub kind: Spanned<String>,
    pub languages: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    pub tags: Vec<Spanned<String>>,
    #[serde(default)]
    pub indicators: Vec<Spanned<String>>,
    pub url: Option<Spanned<String>>,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProvider {
    pub id: Spanned<String>,
    pub name: Spanned<String>,
    pub short: Option<Spanned<String>>,
    pub kind: Spanned<String>,
    pub tags: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    pub extents: Vec<Spanned<String>>,
    pub regions: Option<Spanned<Regions>>,
    #[serde(default)]
    pub languages: Vec<Spanned<String>>,
    #[serde(default)]
    pub modes: Vec<Spanned<String>>,
    pub when: Option<Spanned<String>>,
    pub condition: Option<Spanned<String>>,
    pub url: Option<Spanned<String>>,
    #[serde(default)]
    pub note: String,
}

/// `regions: all` or a list of UN regional groups.
#[derive(Debug)]
pub enum Regions {
    /// A single word (`all`, or one region).
    One(String),
    Many(Vec<String>),
}

impl<'de> Deserialize<'de> for Regions {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RegionsVisitor)
    }
}

struct RegionsVisitor;

impl<'de> serde::de::Visitor<'de> for RegionsVisitor {
    type Value = Regions;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("`all` or a list of UN regional groups")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Regions, E> {
        Ok(Regions::One(v.to_string()))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Regions, A::Error> {
        let mut out = Vec::new();
        while let Some(region) = seq.next_element::<String>()? {
            out.push(region);
        }
        Ok(Regions::Many(out))
    }
}
