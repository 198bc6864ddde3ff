//! The start screen: recent sessions on the left, the New assessment form
//! on the right.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};

use super::app::App;
use super::form::FormPanel;
use super::view::{CursorCell, block, list_start};
use super::wrap::truncate;

pub struct StartScreen<'a> {
    pub app: &'a App,
    pub cursor: &'a CursorCell,
}

impl Widget for StartScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let theme = app.theme;
        let start = &app.start;
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)])
                .areas(area);

        let recent_block = block(theme, " Recent sessions ");
        let inner = recent_block.inner(left);
        recent_block.render(left, buf);
        let mut lines = Vec::new();
        if start.recent.is_empty() {
            lines.push(Line::styled("No sessions yet.", theme.dim()));
            let hint = if start.form_open {
                "Fill in the form to start one."
            } else {
                "Press n to start one, q to quit."
            };
            lines.push(Line::styled(hint, theme.dim()));
        }
        let width = usize::from(inner.width);
        // Two lines per session.
        let first = list_start(start.selected, usize::from(inner.height) / 2);
        for (i, entry) in start.recent.iter().enumerate().skip(first) {
            let selected = i == start.selected && !start.form_open;
            let pointer = if selected { theme.pointer() } else { " " };
            let style = if selected {
                theme.highlight()
            } else {
                Style::new()
            };
            lines.push(Line::styled(
                truncate(
                    &format!("{pointer} {}", entry.state),
                    width,
                    theme.ellipsis(),
                ),
                style,
            ));
            let file = entry
                .path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            lines.push(Line::styled(
                truncate(
                    &theme.chrome(&format!("  {file} · {}", entry.opened)),
                    width,
                    theme.ellipsis(),
                ),
                theme.dim(),
            ));
        }
        Paragraph::new(lines).render(inner, buf);

        let form_block = block(theme, " New assessment ");
        let inner = form_block.inner(right);
        form_block.render(right, buf);
        (&FormPanel {
            form: &start.form,
            theme,
            active: start.form_open,
            cursor: self.cursor,
        })
            .render(inner, buf);
    }
}
