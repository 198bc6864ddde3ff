//! The questionnaire file as written: serde types that mirror the YAML,
//! with source spans kept on every value validation may need to point at.
//! Nothing here is trusted; `validate` turns it into a `Questionnaire`.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::text::RawText;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestionnaire {
    #[serde(rename = "tana-questionnaire")]
    pub format: Spanned<u32>,
    pub id: Spanned<String>,
    pub version: Spanned<String>,
    pub title: Spanned<RawText>,
    pub description: Option<Spanned<RawText>>,
    pub languages: Option<Spanned<Vec<Spanned<String>>>>,
    /// Default target level of every indicator.
    pub target: Option<Spanned<i64>>,
    pub sizing: Option<Spanned<RawSizing>>,
    #[serde(default)]
    pub workstreams: Vec<RawWorkstream>,
    /// The workstream of the safeguards (a workstream id).
    pub safeguards: Option<Spanned<String>>,
    pub profile: Option<RawProfile>,
    pub sections: Spanned<Vec<RawSection>>,
}

/// Indicative size of one need, per extent.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSizing {
    pub currency: Spanned<String>,
    pub advisory: Option<Spanned<RawBand>>,
    pub capacity: Option<Spanned<RawBand>>,
    pub systems: Option<Spanned<RawBand>>,
    pub infrastructure: Option<Spanned<RawBand>>,
}

/// `{days: 10-25, cost: 15000-40000}`: ranges written as text (or one number).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBand {
    pub days: Spanned<String>,
    pub cost: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWorkstream {
    pub id: Spanned<String>,
    pub title: Spanned<RawText>,
    pub description: Option<Spanned<RawText>>,
    #[serde(default)]
    pub after: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProfile {
    pub languages: Option<Spanned<String>>,
    pub criminal_tradition: Option<Spanned<String>>,
    /// The name of `criminal_tradition` in format 1.0 questionnaires.
    pub legal_tradition: Option<Spanned<String>>,
    pub civil_status_tradition: Option<Spanned<String>>,
    pub region: Option<Spanned<String>>,
    pub funding: Option<Spanned<String>>,
    pub request: Option<Spanned<String>>,
    pub urgency: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum RawSectionKind {
    Scored,
    Context,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSection {
    pub id: Spanned<String>,
    pub title: Spanned<RawText>,
    pub description: Option<Spanned<RawText>>,
    pub kind: Option<RawSectionKind>,
    pub weight: Option<Spanned<f64>>,
    #[serde(default)]
    pub partners: Vec<String>,
    pub target: Option<Spanned<i64>>,
    pub target_reason: Option<Spanned<RawText>>,
    pub workstream: Option<Spanned<String>>,
    pub questions: Spanned<Vec<RawQuestion>>,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum RawQuestionKind {
    Maturity,
    Single,
    Multi,
    YesNo,
    Number,
    Text,
    Date,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum RawImportance {
    High,
    Normal,
    Low,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestion {
    pub id: Spanned<String>,
    pub kind: Spanned<RawQuestionKind>,
    /// Short need title (a noun phrase).
    pub title: Option<Spanned<RawText>>,
    pub text: Spanned<RawText>,
    pub guidance: Option<Spanned<RawText>>,
    #[serde(default)]
    pub ask: Vec<String>,
    #[serde(default)]
    pub evidence: Vec<String>,
    pub levels: Option<Spanned<BTreeMap<i64, Spanned<RawText>>>>,
    pub choices: Option<Spanned<Vec<RawChoice>>>,
    pub min: Option<Spanned<f64>>,
    pub max: Option<Spanned<f64>>,
    pub unit: Option<String>,
    pub integer: Option<Spanned<bool>>,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub tags: Vec<Spanned<String>>,
    pub weight: Option<Spanned<f64>>,
    pub importance: Option<RawImportance>,
    pub required: Option<bool>,
    pub when: Option<Spanned<String>>,
    pub workstream: Option<Spanned<String>>,
    pub target: Option<Spanned<i64>>,
    pub target_reason: Option<Spanned<RawText>>,
    pub policy_choice: Option<Spanned<RawText>>,
    /// Risks assistance on this indicator carries: `security-forces`, `surveillance`.
    #[serde(default)]
    pub risks: Vec<Spanned<String>>,
    #[serde(default)]
    pub needs: Vec<RawNeedRule>,
    #[serde(default)]
    pub recommendations: Vec<RawRecommendation>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawChoice {
    pub id: Spanned<String>,
    pub label: Spanned<RawText>,
    pub score: Option<Spanned<f64>>,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum RawExtent {
    Advisory,
    Capacity,
    Systems,
    Infrastructure,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum RawDelivery {
    Alone,
    Broker,
    Partner,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNeedRule {
    pub levels: Spanned<String>,
    pub extent: RawExtent,
    pub delivery: Option<RawDelivery>,
    pub partner: Option<Spanned<String>>,
    /// A condition on other answers; the rule applies only when it is decidedly true.
    pub when: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRecommendation {
    pub levels: Spanned<String>,
    pub text: Spanned<RawText>,
}
