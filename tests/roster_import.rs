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

/// The problems of `excel-bom-crlf.csv` (Excel's "CSV UTF-8": a byte-order
/// mark and CRLF line ends, plus an `Email` column), each on the row and
/// column where it is in the file.
const EXCEL_PROBLEMS: [&str; 7] = [
    "X:3:8 (Languages): `english` is not a language code; write its ISO 639-1 code in lower case: `en`",
    "X:3:8 (Languages): `xx` is not an ISO 639-1 language code; write the two-letter code in lower case, such as `en`, `fr` or `ar`",
    "X:4:10 (Expertise): `Statistics` is not in the roster's `tags` (tags: AI-ETHICS, BORDER-MIG, CRYPTO-DARKNET, CUSTOMS-TRADE, DEV-RECON, FIN-KYC-VA, HR-PRIVACY, ID-CRVS, INTL-COOP, LEG-DRAFT, PPP-PREV, PROC-EEVID, STATS, TRAVEL-DOC, VICTIM-REMED)",
    "X:4:12 (Availability): the window ends (2027-01-01) before it starts (2027-06-30)",
    "X:4:13 (Prior missions): `two` is not a whole number of missions",
    "X:5:1 (ID): the expert id `EX-301` is used twice: first in row 2, again here",
    "X:5:11 (Role): `bith` is not a role; did you mean `both`? (roles: assessment, delivery, both)",
];

fn expected_stderr(file: &str) -> String {
    let mut out = format!(
        "tana: note: {file}:1:14 (Email): `Email` is not a roster column, so its cells are ignored (columns: id, name, gender, sector, organisation, employer_kind, sector_interest, nationality, residence, regions, languages, legal_traditions, expertise, levels, role, prior_missions, availability, affiliations)\n"
    );
    for p in EXCEL_PROBLEMS {
        out.push_str(&p.replacen('X', file, 1));
        out.push('\n');
    }
    out.push_str("tana: error: ");
    out.push_str(file);
    out.push_str(": 7 problems; nothing was written\n");
    out
}

#[test]
fn excel_crlf_and_bom_rows_are_the_rows_of_the_file() {
    let bytes = std::fs::read(fixtures().join("roster-csv/excel-bom-crlf.csv")).unwrap();
    assert!(
        bytes.starts_with(b"\xef\xbb\xbf"),
        "the fixture keeps its BOM"
    );
    assert!(
        bytes.windows(2).filter(|w| w == b"\r\n").count() == 5,
        "the fixture keeps its CRLF line ends (see its .gitattributes)"
    );
    let dir = tempfile::tempdir().unwrap();
    let lf: Vec<u8> = String::from_utf8(bytes.clone())
        .unwrap()
        .replace("\r\n", "\n")
        .into_bytes();
    let no_bom = lf[3..].to_vec();
    for (name, content) in [
        ("crlf.csv", &bytes),
        ("lf.csv", &lf),
        ("plain.csv", &no_bom),
    ] {
        std::fs::write(dir.path().join(name), content).unwrap();
        let out = run(dir.path(), &["import", "--roster", name]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            expected_stderr(name),
            "{name}: every problem on its row and column, whatever the line ends"
        );
        assert!(!dir.path().join(name).with_extension("yaml").exists());
    }
}

#[test]
fn extra_hr_columns_are_ignored_with_a_note_and_the_roster_written() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixtures().join("roster-csv/experts.csv")).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines[0].push_str(",Email,Phone");
    for line in &mut lines[1..] {
        line.push_str(",someone@example.org,+1 555 0100");
    }
    std::fs::write(dir.path().join("hr.csv"), lines.join("\r\n") + "\r\n").unwrap();
    let out = ok(dir.path(), &["import", "--roster", "hr.csv"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("tana: note: hr.csv:1:19 (Email): `Email` is not a roster column, so its cells are ignored")
            && stderr.contains("tana: note: hr.csv:1:20 (Phone): `Phone` is not a roster column")
            && stderr.ends_with("roster written to hr.yaml (3 experts)\n"),
        "{stderr}"
    );
    let yaml = std::fs::read_to_string(dir.path().join("hr.yaml")).unwrap();
    assert!(!yaml.contains("example.org"));
    ok(dir.path(), &["validate", "hr.yaml"]);
    let quiet = ok(
        dir.path(),
        &["-q", "import", "--roster", "hr.csv", "--force"],
    );
    assert!(quiet.stderr.is_empty(), "-q silences the notes");
}

fn with_stdin(dir: &std::path::Path, args: &[&str], input: &[u8]) -> std::process::Output {
    use std::io::Write as _;
    use std::process::{Command, Stdio};
    let mut child = Command::new(crate::common::tana_bin())
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A refusal may come before standard input is read: a closed pipe is fine.
    let _ = child.stdin.take().unwrap().write_all(input);
    child.wait_with_output().unwrap()
}

#[test]
fn a_roster_csv_is_read_from_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let csv = std::fs::read(fixtures().join("roster-csv/experts.csv")).unwrap();
    let out = with_stdin(dir.path(), &["import", "--roster", "-", "-o", "-"], &csv);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let yaml = String::from_utf8(out.stdout).unwrap();
    assert!(
        yaml.contains("title: \"Roster imported from standard input\""),
        "{yaml}"
    );
    let roster = tana::roster::Roster::from_source(
        yaml.lines()
            .filter(|l| !l.starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n")
            .as_str(),
    )
    .unwrap();
    assert_eq!(roster.experts.len(), 3);

    let out = with_stdin(
        dir.path(),
        &["import", "--roster", "-", "-o", "mine.yaml"],
        &csv,
    );
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "roster written to mine.yaml (3 experts)\n"
    );
    ok(dir.path(), &["validate", "mine.yaml"]);

    // Without -o there is no file name to write beside: a usage error.
    let out = with_stdin(dir.path(), &["import", "--roster", "-"], &csv);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "tana: error: the roster CSV comes from standard input, so there is no file name to write the roster beside; name it with -o FILE (or -o - for standard output)\n"
    );

    // Problems from standard input are located on `-`.
    let bad = std::fs::read(fixtures().join("roster-csv/excel-bom-crlf.csv")).unwrap();
    let out = with_stdin(dir.path(), &["import", "--roster", "-", "-o", "-"], &bad);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stderr), expected_stderr("-"));
    assert!(out.stdout.is_empty());
}
