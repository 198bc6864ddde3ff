//! The source picker over the interview: the stakeholders by number (0 a
//! desk review naming no one), each marked with how it is already a source
//! of the current answer, and the way the next pick is recorded (Tab
//! changes it). A digit picks and closes: two keys from the question.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Widget};

use super::app::App;
use super::view::{block, centered, list_start, more};
use super::wrap::truncate;
use crate::words;

pub struct SourceOverlay<'a> {
    pub app: &'a App,
}

impl Widget for SourceOverlay<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let theme = app.theme;
        let Some(interview) = app.interview() else {
            return;
        };
        let session = &interview.session;
        let sources = interview
            .answer()
            .map(|a| a.sources.as_slice())
            .unwrap_or_default();
        // The explanation, a row per stakeholder and the desk review, the borders.
        let wanted = u16::try_from(session.stakeholders.len().max(1) + 4).unwrap_or(u16::MAX);
        let popup = centered(
            area,
            area.width.saturating_sub(4).min(76),
            wanted.min(area.height.saturating_sub(2)),
        );
        Clear.render(popup, buf);
        let title = format!(
            " Source of {} · how: {} (Tab) · Esc closes ",
            interview.question().id,
            words::source_how(app.source.how)
        );
        let panel = block(theme, Line::styled(title, theme.title()));
        let inner = panel.inner(popup);
        panel.render(popup, buf);
        let width = usize::from(inner.width);
        let mut lines = vec![Line::styled(
            truncate(
                "A number picks it the way above (Tab changes it); again takes it away.",
                width,
                theme.ellipsis(),
            ),
            theme.dim(),
        )];
        let mark = |stakeholder: Option<&str>| -> String {
            sources
                .iter()
                .find(|s| s.stakeholder.as_deref() == stakeholder)
                .map(|s| format!("  {} {}", theme.chosen_mark(), words::source_how(s.how)))
                .unwrap_or_default()
        };
        let mut rows: Vec<(String, bool)> =
            vec![(format!("0  desk review, naming no one{}", mark(None)), true)];
        for (i, s) in session.stakeholders.iter().enumerate() {
            rows.push((
                format!(
                    "{:<2} {}{}",
                    i + 1,
                    words::stakeholder_line(s),
                    mark(Some(&s.id))
                ),
                s.met,
            ));
        }
        if session.stakeholders.is_empty() {
            rows.push((
                "   no stakeholders yet: m opens the Mission screen to add them".into(),
                false,
            ));
        }
        let height = usize::from(inner.height).saturating_sub(lines.len());
        let visible = if rows.len() > height {
            height.saturating_sub(1).max(1)
        } else {
            height
        };
        let first = list_start(app.source.selected, visible);
        for (i, (text, met)) in rows.iter().enumerate().skip(first).take(visible) {
            let selected = i == app.source.selected;
            let pointer = if selected { theme.pointer() } else { " " };
            let style = if selected {
                theme.highlight()
            } else if *met {
                Style::new()
            } else {
                theme.dim()
            };
            lines.push(Line::styled(
                truncate(&format!("{pointer}{text}"), width, theme.ellipsis()),
                style,
            ));
        }
        let below = rows.len().saturating_sub(first + visible);
        if below > 0 {
            lines.push(Line::styled(
                theme.chrome(&format!("  ▼ {} below", more(below, "stakeholder"))),
                theme.dim(),
            ));
        }
        Paragraph::new(lines).render(inner, buf);
    }
}
