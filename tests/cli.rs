//! The command line's conventions: `--help` of every subcommand
//! (snapshotted: examples, described arguments, exit status), completions
//! and manual pages, `-q`/`-v`, data on standard output and status on
//! standard error, `-` for standard input, and exit status 2 for every
//! usage error, in tana's words.

use std::io::Write as _;
use std::process::{Command, Stdio};

use clap::CommandFactory as _;
use insta_cmd::assert_cmd_snapshot;

use crate::common::tana_bin;
use crate::export::{ok, run};

fn tana() -> Command {
    let mut command = Command::new(tana_bin());
    command.env("NO_COLOR", "1").env_remove("COLUMNS");
    command
}

/// The subcommands a user sees.
fn subcommands() -> Vec<String> {
    tana::Cli::command()
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .map(|s| s.get_name().to_string())
        .collect()
}

#[test]
fn help_of_tana_and_of_every_subcommand_is_snapshotted() {
    assert_cmd_snapshot!("help_tana", tana().arg("--help"));
    for name in subcommands() {
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_suffix(name.clone());
        settings.bind(|| assert_cmd_snapshot!("help", tana().args([name.as_str(), "--help"])));
    }
}

#[test]
fn every_subcommand_has_examples_an_exit_status_and_described_arguments() {
    let mut cli = tana::Cli::command();
    cli.build();
    for sub in cli
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
    {
        let name = sub.get_name();
        let after = sub
            .get_after_help()
            .map(ToString::to_string)
            .unwrap_or_default();
        assert!(after.contains("Examples:\n  tana"), "{name}: {after}");
        assert!(after.contains("Exit status: 0"), "{name}: {after}");
        for arg in sub.get_arguments() {
            assert!(
                arg.get_help().is_some(),
                "{name}: the argument {} is described",
                arg.get_id()
            );
            if arg.get_short() == Some('q') {
                assert_eq!(arg.get_id(), "quiet", "{name}: -q is --quiet everywhere");
            }
        }
    }
}

#[test]
fn completions_for_bash_are_snapshotted_and_other_shells_work() {
    let bash = ok(std::path::Path::new("."), &["completions", "bash"]);
    let script = String::from_utf8(bash.stdout).unwrap();
    assert!(script.contains("complete -F _tana"), "a bash completion");
    for word in ["export", "compare", "--wide", "--changes", "--format"] {
        assert!(script.contains(word), "{word} is completed");
    }
    insta::assert_snapshot!("completions_bash", script);
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = ok(std::path::Path::new("."), &["completions", shell]);
        assert!(out.stdout.len() > 1000, "{shell}");
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(
            !script.contains("save-loop") && !script.contains("save_loop"),
            "{shell}: the hidden test command is not offered"
        );
    }
    let out = run(std::path::Path::new("."), &["completions", "tcsh"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unknown shell is a usage error"
    );
}

#[test]
fn man_pages_on_standard_output_or_into_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = ok(dir.path(), &["man"]);
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.contains(".TH tana 1"), "{}", &page[..200]);
    assert!(page.contains("export"), "the commands are listed");
    let out = ok(dir.path(), &["man", "-o", "man"]);
    assert!(out.stdout.is_empty());
    let mut names: Vec<String> = std::fs::read_dir(dir.path().join("man"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    let mut expected: Vec<String> = subcommands()
        .iter()
        .map(|s| format!("tana-{s}.1"))
        .collect();
    expected.push("tana.1".into());
    expected.sort();
    assert_eq!(names, expected);
    assert!(
        !page.contains("save\\-loop"),
        "no hidden command in the manual"
    );
    let export = std::fs::read_to_string(dir.path().join("man/tana-export.1")).unwrap();
    assert!(export.contains("\\-\\-wide"), "{export}");
    for (name, text) in
        std::iter::once(("tana.1".to_string(), page.clone())).chain(expected.iter().map(|n| {
            (
                n.clone(),
                std::fs::read_to_string(dir.path().join("man").join(n)).unwrap(),
            )
        }))
    {
        assert!(
            text.contains("\n.SH EXAMPLES\n"),
            "{name}: an EXAMPLES section"
        );
        assert!(
            text.contains("\n.SH \"EXIT STATUS\"\n"),
            "{name}: an EXIT STATUS section"
        );
        assert!(
            !text.contains(".SH EXTRA"),
            "{name}: not clap_mangen's EXTRA"
        );
        assert!(!text.contains('`'), "{name}: no Markdown backticks");
        assert!(
            !text.contains("\\(ga"),
            "{name}: no backticks, escaped either"
        );
        let examples = &text[text.find(".SH EXAMPLES").unwrap()..];
        let block = &examples[..examples.find(".fi").expect("a no-fill block ends")];
        assert!(
            block.contains("\n.nf\n"),
            "{name}: examples are not filled: {block}"
        );
        if name != "tana.1" {
            assert!(
                text.contains("\\-\\-quiet") && text.contains("\\-\\-verbose"),
                "{name}: the global options are on every page"
            );
        }
    }
    let exit = &page[page.find(".SH \"EXIT STATUS\"").unwrap()..];
    assert!(exit.contains(".TP\n\\fB0\\fR\ndone."), "{exit}");
    let export_examples = &export[export.find(".SH EXAMPLES").unwrap()..];
    assert!(
        export_examples.contains("tana export missions/*.yaml \\-\\-wide \\-o missions.csv\n"),
        "an example is one line, as written: {export_examples}"
    );
    let synopsis =
        &export[export.find(".SH SYNOPSIS").unwrap()..export.find(".SH DESCRIPTION").unwrap()];
    assert!(
        synopsis.contains("\\-\\-format\\fR \\fIFORMAT\\fR")
            && synopsis.contains("SESSION\\fR]..."),
        "the synopsis names the values and shows SESSION repeating: {synopsis}"
    );
}

/// `tana man | man -l -` reads well, where `man` is installed.
#[test]
fn the_manual_page_reads_as_sections() {
    let has_man = Command::new("man")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !has_man {
        eprintln!(
            "man is not installed: the page's roff is checked by man_pages_on_standard_output_or_into_a_folder"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["man", "-o", "man"]);
    let out = Command::new("man")
        .arg("-l")
        .arg(dir.path().join("man/tana-completions.1"))
        .env("MANWIDTH", "80")
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    for section in ["EXAMPLES", "EXIT STATUS", "GLOBAL OPTIONS"] {
        assert!(text.lines().any(|l| l == section), "{section}: {text}");
    }
    assert!(
        text.contains("~/.local/share/bash-completion/completions/tana"),
        "a path is neither reflowed nor hyphenated: {text}"
    );
}

#[test]
#[allow(clippy::too_many_lines)] // one table of cases
fn usage_errors_exit_2_in_tanas_words() {
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["demo", "-o", "demo"]);
    for (args, message) in [
        (
            &["frobnicate"][..],
            "tana: error: `frobnicate` is not a tana command; see `tana --help`\n",
        ),
        (
            &["score"][..],
            "tana: error: `tana score` needs SESSION; see `tana score --help`\n",
        ),
        (
            &["score", "demo/examplia.yaml", "--bogus"][..],
            "tana: error: `--bogus` is not an option of `tana score`; see `tana score --help`\n",
        ),
        (
            &["compare", "demo/examplia.yaml"][..],
            "tana: error: compare needs two or more sessions; 1 given\n",
        ),
        (
            &["match", "demo/examplia.yaml", "--days", "ten"][..],
            "tana: error: --days takes a whole number of days from 1 to 3650, not `ten`\n",
        ),
        (
            &["match", "demo/examplia.yaml", "--days", "0"][..],
            "not `0`",
        ),
        (
            &["export", "demo/examplia.yaml", "--format", "tsv"][..],
            "tana: error: `tsv` is not a value of --format (did you mean `csv`?); give csv, xlsx or json\n",
        ),
        (
            &["import", "--title", "X", "form.xlsx"][..],
            "tana: error: `tana import` needs --roster with the options given",
        ),
        (
            &["score", "a.yaml", "b.yaml"][..],
            "`tana score` does not take `b.yaml` (one argument too many)",
        ),
        (
            &[
                "new", "--state", "X", "--target", "9", "--plain", "-o", "x.yaml",
            ][..],
            "tana: error: the target level `9` must be a whole number from 0 to 4\n",
        ),
        (
            &[
                "new",
                "--state",
                "X",
                "--start",
                "2027-02-30",
                "--plain",
                "-o",
                "x.yaml",
            ][..],
            "tana: error: the mission start `2027-02-30` is not a date; write YYYY-MM-DD\n",
        ),
        (
            &[
                "new", "--state", "X", "--end", "soon", "--plain", "-o", "x.yaml",
            ][..],
            "tana: error: the mission end `soon` is not a date; write YYYY-MM-DD\n",
        ),
        (
            &[
                "report",
                "demo/examplia.yaml",
                "--format",
                "pdf",
                "-o",
                "r.md",
            ][..],
            "--format pdf but the output file r.md names a md file",
        ),
        (&["open", "-"][..], "cannot come from standard input"),
        (&["report", "-"][..], "name it with -o FILE"),
        (&["export", "-", "-"][..], "can be given once"),
        (
            &["-q", "-v", "score", "demo/examplia.yaml"][..],
            "tana: error: --quiet and --verbose cannot be given together\n",
        ),
        (
            &["export", "--schema", "-o", "s.json"][..],
            "tana: error: --schema is given alone: it takes no other option and no file\n",
        ),
    ] {
        let out = run(dir.path(), args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
        for clap_words in [
            "values required by",
            "invalid digit",
            "tip:",
            "-- --",
            "one or more of the other specified arguments",
            "unexpected argument",
            "Usage:",
        ] {
            assert!(!stderr.contains(clap_words), "{args:?}: {stderr}");
        }
        assert_eq!(stderr.lines().count(), 1, "{args:?}: one line: {stderr}");
        for leak in ["parsing", "invalid date", "failed to", "jiff"] {
            assert!(
                !stderr.contains(leak) || args[0] != "new",
                "{args:?}: no library message: {stderr}"
            );
        }
    }
    assert!(!dir.path().join("x.yaml").exists(), "nothing was created");
}

/// Without a terminal, `tana new` and `tana open` still check their
/// arguments and the session first (as with --plain), then say a terminal
/// is needed; nothing is created.
#[test]
fn new_and_open_check_their_arguments_before_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    for (args, code, said) in [
        (
            &[
                "new",
                "--state",
                "X",
                "--start",
                "2027-13-01",
                "-o",
                "x.yaml",
            ][..],
            2,
            "tana: error: the mission start `2027-13-01` is not a date; write YYYY-MM-DD\n",
        ),
        (
            &["new", "--state", "X", "--target", "9", "-o", "x.yaml"][..],
            2,
            "tana: error: the target level `9` must be a whole number from 0 to 4\n",
        ),
        (
            &["open", "nosuch.yaml"][..],
            1,
            "there is no session here; start one with `tana new`",
        ),
        (
            &["new", "--state", "X", "-o", "x.yaml"][..],
            1,
            "the full-screen interface needs a terminal",
        ),
    ] {
        let out = tana()
            .current_dir(dir.path())
            .env("XDG_DATA_HOME", dir.path().join("data"))
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {stderr}");
        assert!(stderr.contains(said), "{args:?}: {stderr}");
    }
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n != "data")
        .collect();
    assert!(left.is_empty(), "nothing was created: {left:?}");
}

#[test]
fn quiet_verbose_and_where_things_are_said() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["-q", "demo", "-o", "demo"]);
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty() && out.stdout.is_empty(),
        "-q: nothing said"
    );
    let out = ok(dir.path(), &["report", "demo/examplia.yaml", "-o", "r.md"]);
    assert!(out.stdout.is_empty(), "status is not data");
    assert!(String::from_utf8_lossy(&out.stderr).contains("report written to r.md"));
    let out = ok(
        dir.path(),
        &["report", "demo/examplia.yaml", "-o", "r.md", "--quiet"],
    );
    assert!(out.stderr.is_empty(), "--quiet after the command too");
    let out = ok(dir.path(), &["score", "demo/examplia.yaml", "-v"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("tana: read the session demo/examplia.yaml from demo/examplia.yaml"),
        "{stderr}"
    );
    let quiet = ok(dir.path(), &["score", "demo/examplia.yaml"]);
    assert!(quiet.stderr.is_empty(), "no note without -v");
}

fn with_stdin(dir: &std::path::Path, args: &[&str], input: &[u8]) -> std::process::Output {
    let mut child = Command::new(tana_bin())
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // tana may refuse before reading (a usage error): a broken pipe is fine.
    let _ = child.stdin.take().unwrap().write_all(input);
    child.wait_with_output().unwrap()
}

#[test]
fn a_dash_reads_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["demo", "-o", "demo"]);
    let session = std::fs::read(dir.path().join("demo/examplia.yaml")).unwrap();
    for command in [
        &["score", "--json"][..],
        &["match"][..],
        &["plan", "--json"][..],
        &["export", "--format", "json"][..],
    ] {
        let mut from_file = command.to_vec();
        from_file.insert(1, "demo/examplia.yaml");
        let mut from_stdin = command.to_vec();
        from_stdin.insert(1, "-");
        let expected = ok(dir.path(), &from_file).stdout;
        let out = with_stdin(dir.path(), &from_stdin, &session);
        assert!(
            out.status.success(),
            "{from_stdin:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            out.stdout, expected,
            "{from_stdin:?} reads the same session"
        );
    }
    let out = with_stdin(
        dir.path(),
        &["report", "-", "-o", "from-stdin.md"],
        &session,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.path().join("from-stdin.md").exists());
    let questionnaire = std::fs::read(crate::common::fixtures().join("good/small.yaml")).unwrap();
    let out = with_stdin(dir.path(), &["validate", "-"], &questionnaire);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("-: "));
    let out = with_stdin(
        dir.path(),
        &["validate", "--questionnaire", "-", "demo/examplia.yaml"],
        &questionnaire,
    );
    assert!(
        out.status.success(),
        "--questionnaire - is read: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = with_stdin(
        dir.path(),
        &["score", "-", "--questionnaire", "-"],
        &session,
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = with_stdin(
        dir.path(),
        &[
            "new",
            "--state",
            "X",
            "--questionnaire",
            "-",
            "--plain",
            "-o",
            "x.yaml",
        ],
        &questionnaire,
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!dir.path().join("x.yaml").exists());
    let out = with_stdin(
        dir.path(),
        &["validate", "-"],
        b"tana-session: 2\nstate: [\n",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("-:2:"),
        "located in standard input"
    );
}
