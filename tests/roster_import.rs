//! `tana import --roster`: the HR department's CSV fixture becomes a roster
//! that passes `tana validate` and that `tana match` uses; the bad fixture
//! gives every problem at once on its cell (snapshotted) and writes nothing.

use insta_cmd::assert_cmd_snapshot;

use crate::common::{fixtures, tana_in_fixtures};
use crate::export::{ok, run};

#[test]
fn a_good_csv_becomes_a_roster_that_validates_and_matches() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixtures().join("roster-csv/experts.csv"),
        dir.path().join("experts.csv"),
    )
    .unwrap();
    let out = ok(dir.path(), &["import", "--roster", "experts.csv"]);
    assert!(out.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "roster written to experts.yaml (3 experts)\n"
    );
    let validated = ok(dir.path(), &["validate", "experts.yaml"]);
    assert!(
        String::from_utf8_lossy(&validated.stdout)
            .contains("roster \"Roster imported from experts.csv\": 3 experts"),
        "{}",
        String::from_utf8_lossy(&validated.stdout)
    );
    let roster = tana::roster::Roster::load(&dir.path().join("experts.yaml")).unwrap();
    let lars = roster.experts.iter().find(|e| e.id == "EX-102").unwrap();
    assert_eq!(lars.nationality, ["NO"], "Norway is a country, not false");
    assert_eq!(
        lars.employer_kind,
        Some(tana::roster::EmployerKind::RegulatedEntity)
    );
    let priya = roster.experts.iter().find(|e| e.id == "EX-103").unwrap();
    assert_eq!(priya.affiliations.len(), 2);
    assert_eq!(priya.affiliations[0].organisation, "Veridex ID Systems");

    // A second import does not replace the file without --force.
    let again = run(dir.path(), &["import", "--roster", "experts.csv"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("give --force"));
    ok(
        dir.path(),
        &[
            "import",
            "--roster",
            "experts.csv",
            "--force",
            "--title",
            "Ours",
            "-o",
            "experts.yaml",
        ],
    );
    let text = std::fs::read_to_string(dir.path().join("experts.yaml")).unwrap();
    assert!(text.contains("title: \"Ours\""));

    ok(dir.path(), &["demo", "-o", "demo"]);
    let matched = ok(
        dir.path(),
        &[
            "match",
            "demo/examplia.yaml",
            "--roster",
            "experts.yaml",
            "--json",
        ],
    );
    let matched: serde_json::Value = serde_json::from_slice(&matched.stdout).unwrap();
    let excluded = matched["excluded"].to_string();
    assert!(
        excluded.contains("EX-103") && excluded.contains("Veridex ID Systems"),
        "the supplier affiliation read from the CSV is a conflict of interest: {excluded}"
    );
}

#[test]
fn a_bad_csv_gives_every_problem_on_its_cell() {
    let mut command = tana_in_fixtures();
    command.args(["import", "--roster", "roster-csv/bad.csv", "-o", "-"]);
    assert_cmd_snapshot!(command);
    assert!(!fixtures().join("roster-csv/bad.yaml").exists());
}
