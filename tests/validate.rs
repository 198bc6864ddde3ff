//! `tana validate` on good and bad files: every input of the "Files written
//! by hand" table of faults.md has a fixture; messages are snapshotted.

use std::time::{Duration, Instant};

use insta_cmd::assert_cmd_snapshot;

use crate::common::{fixtures, repo, tana_in_fixtures};

fn validate(file: &str) -> std::process::Command {
    let mut command = tana_in_fixtures();
    command.args(["validate", file]);
    command
}

macro_rules! bad_fixture {
    ($name:ident, $file:literal) => {
        #[test]
        fn $name() {
            assert_cmd_snapshot!(validate(concat!("bad/", $file)));
        }
    };
}

bad_fixture!(duplicate_mapping_key, "duplicate-key.yaml");
bad_fixture!(duplicate_question_id, "duplicate-question-id.yaml");
bad_fixture!(dangling_reference, "dangling-reference.yaml");
bad_fixture!(cyclic_condition, "cyclic-condition.yaml");
bad_fixture!(tabs_for_indentation, "tabs.yaml");
bad_fixture!(unclosed_quote, "unclosed-quote.yaml");
bad_fixture!(invalid_utf8, "invalid-utf8.yaml");
bad_fixture!(typo_in_field_name, "typo-field.yaml");
bad_fixture!(level_out_of_range, "level-out-of-range.yaml");
bad_fixture!(score_out_of_range, "score-out-of-range.yaml");
bad_fixture!(empty_section, "empty-section.yaml");
bad_fixture!(empty_choice_list, "empty-choices.yaml");
bad_fixture!(incomplete_ladder, "incomplete-ladder.yaml");
bad_fixture!(wrong_condition_type, "wrong-condition-type.yaml");
bad_fixture!(all_problems_at_once, "many-problems.yaml");
bad_fixture!(deep_nesting, "deep-nesting.yaml");
bad_fixture!(not_a_tana_file, "not-tana.yaml");
bad_fixture!(roster_problems, "roster-problems.yaml");
bad_fixture!(session_value_misfit, "session-misfit.yaml");
bad_fixture!(session_level_out_of_range, "session-level.yaml");
bad_fixture!(session_from_newer_tana, "session-newer.yaml");
bad_fixture!(session_unknown_references, "session-references.yaml");
bad_fixture!(broken_template, "broken-template.md.j2");
bad_fixture!(inventory_problems, "inventory-problems.yaml");
bad_fixture!(inventory_references, "inventory-references.yaml");

#[test]
fn an_inventory_is_checked_against_the_questionnaire_given() {
    let output = tana_in_fixtures()
        .args([
            "validate",
            "--questionnaire",
            "good/small.yaml",
            "good/inventory.yaml",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains("good/inventory.yaml:13:24: `MAT.TEST.HANDBOOK` names `A7`, which is not an indicator or scored area of questionnaire `small`; did you mean `A1`?")
            && stdout.contains("good/inventory.yaml:18:23: `PRV.TEST.PROGRAMME` names the tag `PROC-EEVID`, which no question of questionnaire `small` carries")
            && stdout.contains("refers to `CX.16`, which is not a question of questionnaire `small`"),
        "{stdout}"
    );
    let output = tana_in_fixtures()
        .args([
            "validate",
            "--questionnaire",
            "bad/tabs.yaml",
            "good/inventory.yaml",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("bad/tabs.yaml:20:2"), "{stderr}");
}

#[test]
fn good_files_pass_with_a_summary() {
    assert_cmd_snapshot!(validate("good/small.yaml").args([
        "good/bom-crlf.yaml",
        "good/norway.yaml",
        "good/roster.yaml",
        "good/inventory.yaml",
        "good/session.yaml"
    ]));
}

#[test]
fn json_output_has_one_object_per_file() {
    let output = tana_in_fixtures()
        .args([
            "validate",
            "--json",
            "good/small.yaml",
            "bad/tabs.yaml",
            "good/roster.yaml",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["kind"], "questionnaire");
    assert_eq!(lines[0]["ok"], true);
    assert_eq!(lines[0]["stats"]["sections"], 2);
    assert_eq!(lines[0]["stats"]["scored_sections"], 1);
    assert_eq!(lines[0]["stats"]["indicators"], 2);
    assert_eq!(lines[0]["stats"]["questions"], 5);
    assert_eq!(lines[1]["ok"], false);
    assert_eq!(lines[1]["problems"][0]["line"], 20);
    assert_eq!(lines[1]["problems"][0]["column"], 2);
    assert!(
        lines[1]["problems"][0]["message"]
            .as_str()
            .unwrap()
            .contains("tabs")
    );
    assert_eq!(lines[2]["kind"], "roster");
    assert_eq!(lines[2]["stats"]["experts"], 2);
}

#[test]
fn shipped_content_validates() {
    let output = std::process::Command::new(crate::common::tana_bin())
        .current_dir(repo())
        .args(["validate", "--json"])
        .args(
            std::fs::read_dir(repo().join("questionnaires"))
                .unwrap()
                .map(|e| e.unwrap().path()),
        )
        .args(
            std::fs::read_dir(repo().join("rosters"))
                .unwrap()
                .map(|e| e.unwrap().path()),
        )
        .args(
            std::fs::read_dir(repo().join("assistance"))
                .unwrap()
                .map(|e| e.unwrap().path()),
        )
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(output.status.success(), "{stdout}");
    for line in stdout.lines() {
        let json: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(json["ok"], true, "{line}");
    }
}

/// Two alias bombs, each refused where the schema meets the first nested
/// list (no field is read through a buffer any more; the alias budget stays
/// as the backstop for one that would be).
#[test]
fn alias_bombs_are_refused_quickly() {
    for (file, expected) in [
        ("bad/alias-bomb.yaml", "bad/alias-bomb.yaml:6:"),
        (
            "bad/roster-alias-bomb.yaml",
            "bad/roster-alias-bomb.yaml:14:",
        ),
    ] {
        let start = Instant::now();
        let output = validate(file).output().unwrap();
        let elapsed = start.elapsed();
        assert_eq!(output.status.code(), Some(1));
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert!(stdout.contains(expected), "{stdout}");
        // Generous for a loaded CI machine; it takes milliseconds.
        assert!(elapsed < Duration::from_secs(1), "{file} took {elapsed:?}");
    }
}

#[test]
fn a_50_mb_file_is_refused_by_size() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.yaml");
    let line = "# padding padding padding padding padding padding padding padding\n";
    let mut text = String::from("tana-questionnaire: 1\n");
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(line);
    }
    std::fs::write(&path, text).unwrap();
    let output = tana_in_fixtures()
        .arg("validate")
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("larger than the"), "{stdout}");
}

#[test]
fn usage_errors_exit_2() {
    let output = tana_in_fixtures().args(["validate"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let output = tana_in_fixtures().args(["frobnicate"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn a_missing_file_is_a_problem_not_a_panic() {
    let output = validate("no/such/file.yaml").output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("cannot open the file"), "{stdout}");
}

#[test]
fn the_inventory_format_example_is_valid() {
    let doc = std::fs::read_to_string(repo().join("docs/inventory-format.md")).unwrap();
    let example = doc
        .split("## Example")
        .nth(1)
        .and_then(|rest| rest.split("```yaml\n").nth(1))
        .and_then(|block| block.split("```").next())
        .expect("the docs hold an example");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("inventory.yaml");
    std::fs::write(&path, example).unwrap();
    let output = tana_in_fixtures()
        .arg("validate")
        .arg(&path)
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        output.status.success() && stdout.contains(": ok: inventory"),
        "{stdout}"
    );
}

#[test]
fn the_format_reference_example_is_valid() {
    let doc = std::fs::read_to_string(repo().join("docs/questionnaire-format.md")).unwrap();
    let example = doc
        .split("## A complete example")
        .nth(1)
        .and_then(|rest| rest.split("```yaml\n").nth(1))
        .and_then(|block| block.split("```").next())
        .expect("the docs hold a complete example");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("example.yaml");
    std::fs::write(&path, example).unwrap();
    let output = tana_in_fixtures()
        .arg("validate")
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    assert!(fixtures().exists());
}

#[test]
fn country_codes_that_yaml_reads_as_booleans_stay_country_codes() {
    let output = validate("good/roster-norway.yaml").output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    let roster = tana::roster::Roster::load(&fixtures().join("good/roster-norway.yaml")).unwrap();
    assert_eq!(roster.experts[0].nationality, ["NO"]);
    assert_eq!(roster.experts[0].residence, "NO");
    assert_eq!(
        roster.experts[0].affiliations[0].country.as_deref(),
        Some("NO")
    );
    assert_eq!(roster.experts[1].nationality, ["NO", "ON"]);
    assert_eq!(
        roster.experts[1].employer_kind,
        Some(tana::roster::EmployerKind::RegulatedEntity)
    );
}
