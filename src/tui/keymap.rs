//! The one key → action table. The key handler, the footer hints, the help
//! overlay and docs/keys.md are all generated from [`KEYMAP`], so they
//! cannot disagree.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseEventKind};

/// Everything a key can ask for. What each does depends on the context
/// (see [`KEYMAP`] for the words shown to the assessor).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Save and leave; on the NOT SAVED banner, ask twice before leaving unsaved.
    Quit,
    /// Open the help overlay for the current screen.
    Help,
    /// Leave the editor, list, overlay or screen for the one below it.
    Back,
    /// Move the highlight up one row (choices, sessions, review items, needs).
    Up,
    /// Move the highlight down one row.
    Down,
    /// Move the highlight to the first row.
    First,
    /// Move the highlight to the last row.
    Last,
    /// Scroll the question pane or the help up, without moving the highlight.
    ScrollUp,
    /// Scroll the question pane or the help down.
    ScrollDown,
    /// A digit typed in the interview: picks a level or a choice; several
    /// digits in a row pick choice 10 and above.
    Digit(u8),
    /// Enter: confirm the highlighted row, open the typed answer, jump, record, create.
    Confirm,
    /// Go to the next asked question.
    Next,
    /// Go to the previous asked question.
    Previous,
    /// Go to the first asked question of the next section.
    NextSection,
    /// Go to the start of this section, or of the previous one.
    PreviousSection,
    /// Toggle the mark "unknown, to confirm".
    Unknown,
    /// Toggle the mark "not applicable".
    NotApplicable,
    /// Toggle "deliberate policy choice of the State" and write its reason
    /// (only where the question offers it).
    PolicyChoice,
    /// Open the note editor.
    EditNote,
    /// Cycle the confidence: low, medium, high, none.
    CycleConfidence,
    /// Show or hide the guidance in the question pane.
    ToggleGuidance,
    /// Open the search.
    Search,
    /// Open the review screen.
    Review,
    /// Open the summary screen.
    Summary,
    /// Write the Markdown report beside the session.
    WriteReport,
    /// Open the New assessment form on the start screen.
    NewAssessment,
    /// Move to the next field of the form.
    NextField,
    /// Move to the previous field of the form.
    PreviousField,
    /// Delete the text before the cursor on its line (editors).
    DeleteToLineStart,
    /// Try the failed save again (NOT SAVED banner).
    Retry,
    /// Ask for another file to save to (NOT SAVED banner).
    SaveElsewhere,
    /// Clear the terminal and draw everything again.
    Redraw,
    /// Save, give the terminal back to the shell and stop (`fg` resumes).
    Suspend,
}

/// Where the keys are read: each screen, editor and overlay has its own set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Start,
    /// The New assessment form before anything is typed into it: `q`, `?`
    /// and `Esc` still work, so a first launch is never a trap.
    EmptyForm,
    Form,
    Interview,
    Note,
    /// The reason for a deliberate policy choice being written.
    Reason,
    /// A number or a date being typed.
    Value,
    /// A text answer being typed (several lines).
    Text,
    Search,
    Review,
    Summary,
    Help,
    NotSaved,
    Prompt,
}

impl Context {
    /// Every context, in the order of docs/keys.md.
    pub const ALL: [Context; 14] = [
        Context::Start,
        Context::EmptyForm,
        Context::Form,
        Context::Interview,
        Context::Note,
        Context::Reason,
        Context::Value,
        Context::Text,
        Context::Search,
        Context::Review,
        Context::Summary,
        Context::Help,
        Context::NotSaved,
        Context::Prompt,
    ];

    /// In text contexts, keys without a binding are typed into the editor.
    pub fn takes_text(self) -> bool {
        matches!(
            self,
            Context::EmptyForm
                | Context::Form
                | Context::Note
                | Context::Reason
                | Context::Value
                | Context::Text
                | Context::Search
                | Context::Prompt
        )
    }

    pub fn title(self) -> &'static str {
        match self {
            Context::Start => "Start screen",
            Context::EmptyForm => "New assessment form, before anything is typed",
            Context::Form => "New assessment form",
            Context::Interview => "Interview",
            Context::Note => "Note editor",
            Context::Reason => "Policy-choice reason editor",
            Context::Value => "Typed answer (number or date)",
            Context::Text => "Text answer editor",
            Context::Search => "Search",
            Context::Review => "Review",
            Context::Summary => "Summary",
            Context::Help => "Help",
            Context::NotSaved => "NOT SAVED banner",
            Context::Prompt => "Path prompt",
        }
    }
}

/// A key (or mouse wheel turn) as the table names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Ctrl(char),
    Code(KeyCode),
    /// An arrow or other key with Shift held.
    Shift(KeyCode),
    /// A function key, `F1`…
    F(u8),
    /// Any of `0`–`9`, delivered as `Action::Digit(n)`.
    Digit,
    WheelUp,
    WheelDown,
}

impl Key {
    fn matches(self, event: &KeyEvent) -> bool {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        let alt = event.modifiers.contains(KeyModifiers::ALT);
        let shift = event.modifiers.contains(KeyModifiers::SHIFT);
        match self {
            Key::Char(c) => !ctrl && !alt && event.code == KeyCode::Char(c),
            Key::Ctrl(c) => ctrl && !alt && event.code == KeyCode::Char(c),
            Key::Code(code) => event.code == code && !ctrl && !alt && !shift_matters(code, shift),
            Key::Shift(code) => shift && !ctrl && !alt && event.code == code,
            Key::F(n) => event.code == KeyCode::F(n),
            Key::Digit => {
                !ctrl && !alt && matches!(event.code, KeyCode::Char(c) if c.is_ascii_digit())
            }
            // The wheel is not a key.
            Key::WheelUp | Key::WheelDown => false,
        }
    }

    fn matches_mouse(self, kind: MouseEventKind) -> bool {
        matches!(
            (self, kind),
            (Key::WheelUp, MouseEventKind::ScrollUp) | (Key::WheelDown, MouseEventKind::ScrollDown)
        )
    }

    pub fn label(self, ascii: bool) -> String {
        match self {
            Key::Char(' ') => "Space".into(),
            Key::Char(c) => c.to_string(),
            Key::Ctrl(c) => format!("Ctrl-{}", c.to_ascii_uppercase()),
            Key::Digit => "0-9".into(),
            Key::F(n) => format!("F{n}"),
            Key::WheelUp => "wheel-up".into(),
            Key::WheelDown => "wheel-down".into(),
            Key::Shift(code) => format!("Shift-{}", code_label(code, ascii)),
            Key::Code(code) => code_label(code, ascii),
        }
    }
}

/// Arrows with Shift are their own keys (scrolling); other keys ignore Shift
/// (`BackTab` arrives with it).
fn shift_matters(code: KeyCode, shift: bool) -> bool {
    shift && matches!(code, KeyCode::Up | KeyCode::Down)
}

fn code_label(code: KeyCode, ascii: bool) -> String {
    match (code, ascii) {
        (KeyCode::Up, false) => "↑".into(),
        (KeyCode::Down, false) => "↓".into(),
        (KeyCode::Left, false) => "←".into(),
        (KeyCode::Right, false) => "→".into(),
        (KeyCode::Up, true) => "Up".into(),
        (KeyCode::Down, true) => "Down".into(),
        (KeyCode::Left, true) => "Left".into(),
        (KeyCode::Right, true) => "Right".into(),
        (KeyCode::PageDown, _) => "PgDn".into(),
        (KeyCode::PageUp, _) => "PgUp".into(),
        (KeyCode::Enter, _) => "Enter".into(),
        (KeyCode::Esc, _) => "Esc".into(),
        (KeyCode::Tab, _) => "Tab".into(),
        (KeyCode::BackTab, _) => "Shift-Tab".into(),
        (KeyCode::Home, _) => "Home".into(),
        (KeyCode::End, _) => "End".into(),
        (other, _) => format!("{other:?}"),
    }
}

/// Whether and how early a binding shows in the footer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Footer {
    /// Always shown: help and quit (they fit at 60 columns).
    Always,
    /// Shown by rank, lower first, while there is room.
    Rank(u8),
    /// Only in the help overlay and docs/keys.md.
    Never,
}

/// One row of the keymap.
pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    pub contexts: &'static [Context],
    /// What the key does, for the help overlay and docs/keys.md.
    pub help: &'static str,
    /// A short word for the footer.
    pub hint: &'static str,
    pub footer: Footer,
}

use Context as C;
use KeyCode as K;

const BROWSING: &[Context] = &[C::Start, C::EmptyForm, C::Interview, C::Review, C::Summary];

/// Every context but the NOT SAVED banner, which blocks everything else.
const EVERYWHERE: &[Context] = &[
    C::Start,
    C::EmptyForm,
    C::Form,
    C::Interview,
    C::Note,
    C::Reason,
    C::Value,
    C::Text,
    C::Search,
    C::Review,
    C::Summary,
    C::Help,
    C::Prompt,
];

const EDITORS: &[Context] = &[
    C::Form,
    C::Note,
    C::Reason,
    C::Value,
    C::Text,
    C::Search,
    C::Prompt,
];

/// Editors where F1 opens the help (not the path prompt, which sits on the
/// NOT SAVED banner).
const EDITORS_WITH_HELP: &[Context] = &[C::Form, C::Note, C::Reason, C::Value, C::Text, C::Search];

/// The keymap. Order matters: the first matching row wins, and the footer
/// and the help list rows in this order.
pub static KEYMAP: &[Binding] = &[
    // The NOT SAVED banner blocks everything else.
    Binding {
        keys: &[Key::Char('r')],
        action: Action::Retry,
        contexts: &[C::NotSaved],
        help: "try the save again",
        hint: "retry",
        footer: Footer::Always,
    },
    Binding {
        keys: &[Key::Char('a')],
        action: Action::SaveElsewhere,
        contexts: &[C::NotSaved],
        help: "save to another file",
        hint: "save elsewhere",
        footer: Footer::Always,
    },
    Binding {
        keys: &[Key::Char('q'), Key::Ctrl('c')],
        action: Action::Quit,
        contexts: &[C::NotSaved],
        help: "quit (asks again: the last changes are not saved)",
        hint: "quit",
        footer: Footer::Always,
    },
    // Moving among rows.
    Binding {
        keys: &[Key::Code(K::Up), Key::Char('k')],
        action: Action::Up,
        contexts: &[C::Interview],
        help: "move up among choices (on the first, scroll the question up)",
        hint: "move",
        footer: Footer::Rank(1),
    },
    Binding {
        keys: &[Key::Code(K::Down), Key::Char('j')],
        action: Action::Down,
        contexts: &[C::Interview],
        help: "move down among choices (on the last, scroll the question down)",
        hint: "",
        footer: Footer::Never,
    },
    Binding {
        keys: &[Key::Code(K::Up), Key::Char('k'), Key::WheelUp],
        action: Action::Up,
        contexts: &[C::Start, C::Review, C::Summary],
        help: "move up",
        hint: "move",
        footer: Footer::Rank(1),
    },
    Binding {
        keys: &[Key::Code(K::Down), Key::Char('j'), Key::WheelDown],
        action: Action::Down,
        contexts: &[C::Start, C::Review, C::Summary],
        help: "move down",
        hint: "",
        footer: Footer::Never,
    },
    Binding {
        keys: &[Key::Code(K::Up), Key::WheelUp],
        action: Action::Up,
        contexts: &[C::Search],
        help: "move up among the matches",
        hint: "move",
        footer: Footer::Rank(2),
    },
    Binding {
        keys: &[Key::Code(K::Down), Key::WheelDown],
        action: Action::Down,
        contexts: &[C::Search],
        help: "move down among the matches",
        hint: "",
        footer: Footer::Never,
    },
    Binding {
        keys: &[Key::Code(K::Up), Key::Char('k'), Key::WheelUp],
        action: Action::ScrollUp,
        contexts: &[C::Help],
        help: "scroll up",
        hint: "scroll",
        footer: Footer::Rank(1),
    },
    Binding {
        keys: &[Key::Code(K::Down), Key::Char('j'), Key::WheelDown],
        action: Action::ScrollDown,
        contexts: &[C::Help],
        help: "scroll down",
        hint: "",
        footer: Footer::Never,
    },
    Binding {
        keys: &[Key::Code(K::Home)],
        action: Action::First,
        contexts: &[
            C::Interview,
            C::Start,
            C::Review,
            C::Summary,
            C::Search,
            C::Help,
        ],
        help: "to the first row",
        hint: "",
        footer: Footer::Never,
    },
    Binding {
        keys: &[Key::Code(K::End)],
        action: Action::Last,
        contexts: &[
            C::Interview,
            C::Start,
            C::Review,
            C::Summary,
            C::Search,
            C::Help,
        ],
        help: "to the last row",
        hint: "",
        footer: Footer::Never,
    },
    Binding {
        keys: &[Key::Shift(K::Up), Key::WheelUp],
        action: Action::ScrollUp,
        contexts: &[C::Interview],
        help: "scroll the question up",
        hint: "scroll",
        footer: Footer::Rank(6),
    },
    Binding {
        keys: &[Key::Shift(K::Down), Key::WheelDown],
        action: Action::ScrollDown,
        contexts: &[C::Interview],
        help: "scroll the question down",
        hint: "",
        footer: Footer::Never,
    },
    // Interview: answering.
    Binding {
        keys: &[Key::Digit],
        action: Action::Digit(0),
        contexts: &[C::Interview],
        help: "pick a level (0-4) or a choice by its number (type 1 4 for choice 14)",
        hint: "pick",
        footer: Footer::Rank(1),
    },
    Binding {
        keys: &[Key::Code(K::Enter)],
        action: Action::Confirm,
        contexts: &[C::Interview],
        help: "confirm the highlighted choice, or type the answer",
        hint: "confirm",
        footer: Footer::Rank(2),
    },
    Binding {
        keys: &[Key::Code(K::Enter)],
        action: Action::Confirm,
        contexts: &[C::Start],
        help: "open the highlighted session",
        hint: "open",
        footer: Footer::Rank(1),
    },
    Binding {
        keys: &[Key::Code(K::Enter)],
        action: Action::Confirm,
        contexts: &[C::Review, C::Search, C::Summary],
        help: "jump to the highlighted question",
        hint: "jump",
        footer: Footer::Rank(1),
    },
    Binding {
        keys: &[Key::Code(K::Enter)],
        action: Action::Confirm,
        contexts: &[C::Value],
        help: "record the typed answer",
        hint: "record",
        footer: Footer::Rank(1),
    },
    Binding {
        keys: &[Key::Code(K::Enter)],
        action: Action::Confirm,
        contexts: &[C::EmptyForm, C::Form],
        help: "create the session and start the interview",
        hint: "create",
        footer: Footer::Rank(1),
    },
    Binding {
        keys: &[Key::Code(K::Enter)],
        action: Action::Confirm,
        contexts: &[C::Prompt],
        help: "save to this path",
        hint: "save",
        footer: Footer::Rank(1),
    },
    Binding {
        keys: &[Key::Char('n'), Key::Code(K::Right), Key::Code(K::PageDown)],
        action: Action::Next,
        contexts: &[C::Interview],
        help: "next question",
        hint: "next",
        footer: Footer::Rank(1),
    },
    Binding {
        keys: &[Key::Char('p'), Key::Code(K::Left), Key::Code(K::PageUp)],
        action: Action::Previous,
        contexts: &[C::Interview],
        help: "previous question",
        hint: "prev",
        footer: Footer::Rank(2),
    },
    Binding {
        keys: &[Key::Char(']')],
        action: Action::NextSection,
        contexts: &[C::Interview],
        help: "next section",
        hint: "section",
        footer: Footer::Rank(5),
    },
    Binding {
        keys: &[Key::Char('[')],
        action: Action::PreviousSection,
        contexts: &[C::Interview],
        help: "previous section (or the start of this one)",
        hint: "",
        footer: Footer::Never,
    },
    Binding {
        keys: &[Key::Char('u')],
        action: Action::Unknown,
        contexts: &[C::Interview],
        help: "mark unknown, to confirm (again to clear)",
        hint: "unknown",
        footer: Footer::Rank(3),
    },
    Binding {
        keys: &[Key::Char('x')],
        action: Action::NotApplicable,
        contexts: &[C::Interview],
        help: "mark not applicable (again to clear)",
        hint: "n/a",
        footer: Footer::Rank(3),
    },
    Binding {
        keys: &[Key::Char('d')],
        action: Action::PolicyChoice,
        contexts: &[C::Interview],
        help: "deliberate policy choice of the State, with its reason (where the question offers it; again to clear)",
        hint: "policy",
        footer: Footer::Rank(4),
    },
    Binding {
        keys: &[Key::Char('e')],
        action: Action::EditNote,
        contexts: &[C::Interview],
        help: "edit the note and evidence (Esc leaves, text kept)",
        hint: "note",
        footer: Footer::Rank(3),
    },
    Binding {
        keys: &[Key::Char('c')],
        action: Action::CycleConfidence,
        contexts: &[C::Interview],
        help: "cycle confidence: low, medium, high, none",
        hint: "confidence",
        footer: Footer::Rank(4),
    },
    Binding {
        keys: &[Key::Char('g')],
        action: Action::ToggleGuidance,
        contexts: &[C::Interview],
        help: "show or hide the guidance for the assessor",
        hint: "guidance",
        footer: Footer::Rank(4),
    },
    Binding {
        keys: &[Key::Char('/')],
        action: Action::Search,
        contexts: &[C::Interview, C::Review, C::Summary],
        help: "search questions by text or id",
        hint: "search",
        footer: Footer::Rank(5),
    },
    Binding {
        keys: &[Key::Char('r')],
        action: Action::Review,
        contexts: &[C::Interview, C::Summary],
        help: "review: unanswered, to confirm, low confidence",
        hint: "review",
        footer: Footer::Rank(4),
    },
    Binding {
        keys: &[Key::Char('s')],
        action: Action::Summary,
        contexts: &[C::Interview, C::Review],
        help: "summary: area levels against the target, top needs",
        hint: "summary",
        footer: Footer::Rank(4),
    },
    Binding {
        keys: &[Key::Char('w')],
        action: Action::WriteReport,
        contexts: &[C::Summary],
        help: "write the Markdown report beside the session",
        hint: "write report",
        footer: Footer::Rank(2),
    },
    Binding {
        keys: &[Key::Char('n')],
        action: Action::NewAssessment,
        contexts: &[C::Start],
        help: "start a new assessment",
        hint: "new",
        footer: Footer::Rank(1),
    },
    // Forms and editors.
    Binding {
        keys: &[Key::Code(K::Tab), Key::Code(K::Down)],
        action: Action::NextField,
        contexts: &[C::EmptyForm, C::Form],
        help: "next field",
        hint: "next field",
        footer: Footer::Rank(2),
    },
    Binding {
        keys: &[Key::Code(K::BackTab), Key::Code(K::Up)],
        action: Action::PreviousField,
        contexts: &[C::EmptyForm, C::Form],
        help: "previous field",
        hint: "",
        footer: Footer::Never,
    },
    Binding {
        keys: &[Key::Ctrl('u')],
        action: Action::DeleteToLineStart,
        contexts: EDITORS,
        help: "delete the text before the cursor on its line",
        hint: "",
        footer: Footer::Never,
    },
    Binding {
        keys: &[Key::Code(K::Esc)],
        action: Action::Back,
        contexts: &[C::Note],
        help: "leave the note editor (the text is kept and saved)",
        hint: "done",
        footer: Footer::Rank(1),
    },
    Binding {
        keys: &[Key::Code(K::Esc)],
        action: Action::Back,
        contexts: &[C::Reason],
        help: "leave the reason editor (the reason is kept and saved)",
        hint: "done",
        footer: Footer::Rank(1),
    },
    Binding {
        keys: &[Key::Code(K::Esc)],
        action: Action::Back,
        contexts: &[C::Text],
        help: "leave the editor (the answer is kept and saved; Enter starts a new line)",
        hint: "done",
        footer: Footer::Rank(1),
    },
    Binding {
        keys: &[Key::Code(K::Esc)],
        action: Action::Back,
        contexts: &[C::Value, C::Search, C::Prompt],
        help: "leave without recording",
        hint: "cancel",
        footer: Footer::Rank(1),
    },
    Binding {
        keys: &[Key::Code(K::Esc)],
        action: Action::Back,
        contexts: &[C::EmptyForm, C::Form],
        help: "back to the start screen (what was typed is kept)",
        hint: "back",
        footer: Footer::Rank(1),
    },
    Binding {
        keys: &[Key::Code(K::Esc), Key::Char('r')],
        action: Action::Back,
        contexts: &[C::Review],
        help: "back to the interview",
        hint: "back",
        footer: Footer::Rank(1),
    },
    Binding {
        keys: &[Key::Code(K::Esc), Key::Char('s')],
        action: Action::Back,
        contexts: &[C::Summary],
        help: "back to the interview",
        hint: "back",
        footer: Footer::Rank(1),
    },
    Binding {
        keys: &[Key::Code(K::Esc), Key::Char('?'), Key::Char('q'), Key::F(1)],
        action: Action::Back,
        contexts: &[C::Help],
        help: "close the help",
        hint: "close",
        footer: Footer::Always,
    },
    // Everywhere a key is not text.
    Binding {
        keys: &[Key::Char('?'), Key::F(1)],
        action: Action::Help,
        contexts: BROWSING,
        help: "this help",
        hint: "help",
        footer: Footer::Always,
    },
    Binding {
        keys: &[Key::F(1)],
        action: Action::Help,
        contexts: EDITORS_WITH_HELP,
        help: "this help",
        hint: "help",
        footer: Footer::Always,
    },
    Binding {
        keys: &[Key::Char('q')],
        action: Action::Quit,
        contexts: BROWSING,
        help: "save and quit",
        hint: "quit",
        footer: Footer::Always,
    },
    Binding {
        keys: &[Key::Ctrl('c')],
        action: Action::Quit,
        contexts: EDITORS,
        help: "save and quit, from anywhere",
        hint: "quit",
        footer: Footer::Always,
    },
    Binding {
        keys: &[Key::Ctrl('c')],
        action: Action::Quit,
        contexts: &[
            C::Start,
            C::EmptyForm,
            C::Interview,
            C::Review,
            C::Summary,
            C::Help,
        ],
        help: "save and quit, from anywhere",
        hint: "",
        footer: Footer::Never,
    },
    Binding {
        keys: &[Key::Ctrl('z')],
        action: Action::Suspend,
        contexts: EVERYWHERE,
        help: "suspend: save, give the terminal back to the shell (fg resumes)",
        hint: "",
        footer: Footer::Never,
    },
    Binding {
        keys: &[Key::Ctrl('l')],
        action: Action::Redraw,
        contexts: &[
            C::Start,
            C::EmptyForm,
            C::Form,
            C::Interview,
            C::Note,
            C::Reason,
            C::Value,
            C::Text,
            C::Search,
            C::Review,
            C::Summary,
            C::Help,
            C::NotSaved,
            C::Prompt,
        ],
        help: "clear the terminal and draw the screen again",
        hint: "",
        footer: Footer::Never,
    },
];

fn digit_action(action: Action, code: KeyCode) -> Action {
    match (action, code) {
        (Action::Digit(_), KeyCode::Char(c)) => Action::Digit(
            c.to_digit(10)
                .and_then(|d| u8::try_from(d).ok())
                .unwrap_or(0),
        ),
        (action, _) => action,
    }
}

/// The action a key asks for in a context, if any.
pub fn lookup(context: Context, event: &KeyEvent) -> Option<Action> {
    KEYMAP
        .iter()
        .filter(|b| b.contexts.contains(&context))
        .find(|b| b.keys.iter().any(|k| k.matches(event)))
        .map(|b| digit_action(b.action, event.code))
}

/// The action a mouse event asks for in a context (the wheel), if any.
pub fn lookup_mouse(context: Context, kind: MouseEventKind) -> Option<Action> {
    KEYMAP
        .iter()
        .filter(|b| b.contexts.contains(&context))
        .find(|b| b.keys.iter().any(|k| k.matches_mouse(kind)))
        .map(|b| b.action)
}

/// One footer entry: the key's label and its hint.
pub type Hint = (String, &'static str);

/// The width a footer entry takes: ` key hint `.
pub fn hint_width(hint: &Hint) -> usize {
    use unicode_width::UnicodeWidthStr as _;
    hint.0.width() + hint.1.width() + 3
}

/// The footer for a context at `width` columns: the entries that fit,
/// chosen by priority (help and quit first, then by rank) and shown in
/// table order; an action that `offered` says does not apply here (a
/// policy choice the question does not offer) is left out.
pub fn footer(
    context: Context,
    ascii: bool,
    width: usize,
    offered: impl Fn(Action) -> bool,
) -> Vec<Hint> {
    let candidates: Vec<(usize, Footer, Hint)> = KEYMAP
        .iter()
        .enumerate()
        .filter(|(_, b)| {
            b.contexts.contains(&context) && b.footer != Footer::Never && offered(b.action)
        })
        .map(|(i, b)| {
            // An up key stands for its down key too: `↑↓ move`.
            let keys = match (b.action, b.keys[0], ascii) {
                (Action::Up | Action::ScrollUp, Key::Code(K::Up), false) => "↑↓".to_string(),
                (Action::Up | Action::ScrollUp, Key::Code(K::Up), true) => "Up/Down".to_string(),
                (Action::ScrollUp, Key::Shift(K::Up), false) => "Shift-↑↓".to_string(),
                (Action::ScrollUp, Key::Shift(K::Up), true) => "Shift-Up/Down".to_string(),
                (_, key, _) => key.label(ascii),
            };
            (i, b.footer, (keys, b.hint))
        })
        .collect();
    let mut by_priority: Vec<&(usize, Footer, Hint)> = candidates.iter().collect();
    by_priority.sort_by_key(|(i, footer, _)| (*footer, *i));
    let mut used = 0;
    let mut chosen: Vec<usize> = Vec::new();
    for (i, _, hint) in by_priority {
        let cost = hint_width(hint);
        if used + cost <= width {
            used += cost;
            chosen.push(*i);
        }
    }
    candidates
        .into_iter()
        .filter(|(i, _, _)| chosen.contains(i))
        .map(|(_, _, hint)| hint)
        .collect()
}

/// The help overlay's rows for a context: all keys of each binding, and what it does.
pub fn help(context: Context, ascii: bool) -> Vec<(String, &'static str)> {
    KEYMAP
        .iter()
        .filter(|b| b.contexts.contains(&context))
        .map(|b| {
            let keys: Vec<String> = b.keys.iter().map(|k| k.label(ascii)).collect();
            (keys.join(" "), b.help)
        })
        .collect()
}

/// The keymap as Markdown tables, one per context (docs/keys.md holds this
/// text; a test keeps them equal).
pub fn markdown() -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for context in Context::ALL {
        let _ = writeln!(
            out,
            "### {}\n\n| keys | action |\n|---|---|",
            context.title()
        );
        for (keys, help) in help(context, false) {
            let keys: Vec<String> = keys.split(' ').map(|k| format!("`{k}`")).collect();
            let _ = writeln!(out, "| {} | {help} |", keys.join(" "));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn ctrl(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    #[test]
    fn the_issue_keys_are_bound_in_the_interview() {
        let c = Context::Interview;
        assert_eq!(lookup(c, &key(KeyCode::Char('j'))), Some(Action::Down));
        assert_eq!(lookup(c, &key(KeyCode::Up)), Some(Action::Up));
        assert_eq!(lookup(c, &key(KeyCode::Char('3'))), Some(Action::Digit(3)));
        assert_eq!(lookup(c, &key(KeyCode::PageDown)), Some(Action::Next));
        assert_eq!(lookup(c, &key(KeyCode::Left)), Some(Action::Previous));
        assert_eq!(
            lookup(c, &key(KeyCode::Char(']'))),
            Some(Action::NextSection)
        );
        assert_eq!(lookup(c, &key(KeyCode::Char('u'))), Some(Action::Unknown));
        assert_eq!(
            lookup(c, &key(KeyCode::Char('x'))),
            Some(Action::NotApplicable)
        );
        assert_eq!(lookup(c, &key(KeyCode::Char('/'))), Some(Action::Search));
        assert_eq!(lookup(c, &ctrl('c')), Some(Action::Quit));
        assert_eq!(
            lookup(c, &key(KeyCode::Char('c'))),
            Some(Action::CycleConfidence)
        );
        assert_eq!(lookup(c, &key(KeyCode::Home)), Some(Action::First));
        assert_eq!(lookup(c, &key(KeyCode::End)), Some(Action::Last));
        assert_eq!(lookup(c, &ctrl('z')), Some(Action::Suspend));
        assert_eq!(lookup(c, &ctrl('l')), Some(Action::Redraw));
        assert_eq!(
            lookup(c, &KeyEvent::new(KeyCode::Down, KeyModifiers::SHIFT)),
            Some(Action::ScrollDown)
        );
        assert_eq!(
            lookup_mouse(c, MouseEventKind::ScrollUp),
            Some(Action::ScrollUp)
        );
        assert_eq!(
            lookup_mouse(Context::Review, MouseEventKind::ScrollDown),
            Some(Action::Down)
        );
    }

    #[test]
    fn text_contexts_leave_letters_to_the_editor() {
        assert_eq!(lookup(Context::Note, &key(KeyCode::Char('q'))), None);
        assert_eq!(lookup(Context::Note, &key(KeyCode::Char('n'))), None);
        assert_eq!(
            lookup(Context::Note, &key(KeyCode::Esc)),
            Some(Action::Back)
        );
        assert_eq!(
            lookup(Context::Note, &ctrl('u')),
            Some(Action::DeleteToLineStart)
        );
        assert_eq!(
            lookup(Context::Search, &key(KeyCode::Char('j'))),
            None,
            "j is typed into the query"
        );
        assert_eq!(lookup(Context::Form, &key(KeyCode::Char('q'))), None);
        assert!(Context::Note.takes_text() && !Context::Interview.takes_text());
    }

    #[test]
    fn the_empty_form_is_never_a_trap() {
        let c = Context::EmptyForm;
        assert_eq!(lookup(c, &key(KeyCode::Char('q'))), Some(Action::Quit));
        assert_eq!(lookup(c, &key(KeyCode::Char('?'))), Some(Action::Help));
        assert_eq!(lookup(c, &key(KeyCode::Esc)), Some(Action::Back));
        assert_eq!(lookup(c, &key(KeyCode::Char('Q'))), None, "typed");
        assert_eq!(
            lookup(Context::Form, &key(KeyCode::Esc)),
            Some(Action::Back)
        );
        assert_eq!(
            lookup(Context::Form, &key(KeyCode::F(1))),
            Some(Action::Help)
        );
    }

    #[test]
    fn docs_keys_md_holds_the_keymap() {
        let docs =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/keys.md")).unwrap();
        assert!(
            docs.contains(&markdown()),
            "docs/keys.md is out of date; replace its key tables with:\n{}",
            markdown()
        );
    }

    #[test]
    fn every_context_has_a_footer_with_help_and_a_way_out() {
        for c in Context::ALL {
            assert!(!help(c, true).is_empty(), "{c:?} has no help");
            for width in [60, 80, 120] {
                let hints = footer(c, false, width, |_| true);
                let used: usize = hints.iter().map(hint_width).sum();
                assert!(used <= width, "{c:?} at {width}: {hints:?}");
                let words: Vec<&str> = hints.iter().map(|(_, h)| *h).collect();
                let leaves = ["quit", "close", "back", "cancel", "done"];
                assert!(
                    words.iter().any(|w| leaves.contains(w)),
                    "{c:?} at {width} shows no way out: {words:?}"
                );
                if !matches!(c, Context::Help | Context::NotSaved | Context::Prompt) {
                    assert!(
                        words.contains(&"help") && words.contains(&"quit"),
                        "{c:?} at {width}: {words:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_footer_keeps_table_order_and_fills_by_rank() {
        let wide = footer(Context::Interview, false, 200, |_| true);
        let narrow = footer(Context::Interview, false, 80, |_| true);
        let without = footer(Context::Interview, false, 200, |a| {
            a != Action::PolicyChoice
        });
        assert!(wide.iter().any(|(_, h)| *h == "policy"));
        assert!(
            !without.iter().any(|(_, h)| *h == "policy"),
            "not offered, not shown"
        );
        assert!(narrow.len() < wide.len());
        let position = |h: &[Hint], w: &str| h.iter().position(|(_, x)| *x == w);
        assert!(position(&narrow, "next") < position(&narrow, "help"));
        assert!(position(&narrow, "help").is_some() && position(&narrow, "quit").is_some());
        assert!(position(&narrow, "next").is_some() && position(&narrow, "pick").is_some());
    }
}
