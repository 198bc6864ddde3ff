//! The headless commands on a real session: `demo` writes a session and its
//! report, `validate` accepts the session, `score` and `match` print text
//! and JSON, and `report` writes beside the session or where it is told.

use std::path::Path;
use std::process::{Command, Output};

use crate::common::tana_bin;

fn tana(dir: &Path, args: &[&str]) -> Output {
    let output = Command::new(tana_bin())
        .args(args)
        .current_dir(dir)
        .env("XDG_DATA_HOME", dir.join("data"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "tana {args:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn demo_then_validate_score_match_and_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = tana(dir.path(), &["demo", "-o", "demo"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("demo session written to demo/examplia.yaml"),
        "status on standard error: {stderr}"
    );
    assert!(
        out.stdout.is_empty(),
        "no data, so nothing on standard output"
    );
    assert!(dir.path().join("demo/examplia-report.md").exists());
    assert!(
        dir.path()
            .join("demo/examplia-report-assets/levels.svg")
            .exists()
    );

    let validated = tana(dir.path(), &["validate", "--json", "demo/examplia.yaml"]);
    let validated = json(&validated);
    assert_eq!(validated["ok"], true);
    assert_eq!(
        validated["notes"].as_array().unwrap().len(),
        0,
        "{validated}"
    );

    let scores = json(&tana(
        dir.path(),
        &["score", "demo/examplia.yaml", "--json"],
    ));
    assert_eq!(scores["areas"].as_array().unwrap().len(), 11);
    assert_eq!(scores["target"], 3);
    let needs = scores["needs"].as_array().unwrap();
    assert!(!needs.is_empty());
    assert!(
        needs
            .iter()
            .all(|n| n["code"].as_str().unwrap().starts_with('C')
                && !n["rule"].as_str().unwrap().is_empty())
    );
    let text =
        String::from_utf8(tana(dir.path(), &["score", "demo/examplia.yaml"]).stdout).unwrap();
    assert!(
        text.contains("Republic of Examplia: overall")
            && text.contains("needs, highest priority first"),
        "{text}"
    );

    let matched = json(&tana(
        dir.path(),
        &["match", "demo/examplia.yaml", "--json"],
    ));
    assert!(!matched["team"]["members"].as_array().unwrap().is_empty());
    let excluded = matched["excluded"].as_array().unwrap();
    assert!(
        excluded
            .iter()
            .any(|e| e["reasons"].to_string().contains("Veridex ID Systems")),
        "the supplier of the State's ID system is a conflict of interest"
    );
    let text =
        String::from_utf8(tana(dir.path(), &["match", "demo/examplia.yaml"]).stdout).unwrap();
    assert!(
        text.contains("proposed team") && text.contains("filtered out"),
        "{text}"
    );

    tana(
        dir.path(),
        &["report", "demo/examplia.yaml", "-o", "elsewhere.md"],
    );
    let report = std::fs::read_to_string(dir.path().join("elsewhere.md")).unwrap();
    assert!(report.contains("](elsewhere-assets/levels.svg)"));
    assert!(report.contains("## Annex C: the scale"));
}

const MATCH_ROSTER: &str = "tana-roster: 1
title: Match roster
tags:
  LEG-DRAFT: Legislative drafting
  PROC-EEVID: Electronic evidence
  ID-CRVS: Civil registration
experts:
  - {id: E-NAT, name: National Drafter, sector: public, organisation: Bar, nationality: XE, residence: XE, regions: [africa], languages: {fr: native}, legal_traditions: [civil], expertise: [LEG-DRAFT, PROC-EEVID], role: both, availability: [{from: 2027-01-01, to: 2027-12-31}]}
  - {id: E-ASSESS, name: Assessor Only, sector: academia, organisation: Uni, nationality: FR, residence: FR, regions: [africa], languages: {fr: native}, legal_traditions: [civil], expertise: [LEG-DRAFT, PROC-EEVID, ID-CRVS], role: assessment, availability: [{from: 2027-01-01, to: 2027-12-31}]}
  - {id: E-EN, name: English Registrar, sector: public, organisation: Registry, nationality: KE, residence: KE, regions: [africa], languages: {en: native}, legal_traditions: [common], expertise: [ID-CRVS], role: both, availability: [{from: 2027-05-01, to: 2027-05-31}]}
";

#[test]
fn match_for_a_purpose_in_a_window_with_flags_and_warnings() {
    let dir = tempfile::tempdir().unwrap();
    tana(dir.path(), &["demo", "-o", "demo"]);
    std::fs::write(dir.path().join("roster.yaml"), MATCH_ROSTER).unwrap();
    let args = |extra: &[&'static str]| -> Vec<&'static str> {
        let mut a = vec![
            "match",
            "demo/examplia.yaml",
            "--roster",
            "roster.yaml",
            "--json",
        ];
        a.extend_from_slice(extra);
        a
    };
    let delivery = json(&tana(
        dir.path(),
        &args(&["--window", "2027-05-01..2027-06-30"]),
    ));
    assert_eq!(delivery["purpose"], "delivery");
    let ids = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| x["id"].as_str().unwrap().to_string())
            .collect()
    };
    let candidates = ids(&delivery["candidates"]);
    assert!(candidates.contains(&"E-NAT".to_string()), "{candidates:?}");
    let national = &delivery["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "E-NAT")
        .unwrap()["flags"][0];
    assert_eq!(national["code"], "national");
    assert_eq!(national["state_code"], "XE");
    assert!(
        national["text"]
            .as_str()
            .unwrap()
            .contains("welcome for delivery")
    );
    let assess_only = delivery["excluded"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "E-ASSESS")
        .unwrap();
    assert_eq!(assess_only["reasons"][0]["code"], "role");
    assert_eq!(delivery["requirements"][0]["basis"], "given");

    // Thirty days asked: the English registrar, free in May only, is short.
    let longer = json(&tana(
        dir.path(),
        &args(&["--window", "2027-05-01..2027-06-30", "--days", "40"]),
    ));
    let short = longer["excluded"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "E-EN")
        .unwrap();
    assert_eq!(short["reasons"][0]["code"], "unavailable");
    assert_eq!(short["reasons"][0]["misses"][0]["free"], 31);
    assert_eq!(short["reasons"][0]["misses"][0]["needed"], 40);

    // For the assessment the national and the delivery-minded are out, the assessor in.
    let assessment = json(&tana(
        dir.path(),
        &args(&["--for", "assessment", "--window", "2027-05-03..2027-05-07"]),
    ));
    assert_eq!(assessment["purpose"], "assessment");
    let excluded = ids(&assessment["excluded"]);
    assert!(excluded.contains(&"E-NAT".to_string()), "{excluded:?}");
    assert!(ids(&assessment["candidates"]).contains(&"E-ASSESS".to_string()));

    // Text: the warnings come first.
    let text = String::from_utf8(
        tana(
            dir.path(),
            &[
                "match",
                "demo/examplia.yaml",
                "--roster",
                "roster.yaml",
                "--for",
                "assessment",
            ],
        )
        .stdout,
    )
    .unwrap();
    assert!(text.starts_with("experts for assessment\n"), "{text}");
}

#[test]
fn report_with_a_broken_template_fails_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    tana(dir.path(), &["demo", "-o", "demo"]);
    std::fs::write(dir.path().join("bad.md.j2"), "{{ nothing_here }}\n").unwrap();
    let output = Command::new(tana_bin())
        .args([
            "report",
            "demo/examplia.yaml",
            "--template",
            "bad.md.j2",
            "-o",
            "out.md",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("template bad.md.j2, line 1"), "{stderr}");
    assert!(!dir.path().join("out.md").exists());
}

/// Runs tana with a script on standard input (plain mode), without asserting success.
fn tana_with_input(dir: &Path, args: &[&str], input: &str) -> Output {
    use std::io::Write as _;
    let mut child = Command::new(tana_bin())
        .args(args)
        .current_dir(dir)
        .env("XDG_DATA_HOME", dir.join("data"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // tana may refuse its options and exit before reading: a broken pipe is fine.
    let _ = child.stdin.take().unwrap().write_all(input.as_bytes());
    child.wait_with_output().unwrap()
}

#[test]
fn new_records_the_mission_options_and_a_relative_questionnaire_path() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("field");
    std::fs::create_dir_all(root.join("forms")).unwrap();
    std::fs::copy(
        crate::common::fixtures().join("good/small.yaml"),
        root.join("forms/small.yaml"),
    )
    .unwrap();
    let output = tana_with_input(
        &root,
        &[
            "new",
            "--state",
            "Kingdom of Norway",
            "--code",
            "no",
            "--language",
            "fr",
            "--language",
            "ar",
            "--language",
            "en",
            "--purpose",
            "Assess the needs behind the request.",
            "--body",
            "Directorate of Civil Status",
            "--supplier",
            "Veridex ID Systems",
            "--window",
            "2027-04-15..2027-09-15",
            "--window",
            "2027-10-01..2027-12-15",
            "--target",
            "2",
            "--questionnaire",
            "forms/small.yaml",
            "-o",
            "missions/no.yaml",
            "--plain",
        ],
        "quit\n",
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let (session, _) = tana::session::store::load(&root.join("missions/no.yaml")).unwrap();
    assert_eq!(session.state.code.as_deref(), Some("NO"));
    assert_eq!(session.state.languages, ["fr", "ar", "en"]);
    assert_eq!(
        session.mission.purpose,
        "Assess the needs behind the request."
    );
    assert_eq!(session.mission.bodies, ["Directorate of Civil Status"]);
    assert_eq!(session.mission.suppliers, ["Veridex ID Systems"]);
    assert_eq!(session.mission.target, Some(2));
    let windows: Vec<String> = session
        .mission
        .delivery_windows
        .iter()
        .map(|w| format!("{}..{}", w.from, w.to))
        .collect();
    assert_eq!(
        windows,
        ["2027-04-15..2027-09-15", "2027-10-01..2027-12-15"]
    );
    assert_eq!(
        session.questionnaire.path.as_deref(),
        Some("../forms/small.yaml"),
        "relative to the session's folder"
    );

    // The mission folder copied elsewhere still opens and scores.
    let copy = dir.path().join("headquarters");
    std::fs::create_dir_all(copy.join("forms")).unwrap();
    std::fs::create_dir_all(copy.join("missions")).unwrap();
    std::fs::copy(root.join("forms/small.yaml"), copy.join("forms/small.yaml")).unwrap();
    std::fs::copy(root.join("missions/no.yaml"), copy.join("missions/no.yaml")).unwrap();
    std::fs::remove_dir_all(&root).unwrap();
    let scores = json(&tana(&copy, &["score", "missions/no.yaml", "--json"]));
    assert_eq!(scores["target"], 2);
    assert_eq!(scores["areas"][0]["target"]["origin"], "mission");
}

#[test]
fn new_refuses_bad_mission_values_in_tanas_words() {
    let dir = tempfile::tempdir().unwrap();
    for (option, value, message) in [
        (
            "--code",
            "Norway",
            "the State code `Norway` is not an ISO 3166-1 alpha-2 code",
        ),
        (
            "--language",
            "French",
            "the working language `French` is not a language code",
        ),
        (
            "--language",
            "xx",
            "the working language `xx` is not a language code",
        ),
        ("--window", "2027-04-15/2027-09-15", "is not FROM..TO"),
        (
            "--window",
            "2027-09-15..2027-04-15",
            "ends (2027-04-15) before it starts (2027-09-15)",
        ),
        (
            "--window",
            "2027-02-30..2027-04-15",
            "`2027-02-30` is not a date",
        ),
        (
            "--target",
            "5",
            "the target level `5` must be a whole number from 0 to 4",
        ),
    ] {
        let output = tana_with_input(
            dir.path(),
            &[
                "new", "--state", "X", option, value, "-o", "x.yaml", "--plain",
            ],
            "quit\n",
        );
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(
            output.status.code(),
            Some(2),
            "a usage error: {option} {value}: {stderr}"
        );
        assert!(stderr.contains(message), "{option} {value}: {stderr}");
        assert!(!dir.path().join("x.yaml").exists(), "nothing is created");
    }
}

#[test]
fn a_v1_session_whose_questionnaire_moved_opens_with_questionnaire() {
    let dir = tempfile::tempdir().unwrap();
    let v1 =
        std::fs::read_to_string(crate::common::fixtures().join("sessions/v1-every-answer.yaml"))
            .unwrap();
    std::fs::write(dir.path().join("s.yaml"), v1).unwrap();
    std::fs::create_dir_all(dir.path().join("elsewhere")).unwrap();
    std::fs::copy(
        crate::common::fixtures().join("good/small.yaml"),
        dir.path().join("elsewhere/small.yaml"),
    )
    .unwrap();
    let output = Command::new(tana_bin())
        .args(["score", "s.yaml"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr.contains("was not found") && stderr.contains("--questionnaire FILE"),
        "{stderr}"
    );
    for command in ["score", "match", "report"] {
        tana(
            dir.path(),
            &[command, "s.yaml", "--questionnaire", "elsewhere/small.yaml"],
        );
    }
    // `open --questionnaire` records the new place (relative), and the session is saved as format 2.
    let output = tana_with_input(
        dir.path(),
        &[
            "open",
            "s.yaml",
            "--questionnaire",
            "elsewhere/small.yaml",
            "--plain",
        ],
        "c high\nquit\n",
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = std::fs::read_to_string(dir.path().join("s.yaml")).unwrap();
    assert!(text.contains("tana-session: 2"), "{text}");
    assert!(text.contains("path: elsewhere/small.yaml"), "{text}");
    assert!(
        text.contains("target: 2") && text.contains("OLD.1"),
        "nothing lost: {text}"
    );
    tana(dir.path(), &["score", "s.yaml"]);
    // A questionnaire copied beside the session is found too.
    let beside = tempfile::tempdir().unwrap();
    std::fs::copy(
        dir.path().join("elsewhere/small.yaml"),
        beside.path().join("small.yaml"),
    )
    .unwrap();
    let v1 =
        std::fs::read_to_string(crate::common::fixtures().join("sessions/v1-every-answer.yaml"))
            .unwrap();
    std::fs::write(beside.path().join("s.yaml"), v1).unwrap();
    let output = tana(beside.path(), &["score", "s.yaml"]);
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("beside the session"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
