//! The validated questionnaire: sections (scored areas or context modules)
//! and questions with their ladders, choices, skip conditions, sources, tags,
//! need rules and recommendations. Everything here has been checked by
//! [`validate`]; the rest of tana trusts it.

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
    pub profile: Profile,
    pub sections: Vec<Section>,
    pub questions: Vec<Question>,
    /// `sha256:` followed by the hex digest of the file's bytes.
    pub hash: String,
    index: HashMap<String, usize>,
}

/// Which questions describe the requesting State for matching and needs.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    pub languages: Option<usize>,
    pub legal_tradition: Option<usize>,
    pub region: Option<usize>,
    pub funding: Option<usize>,
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
    /// Indexes into [`Questionnaire::questions`].
    pub questions: std::ops::Range<usize>,
    pub loc: Loc,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Extent {
    Advisory,
    Capacity,
    Systems,
    Infrastructure,
}

impl Extent {
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Delivery {
    Alone,
    Broker,
    Partner,
}

impl Delivery {
    pub fn name(self) -> &'static str {
        match self {
            Delivery::Alone => "alone",
            Delivery::Broker => "broker",
            Delivery::Partner => "partner",
        }
    }
}

#[derive(Debug, Clone)]
pub struct NeedRule {
    pub levels: RangeInclusive<u8>,
    pub extent: Extent,
    pub delivery: Option<Delivery>,
    pub partner: Option<String>,
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
    pub needs: Vec<NeedRule>,
    pub recommendations: Vec<Recommendation>,
    /// True when the question is scored: a maturity question, or a choice
    /// question with scores, in a scored section.
    pub indicator: bool,
    pub loc: Loc,
}

impl Question {
    pub fn need_at(&self, level: u8) -> Option<&NeedRule> {
        self.needs.iter().find(|n| n.levels.contains(&level))
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
    pub fn load(path: &Path) -> Result<Questionnaire, FileProblems> {
        let source = yaml::read_source(path, Limits::QUESTIONNAIRE)
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

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn assemble(
        id: String,
        version: String,
        title: LocalText,
        description: Option<LocalText>,
        languages: Vec<String>,
        profile: Profile,
        sections: Vec<Section>,
        questions: Vec<Question>,
        hash: String,
    ) -> Self {
        let index = Self::build_index(&questions);
        Self {
            id,
            version,
            title,
            description,
            languages,
            profile,
            sections,
            questions,
            hash,
            index,
        }
    }
}
