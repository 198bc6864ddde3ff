//! Escaping user text for its place in Markdown, so that it reads exactly as
//! typed and can never make a heading, list, link, image, HTML, emphasis,
//! math, a citation, an autolink or a broken table — in `CommonMark`, GitHub's
//! Markdown (with its autolinks) and pandoc's Markdown alike — while staying
//! pleasant to read and edit: a character is escaped only where it would make
//! structure in that position (an apostrophe never, a colon only where an
//! autolink or a definition could start, a period only after a list marker).
//!
//! Two characters are written differently: leading and trailing spaces, tabs
//! and line breaks inside one-line text become character references, and an
//! `@` followed by a word character is followed by an invisible WORD JOINER
//! (U+2060), the only way to stop GitHub from turning `user@host.tld` into a
//! `mailto:` link (cmark-gfm finds e-mail addresses after escapes are
//! resolved); [`strip_joiners`] lets the HTML, Word and PDF outputs drop it.
//! Control characters are removed.

/// The invisible character written after an `@` that could start an e-mail
/// domain or a pandoc citation key.
pub const JOINER: char = '\u{2060}';

/// GREEK VARIA (U+1FEF), which Unicode's NFC — and so pandoc, which
/// normalises its input — turns into a backtick.
const VARIA: char = '\u{1fef}';

/// `@` followed by the joiner, as [`inline`], [`cell`] and [`block`] write it.
pub const JOINER_AFTER_AT: &str = "@\u{2060}";

/// Removes control characters other than tab and line feed, and normalises
/// line ends; what remains is printed exactly.
pub fn sanitize(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect()
}

/// Where a line of user text stands, which decides what its first
/// characters could start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineStart {
    /// Perhaps the start of a paragraph (text placed by a template, or the
    /// first line of a block): every block marker is escaped.
    Paragraph,
    /// A line after a hard break inside a paragraph: only what can interrupt
    /// a paragraph (`CommonMark` headings, quotes, bullets, `1.`, underlines,
    /// definitions) is escaped; pandoc's letter, roman and `(1)` markers
    /// cannot, since pandoc wants a blank line before a list.
    Continuation,
}

/// Is `c` a space or tab?
fn blank(c: Option<char>) -> bool {
    matches!(c, Some(' ' | '\t'))
}

/// Does the line start with a list marker that ends at `end` (the index of
/// its `.` or `)`), followed by whitespace or the end of the line?
fn list_marker(chars: &[char], end: usize, start: LineStart) -> bool {
    // No marker is longer than nine digits (or a long roman numeral): this
    // also keeps a megabyte of periods linear.
    if end > 12 {
        return false;
    }
    let delimiter = chars[end];
    if !matches!(delimiter, '.' | ')') {
        return false;
    }
    let after = chars.get(end + 1).copied();
    if !(after.is_none() || blank(after)) {
        return false;
    }
    let run = &chars[..end];
    if run.is_empty() {
        return false;
    }
    if run.len() <= 9 && run.iter().all(char::is_ascii_digit) {
        return true;
    }
    if start == LineStart::Continuation {
        return false;
    }
    // pandoc's fancy lists: a letter, a roman numeral, `#`, `@` (examples).
    let roman = |set: &str| run.iter().all(|c| set.contains(*c));
    if run.len() == 1 && run[0].is_ascii_uppercase() && delimiter == '.' {
        // "A. Okafor": pandoc wants two spaces after a capital and a period.
        return after.is_none() || after == Some('\t') || chars.get(end + 2) == Some(&' ');
    }
    (run.len() == 1 && (run[0].is_ascii_alphabetic() || matches!(run[0], '#' | '@')))
        || roman("ivxlcdm")
        || roman("IVXLCDM")
        || (run[0] == '@'
            && run[1..]
                .iter()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-')))
}

/// Does the line open with pandoc's parenthesised list marker: `(1)`,
/// `(a)`, `(iv)`, `(@)`, `(@label)`, `(#)`, followed by whitespace or the end?
fn parenthesised_marker(chars: &[char]) -> bool {
    let Some(close) = chars.iter().position(|&c| c == ')') else {
        return false;
    };
    let after = chars.get(close + 1).copied();
    if close < 2 || !(after.is_none() || blank(after)) {
        return false;
    }
    list_marker(&chars[1..=close], close - 1, LineStart::Paragraph)
}

/// Does `&` at `i` start a character reference (`&amp;`, `&#60;`, `&#x3c;`)?
fn reference_at(chars: &[char], i: usize) -> bool {
    let rest = &chars[i + 1..];
    let body = rest
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == '#')
        .count();
    body > 0 && body <= 33 && rest.get(body) == Some(&';')
}

/// Does `:` at `i` start an emoji shortcode (`:smile:`) as GitHub and pandoc's
/// `gfm` read them?
fn shortcode_at(chars: &[char], i: usize) -> bool {
    let rest = &chars[i + 1..];
    let name = rest
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-'))
        .count();
    name > 0 && rest.get(name) == Some(&':')
}

/// Is the whole line (trailing blanks aside) made of one repeated character,
/// as a setext underline or a thematic break is?
fn only(chars: &[char], c: char) -> bool {
    let end = chars.len() - chars.iter().rev().take_while(|c| blank(Some(**c))).count();
    end > 0 && chars[..end].iter().all(|&x| x == c)
}

/// Could the line be a setext underline, a thematic break or GitHub's
/// table delimiter row (`---`, `-:`, `- - -`)? Only dashes, colons and blanks.
fn delimiter_row(chars: &[char]) -> bool {
    chars.iter().all(|&c| matches!(c, '-' | ':' | ' ' | '\t'))
}

/// Should `chars[i]` be backslash-escaped at this place? `referenced[i]`
/// says a character is written as a character reference, which a parser
/// sees as `&…;`, not as the blank it stands for.
fn needs_escape(chars: &[char], referenced: &[bool], i: usize, start: Option<LineStart>) -> bool {
    let c = chars[i];
    let previous = i
        .checked_sub(1)
        .map(|p| if referenced[p] { ';' } else { chars[p] });
    let next = chars
        .get(i + 1)
        .map(|&n| if referenced[i + 1] { '&' } else { n });
    // Block markers, only at the very start of a line.
    if i == 0
        && let Some(start) = start
    {
        let marker = match c {
            '#' | '>' | ':' | '@' | '+' => true,
            '-' => next.is_none() || blank(next) || delimiter_row(chars),
            '=' => only(chars, '='),
            '(' => start == LineStart::Paragraph && parenthesised_marker(chars),
            _ => false,
        };
        if marker {
            return true;
        }
    }
    if start.is_some() && i > 0 && list_marker(chars, i, start.unwrap_or(LineStart::Paragraph)) {
        return true;
    }
    match c {
        '\\' | '`' | '~' | '^' | '[' | ']' | '|' => true,
        // Emphasis needs a delimiter next to a non-blank; between blanks it is text.
        '*' => !(blank(previous) && blank(next)),
        // Intraword underscores never make emphasis (CommonMark, pandoc).
        '_' => {
            let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
            !(word(previous) && word(next) || blank(previous) && blank(next))
        }
        // HTML and autolinks need a letter, `/`, `!` or `?` after `<`.
        '<' => !(blank(next) || next.is_some_and(|n| n.is_ascii_digit() || n == '=' || n == '-')),
        '&' => reference_at(chars, i),
        // Math: every `$` that could close a span, and `$$`.
        '$' => !blank(previous) || next == Some('$'),
        // A URL's `://` (GitHub autolinks `http://`, `https://`, `ftp://`), an emoji.
        ':' => (next == Some('/') && chars.get(i + 2) == Some(&'/')) || shortcode_at(chars, i),
        // `www.` is autolinked by GitHub.
        '.' => {
            i >= 3
                && chars[i - 3..i]
                    .iter()
                    .collect::<String>()
                    .eq_ignore_ascii_case("www")
        }
        // Template code for tools that run Liquid or Jinja over Markdown.
        '{' => matches!(next, Some('{' | '%' | '#')) || previous == Some('{'),
        _ => false,
    }
}

/// Escapes one line (no line breaks). `start` is `None` for a line that
/// continues running text (after a line-feed reference), where no block
/// marker can start.
fn escape_line(line: &str, out: &mut String, start: Option<LineStart>, pipe_as_reference: bool) {
    let chars: Vec<char> = line.chars().collect();
    let leading = chars.iter().take_while(|c| **c == ' ').count();
    let trailing = if leading == chars.len() {
        0
    } else {
        chars.iter().rev().take_while(|c| **c == ' ').count()
    };
    // After a leading space written as a reference, the line starts with `&`:
    // no block marker can follow.
    let start = if leading > 0 { None } else { start };
    let edge = |i: usize| i < leading || i >= chars.len() - trailing;
    let referenced: Vec<bool> = (0..chars.len())
        .map(|i| {
            matches!(chars[i], '\t' | VARIA)
                || (chars[i] == ' ' && edge(i))
                || (pipe_as_reference && chars[i] == '|')
        })
        .collect();
    for (i, &c) in chars.iter().enumerate() {
        let edge = edge(i);
        match c {
            ' ' if edge => out.push_str("&#32;"),
            '\t' => out.push_str("&#9;"),
            // pandoc reads text in Unicode's NFC, where GREEK VARIA is a backtick.
            VARIA => out.push_str("&#8175;"),
            '|' if pipe_as_reference => out.push_str("&#124;"),
            '@' => {
                if needs_escape(&chars, &referenced, i, start) {
                    out.push('\\');
                }
                out.push('@');
                if !chars.get(i + 1).is_some_and(|n| n.is_whitespace()) {
                    out.push(JOINER);
                }
            }
            c if needs_escape(&chars, &referenced, i, start) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
}

/// Text in running prose: one paragraph-safe span; line breaks become a
/// character reference (shown as a space).
pub fn inline(text: &str) -> String {
    one_line(text, false)
}

/// Text in a table cell: as [`inline`], and `|` can never split the cell.
pub fn cell(text: &str) -> String {
    one_line(text, true)
}

/// Escapes every line and joins them with a line-feed reference.
fn one_line(text: &str, pipe_as_reference: bool) -> String {
    let text = sanitize(text);
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("&#10;");
        }
        // A table cell holds inlines only: no block marker can start in it.
        let start = (i == 0 && !pipe_as_reference).then_some(LineStart::Paragraph);
        escape_line(line, &mut out, start, pipe_as_reference);
    }
    out
}

/// Multi-line text as its own block quote: lines kept (hard breaks),
/// paragraphs kept (runs of blank lines become one paragraph break).
/// Empty text gives an empty string.
pub fn block(text: &str) -> String {
    let text = sanitize(text);
    let paragraphs = paragraphs(&text);
    let mut out = String::new();
    for (p, lines) in paragraphs.iter().enumerate() {
        if p > 0 {
            out.push_str("\n>\n");
        }
        for (i, line) in lines.iter().enumerate() {
            out.push_str("> ");
            let start = if i == 0 {
                LineStart::Paragraph
            } else {
                LineStart::Continuation
            };
            escape_line(line, &mut out, Some(start), false);
            if i + 1 < lines.len() {
                out.push('\\');
            }
            out.push('\n');
        }
        out.pop();
    }
    out
}

/// The text as [`block`] preserves it: paragraphs of lines, blank lines
/// (empty or only spaces and tabs) between them collapsed.
pub fn paragraphs(text: &str) -> Vec<Vec<&str>> {
    let mut out: Vec<Vec<&str>> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.split('\n') {
        if line.trim_matches([' ', '\t']).is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Text as a code span (an id, a hash): shown verbatim in monospace. The
/// fence is longer than any run of backticks inside; line breaks become
/// spaces, since a code span is one line.
pub fn code(text: &str) -> String {
    let text = sanitize(text).replace(['\n', '\t'], " ");
    // GREEK VARIA counts as a backtick: pandoc reads it as one (NFC).
    let longest = text
        .split(|c| c != '`' && c != VARIA)
        .map(|run| run.chars().count())
        .max()
        .unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with(['`', ' ', VARIA]) || text.ends_with(['`', ' ', VARIA]) {
        " "
    } else {
        ""
    };
    if text.trim().is_empty() {
        return String::new();
    }
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// Escaped Markdown as a YAML scalar for the metadata block (pandoc reads
/// its values as Markdown): single-quoted, so no escape sequence is read;
/// characters YAML cannot hold are dropped.
pub fn yaml(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() + 2);
    out.push('\'');
    for c in markdown.chars() {
        match c {
            '\'' => out.push_str("''"),
            '\n' | '\r' | '\t' => out.push(' '),
            '\u{fffe}' | '\u{ffff}' | '\u{feff}' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// Text for an XML (SVG, HTML) text node or attribute.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in sanitize(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Text of a parsed document (a text node of pulldown-cmark, a `Str` of
/// pandoc) with the joiners tana wrote after `@` removed, for outputs that
/// no GitHub renderer reads (HTML, Word, PDF). Applied to parsed text, never
/// to Markdown source, where the joiner also stops pandoc citations.
pub fn strip_joiners(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains(JOINER_AFTER_AT) {
        std::borrow::Cow::Owned(text.replace(JOINER_AFTER_AT, "@"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// The cells of a table row (`| a | b |`); `\|` does not split a cell.
fn row_cells(line: &str) -> Vec<&str> {
    let inner = line.trim().trim_start_matches('|');
    let inner = inner
        .strip_suffix('|')
        .filter(|s| !s.ends_with('\\'))
        .unwrap_or(inner);
    let mut cells = Vec::new();
    let mut start = 0;
    let bytes = inner.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'|' && (i == 0 || bytes[i - 1] != b'\\') {
            cells.push(inner[start..i].trim());
            start = i + 1;
        }
    }
    cells.push(inner[start..].trim());
    cells
}

/// Is this line a table's separator row (`|---|:---:|`)?
fn is_rule_row(line: &str) -> bool {
    let line = line.trim();
    line.starts_with('|')
        && line.contains('-')
        && line.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// The widest a column's share is measured to, in characters.
const COLUMN_CAP: usize = 60;
/// The narrowest share, so that a short header (`Level`, `#`) still fits.
const MIN_COLUMN: usize = 7;

/// Rewrites every pipe table's separator row so that its dashes are
/// proportioned to the content of each column (the longest cell, capped at
/// [`COLUMN_CAP`], and never less than its longest word): pandoc takes a
/// wide table's column widths from them, so a code column stays narrow and
/// a question column wide, in Word and PDF.
pub fn fit_table_rules(markdown: &str) -> String {
    use unicode_width::UnicodeWidthStr as _;
    let lines: Vec<&str> = markdown.split('\n').collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let header = lines[i];
        if !(header.trim_start().starts_with('|')
            && lines.get(i + 1).is_some_and(|l| is_rule_row(l)))
        {
            out.push(header.to_string());
            i += 1;
            continue;
        }
        let rule = row_cells(lines[i + 1]);
        let mut end = i + 2;
        while end < lines.len() && lines[end].trim_start().starts_with('|') {
            end += 1;
        }
        let mut widths = vec![MIN_COLUMN; rule.len()];
        for line in std::iter::once(header).chain(lines[i + 2..end].iter().copied()) {
            for (column, cell) in row_cells(line).iter().enumerate().take(rule.len()) {
                let longest_word = cell
                    .split_whitespace()
                    .map(unicode_width::UnicodeWidthStr::width)
                    .max()
                    .unwrap_or(0);
                let width = cell
                    .width()
                    .min(COLUMN_CAP)
                    .max(longest_word.min(COLUMN_CAP));
                widths[column] = widths[column].max(width);
            }
        }
        let separator: Vec<String> = rule
            .iter()
            .zip(&widths)
            .map(|(cell, &width)| {
                let left = if cell.starts_with(':') { ":" } else { "" };
                let right = if cell.ends_with(':') { ":" } else { "" };
                let dashes = width.saturating_sub(left.len() + right.len()).max(1);
                format!("{left}{}{right}", "-".repeat(dashes))
            })
            .collect();
        out.push(header.to_string());
        out.push(format!("| {} |", separator.join(" | ")));
        out.extend(lines[i + 2..end].iter().map(ToString::to_string));
        i = end;
    }
    out.join("\n")
}

#[cfg(test)]
mod tests;
