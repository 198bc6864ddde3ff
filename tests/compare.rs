//! `tana compare` on the demo and a follow-up mission made from it: the
//! Markdown (snapshotted), the changes of every indicator that moved, the
//! CSV tables read back, the workbook's sheets, the JSON, and the usage
//! errors of `--changes`.

use crate::export::{demo_and_followup, ok, run};

#[test]
fn two_missions_in_markdown_with_their_changes() {
    let (dir, _, _) = demo_and_followup();
    // Given in the later-first order: --changes puts the earlier first.
    let out = ok(
        dir.path(),
        &[
            "compare",
            "followup.yaml",
            "demo/examplia.yaml",
            "--changes",
        ],
    );
    let text = String::from_utf8(out.stdout).unwrap();
    insta::assert_snapshot!("compare_demo_and_followup_md", text);
    assert!(
        text.contains("## Changes from XE 2027-02-08 to XE 2028-03-06"),
        "{text}"
    );
    let changes = text.split("## Changes").nth(1).unwrap();
    let moved: Vec<&str> = changes.lines().filter(|l| l.starts_with("| A")).collect();
    assert_eq!(moved.len(), 3, "A1.1, A2.1 and A5.1 moved: {moved:#?}");
    assert!(
        moved[0].contains("A1\\.1") || moved[0].contains("A1.1"),
        "{}",
        moved[0]
    );
    assert!(moved[0].ends_with("| +2.0 |"), "{}", moved[0]);
    assert!(moved.iter().any(|l| l.contains("to confirm")), "{moved:#?}");
    assert!(
        changes.contains("84 indicators unchanged") || changes.contains("indicators unchanged")
    );
}

#[test]
fn the_tables_read_back_and_the_workbook_has_a_sheet_each() {
    use calamine::{Reader as _, Xlsx};
    let (dir, _, _) = demo_and_followup();
    let out = ok(
        dir.path(),
        &[
            "compare",
            "demo/examplia.yaml",
            "followup.yaml",
            "--format",
            "csv",
        ],
    );
    let mut reader = csv::Reader::from_reader(&out.stdout[..]);
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[3], "area_id");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 22, "11 areas for each of two missions");
    let a1: Vec<&csv::StringRecord> = rows.iter().filter(|r| &r[3] == "A1").collect();
    assert_eq!(&a1[0][1], "XE 2027-02-08");
    let (before, after): (f64, f64) = (a1[0][5].parse().unwrap(), a1[1][5].parse().unwrap());
    assert!(after > before, "A1.1 rose from 1 to 3: {before} → {after}");
    assert_eq!(&a1[0][6], "A1.1", "the lowest indicator of A1 was A1.1");

    let out = ok(
        dir.path(),
        &[
            "compare",
            "demo/examplia.yaml",
            "followup.yaml",
            "--changes",
            "--table",
            "changes",
            "--format",
            "csv",
        ],
    );
    let mut reader = csv::Reader::from_reader(&out.stdout[..]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // After the lead (both mission ids and labels, the State).
    let a21 = rows.iter().find(|r| &r[5] == "A2.1").unwrap();
    assert_eq!(&a21[11], "0", "after level");
    assert_eq!(&a21[12], "low", "after confidence");

    ok(
        dir.path(),
        &[
            "compare",
            "demo/examplia.yaml",
            "followup.yaml",
            "--changes",
            "-o",
            "c.xlsx",
        ],
    );
    let book: Xlsx<_> = calamine::open_workbook(dir.path().join("c.xlsx")).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["missions", "areas", "workstreams", "needs", "changes"]
    );

    let out = ok(
        dir.path(),
        &[
            "compare",
            "demo/examplia.yaml",
            "followup.yaml",
            "--format",
            "json",
        ],
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["tana-compare"], 1);
    let missions = doc["missions"].as_array().unwrap();
    assert_eq!(missions.len(), 2);
    assert!(missions[0]["top_needs"].as_array().unwrap().len() <= 5);
    let ws: u64 = missions[0]["workstreams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["needs"].as_u64().unwrap())
        .sum();
    assert_eq!(
        ws,
        missions[0]["needs"].as_u64().unwrap(),
        "every need in one workstream row"
    );
    assert!(doc["changes"].is_null(), "no changes unless asked");
}

#[test]
fn changes_needs_two_sessions_of_one_state() {
    let (dir, _, _) = demo_and_followup();
    // A third mission to the same State (its own id).
    let (mut third, _) = tana::session::store::load(&dir.path().join("followup.yaml")).unwrap();
    third.created = "2029-03-06T08:00:00Z".parse().unwrap();
    drop(tana::session::store::Store::create(&dir.path().join("third.yaml"), &mut third).unwrap());
    let out = run(
        dir.path(),
        &[
            "compare",
            "demo/examplia.yaml",
            "followup.yaml",
            "third.yaml",
            "--changes",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("give exactly two sessions of the same State, not 3"),
        "{stderr}"
    );
    let out = run(dir.path(), &["compare", "demo/examplia.yaml"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "one session is not a comparison"
    );
    let out = run(
        dir.path(),
        &[
            "compare",
            "demo/examplia.yaml",
            "followup.yaml",
            "--format",
            "md",
            "-o",
            "x.csv",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
}

/// How complete each mission is shows in every format, so that a mission
/// barely begun does not read as the best-prepared State; the changes name
/// both missions by id.
#[test]
fn completeness_in_every_format_and_changes_name_their_missions() {
    let (dir, demo, _) = demo_and_followup();
    // A third mission with four answers.
    let (mut session, _) = tana::session::store::load(&demo).unwrap();
    session.created = "2029-01-01T08:00:00Z".parse().unwrap();
    let keep: Vec<String> = session.answers.keys().take(4).cloned().collect();
    session.answers.retain(|id, _| keep.contains(id));
    let sparse = dir.path().join("sparse.yaml");
    drop(tana::session::store::Store::create(&sparse, &mut session).unwrap());
    let three = [
        "compare",
        "demo/examplia.yaml",
        "followup.yaml",
        "sparse.yaml",
    ];
    let md = String::from_utf8(ok(dir.path(), &three).stdout).unwrap();
    let rows: Vec<&str> = md
        .lines()
        .filter(|l| l.starts_with("| XE "))
        .take(3)
        .collect();
    assert!(
        rows[0].contains(" of 117 |") && rows[0].contains("| draft |"),
        "{}",
        rows[0]
    );
    assert!(rows[2].contains("(partial)"), "{}", rows[2]);
    assert!(!rows[0].contains("(partial)"), "{}", rows[0]);
    assert!(
        md.contains("\nPartial: fewer than half of the applicable indicators are scored in XE"),
        "{md}"
    );

    let mut args = three.to_vec();
    args.extend(["--format", "csv", "--table", "missions"]);
    let csv_text = ok(dir.path(), &args).stdout;
    let mut reader = csv::Reader::from_reader(&csv_text[..]);
    let headers = reader.headers().unwrap().clone();
    let col = |n: &str| headers.iter().position(|h| h == n).unwrap();
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(&records[0][col("partial")], "no");
    assert_eq!(&records[2][col("partial")], "yes");
    assert_eq!(&records[0][col("validation")], "draft");
    let answered: usize = records[2][col("answered")].parse().unwrap();
    assert!(answered <= 4, "{answered}");
    let scored: usize = records[0][col("indicators_scored")].parse().unwrap();
    let indicators: usize = records[0][col("indicators")].parse().unwrap();
    assert!(
        scored > 0 && scored <= indicators,
        "{scored} of {indicators}"
    );

    let mut args = three.to_vec();
    args.extend(["--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&ok(dir.path(), &args).stdout).unwrap();
    assert_eq!(json["missions"][2]["completeness"]["partial"], true);
    assert_eq!(json["missions"][0]["validation"], "draft");

    let changes = [
        "compare",
        "demo/examplia.yaml",
        "followup.yaml",
        "--changes",
        "--format",
        "csv",
        "--table",
        "changes",
    ];
    let text = String::from_utf8(ok(dir.path(), &changes).stdout).unwrap();
    assert!(
        text.starts_with(
            "before_mission_id,before_label,after_mission_id,after_label,state,indicator_id,"
        ),
        "{text}"
    );
    assert!(text.lines().nth(1).unwrap().starts_with(
        "XE-20270208T074821Z,XE 2027-02-08,XE-20280306T080000Z,XE 2028-03-06,Republic of Examplia,"
    ));
}
