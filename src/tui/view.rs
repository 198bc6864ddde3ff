//! Drawing: every screen is rendered from `&App`, nothing here changes
//! state. The interview screen at 80×24:
//!
//! ```text
//! tana │ Examplia │ 12/57 answered, 3 to confirm │ saved #42
//! ╭ Sections ──────────────╮╭ A3.2 · International cooperation · 2/6 ─╮
//! │ CX Context      8/24   ││ Is there a central authority …?         │
//! │▶A1 Criminal…    3/6 1.7││                                         │
//! │ A2 Procedur…    0/6  -  ││ ▶0 ○ No central authority is designated│
//! │ …                      ││  1 ● Designated, no dedicated staff     │
//! ╰────────────────────────╯╰─────────────────────────────────────────╯
//!                           ╭ Note · confidence medium ──────────────╮
//!                           │ Three staff; asked for 2025 figures.   │
//!                           ╰────────────────────────────────────────╯
//! ↑↓ move  0-9 pick  Enter confirm  n next  p prev  ] section  …
//! ```

use std::fmt::Write as _;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::app::{App, FORM_HINTS, FORM_LABELS, Focus, Overlay, SaveState, Screen};
use super::keymap::{self, Context};
use super::theme::Theme;
use super::wrap::{truncate, wrap};
use crate::interview::Interview;
use crate::needs;
use crate::questionnaire::{Kind, LEVEL_NAMES, Question, SectionKind};
use crate::session::{Status, Value};

/// Below this size the screen says so instead of drawing a broken layout.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        render_too_small(app.theme, frame, area);
        return;
    }
    let [header, body, message, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    render_header(app, frame, header);
    match app.screen {
        Screen::Start => render_start(app, frame, body),
        Screen::Interview => render_interview(app, frame, body),
        Screen::Review => render_review(app, frame, body),
        Screen::Summary => render_summary(app, frame, body),
    }
    render_message(app, frame, message);
    render_footer(app, frame, footer);
    match app.overlay {
        Overlay::Help => render_help(app, frame, body),
        Overlay::NotSaved | Overlay::Prompt => render_not_saved(app, frame, body),
        Overlay::None => {}
    }
}

fn block(theme: Theme, title: impl Into<Line<'static>>) -> Block<'static> {
    let mut title: Line<'static> = title.into();
    if theme.ascii {
        for span in &mut title.spans {
            span.content = theme.chrome(&span.content).into();
        }
    }
    Block::bordered().border_set(theme.border()).title(title)
}

fn render_too_small(theme: Theme, frame: &mut Frame, area: Rect) {
    let text = vec![
        Line::from(Span::styled("Terminal too small", theme.warning())),
        Line::from(theme.chrome(&format!(
            "{}×{}, need at least {MIN_WIDTH}×{MIN_HEIGHT}",
            area.width, area.height
        ))),
        Line::from("Enlarge the window; nothing is lost."),
    ];
    let height = u16::try_from(text.len()).unwrap_or(3).min(area.height);
    let y = area.y + area.height.saturating_sub(height) / 2;
    frame.render_widget(
        Paragraph::new(text).centered(),
        Rect::new(area.x, y, area.width, height),
    );
}

fn render_header(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let sep = Span::styled(format!(" {} ", theme.separator()), theme.dim());
    let mut spans = vec![Span::styled(" tana", theme.title())];
    if let Some(interview) = app.interview() {
        let progress = interview.progress();
        spans.push(sep.clone());
        spans.push(Span::raw(truncate(
            &interview.session.state.name,
            24,
            theme.ellipsis(),
        )));
        spans.push(sep.clone());
        let mut text = format!("{}/{} answered", progress.done, progress.applicable);
        if progress.to_confirm > 0 {
            let _ = write!(text, ", {} to confirm", progress.to_confirm);
        }
        spans.push(Span::raw(text));
        spans.push(sep);
        spans.push(match &app.save {
            SaveState::Saved(n) => Span::styled(
                if theme.ascii {
                    format!("saved #{n}")
                } else {
                    format!("✓ saved #{n}")
                },
                theme.chosen(),
            ),
            SaveState::Pending => Span::styled(theme.chrome("saving…"), theme.dim()),
            SaveState::Failed(_) => Span::styled(" NOT SAVED ", theme.error()),
        });
    } else {
        spans.push(sep);
        spans.push(Span::raw("technical-assistance needs assessment"));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn render_message(app: &App, frame: &mut Frame, area: Rect) {
    if let Some((text, error)) = &app.message {
        let style = if *error {
            app.theme.warning()
        } else {
            app.theme.chosen()
        };
        let text = truncate(
            &text.replace('\n', " "),
            usize::from(area.width.saturating_sub(1)),
            app.theme.ellipsis(),
        );
        frame.render_widget(
            Paragraph::new(Span::styled(format!(" {text}"), style)),
            area,
        );
    }
}

fn render_footer(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let mut spans = Vec::new();
    let mut used = 0usize;
    let width = usize::from(area.width);
    for (key, hint) in keymap::footer(app.context(), theme.ascii) {
        let cost = key.chars().count() + hint.chars().count() + 3;
        if used + cost > width {
            break;
        }
        used += cost;
        spans.push(Span::styled(format!(" {key}"), theme.key()));
        spans.push(Span::raw(format!(" {hint} ")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn render_start(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(area);
    let recent_block = block(theme, " Recent sessions ");
    let inner = recent_block.inner(left);
    frame.render_widget(recent_block, left);
    let mut lines = Vec::new();
    if app.start.recent.is_empty() {
        lines.push(Line::styled("No sessions yet.", theme.dim()));
        lines.push(Line::styled("Fill in the form to start one.", theme.dim()));
    }
    let width = usize::from(inner.width);
    for (i, entry) in app.start.recent.iter().enumerate() {
        let selected = i == app.start.selected && !app.start.form_open;
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
                &format!("  {file} · {}", entry.opened),
                width,
                theme.ellipsis(),
            ),
            theme.dim(),
        ));
    }
    frame.render_widget(Paragraph::new(lines), inner);

    let form_block = block(theme, " New assessment ");
    let inner = form_block.inner(right);
    frame.render_widget(form_block, right);
    let label_width = 14usize;
    let field_width = usize::from(inner.width)
        .saturating_sub(label_width + 1)
        .max(1);
    let mut lines = Vec::new();
    let mut cursor = None;
    for (i, (label, input)) in FORM_LABELS.iter().zip(&app.start.fields).enumerate() {
        let active = app.start.form_open && i == app.start.field;
        let (shown, column) = input.visible(field_width);
        let label_style = if active { theme.key() } else { Style::new() };
        let mut spans = vec![Span::styled(format!("{label:<label_width$} "), label_style)];
        if shown.is_empty() && !active {
            spans.push(Span::styled(FORM_HINTS[i], theme.dim()));
        } else {
            spans.push(Span::styled(
                shown,
                if active {
                    Style::new().add_modifier(Modifier::UNDERLINED)
                } else {
                    Style::new()
                },
            ));
        }
        if active {
            cursor = Some(Position::new(
                inner.x + u16::try_from(label_width + 1 + column).unwrap_or(0),
                inner.y + u16::try_from(lines.len()).unwrap_or(0),
            ));
        }
        lines.push(Line::from(spans));
        if active {
            lines.push(Line::styled(
                format!("{:label_width$} {}", "", FORM_HINTS[i]),
                theme.dim(),
            ));
        }
    }
    if !app.start.form_open {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            "Press n to fill in a new assessment.",
            theme.dim(),
        ));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some(position) = cursor {
        frame.set_cursor_position(position);
    }
}

fn render_interview(app: &App, frame: &mut Frame, area: Rect) {
    let Some(interview) = app.interview() else {
        return;
    };
    let sections_width = if area.width >= 100 { 34 } else { 26 };
    let [left, right] =
        Layout::horizontal([Constraint::Length(sections_width), Constraint::Min(20)]).areas(area);
    render_sections(app, interview, frame, left);
    let note_height = if app.focus == Focus::Note {
        area.height / 2
    } else {
        5
    };
    let [question_area, note_area] =
        Layout::vertical([Constraint::Min(6), Constraint::Length(note_height)]).areas(right);
    if app.focus == Focus::Search {
        render_search(app, interview, frame, question_area);
    } else {
        render_question(app, interview, frame, question_area);
    }
    render_note(app, interview, frame, note_area);
}

fn level_text(level: Option<f64>) -> String {
    level.map_or_else(|| "  -".to_string(), |l| format!("{l:>3.1}"))
}

fn render_sections(app: &App, interview: &Interview, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let sections_block = block(theme, " Sections ");
    let inner = sections_block.inner(area);
    frame.render_widget(sections_block, area);
    let width = usize::from(inner.width);
    let current = interview.question().section;
    let mut lines = Vec::new();
    for (i, section) in interview.questionnaire.sections.iter().enumerate() {
        let progress = interview.section_progress(i);
        let counts = format!("{}/{}", progress.done, progress.applicable);
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
        let padded = format!("{head:<head_width$}{tail}");
        let style = if i == current {
            theme.highlight()
        } else {
            Style::new()
        };
        lines.push(Line::styled(padded, style));
    }
    let height = usize::from(inner.height);
    let scroll = current.saturating_sub(height.saturating_sub(1));
    frame.render_widget(
        Paragraph::new(lines).scroll((u16::try_from(scroll).unwrap_or(0), 0)),
        inner,
    );
}

fn render_question(app: &App, interview: &Interview, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let question = interview.question();
    let section = interview.section();
    let in_section = section.questions.clone();
    let position = interview.current() - in_section.start + 1;
    let mut title = format!(
        " {} · {} · {}/{} ",
        question.id,
        section.title.fallback(),
        position,
        in_section.len()
    );
    if question.required {
        title.push_str("· required ");
    }
    let question_block = block(theme, Line::styled(title, theme.title()));
    let inner = question_block.inner(area);
    frame.render_widget(question_block, area);
    let width = usize::from(inner.width).max(1);
    let language = interview.questionnaire.fallback_language();
    let mut lines: Vec<Line> = wrap(question.text.get(language), width)
        .into_iter()
        .map(|line| Line::styled(line, Style::new().add_modifier(Modifier::BOLD)))
        .collect();
    if app.show_guidance {
        lines.extend(guidance_lines(theme, question, language, width));
    }
    lines.push(Line::raw(""));
    let value = interview.value();
    let mut cursor_line = lines.len();
    for (i, (key, text, chosen)) in answer_rows(theme, question, value, language)
        .iter()
        .enumerate()
    {
        let highlighted = i == app.cursor && app.focus == Focus::Answer;
        if highlighted {
            cursor_line = lines.len();
        }
        lines.extend(answer_row(theme, key, text, *chosen, highlighted, width));
    }
    let typed_label = match &question.kind {
        Kind::Number { unit, min, max, .. } => {
            let range = match (min, max) {
                (Some(a), Some(b)) => format!(" ({a} to {b})"),
                (Some(a), None) => format!(" (at least {a})"),
                (None, Some(b)) => format!(" (at most {b})"),
                (None, None) => String::new(),
            };
            let unit = unit.as_deref().map(|u| format!(" {u}")).unwrap_or_default();
            Some(format!("Number{unit}{range}"))
        }
        Kind::Date => Some("Date (YYYY-MM-DD)".to_string()),
        Kind::Text => Some("Text".to_string()),
        _ => None,
    };
    if let Some(label) = typed_label {
        typed_answer(app, value, &label, width, &mut lines, frame, inner);
    }
    lines.push(Line::raw(""));
    lines.push(status_line(theme, interview));
    if let Some(when) = &question.when_text {
        for line in wrap(&format!("Asked when: {when}"), width) {
            lines.push(Line::styled(line, theme.dim()));
        }
    }
    let height = usize::from(inner.height);
    let scroll = (cursor_line + 2).saturating_sub(height);
    frame.render_widget(
        Paragraph::new(Text::from(lines)).scroll((u16::try_from(scroll).unwrap_or(0), 0)),
        inner,
    );
}

/// Guidance, whom to ask, evidence and sources, dimmed.
fn guidance_lines(
    theme: Theme,
    question: &Question,
    language: &str,
    width: usize,
) -> Vec<Line<'static>> {
    let mut parts = Vec::new();
    if let Some(guidance) = &question.guidance {
        parts.push(format!("Guidance: {}", guidance.get(language)));
    }
    for (label, items) in [
        ("Ask", &question.ask),
        ("Evidence", &question.evidence),
        ("Sources", &question.sources),
    ] {
        if !items.is_empty() {
            parts.push(format!("{label}: {}", items.join("; ")));
        }
    }
    let mut lines = vec![Line::raw("")];
    for part in parts {
        lines.extend(
            wrap(&part, width)
                .into_iter()
                .map(|l| Line::styled(l, theme.dim())),
        );
    }
    lines
}

/// The rows of the answer list: (key, text, chosen).
fn answer_rows(
    theme: Theme,
    question: &Question,
    value: Option<&Value>,
    language: &str,
) -> Vec<(String, String, bool)> {
    match &question.kind {
        Kind::Maturity { ladder } => ladder
            .iter()
            .enumerate()
            .map(|(l, text)| {
                let chosen = matches!(value, Some(Value::Level(v)) if usize::from(*v) == l);
                (
                    l.to_string(),
                    format!("{}{}{}", LEVEL_NAMES[l], theme.dash(), text.get(language)),
                    chosen,
                )
            })
            .collect(),
        Kind::Single { choices } | Kind::Multi { choices } => choices
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let chosen = match value {
                    Some(Value::Choice(v)) => *v == c.id,
                    Some(Value::Choices(vs)) => vs.contains(&c.id),
                    _ => false,
                };
                (
                    (i + 1).to_string(),
                    c.label.get(language).to_string(),
                    chosen,
                )
            })
            .collect(),
        Kind::YesNo => vec![
            ("1".into(), "Yes".into(), value == Some(&Value::YesNo(true))),
            ("2".into(), "No".into(), value == Some(&Value::YesNo(false))),
        ],
        Kind::Number { .. } | Kind::Text | Kind::Date => Vec::new(),
    }
}

/// One answer row, wrapped under its key and mark.
fn answer_row(
    theme: Theme,
    key: &str,
    text: &str,
    chosen: bool,
    highlighted: bool,
    width: usize,
) -> Vec<Line<'static>> {
    let pointer = if highlighted { theme.pointer() } else { " " };
    let mark = if chosen {
        theme.chosen_mark()
    } else {
        theme.unchosen_mark()
    };
    let prefix = format!("{pointer}{key} {mark} ");
    let indent = prefix.chars().count();
    let style = match (highlighted, chosen) {
        (true, _) => theme.highlight(),
        (false, true) => theme.chosen(),
        (false, false) => Style::new(),
    };
    wrap(text, width.saturating_sub(indent).max(1))
        .into_iter()
        .enumerate()
        .map(|(j, part)| {
            let lead = if j == 0 {
                prefix.clone()
            } else {
                " ".repeat(indent)
            };
            Line::styled(format!("{lead}{part}"), style)
        })
        .collect()
}

fn status_line(theme: Theme, interview: &Interview) -> Line<'static> {
    let answer = interview.answer();
    let status = answer.and_then(|a| a.status);
    let (status_text, status_style) = match status {
        Some(Status::Answered) => ("answered", theme.chosen()),
        Some(Status::Unknown) => ("UNKNOWN, to confirm", theme.warning()),
        Some(Status::NotApplicable) => ("not applicable", theme.dim()),
        Some(Status::PolicyChoice) => ("deliberate policy choice", theme.chosen()),
        None => ("not answered", theme.dim()),
    };
    Line::from(vec![
        Span::raw("Status: "),
        Span::styled(status_text, status_style),
        Span::raw("   Confidence: "),
        Span::raw(
            answer
                .and_then(|a| a.confidence)
                .map_or("not set", |c| c.name()),
        ),
    ])
}

fn typed_answer(
    app: &App,
    value: Option<&Value>,
    label: &str,
    width: usize,
    lines: &mut Vec<Line<'static>>,
    frame: &mut Frame,
    inner: Rect,
) {
    let theme = app.theme;
    lines.push(Line::styled(label.to_string(), theme.dim()));
    if app.focus == Focus::Value {
        let (shown, column) = app.value_input.visible(width.saturating_sub(3).max(1));
        let row = lines.len();
        lines.push(Line::from(vec![
            Span::styled(format!("{} ", theme.pointer()), theme.key()),
            Span::styled(shown, Style::new().add_modifier(Modifier::UNDERLINED)),
        ]));
        if row < usize::from(inner.height) {
            frame.set_cursor_position(Position::new(
                inner.x + 2 + u16::try_from(column).unwrap_or(0),
                inner.y + u16::try_from(row).unwrap_or(0),
            ));
        }
    } else {
        match value {
            Some(v) => {
                for line in wrap(&format!("{} {v}", theme.chosen_mark()), width) {
                    lines.push(Line::styled(line, theme.chosen()));
                }
            }
            None => lines.push(Line::styled(
                "(press Enter to type the answer)",
                theme.dim(),
            )),
        }
    }
}

fn render_note(app: &App, interview: &Interview, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let confidence = interview
        .answer()
        .and_then(|a| a.confidence)
        .map_or("not set", |c| c.name());
    let editing = app.focus == Focus::Note;
    let title = if editing {
        " Note and evidence · editing, Esc to leave ".to_string()
    } else {
        format!(" Note and evidence · confidence {confidence} · e to edit ")
    };
    let note_block = block(
        theme,
        Line::styled(title, if editing { theme.key() } else { Style::new() }),
    );
    let inner = note_block.inner(area);
    frame.render_widget(note_block, area);
    if editing {
        frame.render_widget(&app.note, inner);
        let cursor = app.note.screen_cursor();
        frame.set_cursor_position(Position::new(
            inner.x
                + u16::try_from(cursor.col)
                    .unwrap_or(0)
                    .min(inner.width.saturating_sub(1)),
            inner.y
                + u16::try_from(cursor.row)
                    .unwrap_or(0)
                    .min(inner.height.saturating_sub(1)),
        ));
    } else {
        let note = interview
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
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

fn render_search(app: &App, interview: &Interview, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let search_block = block(
        theme,
        Line::styled(" Search questions by text or id ", theme.title()),
    );
    let inner = search_block.inner(area);
    frame.render_widget(search_block, area);
    let width = usize::from(inner.width);
    let (shown, column) = app.search.input.visible(width.saturating_sub(3).max(1));
    let mut lines = vec![Line::from(vec![
        Span::styled("/ ", theme.key()),
        Span::styled(shown, Style::new().add_modifier(Modifier::UNDERLINED)),
    ])];
    frame.set_cursor_position(Position::new(
        inner.x + 2 + u16::try_from(column).unwrap_or(0),
        inner.y,
    ));
    lines.push(Line::raw(""));
    let language = interview.questionnaire.fallback_language();
    let visible = usize::from(inner.height).saturating_sub(2);
    let skip = app
        .search
        .selected
        .saturating_sub(visible.saturating_sub(1));
    for (i, &q) in app.search.hits.iter().enumerate().skip(skip).take(visible) {
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
    if app.search.hits.is_empty() && !app.search.input.text().is_empty() {
        lines.push(Line::styled("no question matches", theme.dim()));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

fn render_review(app: &App, frame: &mut Frame, area: Rect) {
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
    frame.render_widget(review_block, area);
    let width = usize::from(inner.width);
    let language = interview.questionnaire.fallback_language();
    let mut lines = Vec::new();
    if items.is_empty() {
        lines.push(Line::styled(
            "Nothing to review: every applicable question is answered with confidence.",
            theme.chosen(),
        ));
    }
    let visible = usize::from(inner.height);
    let skip = app
        .review_selected
        .saturating_sub(visible.saturating_sub(1));
    for (i, item) in items.iter().enumerate().skip(skip).take(visible) {
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
    frame.render_widget(Paragraph::new(lines), inner);
}

fn render_summary(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let Some(interview) = app.interview() else {
        return;
    };
    let scores = interview.scores();
    let target = f64::from(scores.target);
    let overall = scores
        .overall
        .map_or_else(|| "not yet scored".to_string(), |o| format!("{o:.1}"));
    let title = format!(" Summary · overall {overall} · target {} ", scores.target);
    let summary_block = block(theme, Line::styled(title, theme.title()));
    let inner = summary_block.inner(area);
    frame.render_widget(summary_block, area);
    let [chart, needs_area] = Layout::vertical([
        Constraint::Length(u16::try_from(scores.areas.len() + 1).unwrap_or(12)),
        Constraint::Min(0),
    ])
    .areas(inner);
    let label_width = 22usize;
    let bar_width = usize::from(chart.width)
        .saturating_sub(label_width + 12)
        .max(8);
    let cells_per_level = bar_width as f64 / 4.0;
    let mut lines = Vec::new();
    for area_score in &scores.areas {
        let section = &interview.questionnaire.sections[area_score.section];
        let label = truncate(
            &format!("{} {}", section.id, section.title.fallback()),
            label_width,
            theme.ellipsis(),
        );
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let filled = area_score
            .level
            .map_or(0, |l| (l * cells_per_level).round() as usize)
            .min(bar_width);
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let target_at =
            ((target * cells_per_level).round() as usize).min(bar_width.saturating_sub(1));
        let mut bar = String::new();
        for cell in 0..bar_width {
            if cell == target_at {
                bar.push_str(theme.separator());
            } else if cell < filled {
                bar.push_str(theme.bar());
            } else {
                bar.push_str(theme.bar_empty());
            }
        }
        let below = area_score.level.is_some_and(|l| l < target);
        let style = if below {
            theme.warning()
        } else {
            theme.chosen()
        };
        lines.push(Line::from(vec![
            Span::raw(format!("{label:<label_width$} ")),
            Span::styled(bar, style),
            Span::raw(format!(
                " {} {}",
                level_text(area_score.level),
                area_score.confidence.name()
            )),
        ]));
    }
    lines.push(Line::styled(
        format!(
            "{:label_width$} levels 0-4; {} marks the target",
            "",
            theme.separator()
        ),
        theme.dim(),
    ));
    frame.render_widget(Paragraph::new(lines), chart);

    frame.render_widget(
        Paragraph::new(needs_lines(theme, interview, needs_area)),
        needs_area,
    );
}

/// The top needs in priority order, then the first flags.
fn needs_lines(theme: Theme, interview: &Interview, needs_area: Rect) -> Vec<Line<'static>> {
    let scores = interview.scores();
    let assessment = needs::classify(&interview.questionnaire, &interview.session, scores);
    let width = usize::from(needs_area.width);
    let mut lines = vec![Line::styled("Top needs (priority order)", theme.title())];
    if assessment.needs.is_empty() {
        lines.push(Line::styled(
            "No gap against the target among the answers so far.",
            theme.dim(),
        ));
    }
    for need in assessment
        .needs
        .iter()
        .take(usize::from(needs_area.height).saturating_sub(2).max(1))
    {
        let question = &interview.questionnaire.questions[need.question];
        let text = format!(
            "{} {:<6} level {:.0} gap {:.1}  {}",
            need.code(),
            question.id,
            need.level,
            need.gap,
            question
                .text
                .get(interview.questionnaire.fallback_language())
        );
        lines.push(Line::raw(truncate(&text, width, theme.ellipsis())));
    }
    for flag in assessment.flags.iter().take(2) {
        lines.push(Line::styled(
            truncate(
                &format!("! {}", crate::words::flag(flag, &interview.questionnaire)),
                width,
                theme.ellipsis(),
            ),
            theme.warning(),
        ));
    }
    lines
}

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}

fn render_help(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    // Help describes the keys of the place it was opened from.
    let mut origin = app.screen_context();
    if origin == Context::Help {
        origin = Context::Interview;
    }
    let rows = keymap::help(origin, theme.ascii);
    let popup = centered(area, area.width.saturating_sub(4).min(76), area.height);
    frame.render_widget(Clear, popup);
    let title = format!(" Help · {} · Esc closes ", origin.title());
    let help_block = block(theme, Line::styled(title, theme.title()));
    let inner = help_block.inner(popup);
    frame.render_widget(help_block, popup);
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
                Span::raw(part),
            ]));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "Every change is saved at once; quitting saves first. Answers: 0-4 levels, u unknown, x not applicable.",
        theme.dim(),
    ));
    frame.render_widget(
        Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: false }),
        inner,
    );
}

fn render_not_saved(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let reason = match &app.save {
        SaveState::Failed(reason) => reason.clone(),
        _ => String::new(),
    };
    let popup = centered(area, area.width.saturating_sub(6).min(70), 12);
    frame.render_widget(Clear, popup);
    let banner = Block::bordered()
        .border_set(theme.border())
        .border_style(theme.error())
        .title(Line::styled(" NOT SAVED ", theme.error()));
    let inner = banner.inner(popup);
    frame.render_widget(banner, popup);
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
        let row = lines.len();
        lines.push(Line::styled(
            format!("{} {shown}", theme.pointer()),
            Style::new().add_modifier(Modifier::UNDERLINED),
        ));
        frame.set_cursor_position(Position::new(
            inner.x + 2 + u16::try_from(column).unwrap_or(0),
            inner.y + u16::try_from(row).unwrap_or(0),
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
    frame.render_widget(Paragraph::new(lines), inner);
}
