//! The interview screen: the sections list on the left; on the right the
//! question pane (or the search), and below it the note panel, which also
//! edits a text answer.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};

use super::app::{App, Focus};
use super::note::NotePanel;
use super::question::QuestionPane;
use super::search::SearchPane;
use super::view::{CursorCell, block, level_text, list_start};
use super::wrap::truncate;
use crate::interview::Interview;
use crate::questionnaire::SectionKind;

pub struct InterviewScreen<'a> {
    pub app: &'a App,
    pub cursor: &'a CursorCell,
}

impl Widget for InterviewScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let Some(interview) = app.interview() else {
            return;
        };
        let sections_width = if area.width >= 100 { 34 } else { 26 };
        let [left, right] =
            Layout::horizontal([Constraint::Length(sections_width), Constraint::Min(20)])
                .areas(area);
        Sections { app, interview }.render(left, buf);
        let editing = matches!(app.focus, Focus::Note | Focus::Reason | Focus::Text);
        let note_height = if editing { area.height / 2 } else { 5 };
        let [question_area, note_area] =
            Layout::vertical([Constraint::Min(6), Constraint::Length(note_height)]).areas(right);
        if app.focus == Focus::Search {
            SearchPane {
                app,
                interview,
                cursor: self.cursor,
            }
            .render(question_area, buf);
        } else {
            QuestionPane {
                app,
                interview,
                cursor: self.cursor,
            }
            .render(question_area, buf);
        }
        NotePanel {
            app,
            interview,
            cursor: self.cursor,
        }
        .render(note_area, buf);
    }
}

/// Each section with its answered/applicable count and its level.
struct Sections<'a> {
    app: &'a App,
    interview: &'a Interview,
}

impl Widget for Sections<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = self.app.theme;
        let interview = self.interview;
        let sections_block = block(theme, " Sections ");
        let inner = sections_block.inner(area);
        sections_block.render(area, buf);
        let width = usize::from(inner.width);
        let current = interview.question().section;
        let height = usize::from(inner.height);
        let first = list_start(current, height);
        let mut lines = Vec::with_capacity(height);
        for (i, section) in interview
            .questionnaire
            .sections
            .iter()
            .enumerate()
            .skip(first)
            .take(height)
        {
            let progress = interview.section_progress(i);
            let counts = format!("{}/{}", progress.answered, progress.applicable);
            let level = if section.kind == SectionKind::Scored {
                level_text(interview.scores().area(i).and_then(|a| a.level))
            } else {
                "   ".to_string()
            };
            let tail = format!(" {counts:>5} {level}");
            let pointer = if i == current { theme.pointer() } else { " " };
            let head_width = width.saturating_sub(tail.chars().count());
            let head = truncate(
                &format!("{pointer}{} {}", section.id, section.title.fallback()),
                head_width,
                theme.ellipsis(),
            );
            let style = if i == current {
                theme.highlight()
            } else {
                Style::new()
            };
            lines.push(Line::styled(format!("{head:<head_width$}{tail}"), style));
        }
        Paragraph::new(lines).render(inner, buf);
    }
}
