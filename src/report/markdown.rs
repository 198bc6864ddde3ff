//! Escaping user text for its place in Markdown, so that it reads exactly as
//! typed and can never make a heading, list, link, image, HTML, template
//! code or a broken table. Every ASCII punctuation character is
//! backslash-escaped; spaces that Markdown would drop and line breaks are
//! written as character references; control characters are removed.

/// Removes control characters other than tab and line feed, and normalises
/// line ends; what remains is printed exactly.
pub fn sanitize(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect()
}

/// Escapes one line (no line breaks) for use in running text. Characters
/// that can make Markdown (or pandoc's and GitHub's extensions) are
/// backslash-escaped; those that only matter in a position (`-`, `.`, `)`,
/// `(`, `+`, `=`) are escaped only there, so dates and decimals stay readable.
fn escape_line(line: &str, out: &mut String, pipe_as_reference: bool) {
    let chars: Vec<char> = line.chars().collect();
    let leading = chars.iter().take_while(|c| **c == ' ').count();
    let trailing = if leading == chars.len() {
        0
    } else {
        chars.iter().rev().take_while(|c| **c == ' ').count()
    };
    for (i, &c) in chars.iter().enumerate() {
        let edge = i < leading || i >= chars.len() - trailing;
        let at_start = i == leading;
        let previous = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        // After a list marker at the start of the line and before a space,
        // `1. `, `a) ` or `iv. ` would open a list (CommonMark, and pandoc's
        // fancy lists).
        let run: &[char] = if i > leading { &chars[leading..i] } else { &[] };
        let after_marker = !run.is_empty()
            && matches!(next, None | Some(' ' | '\t'))
            && ((run.len() <= 9 && run.iter().all(char::is_ascii_digit))
                || (run.len() == 1 && run[0].is_ascii_alphabetic())
                || run.iter().all(|c| "ivxlcdmIVXLCDM".contains(*c)));
        let escape = match c {
            '-' => at_start || previous == Some('-') || next == Some('-'),
            '.' => {
                after_marker
                    || previous == Some('.')
                    || next == Some('.')
                    || (i >= 3
                        && chars[i - 3..i]
                            .iter()
                            .collect::<String>()
                            .eq_ignore_ascii_case("www"))
            }
            ')' => after_marker,
            '+' | '=' | '(' => at_start,
            ',' | ';' | '?' | '%' | '/' | '!' => false,
            c => c.is_ascii_punctuation(),
        };
        match c {
            ' ' if edge => out.push_str("&#32;"),
            '\t' => out.push_str("&#9;"),
            '|' if pipe_as_reference => out.push_str("&#124;"),
            c if escape => {
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
    let mut out = String::with_capacity(text.len() * 2);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("&#10;");
        }
        escape_line(line, &mut out, pipe_as_reference);
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
            escape_line(line, &mut out, false);
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
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with(['`', ' ']) || text.ends_with(['`', ' ']) {
        " "
    } else {
        ""
    };
    if text.trim().is_empty() {
        return String::new();
    }
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// Text for an XML (SVG) text node or attribute.
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

#[cfg(test)]
mod tests;
