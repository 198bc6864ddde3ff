//! Reading a form file into a [`Workbook`]: `.xlsx`, `.xlsm`, `.xls` and
//! `.ods` through calamine, pyxform's CSV shape (one file with sheet
//! sections, or one file per sheet named by its sheet) and its Markdown
//! tables. Files are read through tana's one safe reader (regular files
//! only, size-limited) before a library sees a byte.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader as _};

use super::book::{Cell, Place, Row, Shape, Sheet, Workbook};

/// The largest form file tana reads (a 5,000-question `XLSForm` is well under 1 MiB).
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// Why a form could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// The command line names something tana cannot read as a form (exit 2).
    Usage(String),
    /// The file is missing, unreadable or damaged (exit 1).
    Unreadable { file: PathBuf, message: String },
}

/// The shape a file's name says it has, if any.
pub fn shape_of(path: &Path) -> Option<Shape> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    match extension.as_str() {
        "xlsx" | "xlsm" => Some(Shape::Xlsx),
        "xls" => Some(Shape::Xls),
        "ods" => Some(Shape::Ods),
        "csv" => Some(Shape::Csv),
        "md" | "markdown" => Some(Shape::Markdown),
        _ => None,
    }
}

/// Reads one form: a workbook, a CSV, a Markdown file, or several CSV
/// files that are one sheet each (`survey.csv`, `choices.csv`,
/// `settings.csv`; a name may also end so: `form-survey.csv`).
pub fn read(paths: &[PathBuf]) -> Result<Workbook, ReadError> {
    let Some(first) = paths.first() else {
        return Err(ReadError::Usage("give the XLSForm to import".into()));
    };
    let shapes: Vec<Option<Shape>> = paths.iter().map(|p| shape_of(p)).collect();
    if let Some((path, _)) = paths.iter().zip(&shapes).find(|(_, s)| s.is_none()) {
        return Err(ReadError::Usage(format!(
            "{} is not a form tana can import: give an .xlsx, .xlsm, .xls or .ods workbook, a .csv or a Markdown (.md) XLSForm",
            path.display()
        )));
    }
    if paths.len() > 1 {
        if shapes.iter().any(|s| *s != Some(Shape::Csv)) {
            return Err(ReadError::Usage(
                "several files make one form only as CSV files, one per sheet (survey.csv choices.csv settings.csv); give one workbook or Markdown file alone".into(),
            ));
        }
        return read_csv_sheets(paths);
    }
    let bytes = bytes_of(first)?;
    let hash = crate::questionnaire::content_hash(&bytes);
    match shapes[0] {
        Some(Shape::Csv) => {
            let text = text_of(first, bytes)?;
            let sheets = super::book::from_csv(&text, &sheet_name_of(first)).map_err(|e| {
                ReadError::Unreadable {
                    file: first.clone(),
                    message: format!("line {}: {}", e.line, e.message),
                }
            })?;
            Ok(Workbook {
                shape: Shape::Csv,
                sheets,
                hash,
            })
        }
        Some(Shape::Markdown) => {
            let text = text_of(first, bytes)?;
            Ok(Workbook {
                shape: Shape::Markdown,
                sheets: super::book::from_markdown(&text),
                hash,
            })
        }
        Some(shape) => workbook(first, bytes, shape, hash),
        None => unreachable!("shapes were checked above"),
    }
}

fn read_csv_sheets(paths: &[PathBuf]) -> Result<Workbook, ReadError> {
    let mut sheets = Vec::new();
    let mut all = Vec::new();
    for path in paths {
        let bytes = bytes_of(path)?;
        all.extend_from_slice(&bytes);
        let text = text_of(path, bytes)?;
        let mut these = super::book::from_csv(&text, &sheet_name_of(path)).map_err(|e| {
            ReadError::Unreadable {
                file: path.clone(),
                message: format!("line {}: {}", e.line, e.message),
            }
        })?;
        sheets.append(&mut these);
    }
    Ok(Workbook {
        shape: Shape::Csv,
        sheets,
        hash: crate::questionnaire::content_hash(&all),
    })
}

/// The sheet a one-sheet CSV file is: the last word of its name
/// (`form-choices.csv` → `choices`), `survey` when that is no sheet's name.
pub fn sheet_name_of(path: &Path) -> String {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let last = stem.rsplit(['-', '_', '.', ' ']).next().unwrap_or("");
    match last {
        "choices" | "settings" | "survey" => last.to_string(),
        _ if stem.ends_with("external_choices") => "external_choices".into(),
        _ => "survey".into(),
    }
}

fn bytes_of(path: &Path) -> Result<Vec<u8>, ReadError> {
    crate::yaml::read_bytes(path, MAX_BYTES).map_err(|e| ReadError::Unreadable {
        file: path.to_path_buf(),
        message: match e {
            crate::yaml::ReadError::TooLarge => format!(
                "the file is larger than the {} MiB limit for a form",
                MAX_BYTES / (1024 * 1024)
            ),
            crate::yaml::ReadError::Refused(problem) => problem.message,
        },
    })
}

fn text_of(path: &Path, bytes: Vec<u8>) -> Result<String, ReadError> {
    crate::yaml::source_from_bytes(bytes).map_err(|p| ReadError::Unreadable {
        file: path.to_path_buf(),
        message: format!("line {}, column {}: {}", p.line, p.column, p.message),
    })
}

fn workbook(
    path: &Path,
    bytes: Vec<u8>,
    shape: Shape,
    hash: String,
) -> Result<Workbook, ReadError> {
    let unreadable = |message: String| ReadError::Unreadable {
        file: path.to_path_buf(),
        message,
    };
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        unreadable(format!(
            "cannot read it as a {} workbook ({e}); is it damaged, or saved in another format?",
            shape.name()
        ))
    })?;
    let shape = match book {
        calamine::Sheets::Xls(_) => Shape::Xls,
        calamine::Sheets::Ods(_) => Shape::Ods,
        calamine::Sheets::Xlsx(_) | calamine::Sheets::Xlsb(_) => Shape::Xlsx,
    };
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| unreadable(format!("cannot read its sheet `{name}`: {e}")))?;
        sheets.push(sheet_of(name, &range));
    }
    Ok(Workbook {
        shape,
        sheets,
        hash,
    })
}

fn sheet_of(name: String, range: &calamine::Range<Data>) -> Sheet {
    let Some((top, left)) = range.start() else {
        return Sheet {
            name,
            rows: Vec::new(),
            place: Some(Place::Cell { row: 0, col: 0 }),
        };
    };
    let mut rows = Vec::with_capacity(range.height() + usize::try_from(top).unwrap_or(0));
    // Rows above the used range are empty: kept, so that row numbers hold.
    for row in 0..top {
        rows.push(Row {
            cells: Vec::new(),
            place: Some(Place::Cell { row, col: 0 }),
        });
    }
    for (i, data) in range.rows().enumerate() {
        let row = top + u32::try_from(i).unwrap_or(u32::MAX - top);
        let mut cells = Vec::with_capacity(data.len() + usize::try_from(left).unwrap_or(0));
        for col in 0..left {
            cells.push(Cell {
                value: String::new(),
                place: Place::Cell { row, col },
            });
        }
        for (j, value) in data.iter().enumerate() {
            let col = left + u32::try_from(j).unwrap_or(u32::MAX - left);
            cells.push(Cell {
                value: text_of_data(value),
                place: Place::Cell { row, col },
            });
        }
        rows.push(Row {
            cells,
            place: Some(Place::Cell { row, col: 0 }),
        });
    }
    Sheet {
        name,
        rows,
        place: Some(Place::Cell { row: 0, col: 0 }),
    }
}

/// A cell's value as the form author sees it: whole numbers without `.0`,
/// dates as `YYYY-MM-DD`, booleans as `TRUE`/`FALSE`, error cells as
/// Excel shows them (`#N/A`).
pub fn text_of_data(value: &Data) -> String {
    match value {
        Data::Empty => String::new(),
        Data::String(s) => s.replace('\u{a0}', " "),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(d) if d.is_datetime() => {
            let (y, mo, da, h, mi, s, _) = d.to_ymd_hms_milli();
            if d.as_f64() < 1.0 {
                format!("{h:02}:{mi:02}:{s:02}")
            } else if (h, mi, s) == (0, 0, 0) {
                format!("{y:04}-{mo:02}-{da:02}")
            } else {
                format!("{y:04}-{mo:02}-{da:02}T{h:02}:{mi:02}:{s:02}")
            }
        }
        Data::DateTime(d) => number_text(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

/// `1.0` → `1`, `0.5` → `0.5`.
pub fn number_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{f:.0}")
    } else {
        f.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_of_csv_files() {
        assert_eq!(sheet_name_of(Path::new("choices.csv")), "choices");
        assert_eq!(sheet_name_of(Path::new("Form-Settings.csv")), "settings");
        assert_eq!(sheet_name_of(Path::new("household.csv")), "survey");
    }

    #[test]
    fn numbers_read_as_written() {
        assert_eq!(number_text(1.0), "1");
        assert_eq!(number_text(2_023_051_201.0), "2023051201");
        assert_eq!(number_text(0.25), "0.25");
        assert_eq!(text_of_data(&Data::Bool(true)), "TRUE");
        assert_eq!(text_of_data(&Data::String("a\u{a0}b".into())), "a b");
    }
}
