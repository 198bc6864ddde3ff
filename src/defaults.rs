//! The default questionnaire, roster, inventory and report template, compiled into the
//! binary so that tana runs with no configuration; each can be overridden by
//! a path on the command line.

/// The shipped questionnaire (`questionnaires/idcrime.yaml`).
pub const QUESTIONNAIRE: &str = include_str!("../questionnaires/idcrime.yaml");

/// The shipped roster of fictitious experts (`rosters/experts.yaml`).
pub const ROSTER: &str = include_str!("../rosters/experts.yaml");

/// The shipped inventory of sources of assistance (`assistance/inventory.yaml`).
pub const INVENTORY: &str = include_str!("../assistance/inventory.yaml");
