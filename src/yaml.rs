//! Reading YAML files people write by hand: size limits before parsing,
//! parser budgets against alias bombs and deep nesting, BOM and invalid UTF-8
//! handling, and parser errors reworded into located [`Problem`]s with a hint.

use std::io::Read as _;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde_saphyr::{MessageFormatter as _, Spanned, UserMessageFormatter};

use crate::problem::{Loc, Problem, Problems, nearest};

/// Resource limits for one kind of file.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// What the file is called in messages ("questionnaire", "roster", …).
    pub what: &'static str,
    pub max_bytes: u64,
    pub max_depth: usize,
    pub max_nodes: usize,
    pub max_aliases: usize,
}

impl Limits {
    pub const QUESTIONNAIRE: Limits = Limits {
        what: "questionnaire",
        max_bytes: 16 * 1024 * 1024,
        max_depth: 32,
        max_nodes: 600_000,
        max_aliases: 1_000,
    };
    /// About 15,000 experts as the shipped roster writes them: far beyond a
    /// real roster, and refused before a byte is parsed above that.
    pub const ROSTER: Limits = Limits {
        what: "roster",
        max_bytes: 8 * 1024 * 1024,
        max_depth: 32,
        max_nodes: 8_000_000,
        max_aliases: 1_000,
    };
    pub const SESSION: Limits = Limits {
        what: "session",
        max_bytes: 32 * 1024 * 1024,
        max_depth: 32,
        max_nodes: 2_000_000,
        max_aliases: 100,
    };
    /// Any tana file before its kind is known (`tana validate`): the largest
    /// of the limits above; the file's own kind's limit is applied next.
    pub const ANY: Limits = Limits {
        what: "tana file",
        max_bytes: 32 * 1024 * 1024,
        max_depth: 32,
        max_nodes: 8_000_000,
        max_aliases: 1_000,
    };
}

/// Reads a file as UTF-8 text within the size limit. A BOM is dropped.
/// Errors are problems located in the file (invalid UTF-8 names its line).
/// Only a regular file is read: a FIFO, a device, a socket or a directory is
/// refused at once, before anything could wait on it.
pub fn read_source(path: &Path, limits: Limits) -> Result<String, Problem> {
    let bytes = read_bytes(path, limits.max_bytes).map_err(|e| match e {
        ReadError::TooLarge => too_large(limits),
        ReadError::Refused(problem) => problem,
    })?;
    source_from_bytes(bytes)
}

/// Why a file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// Larger than the limit given (checked before reading when the size is known).
    TooLarge,
    /// Missing, unreadable, or not a regular file: the problem says which.
    Refused(Problem),
}

/// Reads the bytes of a regular file, at most `max_bytes`. Every file tana
/// reads goes through here (questionnaires, rosters, sessions, the recent
/// list): what a path names is checked before it is opened and again, on the
/// open file, before a byte is read, so a FIFO or device never blocks tana and
/// a file swapped in between is caught.
pub fn read_bytes(path: &Path, max_bytes: u64) -> Result<Vec<u8>, ReadError> {
    use rustix::fs::{Mode, OFlags};
    let refused = |m: String| ReadError::Refused(Problem::whole_file(m));
    let before = std::fs::metadata(path).map_err(|e| refused(cannot_open(&e)))?;
    if let Some(what) = not_regular(before.file_type()) {
        return Err(refused(format!(
            "this is {what}, not a file; give the path of a tana file"
        )));
    }
    // Non-blocking, so that even a FIFO swapped in after the check above
    // cannot make the open wait for a writer; no controlling terminal taken.
    let fd = rustix::fs::open(
        path,
        OFlags::RDONLY | OFlags::NONBLOCK | OFlags::NOCTTY | OFlags::CLOEXEC,
        Mode::empty(),
    )
    .map_err(|e| refused(cannot_open(&e.into())))?;
    let file = std::fs::File::from(fd);
    let metadata = file
        .metadata()
        .map_err(|e| refused(format!("cannot read the file: {e}")))?;
    if let Some(what) = not_regular(metadata.file_type()) {
        return Err(refused(format!(
            "this is {what}, not a file; give the path of a tana file"
        )));
    }
    if metadata.len() > max_bytes {
        return Err(ReadError::TooLarge);
    }
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.take(max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| refused(format!("cannot read the file: {e}")))?;
    if bytes.len() as u64 > max_bytes {
        return Err(ReadError::TooLarge);
    }
    Ok(bytes)
}

fn cannot_open(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "cannot open the file: there is no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => {
            "cannot open the file: permission denied (tana may read only files you can read)"
                .to_string()
        }
        _ => format!("cannot open the file: {error}"),
    }
}

/// What a path names when it is not a regular file, in words.
fn not_regular(kind: std::fs::FileType) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt as _;
    if kind.is_file() {
        None
    } else if kind.is_dir() {
        Some("a folder")
    } else if kind.is_fifo() {
        Some("a named pipe (FIFO)")
    } else if kind.is_char_device() || kind.is_block_device() {
        Some("a device")
    } else if kind.is_socket() {
        Some("a socket")
    } else {
        Some("not a regular file")
    }
}

/// The problem of a file beyond the size limit for its kind.
pub fn too_large(limits: Limits) -> Problem {
    Problem::whole_file(format!(
        "the file is larger than the {} MiB limit for a {}; is this the right file?",
        limits.max_bytes / (1024 * 1024),
        limits.what
    ))
}

/// Turns raw bytes into text, locating invalid UTF-8 and dropping a BOM.
/// A spreadsheet (a ZIP file such as .xlsx or .ods, an OLE file such as
/// .xls) is named as one, with the command that imports an `XLSForm`.
pub fn source_from_bytes(bytes: Vec<u8>) -> Result<String, Problem> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return Err(Problem::whole_file(
            "this looks like a spreadsheet (an .xlsx, .xls or .ods file), not a tana YAML file; to turn an XLSForm into a questionnaire, run `tana import FILE -o questionnaire.yaml`",
        ));
    }
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..'\u{feff}'.len_utf8());
            }
            Ok(text)
        }
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let valid = std::str::from_utf8(valid).unwrap_or_default();
            let line = valid.matches('\n').count() as u64 + 1;
            let column = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u64 + 1;
            Err(Problem::new(
                line,
                column,
                "the file is not valid UTF-8 text here; save it as UTF-8 (most editors offer \"UTF-8\" in Save As)",
            ))
        }
    }
}

/// Parses `source` into the raw serde type `T` within the limits.
pub fn parse<T: DeserializeOwned>(source: &str, limits: Limits) -> Result<T, Problem> {
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: limits.max_depth,
            max_nodes: limits.max_nodes,
            max_aliases: limits.max_aliases,
            max_anchors: limits.max_aliases,
            max_recorded_anchor_events: limits.max_aliases * 20,
            max_recorded_anchor_bytes: 1024 * 1024,
            max_events: limits.max_nodes * 2,
            max_documents: 1,
        },
    };
    serde_saphyr::from_str_with_options::<T>(source, options).map_err(|e| to_problem(&e, source))
}

fn to_problem(error: &serde_saphyr::Error, source: &str) -> Problem {
    let bare = error.without_snippet();
    let text: String = UserMessageFormatter
        .format_message(bare)
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let (line, column) = error.location().map_or((0, 0), |l| (l.line(), l.column()));
    if (text.contains("quoted scalar") || text.contains("unclosed quote"))
        && let Some(at) = unclosed_quote_above(source, line).filter(|at| at.line != line)
    {
        return Problem::at(
            at,
            format!(
                "this quote is never closed, so the text runs on until line {line}, column {column} ({text}); add the closing quote"
            ),
        );
    }
    let message = reword(&text, source, line, column);
    Problem::new(line, column, message)
}

/// Rewords the parser's messages for the person editing the file.
fn reword(text: &str, source: &str, line: u64, column: u64) -> String {
    if let Some(rest) = text
        .strip_prefix("unknown field `")
        .or_else(|| text.strip_prefix("unknown variant `"))
    {
        let is_field = text.starts_with("unknown field");
        if let Some((word, expected)) = rest.split_once('`') {
            let candidates = expected_names(expected);
            let hint = nearest(word, candidates.iter().map(String::as_str))
                .map(|c| format!("; did you mean `{c}`?"))
                .unwrap_or_default();
            let list = candidates.join(", ");
            return if is_field {
                format!("unknown field `{word}`{hint} (allowed here: {list})")
            } else {
                format!("`{word}` is not an accepted value{hint} (accepted: {list})")
            };
        }
    }
    if text.starts_with("duplicate mapping key") {
        let key = text.split('`').nth(1).map_or_else(
            || {
                text.trim_start_matches("duplicate mapping key")
                    .trim_start_matches(':')
                    .split(',')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_string()
            },
            str::to_string,
        );
        let first = first_occurrence_of_key(source, line, column, &key)
            .map(|at| format!(" (first written at {at})"))
            .unwrap_or_default();
        return format!("the key `{key}` appears twice in the same mapping{first}; keep one");
    }
    if let Some(field) = text.strip_prefix("missing field `") {
        let field = field.trim_end_matches('`');
        return format!("the required field `{field}` is missing from the mapping that ends here");
    }
    if text.starts_with("tabs disallowed") {
        return format!("{text}: indent with spaces, not tabs (set your editor to insert spaces)");
    }
    match text {
        "null is not allowed here" => {
            "this value is empty; write a value (or \"\" for empty text)".to_string()
        }
        "expected sequence start" => {
            "expected a list here (lines starting with `- `, or `[a, b]`)".to_string()
        }
        "expected mapping start" => "expected a mapping here (`key: value` lines)".to_string(),
        "expected string scalar" => {
            "expected text here, found a list or mapping; quote the text if it contains `: ` or starts with `- `".to_string()
        }
        t if t.starts_with("invalid u") || t.starts_with("invalid i") => {
            format!("expected a whole number here ({t})")
        }
        t if t.contains("limits breached") || t.contains("recursion limit") => budget_message(t),
        t => t.to_string(),
    }
}

fn budget_message(text: &str) -> String {
    let what = if text.contains("Anchor") || text.contains("Alias") {
        "it expands too much through YAML anchors and aliases (`&name` / `*name`), as an alias bomb does"
    } else if text.contains("recursion") || text.contains("Depth") || text.contains("Nesting") {
        "it is nested too deeply"
    } else {
        "it has too many values"
    };
    format!(
        "the file is refused because {what}; tana's limits keep a damaged or hostile file from exhausting memory"
    )
}

/// For a quoting error reported far from its cause, finds the first line
/// above with an odd number of double quotes: the likely unclosed quote.
fn unclosed_quote_above(source: &str, line: u64) -> Option<Loc> {
    let upto = usize::try_from(line).ok()?;
    let lines: Vec<&str> = source.lines().take(upto).collect();
    // Nearest first: the quote that runs on is the last one opened above.
    for (index, text) in lines.iter().enumerate().rev().skip(1) {
        if let Some(column) = unbalanced_double_quote(text) {
            return Some(Loc::new(index as u64 + 1, column as u64 + 1));
        }
    }
    None
}

/// The column of a double quote left open on this line, ignoring quotes
/// inside single-quoted text, escaped quotes and comments.
fn unbalanced_double_quote(text: &str) -> Option<usize> {
    let mut open: Option<usize> = None;
    let mut in_single = false;
    let mut escaped = false;
    let mut previous = ' ';
    for (column, c) in text.chars().enumerate() {
        match c {
            _ if escaped => escaped = false,
            '\\' if open.is_some() => escaped = true,
            '\'' if open.is_none()
                && (in_single || matches!(previous, ' ' | ':' | '[' | '{' | ',' | '-')) =>
            {
                in_single = !in_single;
            }
            '"' if !in_single => open = if open.is_some() { None } else { Some(column) },
            '#' if open.is_none() && !in_single && previous == ' ' => break,
            _ => {}
        }
        previous = c;
    }
    open
}

fn expected_names(expected: &str) -> Vec<String> {
    let expected = expected
        .trim_start_matches(',')
        .trim()
        .trim_start_matches("expected")
        .trim()
        .trim_start_matches("one of")
        .trim();
    expected
        .split(", ")
        .flat_map(|part| part.split(" or "))
        .map(|s| s.trim().trim_matches('`').to_string())
        .filter(|s| !s.is_empty() && s != "there are no fields")
        .collect()
}

/// Looks upward from a duplicate key for the first `key:` at the same
/// indentation within the same block mapping.
fn first_occurrence_of_key(source: &str, line: u64, column: u64, key: &str) -> Option<Loc> {
    let lines: Vec<&str> = source.lines().collect();
    let line_index = usize::try_from(line).ok()?.checked_sub(1)?;
    let indent = usize::try_from(column).ok()?.checked_sub(1)?;
    let current = lines.get(line_index)?;
    // A flow mapping (`{a: 1, a: 2}`) on one line: search left on that line.
    if current.get(..indent)?.trim_start().contains('{') {
        let before = current.get(..indent)?;
        for (offset, _) in before.match_indices(key) {
            let after = &before[offset + key.len()..];
            if after.trim_start().starts_with(':') {
                return Some(Loc::new(line, before[..offset].chars().count() as u64 + 1));
            }
        }
        return None;
    }
    for (index, text) in lines[..line_index].iter().enumerate().rev() {
        let trimmed = text.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let this_indent = text.len() - trimmed.len();
        let item_start = trimmed.strip_prefix("- ").map(|t| (this_indent + 2, t));
        let (this_indent, body) = item_start.unwrap_or((this_indent, trimmed));
        if this_indent < indent || (this_indent == indent && item_start.is_some()) {
            if item_start.is_some() && this_indent == indent && key_of(body) == Some(key) {
                return Some(Loc::new(index as u64 + 1, indent as u64 + 1));
            }
            return None;
        }
        if this_indent == indent && key_of(body) == Some(key) {
            return Some(Loc::new(index as u64 + 1, indent as u64 + 1));
        }
    }
    None
}

fn key_of(line: &str) -> Option<&str> {
    let (key, _) = line.split_once(':')?;
    Some(key.trim().trim_matches(|c| c == '"' || c == '\''))
}

/// Parses a `YYYY-MM-DD` date, recording a located problem if it is not one.
pub fn parse_date(text: &Spanned<String>, problems: &mut Problems) -> Option<jiff::civil::Date> {
    if let Ok(date) = text.value.parse() {
        Some(date)
    } else {
        problems.add(
            loc(text),
            format!("`{}` is not a date; write it as YYYY-MM-DD", text.value),
        );
        None
    }
}

/// The location of a spanned value as a [`Loc`].
pub fn loc<T>(spanned: &Spanned<T>) -> Loc {
    Loc::new(spanned.referenced.line(), spanned.referenced.column())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        id: String,
        required: Option<bool>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        title: String,
        items: Vec<Item>,
    }

    fn problem(source: &str) -> Problem {
        parse::<Doc>(source, Limits::QUESTIONNAIRE).unwrap_err()
    }

    #[test]
    fn unknown_field_suggests_the_nearest_name() {
        let p = problem("title: t\nitems:\n  - id: a\n    requird: true\n");
        assert_eq!((p.line, p.column), (4, 5));
        assert!(
            p.message.contains("did you mean `required`?"),
            "{}",
            p.message
        );
    }

    #[test]
    fn duplicate_key_names_both_places() {
        let p = problem("title: t\nitems: []\ntitle: u\n");
        assert_eq!((p.line, p.column), (3, 1));
        assert!(
            p.message.contains("first written at line 1, column 1"),
            "{}",
            p.message
        );
        let p = problem("title: t\nitems:\n  - id: a\n    required: true\n    id: b\n");
        assert!(
            p.message.contains("first written at line 3, column 5"),
            "{}",
            p.message
        );
    }

    #[test]
    fn the_unclosed_quote_is_the_nearest_one_above() {
        let source = "title: 'it\"s'\nitems:\n  - id: \"a\n  - id: b\n  - id: c\n";
        let p = problem(source);
        assert_eq!(p.line, 3, "{p:?}");
    }

    #[test]
    fn tabs_and_unclosed_quotes_are_located() {
        let p = problem("title: t\nitems:\n\t- id: a\n");
        assert_eq!(p.line, 3);
        let p = problem("title: \"t\nitems: []\n");
        assert_eq!(p.line, 1);
        assert!(p.message.contains("quote"), "{}", p.message);
    }

    #[test]
    fn yes_no_and_numbers_read_as_strings_where_text_is_expected() {
        let doc: Doc = parse("title: NO\nitems:\n  - id: 1.10\n", Limits::QUESTIONNAIRE).unwrap();
        assert_eq!(doc.title, "NO");
        assert_eq!(doc.items[0].id, "1.10");
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let text = source_from_bytes(b"\xEF\xBB\xBFtitle: t\r\nitems: []\r\n".to_vec()).unwrap();
        let doc: Doc = parse(&text, Limits::QUESTIONNAIRE).unwrap();
        assert_eq!(doc.title, "t");
    }

    #[test]
    fn spreadsheets_are_named_with_the_import_command() {
        for bytes in [
            &b"PK\x03\x04rest"[..],
            &b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"[..],
        ] {
            let p = source_from_bytes(bytes.to_vec()).unwrap_err();
            assert!(p.message.contains("spreadsheet"), "{}", p.message);
            assert!(p.message.contains("tana import"), "{}", p.message);
        }
    }

    #[test]
    fn invalid_utf8_is_located() {
        let p = source_from_bytes(b"title: t\nitems: [\xFF]\n".to_vec()).unwrap_err();
        assert_eq!((p.line, p.column), (2, 9));
    }

    #[test]
    fn deep_nesting_is_refused_without_overflow() {
        let deep = format!(
            "title: t\nitems: {}{}\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        let p = problem(&deep);
        assert_eq!(p.line, 2);
    }
}
