//! The NOT SAVED banner, which blocks everything until the save succeeds,
//! is sent elsewhere, or the assessor quits twice; and its path prompt.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

use super::app::{App, Overlay, SaveState};
use super::view::{CursorCell, centered, position_in};
use super::wrap::wrap;

pub struct NotSavedBanner<'a> {
    pub app: &'a App,
    pub cursor: &'a CursorCell,
}

impl Widget for NotSavedBanner<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let theme = app.theme;
        let reason = match &app.save {
            SaveState::Failed(reason) => reason.clone(),
            _ => String::new(),
        };
        let popup = centered(area, area.width.saturating_sub(6).min(70), 12);
        Clear.render(popup, buf);
        let banner = Block::bordered()
            .border_set(theme.border())
            .border_style(theme.error())
            .title(Line::styled(" NOT SAVED ", theme.error()));
        let inner = banner.inner(popup);
        banner.render(popup, buf);
        let width = usize::from(inner.width);
        let mut lines = vec![Line::styled(
            "The last changes are NOT on disk.",
            theme.warning(),
        )];
        for line in wrap(&reason, width).into_iter().take(4) {
            lines.push(Line::raw(line));
        }
        lines.push(Line::raw(""));
        if app.overlay == Overlay::Prompt {
            lines.push(Line::raw("Save to this file (Enter), Esc to go back:"));
            let (shown, column) = app.prompt.visible(width.saturating_sub(2).max(1));
            self.cursor.set(position_in(inner, 2 + column, lines.len()));
            lines.push(Line::styled(
                format!("{} {shown}", theme.pointer()),
                Style::new().add_modifier(Modifier::UNDERLINED),
            ));
        } else {
            lines.push(Line::raw(
                "Fix the cause (space, permissions, the USB stick), then:",
            ));
            lines.push(Line::from(vec![
                Span::styled(" r ", theme.key()),
                Span::raw("retry   "),
                Span::styled(" a ", theme.key()),
                Span::raw("save to another file   "),
                Span::styled(" q ", theme.key()),
                Span::raw("quit"),
            ]));
        }
        Paragraph::new(lines).render(inner, buf);
    }
}
