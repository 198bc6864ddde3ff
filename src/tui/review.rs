//! The review screen: what is left before leaving (required questions
//! unanswered, items to confirm, low confidence, the rest unanswered), each
//! a jump away.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};

use super::app::App;
use super::view::{block, list_start, more};
use super::wrap::truncate;

pub struct ReviewScreen<'a> {
    pub app: &'a App,
}

impl Widget for ReviewScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let theme = app.theme;
        let Some(interview) = app.interview() else {
            return;
        };
        let items = app.review_items();
        let title = format!(
            " Review · {} item{} · Enter jumps ",
            items.len(),
            if items.len() == 1 { "" } else { "s" }
        );
        let review_block = block(theme, Line::styled(title, theme.title()));
        let inner = review_block.inner(area);
        review_block.render(area, buf);
        let width = usize::from(inner.width);
        let language = interview.questionnaire.fallback_language();
        let mut lines = Vec::new();
        if items.is_empty() {
            lines.push(Line::styled(
                "Nothing to review: every applicable question is answered with confidence.",
                theme.chosen(),
            ));
        }
        let height = usize::from(inner.height);
        let visible = if items.len() > height {
            height.saturating_sub(1)
        } else {
            height
        };
        let first = list_start(app.review_selected, visible);
        for (i, item) in items.iter().enumerate().skip(first).take(visible) {
            let question = &interview.questionnaire.questions[item.question];
            let selected = i == app.review_selected;
            let pointer = if selected { theme.pointer() } else { " " };
            let text = format!(
                "{pointer}{:<21} {:<7} {}",
                item.reason.label(),
                question.id,
                question.text.get(language)
            );
            let style = if selected {
                theme.highlight()
            } else {
                Style::new()
            };
            lines.push(Line::styled(
                truncate(&text, width, theme.ellipsis()),
                style,
            ));
        }
        let below = items.len().saturating_sub(first + visible);
        if below > 0 {
            lines.push(Line::styled(
                theme.chrome(&format!("  ▼ {} below", more(below, "item"))),
                theme.dim(),
            ));
        }
        Paragraph::new(lines).render(inner, buf);
    }
}
