//! The run loop: sets up the terminal (restored on every way out: quit, a
//! panic, SIGTERM, SIGHUP), turns terminal events into app updates, draws
//! from the app's state, and carries out the app's effects: opening and
//! creating sessions, saving through the saver thread, writing the report,
//! clearing and redrawing the screen (at start and on Ctrl-L), and
//! suspending (Ctrl-Z or SIGTSTP: save, give the terminal back, and take it
//! again after `fg`). Every way out saves first.

use std::io::Write as _;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event,
};
use crossterm::execute;
use crossterm::terminal::{EnterAlternateScreen, enable_raw_mode};

use super::app::{App, Effect, NewAssessment};
use super::saver::{Outcome, Saver};
use super::theme::Theme;
use crate::recent::RecentList;
use crate::workspace::{self, NewSession, Opened};

/// What the interface starts with.
pub enum Start {
    /// The start screen: recent sessions and a New assessment form.
    Screen,
    /// A session already opened or created by the command line.
    Session(Box<Opened>),
}

/// How long quitting waits for the last save before saying it failed.
const FINAL_SAVE_TIMEOUT: Duration = Duration::from_secs(10);

/// Restores the terminal when dropped, whatever the way out.
struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        let _ = execute!(
            std::io::stdout(),
            DisableMouseCapture,
            DisableBracketedPaste
        );
        // `try_restore`, not `restore`: the terminal may be gone (SIGHUP) and
        // printing a complaint about it would itself fail.
        let _ = ratatui::try_restore();
    }
}

/// Whether this kind of terminal can show the full-screen interface (a
/// terminal there is: see `tty::require_terminal`); if not, the error says
/// what to do instead. Called before a session is created or opened.
pub fn check_terminal() -> Result<()> {
    if std::env::var("TERM").is_ok_and(|term| term == "dumb") {
        bail!(
            "this terminal (TERM=dumb) cannot show the full-screen interface; \
             use the line-by-line interview instead: `tana open SESSION --plain` or \
             `tana new --state NAME --plain` (or set TERM to your terminal's type)"
        );
    }
    Ok(())
}

/// The terminal as the interface wants it: raw, the alternate screen,
/// pasted text marked, the mouse wheel reported.
fn take_terminal() -> std::io::Result<()> {
    enable_raw_mode()?;
    execute!(
        std::io::stdout(),
        EnterAlternateScreen,
        EnableBracketedPaste,
        EnableMouseCapture
    )
}

/// Gives the terminal back as it was (before a suspend).
fn give_back_terminal(terminal: &mut ratatui::DefaultTerminal) {
    let _ = terminal.show_cursor();
    let _ = execute!(
        std::io::stdout(),
        DisableMouseCapture,
        DisableBracketedPaste
    );
    let _ = ratatui::try_restore();
}

/// Runs the interface until the assessor quits or a signal arrives.
pub fn run(start: Start) -> Result<()> {
    crate::tty::require_terminal()?;
    // The terminal's input, watched so that a terminal that goes away ends
    // the interview like SIGHUP (crossterm alone would spin on it).
    let watch = crate::tty::Watch::open()?;
    let flags = Arc::new(crate::tty::Flags::default());
    let stop = Arc::clone(&flags.stop);
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }
    crate::tty::spawn_watchdog(&watch, &flags)?;
    // SIGTSTP from outside (`kill -TSTP`): suspend the same way as Ctrl-Z.
    let suspend = Arc::new(AtomicBool::new(false));
    signal_hook::flag::register(signal_hook::consts::SIGTSTP, Arc::clone(&suspend))?;
    // SIGWINCH: everything is drawn again, even when the size ends where it
    // was (a storm of resizes, a window shrunk and restored at once): the
    // terminal may have lost or reflowed what was on it.
    let resized = Arc::new(AtomicBool::new(false));
    signal_hook::flag::register(signal_hook::consts::SIGWINCH, Arc::clone(&resized))?;
    // Installed before ratatui's hook, which restores the terminal and then
    // calls this one. The message holds no answers.
    std::panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map_or_else(|| "unknown place".into(), ToString::to_string);
        let _ = writeln!(
            std::io::stderr(),
            "tana: internal error at {location}. Your answers are safe up to the last save; please report this."
        );
    }));

    let theme = Theme::from_env();
    let mut saver = None;
    let mut app = match start {
        // The start screen's recent list and form (today's date, which
        // reads the time-zone database) are made only when it is shown.
        Start::Screen => {
            let form = NewAssessment {
                start: workspace::today().to_string(),
                target: String::new(),
                ..NewAssessment::default()
            };
            App::new(theme, RecentList::load().sessions, &form)
        }
        Start::Session(opened) => {
            let mut app = App::new(theme, Vec::new(), &NewAssessment::default());
            begin(&mut app, &mut saver, *opened);
            app
        }
    };

    let mut terminal = ratatui::try_init()?;
    let guard = TerminalGuard;
    let _ = execute!(std::io::stdout(), EnableBracketedPaste, EnableMouseCapture);
    // A crash may have left its screen behind (the alternate screen is not
    // cleared when it is entered again): start from a clean one.
    clear_screen(&mut terminal)?;
    let signals = Signals {
        stop: &stop,
        suspend: &suspend,
        resized: &resized,
    };
    let outcome = event_loop(&mut terminal, &mut app, &mut saver, &signals, &watch);
    flags.leaving.store(true, Ordering::SeqCst);
    drop(guard);
    drop(saver);
    if let Some(path) = &app.session_path
        && let crate::tui::app::SaveState::Saved(n) = app.save
    {
        let _ = writeln!(
            std::io::stdout(),
            "tana: session saved to {} (save {n})",
            crate::terminal::safe(
                &path.display().to_string(),
                crate::terminal::Layout::OneLine
            )
        );
    }
    outcome
}

fn begin(app: &mut App, saver: &mut Option<Saver>, opened: Opened) {
    let saves = opened.interview.session.saves;
    let mut new_saver = Saver::start(opened.store, opened.interview.session.clone());
    new_saver.latest = saves;
    *saver = Some(new_saver);
    app.begin_interview(opened.interview, opened.path, saves);
    if !opened.messages.is_empty() {
        app.show_message(opened.messages.join("; "), true);
    }
}

/// The signal flags the loop watches.
struct Signals<'a> {
    /// SIGTERM or SIGHUP.
    stop: &'a AtomicBool,
    /// SIGTSTP.
    suspend: &'a AtomicBool,
    /// SIGWINCH.
    resized: &'a AtomicBool,
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    saver: &mut Option<Saver>,
    signals: &Signals,
    watch: &crate::tty::Watch,
) -> Result<()> {
    use crate::tty::Ready;
    let stop = signals.stop;
    // True while crossterm may hold events it has already read and parsed.
    let mut queued = false;
    // True when the terminal had input that crossterm did not report.
    // crossterm waits on an edge-triggered epoll, and when one wake-up
    // brings both a resize and input it returns the resize and misses the
    // input until more arrives; the terminal stays readable meanwhile. Then
    // tana waits inside crossterm for that next byte, instead of spinning.
    let mut unheard = false;
    loop {
        if signals.suspend.swap(false, Ordering::Relaxed) {
            app.commit_pending();
            suspend(terminal, app, saver)?;
        }
        if signals.resized.swap(false, Ordering::Relaxed) {
            clear_screen(terminal)?;
            // crossterm's resize event is taken at once, before input can
            // come with it in one wake-up (see `unheard`).
            queued = true;
        }
        if stop.load(Ordering::Relaxed) {
            // SIGTERM or SIGHUP: keep what was typed, save, leave quietly.
            app.commit_pending();
            final_save(app, saver);
            return Ok(());
        }
        if terminal
            .draw(|frame| super::view::render(app, frame))
            .is_err()
        {
            // The terminal is gone (an SSH link dropped): save and leave.
            app.commit_pending();
            final_save(app, saver);
            return Ok(());
        }
        // crossterm is asked only when the terminal has input (or events
        // are queued in crossterm): on a terminal that has gone away its
        // reader loops for ever. A dead terminal ends the interview as SIGHUP does.
        let ready = watch.wait(if queued {
            Duration::ZERO
        } else {
            Duration::from_millis(100)
        });
        if ready == Ready::Gone {
            app.commit_pending();
            final_save(app, saver);
            return Ok(());
        }
        if ready == Ready::Input || queued {
            let wait = if unheard && ready == Ready::Input {
                Duration::from_millis(100)
            } else {
                Duration::ZERO
            };
            match event::poll(wait) {
                Ok(true) => {
                    queued = true;
                    unheard = false;
                    match event::read() {
                        Ok(Event::Key(key)) => {
                            #[cfg(debug_assertions)]
                            injected_panic(&key, app);
                            app.handle_key(&key);
                        }
                        Ok(Event::Paste(text)) => app.handle_paste(&text),
                        Ok(Event::Mouse(mouse)) => app.handle_mouse(&mouse),
                        Ok(_) => {}
                        Err(_) => {
                            app.commit_pending();
                            final_save(app, saver);
                            return Ok(());
                        }
                    }
                }
                Ok(false) => {
                    unheard = ready == Ready::Input;
                    queued = false;
                }
                Err(_) => {
                    app.commit_pending();
                    final_save(app, saver);
                    return Ok(());
                }
            }
        }
        match settle(app, saver, Instant::now()) {
            Flow::Continue => {}
            Flow::Close => return Ok(()),
            Flow::Redraw => clear_screen(terminal)?,
            Flow::Suspend => suspend(terminal, app, saver)?,
        }
    }
}

/// Fault injection for the end-to-end test of the fault table's row "a
/// panic anywhere" (`tests/e2e.rs`), in debug builds only (a release build
/// has no such code): with `TANA_TEST_PANIC` set, F12 panics, and the panic's
/// message quotes the current answer's note, as a careless `expect` might.
/// The test checks that the terminal comes back sane, that what is printed
/// holds no answer, and that the session is intact.
#[cfg(debug_assertions)]
fn injected_panic(key: &crossterm::event::KeyEvent, app: &App) {
    if key.code == crossterm::event::KeyCode::F(12) && std::env::var_os("TANA_TEST_PANIC").is_some()
    {
        let note = app
            .interview()
            .and_then(|i| i.answer())
            .map(|a| a.note.clone());
        panic!("injected panic (TANA_TEST_PANIC); the note: {note:?}");
    }
}

/// What the loop does after settling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    /// Clear the terminal before the next frame.
    Redraw,
    /// Save, give the terminal back and stop until `fg`.
    Suspend,
    /// Leave the interface.
    Close,
}

impl Flow {
    fn max_with(self, other: Flow) -> Flow {
        match (self, other) {
            (Flow::Suspend, _) | (_, Flow::Suspend) => Flow::Suspend,
            (Flow::Redraw, _) | (_, Flow::Redraw) => Flow::Redraw,
            _ => self,
        }
    }
}

/// The work after each event (or pause): the app's timers, the saver's
/// outcomes, and the app's effects (snapshot and save dispatch, files).
/// The benchmarks drive the loop through this same function.
pub fn settle(app: &mut App, saver: &mut Option<Saver>, now: Instant) -> Flow {
    app.tick(now);
    if let Some(s) = saver.as_ref() {
        for outcome in s.outcomes() {
            apply_outcome(app, s.latest, outcome);
        }
    }
    let mut flow = Flow::Continue;
    for effect in app.take_effects() {
        match effect {
            Effect::Redraw => flow = flow.max_with(Flow::Redraw),
            Effect::Suspend => flow = flow.max_with(Flow::Suspend),
            effect => {
                if perform(app, saver, effect) {
                    return Flow::Close;
                }
            }
        }
    }
    flow
}

/// Ctrl-Z: save and wait for the disk, give the terminal back, stop; after
/// `fg`, take the terminal again and draw everything. If the save fails the
/// NOT SAVED banner shows instead and nothing is suspended.
fn suspend(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    saver: &mut Option<Saver>,
) -> Result<()> {
    if !final_save(app, saver) {
        return Ok(());
    }
    give_back_terminal(terminal);
    let _ = writeln!(
        std::io::stdout(),
        "tana: suspended; everything is saved. Type `fg` to return."
    );
    // SIGSTOP cannot be caught: the process stops here until SIGCONT (`fg`).
    signal_hook::low_level::raise(signal_hook::consts::SIGSTOP)?;
    take_terminal()?;
    clear_screen(terminal)?;
    Ok(())
}

/// Clears the terminal and makes the next frame draw every cell. Not
/// ratatui's `Terminal::clear`, which first asks the terminal where its
/// cursor is and fails when the answer is slow (a bad link) or never comes.
fn clear_screen(terminal: &mut ratatui::DefaultTerminal) -> std::io::Result<()> {
    use ratatui::backend::Backend as _;
    terminal.backend_mut().clear()?;
    // Both buffers blank, like the cleared screen: the next draw writes
    // every cell that is not blank.
    terminal.swap_buffers();
    terminal.swap_buffers();
    Ok(())
}

fn apply_outcome(app: &mut App, latest: u64, outcome: Outcome) {
    match outcome {
        Outcome::Saved { saves, result } => app.on_saved(saves, result, latest),
        Outcome::Retargeted {
            path,
            saves,
            result,
        } => {
            if result.is_ok() {
                app.on_retargeted(path);
            }
            app.on_saved(saves, result, latest);
        }
    }
}

/// Carries out one effect; returns true when the interface should close.
fn perform(app: &mut App, saver: &mut Option<Saver>, effect: Effect) -> bool {
    match effect {
        Effect::Save => {
            if let (Some(s), Some(snapshot)) = (saver.as_mut(), app.snapshot()) {
                s.save(snapshot);
            }
        }
        Effect::SaveAs(path) => {
            if let (Some(s), Some(snapshot)) = (saver.as_mut(), app.snapshot()) {
                s.save_as(path, snapshot);
            }
        }
        Effect::Open(path) => match workspace::open(&path) {
            Ok(opened) => begin(app, saver, opened),
            Err(e) => app.show_message(format!("{e:#}"), true),
        },
        Effect::Create(form) => match workspace::create(&new_session(&form)) {
            Ok(opened) => begin(app, saver, opened),
            Err(e) => app.show_message(format!("{e:#}"), true),
        },
        Effect::WriteReport => match app.interview() {
            Some(interview) => {
                let path = app.session_path.clone().unwrap_or_default();
                match crate::report::write_beside_session(interview, &path) {
                    Ok(written) => {
                        app.show_message(written.describe(), false);
                    }
                    Err(e) => app.show_message(format!("{e:#}"), true),
                }
            }
            None => app.show_message("open a session first", true),
        },
        Effect::Quit => return final_save(app, saver),
        Effect::QuitUnsaved => return true,
        // The loop itself clears and suspends (see `settle`).
        Effect::Redraw | Effect::Suspend => {}
    }
    false
}

/// Saves the latest state and waits for it; true when it reached the disk
/// (or there was nothing to save). On failure the NOT SAVED banner shows.
fn final_save(app: &mut App, saver: &mut Option<Saver>) -> bool {
    let Some(s) = saver.as_mut() else { return true };
    let save_asked = app.take_effects().contains(&Effect::Save);
    let on_disk = matches!(app.save, crate::tui::app::SaveState::Saved(n) if n >= s.latest);
    if on_disk && !save_asked {
        return true;
    }
    if let Some(snapshot) = app.snapshot() {
        s.save(snapshot);
    }
    let latest = s.latest;
    let outcomes = s.wait_for_latest(FINAL_SAVE_TIMEOUT);
    let arrived = !outcomes.is_empty();
    for outcome in outcomes {
        apply_outcome(app, latest, outcome);
    }
    if !arrived {
        app.on_saved(
            latest,
            Err("the disk did not answer in time".into()),
            latest,
        );
    }
    matches!(app.save, crate::tui::app::SaveState::Saved(n) if n >= latest)
}

fn new_session(form: &NewAssessment) -> NewSession {
    let optional = |s: &str| (!s.is_empty()).then(|| s.to_string());
    NewSession {
        state: form.state.clone(),
        code: optional(&form.code),
        start: optional(&form.start),
        end: optional(&form.end),
        assessors: form
            .assessors
            .split(',')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(String::from)
            .collect(),
        target: optional(&form.target),
        questionnaire: optional(&form.questionnaire).map(PathBuf::from),
        output: optional(&form.session).map(PathBuf::from),
        ..NewSession::default()
    }
}
