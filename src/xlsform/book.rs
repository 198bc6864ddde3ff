//! The workbook as the import reads it: named sheets of text cells, each
//! cell with the place a form author finds it at (`survey!C12` in a
//! spreadsheet, line and column in a CSV or Markdown file). The readers of
//! the text shapes (pyxform's CSV with sheet sections, its Markdown tables)
//! live here; spreadsheets are read in `read`.

use std::fmt;

/// Where a cell is, in the author's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Place {
    /// A cell of a spreadsheet: 0-based row and column, shown as `C12`.
    Cell { row: u32, col: u32 },
    /// A cell of a text file: 1-based line and column of the file.
    Text { line: u32, col: u32 },
    /// The sheet as a whole (a setting it lacks, a sheet that is missing).
    Sheet,
}

/// A cell's place together with its sheet, as a finding shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct At {
    pub sheet: String,
    pub place: Place,
}

impl At {
    pub fn new(sheet: &str, place: Place) -> Self {
        Self {
            sheet: sheet.to_string(),
            place,
        }
    }

    /// True for a place in a text file (shown as `14:3`).
    pub fn is_text(&self) -> bool {
        matches!(self.place, Place::Text { .. })
    }
}

impl PartialOrd for At {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Findings read in the order of the form: survey, choices, settings, then
/// other sheets; within a sheet, by place.
impl Ord for At {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let rank = |sheet: &str| match sheet.trim().to_ascii_lowercase().as_str() {
            "survey" => 0,
            "choices" => 1,
            "settings" => 2,
            _ => 3,
        };
        (rank(&self.sheet), &self.sheet, self.place).cmp(&(
            rank(&other.sheet),
            &other.sheet,
            other.place,
        ))
    }
}

impl fmt::Display for At {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.place {
            Place::Cell { row, col } => {
                write!(f, "{}!{}{}", self.sheet, column_letters(col), row + 1)
            }
            Place::Text { line, col } => write!(f, "{line}:{col}"),
            Place::Sheet => write!(f, "{}", self.sheet),
        }
    }
}

/// `0` → `A`, `25` → `Z`, `26` → `AA`: a spreadsheet's column name.
pub fn column_letters(col: u32) -> String {
    let mut n = col + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + u8::try_from(rem).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// One cell: its text (trimmed of nothing; the import trims where it reads)
/// and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub value: String,
    pub place: Place,
}

/// One row of a sheet: cells in column order; a missing cell is empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row {
    pub cells: Vec<Cell>,
    /// Where the row starts, for a finding about the whole row.
    pub place: Option<Place>,
}

impl Row {
    pub fn get(&self, col: usize) -> &str {
        self.cells.get(col).map_or("", |c| c.value.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.cells.iter().all(|c| c.value.trim().is_empty())
    }
}

/// One sheet: its name as written and its rows (empty rows kept, so that
/// places stay true).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Row>,
    /// The sheet's first cell, for a finding about the whole sheet.
    pub place: Option<Place>,
}

/// What kind of file the form came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Xlsx,
    Xls,
    Ods,
    Csv,
    Markdown,
}

impl Shape {
    pub fn name(self) -> &'static str {
        match self {
            Shape::Xlsx => "xlsx",
            Shape::Xls => "xls",
            Shape::Ods => "ods",
            Shape::Csv => "csv",
            Shape::Markdown => "markdown",
        }
    }
}

/// A form's sheets, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workbook {
    pub shape: Shape,
    pub sheets: Vec<Sheet>,
    /// `sha256:…` of the bytes read.
    pub hash: String,
}

impl Workbook {
    /// The sheet of this name, ignoring case and surrounding spaces.
    pub fn sheet(&self, name: &str) -> Option<&Sheet> {
        self.sheets
            .iter()
            .find(|s| s.name.trim().eq_ignore_ascii_case(name))
    }
}

/// Why a text-shaped form could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapeError {
    pub line: u32,
    pub message: String,
}

/// pyxform's CSV shape: a row whose first cell is not empty names a sheet;
/// the rows after it, first cell empty, are that sheet's rows (their
/// first cell dropped). A CSV with no sheet names is one sheet, named by
/// `sheet_name` (one CSV per sheet).
pub fn from_csv(text: &str, sheet_name: &str) -> Result<Vec<Sheet>, ShapeError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| ShapeError {
            line: e
                .position()
                .and_then(|p| u32::try_from(p.line()).ok())
                .unwrap_or(0),
            message: e.to_string(),
        })?;
        let (line, start) = record.position().map_or((0, 0), |p| {
            (
                u32::try_from(p.line()).unwrap_or(u32::MAX),
                usize::try_from(p.byte()).unwrap_or(0),
            )
        });
        let starts = field_columns(&text[start.min(text.len())..]);
        let line_start = text[..start.min(text.len())]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let lead = text[line_start..start.min(text.len())].chars().count();
        let mut cells = Vec::new();
        for (i, field) in record.iter().enumerate() {
            let col = lead + starts.get(i).copied().unwrap_or(0) + 1;
            cells.push(Cell {
                value: field.to_string(),
                place: Place::Text {
                    line,
                    col: u32::try_from(col).unwrap_or(u32::MAX),
                },
            });
        }
        records.push((line, cells));
    }
    let sectioned = records.iter().any(|(_, cells)| {
        cells.first().is_some_and(|c| !c.value.trim().is_empty())
            && cells.iter().skip(1).all(|c| c.value.trim().is_empty())
            && is_sheet_word(&cells[0].value)
    });
    Ok(if sectioned {
        sections(records)
    } else {
        vec![Sheet {
            name: sheet_name.to_string(),
            place: records
                .first()
                .and_then(|(_, c)| c.first())
                .map(|c| c.place),
            rows: records
                .into_iter()
                .map(|(line, cells)| Row {
                    cells,
                    place: Some(Place::Text { line, col: 1 }),
                })
                .collect(),
        }]
    })
}

/// The character column (from 0) where each field of the record that
/// starts `text` begins: commas outside double quotes separate fields.
fn field_columns(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    let mut quoted = false;
    for (column, c) in text.chars().enumerate() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => starts.push(column + 1),
            '\n' | '\r' if !quoted => break,
            _ => {}
        }
    }
    starts
}

/// True for the names of `XLSForm`'s sheets (a CSV row naming one starts a
/// section).
fn is_sheet_word(word: &str) -> bool {
    let word = word.trim().to_ascii_lowercase();
    matches!(
        word.as_str(),
        "survey" | "choices" | "settings" | "external_choices" | "entities" | "osm"
    )
}

/// Splits rows whose first cell names a sheet into sheets.
fn sections(records: Vec<(u32, Vec<Cell>)>) -> Vec<Sheet> {
    let mut sheets: Vec<Sheet> = Vec::new();
    for (line, mut cells) in records {
        let first = cells.first().map(|c| c.value.trim().to_string());
        if let Some(name) = first.filter(|n| !n.is_empty()) {
            let place = cells[0].place;
            sheets.push(Sheet {
                name,
                rows: Vec::new(),
                place: Some(place),
            });
            // pyxform also reads a header on the sheet-name row itself.
            if cells.iter().skip(1).all(|c| c.value.trim().is_empty()) {
                continue;
            }
        }
        let Some(sheet) = sheets.last_mut() else {
            continue;
        };
        if !cells.is_empty() {
            cells.remove(0);
        }
        sheet.rows.push(Row {
            cells,
            place: Some(Place::Text { line, col: 1 }),
        });
    }
    sheets
}

/// pyxform's Markdown shape: table lines `| sheet | … |`; a first cell that
/// is not empty names a sheet, and the lines after it are its rows. Lines
/// starting with `#` are comments, `|---|` lines separators, `\|` a pipe
/// inside a cell.
pub fn from_markdown(text: &str) -> Vec<Sheet> {
    let mut sheets: Vec<Sheet> = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') || !trimmed.starts_with('|') {
            continue;
        }
        let body = line.trim_end();
        let Some(inner) = body
            .trim_start()
            .strip_prefix('|')
            .and_then(|b| b.strip_suffix('|').or(Some(b)))
        else {
            continue;
        };
        if inner.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ')) {
            continue;
        }
        let mut cells = split_cells(inner, line, number);
        if cells.is_empty() {
            continue;
        }
        let first = cells.remove(0);
        if !first.value.is_empty() {
            sheets.push(Sheet {
                name: first.value.clone(),
                rows: Vec::new(),
                place: Some(first.place),
            });
        }
        let Some(sheet) = sheets.last_mut() else {
            continue;
        };
        if cells.iter().all(|c| c.value.is_empty()) {
            continue;
        }
        sheet.rows.push(Row {
            cells,
            place: Some(Place::Text {
                line: number,
                col: 1,
            }),
        });
    }
    sheets
}

/// The cells of one Markdown table line (between the outer pipes), each
/// trimmed, with the column where its text starts.
fn split_cells(inner: &str, line: &str, number: u32) -> Vec<Cell> {
    let base = line.len() - line.trim_start().len() + 1; // byte after the first `|`
    let mut cells = Vec::new();
    let mut current = String::new();
    let mut start = 0usize;
    let mut chars = inner.char_indices().peekable();
    let push = |cells: &mut Vec<Cell>, current: &mut String, start: usize| {
        let leading = current.len() - current.trim_start().len();
        let byte = base + start + leading;
        let col = line.get(..byte).map_or(1, |s| s.chars().count() + 1);
        cells.push(Cell {
            value: current.trim().to_string(),
            place: Place::Text {
                line: number,
                col: u32::try_from(col).unwrap_or(u32::MAX),
            },
        });
        current.clear();
    };
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' if chars.peek().is_some_and(|(_, n)| *n == '|') => {
                current.push('|');
                chars.next();
            }
            '|' => {
                push(&mut cells, &mut current, start);
                start = i + 1;
            }
            _ => current.push(c),
        }
    }
    push(&mut cells, &mut current, start);
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_run_like_a_spreadsheet() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn markdown_sheets_rows_and_places() {
        let text = "# a comment\n| survey |\n|  | type | name |\n|--|--|--|\n|  | text | a\\|b |\n| choices |\n| | list_name | name |\n";
        let sheets = from_markdown(text);
        assert_eq!(sheets.len(), 2);
        assert_eq!(sheets[0].name, "survey");
        assert_eq!(sheets[0].rows.len(), 2);
        assert_eq!(sheets[0].rows[1].get(1), "a|b");
        assert_eq!(
            sheets[0].rows[1].cells[1].place,
            Place::Text { line: 5, col: 13 }
        );
        assert_eq!(sheets[1].rows[0].get(0), "list_name");
    }

    #[test]
    fn csv_with_sections_and_without() {
        let text = "survey,,\n,type,name\n,text,\"a, b\"\nchoices,,\n,list_name,name\n";
        let sheets = from_csv(text, "survey").unwrap();
        assert_eq!(sheets.len(), 2);
        assert_eq!(sheets[0].rows[1].get(1), "a, b");
        assert_eq!(
            sheets[0].rows[1].cells[1].place,
            Place::Text { line: 3, col: 7 }
        );
        let plain = from_csv("type,name\ntext,a\n", "survey").unwrap();
        assert_eq!(plain.len(), 1);
        assert_eq!(plain[0].rows[1].get(0), "text");
    }
}
