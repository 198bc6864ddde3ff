//! The help overlay: every key of the screen it was opened from, straight
//! from the keymap, scrolled when it is taller than the screen.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use super::app::App;
use super::keymap::{self, Context};
use super::view::{block, centered, more};
use super::wrap::wrap;

pub struct HelpOverlay<'a> {
    pub app: &'a App,
}

impl Widget for HelpOverlay<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let theme = app.theme;
        // Help describes the keys of the place it was opened from.
        let mut origin = app.screen_context();
        if origin == Context::Help {
            origin = Context::Interview;
        }
        let rows = keymap::help(origin, theme.ascii);
        let popup = centered(area, area.width.saturating_sub(4).min(76), area.height);
        Clear.render(popup, buf);
        let title = format!(" Help · {} · Esc closes ", origin.title());
        let mut help_block = block(theme, Line::styled(title, theme.title()));
        let inner = help_block.inner(popup);
        let key_width = rows
            .iter()
            .map(|(k, _)| k.chars().count())
            .max()
            .unwrap_or(8)
            .min(22);
        let width = usize::from(inner.width)
            .saturating_sub(key_width + 2)
            .max(10);
        let mut lines = Vec::new();
        for (keys, help) in rows {
            for (i, part) in wrap(help, width).into_iter().enumerate() {
                let key = if i == 0 { keys.clone() } else { String::new() };
                lines.push(Line::from(vec![
                    Span::styled(format!("{key:<key_width$}  "), theme.key()),
                    Span::raw(theme.chrome(&part)),
                ]));
            }
        }
        lines.push(Line::raw(""));
        let closing = "Every change is saved at once; quitting saves first. Answers: 0-4 levels, \
                       u unknown, x not applicable. The whole list: docs/keys.md.";
        for part in wrap(closing, usize::from(inner.width)) {
            lines.push(Line::styled(part, theme.dim()));
        }
        let window = app
            .help_scroll
            .place(lines.len(), usize::from(inner.height), None);
        let mut markers = Vec::new();
        if window.above > 0 {
            markers.push(format!("▲ {} above", more(window.above, "line")));
        }
        if window.below > 0 {
            let keys = if theme.ascii { "Down" } else { "↓" };
            markers.push(format!(
                "▼ {} below · {keys} scrolls",
                more(window.below, "line")
            ));
        }
        if !markers.is_empty() {
            help_block = help_block.title_bottom(
                Line::styled(
                    theme.chrome(&format!(" {} ", markers.join(" · "))),
                    theme.dim(),
                )
                .alignment(Alignment::Right),
            );
        }
        help_block.render(popup, buf);
        Paragraph::new(lines)
            .scroll((u16::try_from(window.offset).unwrap_or(u16::MAX), 0))
            .render(inner, buf);
    }
}
