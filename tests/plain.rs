//! Plain mode: the interview line by line on standard input and output, as
//! a screen reader or a script drives it.

use std::io::Write as _;
use std::process::{Command, Stdio};

use tana::session::{Confidence, Status, Value, store};

use crate::common::{fixtures, tana_bin};

fn run_plain(
    dir: &std::path::Path,
    args: &[&str],
    script: &str,
) -> (String, std::process::ExitStatus) {
    let mut child = Command::new(tana_bin())
        .args(args)
        .current_dir(dir)
        .env("XDG_DATA_HOME", dir.join("data"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    (String::from_utf8(output.stdout).unwrap(), output.status)
}

/// `tana new --plain` on the small fixture questionnaire, fed `script`.
fn new_plain(dir: &std::path::Path, script: &str) -> (String, std::process::ExitStatus) {
    let questionnaire = fixtures().join("good/small.yaml");
    run_plain(
        dir,
        &[
            "new",
            "--state",
            "Plainland",
            "-o",
            "p.yaml",
            "--questionnaire",
            questionnaire.to_str().unwrap(),
            "--plain",
        ],
        script,
    )
}

#[test]
fn a_scripted_interview_records_every_kind_of_answer() {
    let dir = tempfile::tempdir().unwrap();
    let script = "2\n1\nnext\nyes\nnote: Ratified in 2011\nnote+: Law 2012-05\nc high\nn\nvalue: 1,250,000\n\n7\n1\nu\nu\nfrobnicate\ngoto A1.2\nx\nreview\nsummary\nsearch document\nhelp\nquit\n";
    let (out, status) = new_plain(dir.path(), script);
    assert!(status.success(), "{out}");
    for expected in [
        "[CX.languages] Context · question 1 of 3",
        "recorded: French",
        "recorded: English, French",
        "recorded: yes",
        "note updated",
        "confidence: high",
        "recorded: 1250000",
        "[A1.1] Criminalisation",
        "error: levels run from 0 to 4",
        "recorded: level 1 (formative)",
        "status: unknown, to confirm",
        "error: `frobnicate` is not a command",
        "status: not applicable",
        "nothing to review",
        "target level 3",
        "A1.2    How is document fraud punished?",
        "commands (one per line)",
        "bye:",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in:\n{out}");
    }
    assert!(out.contains("saved #"), "{out}");

    let (session, _) = store::load(&dir.path().join("p.yaml")).unwrap();
    let answer = |id: &str| session.answer(id).unwrap_or_else(|| panic!("{id}"));
    assert_eq!(
        answer("CX.languages").value,
        Some(Value::Choices(vec!["en".into(), "fr".into()]))
    );
    assert_eq!(answer("CX.untoc").value, Some(Value::YesNo(true)));
    assert_eq!(answer("CX.untoc").note, "Ratified in 2011\nLaw 2012-05");
    assert_eq!(answer("CX.untoc").confidence, Some(Confidence::High));
    assert_eq!(
        answer("CX.population").value,
        Some(Value::Number(1_250_000.0))
    );
    assert_eq!(answer("A1.1").value, Some(Value::Level(1)));
    assert_eq!(
        answer("A1.1").status,
        Some(Status::Answered),
        "u twice clears the mark"
    );
    assert_eq!(answer("A1.2").status, Some(Status::NotApplicable));
    assert_eq!(session.position.as_deref(), Some("A1.2"));
}

#[test]
fn end_of_input_saves_and_reopening_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let (_, status) = new_plain(dir.path(), "goto A1.1\n3\n");
    assert!(status.success());
    let (out, status) = run_plain(dir.path(), &["open", "p.yaml", "--plain"], "show\n");
    assert!(status.success());
    assert!(
        out.contains("[A1.1]") && out.contains("current: level 3 (strategic)"),
        "{out}"
    );
}
