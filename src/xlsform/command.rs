//! `tana import`: reads the form, imports it, writes the questionnaire
//! (never over an existing file without `--force`; `-` is standard output)
//! and lists on standard error every cell that did not carry over. Exit 0
//! when nothing was lost, 1 when items were reported (the file is still
//! written) or the form cannot be imported, 2 for usage errors.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result};

use super::book::Shape;
use super::read::{self, ReadError};
use super::{ImportError, Origin, Severity};
use crate::terminal::eprint_line;
use crate::words::xlsform as words;

/// What the command line asked for.
#[derive(Debug, Clone)]
pub struct Args {
    pub forms: Vec<PathBuf>,
    /// `-` for standard output; `None` for FORM with `.yaml` beside it.
    pub output: Option<PathBuf>,
    pub force: bool,
}

fn usage(message: &str) -> ExitCode {
    eprint_line(&format!("tana: error: {message}"));
    ExitCode::from(2)
}

/// Runs `tana import`.
pub fn run(args: &Args) -> Result<ExitCode> {
    let Some(first) = args.forms.first() else {
        return Ok(usage("give the XLSForm to import"));
    };
    let to_stdout = args.output.as_deref() == Some(Path::new("-"));
    let output = match &args.output {
        Some(path) => path.clone(),
        None => first.with_extension("yaml"),
    };
    if !to_stdout {
        if args.forms.iter().any(|f| same_file(f, &output)) {
            return Ok(usage(&format!(
                "the output {} is the form itself; give another -o FILE",
                output.display()
            )));
        }
        if output.symlink_metadata().is_ok() && !args.force {
            return Ok(usage(&format!(
                "{} exists; give --force to replace it, or another -o FILE",
                output.display()
            )));
        }
    }
    let book = match read::read(&args.forms) {
        Ok(book) => book,
        Err(ReadError::Usage(message)) => return Ok(usage(&message)),
        Err(ReadError::Unreadable { file, message }) => {
            anyhow::bail!("{}: {message}", file.display())
        }
    };
    let file_name = first.file_name().map_or_else(
        || first.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let stem = first
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let imported = match super::import(
        &book,
        &Origin {
            file: &file_name,
            stem: &stem,
        },
    ) {
        Ok(imported) => imported,
        Err(ImportError::Form(failure)) => {
            anyhow::bail!("{}: {}", first.display(), words::failure(&failure))
        }
        Err(ImportError::Invalid(problems)) => {
            let listed: Vec<String> = problems
                .iter()
                .map(|p| format!("  line {}, column {}: {}", p.line, p.column, p.message))
                .collect();
            anyhow::bail!(
                "{}: the questionnaire made from this form does not load, which is a bug in tana import; nothing was written. Please report it with the form:\n{}",
                first.display(),
                listed.join("\n")
            )
        }
    };
    for finding in &imported.findings {
        let file = file_of(&args.forms, book.shape, &finding.at.sheet);
        let place = if finding.at.is_text() {
            format!("{}:{}", file.display(), finding.at)
        } else {
            format!("{}: {}", file.display(), finding.at)
        };
        eprint_line(&format!(
            "{place}: {}{}",
            words::prefix(finding.what.severity()),
            words::finding(finding)
        ));
    }
    if to_stdout {
        crate::terminal::print(&imported.yaml)?;
    } else {
        write_new(&output, &imported.yaml, args.force)?;
    }
    let written = if to_stdout {
        "standard output".to_string()
    } else {
        output.display().to_string()
    };
    // Status: silenced by -q (the findings above are always said).
    crate::status::status(&format!(
        "{}: {}",
        first.display(),
        words::summary(imported.counts, &written)
    ));
    let lost = imported
        .findings
        .iter()
        .any(|f| f.what.severity() == Severity::Lost);
    Ok(if lost {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The file a finding is in: with one CSV per sheet, the sheet's file.
fn file_of<'a>(forms: &'a [PathBuf], shape: Shape, sheet: &str) -> &'a Path {
    if forms.len() > 1 && shape == Shape::Csv {
        for form in forms {
            if read::sheet_name_of(form).eq_ignore_ascii_case(sheet) {
                return form;
            }
        }
    }
    &forms[0]
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Writes the file whole or not at all: a temporary file beside it, then
/// renamed into place, refusing to replace a file; with `force`, through
/// [`crate::output`].
fn write_new(path: &Path, text: &str, force: bool) -> Result<()> {
    if force {
        // Replacing what is there goes through the one output path, which
        // writes through a link, streams into a FIFO or device and never
        // swaps either for a regular file (faults.md, "Output").
        crate::output::write(
            &crate::output::Destination::File(path.to_path_buf()),
            text.as_bytes(),
            crate::output::Policy::Overwrite,
        )?;
        return Ok(());
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut temporary = tempfile::NamedTempFile::new_in(folder)
        .with_context(|| format!("creating a file in {}", folder.display()))?;
    // A questionnaire is shared, not secret: readable as a file made by an editor.
    std::fs::set_permissions(
        temporary.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o644),
    )
    .with_context(|| format!("creating a file in {}", folder.display()))?;
    temporary
        .write_all(text.as_bytes())
        .and_then(|()| temporary.as_file().sync_all())
        .with_context(|| format!("writing {}", path.display()))?;
    temporary
        .persist_noclobber(path)
        .map(|_| ())
        .map_err(|e| anyhow::anyhow!("writing {}: {}", path.display(), e.error))?;
    Ok(())
}
