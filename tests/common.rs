//! Helpers shared by the integration tests.

use std::path::PathBuf;
use std::process::Command;

/// The `tana` binary built for this test run.
pub fn tana_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_tana"))
}

/// A `tana` command run from the fixtures folder, so that paths in its output are short and stable.
pub fn tana_in_fixtures() -> Command {
    let mut command = Command::new(tana_bin());
    command.current_dir(fixtures());
    command.env("NO_COLOR", "1");
    command
}

pub fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
