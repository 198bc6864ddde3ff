//! Conflicts of interest as rules with reasons: which experts are filtered
//! out (affiliations with a body, supplier or programme involved; the
//! requesting State's government; nationals, for an assessment) and which
//! are kept and flagged (nationals, for delivery; suppliers' staff on the
//! systems needs they would cover; sector interests on the needs that
//! regulate that sector).

use serde::Serialize;

use super::{Exclusion, Purpose};
use crate::questionnaire::Extent;
use crate::roster::{EmployerKind, Expert, SectorInterest};

/// How an organisation is involved in the mission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Involvement {
    /// A body involved in or assessed by the mission (`mission.bodies`).
    Body,
    /// A company supplying the State's systems (`mission.suppliers`).
    Supplier,
    /// The organisation leading or funding a programme under way (`mission.programmes[].lead`).
    ProgrammeLead { programme: String, name: String },
}

/// An organisation involved in the mission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Involved {
    pub organisation: String,
    pub involvement: Involvement,
}

/// A conflict of interest that does not filter the expert out but is shown
/// beside them (in words: [`crate::words::conflict_flag`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "kebab-case")]
pub enum ConflictFlag {
    /// A national of the requesting State proposed for delivery: welcome
    /// for sustainability, but not independent of the bodies assessed.
    National { state_code: String },
    /// Employed by (or affiliated with) a supplier: flagged on every
    /// systems or infrastructure need the expert would cover (000 ¶28, ¶35).
    SupplierStaff {
        organisation: String,
        needs: Vec<String>,
    },
    /// An interest in a sector, flagged on the needs that regulate it or
    /// buy its systems.
    SectorInterest {
        sector: SectorInterest,
        needs: Vec<String>,
    },
}

impl ConflictFlag {
    /// The needs this flag concerns (empty: the expert as a whole).
    pub fn needs(&self) -> &[String] {
        match self {
            ConflictFlag::National { .. } => &[],
            ConflictFlag::SupplierStaff { needs, .. }
            | ConflictFlag::SectorInterest { needs, .. } => needs,
        }
    }
}

/// Tags whose needs call for the State's tradition of criminal law and
/// procedure (CX.10).
pub const CRIMINAL_LAW_TAGS: [&str; 3] = ["LEG-DRAFT", "PROC-EEVID", "INTL-COOP"];
/// Tags whose needs call for the State's civil-status tradition (CX.26).
pub const CIVIL_STATUS_TAGS: [&str; 2] = ["ID-CRVS", "VICTIM-REMED"];

/// The sectors a need with this tag regulates or buys systems from: an
/// expert with an interest in one of them is flagged on it. The table
/// follows the shipped tag vocabulary (docs/scoring.md §6); other tags
/// regulate no sector.
pub fn sectors_of(tag: &str) -> &'static [SectorInterest] {
    use SectorInterest as S;
    match tag {
        "FIN-KYC-VA" => &[S::Banking, S::Payments, S::Insurance, S::VirtualAssets],
        "CRYPTO-DARKNET" => &[S::VirtualAssets],
        "PPP-PREV" => &[S::Banking, S::Payments, S::Telecom, S::OnlinePlatforms],
        "PROC-EEVID" => &[S::Telecom, S::OnlinePlatforms, S::Forensics],
        "HR-PRIVACY" => &[S::Telecom, S::OnlinePlatforms, S::Biometrics],
        "ID-CRVS" => &[S::IdentitySystems, S::Biometrics],
        "TRAVEL-DOC" => &[S::DocumentSecurity, S::Biometrics],
        "BORDER-MIG" => &[S::BorderTechnology, S::Biometrics],
        "AI-ETHICS" => &[S::Biometrics],
        "CUSTOMS-TRADE" => &[S::BorderTechnology],
        _ => &[],
    }
}

/// Whether a need of this extent is systems-class (a supplier's staff is
/// flagged on it).
pub fn systems_class(extent: Extent) -> bool {
    matches!(extent, Extent::Systems | Extent::Infrastructure)
}

/// The supplier the expert works for or is affiliated with, if any.
pub fn supplier_of(expert: &Expert) -> Option<&str> {
    if expert.employer_kind == Some(EmployerKind::Supplier) {
        return Some(&expert.organisation);
    }
    expert
        .affiliations
        .iter()
        .find(|a| a.kind == "supplier")
        .map(|a| a.organisation.as_str())
}

/// Whether the expert is a national of the State with this code.
pub fn is_national(expert: &Expert, code: &str) -> bool {
    expert
        .nationality
        .iter()
        .any(|n| n.eq_ignore_ascii_case(code))
}

/// The exclusions for conflicts of interest (availability and role are
/// judged elsewhere).
pub(super) fn exclusions(
    expert: &Expert,
    state_code: Option<&str>,
    involved: &[Involved],
    purpose: Purpose,
    out: &mut Vec<Exclusion>,
) {
    if let Some(code) = state_code {
        if purpose == Purpose::Assessment && is_national(expert, code) {
            out.push(Exclusion::National {
                state_code: code.to_string(),
            });
        }
        for affiliation in &expert.affiliations {
            if affiliation.kind == "government"
                && affiliation
                    .country
                    .as_deref()
                    .is_some_and(|c| c.eq_ignore_ascii_case(code))
            {
                out.push(Exclusion::StateGovernment {
                    organisation: affiliation.organisation.clone(),
                });
            }
        }
    }
    let organisations = std::iter::once((expert.organisation.as_str(), true)).chain(
        expert
            .affiliations
            .iter()
            .map(|a| (a.organisation.as_str(), false)),
    );
    for (organisation, employer) in organisations {
        for party in involved {
            if same_body(&party.organisation, organisation)
                && !out.iter().any(|e| {
                    matches!(e, Exclusion::Involved { organisation: o, .. } if same_body(o, organisation))
                })
            {
                out.push(Exclusion::Involved {
                    organisation: organisation.to_string(),
                    involvement: party.involvement.clone(),
                    employer,
                });
            }
        }
    }
}

/// Names of bodies compared ignoring case, spacing and punctuation around
/// words (without allocating: it runs for every expert and every party).
pub fn same_body(a: &str, b: &str) -> bool {
    let mut left = a
        .split(|c: char| c.is_whitespace() || c == ',' || c == '.')
        .filter(|w| !w.is_empty());
    let mut right = b
        .split(|c: char| c.is_whitespace() || c == ',' || c == '.')
        .filter(|w| !w.is_empty());
    loop {
        match (left.next(), right.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if same_word(x, y) => {}
            _ => return false,
        }
    }
}

fn same_word(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_match_ignoring_case_spacing_and_punctuation() {
        assert!(same_body("Veridex  ID Systems", "veridex id systems"));
        assert!(same_body(
            "Veridex ID Systems, Ltd.",
            "Veridex ID Systems Ltd"
        ));
        assert!(!same_body("Veridex", "Veridex ID Systems"));
        assert!(same_body(
            "Ministère de l'Intérieur",
            "MINISTÈRE DE L'INTÉRIEUR"
        ));
    }

    #[test]
    fn systems_and_infrastructure_are_systems_class() {
        assert!(systems_class(Extent::Systems) && systems_class(Extent::Infrastructure));
        assert!(!systems_class(Extent::Advisory) && !systems_class(Extent::Capacity));
    }

    #[test]
    fn financial_regulation_concerns_banks() {
        assert!(sectors_of("FIN-KYC-VA").contains(&SectorInterest::Banking));
        assert!(sectors_of("LEG-DRAFT").is_empty());
    }
}
