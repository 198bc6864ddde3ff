//! The Mission screen: the mission record grouped (the State, the mission,
//! the targets agreed with the State, bodies and suppliers, programmes,
//! funds, delivery windows, findings, the stakeholders), one row a field or
//! item, what the conflict checks still lack at the top, and the field being
//! edited at the bottom (a line, or the multi-line editor).
//!
//! ```text
//! ╭ Mission record · Enter edits · a adds · Esc back ─────────────────────╮
//! │! No supplier of the State's systems is recorded: experts affiliated… │
//! │The State                                                             │
//! │▶ Name                       Republic of Examplia                     │
//! │  Code (ISO 3166-1)          XE                                       │
//! │  …                                                                   │
//! ╰───────────────────────────────────────────────────────────────────────╯
//! ```

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::app::{App, EditKind};
use super::view::{CursorCell, block, list_start, more, position_in};
use super::wrap::{truncate, wrap};
use crate::interview::Interview;
use crate::matching::{self, Warning};
use crate::mission::{self, Field, List, Row};
use crate::words;

pub struct MissionScreen<'a> {
    pub app: &'a App,
    pub cursor: &'a CursorCell,
}

/// The width of the label column.
const LABEL_WIDTH: usize = 30;
/// At most this many warnings above the list.
const WARNINGS: usize = 3;

impl Widget for MissionScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let theme = app.theme;
        let Some(interview) = app.interview() else {
            return;
        };
        let title = match app.mission.item {
            Some((list, index, _)) => format!(
                " {} · Enter edits · Esc back to the list ",
                item_line(interview, list, index)
            ),
            None => " Mission record · Enter edits · a adds · Esc back ".to_string(),
        };
        let panel = block(
            theme,
            Line::styled(
                truncate(
                    &title,
                    usize::from(area.width.saturating_sub(4)),
                    theme.ellipsis(),
                ),
                theme.title(),
            ),
        );
        let editor_rows: u16 = match app.mission.editing {
            None => 0,
            Some((_, EditKind::Line)) => 4,
            Some((_, EditKind::Text)) => (area.height / 2).max(6),
        };
        let [list_area, edit_area] =
            Layout::vertical([Constraint::Min(3), Constraint::Length(editor_rows)]).areas(area);
        let inner = panel.inner(list_area);
        panel.render(list_area, buf);
        let width = usize::from(inner.width);

        let mut lines: Vec<Line> = Vec::new();
        if app.mission.item.is_none() {
            for warning in warnings(interview).iter().take(WARNINGS) {
                lines.push(Line::styled(
                    truncate(
                        &format!("! {}", words::warning(warning)),
                        width,
                        theme.ellipsis(),
                    ),
                    theme.warning(),
                ));
            }
        }
        let rows = app.mission_rows();
        let height = usize::from(inner.height).saturating_sub(lines.len());
        let visible = if rows.len() > height {
            height.saturating_sub(1).max(1)
        } else {
            height
        };
        let first = list_start(app.mission.selected, visible);
        for (i, row) in rows.iter().enumerate().skip(first).take(visible) {
            let selected = i == app.mission.selected;
            lines.push(row_line(app, interview, row, selected, width));
        }
        let below = rows.len().saturating_sub(first + visible);
        if below > 0 {
            lines.push(Line::styled(
                theme.chrome(&format!("  ▼ {} below", more(below, "row"))),
                theme.dim(),
            ));
        }
        Paragraph::new(lines).render(inner, buf);

        if let Some((field, kind)) = &app.mission.editing {
            EditPanel {
                app,
                interview,
                field,
                kind: *kind,
                cursor: self.cursor,
            }
            .render(edit_area, buf);
        }
    }
}

/// What the matching will not be able to check with the record as it is.
fn warnings(interview: &Interview) -> Vec<Warning> {
    let profile = matching::Profile::of(&interview.questionnaire, &interview.session);
    let mut out = matching::warnings(&profile, &[], &matching::Options::default());
    if profile.delivery_windows.is_empty() {
        out.push(Warning::NoDeliveryWindow {
            fallback: profile.mission_dates,
        });
    }
    out
}

fn item_line(interview: &Interview, list: List, index: usize) -> String {
    let session = &interview.session;
    let m = &session.mission;
    match list {
        List::Stakeholders => session.stakeholders.get(index).map(words::stakeholder_line),
        List::Programmes => m.programmes.get(index).map(words::programme_line),
        List::Funds => m.funds.get(index).map(words::fund_line),
        List::Windows => m.delivery_windows.get(index).map(words::window_line),
    }
    .unwrap_or_default()
}

fn add_label(list: List) -> &'static str {
    match list {
        List::Stakeholders => "+ add a stakeholder (a)",
        List::Programmes => "+ add a programme under way (a)",
        List::Funds => "+ add a fund or pledge (a)",
        List::Windows => "+ add a delivery window (a)",
    }
}

fn row_line(
    app: &App,
    interview: &Interview,
    row: &Row,
    selected: bool,
    width: usize,
) -> Line<'static> {
    let theme = app.theme;
    let pointer = if selected { theme.pointer() } else { " " };
    let style = if selected {
        theme.highlight()
    } else {
        Style::new()
    };
    match row {
        Row::Heading(group) => Line::styled(
            truncate(words::group_title(*group), width, theme.ellipsis()),
            theme.title(),
        ),
        Row::Item(list, index) => Line::styled(
            truncate(
                &format!("{pointer} {}", item_line(interview, *list, *index)),
                width,
                theme.ellipsis(),
            ),
            style,
        ),
        Row::Add(list) => Line::styled(
            truncate(
                &format!("{pointer} {}", add_label(*list)),
                width,
                theme.ellipsis(),
            ),
            if selected {
                theme.highlight()
            } else {
                theme.dim()
            },
        ),
        Row::Field(field) => {
            let label = truncate(
                &words::field_label(field, &interview.questionnaire),
                LABEL_WIDTH - 1,
                theme.ellipsis(),
            );
            let value = mission::value(&interview.session, &interview.questionnaire, field);
            let room = width.saturating_sub(LABEL_WIDTH + 2);
            let mut spans = vec![Span::styled(
                format!("{pointer} {label:<w$} ", w = LABEL_WIDTH - 1),
                style,
            )];
            if value.is_empty() {
                spans.push(Span::styled(
                    truncate(&empty_text(interview, field), room, theme.ellipsis()),
                    theme.dim(),
                ));
            } else {
                let mut lines = value.lines();
                let first = lines.next().unwrap_or_default();
                let rest = lines.count();
                let text = if rest > 0 {
                    format!("{first} (+{})", more(rest, "line"))
                } else {
                    first.to_string()
                };
                spans.push(Span::styled(truncate(&text, room, theme.ellipsis()), style));
            }
            Line::from(spans)
        }
    }
}

/// What an empty field means: the questionnaire's target, or nothing yet.
fn empty_text(interview: &Interview, field: &Field) -> String {
    match field {
        Field::AreaTarget(id) => interview
            .scores()
            .areas
            .iter()
            .find(|a| interview.questionnaire.sections[a.section].id == *id)
            .map_or_else(
                || "(the questionnaire's)".to_string(),
                |a| format!("({})", words::target(a.target)),
            ),
        Field::Target => format!("(the questionnaire's, {})", interview.scores().target),
        _ => "(empty)".to_string(),
    }
}

/// The field being edited: its label and hint, then the line or the editor.
struct EditPanel<'a> {
    app: &'a App,
    interview: &'a Interview,
    field: &'a Field,
    kind: EditKind,
    cursor: &'a CursorCell,
}

impl Widget for EditPanel<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let theme = app.theme;
        let label = words::field_label(self.field, &self.interview.questionnaire);
        let done = match self.kind {
            EditKind::Line => "Enter records, Esc cancels",
            EditKind::Text => "Esc records",
        };
        let panel = block(
            theme,
            Line::styled(
                truncate(
                    &format!(" {label} · {done} "),
                    usize::from(area.width.saturating_sub(4)),
                    theme.ellipsis(),
                ),
                theme.key(),
            ),
        );
        let inner = panel.inner(area);
        panel.render(area, buf);
        let width = usize::from(inner.width);
        let hint = words::field_hint(self.field);
        let hint_lines: Vec<String> = if hint.is_empty() {
            Vec::new()
        } else {
            wrap(hint, width).into_iter().take(2).collect()
        };
        let hint_rows = u16::try_from(hint_lines.len()).unwrap_or(0);
        let [hint_area, text_area] =
            Layout::vertical([Constraint::Length(hint_rows), Constraint::Min(1)]).areas(inner);
        Paragraph::new(
            hint_lines
                .into_iter()
                .map(|l| Line::styled(l, theme.dim()))
                .collect::<Vec<_>>(),
        )
        .render(hint_area, buf);
        match self.kind {
            EditKind::Line => {
                let (shown, column) = app.mission.input.visible(width.max(1));
                Paragraph::new(Line::raw(shown)).render(text_area, buf);
                self.cursor.set(position_in(text_area, column, 0));
            }
            EditKind::Text => {
                (&app.editor).render(text_area, buf);
                let cursor = app.editor.screen_cursor();
                let column = cursor
                    .col
                    .min(usize::from(text_area.width.saturating_sub(1)));
                let row = cursor
                    .row
                    .min(usize::from(text_area.height.saturating_sub(1)));
                self.cursor.set(position_in(text_area, column, row));
            }
        }
    }
}
