//! The inventory of sources of assistance (seed 000 ¶36(d), ¶39(f)(iii)):
//! **materials** (handbooks, model laws, guides, curricula, e-learning,
//! tools, databases, standards) and **providers** (organisations and
//! programmes that deliver assistance, with their mandate as expertise
//! tags, the extents they deliver, regions, languages, delivery modes and
//! conditions). Validated like the roster ([`validate`]); its references to
//! a questionnaire (tags, indicators, conditions) are checked by
//! [`Inventory::check_against`]. The format is docs/inventory-format.md.

pub mod raw;
pub mod validate;

use std::path::Path;

use serde::Serialize;

use crate::problem::{FileProblems, Loc, Problem};
use crate::questionnaire::{Expr, Extent, Questionnaire};
use crate::roster::Region;
use crate::yaml::{self, Limits};

/// Resource limits of an inventory file.
pub const LIMITS: Limits = Limits {
    what: "inventory",
    max_bytes: 16 * 1024 * 1024,
    max_depth: 32,
    max_nodes: 1_000_000,
    max_aliases: 1_000,
};

#[derive(Debug, Clone)]
pub struct Inventory {
    pub title: String,
    pub notice: Option<String>,
    pub materials: Vec<Material>,
    pub providers: Vec<Provider>,
}

/// What kind of material.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MaterialKind {
    Handbook,
    ModelLaw,
    Guide,
    Curriculum,
    ELearning,
    Tool,
    Database,
    Standard,
}

impl MaterialKind {
    pub const ALL: [MaterialKind; 8] = [
        MaterialKind::Handbook,
        MaterialKind::ModelLaw,
        MaterialKind::Guide,
        MaterialKind::Curriculum,
        MaterialKind::ELearning,
        MaterialKind::Tool,
        MaterialKind::Database,
        MaterialKind::Standard,
    ];
    pub const NAMES: [&str; 8] = [
        "handbook",
        "model-law",
        "guide",
        "curriculum",
        "e-learning",
        "tool",
        "database",
        "standard",
    ];

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    pub fn parse(name: &str) -> Option<MaterialKind> {
        Self::NAMES
            .iter()
            .position(|n| *n == name)
            .map(|i| Self::ALL[i])
    }
}

/// What kind of organisation a provider is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProviderKind {
    /// A United Nations entity or programme.
    Un,
    Intergovernmental,
    Regional,
    Bilateral,
    DevelopmentBank,
    Ngo,
    Academic,
}

impl ProviderKind {
    pub const ALL: [ProviderKind; 7] = [
        ProviderKind::Un,
        ProviderKind::Intergovernmental,
        ProviderKind::Regional,
        ProviderKind::Bilateral,
        ProviderKind::DevelopmentBank,
        ProviderKind::Ngo,
        ProviderKind::Academic,
    ];
    pub const NAMES: [&str; 7] = [
        "un",
        "intergovernmental",
        "regional",
        "bilateral",
        "development-bank",
        "ngo",
        "academic",
    ];

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    pub fn parse(name: &str) -> Option<ProviderKind> {
        Self::NAMES
            .iter()
            .position(|n| *n == name)
            .map(|i| Self::ALL[i])
    }
}

/// How a provider delivers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// Experts on site in the State.
    InCountry,
    /// Advice and review at a distance.
    Remote,
    /// Regional workshops, trainings and networks.
    Regional,
    /// E-learning and online platforms.
    Online,
    /// Finances the work (grants, loans).
    Financing,
}

impl Mode {
    pub const ALL: [Mode; 5] = [
        Mode::InCountry,
        Mode::Remote,
        Mode::Regional,
        Mode::Online,
        Mode::Financing,
    ];
    pub const NAMES: [&str; 5] = ["in-country", "remote", "regional", "online", "financing"];

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    pub fn parse(name: &str) -> Option<Mode> {
        Self::NAMES
            .iter()
            .position(|n| *n == name)
            .map(|i| Self::ALL[i])
    }
}

/// Where a provider works.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Regions {
    /// Every region (`regions: all`, or no `regions`).
    All,
    Only(Vec<Region>),
}

impl Regions {
    /// True when the provider works in `region`; an unknown region fits.
    pub fn cover(&self, region: Option<Region>) -> bool {
        match (self, region) {
            (Regions::All, _) | (_, None) => true,
            (Regions::Only(list), Some(r)) => list.contains(&r),
        }
    }
}

/// Where the values an entry refers to were written, for
/// [`Inventory::check_against`].
#[derive(Debug, Clone, Default)]
pub struct Places {
    pub tags: Vec<Loc>,
    pub indicators: Vec<Loc>,
    pub when: Option<Loc>,
}

/// A handbook, model law, guide, curriculum, course, tool, database or standard.
#[derive(Debug, Clone)]
pub struct Material {
    pub id: String,
    pub title: String,
    pub publisher: String,
    pub year: Option<u16>,
    pub kind: MaterialKind,
    /// The languages it is available in (ISO 639), at least one.
    pub languages: Vec<String>,
    /// Expertise tags it serves (the questionnaire's and roster's vocabulary).
    pub tags: Vec<String>,
    /// Indicator or area ids it serves directly.
    pub indicators: Vec<String>,
    pub url: Option<String>,
    pub note: String,
    pub loc: Loc,
    pub places: Places,
}

impl Material {
    /// True when it is available in `language` (`fr` matches `fr-CA`).
    pub fn in_language(&self, language: &str) -> bool {
        self.languages
            .iter()
            .any(|l| crate::iso639::same_language(l, language))
    }
}

/// An organisation or programme that delivers assistance.
#[derive(Debug, Clone)]
pub struct Provider {
    pub id: String,
    pub name: String,
    /// The short name need rules use for the organisation as `partner:`
    /// (`Council of Europe`), linking a partner-led need to its providers.
    pub short: Option<String>,
    pub kind: ProviderKind,
    /// Its mandate, as expertise tags.
    pub tags: Vec<String>,
    /// The extents of assistance it delivers; empty = any.
    pub extents: Vec<Extent>,
    pub regions: Regions,
    /// The languages it works in; empty = not recorded.
    pub languages: Vec<String>,
    pub modes: Vec<Mode>,
    /// It fits only when this holds decidedly on the context answers.
    pub when: Option<Expr>,
    pub when_text: Option<String>,
    /// The condition in words, for the report.
    pub condition: Option<String>,
    pub url: Option<String>,
    pub note: String,
    pub loc: Loc,
    pub places: Places,
}

impl Provider {
    /// True when it delivers `extent` (a provider that names none delivers any).
    pub fn delivers(&self, extent: Extent) -> bool {
        self.extents.is_empty() || self.extents.contains(&extent)
    }

    /// True when it works in `language` (`fr` matches `fr-CA`).
    pub fn works_in(&self, language: &str) -> bool {
        self.languages
            .iter()
            .any(|l| crate::iso639::same_language(l, language))
    }
}

/// Counts reported by `tana validate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub materials: usize,
    pub providers: usize,
}

impl Inventory {
    /// Parses and validates inventory text on its own (not yet against a
    /// questionnaire: see [`Inventory::check_against`]).
    pub fn from_source(source: &str) -> Result<Inventory, Vec<Problem>> {
        let raw: raw::RawInventory = yaml::parse(source, LIMITS).map_err(|p| vec![p])?;
        validate::validate(raw)
    }

    /// Loads an inventory file and checks it against `questionnaire`; every
    /// problem of both steps, located.
    pub fn load(path: &Path, questionnaire: &Questionnaire) -> Result<Inventory, FileProblems> {
        let source =
            yaml::read_source(path, LIMITS).map_err(|p| FileProblems::new(path, vec![p]))?;
        let inventory =
            Self::from_source(&source).map_err(|problems| FileProblems::new(path, problems))?;
        let problems = inventory.check_against(questionnaire);
        if problems.is_empty() {
            Ok(inventory)
        } else {
            Err(FileProblems::new(path, problems))
        }
    }

    /// The inventory compiled into tana (`assistance/inventory.yaml`).
    pub fn embedded() -> Inventory {
        Self::from_source(crate::defaults::INVENTORY)
            .expect("the embedded inventory is validated by the test suite")
    }

    /// The references of the inventory that the questionnaire does not
    /// know: tags no question carries, indicator or area ids it lacks, and
    /// conditions that read unknown questions or test them wrongly. Located.
    pub fn check_against(&self, questionnaire: &Questionnaire) -> Vec<Problem> {
        validate::check_against(self, questionnaire)
    }

    pub fn stats(&self) -> Stats {
        Stats {
            materials: self.materials.len(),
            providers: self.providers.len(),
        }
    }
}

#[cfg(test)]
mod tests;
