//! The question pane. From top to bottom: the question itself, which never
//! scrolls away; a scrolled region (guidance, levels or choices, the typed
//! answer, the condition) with a marker line above and below saying what
//! is hidden; and the answer as recorded, always shown. At 80×24 the
//! question, the answer and (in the footer) the keys to go on are all on
//! screen whatever is highlighted.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::app::{App, Focus};
use super::theme::Theme;
use super::view::{CursorCell, block, more, position_in};
use super::wrap::{truncate, wrap};
use crate::interview::Interview;
use crate::questionnaire::{Kind, LEVEL_NAMES, Question};
use crate::session::{Status, Value};

pub struct QuestionPane<'a> {
    pub app: &'a App,
    pub interview: &'a Interview,
    pub cursor: &'a CursorCell,
}

/// The lines of the scrolled region, and which of them to keep in view.
struct Region {
    lines: Vec<Line<'static>>,
    /// The highlighted row (or the input being typed): first and last line.
    keep: Option<(usize, usize)>,
    /// The line of the value input and the cursor's column in it.
    input: Option<(usize, usize)>,
}

impl Widget for QuestionPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let theme = app.theme;
        let interview = self.interview;
        let question = interview.question();
        let (position, asked) = interview.position_in_section();
        // The section's title gives way first: the id, the position and
        // "required" always fit.
        let required = if question.required {
            "· required "
        } else {
            ""
        };
        let fixed = format!(" {} ·  · {position}/{asked} {required}", question.id);
        let room = usize::from(area.width)
            .saturating_sub(2 + fixed.chars().count())
            .max(1);
        let section = truncate(interview.section().title.fallback(), room, theme.ellipsis());
        let title = format!(
            " {} · {section} · {position}/{asked} {required}",
            question.id
        );
        let question_block = block(theme, Line::styled(title, theme.title()));
        let inner = question_block.inner(area);
        question_block.render(area, buf);
        if inner.height == 0 || inner.width == 0 {
            return;
        }
        let width = usize::from(inner.width);
        let height = usize::from(inner.height);
        let language = interview.questionnaire.fallback_language();

        // The question, pinned; what does not fit here opens the region.
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let mut text: Vec<Line<'static>> = wrap(question.text.get(language), width)
            .into_iter()
            .map(|line| Line::styled(line, bold))
            .collect();
        let pinned = text.len().min(height.saturating_sub(5).max(1));
        let overflow = text.split_off(pinned);
        let region_height = height.saturating_sub(pinned + 3);

        let region = self.region(overflow, width);
        let window = app
            .question_scroll
            .place(region.lines.len(), region_height, region.keep);

        let mut lines = text;
        lines.push(if window.above > 0 {
            Line::styled(
                theme.chrome(&format!("  ▲ {} above", more(window.above, "line"))),
                theme.dim(),
            )
        } else {
            Line::raw("")
        });
        let region_top = lines.len();
        lines.extend(
            region
                .lines
                .into_iter()
                .skip(window.offset)
                .take(window.visible),
        );
        lines.resize(region_top + region_height, Line::raw(""));
        lines.push(if window.below > 0 {
            let keys = if theme.ascii {
                "Shift-Down"
            } else {
                "Shift-↓"
            };
            Line::styled(
                theme.chrome(&format!(
                    "  ▼ {} below · {keys} scrolls",
                    more(window.below, "line")
                )),
                theme.dim(),
            )
        } else {
            Line::raw("")
        });
        lines.push(answer_line(theme, interview, width));
        if let Some((line, column)) = region.input
            && line >= window.offset
            && line < window.offset + window.visible
        {
            self.cursor.set(position_in(
                inner,
                column,
                region_top + line - window.offset,
            ));
        }
        Paragraph::new(lines).render(inner, buf);
    }
}

impl QuestionPane<'_> {
    fn region(&self, overflow: Vec<Line<'static>>, width: usize) -> Region {
        let app = self.app;
        let theme = app.theme;
        let interview = self.interview;
        let question = interview.question();
        let language = interview.questionnaire.fallback_language();
        let mut lines = overflow;
        if app.show_guidance {
            lines.extend(guidance_lines(theme, question, language, width));
            lines.push(Line::raw(""));
        }
        let value = interview.value();
        let mut keep = None;
        for (i, (key, text, chosen)) in answer_rows(theme, question, value, language)
            .iter()
            .enumerate()
        {
            let highlighted = i == app.cursor && app.focus == Focus::Answer;
            let row = answer_row(theme, key, text, *chosen, highlighted, width);
            if highlighted {
                keep = Some((lines.len(), lines.len() + row.len() - 1));
            }
            lines.extend(row);
        }
        let mut input = None;
        if let Some(label) = typed_label(question) {
            lines.push(Line::styled(label, theme.dim()));
            if app.focus == Focus::Value {
                let (shown, column) = app.value_input.visible(width.saturating_sub(3).max(1));
                input = Some((lines.len(), column + 2));
                keep = Some((lines.len(), lines.len()));
                lines.push(Line::from(vec![
                    Span::styled(format!("{} ", theme.pointer()), theme.key()),
                    Span::styled(shown, Style::new().add_modifier(Modifier::UNDERLINED)),
                ]));
            } else {
                match value {
                    Some(v) => {
                        let shown = match v {
                            Value::Number(n) => match &question.kind {
                                Kind::Number { unit: Some(u), .. } => format!("{n} {u}"),
                                _ => n.to_string(),
                            },
                            other => other.to_string(),
                        };
                        let mark = theme.chosen_mark();
                        for line in wrap(&format!("{mark} {shown}"), width) {
                            lines.push(Line::styled(line, theme.chosen()));
                        }
                    }
                    None => lines.push(Line::styled(
                        if question.kind.name() == "text" {
                            "(press Enter to write the answer)"
                        } else {
                            "(press Enter, or a digit, to type the answer)"
                        },
                        theme.dim(),
                    )),
                }
            }
        }
        if let Some(policy) = &question.policy_choice {
            lines.push(Line::raw(""));
            let reason = interview
                .answer()
                .filter(|a| a.status == Some(Status::PolicyChoice))
                .map(|a| a.reason.trim().to_string());
            let text = match reason {
                Some(r) if !r.is_empty() => format!("Policy choice (d), recorded: {r}"),
                Some(_) => "Policy choice (d), recorded without a reason yet".to_string(),
                None => format!("A policy choice may apply (d): {}", policy.get(language)),
            };
            for line in wrap(&text, width) {
                lines.push(Line::styled(line, theme.dim()));
            }
        }
        if let Some(when) = &question.when_text {
            lines.push(Line::raw(""));
            for line in wrap(&format!("Asked when: {when}"), width) {
                lines.push(Line::styled(line, theme.dim()));
            }
        }
        Region { lines, keep, input }
    }
}

fn typed_label(question: &Question) -> Option<String> {
    match &question.kind {
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
        Kind::Text => Some("Text, in the words given (several lines allowed)".to_string()),
        _ => None,
    }
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
    if parts.is_empty() {
        parts.push("No guidance for this question.".into());
    }
    parts
        .iter()
        .flat_map(|part| wrap(part, width))
        .map(|l| Line::styled(l, theme.dim()))
        .collect()
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
        Kind::Single { choices } | Kind::Multi { choices } => {
            let digits = choices.len().to_string().len();
            choices
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let chosen = match value {
                        Some(Value::Choice(v)) => *v == c.id,
                        Some(Value::Choices(vs)) => vs.contains(&c.id),
                        _ => false,
                    };
                    (
                        format!("{:>digits$}", i + 1),
                        c.label.get(language).to_string(),
                        chosen,
                    )
                })
                .collect()
        }
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

/// `Answer: 1 (formative) · confidence medium`: what is recorded, in one line.
fn answer_line(theme: Theme, interview: &Interview, width: usize) -> Line<'static> {
    let answer = interview.answer();
    let question = interview.question();
    let language = interview.questionnaire.fallback_language();
    let (text, style) = match (answer.and_then(|a| a.status), interview.value()) {
        (Some(Status::Answered), Some(value)) => (
            crate::report::data::describe(question, value, language)
                .replace('\n', theme.chrome(" / ").as_str()),
            theme.chosen(),
        ),
        (Some(Status::Unknown), _) => ("UNKNOWN, to confirm".to_string(), theme.warning()),
        (Some(Status::NotApplicable), _) => ("not applicable".to_string(), theme.dim()),
        (Some(Status::PolicyChoice), _) => (
            match answer.map(|a| a.reason.trim()).filter(|r| !r.is_empty()) {
                Some(reason) => format!("deliberate policy choice: {reason}"),
                None => "deliberate policy choice (no reason yet)".to_string(),
            }
            .replace('\n', theme.chrome(" / ").as_str()),
            theme.chosen(),
        ),
        _ => ("none yet".to_string(), theme.dim()),
    };
    // The confidence only when set: the note panel's title says "not set".
    let confidence = answer
        .and_then(|a| a.confidence)
        .map(|c| theme.chrome(&format!(" · confidence {}", c.name())))
        .unwrap_or_default();
    let room = width.saturating_sub("Answer: ".len() + confidence.chars().count());
    Line::from(vec![
        Span::raw("Answer: "),
        Span::styled(truncate(&text, room.max(1), theme.ellipsis()), style),
        Span::raw(confidence),
    ])
}
