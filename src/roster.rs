//! The validated expert roster: who can assess or deliver assistance, in
//! which languages, legal traditions and regions, when, and with which
//! declared affiliations (for conflict-of-interest filtering).

pub mod csv;
pub mod raw;
pub mod validate;

use std::collections::BTreeMap;
use std::path::Path;

use jiff::civil::Date;

use crate::problem::{FileProblems, Loc, Problem};
use crate::yaml::{self, Limits};

#[derive(Debug, Clone)]
pub struct Roster {
    pub title: String,
    pub notice: Option<String>,
    /// The expertise vocabulary: tag → what it covers.
    pub tags: BTreeMap<String, String>,
    pub experts: Vec<Expert>,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Sector {
    Public,
    Private,
    International,
    Academia,
    CivilSociety,
}

impl Sector {
    pub const NAMES: [&str; 5] = [
        "public",
        "private",
        "international",
        "academia",
        "civil-society",
    ];

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

/// The United Nations regional groups, used for regional experience.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Region {
    Africa,
    AsiaPacific,
    EasternEurope,
    LatinAmericaCaribbean,
    WesternEuropeOthers,
}

impl Region {
    pub const ALL: [Region; 5] = [
        Region::Africa,
        Region::AsiaPacific,
        Region::EasternEurope,
        Region::LatinAmericaCaribbean,
        Region::WesternEuropeOthers,
    ];
    pub const NAMES: [&str; 5] = [
        "africa",
        "asia-pacific",
        "eastern-europe",
        "latin-america-caribbean",
        "western-europe-others",
    ];

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    pub fn parse(name: &str) -> Option<Region> {
        Self::NAMES
            .iter()
            .position(|n| *n == name)
            .map(|i| Self::ALL[i])
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum LegalTradition {
    Common,
    Civil,
    Mixed,
}

impl LegalTradition {
    pub const NAMES: [&str; 3] = ["common", "civil", "mixed"];

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    pub fn parse(name: &str) -> Option<LegalTradition> {
        match name {
            "common" => Some(Self::Common),
            "civil" => Some(Self::Civil),
            "mixed" => Some(Self::Mixed),
            _ => None,
        }
    }
}

/// How well an expert speaks a language; working level or better counts for a mission.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Proficiency {
    Basic,
    Working,
    Fluent,
    Native,
}

impl Proficiency {
    pub fn name(self) -> &'static str {
        match self {
            Proficiency::Basic => "basic",
            Proficiency::Working => "working",
            Proficiency::Fluent => "fluent",
            Proficiency::Native => "native",
        }
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Assessment,
    Delivery,
    Both,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Assessment => "assessment",
            Role::Delivery => "delivery",
            Role::Both => "both",
        }
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum ExpertLevel {
    Policy,
    Legal,
    Operational,
    Technical,
}

/// What kind of body an expert's employer (`organisation`) is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum EmployerKind {
    Government,
    /// A company supplying systems, documents or services to States.
    Supplier,
    /// A bank, operator or other business under regulation.
    RegulatedEntity,
    International,
    Ngo,
    Academia,
    Other,
}

impl EmployerKind {
    pub const ALL: [EmployerKind; 7] = [
        EmployerKind::Government,
        EmployerKind::Supplier,
        EmployerKind::RegulatedEntity,
        EmployerKind::International,
        EmployerKind::Ngo,
        EmployerKind::Academia,
        EmployerKind::Other,
    ];
    pub const NAMES: [&str; 7] = [
        "government",
        "supplier",
        "regulated-entity",
        "international",
        "ngo",
        "academia",
        "other",
    ];

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    pub fn parse(name: &str) -> Option<EmployerKind> {
        Self::NAMES
            .iter()
            .position(|n| *n == name)
            .map(|i| Self::ALL[i])
    }
}

/// A sector in which an expert or their employer has an interest: advising
/// on regulating that sector, or on systems it sells, is a conflict to flag.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum SectorInterest {
    Banking,
    Payments,
    Insurance,
    VirtualAssets,
    Telecom,
    OnlinePlatforms,
    Biometrics,
    IdentitySystems,
    DocumentSecurity,
    BorderTechnology,
    Forensics,
    Cybersecurity,
}

impl SectorInterest {
    pub const ALL: [SectorInterest; 12] = [
        SectorInterest::Banking,
        SectorInterest::Payments,
        SectorInterest::Insurance,
        SectorInterest::VirtualAssets,
        SectorInterest::Telecom,
        SectorInterest::OnlinePlatforms,
        SectorInterest::Biometrics,
        SectorInterest::IdentitySystems,
        SectorInterest::DocumentSecurity,
        SectorInterest::BorderTechnology,
        SectorInterest::Forensics,
        SectorInterest::Cybersecurity,
    ];
    pub const NAMES: [&str; 12] = [
        "banking",
        "payments",
        "insurance",
        "virtual-assets",
        "telecom",
        "online-platforms",
        "biometrics",
        "identity-systems",
        "document-security",
        "border-technology",
        "forensics",
        "cybersecurity",
    ];

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    pub fn parse(name: &str) -> Option<SectorInterest> {
        Self::NAMES
            .iter()
            .position(|n| *n == name)
            .map(|i| Self::ALL[i])
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Affiliation {
    pub organisation: String,
    /// `supplier`, `government`, `international`, `ngo`, `academia` or `other`.
    pub kind: String,
    pub country: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Expert {
    pub id: String,
    pub name: String,
    pub gender: Option<String>,
    pub sector: Sector,
    /// The employer.
    pub organisation: String,
    /// What kind of body the employer is, when declared.
    pub employer_kind: Option<EmployerKind>,
    /// Sectors the expert or the employer has an interest in.
    pub sector_interest: Vec<SectorInterest>,
    pub nationality: Vec<String>,
    pub residence: String,
    pub regions: Vec<Region>,
    pub languages: Vec<(String, Proficiency)>,
    pub legal_traditions: Vec<LegalTradition>,
    pub expertise: Vec<String>,
    /// Indexes of `expertise` into the roster's tag vocabulary, for fast matching.
    pub tag_ids: Vec<u16>,
    pub levels: Vec<ExpertLevel>,
    pub role: Role,
    pub availability: Vec<(Date, Date)>,
    pub affiliations: Vec<Affiliation>,
    pub prior_missions: u32,
    pub loc: Loc,
}

impl Expert {
    /// How well the expert works in `language` ([`crate::iso639::same_language`]:
    /// `pt` is heard in `pt-BR` and the other way round).
    pub fn speaks(&self, language: &str) -> Option<Proficiency> {
        self.languages
            .iter()
            .find(|(code, _)| crate::iso639::same_language(code, language))
            .map(|(_, p)| *p)
    }
}

impl Roster {
    pub fn from_source(source: &str) -> Result<Roster, Vec<Problem>> {
        let raw: raw::RawRoster = yaml::parse(source, Limits::ROSTER).map_err(|p| vec![p])?;
        validate::validate(raw, source)
    }

    pub fn load(path: &Path) -> Result<Roster, FileProblems> {
        let source = yaml::read_source(path, Limits::ROSTER)
            .map_err(|p| FileProblems::new(path, vec![p]))?;
        Self::from_source(&source).map_err(|problems| FileProblems::new(path, problems))
    }

    /// The roster compiled into tana.
    pub fn embedded() -> Roster {
        Self::from_source(crate::defaults::ROSTER)
            .expect("the embedded roster is validated by the test suite")
    }

    pub fn tag_index(&self, tag: &str) -> Option<u16> {
        self.tags
            .keys()
            .position(|t| t == tag)
            .and_then(|i| u16::try_from(i).ok())
    }
}

/// Counts reported by `tana validate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    pub experts: usize,
    pub tags: usize,
}

impl Roster {
    pub fn stats(&self) -> Stats {
        Stats {
            experts: self.experts.len(),
            tags: self.tags.len(),
        }
    }
}
