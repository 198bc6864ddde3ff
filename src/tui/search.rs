//! The search pane, in place of the question: the query and the matching
//! questions, asked ones first.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::app::App;
use super::view::{CursorCell, block, list_start, position_in};
use super::wrap::truncate;
use crate::interview::Interview;

pub struct SearchPane<'a> {
    pub app: &'a App,
    pub interview: &'a Interview,
    pub cursor: &'a CursorCell,
}

impl Widget for SearchPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let theme = app.theme;
        let interview = self.interview;
        let search_block = block(
            theme,
            Line::styled(" Search questions by text or id ", theme.title()),
        );
        let inner = search_block.inner(area);
        search_block.render(area, buf);
        let width = usize::from(inner.width);
        let (shown, column) = app.search.input.visible(width.saturating_sub(3).max(1));
        let mut lines = vec![Line::from(vec![
            Span::styled("/ ", theme.key()),
            Span::styled(shown, Style::new().add_modifier(Modifier::UNDERLINED)),
        ])];
        self.cursor.set(position_in(inner, 2 + column, 0));
        let hits = &app.search.hits;
        lines.push(Line::styled(
            match hits.len() {
                0 if app.search.input.text().trim().is_empty() => {
                    "type words of a question's text, or its id".to_string()
                }
                0 => "no question matches".to_string(),
                n => format!("{n} match{}", if n == 1 { "" } else { "es" }),
            },
            theme.dim(),
        ));
        let language = interview.questionnaire.fallback_language();
        let visible = usize::from(inner.height).saturating_sub(2);
        let first = list_start(app.search.selected, visible);
        for (i, &q) in hits.iter().enumerate().skip(first).take(visible) {
            let question = &interview.questionnaire.questions[q];
            let skipped = if interview.is_asked(q) {
                ""
            } else {
                " (skipped)"
            };
            let text = truncate(
                &format!(
                    "{:<7} {}{skipped}",
                    question.id,
                    question.text.get(language)
                ),
                width,
                theme.ellipsis(),
            );
            let style = if i == app.search.selected {
                theme.highlight()
            } else {
                Style::new()
            };
            lines.push(Line::styled(text, style));
        }
        Paragraph::new(lines).render(inner, buf);
    }
}
