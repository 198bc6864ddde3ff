//! The `tana` binary: parses the command line, runs it, prints the whole
//! error chain (made safe for the terminal: it may quote file text) and picks
//! the exit status (0 ok, 1 failure or problems found, 2 usage error). A
//! reader that goes away early (`tana score s.yaml | head -1`) ends the
//! command quietly.

use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    let cli = tana::Cli::parse();
    match tana::run(cli) {
        Ok(code) => code,
        Err(error) if tana::terminal::is_closed_output(&error) => ExitCode::SUCCESS,
        Err(error) if tana::usage::is_usage(&error) => {
            tana::terminal::eprint_line(&format!("tana: error: {error:#}"));
            ExitCode::from(2)
        }
        Err(error) => {
            tana::terminal::eprint_line(&format!("tana: error: {error:#}"));
            ExitCode::from(1)
        }
    }
}
