//! The text after each subcommand's options in `--help` (and the man
//! pages): examples, then the exit status. Kept beside the command line so
//! that a new option is shown in use where it is declared.

/// The exit status, said the same way everywhere.
macro_rules! exit_status {
    () => {
        "Exit status: 0 done; 1 a failure, or problems found in a file; 2 a usage
error (an unknown option, a value tana cannot use)."
    };
}

pub const TOP: &str = concat!(
    "Without a command, tana opens the start screen: recent sessions and a New
assessment form. Every step of the interview can also be done from the
command line. Data goes to standard output, status and notes to standard
error; `-` reads a file from standard input where a file is read.

Examples:
  tana demo                       a fictitious mission and its report
  tana new --state Examplia       start an assessment
  tana report examplia.yaml       write its report
  tana completions bash > ~/.local/share/bash-completion/completions/tana
  tana man | man -l -             this help as a manual page

",
    exit_status!()
);

pub const NEW: &str = concat!(
    "Examples:
  tana new --state \"Republic of Examplia\" --code XE --language fr --language en
  tana new --state Examplia --start 2027-02-08 --end 2027-02-12 --assessor \"M. Okafor\"
  tana new --state Examplia --questionnaire forms/custom.yaml -o examplia.yaml
  tana new --state Examplia --plain < script.txt

",
    exit_status!()
);

pub const OPEN: &str = concat!(
    "Examples:
  tana open examplia.yaml
  tana open examplia.yaml --plain
  tana open old-mission.yaml --questionnaire forms/custom.yaml

",
    exit_status!()
);

pub const VALIDATE: &str = "Examples:
  tana validate questionnaires/idcrime.yaml rosters/experts.yaml
  tana validate --json mission.yaml | jq .problems
  tana validate --questionnaire forms/custom.yaml assistance/inventory.yaml
  cat mission.yaml | tana validate -

Exit status: 0 every file passed; 1 a problem was found (each printed as
file:line:col); 2 a usage error.";

pub const SCORE: &str = concat!(
    "Examples:
  tana score examplia.yaml
  tana score examplia.yaml --json | jq '.needs[0]'
  tana score - < examplia.yaml

",
    exit_status!()
);

pub const MATCH: &str = concat!(
    "Examples:
  tana match examplia.yaml
  tana match examplia.yaml --for assessment
  tana match examplia.yaml --window 2027-04-15..2027-09-15 --days 10
  tana match examplia.yaml --roster rosters/ours.yaml --json

",
    exit_status!()
);

pub const PLAN: &str = concat!(
    "Examples:
  tana plan examplia.yaml
  tana plan examplia.yaml --json > plan.json
  tana plan examplia.yaml --inventory assistance/ours.yaml --roster rosters/ours.yaml

",
    exit_status!()
);

pub const REPORT: &str = concat!(
    "Examples:
  tana report examplia.yaml                 examplia-report.md beside the session
  tana report examplia.yaml -o report.docx  Word, through pandoc
  tana report examplia.yaml --format html -o -
  tana report - -o report.md < examplia.yaml

",
    exit_status!()
);

pub const EXPORT: &str = concat!(
    "Examples:
  tana export examplia.yaml                        CSV on standard output
  tana export missions/*.yaml -o answers.xlsx
  tana export a.yaml b.yaml --format json -o answers.json
  tana export missions/*.yaml --wide -o missions.csv
  tana export --schema > export.schema.json

See docs/export.md for the columns and the JSON schema.

",
    exit_status!()
);

pub const COMPARE: &str = concat!(
    "Examples:
  tana compare missions/*.yaml
  tana compare a.yaml b.yaml -o compare.xlsx
  tana compare a.yaml b.yaml --format csv --table needs
  tana compare 2027.yaml 2028.yaml --changes

",
    exit_status!()
);

pub const DEMO: &str = concat!(
    "Examples:
  tana demo
  tana demo -o /tmp/examplia

",
    exit_status!()
);

pub const TRACE: &str = "Examples:
  tana trace > docs/sources.md
  tana trace --questionnaire forms/custom.yaml --trace forms/custom-trace.yaml

Exit status: 0 the traceability agrees with the questionnaire; 1 it does
not (each disagreement on standard error, after the Markdown); 2 a usage
error.";

pub const COMPLETIONS: &str = concat!(
    "Examples:
  tana completions bash > ~/.local/share/bash-completion/completions/tana
  tana completions zsh > ~/.zfunc/_tana        (with fpath+=~/.zfunc)
  tana completions fish > ~/.config/fish/completions/tana.fish
  tana completions powershell >> $PROFILE

",
    exit_status!()
);

pub const MAN: &str = concat!(
    "Examples:
  tana man | man -l -
  tana man -o /usr/local/share/man/man1       tana.1 and one page per command

",
    exit_status!()
);
