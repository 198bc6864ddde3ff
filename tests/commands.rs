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
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("demo session written to demo/examplia.yaml"),
        "{stdout}"
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
