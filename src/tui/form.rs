//! The New assessment form on the start screen: its fields as an enum, the
//! text typed in each, and how it is drawn.

use std::cell::Cell;

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::input::LineInput;
use super::theme::Theme;
use super::wrap::wrap;

/// One field of the form, in the order it is filled in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormField {
    State,
    Start,
    End,
    Assessors,
    Target,
    Questionnaire,
    Session,
}

impl FormField {
    pub const ALL: [FormField; 7] = [
        FormField::State,
        FormField::Start,
        FormField::End,
        FormField::Assessors,
        FormField::Target,
        FormField::Questionnaire,
        FormField::Session,
    ];

    pub fn label(self) -> &'static str {
        match self {
            FormField::State => "State",
            FormField::Start => "Mission start",
            FormField::End => "Mission end",
            FormField::Assessors => "Assessors",
            FormField::Target => "Target level",
            FormField::Questionnaire => "Questionnaire",
            FormField::Session => "Session file",
        }
    }

    /// What to write, shown under the field with focus and in empty fields.
    pub fn hint(self) -> &'static str {
        match self {
            FormField::State => "the requesting State",
            FormField::Start | FormField::End => "YYYY-MM-DD",
            FormField::Assessors => "names, separated by commas",
            FormField::Target => "0-4, default 3",
            FormField::Questionnaire => "empty = built-in",
            FormField::Session => "empty = STATE-DATE.yaml here",
        }
    }

    fn index(self) -> usize {
        self as usize
    }

    #[must_use]
    pub fn next(self) -> FormField {
        Self::ALL[(self.index() + 1) % Self::ALL.len()]
    }

    #[must_use]
    pub fn previous(self) -> FormField {
        Self::ALL[(self.index() + Self::ALL.len() - 1) % Self::ALL.len()]
    }
}

/// The New assessment form, as typed (every field trimmed).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewAssessment {
    pub state: String,
    pub start: String,
    pub end: String,
    pub assessors: String,
    pub target: String,
    pub questionnaire: String,
    pub session: String,
}

/// The form's state: one input per field and the field with focus.
pub struct Form {
    inputs: [LineInput; 7],
    pub focus: FormField,
    /// Something was typed or pasted into the form.
    touched: bool,
}

impl Form {
    pub fn new(defaults: &NewAssessment) -> Form {
        let text = |f: FormField| match f {
            FormField::State => &defaults.state,
            FormField::Start => &defaults.start,
            FormField::End => &defaults.end,
            FormField::Assessors => &defaults.assessors,
            FormField::Target => &defaults.target,
            FormField::Questionnaire => &defaults.questionnaire,
            FormField::Session => &defaults.session,
        };
        Form {
            inputs: FormField::ALL.map(|f| LineInput::with_text(text(f))),
            focus: FormField::State,
            touched: false,
        }
    }

    pub fn input(&self, field: FormField) -> &LineInput {
        &self.inputs[field.index()]
    }

    /// Nothing has been typed into the form yet: `q` and `?` still act.
    pub fn is_pristine(&self) -> bool {
        !self.touched
    }

    /// An editing key for the field with focus.
    pub fn handle_key(&mut self, key: &KeyEvent) {
        if self.inputs[self.focus.index()].handle_key(key) {
            self.touched = true;
        }
    }

    pub fn insert_str(&mut self, text: &str) {
        self.touched = true;
        self.inputs[self.focus.index()].insert_str(text);
    }

    pub fn delete_to_line_start(&mut self) {
        if self.inputs[self.focus.index()].delete_to_start() {
            self.touched = true;
        }
    }

    /// The form's contents, or the field to fix and why.
    pub fn submit(&mut self) -> Result<NewAssessment, String> {
        let text = |f: FormField| self.input(f).text().trim().to_string();
        if text(FormField::State).is_empty() {
            self.focus = FormField::State;
            return Err("write the name of the requesting State".into());
        }
        Ok(NewAssessment {
            state: text(FormField::State),
            start: text(FormField::Start),
            end: text(FormField::End),
            assessors: text(FormField::Assessors),
            target: text(FormField::Target),
            questionnaire: text(FormField::Questionnaire),
            session: text(FormField::Session),
        })
    }
}

/// The form drawn in its panel; `active` when it has focus. The text
/// cursor's place is left in `cursor`.
pub struct FormPanel<'a> {
    pub form: &'a Form,
    pub theme: Theme,
    pub active: bool,
    pub cursor: &'a Cell<Option<Position>>,
}

/// The width of the label column.
const LABEL_WIDTH: usize = 14;

impl Widget for &FormPanel<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        let field_width = usize::from(area.width)
            .saturating_sub(LABEL_WIDTH + 1)
            .max(1);
        let mut lines = Vec::new();
        for field in FormField::ALL {
            let active = self.active && field == self.form.focus;
            let input = self.form.input(field);
            let (shown, column) = input.visible(field_width);
            let label_style = if active { theme.key() } else { Style::new() };
            let mut spans = vec![Span::styled(
                format!("{:<LABEL_WIDTH$} ", field.label()),
                label_style,
            )];
            if shown.is_empty() && !active {
                spans.push(Span::styled(field.hint(), theme.dim()));
            } else {
                let style = if active {
                    Style::new().add_modifier(Modifier::UNDERLINED)
                } else {
                    Style::new()
                };
                spans.push(Span::styled(shown, style));
            }
            if active {
                self.cursor.set(Some(Position::new(
                    area.x + u16::try_from(LABEL_WIDTH + 1 + column).unwrap_or(0),
                    area.y + u16::try_from(lines.len()).unwrap_or(0),
                )));
            }
            lines.push(Line::from(spans));
            if active {
                lines.push(Line::styled(
                    format!("{:LABEL_WIDTH$} {}", "", field.hint()),
                    theme.dim(),
                ));
            }
        }
        lines.push(Line::raw(""));
        let advice = if !self.active {
            "Press n to fill in a new assessment."
        } else if self.form.is_pristine() {
            "Type the State's name, Tab for the next field, Enter to start. \
             Until you type: Esc goes back, q quits, ? shows the keys."
        } else {
            "Enter starts the interview; Esc goes back (the text is kept)."
        };
        for line in wrap(advice, usize::from(area.width)) {
            lines.push(Line::styled(line, theme.dim()));
        }
        Paragraph::new(lines).render(area, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyModifiers};

    #[test]
    fn fields_cycle_in_order() {
        assert_eq!(FormField::State.next(), FormField::Start);
        assert_eq!(FormField::Session.next(), FormField::State);
        assert_eq!(FormField::State.previous(), FormField::Session);
        for f in FormField::ALL {
            assert_eq!(f.next().previous(), f);
        }
    }

    #[test]
    fn typing_touches_the_form_and_submit_asks_for_the_state() {
        let mut form = Form::new(&NewAssessment {
            target: "3".into(),
            ..NewAssessment::default()
        });
        assert!(form.is_pristine());
        form.focus = FormField::Assessors;
        assert!(form.submit().is_err());
        assert_eq!(form.focus, FormField::State, "sent back to the State");
        form.handle_key(&KeyEvent::new(KeyCode::Char('X'), KeyModifiers::NONE));
        assert!(!form.is_pristine());
        assert_eq!(form.submit().unwrap().state, "X");
        assert_eq!(form.submit().unwrap().target, "3");
    }
}
