//! The `tana` binary: parses the command line, runs it, prints the whole
//! error chain (made safe for the terminal: it may quote file text) and picks
//! the exit status (0 ok, 1 failure or problems found, 2 usage error). A
//! reader that goes away early (`tana score s.yaml | head -1`) ends the
//! command quietly.

use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    let cli = match tana::Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            use clap::error::ErrorKind;
            if matches!(
                error.kind(),
                ErrorKind::DisplayHelp
                    | ErrorKind::DisplayVersion
                    | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) {
                error.exit();
            }
            // A usage error clap found: in tana's words, exit status 2.
            tana::terminal::eprint_line(&format!(
                "tana: error: {}",
                tana::usage::clap_message(&error)
            ));
            return ExitCode::from(2);
        }
    };
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
