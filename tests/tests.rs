//! The integration tests: one binary, one module per area. They run the
//! real `tana` binary on real files.

mod commands;
mod common;
mod content;
mod durability;
mod e2e;
mod faults;
mod import;
mod plain;
mod plan;
mod report_faults;
mod validate;
