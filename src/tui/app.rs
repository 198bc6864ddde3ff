//! The TUI's state and its one update function. Keys (and the mouse wheel)
//! become [`Action`]s through the keymap; [`App::handle_key`] is the only
//! place state changes in response to the user. Anything that touches the
//! outside world (files, the saver thread, the terminal) is returned as an
//! [`Effect`] for the run loop to carry out, so the whole app can be driven
//! in tests without a terminal.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEvent};
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

use super::form::Form;
pub use super::form::NewAssessment;
use super::input::{LineInput, clean_text};
use super::keymap::{self, Action, Context};
use super::scroll::{STEP, Scroll};
use super::theme::Theme;
use crate::interview::{Changes, Interview, ReviewItem};
use crate::needs::NeedsAssessment;
use crate::questionnaire::Kind;
use crate::recent::RecentEntry;
use crate::session::{Status, Value};

/// How long a note or text answer may be typed before it is saved (typing
/// is never blocked).
pub const NOTE_DEBOUNCE: Duration = Duration::from_millis(300);

/// How long a digit that could begin a longer choice number (the `1` of
/// `14`) waits for the next digit before it is picked on its own.
pub const DIGIT_PAUSE: Duration = Duration::from_millis(1200);

/// The longest note or text answer tana keeps; a larger paste is cut, with a message.
pub const MAX_NOTE: usize = 100_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Start,
    Interview,
    Review,
    Summary,
}

/// What has focus inside the interview screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The answer list: levels, choices, yes/no.
    Answer,
    /// The note editor.
    Note,
    /// The reason of a deliberate policy choice being written.
    Reason,
    /// A number or date being typed.
    Value,
    /// A text answer being written (several lines).
    Text,
    Search,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    None,
    Help,
    NotSaved,
    /// Asking for another path to save to.
    Prompt,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveState {
    /// Every change is on disk; the number is the save counter.
    Saved(u64),
    /// Changes made or being written, not yet acknowledged.
    Pending,
    /// The last save failed, with the reason.
    Failed(String),
}

/// Work for the run loop, which owns the files, the saver thread and the terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Save a snapshot of the session now.
    Save,
    /// Open an existing session.
    Open(PathBuf),
    /// Create a session from the New assessment form.
    Create(NewAssessment),
    /// Save to another file from now on.
    SaveAs(PathBuf),
    /// Write the report beside the session.
    WriteReport,
    /// Save and leave.
    Quit,
    /// Leave without saving (asked for twice after a failed save).
    QuitUnsaved,
    /// Clear the terminal and draw everything again.
    Redraw,
    /// Save, restore the terminal and stop until `fg`.
    Suspend,
}

pub struct StartState {
    pub recent: Vec<RecentEntry>,
    pub selected: usize,
    pub form_open: bool,
    pub form: Form,
}

pub struct SearchState {
    pub input: LineInput,
    pub hits: Vec<usize>,
    pub selected: usize,
}

/// A choice number being typed: the `1` of `14`, waiting for another digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PendingDigits {
    pub number: usize,
    at: Instant,
}

pub struct App {
    pub theme: Theme,
    pub screen: Screen,
    pub focus: Focus,
    pub overlay: Overlay,
    pub interview: Option<Interview>,
    pub session_path: Option<PathBuf>,
    pub start: StartState,
    /// The note or the text answer being edited (see `focus`).
    pub editor: TextArea<'static>,
    edited_at: Option<Instant>,
    pub value_input: LineInput,
    pub search: SearchState,
    pub prompt: LineInput,
    /// The highlighted row of the answer list (a level or a choice).
    pub cursor: usize,
    pub digits: Option<PendingDigits>,
    pub show_guidance: bool,
    pub question_scroll: Scroll,
    pub help_scroll: Scroll,
    pub review_selected: usize,
    /// The needs shown on the summary, classified when it opens.
    pub summary: Option<NeedsAssessment>,
    pub summary_selected: usize,
    pub save: SaveState,
    save_wanted: bool,
    /// A message for the assessor: (text, is it an error).
    pub message: Option<(String, bool)>,
    pub quit_asked: bool,
    effects: Vec<Effect>,
}

impl App {
    pub fn new(theme: Theme, recent: Vec<RecentEntry>, form: &NewAssessment) -> Self {
        Self {
            theme,
            screen: Screen::Start,
            focus: Focus::Answer,
            overlay: Overlay::None,
            interview: None,
            session_path: None,
            start: StartState {
                form_open: recent.is_empty(),
                recent,
                selected: 0,
                form: Form::new(form),
            },
            editor: text_editor(""),
            edited_at: None,
            value_input: LineInput::default(),
            search: SearchState {
                input: LineInput::default(),
                hits: Vec::new(),
                selected: 0,
            },
            prompt: LineInput::default(),
            cursor: 0,
            digits: None,
            show_guidance: false,
            question_scroll: Scroll::default(),
            help_scroll: Scroll::default(),
            review_selected: 0,
            summary: None,
            summary_selected: 0,
            save: SaveState::Pending,
            save_wanted: false,
            message: None,
            quit_asked: false,
            effects: Vec::new(),
        }
    }

    /// Starts (or resumes) the interview of an opened session.
    pub fn begin_interview(&mut self, interview: Interview, path: PathBuf, saves: u64) {
        self.interview = Some(interview);
        self.session_path = Some(path);
        self.screen = Screen::Interview;
        self.focus = Focus::Answer;
        self.overlay = Overlay::None;
        self.save = SaveState::Saved(saves);
        self.digits = None;
        self.question_scroll.reset();
        self.place_cursor();
    }

    /// The effects the run loop must carry out, oldest first.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        if self.save_wanted {
            self.save_wanted = false;
            if !self.effects.contains(&Effect::Save) {
                self.effects.push(Effect::Save);
            }
        }
        std::mem::take(&mut self.effects)
    }

    /// The context whose keys are live now.
    pub fn context(&self) -> Context {
        match self.overlay {
            Overlay::NotSaved => return Context::NotSaved,
            Overlay::Prompt => return Context::Prompt,
            Overlay::Help => return Context::Help,
            Overlay::None => {}
        }
        self.screen_context()
    }

    /// The context of the screen under any overlay (what help describes).
    pub fn screen_context(&self) -> Context {
        match self.screen {
            Screen::Start if self.start.form_open && self.start.form.is_pristine() => {
                Context::EmptyForm
            }
            Screen::Start if self.start.form_open => Context::Form,
            Screen::Start => Context::Start,
            Screen::Review => Context::Review,
            Screen::Summary => Context::Summary,
            Screen::Interview => match self.focus {
                Focus::Answer => Context::Interview,
                Focus::Note => Context::Note,
                Focus::Reason => Context::Reason,
                Focus::Value => Context::Value,
                Focus::Text => Context::Text,
                Focus::Search => Context::Search,
            },
        }
    }

    /// The screen's state: the one update function for keys.
    pub fn handle_key(&mut self, key: &KeyEvent) {
        if key.kind == KeyEventKind::Release {
            return;
        }
        let context = self.context();
        match keymap::lookup(context, key) {
            Some(action) => self.dispatch(context, action),
            None if context.takes_text() => self.type_text(context, key),
            None => {}
        }
    }

    /// A mouse event: the wheel scrolls or moves, as the keymap says.
    pub fn handle_mouse(&mut self, event: &MouseEvent) {
        let context = self.context();
        if let Some(action) = keymap::lookup_mouse(context, event.kind) {
            self.dispatch(context, action);
        }
    }

    fn dispatch(&mut self, context: Context, action: Action) {
        if !matches!(action, Action::Help | Action::Redraw) {
            self.message = None;
        }
        if context == Context::Interview && !matches!(action, Action::Digit(_)) {
            let pending = self.digits.is_some();
            self.commit_digits();
            // Enter picks the number being typed; it does not pick again.
            if pending && action == Action::Confirm {
                return;
            }
        }
        self.act(context, action);
    }

    /// Text pasted into the terminal (bracketed paste): cleaned and bounded.
    pub fn handle_paste(&mut self, text: &str) {
        match self.context() {
            Context::Note | Context::Reason | Context::Text => {
                let room = MAX_NOTE.saturating_sub(self.editor_len());
                let cleaned = clean_text(text);
                let kept: String = cleaned.chars().take(room).collect();
                if kept.chars().count() < cleaned.chars().count() {
                    self.message = Some((
                        format!(
                            "the paste was cut: a note or answer holds at most {MAX_NOTE} characters"
                        ),
                        true,
                    ));
                }
                self.editor.insert_str(kept);
                self.edited_at = Some(Instant::now());
            }
            Context::Value => self.value_input.insert_str(text),
            Context::Search => {
                self.search.input.insert_str(text);
                self.refresh_search();
            }
            Context::Prompt => self.prompt.insert_str(text),
            Context::Form | Context::EmptyForm => self.start.form.insert_str(text),
            _ => {}
        }
    }

    /// Called regularly by the run loop: saves what is being typed once
    /// typing pauses, and picks a choice number once its digits pause.
    pub fn tick(&mut self, now: Instant) {
        if let Some(at) = self.edited_at
            && now.duration_since(at) >= NOTE_DEBOUNCE
        {
            self.commit_editor();
        }
        if let Some(pending) = self.digits
            && now.duration_since(pending.at) >= DIGIT_PAUSE
        {
            self.commit_digits();
        }
    }

    /// The save the run loop made has finished.
    pub fn on_saved(&mut self, saves: u64, result: Result<(), String>, latest: u64) {
        match result {
            Ok(()) if saves >= latest => {
                self.save = SaveState::Saved(saves);
                self.quit_asked = false;
                if matches!(self.overlay, Overlay::NotSaved | Overlay::Prompt) {
                    self.overlay = Overlay::None;
                }
            }
            // A newer snapshot is on its way: its outcome is the one that counts.
            Ok(()) | Err(_) if saves < latest => {}
            Ok(()) => {}
            Err(reason) => {
                self.save = SaveState::Failed(reason);
                self.overlay = Overlay::NotSaved;
            }
        }
    }

    /// The session was saved to a new path (after "save elsewhere").
    pub fn on_retargeted(&mut self, path: PathBuf) {
        self.message = Some((format!("saving to {} from now on", path.display()), false));
        self.session_path = Some(path);
    }

    pub fn show_message(&mut self, text: impl Into<String>, error: bool) {
        self.message = Some((text.into(), error));
    }

    /// Anything typed but not yet in the session (a note, a text answer, a
    /// choice number) goes into it now.
    pub fn commit_pending(&mut self) {
        self.commit_editor();
        self.commit_digits();
    }

    pub fn interview(&self) -> Option<&Interview> {
        self.interview.as_ref()
    }

    /// What to save: the changes since the last snapshot, with the save
    /// counter advanced (the saver holds a copy of the session they apply to).
    pub fn snapshot(&mut self) -> Option<Changes> {
        let interview = self.interview.as_mut()?;
        interview.session.saves += 1;
        if !matches!(self.save, SaveState::Failed(_)) {
            self.save = SaveState::Pending;
        }
        Some(interview.take_changes())
    }

    fn editor_len(&self) -> usize {
        let lines = self.editor.lines();
        lines.iter().map(|l| l.chars().count()).sum::<usize>() + lines.len().saturating_sub(1)
    }

    fn changed(&mut self) {
        self.save_wanted = true;
        if !matches!(self.save, SaveState::Failed(_)) {
            self.save = SaveState::Pending;
        }
    }

    /// Puts what the editor holds into the session: the note, or the text answer.
    fn commit_editor(&mut self) {
        self.edited_at = None;
        let text = self.editor.lines().join("\n");
        let Some(interview) = self.interview.as_mut() else {
            return;
        };
        let changed = match self.focus {
            Focus::Note => interview.set_note(&text),
            Focus::Reason => interview.set_reason(text.trim_end()),
            Focus::Text if text.trim().is_empty() => interview.clear_value(),
            Focus::Text => interview.set_value(Value::Text(text)).unwrap_or(false),
            Focus::Answer | Focus::Value | Focus::Search => false,
        };
        if changed {
            self.changed();
        }
    }

    fn open_editor(&mut self, focus: Focus) {
        let Some(interview) = self.interview.as_ref() else {
            return;
        };
        let text = match focus {
            Focus::Text => match interview.value() {
                Some(Value::Text(t)) => t.clone(),
                _ => String::new(),
            },
            Focus::Reason => interview
                .answer()
                .map(|a| a.reason.clone())
                .unwrap_or_default(),
            _ => interview
                .answer()
                .map(|a| a.note.clone())
                .unwrap_or_default(),
        };
        self.editor = text_editor(&text);
        self.edited_at = None;
        self.focus = focus;
    }

    /// Puts the answer-list cursor on the current answer.
    fn place_cursor(&mut self) {
        let Some(interview) = self.interview.as_ref() else {
            return;
        };
        let question = interview.question();
        self.cursor = match (&question.kind, interview.value()) {
            (Kind::Maturity { .. }, Some(Value::Level(l))) => usize::from(*l),
            (Kind::Single { choices }, Some(Value::Choice(c))) => {
                choices.iter().position(|k| &k.id == c).unwrap_or(0)
            }
            (Kind::YesNo, Some(Value::YesNo(false))) => 1,
            _ => 0,
        };
    }

    /// How many rows the answer list has (levels, choices, yes/no).
    pub fn answer_rows(&self) -> usize {
        let Some(interview) = self.interview.as_ref() else {
            return 0;
        };
        match &interview.question().kind {
            Kind::Maturity { .. } => 5,
            Kind::Single { choices } | Kind::Multi { choices } => choices.len(),
            Kind::YesNo => 2,
            Kind::Number { .. } | Kind::Text | Kind::Date => 0,
        }
    }

    /// After a move: reload the answer list for the new question, from the top.
    fn navigate(&mut self, moved: bool) {
        if moved {
            self.changed();
            self.digits = None;
            self.question_scroll.reset();
            self.place_cursor();
        }
    }

    fn act(&mut self, context: Context, action: Action) {
        match (context, action) {
            (_, Action::Help) => {
                self.help_scroll.reset();
                self.overlay = Overlay::Help;
            }
            (_, Action::Redraw) => self.effects.push(Effect::Redraw),
            (_, Action::Suspend) => {
                self.commit_pending();
                self.effects.push(Effect::Suspend);
            }
            (Context::Help, action) => self.act_help(action),
            (Context::NotSaved | Context::Prompt, action) => self.act_not_saved(context, action),
            (_, Action::Quit) => {
                self.commit_pending();
                self.effects.push(Effect::Quit);
            }
            (Context::Start, action) => self.act_start(action),
            (Context::Form | Context::EmptyForm, action) => self.act_form(action),
            (Context::Interview, action) => self.act_interview(action),
            (Context::Note | Context::Reason | Context::Text, Action::Back) => {
                self.commit_editor();
                if self.focus == Focus::Reason
                    && self
                        .interview
                        .as_ref()
                        .and_then(Interview::answer)
                        .is_some_and(|a| a.reason.trim().is_empty())
                {
                    self.message = Some((
                        "the policy choice has no reason yet: press d twice to write it".into(),
                        true,
                    ));
                }
                self.focus = Focus::Answer;
            }
            (Context::Note | Context::Reason | Context::Text, Action::DeleteToLineStart)
                if self.editor.delete_line_by_head() =>
            {
                self.edited_at = Some(Instant::now());
            }
            (Context::Value, Action::Confirm) => self.record_typed(),
            (Context::Value, Action::Back) => self.focus = Focus::Answer,
            (Context::Value, Action::DeleteToLineStart) => {
                self.value_input.delete_to_start();
            }
            (Context::Search, action) => self.act_search(action),
            (Context::Review, action) => self.act_review(action),
            (Context::Summary, action) => self.act_summary(action),
            _ => {}
        }
    }

    fn act_help(&mut self, action: Action) {
        match action {
            Action::Back => self.overlay = Overlay::None,
            Action::ScrollUp => {
                self.help_scroll.up(1);
            }
            Action::ScrollDown => {
                self.help_scroll.down(1);
            }
            Action::First => self.help_scroll.reset(),
            Action::Last => self.help_scroll.to_end(),
            Action::Quit => {
                self.commit_pending();
                self.effects.push(Effect::Quit);
            }
            _ => {}
        }
    }

    fn act_not_saved(&mut self, context: Context, action: Action) {
        match (context, action) {
            (Context::NotSaved, Action::Retry) => {
                self.overlay = Overlay::None;
                self.quit_asked = false;
                self.save_wanted = true;
            }
            (Context::NotSaved, Action::SaveElsewhere) => {
                let suggestion = self.session_path.as_ref().map_or_else(String::new, |p| {
                    let name = p.file_name().map_or_else(
                        || "session.yaml".into(),
                        |n| n.to_string_lossy().into_owned(),
                    );
                    let home = crate::recent::data_dir()
                        .map_or_else(std::env::temp_dir, |d| d.join("rescued"));
                    home.join(name).display().to_string()
                });
                self.prompt = LineInput::with_text(&suggestion);
                self.overlay = Overlay::Prompt;
            }
            (Context::NotSaved, Action::Quit) => {
                if self.quit_asked {
                    self.effects.push(Effect::QuitUnsaved);
                } else {
                    self.quit_asked = true;
                    self.message = Some((
                        "the last changes are NOT SAVED: press q again to quit anyway, r to retry"
                            .into(),
                        true,
                    ));
                }
            }
            (Context::Prompt, Action::Confirm) => {
                let path = PathBuf::from(self.prompt.text().trim());
                self.overlay = Overlay::NotSaved;
                if !path.as_os_str().is_empty() {
                    self.effects.push(Effect::SaveAs(path));
                }
            }
            (Context::Prompt, Action::Back) => self.overlay = Overlay::NotSaved,
            (Context::Prompt, Action::DeleteToLineStart) => {
                self.prompt.delete_to_start();
            }
            (Context::Prompt, Action::Quit) => {
                self.commit_pending();
                self.effects.push(Effect::Quit);
            }
            _ => {}
        }
    }

    fn act_start(&mut self, action: Action) {
        let count = self.start.recent.len();
        let selected = &mut self.start.selected;
        match action {
            Action::Up => *selected = selected.saturating_sub(1),
            Action::Down if count > 0 => *selected = (*selected + 1).min(count - 1),
            Action::First => *selected = 0,
            Action::Last => *selected = count.saturating_sub(1),
            Action::Confirm => {
                if let Some(entry) = self.start.recent.get(*selected) {
                    self.effects.push(Effect::Open(entry.path.clone()));
                } else {
                    self.message = Some(("no session yet: press n to start one".into(), false));
                }
            }
            Action::NewAssessment => self.start.form_open = true,
            _ => {}
        }
    }

    fn act_form(&mut self, action: Action) {
        let form = &mut self.start.form;
        match action {
            Action::NextField => form.focus = form.focus.next(),
            Action::PreviousField => form.focus = form.focus.previous(),
            Action::DeleteToLineStart => form.delete_to_line_start(),
            Action::Back => self.start.form_open = false,
            Action::Confirm => match form.submit() {
                Ok(new) => self.effects.push(Effect::Create(new)),
                Err(message) => self.message = Some((message, true)),
            },
            _ => {}
        }
    }

    fn act_interview(&mut self, action: Action) {
        let rows = self.answer_rows();
        let Some(interview) = self.interview.as_mut() else {
            return;
        };
        match action {
            // At either end of the list (or with no list), the arrows scroll the pane.
            Action::Up if self.cursor == 0 || rows == 0 => {
                self.question_scroll.up(STEP);
            }
            Action::Up => {
                self.cursor -= 1;
                self.question_scroll.follow();
            }
            Action::Down if rows == 0 || self.cursor + 1 >= rows => {
                self.question_scroll.down(STEP);
            }
            Action::Down => {
                self.cursor += 1;
                self.question_scroll.follow();
            }
            Action::First => {
                self.cursor = 0;
                self.question_scroll.reset();
            }
            Action::Last if rows == 0 => self.question_scroll.to_end(),
            Action::Last => {
                self.cursor = rows - 1;
                self.question_scroll.follow();
            }
            Action::ScrollUp => {
                self.question_scroll.up(STEP);
            }
            Action::ScrollDown => {
                self.question_scroll.down(STEP);
            }
            Action::Digit(d) => self.digit(usize::from(d)),
            Action::Confirm => match interview.question().kind {
                Kind::Number { .. } | Kind::Date => {
                    let current = interview.value().map(|v| match v {
                        Value::Number(n) => n.to_string(),
                        other => other.to_string(),
                    });
                    self.value_input = LineInput::with_text(&current.unwrap_or_default());
                    self.focus = Focus::Value;
                }
                Kind::Text => self.open_editor(Focus::Text),
                Kind::Maturity { .. } => self.pick_row(self.cursor, false),
                _ => self.pick_row(self.cursor + 1, false),
            },
            Action::Next => {
                let moved = interview.next_question();
                if !moved {
                    self.message =
                        Some(("this is the last question; press r to review".into(), false));
                }
                self.navigate(moved);
            }
            Action::Previous => {
                let moved = interview.previous_question();
                self.navigate(moved);
            }
            Action::NextSection => {
                let moved = interview.next_section();
                self.navigate(moved);
            }
            Action::PreviousSection => {
                let moved = interview.previous_section();
                self.navigate(moved);
            }
            Action::Unknown if interview.toggle_unknown() => self.changed(),
            Action::NotApplicable if interview.toggle_not_applicable() => self.changed(),
            Action::PolicyChoice => self.policy_choice(),
            Action::CycleConfidence if interview.cycle_confidence() => self.changed(),
            Action::EditNote => self.open_editor(Focus::Note),
            Action::ToggleGuidance => {
                self.show_guidance = !self.show_guidance;
                if self.show_guidance {
                    // Show what was asked for: the guidance, at the top of the pane.
                    self.question_scroll.show_from(0);
                } else {
                    self.question_scroll.follow();
                }
            }
            Action::Search => self.open_search(),
            Action::Review => self.open_review(),
            Action::Summary => self.open_summary(),
            _ => {}
        }
    }

    /// Whether an action applies to what is on screen: a policy choice only
    /// where the question offers one.
    pub fn offers(&self, action: Action) -> bool {
        match action {
            Action::PolicyChoice => self
                .interview
                .as_ref()
                .is_some_and(|i| i.question().policy_choice.is_some()),
            _ => true,
        }
    }

    /// `d`: marks the answer a deliberate policy choice of the State and
    /// opens the editor for its reason; on a policy choice, clears it (back
    /// to the value, if any; the reason is kept for the next time).
    fn policy_choice(&mut self) {
        if !self.offers(Action::PolicyChoice) {
            self.message = Some((
                "this question offers no policy choice (the questionnaire's policy_choice:)".into(),
                true,
            ));
            return;
        }
        let Some(interview) = self.interview.as_mut() else {
            return;
        };
        if interview.answer().and_then(|a| a.status) == Some(Status::PolicyChoice) {
            let back = interview.value().is_some().then_some(Status::Answered);
            if interview.set_status(back) {
                self.changed();
            }
        } else {
            if interview.set_status(Some(Status::PolicyChoice)) {
                self.changed();
            }
            self.open_editor(Focus::Reason);
        }
    }

    /// A digit in the interview: a level, yes/no, or a choice number, which
    /// may take several digits (`1` then `4` for choice 14). The highlight
    /// moves to what the digits name.
    fn digit(&mut self, d: usize) {
        let Some(interview) = self.interview.as_ref() else {
            return;
        };
        match &interview.question().kind {
            Kind::Maturity { .. } | Kind::YesNo => {
                self.digits = None;
                self.pick_row(d, true);
            }
            Kind::Single { choices } | Kind::Multi { choices } => {
                let count = choices.len();
                let number = match self.digits.take() {
                    Some(p) if p.number * 10 + d <= count => p.number * 10 + d,
                    Some(p) => {
                        self.pick_row(p.number, true);
                        d
                    }
                    None => d,
                };
                if number == 0 {
                    self.message = Some((format!("choose 1 to {count}"), true));
                } else if number * 10 <= count {
                    // Another digit may follow: show where it points, wait for it.
                    self.digits = Some(PendingDigits {
                        number,
                        at: Instant::now(),
                    });
                    self.cursor = number - 1;
                    self.question_scroll.follow();
                    self.message = Some((
                        format!(
                            "{number}… another digit picks {}–{}; Enter or a pause picks {number}",
                            number * 10,
                            (number * 10 + 9).min(count)
                        ),
                        false,
                    ));
                } else {
                    self.pick_row(number, true);
                }
            }
            Kind::Number { .. } | Kind::Date => {
                self.value_input = LineInput::with_text(&d.to_string());
                self.focus = Focus::Value;
            }
            Kind::Text => {
                self.message = Some(("press Enter to write the answer".into(), false));
            }
        }
    }

    /// Picks the choice number the digits typed so far name.
    fn commit_digits(&mut self) {
        if let Some(pending) = self.digits.take() {
            self.message = None;
            self.pick_row(pending.number, true);
        }
    }

    /// Picks level `n`, or choice `n` (from 1). Picked by digit, the
    /// highlight moves to it; by Enter, it is already there.
    fn pick_row(&mut self, n: usize, by_digit: bool) {
        let Some(interview) = self.interview.as_mut() else {
            return;
        };
        let maturity = matches!(interview.question().kind, Kind::Maturity { .. });
        match interview.pick(n) {
            Ok(changed) => {
                if changed {
                    self.changed();
                }
                if by_digit {
                    self.cursor = if maturity { n } else { n.saturating_sub(1) };
                    self.question_scroll.follow();
                }
            }
            Err(message) => self.message = Some((message, true)),
        }
    }

    fn record_typed(&mut self) {
        let Some(interview) = self.interview.as_mut() else {
            return;
        };
        let text = self.value_input.text();
        let result = if text.trim().is_empty() {
            Ok(interview.clear_value())
        } else {
            interview
                .parse_typed(text)
                .and_then(|v| interview.set_value(v))
        };
        match result {
            Ok(changed) => {
                if changed {
                    self.changed();
                }
                self.focus = Focus::Answer;
            }
            Err(message) => self.message = Some((message, true)),
        }
    }

    fn open_search(&mut self) {
        self.screen = Screen::Interview;
        self.focus = Focus::Search;
        self.search = SearchState {
            input: LineInput::default(),
            hits: Vec::new(),
            selected: 0,
        };
    }

    fn refresh_search(&mut self) {
        if let Some(interview) = self.interview.as_ref() {
            self.search.hits = interview.search(self.search.input.text());
            self.search.selected = 0;
        }
    }

    fn act_search(&mut self, action: Action) {
        let count = self.search.hits.len();
        match action {
            Action::Up => self.search.selected = self.search.selected.saturating_sub(1),
            Action::Down if count > 0 => {
                self.search.selected = (self.search.selected + 1).min(count - 1);
            }
            Action::First => self.search.selected = 0,
            Action::Last => self.search.selected = count.saturating_sub(1),
            Action::DeleteToLineStart if self.search.input.delete_to_start() => {
                self.refresh_search();
            }
            Action::Confirm => {
                if let Some(&target) = self.search.hits.get(self.search.selected) {
                    self.focus = Focus::Answer;
                    let moved = self.interview.as_mut().is_some_and(|i| i.go_to(target));
                    self.navigate(moved);
                } else {
                    self.message = Some(("no question matches; Esc to go back".into(), true));
                }
            }
            Action::Back => self.focus = Focus::Answer,
            _ => {}
        }
    }

    pub fn review_items(&self) -> Vec<ReviewItem> {
        self.interview
            .as_ref()
            .map(Interview::review)
            .unwrap_or_default()
    }

    fn open_review(&mut self) {
        self.screen = Screen::Review;
        self.review_selected = 0;
    }

    fn act_review(&mut self, action: Action) {
        let count = self.review_items().len();
        match action {
            Action::Up => self.review_selected = self.review_selected.saturating_sub(1),
            Action::Down if count > 0 => {
                self.review_selected = (self.review_selected + 1).min(count - 1);
            }
            Action::First => self.review_selected = 0,
            Action::Last => self.review_selected = count.saturating_sub(1),
            Action::Confirm => {
                if let Some(item) = self.review_items().get(self.review_selected).copied() {
                    self.jump_to(item.question);
                }
            }
            Action::Back => self.screen = Screen::Interview,
            Action::Summary => self.open_summary(),
            Action::Search => self.open_search(),
            _ => {}
        }
    }

    fn jump_to(&mut self, question: usize) {
        self.screen = Screen::Interview;
        self.focus = Focus::Answer;
        let moved = self.interview.as_mut().is_some_and(|i| i.go_to(question));
        self.navigate(moved);
    }

    fn open_summary(&mut self) {
        self.summary = self
            .interview
            .as_ref()
            .map(|i| crate::needs::classify(&i.questionnaire, &i.session, i.scores()));
        self.summary_selected = 0;
        self.screen = Screen::Summary;
    }

    fn act_summary(&mut self, action: Action) {
        let count = self.summary.as_ref().map_or(0, |s| s.needs.len());
        match action {
            Action::Up => self.summary_selected = self.summary_selected.saturating_sub(1),
            Action::Down if count > 0 => {
                self.summary_selected = (self.summary_selected + 1).min(count - 1);
            }
            Action::First => self.summary_selected = 0,
            Action::Last => self.summary_selected = count.saturating_sub(1),
            Action::Confirm => {
                let target = self
                    .summary
                    .as_ref()
                    .and_then(|s| s.needs.get(self.summary_selected))
                    .map(|n| n.question);
                match target {
                    Some(question) => self.jump_to(question),
                    None => self.message = Some(("no need to jump to".into(), false)),
                }
            }
            Action::Back => self.screen = Screen::Interview,
            Action::Review => self.open_review(),
            Action::Search => self.open_search(),
            Action::WriteReport => self.effects.push(Effect::WriteReport),
            _ => {}
        }
    }

    fn type_text(&mut self, context: Context, key: &KeyEvent) {
        match context {
            Context::Note | Context::Reason | Context::Text => {
                let is_char = matches!(key.code, KeyCode::Char(_))
                    && !key.modifiers.contains(KeyModifiers::CONTROL);
                if is_char && self.editor_len() >= MAX_NOTE {
                    self.message = Some((
                        format!("a note or answer holds at most {MAX_NOTE} characters"),
                        true,
                    ));
                    return;
                }
                if self.editor.input(*key) {
                    self.edited_at = Some(Instant::now());
                }
            }
            Context::Value => {
                self.value_input.handle_key(key);
            }
            Context::Search if self.search.input.handle_key(key) => {
                self.refresh_search();
            }
            Context::Prompt => {
                self.prompt.handle_key(key);
            }
            Context::Form | Context::EmptyForm => self.start.form.handle_key(key),
            _ => {}
        }
    }
}

/// A multi-line editor holding `text`, wrapping at words, the cursor at the end.
pub fn text_editor(text: &str) -> TextArea<'static> {
    let lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let mut editor = TextArea::new(lines);
    editor.set_wrap_mode(WrapMode::WordOrGlyph);
    editor.set_max_histories(200);
    editor.move_cursor(CursorMove::Bottom);
    editor.move_cursor(CursorMove::End);
    editor
}

#[cfg(test)]
mod tests;
