//! The rows of `faults.md` about the report ("Output", "Templates", and the
//! e-mail row of "Text typed by the assessor"), one test each, named after
//! its row, run on the real binary and real files; the formats tana writes
//! (HTML itself, Word and PDF through pandoc when it is installed).

use std::os::unix::fs::{FileTypeExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::common::tana_bin;

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(tana_bin())
        .args(args)
        .current_dir(dir)
        .env("XDG_DATA_HOME", dir.join("data"))
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn tana(dir: &Path, args: &[&str]) -> Output {
    let output = run(dir, args);
    assert!(
        output.status.success(),
        "tana {args:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// A folder holding the demo session.
fn demo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    tana(dir.path(), &["demo", "-o", "demo"]);
    dir
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// What tana said about the files it wrote (on standard error, so that
/// standard output holds only data).
fn status(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn pandoc() -> Option<PathBuf> {
    tana::report::pandoc::find()
}

#[test]
fn o_naming_a_fifo_is_written_through_never_replaced_by_a_regular_file() {
    let dir = demo();
    let fifo = dir.path().join("pipe");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    tana(dir.path(), &["report", "demo/examplia.yaml", "-o", "pipe"]);
    let received = reader.join().unwrap();
    assert!(
        !dir.path().join("pipe-assets").exists(),
        "no chart folder beside a FIFO"
    );
    assert!(
        received.contains("# Technical-assistance needs assessment"),
        "{received}"
    );
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo(),
        "the FIFO is still a FIFO"
    );
}

#[test]
fn o_naming_a_device_is_written_through_never_replaced_by_a_regular_file() {
    let dir = demo();
    let output = tana(
        dir.path(),
        &["report", "demo/examplia.yaml", "-o", "/dev/null"],
    );
    assert!(status(&output).contains("/dev/null"), "{}", status(&output));
    let meta = std::fs::symlink_metadata("/dev/null").unwrap();
    assert!(
        meta.file_type().is_char_device(),
        "/dev/null is still a device"
    );
}

#[test]
fn o_naming_a_symbolic_link_writes_its_target_and_keeps_the_link() {
    let dir = demo();
    std::fs::create_dir(dir.path().join("stick")).unwrap();
    std::fs::write(dir.path().join("stick/report.md"), "").unwrap();
    std::os::unix::fs::symlink("stick/report.md", dir.path().join("link.md")).unwrap();
    // A report tana never wrote is kept aside: here it is empty, so nothing to keep.
    std::fs::remove_file(dir.path().join("stick/report.md")).unwrap();
    tana(
        dir.path(),
        &["report", "demo/examplia.yaml", "-o", "link.md"],
    );
    let link = std::fs::symlink_metadata(dir.path().join("link.md")).unwrap();
    assert!(link.file_type().is_symlink(), "the link stays a link");
    let report = std::fs::read_to_string(dir.path().join("stick/report.md")).unwrap();
    assert!(report.contains("# Technical-assistance needs assessment"));
    assert_eq!(mode(&dir.path().join("stick/report.md")), 0o600);
}

#[test]
fn o_dash_writes_the_report_on_standard_output() {
    let dir = demo();
    let before: Vec<_> = std::fs::read_dir(dir.path().join("demo"))
        .unwrap()
        .collect();
    let output = tana(dir.path(), &["report", "demo/examplia.yaml", "-o", "-"]);
    let text = stdout(&output);
    assert!(
        text.starts_with("---\ntitle:"),
        "{}",
        &text[..100.min(text.len())]
    );
    assert!(text.contains("## Annex A: all answers"));
    assert!(
        !text.contains("report written"),
        "nothing but the report on standard output"
    );
    assert!(
        !text.contains("-assets/levels.svg"),
        "no link to a chart that was not written"
    );
    let after: Vec<_> = std::fs::read_dir(dir.path().join("demo"))
        .unwrap()
        .collect();
    assert_eq!(before.len(), after.len(), "no file written");
    let html = tana(
        dir.path(),
        &[
            "report",
            "demo/examplia.yaml",
            "-o",
            "-",
            "--format",
            "html",
        ],
    );
    assert!(stdout(&html).starts_with("<!DOCTYPE html>"));
}

#[test]
fn a_report_the_assessor_edited_by_hand_written_again_is_kept_aside() {
    let dir = demo();
    let report = dir.path().join("demo/examplia-report.md");
    let edited = std::fs::read_to_string(&report).unwrap().replace(
        "## Executive summary",
        "## Executive summary\n\nThe mission found a committed ministry.",
    );
    std::fs::write(&report, &edited).unwrap();
    let output = tana(dir.path(), &["report", "demo/examplia.yaml"]);
    let aside = dir.path().join("demo/examplia-report.edited.md");
    assert!(
        status(&output).contains("kept as demo/examplia-report.edited.md"),
        "the user is told where: {}",
        status(&output)
    );
    assert_eq!(
        std::fs::read_to_string(&aside).unwrap(),
        edited,
        "the edit is kept"
    );
    assert_eq!(mode(&aside), 0o600);
    let fresh = std::fs::read_to_string(&report).unwrap();
    assert!(!fresh.contains("committed ministry"));
    // Written again untouched: nothing to keep.
    let again = tana(dir.path(), &["report", "demo/examplia.yaml"]);
    assert!(!status(&again).contains("kept as"), "{}", status(&again));
    // `--force` replaces an edited report.
    std::fs::write(&report, "edited again").unwrap();
    let forced = tana(dir.path(), &["report", "demo/examplia.yaml", "--force"]);
    assert!(!status(&forced).contains("kept as"));
    assert!(!dir.path().join("demo/examplia-report.edited-2.md").exists());
    assert!(
        std::fs::read_to_string(&report)
            .unwrap()
            .contains("## Executive summary")
    );
}

#[test]
fn a_report_edited_by_hand_is_kept_aside_by_the_demo_too() {
    let dir = demo();
    let report = dir.path().join("demo/examplia-report.md");
    std::fs::write(&report, "my notes").unwrap();
    let output = tana(dir.path(), &["demo", "-o", "demo"]);
    assert!(status(&output).contains("kept as"), "{}", status(&output));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("demo/examplia-report.edited.md")).unwrap(),
        "my notes"
    );
}

#[test]
fn report_files_are_readable_by_the_owner_only() {
    let dir = demo();
    assert_eq!(mode(&dir.path().join("demo/examplia-report.md")), 0o600);
    assert_eq!(mode(&dir.path().join("demo/examplia-report-assets")), 0o700);
    assert_eq!(
        mode(&dir.path().join("demo/examplia-report-assets/levels.svg")),
        0o600
    );
    tana(
        dir.path(),
        &["report", "demo/examplia.yaml", "-o", "r.html"],
    );
    assert_eq!(mode(&dir.path().join("r.html")), 0o600);
}

#[test]
fn a_symbolic_link_inside_the_template_folder_pointing_outside_it_is_refused() {
    let dir = demo();
    let templates = dir.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    std::fs::write(dir.path().join("secret.txt"), "SECRET CONTENT").unwrap();
    std::os::unix::fs::symlink("../secret.txt", templates.join("_part.md.j2")).unwrap();
    std::fs::write(
        templates.join("main.md.j2"),
        "# {{ state.name }}\n\n{% include \"_part.md.j2\" %}\n",
    )
    .unwrap();
    let output = run(
        dir.path(),
        &[
            "report",
            "demo/examplia.yaml",
            "--template",
            "templates/main.md.j2",
            "-o",
            "out.md",
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("outside the template folder"),
        "{}",
        stderr(&output)
    );
    assert!(!stderr(&output).contains("SECRET CONTENT"));
    assert!(!dir.path().join("out.md").exists(), "nothing written");
    // A link that stays inside the folder is fine.
    std::fs::write(templates.join("real.md.j2"), "inside").unwrap();
    std::fs::remove_file(templates.join("_part.md.j2")).unwrap();
    std::os::unix::fs::symlink("real.md.j2", templates.join("_part.md.j2")).unwrap();
    tana(
        dir.path(),
        &[
            "report",
            "demo/examplia.yaml",
            "--template",
            "templates/main.md.j2",
            "-o",
            "out.md",
        ],
    );
    assert!(
        std::fs::read_to_string(dir.path().join("out.md"))
            .unwrap()
            .contains("inside")
    );
}

#[test]
fn an_e_mail_address_or_a_bare_url_in_a_note_is_inert_in_every_renderer() {
    let dir = demo();
    let session = dir.path().join("demo/examplia.yaml");
    let text = std::fs::read_to_string(&session).unwrap();
    // A note holding addresses, written into the session by hand (and
    // declared so on the checksum line, as docs/session-format.md says).
    let marker = "Contact jane.doe@example.org, www.example.org or https://example.org/x.";
    let text = text.replacen("note: |-\n", &format!("note: |-\n      {marker}\n"), 1);
    std::fs::write(dir.path().join("mail.yaml"), unseal(&text)).unwrap();
    let output = tana(dir.path(), &["report", "mail.yaml", "-o", "-"]);
    let markdown = stdout(&output);
    assert!(
        markdown.contains("jane.doe@\u{2060}example.org"),
        "the address carries its joiner"
    );
    let mut options = comrak::Options::default();
    options.extension.autolink = true;
    options.extension.table = true;
    options.extension.front_matter_delimiter = Some("---".into());
    let arena = comrak::Arena::new();
    let root = comrak::parse_document(&arena, &markdown, &options);
    for node in root.descendants() {
        // The references key links tana's own verified table; nothing else links.
        if let comrak::nodes::NodeValue::Link(link) = &node.data().value
            && link.url.contains("example.org")
        {
            panic!("GitHub would make a link to {}", link.url);
        }
    }
}

/// The session text with its checksum replaced by `edited` (a hand edit).
fn unseal(text: &str) -> String {
    let (first, rest) = text.split_once('\n').unwrap();
    let Some(start) = first.find("sha256:") else {
        return text.to_string();
    };
    let end = first[start..].find(' ').map_or(first.len(), |e| start + e);
    format!("{}edited{}\n{rest}", &first[..start], &first[end..])
}

#[test]
fn the_output_extension_chooses_the_format_and_a_mismatch_is_refused() {
    let dir = demo();
    tana(
        dir.path(),
        &["report", "demo/examplia.yaml", "-o", "r.html"],
    );
    let html = std::fs::read_to_string(dir.path().join("r.html")).unwrap();
    assert!(
        html.starts_with("<!DOCTYPE html>") && html.contains("<svg"),
        "the chart is inline"
    );
    assert!(
        !dir.path().join("r-assets").exists(),
        "an HTML report needs no assets folder"
    );
    let output = run(
        dir.path(),
        &[
            "report",
            "demo/examplia.yaml",
            "-o",
            "r.md",
            "--format",
            "docx",
        ],
    );
    assert_eq!(output.status.code(), Some(2), "a usage error");
    assert!(
        stderr(&output).contains("make them agree"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn word_without_pandoc_says_how_to_install_it_and_writes_nothing() {
    let dir = demo();
    let output = Command::new(tana_bin())
        .args(["report", "demo/examplia.yaml", "--format", "docx"])
        .current_dir(dir.path())
        .env("PATH", "")
        .env_remove("TANA_PANDOC")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(message.contains("pandoc is not installed"), "{message}");
    assert!(
        message.contains("apt install pandoc") && message.contains("--format html"),
        "{message}"
    );
    assert!(
        !dir.path().join("demo/examplia-report.docx").exists(),
        "nothing written"
    );
}

/// pandoc's reading of a Word file as JSON.
fn docx_as_json(pandoc: &Path, docx: &Path) -> serde_json::Value {
    let output = Command::new(pandoc)
        .args(["-f", "docx", "-t", "json"])
        .arg(docx)
        .output()
        .unwrap();
    assert!(output.status.success());
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn the_word_report_round_trips_through_pandoc_with_fitted_columns() {
    let Some(pandoc) = pandoc() else {
        eprintln!("skipped: pandoc is not installed (the Word round trip needs it)");
        return;
    };
    let dir = demo();
    let output = tana(
        dir.path(),
        &["report", "demo/examplia.yaml", "--format", "docx"],
    );
    let docx = dir.path().join("demo/examplia-report.docx");
    assert!(status(&output).contains("examplia-report.docx"));
    assert_eq!(mode(&docx), 0o600);
    let plain = Command::new(&pandoc)
        .args(["-f", "docx", "-t", "plain", "--wrap=none"])
        .arg(&docx)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&plain.stdout);
    for expected in [
        "Executive summary",
        "Republic of Examplia",
        "Annex A: all answers",
        "M. Okafor-Lindqvist",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} is in the Word report"
        );
    }
    assert!(!text.contains('\u{2060}'), "no joiner in the Word report");
    let json = docx_as_json(&pandoc, &docx);
    assert_eq!(
        json["meta"]["title"]["c"][0]["c"], "Technical-assistance",
        "the title is the document's title: {}",
        json["meta"]["title"]
    );
    let mut unequal = 0;
    let mut tables = 0;
    for block in json["blocks"].as_array().unwrap() {
        if block["t"] != "Table" {
            continue;
        }
        tables += 1;
        let widths: Vec<f64> = block["c"][2]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|spec| spec[1]["c"].as_f64())
            .collect();
        if widths.len() > 1 && widths.iter().any(|w| (w - widths[0]).abs() > 0.01) {
            unequal += 1;
        }
    }
    assert!(tables >= 8, "{tables} tables");
    assert!(
        unequal >= tables / 2,
        "column widths follow their content: {unequal} of {tables} tables have unequal columns"
    );
}

#[test]
fn the_pdf_report_is_made_when_an_engine_is_installed() {
    let Some(_) = pandoc() else {
        eprintln!("skipped: pandoc is not installed");
        return;
    };
    let dir = demo();
    let output = run(
        dir.path(),
        &["report", "demo/examplia.yaml", "--format", "pdf"],
    );
    let pdf = dir.path().join("demo/examplia-report.pdf");
    if tana::report::pandoc::pdf_engine().is_none() {
        assert_eq!(output.status.code(), Some(1));
        assert!(
            stderr(&output).contains("no PDF engine"),
            "{}",
            stderr(&output)
        );
        assert!(!pdf.exists());
        eprintln!("skipped the PDF itself: no PDF engine is installed");
        return;
    }
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
}
