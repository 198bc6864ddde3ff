//! tana: an offline terminal tool for technical-assistance needs
//! assessments. The core (questionnaire, roster, session, scoring, matching,
//! report) is pure and never touches the terminal; `tui` and `plain` are the
//! only interactive layers, and `cli` wires commands to the core.

pub mod applicability;
pub mod check;
pub mod cli;
pub mod commands;
pub mod compare;
pub mod defaults;
pub mod demo;
pub mod export;
pub mod interview;
pub mod inventory;
pub mod iso639;
pub mod matching;
pub mod mission;
pub mod needs;
pub mod output;
pub mod plain;
pub mod plan;
pub mod problem;
pub mod questionnaire;
pub mod recent;
pub mod references;
pub mod report;
pub mod roster;
pub mod scoring;
pub mod session;
pub mod status;
pub mod stdin;
pub mod synthetic;
pub mod table;
pub mod terminal;
#[cfg(test)]
pub(crate) mod testing;
pub mod text;
pub mod trace;
pub mod tty;
pub mod tui;
pub mod usage;
pub mod view;
pub mod words;
pub mod workspace;
pub mod xlsform;
pub mod yaml;

pub use cli::{Cli, run};
