//! The update function driven by keys, with no terminal; and every screen
//! drawn on a `TestBackend` at 80×24 and snapshotted.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::*;
use crate::questionnaire::Questionnaire;
use crate::session::{Confidence, Mission, QuestionnaireRef, StateInfo, Status};

const QUESTIONNAIRE: &str = include_str!("../../../tests/fixtures/good/small.yaml");

fn theme() -> Theme {
    Theme {
        color: true,
        ascii: false,
    }
}

fn app_in_interview() -> App {
    let questionnaire = Questionnaire::from_source(QUESTIONNAIRE).unwrap();
    let mut session = Session::new(
        StateInfo {
            name: "Republic of Examplia".into(),
            code: Some("XE".into()),
        },
        Mission::default(),
        QuestionnaireRef::of(&questionnaire, None),
        jiff::Timestamp::UNIX_EPOCH,
    );
    session.saves = 3;
    let mut app = App::new(theme(), Vec::new(), &NewAssessment::default());
    app.begin_interview(
        Interview::new(questionnaire, session),
        PathBuf::from("examplia.yaml"),
        3,
    );
    app
}

fn press(app: &mut App, code: KeyCode) {
    app.handle_key(&KeyEvent::new(code, KeyModifiers::NONE));
}

fn keys(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn current_id(app: &App) -> String {
    app.interview().unwrap().question().id.clone()
}

fn answer<'a>(app: &'a App, id: &str) -> Option<&'a crate::session::Answer> {
    app.interview().unwrap().session.answer(id)
}

#[test]
fn navigation_keys_move_between_questions_and_sections() {
    let mut app = app_in_interview();
    assert_eq!(current_id(&app), "CX.languages");
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(current_id(&app), "CX.untoc");
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::PageDown);
    assert_eq!(current_id(&app), "A1.1");
    press(&mut app, KeyCode::Char('p'));
    assert_eq!(current_id(&app), "CX.population");
    press(&mut app, KeyCode::Char(']'));
    assert_eq!(current_id(&app), "A1.1");
    press(&mut app, KeyCode::Char('['));
    assert_eq!(current_id(&app), "CX.languages");
    assert!(
        app.take_effects().contains(&Effect::Save),
        "moving saves the position"
    );
}

#[test]
fn digits_and_enter_answer_and_ask_for_a_save() {
    let mut app = app_in_interview();
    press(&mut app, KeyCode::Char(']'));
    app.take_effects();
    keys(&mut app, "2");
    assert_eq!(answer(&app, "A1.1").unwrap().value, Some(Value::Level(2)));
    assert_eq!(app.cursor, 2, "the cursor follows the answer");
    assert_eq!(app.take_effects(), vec![Effect::Save]);
    assert_eq!(
        app.save,
        SaveState::Pending,
        "not claimed saved before the saver says so"
    );
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Enter);
    assert_eq!(answer(&app, "A1.1").unwrap().value, Some(Value::Level(4)));
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Char('k'));
    assert_eq!(app.cursor, 2);
    keys(&mut app, "7");
    assert!(
        app.message
            .as_ref()
            .is_some_and(|(m, error)| *error && m.contains("0 to 4"))
    );
}

#[test]
fn multi_choice_digits_toggle() {
    let mut app = app_in_interview();
    keys(&mut app, "12");
    assert_eq!(
        answer(&app, "CX.languages").unwrap().value,
        Some(Value::Choices(vec!["en".into(), "fr".into()]))
    );
    keys(&mut app, "1");
    assert_eq!(
        answer(&app, "CX.languages").unwrap().value,
        Some(Value::Choices(vec!["fr".into()]))
    );
}

#[test]
fn unknown_not_applicable_and_confidence() {
    let mut app = app_in_interview();
    press(&mut app, KeyCode::Char(']'));
    keys(&mut app, "u");
    assert_eq!(answer(&app, "A1.1").unwrap().status, Some(Status::Unknown));
    keys(&mut app, "x");
    assert_eq!(
        answer(&app, "A1.1").unwrap().status,
        Some(Status::NotApplicable)
    );
    keys(&mut app, "cc");
    assert_eq!(
        answer(&app, "A1.1").unwrap().confidence,
        Some(Confidence::Medium)
    );
}

#[test]
fn typed_answers_are_checked_and_escape_cancels() {
    let mut app = app_in_interview();
    keys(&mut app, "nn");
    assert_eq!(current_id(&app), "CX.population");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Value);
    keys(&mut app, "lots");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.context(),
        Context::Value,
        "an invalid number keeps the input open"
    );
    assert!(
        app.message
            .as_ref()
            .is_some_and(|(m, _)| m.contains("not a number"))
    );
    app.handle_key(&KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    keys(&mut app, "1200000");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Interview);
    assert_eq!(
        answer(&app, "CX.population").unwrap().value,
        Some(Value::Number(1_200_000.0))
    );
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "9");
    press(&mut app, KeyCode::Esc);
    assert_eq!(
        answer(&app, "CX.population").unwrap().value,
        Some(Value::Number(1_200_000.0))
    );
}

#[test]
fn the_note_editor_takes_every_key_and_keeps_text_on_escape() {
    let mut app = app_in_interview();
    keys(&mut app, "e");
    assert_eq!(app.context(), Context::Note);
    keys(&mut app, "q n? ");
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "line two");
    assert_eq!(
        current_id(&app),
        "CX.languages",
        "q and n were typed, not obeyed"
    );
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::Interview);
    assert_eq!(
        answer(&app, "CX.languages").unwrap().note,
        "q n? \nline two"
    );
}

#[test]
fn moving_never_carries_a_note_to_another_question() {
    let mut app = app_in_interview();
    keys(&mut app, "e");
    keys(&mut app, "first note");
    press(&mut app, KeyCode::Esc);
    keys(&mut app, "n");
    assert!(
        answer(&app, "CX.untoc").is_none(),
        "the next question has no note"
    );
    keys(&mut app, "e");
    keys(&mut app, "second note");
    // Move without leaving the editor first: Ctrl-free keys are text, so leave with Esc, then jump by search.
    press(&mut app, KeyCode::Esc);
    keys(&mut app, "/");
    keys(&mut app, "population");
    press(&mut app, KeyCode::Enter);
    assert_eq!(current_id(&app), "CX.population");
    keys(&mut app, "]r");
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "pp[");
    assert_eq!(answer(&app, "CX.languages").unwrap().note, "first note");
    assert_eq!(answer(&app, "CX.untoc").unwrap().note, "second note");
    assert!(answer(&app, "CX.population").is_none());
    assert!(answer(&app, "A1.1").is_none());
}

#[test]
fn an_outdated_failure_does_not_raise_the_banner_and_success_lowers_it() {
    let mut app = app_in_interview();
    app.on_saved(4, Err("transient".into()), 5);
    assert_eq!(
        app.context(),
        Context::Interview,
        "a newer save is on its way"
    );
    app.on_saved(5, Err("disk full".into()), 5);
    assert_eq!(app.context(), Context::NotSaved);
    keys(&mut app, "q");
    keys(&mut app, "r");
    app.on_saved(6, Ok(()), 6);
    assert_eq!(app.context(), Context::Interview);
    app.on_saved(7, Err("disk full again".into()), 7);
    keys(&mut app, "q");
    assert!(
        app.take_effects().iter().all(|e| *e != Effect::QuitUnsaved),
        "the warning is asked again"
    );
}

#[test]
fn the_note_is_saved_while_typing_after_a_pause() {
    let mut app = app_in_interview();
    keys(&mut app, "e");
    app.take_effects();
    keys(&mut app, "draft");
    app.tick(Instant::now());
    assert!(app.take_effects().is_empty(), "not before the pause");
    app.tick(Instant::now() + NOTE_DEBOUNCE + Duration::from_millis(1));
    assert_eq!(app.take_effects(), vec![Effect::Save]);
    assert_eq!(answer(&app, "CX.languages").unwrap().note, "draft");
    assert_eq!(app.context(), Context::Note, "typing goes on");
}

#[test]
fn pastes_are_cleaned_and_bounded() {
    let mut app = app_in_interview();
    keys(&mut app, "e");
    app.handle_paste("evil \u{1b}]0;title\u{7} text\r\nnext");
    press(&mut app, KeyCode::Esc);
    assert_eq!(
        answer(&app, "CX.languages").unwrap().note,
        "evil ]0;title text\nnext"
    );
    keys(&mut app, "n");
    keys(&mut app, "e");
    app.handle_paste(&"x".repeat(MAX_NOTE + 500));
    press(&mut app, KeyCode::Esc);
    assert_eq!(answer(&app, "CX.untoc").unwrap().note.len(), MAX_NOTE);
}

#[test]
fn search_jumps_to_a_question() {
    let mut app = app_in_interview();
    keys(&mut app, "/");
    assert_eq!(app.context(), Context::Search);
    keys(&mut app, "document fraud");
    assert_eq!(app.search.hits.len(), 1);
    press(&mut app, KeyCode::Enter);
    assert_eq!(current_id(&app), "A1.2");
    assert_eq!(app.context(), Context::Interview);
}

#[test]
fn review_lists_and_jumps() {
    let mut app = app_in_interview();
    keys(&mut app, "r");
    assert_eq!(app.screen, Screen::Review);
    let first = app.review_items()[0];
    assert_eq!(
        first.reason,
        crate::interview::ReviewReason::RequiredUnanswered
    );
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Interview);
    assert_eq!(current_id(&app), "A1.1");
}

#[test]
fn quit_commits_the_note_and_asks_to_save() {
    let mut app = app_in_interview();
    keys(&mut app, "e");
    keys(&mut app, "unsaved words");
    app.handle_key(&KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert_eq!(answer(&app, "CX.languages").unwrap().note, "unsaved words");
    assert!(app.take_effects().contains(&Effect::Quit));
}

#[test]
fn a_failed_save_blocks_with_a_banner_until_retried() {
    let mut app = app_in_interview();
    keys(&mut app, "1");
    app.take_effects();
    app.on_saved(4, Err("No space left on device".into()), 4);
    assert_eq!(app.context(), Context::NotSaved);
    keys(&mut app, "n");
    assert_eq!(
        current_id(&app),
        "CX.languages",
        "the banner blocks other keys"
    );
    keys(&mut app, "r");
    assert_eq!(app.take_effects(), vec![Effect::Save]);
    app.on_saved(5, Ok(()), 5);
    assert_eq!(app.save, SaveState::Saved(5));
    app.on_saved(6, Err("Read-only file system".into()), 6);
    keys(&mut app, "a");
    assert_eq!(app.context(), Context::Prompt);
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.take_effects().as_slice(), [Effect::SaveAs(_)]));
    keys(&mut app, "q");
    assert!(app.take_effects().is_empty(), "the first q only warns");
    keys(&mut app, "q");
    assert_eq!(app.take_effects(), vec![Effect::QuitUnsaved]);
}

#[test]
fn start_screen_form_creates_a_session() {
    let mut app = App::new(
        theme(),
        Vec::new(),
        &NewAssessment {
            target: "3".into(),
            ..NewAssessment::default()
        },
    );
    assert_eq!(
        app.context(),
        Context::EmptyForm,
        "with no recent sessions the form is open"
    );
    press(&mut app, KeyCode::Enter);
    assert!(
        app.message
            .as_ref()
            .is_some_and(|(m, _)| m.contains("State"))
    );
    keys(&mut app, "Examplia");
    press(&mut app, KeyCode::Tab);
    keys(&mut app, "2026-11-23");
    press(&mut app, KeyCode::Enter);
    let effects = app.take_effects();
    let [Effect::Create(form)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(
        (
            form.state.as_str(),
            form.start.as_str(),
            form.target.as_str()
        ),
        ("Examplia", "2026-11-23", "3")
    );
}

#[test]
fn help_opens_and_closes() {
    let mut app = app_in_interview();
    keys(&mut app, "?");
    assert_eq!(app.context(), Context::Help);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::Interview);
}

fn draw(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| crate::tui::view::render(app, frame))
        .unwrap();
    terminal.backend().to_string()
}

#[test]
fn snapshot_start_screen() {
    let recent = vec![RecentEntry {
        path: PathBuf::from("/missions/examplia-2026-11-23.yaml"),
        state: "Republic of Examplia".into(),
        opened: "2026-11-23 09:12".into(),
    }];
    let mut app = App::new(
        theme(),
        recent,
        &NewAssessment {
            start: "2026-11-24".into(),
            target: "3".into(),
            ..NewAssessment::default()
        },
    );
    insta::assert_snapshot!("start", draw(&app, 80, 24));
    keys(&mut app, "n");
    keys(&mut app, "Atlantis");
    insta::assert_snapshot!("start_form", draw(&app, 80, 24));
}

#[test]
fn snapshot_interview_screen() {
    let mut app = app_in_interview();
    keys(&mut app, "2");
    app.on_saved(4, Ok(()), 4);
    press(&mut app, KeyCode::Char(']'));
    keys(&mut app, "1c");
    keys(&mut app, "e");
    keys(&mut app, "Penal code art. 210 covers use only.");
    press(&mut app, KeyCode::Esc);
    app.on_saved(7, Ok(()), 7);
    insta::assert_snapshot!("interview", draw(&app, 80, 24));
    keys(&mut app, "g");
    insta::assert_snapshot!("interview_guidance", draw(&app, 80, 24));
}

#[test]
fn snapshot_review_summary_help_and_banner() {
    let mut app = app_in_interview();
    press(&mut app, KeyCode::Char(']'));
    keys(&mut app, "1n2");
    app.on_saved(5, Ok(()), 5);
    keys(&mut app, "r");
    insta::assert_snapshot!("review", draw(&app, 80, 24));
    keys(&mut app, "s");
    insta::assert_snapshot!("summary", draw(&app, 80, 24));
    keys(&mut app, "?");
    insta::assert_snapshot!("help", draw(&app, 80, 24));
    press(&mut app, KeyCode::Esc);
    app.on_saved(6, Err("No space left on device (os error 28)".into()), 6);
    insta::assert_snapshot!("not_saved", draw(&app, 80, 24));
}

#[test]
fn snapshot_too_small_and_ascii() {
    let mut app = app_in_interview();
    insta::assert_snapshot!("too_small", draw(&app, 40, 10));
    for (width, height) in [(1, 1), (3, 2), (20, 5), (59, 24), (80, 15)] {
        assert!(
            draw(&app, width, height).contains(if width > 17 { "too small" } else { "" }),
            "no panic at {width}×{height}"
        );
    }
    app.theme = Theme {
        color: false,
        ascii: true,
    };
    let screen = draw(&app, 80, 24);
    assert!(screen.is_ascii(), "{screen}");
    insta::assert_snapshot!("interview_ascii", screen);
}

#[test]
fn wide_and_combining_characters_are_measured() {
    let mut app = app_in_interview();
    keys(&mut app, "e");
    app.handle_paste("北京 مرحبا e\u{301}\u{202e} 🙂");
    press(&mut app, KeyCode::Esc);
    let screen = draw(&app, 80, 24);
    assert!(screen.contains("北京"), "{screen}");
    for width in [60, 61, 79, 100] {
        draw(&app, width, 20);
    }
}
