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
    assert_eq!(status.code(), Some(1), "two commands failed:\n{out}");
    assert!(out.contains("; 2 commands failed"), "{out}");
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

/// The example script of README.md (and docs/keys.md), run as written.
#[test]
fn the_readme_script_runs_as_written() {
    let readme = std::fs::read_to_string(crate::common::repo().join("README.md")).unwrap();
    let keys = std::fs::read_to_string(crate::common::repo().join("docs/keys.md")).unwrap();
    let line = readme
        .lines()
        .find(|l| l.starts_with("$ printf '"))
        .expect("README.md has a plain-mode script");
    assert!(keys.contains(line), "docs/keys.md shows the same script");
    let rest = line.strip_prefix("$ printf '").unwrap();
    let (script, command) = rest.split_once("' | tana ").unwrap();
    let script = script.replace("\\n", "\n");
    let args: Vec<&str> = command.split_whitespace().collect();
    assert!(
        args.contains(&"--stop-on-error"),
        "the example shows how to stop at an error"
    );
    let dir = tempfile::tempdir().unwrap();
    let (out, status) = run_plain(dir.path(), &args, &script);
    assert!(status.success(), "{out}");
    assert!(!out.contains("error:"), "{out}");
    let (session, _) = store::load(&dir.path().join("examplia.yaml")).unwrap();
    let a = session.answer("A1.1").unwrap();
    assert_eq!(a.value, Some(Value::Level(2)));
    assert_eq!(a.note, "Penal Code arts 214-216 seen");
    assert_eq!(a.confidence, Some(Confidence::High));
    assert!(session.answer("CX.1").unwrap().value.is_some());
}

#[test]
fn a_script_can_tell_that_a_command_failed() {
    let dir = tempfile::tempdir().unwrap();
    let (out, status) = new_plain(dir.path(), "1\nnext\n");
    assert!(status.success(), "{out}");
    let (out, status) = run_plain(dir.path(), &["open", "p.yaml", "--plain"], "7\nnext\n");
    assert_eq!(status.code(), Some(1), "{out}");
    assert!(
        out.contains("error: choose 1 to 2") || out.contains("error: 1 is yes"),
        "{out}"
    );
    assert!(out.contains("; 1 command failed"), "{out}");
}

#[test]
fn stop_on_error_stops_at_the_first_failure_after_saving_what_came_before() {
    let dir = tempfile::tempdir().unwrap();
    let questionnaire = fixtures().join("good/small.yaml");
    let (out, status) = run_plain(
        dir.path(),
        &[
            "new",
            "--state",
            "Strictland",
            "-o",
            "s.yaml",
            "--questionnaire",
            questionnaire.to_str().unwrap(),
            "--plain",
            "--stop-on-error",
        ],
        "2\nnext\nmaybe\nnext\nyes\n",
    );
    assert_eq!(status.code(), Some(1), "{out}");
    assert!(out.contains("stopped at line 3 (--stop-on-error)"), "{out}");
    let (session, _) = store::load(&dir.path().join("s.yaml")).unwrap();
    assert_eq!(
        session.answer("CX.languages").unwrap().value,
        Some(Value::Choices(vec!["fr".into()])),
        "what came before is saved"
    );
    assert!(
        session.answer("CX.untoc").is_none(),
        "nothing after the error ran"
    );
    // The option only makes sense in plain mode.
    let output = Command::new(tana_bin())
        .args(["open", "s.yaml", "--stop-on-error"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn text_answers_take_several_lines() {
    let dir = tempfile::tempdir().unwrap();
    let (out, status) = run_plain(
        dir.path(),
        &["new", "--state", "Textland", "-o", "t.yaml", "--plain"],
        "value: Assistance with the identity law.\nvalue+: And training for prosecutors.\nshow\n",
    );
    assert!(status.success(), "{out}");
    assert!(
        out.contains("current: Assistance with the identity law. / And training for prosecutors."),
        "{out}"
    );
    let (session, _) = store::load(&dir.path().join("t.yaml")).unwrap();
    assert_eq!(
        session.answer("CX.1").unwrap().value,
        Some(Value::Text(
            "Assistance with the identity law.\nAnd training for prosecutors.".into()
        ))
    );
}

/// `tana validate` counts as answered only what is answered: not the
/// questions marked not applicable, nor those to confirm.
#[test]
fn validate_counts_answered_apart_from_not_applicable() {
    let dir = tempfile::tempdir().unwrap();
    let (out, _) = new_plain(dir.path(), "1\nnext\nx\nnext\nu\nquit\n");
    assert!(out.contains("status: not applicable"), "{out}");
    let output = Command::new(tana_bin())
        .args(["validate", "--json", "p.yaml"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["stats"]["answers"], 3, "{json}");
    assert_eq!(json["stats"]["answered"], 1, "{json}");
}

#[test]
fn a_policy_choice_takes_its_reason_where_offered() {
    let dir = tempfile::tempdir().unwrap();
    let source = std::fs::read_to_string(fixtures().join("good/small.yaml"))
        .unwrap()
        .replace(
            "        guidance: Ask for the penal code.\n",
            "        guidance: Ask for the penal code.\n        policy_choice: The State may choose not to criminalise preparation.\n",
        );
    let questionnaire = dir.path().join("policy.yaml");
    std::fs::write(&questionnaire, source).unwrap();
    let (out, status) = run_plain(
        dir.path(),
        &[
            "new",
            "--state",
            "Policyland",
            "-o",
            "p.yaml",
            "--questionnaire",
            questionnaire.to_str().unwrap(),
            "--plain",
        ],
        "policy: not here\ngoto A1.1\npolicy: Left to administrative law.\nshow\n",
    );
    assert_eq!(status.code(), Some(1), "the first line failed:\n{out}");
    assert!(
        out.contains("error: CX.languages offers no policy choice"),
        "{out}"
    );
    assert!(
        out.contains("a policy choice may apply (`policy: REASON`)"),
        "{out}"
    );
    assert!(out.contains("status: deliberate policy choice"), "{out}");
    assert!(
        out.contains("policy reason: Left to administrative law."),
        "{out}"
    );
    let (session, _) = store::load(&dir.path().join("p.yaml")).unwrap();
    let a = session.answer("A1.1").unwrap();
    assert_eq!(a.status, Some(Status::PolicyChoice));
    assert_eq!(a.reason, "Left to administrative law.");
}
