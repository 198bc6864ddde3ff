//! The note panel under the question: the note and evidence as recorded,
//! with a marker when it is longer than the panel; the editor when the note
//! or a text answer is being written.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};

use super::app::{App, Focus};
use super::view::{CursorCell, block, more, position_in};
use super::wrap::wrap;
use crate::interview::Interview;

pub struct NotePanel<'a> {
    pub app: &'a App,
    pub interview: &'a Interview,
    pub cursor: &'a CursorCell,
}

impl Widget for NotePanel<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let theme = app.theme;
        let editing = matches!(app.focus, Focus::Note | Focus::Reason | Focus::Text);
        let confidence = self
            .interview
            .answer()
            .and_then(|a| a.confidence)
            .map_or("not set", |c| c.name());
        let title = match app.focus {
            Focus::Note => " Note and evidence · editing, Esc to leave ".to_string(),
            Focus::Text => " Answer in the words given · Enter new line, Esc done ".to_string(),
            Focus::Reason => " The State's reason for its policy choice · Esc done ".to_string(),
            _ => format!(" Note and evidence · confidence {confidence} · e to edit "),
        };
        let mut note_block = block(
            theme,
            Line::styled(title, if editing { theme.key() } else { Style::new() }),
        );
        let inner = note_block.inner(area);
        if editing {
            note_block.render(area, buf);
            (&app.editor).render(inner, buf);
            let cursor = app.editor.screen_cursor();
            let column = cursor.col.min(usize::from(inner.width.saturating_sub(1)));
            let row = cursor.row.min(usize::from(inner.height.saturating_sub(1)));
            self.cursor.set(position_in(inner, column, row));
            return;
        }
        let note = self
            .interview
            .answer()
            .map(|a| a.note.as_str())
            .unwrap_or_default();
        let lines: Vec<Line> = if note.is_empty() {
            vec![Line::styled("(no note)", theme.dim())]
        } else {
            wrap(note, usize::from(inner.width))
                .into_iter()
                .map(Line::raw)
                .collect()
        };
        let hidden = lines.len().saturating_sub(usize::from(inner.height));
        if hidden > 0 {
            note_block = note_block.title_bottom(
                Line::styled(
                    theme.chrome(&format!(" ▼ {} · e to read all ", more(hidden, "line"))),
                    theme.dim(),
                )
                .alignment(Alignment::Right),
            );
        }
        note_block.render(area, buf);
        Paragraph::new(lines).render(inner, buf);
    }
}
