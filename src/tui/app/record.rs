//! What the keys do on the Mission screen (the mission record's fields and
//! lists, edited through the pure [`crate::mission`]) and in the source
//! picker (a stakeholder and how, for the current answer). Every edit goes
//! into the session at once and asks for a save, like an answer.

use std::time::Instant;

use super::{App, Focus, Overlay, PendingDigits, Screen, text_editor};
use crate::mission::{self, Field, List, Row, Shape, SourceChange};
use crate::session::SourceHow;
use crate::tui::input::LineInput;
use crate::tui::keymap::{Action, Context};

/// How a field is being edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditKind {
    /// In the one-line input.
    Line,
    /// In the multi-line editor.
    Text,
}

/// The Mission screen's state.
pub struct MissionState {
    /// Where Esc goes back to.
    pub from: Screen,
    /// The highlighted row of the list (or of the item's fields).
    pub selected: usize,
    /// An item whose fields are shown, and the list row to return to.
    pub item: Option<(List, usize, usize)>,
    /// The field being edited, and how.
    pub editing: Option<(Field, EditKind)>,
    pub input: LineInput,
    /// When free text was last typed into the editor, for saving as typing pauses.
    pub edited_at: Option<Instant>,
    /// The item `x` was pressed on once: a second `x` removes it.
    pub remove_asked: Option<(List, usize)>,
}

impl Default for MissionState {
    fn default() -> Self {
        MissionState {
            from: Screen::Interview,
            selected: 0,
            item: None,
            editing: None,
            input: LineInput::default(),
            edited_at: None,
            remove_asked: None,
        }
    }
}

/// The source picker's state.
pub struct SourceState {
    /// The highlighted row: 0 is a desk review naming no one, then the stakeholders.
    pub selected: usize,
    /// How the information was obtained, for the next pick (the last one used).
    pub how: SourceHow,
    pub digits: Option<PendingDigits>,
    /// The help overlay was opened over the picker (it goes back to it).
    pub under_help: bool,
}

impl Default for SourceState {
    fn default() -> Self {
        SourceState {
            selected: 1,
            how: SourceHow::Oral,
            digits: None,
            under_help: false,
        }
    }
}

impl App {
    /// The rows the Mission screen shows now: the record, or one item's fields.
    pub fn mission_rows(&self) -> Vec<Row> {
        let Some(interview) = self.interview.as_ref() else {
            return Vec::new();
        };
        match self.mission.item {
            Some((list, index, _)) => list.fields(index).into_iter().map(Row::Field).collect(),
            None => mission::rows(&interview.session, &interview.questionnaire),
        }
    }

    /// The context of the Mission screen.
    pub(super) fn mission_context(&self) -> Context {
        match self.mission.editing {
            Some((_, EditKind::Line)) => Context::MissionLine,
            Some((_, EditKind::Text)) => Context::MissionText,
            None => Context::Mission,
        }
    }

    pub(super) fn open_mission(&mut self) {
        self.commit_pending();
        if self.interview.is_none() {
            return;
        }
        if self.screen != Screen::Mission {
            self.mission.from = self.screen;
        }
        self.focus = Focus::Answer;
        self.overlay = Overlay::None;
        self.screen = Screen::Mission;
        self.mission.item = None;
        self.mission.editing = None;
        self.mission.remove_asked = None;
        let rows = self.mission_rows();
        self.mission.selected = self.mission.selected.min(rows.len().saturating_sub(1));
        if matches!(
            rows.get(self.mission.selected),
            Some(Row::Heading(_)) | None
        ) {
            self.mission.selected = rows
                .iter()
                .position(|r| !matches!(r, Row::Heading(_)))
                .unwrap_or(0);
        }
    }

    /// Whether an action applies to the highlighted row of the Mission screen.
    pub(super) fn mission_offers(&self, action: Action) -> bool {
        let row = self.mission_rows().get(self.mission.selected).cloned();
        match action {
            Action::Remove => matches!(row, Some(Row::Item(..))) || self.mission.item.is_some(),
            Action::Cycle => match row {
                Some(Row::Field(field)) => {
                    matches!(field.shape(), Shape::Choice(_) | Shape::Toggle)
                }
                Some(Row::Item(List::Stakeholders, _)) => true,
                _ => false,
            },
            Action::Add => self.mission.item.is_none(),
            _ => true,
        }
    }

    pub(super) fn act_mission(&mut self, action: Action) {
        let rows = self.mission_rows();
        if action != Action::Remove {
            self.mission.remove_asked = None;
        }
        let count = rows.len();
        let selected = self.mission.selected;
        let movable = |i: usize| !matches!(rows[i], Row::Heading(_));
        match action {
            Action::Up => {
                if let Some(i) = (0..selected).rev().find(|&i| movable(i)) {
                    self.mission.selected = i;
                }
            }
            Action::Down => {
                if let Some(i) = (selected + 1..count).find(|&i| movable(i)) {
                    self.mission.selected = i;
                }
            }
            Action::First => {
                self.mission.selected = (0..count).find(|&i| movable(i)).unwrap_or(0);
            }
            Action::Last => {
                self.mission.selected = (0..count).rev().find(|&i| movable(i)).unwrap_or(0);
            }
            Action::Confirm => match rows.get(selected).cloned() {
                Some(Row::Field(field)) => self.edit_field(field),
                Some(Row::Item(list, index)) => self.open_item(list, index),
                Some(Row::Add(list)) => self.add_item(list),
                Some(Row::Heading(_)) | None => {}
            },
            Action::Cycle => match rows.get(selected).cloned() {
                Some(Row::Field(field)) => self.cycle_field(&field),
                Some(Row::Item(List::Stakeholders, index)) => {
                    self.cycle_field(&Field::Stakeholder(index, mission::StakeholderField::Met));
                }
                _ => {
                    self.message = Some((
                        "Space changes a choice or marks a stakeholder met or not met".into(),
                        false,
                    ));
                }
            },
            Action::Add => {
                // The list of the group the highlight is in; elsewhere a stakeholder.
                let list = rows[..=selected.min(count.saturating_sub(1))]
                    .iter()
                    .rev()
                    .find_map(|r| match r {
                        Row::Heading(group) => Some(list_of_group(*group)),
                        _ => None,
                    })
                    .flatten()
                    .unwrap_or(List::Stakeholders);
                self.add_item(list);
            }
            Action::Remove => self.remove_item(&rows),
            Action::Back => match self.mission.item.take() {
                Some((list, index, row)) => {
                    self.drop_if_empty(list, index);
                    self.mission.selected = row.min(self.mission_rows().len().saturating_sub(1));
                }
                None => self.screen = self.mission.from,
            },
            _ => {}
        }
    }

    fn edit_field(&mut self, field: Field) {
        let Some(interview) = self.interview.as_ref() else {
            return;
        };
        let text = mission::value(&interview.session, &interview.questionnaire, &field);
        match field.shape() {
            Shape::Line => {
                self.mission.input = LineInput::with_text(&text);
                self.mission.editing = Some((field, EditKind::Line));
            }
            Shape::Text | Shape::Lines => {
                self.editor = text_editor(&text);
                self.mission.edited_at = None;
                self.mission.editing = Some((field, EditKind::Text));
            }
            Shape::Choice(_) | Shape::Toggle => self.cycle_field(&field),
        }
    }

    fn cycle_field(&mut self, field: &Field) {
        let Some(interview) = self.interview.as_mut() else {
            return;
        };
        let Some(next) = mission::cycled(&interview.session, &interview.questionnaire, field)
        else {
            return;
        };
        self.record(field, &next);
        // Not met: say why at once.
        if next == "no"
            && let Field::Stakeholder(index, mission::StakeholderField::Met) = field
        {
            if self.mission.item.is_none() {
                let row = self.mission.selected;
                self.mission.item = Some((List::Stakeholders, *index, row));
            }
            let why = Field::Stakeholder(*index, mission::StakeholderField::WhyNot);
            self.mission.selected = List::Stakeholders
                .fields(*index)
                .iter()
                .position(|f| *f == why)
                .unwrap_or(0);
            self.edit_field(why);
            self.message = Some(("not met: write why (Esc when done)".into(), false));
        }
    }

    /// Puts `text` into `field`; false (with the reason shown) when refused.
    fn record(&mut self, field: &Field, text: &str) -> bool {
        let Some(interview) = self.interview.as_mut() else {
            return false;
        };
        match interview.set_record_field(field, text) {
            Ok(changed) => {
                if changed {
                    self.changed();
                }
                true
            }
            Err(error) => {
                self.message = Some((crate::words::edit_error(&error), true));
                false
            }
        }
    }

    fn open_item(&mut self, list: List, index: usize) {
        self.mission.item = Some((list, index, self.mission.selected));
        self.mission.selected = 0;
    }

    fn add_item(&mut self, list: List) {
        let Some(interview) = self.interview.as_mut() else {
            return;
        };
        let index = interview.add_record_item(list, crate::workspace::today());
        self.changed();
        let row = self
            .mission_rows()
            .iter()
            .position(|r| *r == Row::Item(list, index))
            .unwrap_or(self.mission.selected);
        self.mission.selected = row;
        self.open_item(list, index);
        // Straight to the first field: a new item has nothing yet.
        if let Some(field) = list.fields(index).first().cloned() {
            self.edit_field(field);
        }
    }

    /// A fresh item left with nothing in it is taken away again.
    fn drop_if_empty(&mut self, list: List, index: usize) {
        let Some(interview) = self.interview.as_mut() else {
            return;
        };
        if mission::is_empty_item(&interview.session, list, index)
            && interview.remove_record_item(list, index).is_ok()
        {
            self.changed();
        }
    }

    fn remove_item(&mut self, rows: &[Row]) {
        let target = match (self.mission.item, rows.get(self.mission.selected)) {
            (Some((list, index, _)), _) => (list, index),
            (None, Some(Row::Item(list, index))) => (*list, *index),
            _ => {
                self.message = Some(("highlight an item to remove it".into(), false));
                return;
            }
        };
        if self.mission.remove_asked != Some(target) {
            self.mission.remove_asked = Some(target);
            self.message = Some(("press x again to remove it".into(), true));
            return;
        }
        self.mission.remove_asked = None;
        let Some(interview) = self.interview.as_mut() else {
            return;
        };
        match interview.remove_record_item(target.0, target.1) {
            Ok(()) => {
                self.changed();
                let back = self.mission.item.take().map(|(_, _, row)| row);
                let rows = self.mission_rows().len();
                self.mission.selected = back
                    .unwrap_or(self.mission.selected)
                    .min(rows.saturating_sub(1));
                self.message = Some(("removed".into(), false));
            }
            Err(error) => self.message = Some((crate::words::edit_error(&error), true)),
        }
    }

    pub(super) fn act_mission_line(&mut self, action: Action) {
        match action {
            Action::Confirm => {
                if let Some((field, _)) = self.mission.editing.clone() {
                    let text = self.mission.input.text().to_string();
                    if self.record(&field, &text) {
                        self.mission.editing = None;
                    }
                }
            }
            Action::Back => self.mission.editing = None,
            Action::DeleteToLineStart => {
                self.mission.input.delete_to_start();
            }
            _ => {}
        }
    }

    pub(super) fn act_mission_text(&mut self, action: Action) {
        match action {
            Action::Back if self.commit_mission_text() => self.mission.editing = None,
            Action::DeleteToLineStart if self.editor.delete_line_by_head() => {
                self.mission.edited_at = Some(Instant::now());
            }
            _ => {}
        }
    }

    /// Records the editor's text in the field being edited; false when refused.
    pub(super) fn commit_mission_text(&mut self) -> bool {
        self.mission.edited_at = None;
        let Some((field, EditKind::Text)) = self.mission.editing.clone() else {
            return true;
        };
        let text = self.editor.lines().join("\n");
        self.record(&field, &text)
    }

    /// Free text typed into a mission field is saved once typing pauses
    /// (a list, such as the indicator targets, only when the editor is left:
    /// half-typed, it may not read yet).
    pub(super) fn tick_mission(&mut self, now: Instant) {
        if let Some(at) = self.mission.edited_at
            && now.duration_since(at) >= super::NOTE_DEBOUNCE
        {
            self.mission.edited_at = None;
            if let Some((field, EditKind::Text)) = self.mission.editing.clone()
                && field.shape() == Shape::Text
            {
                let text = self.editor.lines().join("\n");
                self.record(&field, &text);
            }
        }
        if let Some(pending) = self.source.digits
            && now.duration_since(pending.at) >= super::DIGIT_PAUSE
        {
            self.commit_source_digits();
        }
    }

    /// Anything being typed on the Mission screen goes into the session
    /// (before leaving or quitting); a field that does not read is left as it was.
    pub(super) fn commit_mission(&mut self) {
        match self.mission.editing.clone() {
            Some((_, EditKind::Text)) => {
                self.commit_mission_text();
            }
            Some((field, EditKind::Line)) => {
                let text = self.mission.input.text().to_string();
                self.record(&field, &text);
            }
            None => {}
        }
        self.commit_source_digits();
    }

    // The source picker.

    pub(super) fn open_source(&mut self) {
        let Some(interview) = self.interview.as_ref() else {
            return;
        };
        if interview.session.stakeholders.is_empty() {
            self.message = Some((
                "no stakeholders yet: 0 records a desk review; m opens the Mission screen to add them"
                    .into(),
                false,
            ));
        }
        self.source.digits = None;
        self.source.selected = self
            .source
            .selected
            .min(interview.session.stakeholders.len());
        self.overlay = Overlay::Source;
    }

    pub(super) fn act_source(&mut self, action: Action) {
        let rows = self
            .interview
            .as_ref()
            .map_or(0, |i| i.session.stakeholders.len())
            + 1;
        match action {
            Action::Up => self.source.selected = self.source.selected.saturating_sub(1),
            Action::Down => self.source.selected = (self.source.selected + 1).min(rows - 1),
            Action::First => self.source.selected = 0,
            Action::Last => self.source.selected = rows - 1,
            Action::CycleHow => {
                let i = SourceHow::ALL
                    .iter()
                    .position(|h| *h == self.source.how)
                    .unwrap_or(0);
                self.source.how = SourceHow::ALL[(i + 1) % SourceHow::ALL.len()];
            }
            Action::Digit(d) => self.source_digit(usize::from(d), rows - 1),
            Action::Confirm => self.pick_source(self.source.selected),
            Action::Back => self.overlay = Overlay::None,
            Action::Mission => self.open_mission(),
            _ => {}
        }
    }

    /// A digit in the picker: a stakeholder's number, which may take several
    /// digits (`1` then `2` for the twelfth), as in the interview.
    fn source_digit(&mut self, d: usize, count: usize) {
        let number = match self.source.digits.take() {
            Some(p) if p.number * 10 + d <= count => p.number * 10 + d,
            Some(p) => {
                self.pick_source(p.number);
                if self.overlay != Overlay::Source {
                    return;
                }
                d
            }
            None => d,
        };
        if number > count {
            self.message = Some((format!("choose 0 to {count}"), true));
        } else if number > 0 && number * 10 <= count {
            self.source.digits = Some(PendingDigits {
                number,
                at: Instant::now(),
            });
            self.source.selected = number;
            self.message = Some((
                format!(
                    "{number}… another digit picks {}–{}; Enter or a pause picks {number}",
                    number * 10,
                    (number * 10 + 9).min(count)
                ),
                false,
            ));
        } else {
            self.pick_source(number);
        }
    }

    pub(super) fn commit_source_digits(&mut self) {
        if let Some(pending) = self.source.digits.take() {
            self.message = None;
            self.pick_source(pending.number);
        }
    }

    /// Pending digits in the picker take Enter: it picks them, not the highlight.
    pub(super) fn source_digits_pending(&self) -> bool {
        self.source.digits.is_some()
    }

    /// Picks row `row` (0: a desk review naming no one) with the chosen way,
    /// and closes the picker.
    fn pick_source(&mut self, row: usize) {
        let Some(interview) = self.interview.as_mut() else {
            return;
        };
        let (stakeholder, how) = if row == 0 {
            (None, SourceHow::Desk)
        } else {
            match interview.session.stakeholders.get(row - 1) {
                Some(s) => (Some(s.id.clone()), self.source.how),
                None => return,
            }
        };
        let change = interview.toggle_source(stakeholder.as_deref(), how);
        self.changed();
        self.source.selected = row;
        self.overlay = Overlay::None;
        let interview = self.interview.as_ref().expect("checked above");
        let who = crate::words::answer_source(
            &crate::session::AnswerSource {
                stakeholder: stakeholder.clone(),
                how,
            },
            &interview.session.stakeholders,
        );
        let unanswered = interview.answer().and_then(|a| a.status).is_none();
        self.message = Some((
            match change {
                SourceChange::Added if unanswered => {
                    format!("source: {who} (the answer itself is still to give)")
                }
                SourceChange::Added => format!("source: {who}"),
                SourceChange::Changed => format!("source now: {who}"),
                SourceChange::Removed => format!("source taken away: {who}"),
            },
            false,
        ));
    }
}

/// The list a group of the Mission screen holds, if it is a list.
fn list_of_group(group: mission::Group) -> Option<List> {
    match group {
        mission::Group::Programmes => Some(List::Programmes),
        mission::Group::Funds => Some(List::Funds),
        mission::Group::Windows => Some(List::Windows),
        mission::Group::Stakeholders => Some(List::Stakeholders),
        _ => None,
    }
}
