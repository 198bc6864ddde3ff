//! The command line: subcommands parsed by clap and dispatched to the core.
//! Every step the TUI does can be done here headless. Every subcommand's
//! `--help` ends with examples and the exit status ([`help`]); `tana
//! completions SHELL` and `tana man` are generated from the same
//! definition.

mod help;
mod man;

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use clap::{Parser, Subcommand};

use crate::check;

pub use crate::usage::{UsageError, error as usage_error};

/// tana: technical-assistance needs assessment, offline, in the terminal.
#[derive(Debug, Parser)]
#[command(name = "tana", version, about, long_about = None, after_help = help::TOP)]
pub struct Cli {
    /// Say nothing on standard error but errors (no status lines, no notes).
    #[arg(
        short,
        long,
        global = true,
        conflicts_with = "verbose",
        help_heading = "Global options"
    )]
    pub quiet: bool,
    /// Say more on standard error: which files were read, and from where.
    #[arg(short, long, global = true, action = clap::ArgAction::Count, help_heading = "Global options")]
    pub verbose: u8,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The options of `tana match`.
#[derive(Debug, clap::Args)]
pub struct MatchArgs {
    /// The session file (`-` for standard input).
    #[arg(value_name = "SESSION")]
    pub session: PathBuf,
    /// What the team is for: `delivery` (the default; availability in the delivery windows,
    /// nationals flagged) or `assessment` (the whole mission's dates, nationals filtered out).
    #[arg(long = "for", value_name = "PURPOSE", default_value = "delivery", value_parser = ["delivery", "assessment"])]
    pub purpose: String,
    /// Days an expert must be free in the window, instead of the need's indicative expert-days.
    #[arg(long, value_name = "N", value_parser = crate::usage::days)]
    pub days: Option<u32>,
    /// The window FROM..TO in which the experts are needed, instead of the session's.
    #[arg(long, value_name = "FROM..TO")]
    pub window: Option<String>,
    /// A roster file instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    pub roster: Option<PathBuf>,
    /// JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// Use this questionnaire instead of the session's own.
    #[arg(long, value_name = "FILE")]
    pub questionnaire: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
#[allow(clippy::large_enum_variant)] // parsed once per run; boxing would only obscure the options
pub enum Command {
    /// Start a new assessment and open its interview.
    #[command(after_help = help::NEW)]
    New {
        /// The requesting State.
        #[arg(long, value_name = "NAME")]
        state: String,
        /// The State's ISO 3166-1 alpha-2 code (NO, XE); needed to spot nationals among experts.
        #[arg(long, value_name = "CODE")]
        code: Option<String>,
        /// A working language of the State, ISO 639 (repeat in order of preference: --language fr --language ar).
        #[arg(long = "language", value_name = "CODE")]
        languages: Vec<String>,
        /// The mission's title.
        #[arg(long, value_name = "TEXT")]
        title: Option<String>,
        /// Why the mission is made (free text).
        #[arg(long, value_name = "TEXT")]
        purpose: Option<String>,
        /// A body involved in or assessed by the mission (repeat for several); its experts are in conflict.
        #[arg(long = "body", value_name = "NAME")]
        bodies: Vec<String>,
        /// A company supplying the State's systems (repeat for several); its experts are in conflict.
        #[arg(long = "supplier", value_name = "NAME")]
        suppliers: Vec<String>,
        /// A delivery window FROM..TO, such as 2027-04-15..2027-09-15 (repeat for several).
        #[arg(long = "window", value_name = "FROM..TO")]
        windows: Vec<String>,
        /// A questionnaire file instead of the built-in one.
        #[arg(long, value_name = "FILE")]
        questionnaire: Option<PathBuf>,
        /// The session file to create (default: STATE-DATE.yaml here).
        #[arg(short = 'o', long = "output", value_name = "SESSION")]
        output: Option<PathBuf>,
        /// First day of the mission (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        start: Option<String>,
        /// Last day of the mission (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        end: Option<String>,
        /// An assessor's name (repeat for several).
        #[arg(long = "assessor", value_name = "NAME")]
        assessors: Vec<String>,
        /// A target level 0-4 for every indicator, overriding the questionnaire's targets (default: the questionnaire's).
        #[arg(long, value_name = "LEVEL")]
        target: Option<String>,
        /// Line-by-line interview on standard input and output (screen readers, scripts).
        #[arg(long)]
        plain: bool,
        /// In plain mode, stop at the first command that fails (exit status 1).
        #[arg(long, requires = "plain")]
        stop_on_error: bool,
    },
    /// Open a session and continue its interview where it was left.
    #[command(after_help = help::OPEN)]
    Open {
        /// The session file to continue (it is saved after every answer).
        #[arg(value_name = "SESSION")]
        session: PathBuf,
        /// The session's questionnaire, when it is not where the session says (the session then records it).
        #[arg(long, value_name = "FILE")]
        questionnaire: Option<PathBuf>,
        /// Line-by-line interview on standard input and output (screen readers, scripts).
        #[arg(long)]
        plain: bool,
        /// In plain mode, stop at the first command that fails (exit status 1).
        #[arg(long, requires = "plain")]
        stop_on_error: bool,
    },
    /// Check questionnaires, rosters, inventories and sessions; every problem is printed as `file:line:col`.
    #[command(after_help = help::VALIDATE)]
    Validate {
        /// One JSON object per file instead of text.
        #[arg(long)]
        json: bool,
        /// Check inventories against this questionnaire instead of the built-in one.
        #[arg(long, value_name = "FILE")]
        questionnaire: Option<PathBuf>,
        /// Files to check (their kind is recognised from their content; `-` for standard input).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Score a session: area levels, gaps, priorities and classified needs.
    #[command(after_help = help::SCORE)]
    Score {
        /// The session file (`-` for standard input).
        #[arg(value_name = "SESSION")]
        session: PathBuf,
        /// JSON instead of text.
        #[arg(long)]
        json: bool,
        /// Score against this questionnaire instead of the session's own.
        #[arg(long, value_name = "FILE")]
        questionnaire: Option<PathBuf>,
    },
    /// Match the roster to a session's needs: filtered, ranked and explained, with a proposed team.
    #[command(after_help = help::MATCH)]
    Match(MatchArgs),
    /// The assistance plan: needs grouped into workstreams in sequence, each sized (indicative), timed, funded or not, checked against the programmes under way, with the providers, materials and experts that fit and what is missing.
    #[command(after_help = help::PLAN)]
    Plan {
        /// The session file (`-` for standard input).
        #[arg(value_name = "SESSION")]
        session: PathBuf,
        /// JSON instead of text (docs/plan.md).
        #[arg(long)]
        json: bool,
        /// An inventory of sources of assistance instead of the built-in one.
        #[arg(long, value_name = "FILE")]
        inventory: Option<PathBuf>,
        /// A roster file instead of the built-in one.
        #[arg(long, value_name = "FILE")]
        roster: Option<PathBuf>,
        /// Use this questionnaire instead of the session's own.
        #[arg(long, value_name = "FILE")]
        questionnaire: Option<PathBuf>,
    },
    /// Write the needs-assessment report for a session: Markdown (and its charts), HTML, Word or PDF.
    #[command(after_help = help::REPORT)]
    Report {
        /// The session file (`-` for standard input, with -o).
        #[arg(value_name = "SESSION")]
        session: PathBuf,
        /// A report template instead of the built-in one (its partials must be beside it).
        #[arg(long, value_name = "FILE")]
        template: Option<PathBuf>,
        /// A roster file instead of the built-in one.
        #[arg(long, value_name = "FILE")]
        roster: Option<PathBuf>,
        /// An inventory of sources of assistance instead of the built-in one.
        #[arg(long, value_name = "FILE")]
        inventory: Option<PathBuf>,
        /// The report file (default: SESSION-report.md beside the session; `-` for standard output).
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// md (default), html (self-contained), docx or pdf (through pandoc); else taken from the -o file's extension.
        #[arg(long, value_name = "FORMAT", value_parser = ["md", "html", "docx", "pdf"])]
        format: Option<String>,
        /// Replace a report edited since tana wrote it, instead of keeping the edited one aside.
        #[arg(long)]
        force: bool,
        /// Use this questionnaire instead of the session's own.
        #[arg(long, value_name = "FILE")]
        questionnaire: Option<PathBuf>,
    },
    /// Export the answers of one or more missions for a spreadsheet, `pandas` or `DuckDB`: CSV, an Excel workbook or JSON, one row per answer (or per mission with --wide).
    #[command(after_help = help::EXPORT)]
    Export {
        /// The session files to export, one mission each (`-` for one on standard input).
        #[arg(required_unless_present = "schema", value_name = "SESSION")]
        sessions: Vec<PathBuf>,
        /// Print the JSON Schema of the JSON export (docs/export.schema.json) and stop.
        #[arg(long, exclusive = true)]
        schema: bool,
        /// csv (default), xlsx or json; else taken from the -o file's extension.
        #[arg(long, value_name = "FORMAT", value_parser = ["csv", "xlsx", "json"], ignore_case = true)]
        format: Option<String>,
        /// One row per mission instead of one row per answer: per question, its level or value as recorded (numbers as numbers, choice ids) and its status (`A1.1`, `A1.1_status`).
        #[arg(long)]
        wide: bool,
        /// The file to write (default and `-`: standard output).
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Compare missions side by side: area levels (mean and lowest indicator), needs by area and workstream, top needs; with --changes, a follow-up mission against the previous one.
    #[command(after_help = help::COMPARE)]
    Compare {
        /// The session files to compare, two or more (`-` for one on standard input).
        #[arg(required = true, num_args = 2.., value_name = "SESSION")]
        sessions: Vec<PathBuf>,
        /// md (default, for a report or a screen), csv (one table), xlsx (a sheet per table) or json; else taken from the -o file's extension.
        #[arg(long, value_name = "FORMAT", value_parser = ["md", "csv", "xlsx", "json"], ignore_case = true)]
        format: Option<String>,
        /// The table for CSV (default areas), or the only sheet of a workbook.
        #[arg(long, value_name = "TABLE", value_parser = ["missions", "areas", "workstreams", "needs", "changes"])]
        table: Option<String>,
        /// Two sessions of the same State: every indicator's level and confidence before and after.
        #[arg(long)]
        changes: bool,
        /// The file to write (default and `-`: standard output).
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Turn an `XLSForm` (ODK, `KoboToolbox`) into a tana questionnaire, listing every cell that did not carry over; with --roster, an HR department's CSV of experts into a roster.
    #[command(after_help = IMPORT_HELP)]
    Import {
        /// The `XLSForm`: an .xlsx, .xlsm, .xls or .ods workbook, a .csv (pyxform's shape with sheet sections, or one file per sheet: survey.csv choices.csv settings.csv) or a Markdown table (.md); with --roster, one CSV with a row per expert (docs/roster-format.md).
        #[arg(required = true, value_name = "FORM")]
        forms: Vec<PathBuf>,
        /// The questionnaire (or roster) to write; `-` for standard output (default: FORM with .yaml beside it).
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace the output file if it exists.
        #[arg(long)]
        force: bool,
        /// Read FORM as a roster of experts in CSV (one row per expert) and write a roster file.
        #[arg(long)]
        roster: bool,
        /// The roster's title (default: "Roster imported from FILE").
        #[arg(long, value_name = "TEXT", requires = "roster")]
        title: Option<String>,
        /// A roster whose expertise vocabulary (tags) the experts' expertise is checked against (default: the built-in one).
        #[arg(long, value_name = "ROSTER", requires = "roster")]
        tags: Option<PathBuf>,
    },
    /// Write a filled-in example mission (a fictitious State) and its report.
    #[command(after_help = help::DEMO)]
    Demo {
        /// The folder to write into.
        #[arg(
            short = 'o',
            long = "output",
            value_name = "DIR",
            default_value = "tana-demo"
        )]
        output: PathBuf,
    },
    /// Print the traceability of a questionnaire to its founding texts (the Markdown of docs/sources.md).
    #[command(after_help = help::TRACE)]
    Trace {
        /// A questionnaire file instead of the built-in one.
        #[arg(long, value_name = "FILE")]
        questionnaire: Option<PathBuf>,
        /// A traceability file instead of the built-in one (questionnaires/idcrime-trace.yaml).
        #[arg(long, value_name = "FILE")]
        trace: Option<PathBuf>,
    },
    /// Print a completion script for a shell (bash, zsh, fish, elvish, powershell) on standard output.
    #[command(after_help = help::COMPLETIONS)]
    Completions {
        /// The shell to complete tana's commands and options in.
        #[arg(value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
    /// Print tana's manual page (roff) on standard output, or write one page per command into a folder.
    #[command(after_help = help::MAN)]
    Man {
        /// The folder to write tana.1 and tana-COMMAND.1 into (default: tana.1 on standard output).
        #[arg(short = 'o', long = "output", value_name = "DIR")]
        output: Option<PathBuf>,
    },
    /// Save a session in a loop, printing each acknowledged save (for durability tests).
    #[command(hide = true)]
    SaveLoop {
        /// The session file to create or open.
        #[arg(value_name = "SESSION")]
        session: PathBuf,
        #[arg(long, default_value_t = u64::MAX)]
        count: u64,
    },
}

/// `tana match`: the options read, then the command.
fn match_command(args: MatchArgs) -> Result<ExitCode> {
    let MatchArgs {
        session,
        purpose,
        days,
        window,
        roster,
        json,
        questionnaire,
    } = args;
    let window = window
        .as_deref()
        .map(crate::workspace::parse_window)
        .transpose()?
        .and_then(|w| crate::matching::Window::new(w.from, w.to));
    let options = crate::matching::Options {
        purpose: crate::matching::Purpose::parse(&purpose).unwrap_or_default(),
        window,
        days,
    };
    crate::commands::match_experts(
        &session,
        questionnaire.as_deref(),
        roster.as_deref(),
        &options,
        json,
    )
}

const IMPORT_HELP: &str = "\
What carries over: groups become sections (nested groups join their outer
group's section), select_one/select_multiple become single/multi choices
(yes/no lists become yes/no questions), integer/decimal/range numbers, text,
date, labels and hints in every language, `required`, and `relevant` where
tana's condition language can say it. Everything else (repeats,
calculations, constraints other than number ranges, choice filters,
appearance, media, other types) is listed as `FILE: survey!C12: ...`, all at
once, and in the header of the file written. The file is written even when
items are listed; it always passes `tana validate`. See docs/xlsform-import.md.

With --roster, FORM is the CSV an HR department exports, one row per
expert, lists in cells separated by `;` (`fr:fluent;en:working`,
`2027-01-01..2027-06-30`); it goes through the same checks as a roster file,
every problem located as `FILE:ROW:COLUMN (header): ...`, and nothing is
written when one is found (exit status 1). Columns tana does not know
(Email, Phone) are ignored with a note. `-` reads the CSV from standard
input, and then -o names the roster to write. See docs/roster-format.md.

Examples:
  tana import household.xlsx -o household.yaml
  tana import form.xls -o - | less
  tana import survey.csv choices.csv settings.csv -o form.yaml
  tana import form.xlsx -o form.yaml --force
  tana import --roster experts.csv -o roster.yaml
  hr-export | tana import --roster - -o roster.yaml
  tana import --roster experts.csv --title \"Our roster\" --tags rosters/ours.yaml

Exit status: 0 imported with nothing lost; 1 imported with items listed
(the file is written), or the form could not be imported; 2 usage error
(an unsupported file, an existing output without --force).";

#[allow(clippy::too_many_lines)] // one arm per subcommand, each only unpacking its options
pub fn run(cli: Cli) -> Result<ExitCode> {
    crate::status::set(cli.quiet, cli.verbose);
    if let Some(Command::Open { session, .. }) = &cli.command
        && crate::stdin::is_stdin(session)
    {
        return Err(usage_error(
            "a session is opened to be written after every answer, so it cannot come from standard input; name its file",
        ));
    }
    // No terminal for the full-screen interface: say so before any session
    // file is created or opened, but after the arguments are checked (a bad
    // date is a usage error with or without a terminal).
    match &cli.command {
        Some(Command::New {
            state,
            code,
            languages,
            start,
            end,
            windows,
            target,
            questionnaire,
            plain: false,
            ..
        }) => crate::workspace::check_new(&crate::workspace::NewSession {
            state: state.clone(),
            code: code.clone(),
            languages: languages.clone(),
            start: start.clone(),
            end: end.clone(),
            windows: windows.clone(),
            target: target.clone(),
            questionnaire: questionnaire.clone(),
            ..crate::workspace::NewSession::default()
        })?,
        Some(Command::Open {
            session,
            plain: false,
            ..
        }) => crate::workspace::check_open(session)?,
        _ => {}
    }
    if cli.command.as_ref().is_none_or(Command::is_full_screen) {
        crate::tty::require_terminal()?;
        crate::tui::run::check_terminal()?;
    }
    match cli.command {
        None => {
            crate::tui::run(crate::tui::Start::Screen)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::New {
            state,
            code,
            languages,
            title,
            purpose,
            bodies,
            suppliers,
            windows,
            questionnaire,
            output,
            start,
            end,
            assessors,
            target,
            plain,
            stop_on_error,
        }) => {
            let spec = crate::workspace::NewSession {
                state,
                code,
                languages,
                title,
                purpose,
                start,
                end,
                assessors,
                bodies,
                suppliers,
                windows,
                target,
                questionnaire,
                output,
            };
            interact(crate::workspace::create(&spec)?, plain, stop_on_error)
        }
        Some(Command::Open {
            session,
            questionnaire,
            plain,
            stop_on_error,
        }) => interact(
            crate::workspace::open_with(&session, questionnaire.as_deref())?,
            plain,
            stop_on_error,
        ),
        Some(Command::Validate {
            json,
            questionnaire,
            files,
        }) => validate(&files, questionnaire.as_deref(), json),
        Some(Command::Score {
            session,
            json,
            questionnaire,
        }) => crate::commands::score(&session, questionnaire.as_deref(), json),
        Some(Command::Match(args)) => match_command(args),
        Some(Command::Plan {
            session,
            json,
            inventory,
            roster,
            questionnaire,
        }) => crate::commands::plan(
            &session,
            questionnaire.as_deref(),
            inventory.as_deref(),
            roster.as_deref(),
            json,
        ),
        Some(Command::Report {
            session,
            template,
            roster,
            inventory,
            output,
            format,
            force,
            questionnaire,
        }) => crate::commands::report(
            &session,
            questionnaire.as_deref(),
            template.as_deref(),
            roster.as_deref(),
            inventory.as_deref(),
            output.as_deref(),
            format.as_deref(),
            force,
        ),
        Some(Command::Export { schema: true, .. }) => {
            crate::terminal::print(crate::export::SCHEMA)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Export {
            sessions,
            format,
            wide,
            output,
            schema: false,
        }) => crate::commands::export(
            &sessions,
            format.as_deref().and_then(crate::export::Format::parse),
            wide,
            output.as_deref(),
        ),
        Some(Command::Compare {
            sessions,
            format,
            table,
            changes,
            output,
        }) => crate::commands::compare(
            &sessions,
            format.as_deref(),
            table.as_deref(),
            changes,
            output.as_deref(),
        ),
        Some(Command::Import {
            forms,
            output,
            force,
            roster: true,
            title,
            tags,
        }) => match forms.as_slice() {
            [csv] => crate::commands::roster_import(&crate::commands::RosterImport {
                csv,
                output: output.as_deref(),
                title: title.as_deref(),
                tags_from: tags.as_deref(),
                force,
            }),
            _ => Err(usage_error(format!(
                "--roster reads one CSV file of experts, not {}",
                forms.len()
            ))),
        },
        Some(Command::Import {
            forms,
            output,
            force,
            roster: false,
            ..
        }) => import(forms, output, force),
        Some(Command::Demo { output }) => demo(&output),
        Some(Command::Completions { shell }) => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut public_command(), "tana", &mut script);
            let mut out = std::io::stdout().lock();
            out.write_all(&script)?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Man { output }) => man(output.as_deref()),
        Some(Command::SaveLoop { session, count }) => save_loop(&session, count),
        Some(Command::Trace {
            questionnaire,
            trace,
        }) => trace_sources(questionnaire.as_deref(), trace.as_deref()),
    }
}

impl Command {
    /// True for the commands that start the full-screen interface.
    fn is_full_screen(&self) -> bool {
        matches!(
            self,
            Command::New { plain: false, .. } | Command::Open { plain: false, .. }
        )
    }
}

/// tana's command line as completions and manual pages show it: without
/// the hidden commands (`save-loop`, for the durability tests), which
/// clap's generators would otherwise offer. clap cannot remove a
/// subcommand, so the command is rebuilt from its parts.
pub fn public_command() -> clap::Command {
    let full = <Cli as clap::CommandFactory>::command();
    let mut bare = clap::Command::new("tana");
    if let Some(about) = full.get_about() {
        bare = bare.about(about.clone());
    }
    if let Some(after) = full.get_after_help() {
        bare = bare.after_help(after.clone());
    }
    bare = bare.version(env!("CARGO_PKG_VERSION"));
    for arg in full.get_arguments() {
        bare = bare.arg(arg.clone());
    }
    for sub in full.get_subcommands().filter(|s| !s.is_hide_set()) {
        bare = bare.subcommand(sub.clone());
    }
    bare
}

/// `tana import`: see [`crate::xlsform::command`].
fn import(forms: Vec<PathBuf>, output: Option<PathBuf>, force: bool) -> Result<ExitCode> {
    crate::xlsform::command::run(&crate::xlsform::command::Args {
        forms,
        output,
        force,
    })
}

/// `tana demo`: writes the demo session and its report, and says where.
fn demo(output: &std::path::Path) -> Result<ExitCode> {
    let written = crate::demo::write(output)?;
    // Status, not data: on standard error.
    crate::status::status(&format!(
        "{} {}\n{}\nopen the interview with: tana open {}\nthe assistance plan: tana plan {}",
        if written.reused {
            "reused the demo session"
        } else {
            "demo session written to"
        },
        written.session.display(),
        written.report.describe(),
        written.session.display(),
        written.session.display()
    ));
    Ok(ExitCode::SUCCESS)
}

/// `tana man`: the manual page of tana on standard output, or one page per
/// command (tana.1, tana-export.1, …) written into a folder.
fn man(folder: Option<&std::path::Path>) -> Result<ExitCode> {
    let mut command = public_command();
    // Built, so that every command carries the global options (-q, -v)
    // onto its own page.
    command.build();
    let page = man::page;
    let Some(folder) = folder else {
        let mut out = std::io::stdout().lock();
        out.write_all(&page(command)?)?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    };
    crate::output::create_folder(folder)?;
    let mut pages = vec![("tana.1".to_string(), page(command.clone())?)];
    for sub in command
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
    {
        let name = format!("tana-{}", sub.get_name());
        let page_of = sub
            .clone()
            .display_name(name.clone())
            .bin_name(format!("tana {}", sub.get_name()));
        pages.push((format!("{name}.1"), page(page_of)?));
    }
    for (name, bytes) in &pages {
        let path = folder.join(name);
        crate::output::write(
            &crate::output::Destination::File(path),
            bytes,
            crate::output::Policy::Overwrite,
        )?;
    }
    crate::status::status(&crate::words::man_written(
        &folder.display().to_string(),
        pages.len(),
    ));
    Ok(ExitCode::SUCCESS)
}

/// Runs the interview of an opened session, full-screen or plain. In plain
/// mode a failed command makes the exit status 1, so a script can tell.
fn interact(
    opened: crate::workspace::Opened,
    plain: bool,
    stop_on_error: bool,
) -> Result<ExitCode> {
    if plain {
        let stdin = std::io::stdin();
        // Everything plain mode prints (questions, notes, messages) passes
        // through the terminal-safe writer.
        let out = crate::terminal::SafeWriter::new(std::io::stdout().lock());
        let ended = crate::plain::run(
            opened,
            stdin.lock(),
            out,
            crate::plain::Options { stop_on_error },
        )?;
        if ended.errors > 0 {
            return Ok(ExitCode::from(1));
        }
    } else {
        crate::tui::run(crate::tui::Start::Session(Box::new(opened)))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn validate(
    files: &[PathBuf],
    questionnaire: Option<&std::path::Path>,
    json: bool,
) -> Result<ExitCode> {
    let questionnaire = questionnaire
        .map(crate::questionnaire::Questionnaire::load)
        .transpose()
        .map_err(|e| anyhow::anyhow!("{}", e.render().trim_end()))?;
    let mut all_ok = true;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for file in files {
        let checked = check::check_file(file, questionnaire.as_ref());
        all_ok &= checked.ok;
        if json {
            let line = serde_json::to_string(&checked).context("encoding JSON")?;
            writeln!(out, "{}", crate::terminal::safe_json(&line))?;
        } else {
            let text = checked.render();
            write!(
                out,
                "{}",
                crate::terminal::safe(&text, crate::terminal::Layout::MultiLine)
            )?;
        }
    }
    Ok(if all_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Prints the traceability Markdown; exits 1 (after printing) when the
/// traceability and the questionnaire's `sources:` disagree.
fn trace_sources(
    questionnaire: Option<&std::path::Path>,
    trace: Option<&std::path::Path>,
) -> Result<ExitCode> {
    let questionnaire = match questionnaire {
        Some(path) => crate::questionnaire::Questionnaire::load(path)
            .map_err(|p| anyhow::anyhow!(p.render()))?,
        None => crate::questionnaire::Questionnaire::embedded(),
    };
    let trace = match trace {
        Some(path) => crate::trace::Trace::load(path).map_err(|p| anyhow::anyhow!(p.render()))?,
        None => crate::trace::Trace::embedded(),
    };
    print!("{}", trace.render(&questionnaire));
    let disagreements = trace.disagreements(&questionnaire);
    for d in &disagreements {
        eprintln!("tana: trace: {d}");
    }
    Ok(if disagreements.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Creates (or opens) a session and saves it over and over, printing
/// `saved N` after each durable save so a test can kill it at any moment.
fn save_loop(path: &std::path::Path, count: u64) -> Result<ExitCode> {
    use crate::session::{
        Mission, QuestionnaireRef, Session, StateInfo, Status, Value, store::Store,
    };
    let (store, mut session) =
        if path.exists() || crate::session::store::previous_path(path).exists() {
            let (store, session, _) = Store::open(path)?;
            (store, session)
        } else {
            let questionnaire = crate::questionnaire::Questionnaire::embedded();
            let mut session = Session::new(
                StateInfo {
                    name: "Loopland".into(),
                    ..StateInfo::default()
                },
                Mission::default(),
                QuestionnaireRef::of(&questionnaire, None),
                jiff::Timestamp::now(),
            );
            let store = Store::create(path, &mut session)?;
            (store, session)
        };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    writeln!(out, "saved {}", session.saves)?;
    out.flush()?;
    for _ in 0..count {
        let n = session.saves + 1;
        let answer = session.answer_mut(&format!("LOOP.{}", n % 50), jiff::Timestamp::now());
        answer.status = Some(Status::Answered);
        answer.value = Some(Value::Number(n as f64));
        answer.note = format!("save {n}\n").repeat(1 + (n % 7) as usize);
        let saved = store.save(&mut session)?;
        writeln!(out, "saved {saved}")?;
        out.flush()?;
    }
    Ok(ExitCode::SUCCESS)
}
