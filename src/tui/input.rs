//! A single-line text input (form fields, typed answers, search, paths):
//! cursor movement by character, widths measured with unicode-width so wide
//! and combining characters place the cursor correctly.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use unicode_width::UnicodeWidthChar as _;

/// Longest text a single-line input accepts (a paste beyond it is cut).
pub const MAX_LINE: usize = 4_000;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    text: String,
    /// Cursor position in characters.
    cursor: usize,
}

impl LineInput {
    pub fn with_text(text: &str) -> Self {
        let text = clean_line(text);
        let cursor = text.chars().count();
        Self { text, cursor }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(i, _)| i)
    }

    pub fn insert_str(&mut self, s: &str) {
        let room = MAX_LINE.saturating_sub(self.text.chars().count());
        let s: String = clean_line(s).chars().take(room).collect();
        let at = self.byte_at(self.cursor);
        self.text.insert_str(at, &s);
        self.cursor += s.chars().count();
    }

    /// Deletes the text before the cursor (Ctrl-U); true if there was some.
    pub fn delete_to_start(&mut self) -> bool {
        if self.cursor == 0 {
            return false;
        }
        let at = self.byte_at(self.cursor);
        self.text.replace_range(..at, "");
        self.cursor = 0;
        true
    }

    /// Applies an editing key; returns true if the text changed.
    pub fn handle_key(&mut self, key: &KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let len = self.text.chars().count();
        match key.code {
            KeyCode::Char('u') if ctrl => return self.delete_to_start(),
            KeyCode::Char('a') if ctrl => self.cursor = 0,
            KeyCode::Char('e') if ctrl => self.cursor = len,
            KeyCode::Char(c) if !ctrl => {
                self.insert_str(&c.to_string());
                return true;
            }
            KeyCode::Backspace if self.cursor > 0 => {
                let at = self.byte_at(self.cursor - 1);
                self.text.remove(at);
                self.cursor -= 1;
                return true;
            }
            KeyCode::Delete if self.cursor < len => {
                let at = self.byte_at(self.cursor);
                self.text.remove(at);
                return true;
            }
            KeyCode::Left => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Right => self.cursor = (self.cursor + 1).min(len),
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = len,
            _ => {}
        }
        false
    }

    /// The visible part for a field `width` cells wide, and the cursor's
    /// column in it: the text scrolls so the cursor stays in view. Linear in
    /// the text's length (a long paste must not slow every frame).
    pub fn visible(&self, width: usize) -> (String, usize) {
        let width = width.max(1);
        let cells: Vec<(char, usize)> = self
            .text
            .chars()
            .map(|c| (c, c.width().unwrap_or(0)))
            .collect();
        let cursor = self.cursor.min(cells.len());
        let mut before: usize = cells[..cursor].iter().map(|(_, w)| w).sum();
        let mut start = 0;
        while before >= width && start < cursor {
            before -= cells[start].1;
            start += 1;
        }
        let mut shown = String::new();
        let mut used = 0;
        for &(c, w) in &cells[start..] {
            if used + w > width {
                break;
            }
            shown.push(c);
            used += w;
        }
        (shown, before)
    }
}

/// Removes control characters (a pasted escape sequence is never passed to
/// the terminal) and turns line breaks and tabs into spaces.
pub fn clean_line(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// Removes control characters except line breaks and tabs, and normalises
/// line ends, for multi-line notes.
pub fn clean_text(s: &str) -> String {
    s.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(input: &mut LineInput, code: KeyCode) {
        input.handle_key(&KeyEvent::new(code, KeyModifiers::NONE));
    }

    #[test]
    fn edits_by_character_not_byte() {
        let mut input = LineInput::with_text("Côte");
        press(&mut input, KeyCode::Backspace);
        press(&mut input, KeyCode::Left);
        press(&mut input, KeyCode::Char('ô'));
        assert_eq!(input.text(), "Côôt");
        press(&mut input, KeyCode::Home);
        press(&mut input, KeyCode::Delete);
        assert_eq!(input.text(), "ôôt");
    }

    #[test]
    fn ctrl_u_deletes_before_the_cursor() {
        let mut input = LineInput::with_text("2026-11-23");
        press(&mut input, KeyCode::Left);
        press(&mut input, KeyCode::Left);
        assert!(input.delete_to_start());
        assert_eq!(input.text(), "23");
        assert!(!input.delete_to_start(), "nothing before the cursor");
    }

    #[test]
    fn wide_characters_move_the_cursor_two_cells() {
        let input = LineInput::with_text("北京");
        assert_eq!(input.visible(10), ("北京".to_string(), 4));
        let (shown, cursor) = input.visible(3);
        assert!(cursor <= 3, "{shown:?} {cursor}");
    }

    #[test]
    fn the_cursor_stays_in_view_of_a_long_text() {
        let mut input = LineInput::with_text(&"abcdefghij".repeat(100));
        assert_eq!(
            input.visible(10),
            ("bcdefghij".to_string(), 9),
            "the end, the cursor after it"
        );
        press(&mut input, KeyCode::Home);
        assert_eq!(input.visible(4), ("abcd".to_string(), 0));
        press(&mut input, KeyCode::Right);
        press(&mut input, KeyCode::Right);
        assert_eq!(input.visible(4), ("abcd".to_string(), 2));
    }

    #[test]
    fn pasted_escape_sequences_are_removed() {
        let mut input = LineInput::default();
        input.insert_str("a\u{1b}[31mb\nc");
        assert_eq!(input.text(), "a[31mb c");
        assert_eq!(clean_text("x\r\ny\u{7}z"), "x\nyz");
    }

    #[test]
    fn long_pastes_are_bounded() {
        let mut input = LineInput::default();
        input.insert_str(&"x".repeat(MAX_LINE * 3));
        assert_eq!(input.text().len(), MAX_LINE);
    }
}
