//! `tana export` on the demo and on a second mission made from it: CSV and
//! JSON snapshots, the CSV read back with the `csv` crate holds the
//! session's values, the workbook opened with `calamine`, the JSON checked
//! against docs/export.schema.json, several missions at once, and a bad
//! session reported with its place while nothing is written.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tana::session::store::{self, Store};
use tana::session::{Status, Value};

use crate::common::{repo, tana_bin};

pub fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(tana_bin())
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("XDG_DATA_HOME", dir.join("data"))
        .args(args)
        .output()
        .unwrap()
}

pub fn ok(dir: &Path, args: &[&str]) -> Output {
    let output = run(dir, args);
    assert!(
        output.status.success(),
        "tana {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// A folder with the demo session (`demo/examplia.yaml`) and a follow-up
/// mission to the same State a year later (`followup.yaml`) in which some
/// answers changed: A1.1 rose to 3, A2.1 fell to 0 with low confidence, A5.1
/// became unknown, and a note starts like a spreadsheet formula.
pub fn demo_and_followup() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["demo", "-o", "demo"]);
    let demo = dir.path().join("demo/examplia.yaml");
    let (mut session, _) = store::load(&demo).unwrap();
    session.created = "2028-03-06T08:00:00Z".parse().unwrap();
    session.mission.start = Some("2028-03-06".parse().unwrap());
    session.mission.end = Some("2028-03-10".parse().unwrap());
    session.mission.title = Some("Follow-up mission".into());
    let at = "2028-03-07T09:00:00Z".parse().unwrap();
    let a = session.answer_mut("A1.1", at);
    a.value = Some(Value::Level(3));
    a.note = "=HYPERLINK(\"http://example.invalid\",\"click\") — the offence was adopted".into();
    let a = session.answer_mut("A2.1", at);
    a.value = Some(Value::Level(0));
    a.confidence = Some(tana::session::Confidence::Low);
    let a = session.answer_mut("A5.1", at);
    a.status = Some(Status::Unknown);
    let followup = dir.path().join("followup.yaml");
    // The demo's questionnaire is the built-in one: no path to rebase.
    session.saves = 0;
    drop(Store::create(&followup, &mut session).unwrap());
    (dir, demo, followup)
}

fn records(csv_bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(csv_bytes);
    let headers = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    (headers, rows)
}

/// A CSV cell as the session holds it: the `'` put before text a
/// spreadsheet would run as a formula is taken off.
fn unprotect(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

#[test]
fn the_demo_csv_is_snapshotted() {
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["demo", "-o", "demo"]);
    let out = ok(dir.path(), &["export", "demo/examplia.yaml"]);
    let (headers, rows) = records(&out.stdout);
    let section = headers.iter().position(|h| h == "section_id").unwrap();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&headers).unwrap();
    for row in rows.iter().filter(|r| r[section] == "A1") {
        writer.write_record(row).unwrap();
    }
    insta::assert_snapshot!(
        "export_demo_a1_csv",
        String::from_utf8(writer.into_inner().unwrap()).unwrap()
    );
    let wide = ok(dir.path(), &["export", "--wide", "demo/examplia.yaml"]);
    insta::assert_snapshot!(
        "export_demo_wide_csv",
        String::from_utf8(wide.stdout).unwrap()
    );
}

fn collect_numbers(value: &serde_json::Value, out: &mut Vec<f64>) {
    match value {
        serde_json::Value::Number(n) => out.push(n.as_f64().unwrap()),
        serde_json::Value::Array(items) => items.iter().for_each(|i| collect_numbers(i, out)),
        serde_json::Value::Object(map) => map.values().for_each(|i| collect_numbers(i, out)),
        _ => {}
    }
}

#[test]
fn the_demo_json_is_snapshotted_and_rounded() {
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["demo", "-o", "demo"]);
    let out = ok(
        dir.path(),
        &["export", "--format", "json", "demo/examplia.yaml"],
    );
    let mut doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    assert!(
        text.starts_with("{\n  \"tana-export\": 1,\n  \"schema\": \"tana-export-1.schema.json\""),
        "{}",
        &text[..200]
    );
    let mut numbers = Vec::new();
    collect_numbers(&doc, &mut numbers);
    assert!(numbers.len() > 100, "levels, targets, gaps, counts");
    for n in numbers {
        assert!(
            ((n * 10.0).round() - n * 10.0).abs() < 1e-9,
            "unrounded {n}"
        );
    }
    let mission = &mut doc["missions"][0];
    let answers = mission["answers"].as_array_mut().unwrap();
    answers.retain(|a| a["section_id"] == "A1");
    insta::assert_snapshot!(
        "export_demo_json_a1",
        serde_json::to_string_pretty(&doc).unwrap()
    );
}

#[test]
#[allow(clippy::too_many_lines)] // one check per column, against the session
fn csv_read_back_holds_the_sessions_values() {
    let (dir, demo, followup) = demo_and_followup();
    let out = ok(
        dir.path(),
        &["export", "demo/examplia.yaml", "followup.yaml"],
    );
    let (headers, rows) = records(&out.stdout);
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let questionnaire = tana::questionnaire::Questionnaire::embedded();
    let mut mission_ids = std::collections::BTreeSet::new();
    for path in [&demo, &followup] {
        let (session, _) = store::load(path).unwrap();
        let id = tana::view::mission_id(&session);
        mission_ids.insert(id.clone());
        let scores = tana::scoring::score(&questionnaire, &session);
        let mine: Vec<&Vec<String>> = rows.iter().filter(|r| r[col("mission_id")] == id).collect();
        assert_eq!(
            mine.len(),
            questionnaire.questions.len(),
            "a row per question"
        );
        for row in mine {
            let qid = &row[col("question_id")];
            assert_eq!(row[col("state")], session.state.name);
            assert_eq!(row[col("state_code")], "XE");
            assert_eq!(
                row[col("mission_start")],
                session.mission.start.unwrap().to_string()
            );
            let index = questionnaire
                .questions
                .iter()
                .position(|q| &q.id == qid)
                .unwrap();
            let question = &questionnaire.questions[index];
            assert_eq!(row[col("kind")], question.kind.name());
            let Some(answer) = session.answer(qid) else {
                assert_eq!(row[col("value")], "", "{qid}");
                assert_eq!(row[col("time")], "", "{qid}");
                continue;
            };
            assert_eq!(unprotect(&row[col("note")]), answer.note, "{qid} note");
            assert_eq!(row[col("reason")], answer.reason, "{qid} reason");
            assert_eq!(
                row[col("status_code")],
                answer.status.map_or("", Status::name),
                "{qid}"
            );
            assert_eq!(
                row[col("confidence")],
                answer.confidence.map_or("", |c| c.name()),
                "{qid}"
            );
            assert_eq!(row[col("time")], answer.at.to_string(), "{qid}");
            let sources: Vec<String> = answer
                .sources
                .iter()
                .map(|s| {
                    format!(
                        "{}:{}",
                        s.stakeholder.as_deref().unwrap_or(""),
                        s.how.name()
                    )
                })
                .collect();
            assert_eq!(row[col("source_ids")], sources.join(";"), "{qid}");
            let raw = &row[col("value_raw")];
            match &answer.value {
                None => assert_eq!(raw, "", "{qid}"),
                Some(Value::Level(l)) => {
                    assert_eq!(raw, &l.to_string(), "{qid}");
                    assert!(row[col("value")].starts_with(&format!("{l} (")), "{qid}");
                }
                Some(Value::Choice(c)) => {
                    assert_eq!(raw, c, "{qid}");
                    let label = question.choice(c).unwrap().label.fallback();
                    assert_eq!(row[col("value")], label, "{qid}: the label, not the id");
                }
                Some(Value::Choices(cs)) => assert_eq!(raw, &cs.join(";"), "{qid}"),
                Some(Value::YesNo(b)) => {
                    assert_eq!(raw, if *b { "true" } else { "false" }, "{qid}");
                }
                Some(Value::Number(n)) => {
                    assert!((raw.parse::<f64>().unwrap() - *n).abs() < 1e-9, "{qid}");
                }
                Some(Value::Text(t)) => assert_eq!(unprotect(raw), t, "{qid}"),
                Some(Value::Date(d)) => assert_eq!(raw, &d.to_string(), "{qid}"),
            }
            if let Some(level) = scores.indicator(index).and_then(|i| i.level) {
                let exported: f64 = row[col("level")].parse().unwrap();
                assert!(
                    (exported - level).abs() <= 0.05,
                    "{qid}: {exported} vs {level}"
                );
            }
        }
    }
    assert_eq!(
        mission_ids.len(),
        2,
        "two missions, two ids: {mission_ids:?}"
    );
    let formula = rows
        .iter()
        .find(|r| r[col("mission_id")].starts_with("XE-2028") && r[col("question_id")] == "A1.1")
        .unwrap();
    assert!(
        formula[col("note")].starts_with("'=HYPERLINK"),
        "a formula is written as text: {}",
        formula[col("note")]
    );
}

#[test]
fn the_workbook_opens_with_calamine() {
    use calamine::{Data, Reader as _, Xlsx};
    use std::os::unix::fs::PermissionsExt as _;
    let (dir, _, _) = demo_and_followup();
    let out = ok(
        dir.path(),
        &[
            "export",
            "demo/examplia.yaml",
            "followup.yaml",
            "-o",
            "all.xlsx",
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("export written to all.xlsx (xlsx, 2 missions,"),
        "status on standard error: {stderr}"
    );
    assert!(out.stdout.is_empty(), "no data on standard output");
    let path = dir.path().join("all.xlsx");
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    assert_eq!(book.sheet_names(), ["answers", "areas", "missions"]);
    let answers = book.worksheet_range("answers").unwrap();
    let header: Vec<String> = answers
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(header[0], "mission_id");
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let a11: Vec<&[Data]> = answers
        .rows()
        .filter(|r| r[col("question_id")] == "A1.1")
        .collect();
    assert_eq!(a11.len(), 2);
    assert_eq!(a11[0][col("value")], Data::String("1 (formative)".into()));
    assert_eq!(a11[0][col("level")], Data::Float(1.0), "levels are numbers");
    assert_eq!(a11[1][col("value")], Data::String("3 (strategic)".into()));
    let Data::String(note) = &a11[1][col("note")] else {
        panic!("{:?}", a11[1][col("note")])
    };
    assert!(
        note.starts_with("=HYPERLINK"),
        "a string cell, exactly the note: {note}"
    );
    let areas = book.worksheet_range("areas").unwrap();
    assert_eq!(areas.height(), 1 + 2 * 11, "11 areas per mission");
    let missions = book.worksheet_range("missions").unwrap();
    assert_eq!(missions.height(), 3);
    assert_eq!(
        missions.get((1, 0)),
        Some(&Data::String("XE-20270208T074821Z".into()))
    );
}

#[test]
fn the_wide_csv_reads_back_as_numbers() {
    let (dir, demo, followup) = demo_and_followup();
    let out = ok(
        dir.path(),
        &["export", "--wide", "demo/examplia.yaml", "followup.yaml"],
    );
    let (headers, rows) = records(&out.stdout);
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let questionnaire = tana::questionnaire::Questionnaire::embedded();
    assert_eq!(
        headers.len(),
        7 + 2 * questionnaire.questions.len(),
        "a value and a status column per question"
    );
    assert_eq!(rows.len(), 2);
    let mut levels = 0;
    for (row, path) in rows.iter().zip([&demo, &followup]) {
        let (session, _) = store::load(path).unwrap();
        let scores = tana::scoring::score(&questionnaire, &session);
        assert_eq!(row[col("mission_id")], tana::view::mission_id(&session));
        for (index, question) in questionnaire.questions.iter().enumerate() {
            let qid = &question.id;
            let cell = &row[col(qid)];
            let status = &row[col(&format!("{qid}_status"))];
            let answer = session.answer(qid);
            if let Some(indicator) = scores.indicator(index) {
                match indicator.level {
                    Some(level) => {
                        let read: f64 = cell
                            .parse()
                            .unwrap_or_else(|e| panic!("{qid} {cell:?}: {e}"));
                        assert!((read - level).abs() <= 0.05, "{qid}: {read} vs {level}");
                        levels += 1;
                    }
                    None => assert_eq!(cell, "", "{qid} ({status}) is not scored"),
                }
                continue;
            }
            let answered = answer.is_some_and(|a| a.status == Some(Status::Answered));
            match answer.and_then(|a| a.value.as_ref()).filter(|_| answered) {
                None => assert_eq!(cell, "", "{qid}"),
                Some(Value::Number(n)) => {
                    assert!((cell.parse::<f64>().unwrap() - *n).abs() < 1e-9, "{qid}");
                }
                Some(Value::Choice(c)) => assert_eq!(cell, c, "{qid}: the id"),
                Some(Value::Choices(cs)) => assert_eq!(cell, &cs.join(";"), "{qid}"),
                Some(Value::YesNo(b)) => assert_eq!(cell, &b.to_string(), "{qid}"),
                Some(Value::Text(t)) => assert_eq!(unprotect(cell), t, "{qid}"),
                Some(Value::Date(d)) => assert_eq!(cell, &d.to_string(), "{qid}"),
                Some(Value::Level(l)) => assert_eq!(cell, &l.to_string(), "{qid}"),
            }
        }
    }
    assert!(
        levels > 100,
        "the demo's levels were read as numbers: {levels}"
    );
    let followup_row = &rows[1];
    assert_eq!(followup_row[col("A1.1")], "3");
    assert_eq!(followup_row[col("A1.1_status")], "answered");
    assert_eq!(followup_row[col("A2.1")], "0");
    assert_eq!(followup_row[col("A5.1")], "", "to confirm: not scored");
    assert_eq!(followup_row[col("A5.1_status")], "to confirm");
}

#[test]
fn the_wide_workbook_and_json_hold_numbers() {
    use calamine::{Data, Reader as _, Xlsx};
    let (dir, _, _) = demo_and_followup();
    let questionnaire = tana::questionnaire::Questionnaire::embedded();
    let headers = records(
        &ok(
            dir.path(),
            &["export", "--wide", "demo/examplia.yaml", "followup.yaml"],
        )
        .stdout,
    )
    .0;
    ok(
        dir.path(),
        &[
            "export",
            "--wide",
            "demo/examplia.yaml",
            "followup.yaml",
            "-o",
            "w.xlsx",
        ],
    );
    let mut book: Xlsx<_> = calamine::open_workbook(dir.path().join("w.xlsx")).unwrap();
    assert_eq!(book.sheet_names(), ["missions", "questions"]);
    let sheet = book.worksheet_range("missions").unwrap();
    let header: Vec<String> = sheet
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(header, headers, "the workbook has the CSV's columns");
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let second = sheet.rows().nth(2).unwrap();
    assert_eq!(
        second[at("A1.1")],
        Data::Float(3.0),
        "a level is a number cell"
    );
    assert_eq!(second[at("A5.1_status")], Data::String("to confirm".into()));
    assert_eq!(second[at("A5.1")], Data::Empty);
    let questions = book.worksheet_range("questions").unwrap();
    let a11 = questions
        .rows()
        .find(|r| r[0] == Data::String("A1.1".into()))
        .unwrap();
    let title = &questionnaire
        .questions
        .iter()
        .find(|q| q.id == "A1.1")
        .unwrap();
    assert_eq!(a11[1], Data::String("A1.1_status".into()));
    assert_eq!(a11[6], Data::String("maturity".into()));
    assert!(
        matches!(&a11[4], Data::String(t) if !t.is_empty()),
        "{title:?}"
    );
    let zip = std::fs::read(dir.path().join("w.xlsx")).unwrap();
    assert!(
        zip.windows(b"xl/comments1.xml".len())
            .any(|w| w == b"xl/comments1.xml"),
        "the headers carry notes"
    );

    ok(
        dir.path(),
        &[
            "export",
            "--wide",
            "demo/examplia.yaml",
            "followup.yaml",
            "-o",
            "w.json",
        ],
    );
    let doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("w.json")).unwrap()).unwrap();
    let m = &doc["missions"][1];
    assert_eq!(m["data"]["A1.1"], serde_json::json!(3.0));
    assert_eq!(m["data"]["A5.1"], serde_json::Value::Null);
    assert_eq!(m["status"]["A5.1"], "to confirm");
    assert_eq!(m["values"]["A1.1"], "3 (strategic)");
}

/// Checks `value` against the parts of JSON Schema that
/// docs/export.schema.json uses (type, const, enum, required, properties,
/// items, additionalProperties), and that every field written is described.
fn conforms(
    value: &serde_json::Value,
    schema: &serde_json::Value,
    at: &str,
    problems: &mut Vec<String>,
) {
    use serde_json::Value as J;
    let type_ok = |t: &str| match t {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        _ => false,
    };
    match &schema["type"] {
        J::String(t) if !type_ok(t) => problems.push(format!("{at}: not {t}: {value}")),
        J::Array(ts) if !ts.iter().any(|t| type_ok(t.as_str().unwrap())) => {
            problems.push(format!("{at}: not any of {ts:?}: {value}"));
        }
        _ => {}
    }
    if let Some(c) = schema.get("const")
        && c != value
    {
        problems.push(format!("{at}: {value} is not {c}"));
    }
    if let Some(J::Array(options)) = schema.get("enum")
        && !options.contains(value)
    {
        problems.push(format!("{at}: {value} not in {options:?}"));
    }
    if let J::Object(object) = value {
        for required in schema["required"].as_array().into_iter().flatten() {
            if !object.contains_key(required.as_str().unwrap()) {
                problems.push(format!("{at}: missing {required}"));
            }
        }
        for (key, item) in object {
            match schema["properties"].get(key) {
                Some(sub) => conforms(item, sub, &format!("{at}.{key}"), problems),
                None => match schema.get("additionalProperties") {
                    Some(sub) if sub.is_object() => {
                        conforms(item, sub, &format!("{at}.{key}"), problems);
                    }
                    _ => problems.push(format!("{at}.{key}: not described in the schema")),
                },
            }
        }
    }
    if let (J::Array(items), Some(sub)) = (value, schema.get("items")) {
        for (i, item) in items.iter().enumerate() {
            if item.is_array() || item.is_object() || sub.get("type").is_some_and(|t| t == "object")
            {
                conforms(item, sub, &format!("{at}[{i}]"), problems);
            } else if let Some(t) = sub["type"].as_str()
                && !match t {
                    "string" => item.is_string(),
                    _ => true,
                }
            {
                problems.push(format!("{at}[{i}]: not {t}"));
            }
        }
    }
}

#[test]
fn the_json_follows_its_schema_in_both_shapes() {
    let (dir, _, _) = demo_and_followup();
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("docs/export.schema.json")).unwrap(),
    )
    .unwrap();
    let printed: serde_json::Value =
        serde_json::from_slice(&ok(dir.path(), &["export", "--schema"]).stdout).unwrap();
    assert_eq!(
        printed, schema,
        "tana export --schema prints the shipped schema"
    );
    for args in [
        &[
            "export",
            "-o",
            "x.json",
            "demo/examplia.yaml",
            "followup.yaml",
        ][..],
        &[
            "export",
            "-o",
            "w.json",
            "--wide",
            "demo/examplia.yaml",
            "followup.yaml",
        ][..],
    ] {
        ok(dir.path(), args);
        let doc: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.path().join(args[2])).unwrap()).unwrap();
        assert_eq!(doc["missions"].as_array().unwrap().len(), 2);
        let mut problems = Vec::new();
        conforms(&doc, &schema, "$", &mut problems);
        assert!(problems.is_empty(), "{args:?}: {problems:#?}");
    }
    let wide: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("w.json")).unwrap()).unwrap();
    let a51 = wide["missions"][1]["values"]["A5.1"].as_str().unwrap();
    assert!(a51.ends_with("(to confirm)"), "{a51}");
    assert_eq!(wide["missions"][1]["values"]["A1.1"], "3 (strategic)");
}

#[test]
fn a_bad_session_is_reported_with_its_place_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["demo", "-o", "demo"]);
    let fixtures = crate::common::fixtures();
    std::fs::copy(
        fixtures.join("bad/session-misfit.yaml"),
        dir.path().join("misfit.yaml"),
    )
    .unwrap();
    std::fs::copy(
        fixtures.join("good/small.yaml"),
        dir.path().join("small.yaml"),
    )
    .unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not yaml: [").unwrap();
    let out = run(
        dir.path(),
        &[
            "export",
            "demo/examplia.yaml",
            "misfit.yaml",
            "notes.txt",
            "-o",
            "out.csv",
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("2 of 3 sessions cannot be read; nothing was written"),
        "{stderr}"
    );
    assert!(
        stderr.contains("misfit.yaml:28:3: the answer to `A1.2`: `jail` is not a choice of `A1.2`"),
        "{stderr}"
    );
    assert!(stderr.contains("notes.txt"), "{stderr}");
    assert!(!dir.path().join("out.csv").exists());
}

#[test]
fn format_and_file_name_must_agree() {
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["demo", "-o", "demo"]);
    let out = run(
        dir.path(),
        &[
            "export",
            "demo/examplia.yaml",
            "--format",
            "json",
            "-o",
            "x.csv",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "a usage error");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--format json but the output file x.csv names a csv file"),
        "{stderr}"
    );
    ok(
        dir.path(),
        &["export", "demo/examplia.yaml", "-o", "x.json"],
    );
    let doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("x.json")).unwrap()).unwrap();
    assert_eq!(doc["tana-export"], 1, "the format comes from the extension");
}

/// The same file twice, a copy of it, and a follow-up mission started from
/// a copy (which keeps `created:`, so the mission id) are refused before
/// anything is written: a pivot on `mission_id` would average two missions.
#[test]
fn one_mission_id_per_mission_or_nothing_is_written() {
    let (dir, demo, _) = demo_and_followup();
    std::fs::copy(&demo, dir.path().join("copy.yaml")).unwrap();
    for (args, code, said) in [
        (
            &[
                "export",
                "demo/examplia.yaml",
                "./demo/examplia.yaml",
                "-o",
                "x.csv",
            ][..],
            2,
            "demo/examplia.yaml and ./demo/examplia.yaml are the same file; give each session once",
        ),
        (
            &["compare", "demo/examplia.yaml", "demo/examplia.yaml"][..],
            2,
            "demo/examplia.yaml is given twice",
        ),
        (
            &["export", "demo/examplia.yaml", "copy.yaml", "-o", "x.csv"][..],
            2,
            "demo/examplia.yaml and copy.yaml are the same mission (XE-20270208T074821Z, the same save: one is a copy of the other)",
        ),
    ] {
        let out = run(dir.path(), args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {stderr}");
        assert!(stderr.contains(said), "{args:?}: {stderr}");
    }
    // A follow-up started from a copy: different answers, the same created.
    let (mut session, _) = store::load(&demo).unwrap();
    session
        .answer_mut("A1.1", "2028-03-07T09:00:00Z".parse().unwrap())
        .value = Some(Value::Level(3));
    let later = dir.path().join("later.yaml");
    drop(Store::create(&later, &mut session).unwrap());
    for command in ["export", "compare"] {
        let out = run(
            dir.path(),
            &[command, "demo/examplia.yaml", "later.yaml", "-o", "x.csv"],
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{command}: {stderr}");
        for part in [
            "demo/examplia.yaml and later.yaml have the same mission id XE-20270208T074821Z but are different sessions",
            "`created:` line",
            "`# tana-checksum: edited`",
        ] {
            assert!(stderr.contains(part), "{command}: {part}: {stderr}");
        }
    }
    assert!(!dir.path().join("x.csv").exists(), "nothing was written");
    // The follow-up given its own id, as the message says: accepted.
    let (mut session, _) = store::load(&later).unwrap();
    session.created = "2028-03-06T08:00:00Z".parse().unwrap();
    std::fs::remove_file(&later).unwrap();
    drop(Store::create(&later, &mut session).unwrap());
    ok(
        dir.path(),
        &["export", "demo/examplia.yaml", "later.yaml", "-o", "x.csv"],
    );
}

/// The format from the extension, without regard to case, for export and
/// compare alike; an extension tana does not write is a usage error.
#[test]
fn the_extension_names_the_format_in_any_case_or_is_refused() {
    let (dir, _, _) = demo_and_followup();
    let two = ["demo/examplia.yaml", "followup.yaml"];
    ok(dir.path(), &["export", two[0], "-o", "OUT.XLSX"]);
    ok(dir.path(), &["compare", two[0], two[1], "-o", "CMP.XLSX"]);
    ok(dir.path(), &["compare", two[0], two[1], "-o", "CMP.Json"]);
    for file in ["OUT.XLSX", "CMP.XLSX"] {
        let bytes = std::fs::read(dir.path().join(file)).unwrap();
        assert!(bytes.starts_with(b"PK"), "{file} is a workbook (a zip)");
    }
    let json = std::fs::read_to_string(dir.path().join("CMP.Json")).unwrap();
    assert!(json.starts_with("{\n  \"tana-compare\": 1"), "{json}");
    for (args, said) in [
        (
            &["export", two[0], "-o", "out.tsv"][..],
            "tana cannot write a .tsv file (out.tsv); name the file .csv, .xlsx or .json, or give --format",
        ),
        (&["export", two[0], "-o", "out.pdf"][..], "a .pdf file"),
        (
            &["compare", two[0], two[1], "-o", "cmp.html"][..],
            "name the file .md, .csv, .xlsx or .json",
        ),
        (
            &[
                "compare", two[0], two[1], "--format", "csv", "-o", "cmp.XLSX",
            ][..],
            "--format csv but the output file cmp.XLSX names a xlsx file",
        ),
    ] {
        let out = run(dir.path(), args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(said), "{args:?}: {stderr}");
    }
    for file in ["out.tsv", "out.pdf", "cmp.html"] {
        assert!(!dir.path().join(file).exists(), "{file}");
    }
    // --format says what is meant, whatever the name; no extension: the default.
    ok(
        dir.path(),
        &["export", two[0], "--format", "CSV", "-o", "answers.txt"],
    );
    ok(dir.path(), &["compare", two[0], two[1], "-o", "plain"]);
    let md = std::fs::read_to_string(dir.path().join("plain")).unwrap();
    assert!(md.starts_with("# Missions compared"), "{md}");
}

/// A CSV file starts with a byte-order mark (for Excel) that the `csv`
/// crate, as pandas and `DuckDB`, reads as UTF-8; standard output has none.
/// Multiple-choice labels, which hold commas, are split by `; `.
#[test]
fn a_csv_file_has_a_bom_and_multiple_choices_split() {
    let (dir, _, _) = demo_and_followup();
    ok(dir.path(), &["export", "demo/examplia.yaml", "-o", "a.csv"]);
    let bytes = std::fs::read(dir.path().join("a.csv")).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBFmission_id,"),
        "{:?}",
        &bytes[..20]
    );
    let piped = ok(dir.path(), &["export", "demo/examplia.yaml"]).stdout;
    assert!(
        piped.starts_with(b"mission_id,"),
        "no mark on standard output"
    );
    assert_eq!(&bytes[3..], &piped[..], "the same CSV otherwise");
    let mut reader = csv::Reader::from_reader(&bytes[..]);
    let headers = reader.headers().unwrap().clone();
    assert_eq!(
        &headers[0], "mission_id",
        "the mark is not part of the header"
    );
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let multi: Vec<csv::StringRecord> = reader
        .records()
        .map(Result::unwrap)
        .filter(|r| &r[column("kind")] == "multi" && !r[column("value_raw")].is_empty())
        .collect();
    assert!(!multi.is_empty(), "the demo answers a multiple choice");
    for r in &multi {
        let labels: Vec<&str> = r[column("value")].split("; ").collect();
        let ids: Vec<&str> = r[column("value_raw")].split(';').collect();
        assert_eq!(labels.len(), ids.len(), "one label per choice: {r:?}");
    }
    ok(
        dir.path(),
        &[
            "compare",
            "demo/examplia.yaml",
            "followup.yaml",
            "-o",
            "c.csv",
        ],
    );
    let bytes = std::fs::read(dir.path().join("c.csv")).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBFmission_id,"),
        "compare's CSV too"
    );
}

/// Writing into a folder that does not exist names the file asked for and
/// its folder, not the temporary file nor the system's error code.
#[test]
fn a_missing_folder_is_said_plainly() {
    let (dir, _, _) = demo_and_followup();
    let out = run(
        dir.path(),
        &["export", "demo/examplia.yaml", "-o", "nowhere/x.csv"],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(
        stderr,
        "tana: error: cannot write nowhere/x.csv: the folder nowhere does not exist\n"
    );
}

/// A session edited by hand is said to be once per file, not twice.
#[test]
fn an_edited_session_is_noted_once() {
    let (dir, _, followup) = demo_and_followup();
    let text = std::fs::read_to_string(&followup).unwrap();
    let (first, rest) = text.split_once('\n').unwrap();
    assert!(first.starts_with("# tana-checksum: sha256:"), "{first}");
    std::fs::write(&followup, format!("# tana-checksum: edited\n{rest}")).unwrap();
    let out = ok(
        dir.path(),
        &[
            "export",
            "demo/examplia.yaml",
            "followup.yaml",
            "-o",
            "x.csv",
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("edited by hand").count(), 1, "{stderr}");
}
