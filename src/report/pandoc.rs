//! Word and PDF through pandoc, when it is installed. The report's Markdown
//! is read by pandoc (`markdown`, with its YAML metadata: title, authors,
//! date), the word joiners tana writes after `@` for GitHub are taken out of
//! the text, the title heading becomes the document's title and the
//! sections Word's first-level headings, and the document is written with an
//! embedded reference document for styles (`templates/reference.docx`,
//! made by `tools/make-reference-docx.py`). Tables keep the column widths
//! the Markdown's separator rows give them ([`super::markdown::fit_table_rules`]).
//! Everything happens in a private temporary folder, removed afterwards.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context as _, Result, bail};

use super::Format;
use super::markdown::strip_joiners;

/// The styles of the Word report.
pub const REFERENCE_DOCX: &[u8] = include_bytes!("../../templates/reference.docx");

/// What to say when pandoc is missing.
pub const MISSING: &str = "pandoc is not installed, and tana needs it for Word and PDF reports. \
Install it (Debian or Ubuntu: `sudo apt install pandoc`; macOS: `brew install pandoc`; \
Windows: `winget install pandoc`; anywhere with Python: `pip install pypandoc_binary`), \
or set TANA_PANDOC to its path; or write the report with --format md or --format html. \
Nothing was written.";

/// PDF engines pandoc can use, in the order tried.
const PDF_ENGINES: [&str; 7] = [
    "typst",
    "weasyprint",
    "wkhtmltopdf",
    "tectonic",
    "xelatex",
    "lualatex",
    "pdflatex",
];

/// The pandoc program: `TANA_PANDOC` when set, else `pandoc` on `PATH`.
pub fn find() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("TANA_PANDOC").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path)).filter(|p| p.is_file());
    }
    on_path("pandoc")
}

fn on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

/// The first PDF engine installed.
pub fn pdf_engine() -> Option<&'static str> {
    PDF_ENGINES.into_iter().find(|e| on_path(e).is_some())
}

/// Runs pandoc in `dir` with `input` on its standard input.
fn run(program: &Path, dir: &Path, args: &[&str], input: &[u8]) -> Result<Vec<u8>> {
    let mut child = Command::new(program)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("running {}", program.display()))?;
    let mut stdin = child.stdin.take().context("pandoc's input")?;
    let input = input.to_vec();
    let feeder = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().context("waiting for pandoc")?;
    let fed = feeder
        .join()
        .map_err(|_| anyhow::anyhow!("feeding pandoc"))?;
    if !output.status.success() {
        bail!(
            "pandoc failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    fed.context("feeding pandoc")?;
    Ok(output.stdout)
}

/// Removes the joiners from every text node of a pandoc JSON document.
fn strip(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            if map.get("t").and_then(Value::as_str) == Some("Str")
                && let Some(Value::String(text)) = map.get_mut("c")
            {
                let stripped = strip_joiners(text).into_owned();
                *text = stripped;
            }
            for child in map.values_mut() {
                strip(child);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(strip),
        _ => {}
    }
}

/// Converts the report's Markdown (its images named in `resources`) to
/// Word or PDF, and returns the document's bytes.
pub fn convert(
    program: &Path,
    markdown: &str,
    resources: &[(&str, &[u8])],
    format: Format,
) -> Result<Vec<u8>> {
    // A private folder (0700, unpredictable name), removed when dropped.
    let scratch = tempfile::Builder::new()
        .prefix("tana-pandoc-")
        .tempdir()
        .context("creating a temporary folder for pandoc")?;
    let dir = scratch.path();
    for (name, bytes) in resources {
        std::fs::write(dir.join(name), bytes)
            .with_context(|| format!("writing {name} for pandoc"))?;
    }
    let json = run(
        program,
        dir,
        &[
            "-f",
            "markdown",
            "-t",
            "json",
            "--shift-heading-level-by=-1",
        ],
        markdown.as_bytes(),
    )?;
    let mut document: serde_json::Value =
        serde_json::from_slice(&json).context("reading pandoc's document")?;
    strip(&mut document);
    let document = serde_json::to_vec(&document).context("writing pandoc's document")?;
    let (out, mut args) = match format {
        Format::Docx => {
            std::fs::write(dir.join("reference.docx"), REFERENCE_DOCX)
                .context("writing the reference document")?;
            (
                "report.docx",
                vec!["--reference-doc=reference.docx".to_string()],
            )
        }
        Format::Pdf => {
            let engine = pdf_engine().ok_or_else(|| {
                anyhow::anyhow!(
                    "no PDF engine is installed for pandoc (tana tries {}); install one, \
                     or write a Word report (--format docx) and print it to PDF. Nothing was written.",
                    PDF_ENGINES.join(", ")
                )
            })?;
            let mut args = vec![
                format!("--pdf-engine={engine}"),
                "-V".into(),
                "papersize=a4".into(),
                "-V".into(),
                "geometry:margin=2cm".into(),
            ];
            if matches!(engine, "weasyprint" | "wkhtmltopdf") {
                // HTML engines: the HTML report's own stylesheet (print rules, tables).
                std::fs::write(dir.join("report.css"), super::html::STYLE)
                    .context("writing the stylesheet")?;
                args.push("--css=report.css".into());
            }
            ("report.pdf", args)
        }
        Format::Md | Format::Html => bail!("pandoc makes only Word and PDF reports"),
    };
    args.splice(
        0..0,
        ["-f", "json", "-o", out, "--resource-path=."].map(String::from),
    );
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run(program, dir, &args, &document)?;
    std::fs::read(dir.join(out)).with_context(|| format!("reading pandoc's {out}"))
}
