//! The one key → action table. The key handler, the footer hints and the
//! help overlay are all generated from [`KEYMAP`], so they cannot disagree.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Everything a key can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    Help,
    Back,
    Up,
    Down,
    Pick(u8),
    Confirm,
    Next,
    Previous,
    NextSection,
    PreviousSection,
    Unknown,
    NotApplicable,
    EditNote,
    CycleConfidence,
    ToggleGuidance,
    Search,
    Review,
    Summary,
    WriteReport,
    NewAssessment,
    NextField,
    PreviousField,
    Retry,
    SaveElsewhere,
}

/// Where the keys are read: each screen, editor and overlay has its own set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Start,
    Form,
    Interview,
    Note,
    Value,
    Search,
    Review,
    Summary,
    Help,
    NotSaved,
    Prompt,
}

impl Context {
    /// In text contexts, keys without a binding are typed into the editor.
    pub fn takes_text(self) -> bool {
        matches!(
            self,
            Context::Form | Context::Note | Context::Value | Context::Search | Context::Prompt
        )
    }

    pub fn title(self) -> &'static str {
        match self {
            Context::Start => "Start screen",
            Context::Form => "New assessment form",
            Context::Interview => "Interview",
            Context::Note => "Note editor",
            Context::Value => "Typed answer",
            Context::Search => "Search",
            Context::Review => "Review",
            Context::Summary => "Summary",
            Context::Help => "Help",
            Context::NotSaved => "NOT SAVED banner",
            Context::Prompt => "Path prompt",
        }
    }
}

/// A key as the table names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Ctrl(char),
    Code(KeyCode),
    /// Any of `0`–`9`, delivered as `Action::Pick(n)`.
    Digit,
}

impl Key {
    fn matches(self, event: &KeyEvent) -> bool {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        let alt = event.modifiers.contains(KeyModifiers::ALT);
        match self {
            Key::Char(c) => !ctrl && !alt && event.code == KeyCode::Char(c),
            Key::Ctrl(c) => ctrl && event.code == KeyCode::Char(c),
            Key::Code(code) => event.code == code && !(ctrl && matches!(code, KeyCode::Char(_))),
            Key::Digit => {
                !ctrl && !alt && matches!(event.code, KeyCode::Char(c) if c.is_ascii_digit())
            }
        }
    }

    pub fn label(self, ascii: bool) -> String {
        match self {
            Key::Char(' ') => "Space".into(),
            Key::Char(c) => c.to_string(),
            Key::Ctrl(c) => format!("Ctrl-{}", c.to_ascii_uppercase()),
            Key::Digit => "0-9".into(),
            Key::Code(code) => match (code, ascii) {
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
                (other, _) => format!("{other:?}"),
            },
        }
    }
}

/// One row of the keymap.
pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    pub contexts: &'static [Context],
    /// What the key does, for the help overlay.
    pub help: &'static str,
    /// A short word for the footer; empty to leave it out of the footer.
    pub hint: &'static str,
}

use Context as C;
use KeyCode as K;

const BROWSING: &[Context] = &[C::Start, C::Interview, C::Review, C::Summary];

/// The keymap. Order matters: the first matching row wins, and the footer
/// lists hints in this order.
pub static KEYMAP: &[Binding] = &[
    // The NOT SAVED banner blocks everything else.
    Binding {
        keys: &[Key::Char('r')],
        action: Action::Retry,
        contexts: &[C::NotSaved],
        help: "try the save again",
        hint: "retry",
    },
    Binding {
        keys: &[Key::Char('a')],
        action: Action::SaveElsewhere,
        contexts: &[C::NotSaved],
        help: "save to another file",
        hint: "save elsewhere",
    },
    Binding {
        keys: &[Key::Char('q'), Key::Ctrl('c')],
        action: Action::Quit,
        contexts: &[C::NotSaved],
        help: "quit (asks again: the last changes are not saved)",
        hint: "quit",
    },
    // Interview: answering.
    Binding {
        keys: &[Key::Code(K::Up), Key::Char('k')],
        action: Action::Up,
        contexts: &[C::Interview, C::Start, C::Review],
        help: "move up among choices or items",
        hint: "move",
    },
    Binding {
        keys: &[Key::Code(K::Down), Key::Char('j')],
        action: Action::Down,
        contexts: &[C::Interview, C::Start, C::Review],
        help: "move down among choices or items",
        hint: "",
    },
    Binding {
        keys: &[Key::Code(K::Up)],
        action: Action::Up,
        contexts: &[C::Search],
        help: "move up among the matches",
        hint: "move",
    },
    Binding {
        keys: &[Key::Code(K::Down)],
        action: Action::Down,
        contexts: &[C::Search],
        help: "move down among the matches",
        hint: "",
    },
    Binding {
        keys: &[Key::Digit],
        action: Action::Pick(0),
        contexts: &[C::Interview],
        help: "pick a level (0-4) or a choice (1-9) directly",
        hint: "pick",
    },
    Binding {
        keys: &[Key::Code(K::Enter)],
        action: Action::Confirm,
        contexts: &[C::Interview],
        help: "confirm the highlighted choice, or type the answer",
        hint: "confirm",
    },
    Binding {
        keys: &[Key::Code(K::Enter)],
        action: Action::Confirm,
        contexts: &[C::Start],
        help: "open the highlighted session",
        hint: "open",
    },
    Binding {
        keys: &[Key::Code(K::Enter)],
        action: Action::Confirm,
        contexts: &[C::Review, C::Search],
        help: "jump to the highlighted question",
        hint: "jump",
    },
    Binding {
        keys: &[Key::Code(K::Enter)],
        action: Action::Confirm,
        contexts: &[C::Value],
        help: "record the typed answer",
        hint: "record",
    },
    Binding {
        keys: &[Key::Code(K::Enter)],
        action: Action::Confirm,
        contexts: &[C::Form],
        help: "create the session and start the interview",
        hint: "create",
    },
    Binding {
        keys: &[Key::Code(K::Enter)],
        action: Action::Confirm,
        contexts: &[C::Prompt],
        help: "save to this path",
        hint: "save",
    },
    Binding {
        keys: &[Key::Char('n'), Key::Code(K::Right), Key::Code(K::PageDown)],
        action: Action::Next,
        contexts: &[C::Interview],
        help: "next question",
        hint: "next",
    },
    Binding {
        keys: &[Key::Char('p'), Key::Code(K::Left), Key::Code(K::PageUp)],
        action: Action::Previous,
        contexts: &[C::Interview],
        help: "previous question",
        hint: "prev",
    },
    Binding {
        keys: &[Key::Char(']')],
        action: Action::NextSection,
        contexts: &[C::Interview],
        help: "next section",
        hint: "section",
    },
    Binding {
        keys: &[Key::Char('[')],
        action: Action::PreviousSection,
        contexts: &[C::Interview],
        help: "previous section (or the start of this one)",
        hint: "",
    },
    Binding {
        keys: &[Key::Char('u')],
        action: Action::Unknown,
        contexts: &[C::Interview],
        help: "mark unknown, to confirm (again to clear)",
        hint: "unknown",
    },
    Binding {
        keys: &[Key::Char('x')],
        action: Action::NotApplicable,
        contexts: &[C::Interview],
        help: "mark not applicable (again to clear)",
        hint: "n/a",
    },
    Binding {
        keys: &[Key::Char('e')],
        action: Action::EditNote,
        contexts: &[C::Interview],
        help: "edit the note and evidence (Esc leaves, text kept)",
        hint: "note",
    },
    Binding {
        keys: &[Key::Char('c')],
        action: Action::CycleConfidence,
        contexts: &[C::Interview],
        help: "cycle confidence: low, medium, high, none",
        hint: "confidence",
    },
    Binding {
        keys: &[Key::Char('g')],
        action: Action::ToggleGuidance,
        contexts: &[C::Interview],
        help: "show or hide the guidance for the assessor",
        hint: "guidance",
    },
    Binding {
        keys: &[Key::Char('/')],
        action: Action::Search,
        contexts: &[C::Interview, C::Review, C::Summary],
        help: "search questions by text or id",
        hint: "search",
    },
    Binding {
        keys: &[Key::Char('r')],
        action: Action::Review,
        contexts: &[C::Interview, C::Summary],
        help: "review: unanswered, to confirm, low confidence",
        hint: "review",
    },
    Binding {
        keys: &[Key::Char('s')],
        action: Action::Summary,
        contexts: &[C::Interview, C::Review],
        help: "summary: area levels against the target, top needs",
        hint: "summary",
    },
    Binding {
        keys: &[Key::Char('w')],
        action: Action::WriteReport,
        contexts: &[C::Summary],
        help: "write the Markdown report beside the session",
        hint: "write report",
    },
    Binding {
        keys: &[Key::Char('n')],
        action: Action::NewAssessment,
        contexts: &[C::Start],
        help: "start a new assessment",
        hint: "new",
    },
    // Forms and editors.
    Binding {
        keys: &[Key::Code(K::Tab), Key::Code(K::Down)],
        action: Action::NextField,
        contexts: &[C::Form],
        help: "next field",
        hint: "next field",
    },
    Binding {
        keys: &[Key::Code(K::BackTab), Key::Code(K::Up)],
        action: Action::PreviousField,
        contexts: &[C::Form],
        help: "previous field",
        hint: "",
    },
    Binding {
        keys: &[Key::Code(K::Esc)],
        action: Action::Back,
        contexts: &[C::Note],
        help: "leave the note editor (the text is kept and saved)",
        hint: "done",
    },
    Binding {
        keys: &[Key::Code(K::Esc)],
        action: Action::Back,
        contexts: &[C::Value, C::Form, C::Search, C::Prompt],
        help: "leave without recording",
        hint: "cancel",
    },
    Binding {
        keys: &[Key::Code(K::Esc), Key::Char('r')],
        action: Action::Back,
        contexts: &[C::Review],
        help: "back to the interview",
        hint: "back",
    },
    Binding {
        keys: &[Key::Code(K::Esc), Key::Char('s')],
        action: Action::Back,
        contexts: &[C::Summary],
        help: "back to the interview",
        hint: "back",
    },
    Binding {
        keys: &[Key::Code(K::Esc), Key::Char('?'), Key::Char('q')],
        action: Action::Back,
        contexts: &[C::Help],
        help: "close the help",
        hint: "close",
    },
    // Everywhere a key is not text.
    Binding {
        keys: &[Key::Char('?')],
        action: Action::Help,
        contexts: BROWSING,
        help: "this help",
        hint: "help",
    },
    Binding {
        keys: &[Key::Char('q')],
        action: Action::Quit,
        contexts: BROWSING,
        help: "save and quit",
        hint: "quit",
    },
    Binding {
        keys: &[Key::Ctrl('c')],
        action: Action::Quit,
        contexts: &[
            C::Start,
            C::Form,
            C::Interview,
            C::Note,
            C::Value,
            C::Search,
            C::Review,
            C::Summary,
            C::Help,
            C::Prompt,
        ],
        help: "save and quit, from anywhere",
        hint: "",
    },
];

/// The action a key asks for in a context, if any.
pub fn lookup(context: Context, event: &KeyEvent) -> Option<Action> {
    KEYMAP
        .iter()
        .filter(|b| b.contexts.contains(&context))
        .find(|b| b.keys.iter().any(|k| k.matches(event)))
        .map(|b| match (b.action, event.code) {
            (Action::Pick(_), KeyCode::Char(c)) => Action::Pick(
                c.to_digit(10)
                    .and_then(|d| u8::try_from(d).ok())
                    .unwrap_or(0),
            ),
            (action, _) => action,
        })
}

/// The footer for a context: `key hint` pairs, in table order.
pub fn footer(context: Context, ascii: bool) -> Vec<(String, &'static str)> {
    KEYMAP
        .iter()
        .filter(|b| b.contexts.contains(&context) && !b.hint.is_empty())
        .map(|b| {
            let keys = match b.action {
                Action::Up => {
                    if ascii {
                        "Up/Down".to_string()
                    } else {
                        "↑↓".to_string()
                    }
                }
                _ => b.keys[0].label(ascii),
            };
            (keys, b.hint)
        })
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
    let contexts = [
        Context::Start,
        Context::Form,
        Context::Interview,
        Context::Note,
        Context::Value,
        Context::Search,
        Context::Review,
        Context::Summary,
        Context::Help,
        Context::NotSaved,
        Context::Prompt,
    ];
    let mut out = String::new();
    for context in contexts {
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

    #[test]
    fn the_issue_keys_are_bound_in_the_interview() {
        let c = Context::Interview;
        assert_eq!(lookup(c, &key(KeyCode::Char('j'))), Some(Action::Down));
        assert_eq!(lookup(c, &key(KeyCode::Up)), Some(Action::Up));
        assert_eq!(lookup(c, &key(KeyCode::Char('3'))), Some(Action::Pick(3)));
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
        assert_eq!(
            lookup(c, &KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
        assert_eq!(
            lookup(c, &key(KeyCode::Char('c'))),
            Some(Action::CycleConfidence)
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
            lookup(Context::Search, &key(KeyCode::Char('j'))),
            None,
            "j is typed into the query"
        );
        assert!(Context::Note.takes_text() && !Context::Interview.takes_text());
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
    fn every_context_has_a_footer_and_help() {
        for c in [
            Context::Start,
            Context::Form,
            Context::Interview,
            Context::Note,
            Context::Value,
            Context::Search,
            Context::Review,
            Context::Summary,
            Context::Help,
            Context::NotSaved,
            Context::Prompt,
        ] {
            assert!(!footer(c, false).is_empty(), "{c:?} has no footer");
            assert!(!help(c, true).is_empty(), "{c:?} has no help");
        }
    }
}
