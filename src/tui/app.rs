//! The TUI's state and its one update function. Keys become [`Action`]s
//! through the keymap; [`App::handle_key`] is the only place state changes
//! in response to the user. Anything that touches the outside world (files,
//! the saver thread) is returned as an [`Effect`] for the run loop to carry
//! out, so the whole app can be driven in tests without a terminal.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{TextArea, WrapMode};

use super::input::{LineInput, clean_text};
use super::keymap::{self, Action, Context};
use super::theme::Theme;
use crate::interview::{Interview, ReviewItem};
use crate::questionnaire::Kind;
use crate::recent::RecentEntry;
use crate::session::{Session, Value};

/// How long a note may be typed before it is saved (typing is never blocked).
pub const NOTE_DEBOUNCE: Duration = Duration::from_millis(300);

/// The longest note tana keeps; a larger paste is cut, with a message.
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
    Answer,
    Note,
    Value,
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

/// Work for the run loop, which owns the files and the saver thread.
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
}

/// The New assessment form, as typed.
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

pub const FORM_LABELS: [&str; 7] = [
    "State",
    "Mission start",
    "Mission end",
    "Assessors",
    "Target level",
    "Questionnaire",
    "Session file",
];

pub const FORM_HINTS: [&str; 7] = [
    "the requesting State",
    "YYYY-MM-DD",
    "YYYY-MM-DD",
    "names, separated by commas",
    "0-4, default 3",
    "empty = built-in",
    "empty = STATE-DATE.yaml here",
];

pub struct StartState {
    pub recent: Vec<RecentEntry>,
    pub selected: usize,
    pub form_open: bool,
    pub fields: [LineInput; 7],
    pub field: usize,
}

pub struct SearchState {
    pub input: LineInput,
    pub hits: Vec<usize>,
    pub selected: usize,
}

pub struct App {
    pub theme: Theme,
    pub screen: Screen,
    pub focus: Focus,
    pub overlay: Overlay,
    pub interview: Option<Interview>,
    pub session_path: Option<PathBuf>,
    pub start: StartState,
    pub note: TextArea<'static>,
    note_edited_at: Option<Instant>,
    pub value_input: LineInput,
    pub search: SearchState,
    pub prompt: LineInput,
    /// The highlighted row of the answer list (a level or a choice).
    pub cursor: usize,
    pub show_guidance: bool,
    pub review_selected: usize,
    pub save: SaveState,
    save_wanted: bool,
    /// A message for the assessor: (text, is it an error).
    pub message: Option<(String, bool)>,
    pub quit_asked: bool,
    effects: Vec<Effect>,
}

impl App {
    pub fn new(theme: Theme, recent: Vec<RecentEntry>, form: &NewAssessment) -> Self {
        let fields = [
            LineInput::with_text(&form.state),
            LineInput::with_text(&form.start),
            LineInput::with_text(&form.end),
            LineInput::with_text(&form.assessors),
            LineInput::with_text(&form.target),
            LineInput::with_text(&form.questionnaire),
            LineInput::with_text(&form.session),
        ];
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
                fields,
                field: 0,
            },
            note: TextArea::default(),
            note_edited_at: None,
            value_input: LineInput::default(),
            search: SearchState {
                input: LineInput::default(),
                hits: Vec::new(),
                selected: 0,
            },
            prompt: LineInput::default(),
            cursor: 0,
            show_guidance: false,
            review_selected: 0,
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
        self.sync_cursor();
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
            Screen::Start if self.start.form_open => Context::Form,
            Screen::Start => Context::Start,
            Screen::Review => Context::Review,
            Screen::Summary => Context::Summary,
            Screen::Interview => match self.focus {
                Focus::Answer => Context::Interview,
                Focus::Note => Context::Note,
                Focus::Value => Context::Value,
                Focus::Search => Context::Search,
            },
        }
    }

    /// The screen's state: the one update function for keys.
    pub fn handle_key(&mut self, key: &KeyEvent) {
        if key.kind == crossterm::event::KeyEventKind::Release {
            return;
        }
        let context = self.context();
        match keymap::lookup(context, key) {
            Some(action) => {
                if !matches!(action, Action::Help) {
                    self.message = None;
                }
                self.act(context, action);
            }
            None if context.takes_text() => self.type_text(context, key),
            None => {}
        }
    }

    /// Text pasted into the terminal (bracketed paste): cleaned and bounded.
    pub fn handle_paste(&mut self, text: &str) {
        match self.context() {
            Context::Note => {
                let room = MAX_NOTE.saturating_sub(self.note_len());
                let cleaned = clean_text(text);
                let kept: String = cleaned.chars().take(room).collect();
                if kept.chars().count() < cleaned.chars().count() {
                    self.message = Some((
                        format!("the paste was cut: a note holds at most {MAX_NOTE} characters"),
                        true,
                    ));
                }
                self.note.insert_str(kept);
                self.note_edited_at = Some(Instant::now());
            }
            Context::Value => self.value_input.insert_str(text),
            Context::Search => {
                self.search.input.insert_str(text);
                self.refresh_search();
            }
            Context::Prompt => self.prompt.insert_str(text),
            Context::Form => self.start.fields[self.start.field].insert_str(text),
            _ => {}
        }
    }

    /// Called regularly by the run loop: saves a note once typing pauses.
    pub fn tick(&mut self, now: Instant) {
        if let Some(at) = self.note_edited_at
            && now.duration_since(at) >= NOTE_DEBOUNCE
        {
            self.commit_note();
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

    /// Anything typed but not yet in the session (the note) goes into it now.
    pub fn commit_pending(&mut self) {
        self.commit_note();
    }

    pub fn interview(&self) -> Option<&Interview> {
        self.interview.as_ref()
    }

    /// A copy of the session for saving, with its save counter advanced.
    pub fn snapshot(&mut self) -> Option<Session> {
        let interview = self.interview.as_mut()?;
        interview.session.saves += 1;
        if !matches!(self.save, SaveState::Failed(_)) {
            self.save = SaveState::Pending;
        }
        Some(interview.session.clone())
    }

    fn note_len(&self) -> usize {
        let lines = self.note.lines();
        lines.iter().map(|l| l.chars().count()).sum::<usize>() + lines.len().saturating_sub(1)
    }

    fn changed(&mut self) {
        self.save_wanted = true;
        if !matches!(self.save, SaveState::Failed(_)) {
            self.save = SaveState::Pending;
        }
    }

    fn commit_note(&mut self) {
        self.note_edited_at = None;
        let text = self.note.lines().join("\n");
        if let Some(interview) = self.interview.as_mut()
            && interview.set_note(&text)
        {
            self.changed();
        }
    }

    /// Puts the answer-list cursor on the current answer, and loads the note
    /// into the editor.
    fn sync_cursor(&mut self) {
        self.place_cursor();
        let note = self
            .interview
            .as_ref()
            .and_then(Interview::answer)
            .map(|a| a.note.clone())
            .unwrap_or_default();
        self.note = note_editor(&note);
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

    /// After a move: reload the answer list and the note editor for the new
    /// question. The note was committed to the old question before the move.
    fn navigate(&mut self, moved: bool) {
        if moved {
            self.changed();
            self.sync_cursor();
        }
    }

    fn act(&mut self, context: Context, action: Action) {
        match (context, action) {
            (_, Action::Help) => self.overlay = Overlay::Help,
            (Context::Help, Action::Back) => self.overlay = Overlay::None,
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
            (_, Action::Quit) => {
                self.commit_note();
                self.effects.push(Effect::Quit);
            }
            (Context::Start, action) => self.act_start(action),
            (Context::Form, action) => self.act_form(action),
            (Context::Interview, action) => {
                // The editor holds the current question's note: keep it before anything moves.
                self.commit_note();
                self.act_interview(action);
            }
            (Context::Note, Action::Back) => {
                self.commit_note();
                self.focus = Focus::Answer;
            }
            (Context::Value, Action::Confirm) => self.record_typed(),
            (Context::Value, Action::Back) => self.focus = Focus::Answer,
            (Context::Search, action) => self.act_search(action),
            (Context::Review, action) => self.act_review(action),
            (Context::Summary, Action::Back) => self.screen = Screen::Interview,
            (Context::Summary, Action::Review) => self.open_review(),
            (Context::Summary, Action::Search) => self.open_search(),
            (Context::Summary, Action::WriteReport) => self.effects.push(Effect::WriteReport),
            _ => {}
        }
    }

    fn act_start(&mut self, action: Action) {
        let count = self.start.recent.len();
        match action {
            Action::Up => self.start.selected = self.start.selected.saturating_sub(1),
            Action::Down if count > 0 => {
                self.start.selected = (self.start.selected + 1).min(count - 1);
            }
            Action::Confirm => {
                if let Some(entry) = self.start.recent.get(self.start.selected) {
                    self.effects.push(Effect::Open(entry.path.clone()));
                }
            }
            Action::NewAssessment => {
                self.start.form_open = true;
                self.start.field = 0;
            }
            _ => {}
        }
    }

    fn act_form(&mut self, action: Action) {
        let fields = self.start.fields.len();
        match action {
            Action::NextField => self.start.field = (self.start.field + 1) % fields,
            Action::PreviousField => self.start.field = (self.start.field + fields - 1) % fields,
            Action::Back if !self.start.recent.is_empty() => self.start.form_open = false,
            Action::Confirm => {
                let f = &self.start.fields;
                if f[0].text().trim().is_empty() {
                    self.start.field = 0;
                    self.message = Some(("write the name of the requesting State".into(), true));
                    return;
                }
                self.effects.push(Effect::Create(NewAssessment {
                    state: f[0].text().trim().to_string(),
                    start: f[1].text().trim().to_string(),
                    end: f[2].text().trim().to_string(),
                    assessors: f[3].text().trim().to_string(),
                    target: f[4].text().trim().to_string(),
                    questionnaire: f[5].text().trim().to_string(),
                    session: f[6].text().trim().to_string(),
                }));
            }
            _ => {}
        }
    }

    fn act_interview(&mut self, action: Action) {
        let rows = self.answer_rows();
        let Some(interview) = self.interview.as_mut() else {
            return;
        };
        match action {
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down if rows > 0 => self.cursor = (self.cursor + 1).min(rows - 1),
            Action::Pick(n) => self.pick_row(usize::from(n)),
            Action::Confirm => match interview.question().kind {
                Kind::Number { .. } | Kind::Text | Kind::Date => {
                    let current = interview.value().map(|v| match v {
                        Value::Number(n) => n.to_string(),
                        other => other.to_string(),
                    });
                    self.value_input = LineInput::with_text(&current.unwrap_or_default());
                    self.focus = Focus::Value;
                }
                Kind::Maturity { .. } => self.pick_row(self.cursor),
                _ => self.pick_row(self.cursor + 1),
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
            Action::Unknown if interview.toggle_unknown() => {
                self.changed();
            }
            Action::NotApplicable if interview.toggle_not_applicable() => {
                self.changed();
            }
            Action::CycleConfidence if interview.cycle_confidence() => {
                self.changed();
            }
            Action::EditNote => self.focus = Focus::Note,
            Action::ToggleGuidance => self.show_guidance = !self.show_guidance,
            Action::Search => self.open_search(),
            Action::Review => self.open_review(),
            Action::Summary => self.screen = Screen::Summary,
            _ => {}
        }
    }

    fn pick_row(&mut self, n: usize) {
        let Some(interview) = self.interview.as_mut() else {
            return;
        };
        let multi = matches!(interview.question().kind, Kind::Multi { .. });
        match interview.pick(n) {
            Ok(changed) => {
                if changed {
                    self.changed();
                }
                // The cursor follows a single answer; on a multi-choice list it stays put.
                if !multi {
                    self.place_cursor();
                }
            }
            Err(message) => self.message = Some((message, true)),
        }
    }

    fn record_typed(&mut self) {
        let Some(interview) = self.interview.as_mut() else {
            return;
        };
        let result = interview
            .parse_typed(self.value_input.text())
            .and_then(|v| interview.set_value(v));
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
        self.commit_note();
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
        match action {
            Action::Up => self.search.selected = self.search.selected.saturating_sub(1),
            Action::Down if !self.search.hits.is_empty() => {
                self.search.selected = (self.search.selected + 1).min(self.search.hits.len() - 1);
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
        self.commit_note();
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
            Action::Confirm => {
                if let Some(item) = self.review_items().get(self.review_selected).copied() {
                    self.screen = Screen::Interview;
                    self.focus = Focus::Answer;
                    let moved = self
                        .interview
                        .as_mut()
                        .is_some_and(|i| i.go_to(item.question));
                    self.navigate(moved);
                }
            }
            Action::Back => self.screen = Screen::Interview,
            Action::Summary => self.screen = Screen::Summary,
            Action::Search => self.open_search(),
            _ => {}
        }
    }

    fn type_text(&mut self, context: Context, key: &KeyEvent) {
        match context {
            Context::Note => {
                let before = self.note_len();
                let is_char = matches!(key.code, KeyCode::Char(_))
                    && !key.modifiers.contains(KeyModifiers::CONTROL);
                if is_char && before >= MAX_NOTE {
                    self.message =
                        Some((format!("a note holds at most {MAX_NOTE} characters"), true));
                    return;
                }
                if self.note.input(*key) {
                    self.note_edited_at = Some(Instant::now());
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
            Context::Form => {
                self.start.fields[self.start.field].handle_key(key);
            }
            _ => {}
        }
    }
}

/// A note editor holding `text`, wrapping at words.
pub fn note_editor(text: &str) -> TextArea<'static> {
    let lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let mut editor = TextArea::new(lines);
    editor.set_wrap_mode(WrapMode::WordOrGlyph);
    editor.set_max_histories(200);
    editor.move_cursor(ratatui_textarea::CursorMove::Bottom);
    editor.move_cursor(ratatui_textarea::CursorMove::End);
    editor
}

#[cfg(test)]
mod tests;
