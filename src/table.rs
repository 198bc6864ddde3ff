//! Tables for spreadsheets: named columns of text and number cells, written
//! as CSV (the `csv` crate, RFC 4180) or as an Excel workbook
//! (`rust_xlsxwriter`), one sheet per table. Text that a spreadsheet would
//! run as a formula (`=`, `+`, `-`, `@`, a tab or a carriage return first)
//! is written as text: in CSV with a leading `'`, which spreadsheets take as
//! "this is text"; in a workbook as a string cell, which is never a formula.
//! The bytes are returned; `output` writes them.

use anyhow::{Context as _, Result};

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
}

impl Cell {
    /// Text, or an empty cell for empty text.
    pub fn text(text: impl Into<String>) -> Cell {
        let text = text.into();
        if text.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(text)
        }
    }

    pub fn number(value: Option<f64>) -> Cell {
        value.map_or(Cell::Empty, Cell::Number)
    }

    pub fn count(value: usize) -> Cell {
        Cell::Number(value as f64)
    }

    fn csv_field(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) if starts_like_a_formula(t) => format!("'{t}"),
            Cell::Text(t) => t.clone(),
            Cell::Number(n) => number_text(*n),
        }
    }
}

/// `1`, `1.4`, never `1.0000000000000002`: numbers are written as the
/// shortest text that reads back as the same number.
fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{n:.0}")
    } else {
        n.to_string()
    }
}

/// True for text a spreadsheet would take as a formula.
pub fn starts_like_a_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// A table with a name (the sheet's), its column headers and its rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// Notes on header cells (column, text), shown in a workbook when the
    /// pointer rests on the header; not written to CSV.
    pub notes: Vec<(usize, String)>,
}

impl Table {
    pub fn new(name: &str, headers: &[&str]) -> Table {
        Table {
            name: name.to_string(),
            headers: headers.iter().map(|h| (*h).to_string()).collect(),
            rows: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// Adds a row; it must have one cell per column.
    pub fn push(&mut self, row: Vec<Cell>) {
        debug_assert_eq!(row.len(), self.headers.len(), "a cell per column");
        self.rows.push(row);
    }
}

/// The table as CSV: a header row, then the rows; UTF-8, `\n` line ends,
/// fields quoted where needed.
pub fn csv(table: &Table) -> Result<Vec<u8>> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    writer.write_record(&table.headers).context("writing CSV")?;
    for row in &table.rows {
        writer
            .write_record(row.iter().map(Cell::csv_field))
            .context("writing CSV")?;
    }
    writer
        .into_inner()
        .map_err(|e| anyhow::anyhow!("writing CSV: {}", e.error()))
}

/// The longest text a workbook cell holds (Excel's limit, in UTF-16 units).
pub const XLSX_MAX_TEXT: usize = 32_767;

/// A cell cut to fit a workbook: where it is, for the user to be told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CutCell {
    pub sheet: String,
    /// `A1`-style reference.
    pub cell: String,
    pub column: String,
}

/// The workbook (one sheet per table, headers bold and frozen, a filter on
/// every column) and the cells whose text was longer than a workbook
/// holds, cut with a marker.
pub fn xlsx(tables: &[Table], cut_marker: &str) -> Result<(Vec<u8>, Vec<CutCell>)> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let mut cut = Vec::new();
    for table in tables {
        let sheet = workbook.add_worksheet();
        sheet
            .set_name(sheet_name(&table.name))
            .context("naming a sheet")?;
        for (c, header) in table.headers.iter().enumerate() {
            let col = u16::try_from(c).context("too many columns for a workbook")?;
            sheet
                .write_string_with_format(0, col, header, &bold)
                .context("writing a workbook")?;
            let widest = table
                .rows
                .iter()
                .map(|r| match &r[c] {
                    Cell::Text(t) => t.chars().count().min(60),
                    Cell::Number(_) => 6,
                    Cell::Empty => 0,
                })
                .max()
                .unwrap_or(0)
                .max(header.chars().count());
            sheet
                .set_column_width(col, (widest + 2) as f64)
                .context("writing a workbook")?;
        }
        for (c, text) in &table.notes {
            let col = u16::try_from(*c).context("too many columns for a workbook")?;
            let note = rust_xlsxwriter::Note::new(text.as_str())
                .add_author_prefix(false)
                .set_width(400)
                .set_height(120);
            sheet
                .insert_note(0, col, &note)
                .context("writing a workbook")?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let at = u32::try_from(r + 1).context("too many rows for a workbook")?;
            for (c, cell) in row.iter().enumerate() {
                let col = u16::try_from(c).context("too many columns for a workbook")?;
                match cell {
                    Cell::Empty => {}
                    Cell::Number(n) => {
                        sheet
                            .write_number(at, col, *n)
                            .context("writing a workbook")?;
                    }
                    Cell::Text(t) => {
                        let fitted = fit(t, cut_marker);
                        if fitted.len() != t.len() {
                            cut.push(CutCell {
                                sheet: table.name.clone(),
                                cell: cell_ref(r + 1, c),
                                column: table.headers[c].clone(),
                            });
                        }
                        sheet
                            .write_string(at, col, fitted)
                            .context("writing a workbook")?;
                    }
                }
            }
        }
        if !table.headers.is_empty() {
            let last_row = u32::try_from(table.rows.len()).unwrap_or(u32::MAX);
            let last_col = u16::try_from(table.headers.len() - 1).unwrap_or(u16::MAX);
            sheet
                .autofilter(0, 0, last_row, last_col)
                .context("writing a workbook")?;
            sheet.set_freeze_panes(1, 0).context("writing a workbook")?;
        }
    }
    let bytes = workbook.save_to_buffer().context("writing a workbook")?;
    Ok((bytes, cut))
}

/// Text cut to what a workbook cell holds, the marker at its end.
fn fit<'a>(text: &'a str, marker: &str) -> std::borrow::Cow<'a, str> {
    if text.encode_utf16().count() <= XLSX_MAX_TEXT {
        return std::borrow::Cow::Borrowed(text);
    }
    let room = XLSX_MAX_TEXT - marker.encode_utf16().count();
    let mut used = 0;
    let mut end = 0;
    for (i, c) in text.char_indices() {
        used += c.len_utf16();
        if used > room {
            break;
        }
        end = i + c.len_utf8();
    }
    std::borrow::Cow::Owned(format!("{}{marker}", &text[..end]))
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(31)
        .collect();
    if cleaned.is_empty() {
        "sheet".into()
    } else {
        cleaned
    }
}

/// `B7` for row 6, column 1 (both from 0).
pub fn cell_ref(row: usize, column: usize) -> String {
    let mut letters = String::new();
    let mut n = column + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.insert(0, char::from(b'A' + u8::try_from(rem).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_written_as_text_and_numbers_shortest() {
        let mut table = Table::new("t", &["a", "b", "c"]);
        table.push(vec![
            Cell::text("=HYPERLINK(\"http://x\")"),
            Cell::Number(1.0),
            Cell::Number(1.4),
        ]);
        table.push(vec![
            Cell::text("- a list"),
            Cell::Empty,
            Cell::text("plain, with comma"),
        ]);
        let text = String::from_utf8(csv(&table).unwrap()).unwrap();
        assert_eq!(
            text,
            "a,b,c\n\"'=HYPERLINK(\"\"http://x\"\")\",1,1.4\n'- a list,,\"plain, with comma\"\n"
        );
    }

    #[test]
    fn cell_references_and_sheet_names() {
        assert_eq!(cell_ref(0, 0), "A1");
        assert_eq!(cell_ref(6, 1), "B7");
        assert_eq!(cell_ref(0, 26), "AA1");
        assert_eq!(cell_ref(1, 27), "AB2");
        assert_eq!(sheet_name("a/b:c"), "a_b_c");
        assert_eq!(sheet_name(&"x".repeat(40)).len(), 31);
    }

    #[test]
    fn text_longer_than_a_cell_is_cut_and_said() {
        let mut table = Table::new("answers", &["note"]);
        table.push(vec![Cell::text("é".repeat(XLSX_MAX_TEXT + 10))]);
        let (bytes, cut) = xlsx(&[table], " [cut]").unwrap();
        assert!(!bytes.is_empty());
        assert_eq!(
            cut,
            vec![CutCell {
                sheet: "answers".into(),
                cell: "A2".into(),
                column: "note".into()
            }]
        );
        let long = "é".repeat(XLSX_MAX_TEXT + 10);
        let fitted = fit(&long, " [cut]");
        assert_eq!(fitted.encode_utf16().count(), XLSX_MAX_TEXT);
        assert!(fitted.ends_with(" [cut]"));
    }
}
