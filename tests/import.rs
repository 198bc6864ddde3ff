//! `tana import` on a corpus: forms of our own making (tests/fixtures/xlsform,
//! Markdown, written out as .xlsx by `rust_xlsxwriter` and as CSV in the
//! tests) covering every mapping and every reported construct, and the
//! public test forms of pyxform (tests/fixtures/xlsform/pyxform, BSD-2).
//! Snapshots of the YAML and of the located messages; every imported form
//! loads through the questionnaire validator; the same form in every shape
//! gives the same questionnaire; exit statuses and file safety end to end.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use proptest::prelude::*;
use tana::questionnaire::Questionnaire;
use tana::xlsform::book::{At, Cell, Place, Row, Shape, Sheet, Workbook, column_letters};
use tana::xlsform::{self, Imported, Origin, read};

use crate::common::{fixtures, tana_bin};

fn corpus() -> PathBuf {
    fixtures().join("xlsform")
}

fn import_paths(paths: &[PathBuf]) -> Result<Imported, String> {
    let book = read::read(paths).map_err(|e| format!("{e:?}"))?;
    import_book(&book, &paths[0])
}

fn import_book(book: &Workbook, path: &Path) -> Result<Imported, String> {
    let file = path.file_name().unwrap().to_string_lossy().into_owned();
    let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
    xlsform::import(
        book,
        &Origin {
            file: &file,
            stem: &stem,
        },
    )
    .map_err(|e| format!("{e:?}"))
}

fn import(name: &str) -> Imported {
    import_paths(&[corpus().join(name)]).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The located messages, as `tana import` prints them (without the file).
fn messages(imported: &Imported) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for f in &imported.findings {
        let _ = writeln!(
            out,
            "{}: {}{}",
            xlsform::place(f),
            tana::words::xlsform::prefix(f.what.severity()),
            tana::words::xlsform::finding(f)
        );
    }
    out
}

/// The YAML after the header comment (the header names the file and its shape).
fn body(imported: &Imported) -> &str {
    let start = imported
        .yaml
        .find("tana-questionnaire:")
        .expect("the questionnaire follows the header");
    &imported.yaml[start..]
}

fn snapshot_text(imported: &Imported) -> String {
    format!("{}\n---- findings\n{}", imported.yaml, messages(imported))
}

#[test]
fn every_mapping_carries_over() {
    let imported = import("mapping.md");
    insta::assert_snapshot!("mapping", snapshot_text(&imported));
    let q = &imported.questionnaire;
    assert_eq!(q.id, "mapping_check");
    assert_eq!(q.version, "2026.1");
    assert_eq!(q.languages, ["fr", "en"]);
    let kind = |id: &str| q.question(id).unwrap().kind.name();
    assert_eq!(kind("has_law"), "yesno");
    assert_eq!(kind("law_level"), "maturity");
    assert_eq!(kind("law_year"), "number");
    assert_eq!(kind("bodies"), "multi");
    assert_eq!(kind("met_on"), "date");
    assert!(q.question("coordination").unwrap().indicator);
    assert_eq!(
        q.question("law_year").unwrap().when_text.as_deref(),
        Some("respondent is answered and has_law == yes and law_level >= 2")
    );
    assert_eq!(
        q.question("period")
            .unwrap()
            .kind
            .choices()
            .last()
            .unwrap()
            .id,
        "other"
    );
    assert_eq!(q.stats().scored_sections, 2);
    // One condition does not carry over (an order on unscored levels).
    let lost: Vec<_> = imported
        .findings
        .iter()
        .filter(|f| f.what.severity() == xlsform::Severity::Lost)
        .map(|f| f.what.code())
        .collect();
    assert_eq!(lost, ["relevant"]);
}

#[test]
fn every_reported_construct_is_located() {
    let imported = import("reported.md");
    insta::assert_snapshot!("reported", snapshot_text(&imported));
    let codes: std::collections::BTreeSet<&str> =
        imported.findings.iter().map(|f| f.what.code()).collect();
    for code in [
        "sheet",
        "column",
        "media",
        "appearance",
        "constraint",
        "constraint_message",
        "required_condition",
        "required_message",
        "calculation",
        "default",
        "read_only",
        "choice_filter",
        "repeat",
        "repeat_count",
        "relevant",
        "group_relevant",
        "note_relevant",
        "dropped",
        "as_text",
        "as_kind",
        "parameters",
        "setting",
        "list_missing",
        "list_too_short",
        "duplicate_choice",
        "choice_without_name",
        "choice_without_list",
        "score",
        "label_references",
        "trigger",
        "end_without_begin",
        "empty_group",
        "row_without_type",
        "note_lost",
        "nested_group",
        "group_not_closed",
        "language_code",
        "unused_list",
        "no_version",
        "no_form_id",
    ] {
        assert!(codes.contains(code), "no `{code}` finding in {codes:?}");
    }
    // The calculation row's own `calculation` cell is part of the dropped row.
    assert!(
        imported
            .findings
            .iter()
            .all(|f| f.at.sheet != "survey" || f.at.place != Place::Sheet)
    );
}

/// The pyxform forms snapshotted (a representative subset of the corpus:
/// old and new spellings, every shape, groups, repeats, languages, media).
#[test]
fn pyxform_forms_snapshots() {
    for name in [
        "tutorial.xls",
        "xlsform_spec_test.xlsx",
        "widgets.csv",
        "case_insensitivity.md",
        "loop.md",
        "cascading_select_test_equivalent.xls",
        "bug-UCL_Biomass_Plot_Form.xlsx",
    ] {
        let imported = import(&format!("pyxform/{name}"));
        insta::assert_snapshot!(format!("pyxform-{name}"), snapshot_text(&imported));
    }
}

/// The forms of the corpus that are not questionnaires, and why.
const NOT_FORMS: &[(&str, &str)] = &[
    ("pyxform/calculate.xls", "NoQuestion"),
    ("pyxform/hidden.xls", "NoQuestion"),
    ("pyxform/bad_calc.xlsx", "NoQuestion"),
    ("pyxform/bug-bad_calc.xlsx", "NoQuestion"),
    ("pyxform/pull_data.xlsx", "NoQuestion"),
    ("pyxform/survey_no_name.xlsx", "NoSurvey"),
    ("pyxform/fruits.csv", "NoTypeColumn"),
];

#[test]
fn every_corpus_form_imports_into_a_valid_questionnaire() {
    let mut files: Vec<PathBuf> = Vec::new();
    for folder in [corpus(), corpus().join("pyxform")] {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if read::shape_of(&path).is_some() {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(files.len() > 60, "{} forms", files.len());
    let mut imported_count = 0;
    for path in &files {
        let relative = path
            .strip_prefix(corpus())
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let result = import_paths(std::slice::from_ref(path));
        if let Some((_, why)) = NOT_FORMS.iter().find(|(name, _)| *name == relative) {
            let error = result
                .err()
                .unwrap_or_else(|| panic!("{relative} imported"));
            assert!(error.contains(why), "{relative}: {error}");
            continue;
        }
        let imported = result.unwrap_or_else(|e| panic!("{relative}: {e}"));
        // The same check as `tana validate`, on the text written.
        let loaded = Questionnaire::from_source(&imported.yaml)
            .unwrap_or_else(|p| panic!("{relative}: {p:?}"));
        assert_eq!(
            loaded.questions.len(),
            imported.counts.questions,
            "{relative}"
        );
        assert!(imported.yaml.starts_with("# Imported by `tana import`"));
        imported_count += 1;
    }
    assert!(imported_count > 50);
}

/// pyxform ships some forms in several shapes: each gives the same questionnaire.
#[test]
fn the_same_pyxform_form_in_every_shape_gives_the_same_questionnaire() {
    for stem in [
        "group",
        "loop",
        "include",
        "include_json",
        "specify_other",
        "text_and_integer",
        "yes_or_no_question",
        "case_insensitivity",
    ] {
        let mut bodies: Vec<(String, String, Vec<&'static str>)> = Vec::new();
        for extension in ["xls", "xlsx", "md", "csv"] {
            let path = corpus().join(format!("pyxform/{stem}.{extension}"));
            if !path.exists() {
                continue;
            }
            let imported = import_paths(&[path]).unwrap();
            let codes = imported.findings.iter().map(|f| f.what.code()).collect();
            bodies.push((extension.to_string(), body(&imported).to_string(), codes));
        }
        assert!(bodies.len() >= 3, "{stem}: {} shapes", bodies.len());
        for (extension, text, codes) in &bodies[1..] {
            assert_eq!(
                text, &bodies[0].1,
                "{stem}.{extension} differs from {stem}.{}",
                bodies[0].0
            );
            assert_eq!(codes, &bodies[0].2, "{stem}.{extension}");
        }
    }
}

/// Writes a workbook's cells to an .xlsx at the same rows and columns,
/// returning where each cell went.
fn write_xlsx(book: &Workbook, path: &Path) -> HashMap<(String, Place), String> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let mut places = HashMap::new();
    for sheet in &book.sheets {
        let worksheet = workbook.add_worksheet();
        worksheet.set_name(&sheet.name).unwrap();
        for (r, row) in sheet.rows.iter().enumerate() {
            for (c, cell) in row.cells.iter().enumerate() {
                let (r32, c16) = (u32::try_from(r).unwrap(), u16::try_from(c).unwrap());
                if !cell.value.is_empty() {
                    worksheet.write_string(r32, c16, &cell.value).unwrap();
                }
                places.insert(
                    (sheet.name.clone(), cell.place),
                    format!("{}!{}{}", sheet.name, column_letters(u32::from(c16)), r + 1),
                );
            }
            if let Some(place) = row.place {
                places
                    .entry((sheet.name.clone(), place))
                    .or_insert_with(|| format!("{}!A{}", sheet.name, r + 1));
            }
        }
        if let Some(place) = sheet.place {
            places.insert((sheet.name.clone(), place), format!("{}!A1", sheet.name));
        }
    }
    workbook.save(path).unwrap();
    places
}

/// Writes a workbook in pyxform's CSV shape (sheet names in the first column).
fn write_csv(book: &Workbook, path: &Path) {
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .from_path(path)
        .unwrap();
    for sheet in &book.sheets {
        writer.write_record([sheet.name.as_str()]).unwrap();
        for row in &sheet.rows {
            let mut record = vec![String::new()];
            record.extend(row.cells.iter().map(|c| c.value.clone()));
            writer.write_record(&record).unwrap();
        }
    }
    writer.flush().unwrap();
}

#[test]
fn our_forms_as_xlsx_and_csv_give_the_same_questionnaire_and_cells() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["mapping", "reported"] {
        let source = corpus().join(format!("{name}.md"));
        let book = read::read(std::slice::from_ref(&source)).unwrap();
        let from_markdown = import_book(&book, &source).unwrap();

        let xlsx = dir.path().join(format!("{name}.xlsx"));
        let places = write_xlsx(&book, &xlsx);
        let from_xlsx = import_paths(std::slice::from_ref(&xlsx)).unwrap();
        assert_eq!(body(&from_xlsx), body(&from_markdown), "{name}.xlsx");
        assert_eq!(
            from_xlsx.findings.len(),
            from_markdown.findings.len(),
            "{name}.xlsx"
        );
        for (a, b) in from_markdown.findings.iter().zip(&from_xlsx.findings) {
            assert_eq!(a.what, b.what, "{name}.xlsx");
            if a.at.place != Place::Sheet {
                let expected = places
                    .get(&(a.at.sheet.clone(), a.at.place))
                    .unwrap_or_else(|| panic!("{name}: no cell for {:?}", a.at));
                assert_eq!(&b.at.to_string(), expected, "{name}.xlsx: {:?}", a.what);
            }
        }

        let csv = dir.path().join(format!("{name}.csv"));
        write_csv(&book, &csv);
        let from_csv = import_paths(std::slice::from_ref(&csv)).unwrap();
        assert_eq!(body(&from_csv), body(&from_markdown), "{name}.csv");
        let what = |i: &Imported| {
            i.findings
                .iter()
                .map(|f| f.what.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(what(&from_csv), what(&from_markdown), "{name}.csv");

        // One CSV per sheet, each named by its sheet.
        let sub = dir.path().join(name);
        std::fs::create_dir(&sub).unwrap();
        let mut paths = Vec::new();
        for sheet in book.sheets.iter().filter(|s| s.name != "external_choices") {
            let one = Workbook {
                shape: Shape::Csv,
                sheets: vec![sheet.clone()],
                hash: String::new(),
            };
            let path = sub.join(format!("{}.csv", sheet.name));
            let mut writer = csv::WriterBuilder::new()
                .flexible(true)
                .from_path(&path)
                .unwrap();
            for row in &one.sheets[0].rows {
                writer
                    .write_record(row.cells.iter().map(|c| c.value.as_str()))
                    .unwrap();
            }
            writer.flush().unwrap();
            paths.push(path);
        }
        let from_sheets = import_paths(&paths).unwrap();
        let expected = body(&from_markdown).replace(&format!("id: {name}\n"), "id: survey\n");
        let expected = expected.replace(&format!("title: {name}\n"), "title: survey\n");
        assert_eq!(body(&from_sheets), expected, "{name}: one CSV per sheet");
    }
}

fn tana(args: &[&str], dir: &Path) -> std::process::Output {
    Command::new(tana_bin())
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn exit_statuses_and_output_files() {
    let dir = tempfile::tempdir().unwrap();
    let copy = |name: &str, to: &str| {
        std::fs::copy(corpus().join(name), dir.path().join(to)).unwrap();
    };
    copy("pyxform/specify_other.xlsx", "clean.xlsx");
    copy("reported.md", "reported.md");

    // Nothing lost: exit 0, the file beside the form by default.
    let out = tana(&["import", "clean.xlsx"], dir.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written = std::fs::read_to_string(dir.path().join("clean.yaml")).unwrap();
    assert!(written.starts_with("# Imported by `tana import`"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing lost"));

    // Items lost: exit 1, every one located, the file written all the same.
    let out = tana(
        &["import", "reported.md", "-o", "reported.yaml"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("reported.md:8:104: the condition `${total} > 3`"),
        "{stderr}"
    );
    assert!(stderr.contains("61 items did not carry over"), "{stderr}");
    assert!(out.stdout.is_empty(), "status goes to standard error");
    let validate = tana(&["validate", "reported.yaml"], dir.path());
    assert_eq!(
        validate.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&validate.stdout)
    );

    // Never over an existing file without --force (exit 2, file unchanged).
    std::fs::write(dir.path().join("kept.yaml"), "mine\n").unwrap();
    let out = tana(&["import", "clean.xlsx", "-o", "kept.yaml"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("kept.yaml")).unwrap(),
        "mine\n"
    );
    let out = tana(
        &["import", "clean.xlsx", "-o", "kept.yaml", "--force"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(
        std::fs::read_to_string(dir.path().join("kept.yaml"))
            .unwrap()
            .contains("tana-questionnaire: 1")
    );

    // --force onto a symbolic link writes through it: the link stays a link.
    std::fs::write(dir.path().join("target.yaml"), "old\n").unwrap();
    std::os::unix::fs::symlink("target.yaml", dir.path().join("link.yaml")).unwrap();
    let out = tana(
        &["import", "clean.xlsx", "-o", "link.yaml", "--force"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(
        std::fs::symlink_metadata(dir.path().join("link.yaml"))
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link was replaced by a regular file"
    );
    assert!(
        std::fs::read_to_string(dir.path().join("target.yaml"))
            .unwrap()
            .contains("tana-questionnaire: 1")
    );

    // `-o -`: the questionnaire on standard output, messages on standard error.
    let out = tana(&["import", "clean.xlsx", "-o", "-"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.starts_with("# Imported by"));
    Questionnaire::from_source(&stdout).unwrap();

    // Usage errors: exit 2.
    std::fs::write(dir.path().join("form.txt"), "x").unwrap();
    let out = tana(&["import", "form.txt"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains(".xlsx"));
    let out = tana(
        &["import", "clean.xlsx", "-o", "clean.xlsx", "--force"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    let out = tana(&["import"], dir.path());
    assert_eq!(out.status.code(), Some(2));

    // A missing or damaged form: exit 1, nothing written.
    let out = tana(&["import", "missing.xlsx", "-o", "m.yaml"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no such file"));
    std::fs::write(dir.path().join("broken.xlsx"), "PK\x03\x04 not really").unwrap();
    let out = tana(&["import", "broken.xlsx", "-o", "b.yaml"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(!dir.path().join("b.yaml").exists());
}

#[test]
fn validate_names_a_spreadsheet_and_the_import_command() {
    let out = tana(
        &[
            "validate",
            "xlsform/pyxform/tutorial.xls",
            "xlsform/pyxform/group.xlsx",
        ],
        &fixtures(),
    );
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        stdout.matches("looks like a spreadsheet").count(),
        2,
        "{stdout}"
    );
    assert!(stdout.contains("tana import"), "{stdout}");
    assert!(!stdout.contains("UTF-8"), "{stdout}");
}

#[test]
fn import_help_has_examples_and_exit_statuses() {
    let out = tana(&["import", "--help"], &fixtures());
    let help = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "Examples:",
        "tana import household.xlsx",
        "Exit status",
        "--force",
        "standard output",
    ] {
        assert!(help.contains(needle), "{needle}: {help}");
    }
}

// ---- any form at all imports into a questionnaire that loads ----

fn cell(value: String, row: usize, col: usize) -> Cell {
    Cell {
        value,
        place: Place::Cell {
            row: u32::try_from(row).unwrap(),
            col: u32::try_from(col).unwrap(),
        },
    }
}

fn sheet(name: &str, rows: Vec<Vec<String>>) -> Sheet {
    Sheet {
        name: name.into(),
        place: Some(Place::Cell { row: 0, col: 0 }),
        rows: rows
            .into_iter()
            .enumerate()
            .map(|(r, cells)| Row {
                place: Some(Place::Cell {
                    row: u32::try_from(r).unwrap(),
                    col: 0,
                }),
                cells: cells
                    .into_iter()
                    .enumerate()
                    .map(|(c, v)| cell(v, r, c))
                    .collect(),
            })
            .collect(),
    }
}

fn any_type() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("text".to_string()),
        Just("integer".to_string()),
        Just("decimal".to_string()),
        Just("date".to_string()),
        Just("note".to_string()),
        Just("calculate".to_string()),
        Just("select_one l1".to_string()),
        Just("select_one l2".to_string()),
        Just("select_multiple l1".to_string()),
        Just("select_one l0 or_other".to_string()),
        Just("select_one lx".to_string()),
        Just("begin group".to_string()),
        Just("begin repeat".to_string()),
        Just("end group".to_string()),
        Just("end repeat".to_string()),
        Just("geopoint".to_string()),
        Just("range".to_string()),
        "[a-z ]{0,12}",
    ]
}

fn any_name() -> impl Strategy<Value = String> {
    prop_oneof![
        (0..8u8).prop_map(|n| format!("q{n}")),
        Just("is".to_string()),
        Just("1st".to_string()),
        Just(String::new()),
        "[a-zA-Z0-9_ .é-]{1,8}",
    ]
}

fn any_relevant() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        (
            0..8u8,
            prop::sample::select(vec!["=", "!=", ">", ">=", "<"]),
            prop::sample::select(vec!["'yes'", "'0'", "3", "''", "'a'", "'2020-01-01'"])
        )
            .prop_map(|(n, op, v)| format!("${{q{n}}} {op} {v}")),
        (
            0..8u8,
            prop::sample::select(vec!["a", "b", "0", "4", "yes"])
        )
            .prop_map(|(n, v)| format!("selected(${{q{n}}}, '{v}')")),
        (0..8u8, 0..8u8).prop_map(|(a, b)| format!("${{q{a}}} = 'a' or not(${{q{b}}} != '')")),
        "[ -~]{0,20}",
    ]
}

fn any_label() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("yes".to_string()),
        Just("NO".to_string()),
        Just("1.10".to_string()),
        Just("- item: x #y".to_string()),
        Just("multi\nline".to_string()),
        "\\PC{0,20}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn any_form_imports_into_a_questionnaire_that_loads(
        rows in prop::collection::vec((any_type(), any_name(), any_label(), any_label(), any_relevant(), any_label()), 1..25),
        choices in prop::collection::vec((prop::sample::select(vec!["l0", "l1", "l2", ""]), prop::sample::select(vec!["a", "b", "0", "1", "2", "3", "4", "yes", "no", "a b", ""]), any_label(), prop::sample::select(vec!["", "1", "9", "x"])), 0..14),
        default_language in prop::sample::select(vec!["", "fr", "English (en)", "Français (fr)"]),
    ) {
        let mut survey = vec![vec!["type", "name", "label::English (en)", "label::Français (fr)", "relevant", "constraint"].into_iter().map(String::from).collect::<Vec<_>>()];
        for (kind, name, en, fr, relevant, constraint) in rows {
            survey.push(vec![kind, name, en, fr, relevant, constraint]);
        }
        let mut choice_rows = vec![vec!["list_name", "name", "label", "score"].into_iter().map(String::from).collect::<Vec<_>>()];
        for (list, name, label, score) in choices {
            choice_rows.push(vec![list.to_string(), name.to_string(), label, score.to_string()]);
        }
        let settings = vec![
            vec!["form_id".to_string(), "default_language".to_string()],
            vec!["p".to_string(), default_language.to_string()],
        ];
        let book = Workbook {
            shape: Shape::Xlsx,
            sheets: vec![sheet("survey", survey), sheet("choices", choice_rows), sheet("settings", settings)],
            hash: "sha256:test".into(),
        };
        match xlsform::import(&book, &Origin { file: "p.xlsx", stem: "p" }) {
            Ok(imported) => {
                prop_assert!(Questionnaire::from_source(&imported.yaml).is_ok());
                for finding in &imported.findings {
                    let _: &At = &finding.at;
                    prop_assert!(!tana::words::xlsform::finding(finding).is_empty());
                }
            }
            Err(xlsform::ImportError::Form(_)) => {}
            Err(xlsform::ImportError::Invalid(problems)) => {
                prop_assert!(false, "the import wrote an invalid questionnaire: {problems:?}");
            }
        }
    }
}
