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
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn to_vec(&self) -> Vec<String> {
        match self {
            OneOrMany::One(one) => vec![one.clone()],
            OneOrMany::Many(many) => many.clone(),
        }
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
    pub languages: Spanned<BTreeMap<String, Proficiency>>,
    pub legal_traditions: Vec<LegalTradition>,
    pub expertise: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    pub levels: Vec<ExpertLevel>,
    pub role: Role,
    #[serde(default)]
    pub availability: Vec<RawWindow>,
    #[serde(default)]
    pub affiliations: Vec<RawAffiliation>,
    #[serde(default)]
    pub prior_missions: u32,
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
