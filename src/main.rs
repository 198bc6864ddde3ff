//! The `tana` binary: parses the command line, runs it, prints the whole
//! error chain and picks the exit status (0 ok, 1 failure or problems found,
//! 2 usage error).

use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    let cli = tana::Cli::parse();
    match tana::run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("tana: error: {error:#}");
            ExitCode::from(1)
        }
    }
}
