//! The integration tests: one binary, one module per area. They run the
//! real `tana` binary on real files.

mod cli;
mod commands;
mod common;
mod compare;
mod content;
mod durability;
mod e2e;
mod export;
mod fault_index;
mod faults;
mod import;
mod plain;
mod plan;
mod report_faults;
mod roster_import;
mod validate;
