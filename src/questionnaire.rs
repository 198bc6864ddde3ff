//! The validated questionnaire: sections (scored areas or context modules)
//! and questions with their ladders, choices, skip conditions, sources, tags,
//! targets, workstreams, need rules (with their conditions) and
//! recommendations, plus the indicative sizing of needs. Everything here has
//! been checked by [`validate`]; the rest of tana trusts it.

pub mod condition;
pub mod raw;
pub mod validate;

use std::collections::HashMap;
use std::ops::RangeInclusive;
use std::path::Path;

use crate::problem::{FileProblems, Loc, Problem};
use crate::text::LocalText;
use crate::yaml::{self, Limits};

pub use condition::Expr;

/// The highest level of the maturity scale (levels run 0..=4).
pub const MAX_LEVEL: u8 = 4;

/// The target level of an indicator when nothing else sets one.
pub const DEFAULT_TARGET: u8 = 3;

/// The names of the five levels of the common scale.
pub const LEVEL_NAMES: [&str; 5] = [
    "start-up",
    "formative",
    "established",
    "strategic",
    "dynamic",
];

#[derive(Debug, Clone)]
pub struct Questionnaire {
    pub id: String,
    pub version: String,
    pub title: LocalText,
    pub description: Option<LocalText>,
    pub languages: Vec<String>,
    /// Default target level of every indicator (`target:`, else 3).
    pub target: u8,
    /// True when the file sets `target:` (for the origin of a target).
    pub target_set: bool,
    /// Indicative size of one need per extent, when the file gives one.
    pub sizing: Option<Sizing>,
    /// Packages of work a donor could fund, in file order.
    pub workstreams: Vec<Workstream>,
    /// The workstream whose indicators are the safeguards that powers and
    /// capabilities marked with `risks:` call for (`safeguards:`).
    pub safeguards: Option<usize>,
    pub profile: Profile,
    pub sections: Vec<Section>,
    pub questions: Vec<Question>,
    /// `sha256:` followed by the hex digest of the file's bytes.
    pub hash: String,
    index: HashMap<String, usize>,
}

/// Which questions describe the requesting State for matching, needs and
/// the plan. Each is an index into [`Questionnaire::questions`].
#[derive(Debug, Clone, Default)]
pub struct Profile {
    /// Working languages (choice ids are language codes).
    pub languages: Option<usize>,
    /// Tradition of criminal law and procedure (choice ids: [`LegalTradition`](crate::roster::LegalTradition) names).
    pub criminal_tradition: Option<usize>,
    /// Tradition of civil-status and personal-status law (choice ids: [`CivilStatusTradition`] names).
    pub civil_status_tradition: Option<usize>,
    /// UN regional group.
    pub region: Option<usize>,
    /// Whether funding for assistance is secured.
    pub funding: Option<usize>,
    /// What the State asks for: a `multi` question whose choice ids are workstream ids.
    pub request: Option<usize>,
    /// How urgent the request is (choice ids: [`Urgency`] names).
    pub urgency: Option<usize>,
}

/// The urgency of a request (choice ids of the profile's `urgency` question).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Urgency {
    Routine,
    Priority,
    Urgent,
}

impl Urgency {
    pub const ALL: [Urgency; 3] = [Urgency::Routine, Urgency::Priority, Urgency::Urgent];
    pub const NAMES: [&str; 3] = ["routine", "priority", "urgent"];

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    pub fn parse(name: &str) -> Option<Urgency> {
        Self::NAMES
            .iter()
            .position(|n| *n == name)
            .map(|i| Self::ALL[i])
    }
}

/// The tradition of a State's civil-status and personal-status law (choice
/// ids of the profile's `civil_status_tradition` question).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CivilStatusTradition {
    Civil,
    Common,
    Customary,
    Religious,
    Mixed,
}

impl CivilStatusTradition {
    pub const ALL: [CivilStatusTradition; 5] = [
        CivilStatusTradition::Civil,
        CivilStatusTradition::Common,
        CivilStatusTradition::Customary,
        CivilStatusTradition::Religious,
        CivilStatusTradition::Mixed,
    ];
    pub const NAMES: [&str; 5] = ["civil", "common", "customary", "religious", "mixed"];

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    pub fn parse(name: &str) -> Option<CivilStatusTradition> {
        Self::NAMES
            .iter()
            .position(|n| *n == name)
            .map(|i| Self::ALL[i])
    }
}

/// A package of work a donor could fund (`workstreams:`).
#[derive(Debug, Clone)]
pub struct Workstream {
    pub id: String,
    pub title: LocalText,
    pub description: Option<LocalText>,
    /// Workstreams that should come before this one, as indexes into
    /// [`Questionnaire::workstreams`] (checked: they exist and form no cycle).
    pub after: Vec<usize>,
    pub loc: Loc,
}

/// An indicative band: expert-days and cost of one need of one extent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SizeBand {
    pub days: RangeInclusive<u32>,
    pub cost: RangeInclusive<u64>,
}

/// The indicative size of one need, per extent (`sizing:`). Always shown as
/// indicative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sizing {
    /// ISO 4217 code of the costs (`USD`).
    pub currency: String,
    /// One band per extent, in the order of [`Extent::ALL`]; `None` where the file gives none.
    pub bands: [Option<SizeBand>; 4],
}

impl Sizing {
    pub fn band(&self, extent: Extent) -> Option<&SizeBand> {
        self.bands[extent as usize].as_ref()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionKind {
    /// An assessment area whose indicators are scored.
    Scored,
    /// Recorded for context, never scored.
    Context,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub id: String,
    pub title: LocalText,
    pub description: Option<LocalText>,
    pub kind: SectionKind,
    pub weight: f64,
    pub partners: Vec<String>,
    /// Default target of the area's indicators (`target:`).
    pub target: Option<u8>,
    pub target_reason: Option<LocalText>,
    /// Default workstream of the area's indicators, as an index into
    /// [`Questionnaire::workstreams`].
    pub workstream: Option<usize>,
    /// Indexes into [`Questionnaire::questions`].
    pub questions: std::ops::Range<usize>,
    pub loc: Loc,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Importance {
    Low,
    Normal,
    High,
}

impl Importance {
    /// The factor this importance contributes to a need's priority.
    pub fn factor(self) -> f64 {
        match self {
            Importance::Low => 0.5,
            Importance::Normal => 1.0,
            Importance::High => 1.5,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Importance::Low => "low",
            Importance::Normal => "normal",
            Importance::High => "high",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Choice {
    pub id: String,
    pub label: LocalText,
    pub score: Option<f64>,
}

#[derive(Debug, Clone)]
pub enum Kind {
    Maturity {
        ladder: Box<[LocalText; 5]>,
    },
    Single {
        choices: Vec<Choice>,
    },
    Multi {
        choices: Vec<Choice>,
    },
    YesNo,
    Number {
        min: Option<f64>,
        max: Option<f64>,
        unit: Option<String>,
        integer: bool,
    },
    Text,
    Date,
}

impl Kind {
    pub fn name(&self) -> &'static str {
        match self {
            Kind::Maturity { .. } => "maturity",
            Kind::Single { .. } => "single",
            Kind::Multi { .. } => "multi",
            Kind::YesNo => "yesno",
            Kind::Number { .. } => "number",
            Kind::Text => "text",
            Kind::Date => "date",
        }
    }

    pub fn choices(&self) -> &[Choice] {
        match self {
            Kind::Single { choices } | Kind::Multi { choices } => choices,
            _ => &[],
        }
    }
}

/// The extent of assistance a gap calls for (seed 000 ¶34).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Extent {
    Advisory,
    Capacity,
    Systems,
    Infrastructure,
}

impl Extent {
    pub const ALL: [Extent; 4] = [
        Extent::Advisory,
        Extent::Capacity,
        Extent::Systems,
        Extent::Infrastructure,
    ];

    /// The short code of the extent: `C1` to `C4`.
    pub fn code(self) -> &'static str {
        match self {
            Extent::Advisory => "C1",
            Extent::Capacity => "C2",
            Extent::Systems => "C3",
            Extent::Infrastructure => "C4",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Extent::Advisory => "advisory",
            Extent::Capacity => "capacity",
            Extent::Systems => "systems",
            Extent::Infrastructure => "infrastructure",
        }
    }
}

/// How assistance is delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Delivery {
    Alone,
    Broker,
    Partner,
}

impl Delivery {
    /// The short code of the delivery: `D1` to `D3`.
    pub fn code(self) -> &'static str {
        match self {
            Delivery::Alone => "D1",
            Delivery::Broker => "D2",
            Delivery::Partner => "D3",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Delivery::Alone => "alone",
            Delivery::Broker => "broker",
            Delivery::Partner => "partner",
        }
    }
}

/// The lead partner of a partner-led need.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(tag = "kind", content = "name", rename_all = "lowercase")]
pub enum Partner {
    /// A partner named in the questionnaire (`partner: Council of Europe`)
    /// or the first of the area's `partners`.
    Named(String),
    /// `partner: programme`: the programme already under way in the State
    /// (the session's `mission.programmes`, context questions CX.7, CX.24),
    /// into which the assistance is delivered (000 ¶36(b)).
    Programme,
}

impl Partner {
    /// The reserved word for [`Partner::Programme`] in a need rule.
    pub const PROGRAMME: &str = "programme";

    /// The partner a rule's `partner:` text names.
    pub fn from_text(text: &str) -> Partner {
        if text.trim() == Self::PROGRAMME {
            Partner::Programme
        } else {
            Partner::Named(text.trim().to_string())
        }
    }
}

/// A risk that assistance on an indicator carries, for the report's risk
/// section (`risks:` on a question). Either kind calls for a human-rights
/// due diligence assessment before support starts (UN Human Rights Due
/// Diligence Policy, A/67/775–S/2013/110); the rule is in docs/report.md.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Risk {
    /// The assistance would strengthen the operational capabilities of
    /// police, border, customs-enforcement, military or intelligence forces
    /// (training, equipment, advice to them).
    SecurityForces,
    /// The assistance would build or extend a capability to identify,
    /// locate or monitor people: biometric matching, facial recognition,
    /// interception, online undercover work, large identity databases.
    Surveillance,
}

impl Risk {
    pub const ALL: [Risk; 2] = [Risk::SecurityForces, Risk::Surveillance];
    pub const NAMES: [&str; 2] = ["security-forces", "surveillance"];

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    pub fn parse(name: &str) -> Option<Risk> {
        Self::ALL.into_iter().find(|r| r.name() == name)
    }
}

/// One need rule: which extent (and delivery, partner) a range of levels
/// calls for, optionally only when a condition on other answers holds.
#[derive(Debug, Clone)]
pub struct NeedRule {
    pub levels: RangeInclusive<u8>,
    pub extent: Extent,
    pub delivery: Option<Delivery>,
    pub partner: Option<Partner>,
    /// The rule applies only when this holds decidedly (undecided = not met).
    pub when: Option<Expr>,
    /// The condition as written, for display.
    pub when_text: Option<String>,
    pub loc: Loc,
}

#[derive(Debug, Clone)]
pub struct Recommendation {
    pub levels: RangeInclusive<u8>,
    pub text: LocalText,
}

#[derive(Debug, Clone)]
pub struct Question {
    pub id: String,
    /// Index into [`Questionnaire::sections`].
    pub section: usize,
    pub kind: Kind,
    /// Short need title (a noun phrase); see [`Question::need_title`].
    pub title: Option<LocalText>,
    pub text: LocalText,
    pub guidance: Option<LocalText>,
    pub ask: Vec<String>,
    pub evidence: Vec<String>,
    pub sources: Vec<String>,
    pub tags: Vec<String>,
    pub weight: f64,
    pub importance: Importance,
    pub required: bool,
    pub when: Option<Expr>,
    /// The condition as written, for display.
    pub when_text: Option<String>,
    /// The indicator's workstream (its own `workstream:`, else its
    /// section's), as an index into [`Questionnaire::workstreams`].
    pub workstream: Option<usize>,
    /// The question's own `target:` (the effective target also reads the
    /// section, the questionnaire and the mission; see `scoring`).
    pub target: Option<u8>,
    pub target_reason: Option<LocalText>,
    /// When present, "deliberate policy choice" is an accepted answer.
    pub policy_choice: Option<LocalText>,
    /// Risks assistance on this indicator carries (`risks:`), in file order.
    pub risks: Vec<Risk>,
    /// In file order. See [`Question::rules_at`] and [`Question::need_at`].
    pub needs: Vec<NeedRule>,
    pub recommendations: Vec<Recommendation>,
    /// True when the question is scored: a maturity question, or a choice
    /// question with scores, in a scored section.
    pub indicator: bool,
    pub loc: Loc,
}

impl Question {
    /// The default rule for a level: the rule without `when` that covers it
    /// (validation guarantees at most one, and that one exists wherever a
    /// conditional rule covers the level).
    pub fn need_at(&self, level: u8) -> Option<&NeedRule> {
        self.needs
            .iter()
            .find(|n| n.when.is_none() && n.levels.contains(&level))
    }

    /// Every rule covering a level, with its index, in the order they are
    /// tried (file order).
    pub fn rules_at(&self, level: u8) -> impl Iterator<Item = (usize, &NeedRule)> {
        self.needs
            .iter()
            .enumerate()
            .filter(move |(_, n)| n.levels.contains(&level))
    }

    /// The title of a need on this question: its `title`, else its text.
    pub fn need_title(&self) -> &LocalText {
        self.title.as_ref().unwrap_or(&self.text)
    }

    pub fn recommendation_at(&self, level: u8) -> Option<&Recommendation> {
        self.recommendations
            .iter()
            .find(|r| r.levels.contains(&level))
    }

    pub fn choice(&self, id: &str) -> Option<&Choice> {
        self.kind.choices().iter().find(|c| c.id == id)
    }
}

/// Counts reported by `tana validate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    pub sections: usize,
    pub scored_sections: usize,
    pub indicators: usize,
    pub questions: usize,
}

impl Questionnaire {
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.index.get(id).map(|&i| &self.questions[i])
    }

    pub fn question_index(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    pub fn workstream(&self, id: &str) -> Option<&Workstream> {
        self.workstreams.iter().find(|w| w.id == id)
    }

    pub fn workstream_index(&self, id: &str) -> Option<usize> {
        self.workstreams.iter().position(|w| w.id == id)
    }

    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

    pub fn section_index(&self, id: &str) -> Option<usize> {
        self.sections.iter().position(|s| s.id == id)
    }

    /// The workstream id of a question, if it has one.
    pub fn workstream_of(&self, question: usize) -> Option<&str> {
        self.questions[question]
            .workstream
            .map(|w| self.workstreams[w].id.as_str())
    }

    pub fn section_questions(&self, section: usize) -> &[Question] {
        &self.questions[self.sections[section].questions.clone()]
    }

    pub fn fallback_language(&self) -> &str {
        self.languages.first().map_or("en", String::as_str)
    }

    pub fn stats(&self) -> Stats {
        Stats {
            sections: self.sections.len(),
            scored_sections: self
                .sections
                .iter()
                .filter(|s| s.kind == SectionKind::Scored)
                .count(),
            indicators: self.questions.iter().filter(|q| q.indicator).count(),
            questions: self.questions.len(),
        }
    }

    /// Parses and validates questionnaire source text.
    pub fn from_source(source: &str) -> Result<Questionnaire, Vec<Problem>> {
        let raw: raw::RawQuestionnaire =
            yaml::parse(source, Limits::QUESTIONNAIRE).map_err(|p| vec![p])?;
        validate::validate(raw, source, &content_hash(source.as_bytes()))
    }

    /// Loads and validates a questionnaire file.
    /// `-` is standard input.
    pub fn load(path: &Path) -> Result<Questionnaire, FileProblems> {
        let source = if crate::stdin::is_stdin(path) {
            crate::stdin::read(Limits::QUESTIONNAIRE)
        } else {
            yaml::read_source(path, Limits::QUESTIONNAIRE)
        }
        .map_err(|p| FileProblems::new(path, vec![p]))?;
        Self::from_source(&source).map_err(|problems| FileProblems::new(path, problems))
    }

    /// The questionnaire compiled into tana.
    pub fn embedded() -> Questionnaire {
        Self::from_source(crate::defaults::QUESTIONNAIRE)
            .expect("the embedded questionnaire is validated by the test suite")
    }
}

/// `sha256:<hex>` of some bytes.
pub fn content_hash(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for byte in digest {
        use std::fmt::Write as _;
        let _ = write!(out, "{byte:02x}");
    }
    out
}

impl Questionnaire {
    pub(crate) fn build_index(questions: &[Question]) -> HashMap<String, usize> {
        // The first of duplicate ids wins (duplicates are reported by validation).
        let mut index = HashMap::with_capacity(questions.len());
        for (i, q) in questions.iter().enumerate() {
            index.entry(q.id.clone()).or_insert(i);
        }
        index
    }

    pub(crate) fn assemble(parts: Parts, hash: String) -> Self {
        let index = Self::build_index(&parts.questions);
        Self {
            id: parts.id,
            version: parts.version,
            title: parts.title,
            description: parts.description,
            languages: parts.languages,
            target: parts.target.unwrap_or(DEFAULT_TARGET),
            target_set: parts.target.is_some(),
            sizing: parts.sizing,
            workstreams: parts.workstreams,
            safeguards: parts.safeguards,
            profile: parts.profile,
            sections: parts.sections,
            questions: parts.questions,
            hash,
            index,
        }
    }
}

/// The validated pieces of a questionnaire, before the index is built.
pub(crate) struct Parts {
    pub id: String,
    pub version: String,
    pub title: LocalText,
    pub description: Option<LocalText>,
    pub languages: Vec<String>,
    pub target: Option<u8>,
    pub sizing: Option<Sizing>,
    pub workstreams: Vec<Workstream>,
    pub safeguards: Option<usize>,
    pub profile: Profile,
    pub sections: Vec<Section>,
    pub questions: Vec<Question>,
}
