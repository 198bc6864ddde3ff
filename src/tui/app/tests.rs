//! The update function driven by keys, with no terminal; and every screen
//! drawn on a `TestBackend` at 80×24 and snapshotted.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::*;
use crate::questionnaire::Questionnaire;
use crate::session::{Confidence, Mission, QuestionnaireRef, Session, StateInfo, Status};

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
            languages: Vec::new(),
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

// --- Issue 13: the interview at 80×24, on first launch and beyond 9 choices.

fn shipped_app() -> App {
    let questionnaire = Questionnaire::embedded();
    let session = Session::new(
        StateInfo {
            name: "Republic of Examplia".into(),
            code: Some("XE".into()),
            languages: Vec::new(),
        },
        Mission::default(),
        QuestionnaireRef::of(&questionnaire, None),
        jiff::Timestamp::UNIX_EPOCH,
    );
    let mut app = App::new(theme(), Vec::new(), &NewAssessment::default());
    app.begin_interview(
        Interview::new(questionnaire, session),
        PathBuf::from("examplia.yaml"),
        1,
    );
    app
}

fn go(app: &mut App, id: &str) {
    keys(app, "/");
    keys(app, id);
    press(app, KeyCode::Enter);
    assert_eq!(current_id(app), id);
}

fn shift(app: &mut App, code: KeyCode) {
    app.handle_key(&KeyEvent::new(code, KeyModifiers::SHIFT));
}

fn ctrl(app: &mut App, c: char) {
    app.handle_key(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

fn wheel(app: &mut App, kind: crossterm::event::MouseEventKind) {
    app.handle_mouse(&crossterm::event::MouseEvent {
        kind,
        column: 40,
        row: 10,
        modifiers: KeyModifiers::NONE,
    });
}

fn footer_line(screen: &str) -> &str {
    screen.lines().last().unwrap()
}

/// The pane is 52 columns wide inside at 80×24 (the sections list takes 26).
const PANE_WIDTH: usize = 52;

#[test]
fn at_80x24_the_question_the_answer_and_the_keys_stay_on_screen() {
    let mut app = shipped_app();
    let count = app.interview().unwrap().questionnaire.questions.len();
    for index in 0..count {
        let moved = app.interview.as_mut().unwrap().go_to(index);
        app.navigate(moved);
        let interview = app.interview().unwrap();
        let question = interview.question().clone();
        let language = interview.questionnaire.fallback_language().to_string();
        let first_line =
            crate::tui::wrap::wrap(question.text.get(&language), PANE_WIDTH)[0].clone();
        let rows = app.answer_rows().max(1);
        for guidance in [false, true] {
            if app.show_guidance != guidance {
                keys(&mut app, "g");
            }
            press(&mut app, KeyCode::Home);
            for row in 0..rows {
                let screen = draw(&app, 80, 24);
                let at = || format!("{} row {row} guidance {guidance}:\n{screen}", question.id);
                assert!(screen.contains(&first_line), "question lost at {}", at());
                assert!(screen.contains("Answer: "), "answer lost at {}", at());
                let footer = footer_line(&screen);
                assert!(
                    footer.contains("? help")
                        && footer.contains("q quit")
                        && footer.contains("n next"),
                    "keys lost at {}",
                    at()
                );
                if !guidance && app.answer_rows() > 0 {
                    assert!(
                        screen.matches('▶').count() >= 2,
                        "the highlighted row is out of view at {}",
                        at()
                    );
                }
                press(&mut app, KeyCode::Down);
            }
        }
    }
}

#[test]
fn hidden_lines_are_marked_and_scroll_by_key_and_wheel() {
    let mut app = shipped_app();
    go(&mut app, "A1.1");
    keys(&mut app, "4");
    let screen = draw(&app, 80, 24);
    assert!(screen.contains("more lines above"), "{screen}");
    assert!(screen.contains("Answer: 4 (dynamic)"), "{screen}");
    keys(&mut app, "g");
    let guidance = draw(&app, 80, 24);
    insta::assert_snapshot!("guidance_scrolled_80x24", guidance);
    assert!(
        guidance.contains("Guidance: Identity information"),
        "{guidance}"
    );
    assert!(
        guidance.contains("more lines below · Shift-↓ scrolls"),
        "{guidance}"
    );
    assert!(
        !guidance.contains("more lines above"),
        "the guidance is shown from its start"
    );
    shift(&mut app, KeyCode::Down);
    let scrolled = draw(&app, 80, 24);
    assert!(scrolled.contains("▲ 3 more lines above"), "{scrolled}");
    wheel(&mut app, crossterm::event::MouseEventKind::ScrollDown);
    assert!(draw(&app, 80, 24).contains("▲ 6 more lines above"));
    wheel(&mut app, crossterm::event::MouseEventKind::ScrollUp);
    shift(&mut app, KeyCode::Up);
    assert!(!draw(&app, 80, 24).contains("more lines above"));
    // Moving the highlight brings it back into view.
    press(&mut app, KeyCode::End);
    let end = draw(&app, 80, 24);
    assert!(end.contains("▶4 ● dynamic"), "{end}");
}

#[test]
fn a_long_text_answer_is_marked_where_it_is_cut_and_takes_several_lines() {
    let mut app = shipped_app();
    go(&mut app, "CX.3");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Text);
    keys(&mut app, "Assistance with the new identity law.");
    press(&mut app, KeyCode::Enter);
    keys(
        &mut app,
        "Also training for prosecutors; see the note verbale of 3 March.",
    );
    app.tick(Instant::now() + NOTE_DEBOUNCE + Duration::from_millis(1));
    assert_eq!(app.take_effects(), vec![Effect::Save], "saved while typed");
    for _ in 0..6 {
        press(&mut app, KeyCode::Enter);
        keys(&mut app, "More of the request in the State's own words.");
    }
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::Interview);
    let Some(Value::Text(text)) = app.interview().unwrap().value().cloned() else {
        panic!("no text answer")
    };
    assert!(
        text.starts_with("Assistance with the new identity law.\nAlso training"),
        "{text}"
    );
    assert_eq!(text.lines().count(), 8);
    let screen = draw(&app, 80, 24);
    assert!(
        screen.contains("▼ 1 more line below"),
        "the cut is marked:\n{screen}"
    );
    assert!(
        screen.contains("Answer: Assistance with the new identity law. / Als…"),
        "{screen}"
    );
    // Erasing the whole text removes the answer.
    press(&mut app, KeyCode::Enter);
    for _ in 0..8 {
        ctrl(&mut app, 'u');
        app.handle_key(&KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
    }
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.interview().unwrap().value(), None);
}

#[test]
fn a_long_note_says_how_much_more_there_is() {
    let mut app = app_in_interview();
    keys(&mut app, "e");
    app.handle_paste("one\ntwo\nthree\nfour\nfive\nsix");
    press(&mut app, KeyCode::Esc);
    let screen = draw(&app, 80, 24);
    insta::assert_snapshot!("note_more_80x24", screen);
    assert!(
        screen.contains("▼ 3 more lines · e to read all"),
        "{screen}"
    );
}

#[test]
fn ctrl_u_deletes_back_to_the_start_of_the_line_in_the_note() {
    let mut app = app_in_interview();
    keys(&mut app, "e");
    keys(&mut app, "keep");
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "drop this");
    ctrl(&mut app, 'u');
    keys(&mut app, "new");
    press(&mut app, KeyCode::Esc);
    assert_eq!(answer(&app, "CX.languages").unwrap().note, "keep\nnew");
}

#[test]
fn the_first_launch_is_never_a_trap() {
    let first = || App::new(theme(), Vec::new(), &NewAssessment::default());
    let mut app = first();
    assert_eq!(app.context(), Context::EmptyForm);
    let screen = draw(&app, 80, 24);
    insta::assert_snapshot!("first_launch_80x24", screen);
    let footer = footer_line(&screen);
    assert!(
        footer.contains("? help") && footer.contains("q quit") && footer.contains("Esc back"),
        "{footer}"
    );
    keys(&mut app, "?");
    assert_eq!(app.context(), Context::Help);
    assert!(draw(&app, 80, 24).contains("New assessment form"));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::EmptyForm);
    keys(&mut app, "q");
    assert_eq!(app.take_effects(), vec![Effect::Quit]);

    let mut app = first();
    press(&mut app, KeyCode::Esc);
    assert_eq!(
        app.context(),
        Context::Start,
        "Esc goes back to the start screen"
    );
    let screen = draw(&app, 80, 24);
    assert!(
        screen.contains("Press n to start one, q to quit."),
        "{screen}"
    );
    assert!(footer_line(&screen).contains("q quit"));
    keys(&mut app, "n");
    keys(&mut app, "Iraq");
    assert_eq!(
        app.context(),
        Context::Form,
        "once typing has begun, letters are text"
    );
    assert_eq!(
        app.start
            .form
            .input(crate::tui::form::FormField::State)
            .text(),
        "Iraq"
    );
    let footer = footer_line(&draw(&app, 80, 24)).to_string();
    assert!(
        footer.contains("Ctrl-C quit") && footer.contains("F1 help"),
        "{footer}"
    );
    app.handle_key(&KeyEvent::new(KeyCode::F(1), KeyModifiers::NONE));
    assert_eq!(app.context(), Context::Help);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::Start);
    ctrl(&mut app, 'c');
    assert_eq!(app.take_effects(), vec![Effect::Quit]);
}

#[test]
fn choice_numbers_of_two_digits_pick_and_move_the_highlight() {
    let mut app = shipped_app();
    go(&mut app, "CX.11");
    let choice = |app: &App, n: usize| {
        app.interview().unwrap().question().kind.choices()[n - 1]
            .id
            .clone()
    };
    let chosen = |app: &App| match app.interview().unwrap().value() {
        Some(Value::Choices(cs)) => cs.clone(),
        _ => Vec::new(),
    };
    assert!(app.answer_rows() >= 14);
    keys(&mut app, "1");
    assert!(chosen(&app).is_empty(), "1 may begin 14: it waits");
    assert_eq!(app.cursor, 0, "but the highlight is already there");
    keys(&mut app, "4");
    assert_eq!(chosen(&app), vec![choice(&app, 14)]);
    assert_eq!(app.cursor, 13, "the highlight follows the digits");
    let screen = draw(&app, 80, 24);
    assert!(screen.contains("▶14 ●"), "{screen}");
    keys(&mut app, "2");
    assert_eq!(
        chosen(&app),
        vec![choice(&app, 2), choice(&app, 14)],
        "2 cannot begin a longer number"
    );
    assert_eq!(app.cursor, 1);
    // A pause picks the single digit.
    keys(&mut app, "1");
    app.tick(Instant::now() + DIGIT_PAUSE + Duration::from_millis(1));
    assert!(chosen(&app).contains(&choice(&app, 1)));
    // Enter picks it once (a multi-choice toggle is not undone).
    keys(&mut app, "1");
    press(&mut app, KeyCode::Enter);
    assert!(!chosen(&app).contains(&choice(&app, 1)), "toggled off once");
    // A digit that cannot continue the number picks what came before, then itself.
    keys(&mut app, "19");
    assert!(chosen(&app).contains(&choice(&app, 1)) && chosen(&app).contains(&choice(&app, 9)));
    keys(&mut app, "0");
    assert!(
        app.message
            .as_ref()
            .is_some_and(|(m, e)| *e && m.contains("choose 1 to"))
    );
    // Another key picks the pending number first, then acts.
    keys(&mut app, "1n");
    assert!(!answer(&app, "CX.11").unwrap().value.as_ref().is_some_and(
        |v| matches!(v, Value::Choices(cs) if cs.contains(&"ar".to_string()) && cs.len() > 99)
    ));
    assert_ne!(current_id(&app), "CX.11");
}

#[test]
fn digits_on_a_number_question_start_typing_it() {
    let mut app = app_in_interview();
    keys(&mut app, "nn");
    keys(&mut app, "4");
    assert_eq!(app.context(), Context::Value);
    keys(&mut app, "2");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        answer(&app, "CX.population").unwrap().value,
        Some(Value::Number(42.0))
    );
}

#[test]
fn answered_and_to_confirm_are_counted_apart_and_positions_agree() {
    let mut app = app_in_interview();
    keys(&mut app, "1n2nu]1");
    let screen = draw(&app, 80, 24);
    assert!(screen.contains("3/4 answered · 1 to confirm"), "{screen}");
    // CX.untoc is no and A1.1 below 2: A1.2 is skipped, in the header as in the list.
    assert!(!app.interview().unwrap().is_asked(4));
    assert!(screen.contains("A1.1 · Criminalisation · 1/1"), "{screen}");
    assert!(screen.contains("A1 Criminali…   1/1"), "{screen}");
    assert!(screen.contains("CX Context      2/3"), "{screen}");
    insta::assert_snapshot!("counts_80x24", screen);
}

#[test]
fn the_summary_explains_its_codes_and_jumps_to_a_need() {
    let mut app = app_in_interview();
    press(&mut app, KeyCode::Char(']'));
    keys(&mut app, "1n2");
    keys(&mut app, "s");
    let screen = draw(&app, 80, 24);
    assert!(screen.contains("Codes: C1 advisory"), "{screen}");
    assert!(screen.contains("priority 2.0"), "{screen}");
    assert!(screen.contains("▶ 1."), "{screen}");
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Interview);
    assert_eq!(current_id(&app), "A1.2");
    keys(&mut app, "s");
    press(&mut app, KeyCode::End);
    assert_eq!(app.summary_selected, 1);
    press(&mut app, KeyCode::Home);
    assert_eq!(app.summary_selected, 0);
}

#[test]
fn home_end_and_the_wheel_move_in_lists() {
    let mut app = app_in_interview();
    press(&mut app, KeyCode::Char(']'));
    press(&mut app, KeyCode::End);
    assert_eq!(app.cursor, 4);
    press(&mut app, KeyCode::Home);
    assert_eq!(app.cursor, 0);
    keys(&mut app, "r");
    let count = app.review_items().len();
    press(&mut app, KeyCode::End);
    assert_eq!(app.review_selected, count - 1);
    wheel(&mut app, crossterm::event::MouseEventKind::ScrollUp);
    assert_eq!(app.review_selected, count - 2);
    wheel(&mut app, crossterm::event::MouseEventKind::ScrollDown);
    assert_eq!(app.review_selected, count - 1);
    press(&mut app, KeyCode::Home);
    assert_eq!(app.review_selected, 0);
}

#[test]
fn ctrl_z_saves_what_is_typed_and_suspends_and_ctrl_l_redraws() {
    let mut app = app_in_interview();
    keys(&mut app, "e");
    keys(&mut app, "typed before the suspend");
    app.take_effects();
    ctrl(&mut app, 'z');
    assert_eq!(
        answer(&app, "CX.languages").unwrap().note,
        "typed before the suspend"
    );
    assert_eq!(app.take_effects(), vec![Effect::Suspend, Effect::Save]);
    assert_eq!(app.context(), Context::Note, "typing goes on after fg");
    ctrl(&mut app, 'l');
    assert_eq!(app.take_effects(), vec![Effect::Redraw]);
}

#[test]
fn help_scrolls_when_it_is_taller_than_the_screen() {
    let mut app = app_in_interview();
    keys(&mut app, "?");
    let screen = draw(&app, 80, 24);
    assert!(screen.contains("more lines below"), "{screen}");
    press(&mut app, KeyCode::End);
    let end = draw(&app, 80, 24);
    assert!(
        end.contains("docs/keys.md") && end.contains("above"),
        "{end}"
    );
}

#[test]
fn every_screen_shows_help_and_quit_in_its_footer_at_80_columns() {
    let mut app = app_in_interview();
    let check = |app: &App, what: &str| {
        let screen = draw(app, 80, 24);
        let footer = footer_line(&screen);
        assert!(
            footer.contains("help") && footer.contains("quit"),
            "{what}: {footer}"
        );
    };
    check(&app, "interview");
    keys(&mut app, "e");
    check(&app, "note");
    press(&mut app, KeyCode::Esc);
    keys(&mut app, "/");
    check(&app, "search");
    press(&mut app, KeyCode::Esc);
    keys(&mut app, "nn");
    press(&mut app, KeyCode::Enter);
    check(&app, "typed answer");
    press(&mut app, KeyCode::Esc);
    keys(&mut app, "r");
    check(&app, "review");
    keys(&mut app, "s");
    check(&app, "summary");
}

/// The saver is sent only what changed; its copy of the session, written to
/// disk, must equal the interface's after any mix of keys.
#[test]
fn the_saver_written_from_changes_equals_the_session() {
    use crate::tui::saver::Saver;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mirror.yaml");
    let mut app = app_in_interview();
    let mut session = app.interview().unwrap().session.clone();
    let store = crate::session::store::Store::create(&path, &mut session).unwrap();
    app.interview.as_mut().unwrap().session.saves = session.saves;
    let mut saver = Saver::start(store, session);
    let script = "12nn4e";
    let run = |app: &mut App, saver: &mut Saver| {
        for effect in app.take_effects() {
            if effect == Effect::Save {
                saver.save(app.snapshot().unwrap());
            }
        }
    };
    for c in script.chars() {
        press(&mut app, KeyCode::Char(c));
        run(&mut app, &mut saver);
    }
    keys(&mut app, "a note");
    press(&mut app, KeyCode::Esc);
    run(&mut app, &mut saver);
    for c in "]3cxxu[1p".chars() {
        press(&mut app, KeyCode::Char(c));
        run(&mut app, &mut saver);
    }
    // An answer saved, then removed: a confidence set and cycled away.
    for c in "ncccc".chars() {
        press(&mut app, KeyCode::Char(c));
        run(&mut app, &mut saver);
        if c == 'c' && answer(&app, "CX.untoc").is_some() {
            assert_eq!(saver.wait_for_latest(Duration::from_secs(10)).len(), 1);
        }
    }
    assert!(answer(&app, "CX.untoc").is_none());
    let outcomes = saver.wait_for_latest(Duration::from_secs(10));
    assert!(
        outcomes
            .iter()
            .all(|o| matches!(o, crate::tui::saver::Outcome::Saved { result: Ok(()), .. })),
        "{outcomes:?}"
    );
    drop(saver);
    let (on_disk, _) = crate::session::store::load(&path).unwrap();
    let live = &app.interview().unwrap().session;
    assert_eq!(on_disk.answers, live.answers);
    assert_eq!(on_disk.position, live.position);
    assert_eq!(on_disk.saves, live.saves);
    assert_eq!(live.answers.len(), 2, "{:?}", live.answers.keys());
}

/// The small fixture with a policy choice offered on A1.1.
fn app_with_policy_choice() -> App {
    let source = QUESTIONNAIRE.replace(
        "        guidance: Ask for the penal code.\n",
        "        guidance: Ask for the penal code.\n        policy_choice: The State may choose not to criminalise preparation.\n",
    );
    let questionnaire = Questionnaire::from_source(&source).unwrap();
    assert!(questionnaire.questions[3].policy_choice.is_some());
    let session = crate::testing::blank_session(&questionnaire);
    let mut app = App::new(theme(), Vec::new(), &NewAssessment::default());
    app.begin_interview(
        Interview::new(questionnaire, session),
        PathBuf::from("examplia.yaml"),
        1,
    );
    app
}

#[test]
fn a_policy_choice_is_offered_only_where_the_question_has_one() {
    let mut app = app_with_policy_choice();
    let footer = footer_line(&draw(&app, 120, 24)).to_string();
    assert!(
        !footer.contains("d policy"),
        "not offered on CX.languages: {footer}"
    );
    keys(&mut app, "d");
    assert!(
        app.message
            .as_ref()
            .is_some_and(|(m, e)| *e && m.contains("offers no policy choice"))
    );
    assert!(answer(&app, "CX.languages").is_none());

    press(&mut app, KeyCode::Char(']'));
    keys(&mut app, "2");
    let screen = draw(&app, 120, 30);
    assert!(footer_line(&screen).contains("d policy"), "{screen}");
    assert!(screen.contains("A policy choice may apply (d)"), "{screen}");
    keys(&mut app, "d");
    assert_eq!(app.context(), Context::Reason);
    keys(&mut app, "Preparation is left to administrative law.");
    press(&mut app, KeyCode::Esc);
    let a = answer(&app, "A1.1").unwrap();
    assert_eq!(a.status, Some(Status::PolicyChoice));
    assert_eq!(a.reason, "Preparation is left to administrative law.");
    let screen = draw(&app, 80, 24);
    assert!(
        screen.contains("Answer: deliberate policy choice: Preparation"),
        "{screen}"
    );
    assert_eq!(
        app.interview()
            .unwrap()
            .scores()
            .indicator(3)
            .unwrap()
            .state,
        crate::scoring::IndicatorState::PolicyChoice
    );
    keys(&mut app, "d");
    let a = answer(&app, "A1.1").unwrap();
    assert_eq!(a.status, Some(Status::Answered), "back to the level");
    assert_eq!(a.value, Some(Value::Level(2)));
    // Without a reason, leaving the editor says so.
    keys(&mut app, "d");
    ctrl(&mut app, 'u');
    press(&mut app, KeyCode::Esc);
    assert!(
        app.message
            .as_ref()
            .is_some_and(|(m, _)| m.contains("no reason yet"))
    );
}
