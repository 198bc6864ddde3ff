//! Text made safe for a terminal: the one place where stored or file text
//! (notes, questions, roster entries, paths, error messages) is cleaned of
//! control characters and escape sequences before it is printed, and the
//! writers that print through it. A note holding `ESC ] 0 ; … BEL` (window
//! title), OSC 52 (clipboard), `ESC [ 2 J` (clear screen), C1 controls or
//! backspaces is shown as visible text, never obeyed by the terminal.

use std::borrow::Cow;
use std::io::{self, Write};

/// Whether the text is printed as several lines or must stay on one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Newlines and tabs are kept (notes, whole outputs, error chains).
    MultiLine,
    /// Newlines and tabs become spaces (a table cell, a prompt, a title).
    OneLine,
}

/// Makes `text` safe to print on a terminal. Every control character is
/// replaced by a visible stand-in, so an escape sequence arrives as harmless
/// text: C0 controls and DEL by their Unicode control pictures (`␛`, `␇`,
/// `␈`, …), C1 controls (U+0080–U+009F, which some terminals obey like
/// `ESC [`) by `�`. In [`Layout::MultiLine`] newlines and tabs are kept, and
/// a carriage return right before a newline (CRLF) is dropped; a lone
/// carriage return, which would let text overwrite its own line, is shown.
/// Everything else (any script, emoji, combining and bidirectional marks) is
/// kept as it is. Borrowed when there is nothing to change.
pub fn safe(text: &str, layout: Layout) -> Cow<'_, str> {
    let keeps = |c: char| match c {
        '\n' | '\t' => layout == Layout::MultiLine,
        c => !c.is_control(),
    };
    if text.chars().all(keeps) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\t' if layout == Layout::MultiLine => out.push(c),
            '\n' | '\t' => out.push(' '),
            '\r' if chars.peek() == Some(&'\n') => {}
            c if c.is_control() => out.push(stand_in(c)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The visible character shown in place of a control character.
fn stand_in(c: char) -> char {
    match u32::from(c) {
        // U+2400 SYMBOL FOR NULL … U+241F SYMBOL FOR UNIT SEPARATOR.
        code @ 0..=0x1f => char::from_u32(0x2400 + code).unwrap_or('\u{fffd}'),
        0x7f => '\u{2421}',
        _ => '\u{fffd}',
    }
}

/// JSON text (from `serde_json`) made safe for a terminal without changing
/// what it means: the characters `serde_json` leaves raw inside strings but
/// that a terminal may obey (DEL and the C1 controls) are written as
/// `\u00XX` escapes, which a JSON reader turns back into the same text.
pub fn safe_json(json: &str) -> Cow<'_, str> {
    if !json.chars().any(char::is_control) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        match c {
            // Structural whitespace between tokens; inside strings serde_json
            // already escapes every C0 control.
            '\n' | '\t' | '\r' => out.push(c),
            c if c.is_control() => {
                use std::fmt::Write as _;
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Prints text on standard output through [`safe`] (multi-line). A closed
/// pipe comes back as an error of kind [`io::ErrorKind::BrokenPipe`], which
/// `main` turns into a quiet exit.
pub fn print(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(safe(text, Layout::MultiLine).as_bytes())?;
    out.flush()
}

/// Prints one message line on standard error through [`safe`]; a closed
/// standard error is ignored (there is nowhere left to say anything).
pub fn eprint_line(text: &str) {
    let mut err = io::stderr().lock();
    let _ = err.write_all(safe(text, Layout::MultiLine).as_bytes());
    let _ = err.write_all(b"\n");
}

/// True when an error (or anything in its chain) is a closed pipe or a
/// closed terminal on output: the reader went away, nothing more to say.
pub fn is_closed_output(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// A writer that passes everything through [`safe`] (multi-line) on its way
/// to `inner`: plain mode prints every question, note and message through it.
/// Bytes are decoded as UTF-8 across write calls; a sequence split between
/// two calls is held back until it is complete, and invalid bytes are shown
/// as `�`.
pub struct SafeWriter<W: Write> {
    inner: W,
    pending: Vec<u8>,
}

impl<W: Write> SafeWriter<W> {
    pub fn new(inner: W) -> Self {
        Self {
            inner,
            pending: Vec::new(),
        }
    }

    pub fn into_inner(self) -> W {
        self.inner
    }
}

impl<W: Write> Write for SafeWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        let mut start = 0;
        let mut text = String::new();
        loop {
            match std::str::from_utf8(&self.pending[start..]) {
                Ok(valid) => {
                    text.push_str(valid);
                    start = self.pending.len();
                    break;
                }
                Err(e) => {
                    let valid = e.valid_up_to();
                    // The prefix was just checked, so this cannot fail.
                    text.push_str(
                        std::str::from_utf8(&self.pending[start..start + valid])
                            .unwrap_or_default(),
                    );
                    start += valid;
                    match e.error_len() {
                        Some(bad) => {
                            text.push('\u{fffd}');
                            start += bad;
                        }
                        // An incomplete sequence at the end: wait for the rest.
                        None => break,
                    }
                }
            }
        }
        self.pending.drain(..start);
        self.inner
            .write_all(safe(&text, Layout::MultiLine).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_arrive_as_visible_text() {
        let note = "a\u{1b}]0;owned\u{7}b\u{1b}]52;c;aGk=\u{7}\u{1b}[2J\u{9b}31m\u{8}\u{8}x";
        let shown = safe(note, Layout::MultiLine);
        assert!(!shown.chars().any(char::is_control), "{shown:?}");
        assert_eq!(shown, "a␛]0;owned␇b␛]52;c;aGk=␇␛[2J\u{fffd}31m␈␈x");
    }

    #[test]
    fn newlines_and_tabs_are_kept_only_on_several_lines() {
        assert_eq!(safe("a\r\nb\tc\rd", Layout::MultiLine), "a\nb\tc␍d");
        assert_eq!(safe("a\r\nb\tc", Layout::OneLine), "a b c");
    }

    #[test]
    fn ordinary_text_is_borrowed_and_unchanged() {
        let text = "Côte d'Ivoire — هوية 身份 👩🏽‍⚖️ e\u{301} \u{202e}x\u{202c}";
        assert!(matches!(safe(text, Layout::MultiLine), Cow::Borrowed(t) if t == text));
    }

    #[test]
    fn json_keeps_its_meaning() {
        let value = serde_json::json!({"note": "a\u{1b}[2J\u{9b}b\u{7f}"});
        let json = serde_json::to_string_pretty(&value).unwrap();
        let shown = safe_json(&json);
        assert!(
            !shown
                .chars()
                .any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
        );
        let back: serde_json::Value = serde_json::from_str(&shown).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn the_writer_cleans_across_split_writes() {
        let mut writer = SafeWriter::new(Vec::new());
        let bytes = "é\u{1b}[2J\u{9b}ok\n".as_bytes();
        for chunk in bytes.chunks(1) {
            writer.write_all(chunk).unwrap();
        }
        writer.write_all(b"\xff!").unwrap();
        let out = String::from_utf8(writer.into_inner()).unwrap();
        assert_eq!(out, "é␛[2J\u{fffd}ok\n\u{fffd}!");
    }
}
