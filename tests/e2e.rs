//! The real binary in a real pseudo-terminal: answer questions, kill it,
//! reopen it; hang up on it while a note is being typed; terminate it. The
//! screen is read back through a terminal emulator (vt100).

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use tana::session::{Status, Value, store};

use crate::common::{fixtures, tana_bin};

struct Tui {
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    slave: Box<dyn portable_pty::SlavePty + Send>,
    writer: Box<dyn std::io::Write + Send>,
    screen: Arc<Mutex<vt100::Parser>>,
    /// Every byte the program wrote to the terminal.
    raw: Arc<Mutex<Vec<u8>>>,
}

impl Tui {
    fn spawn(dir: &Path, args: &[&str]) -> Tui {
        let mut command = CommandBuilder::new(tana_bin());
        command.args(args);
        Tui::spawn_command(dir, command)
    }

    fn spawn_command(dir: &Path, mut command: CommandBuilder) -> Tui {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        command.cwd(dir);
        if command.get_env("TERM").is_none() {
            command.env("TERM", "xterm-256color");
        }
        command.env("LANG", "C.UTF-8");
        command.env("XDG_DATA_HOME", dir.join("data"));
        if command.get_env("NO_COLOR").is_none() {
            command.env_remove("NO_COLOR");
        }
        let child = pair.slave.spawn_command(command).unwrap();
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZero::new(24).unwrap(),
            std::num::NonZero::new(80).unwrap(),
            0,
        )));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&screen);
        let raw_sink = Arc::clone(&raw);
        std::thread::spawn(move || {
            let mut buffer = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                raw_sink.lock().unwrap().extend_from_slice(&buffer[..n]);
                sink.lock().unwrap().process(&buffer[..n]);
            }
        });
        Tui {
            child,
            master: pair.master,
            slave: pair.slave,
            writer,
            screen,
            raw,
        }
    }

    /// Waits until `check` holds for the screen (it may never: then the test fails, with the screen).
    fn wait_until(&self, what: &str, check: impl Fn(&vt100::Screen) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if check(self.screen.lock().unwrap().screen()) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "timed out waiting for {what}; the screen shows:\n{}",
            self.text()
        );
    }

    /// Writes bytes into the terminal emulator as if another program had
    /// printed them on the screen.
    fn scribble(&self, bytes: &[u8]) {
        self.screen.lock().unwrap().process(bytes);
    }

    fn text(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    fn wait_for(&self, needle: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if self.text().contains(needle) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "timed out waiting for {needle:?}; the screen shows:\n{}",
            self.text()
        );
    }

    fn send(&mut self, keys: &str) {
        for c in keys.chars() {
            let mut buffer = [0u8; 4];
            self.writer
                .write_all(c.encode_utf8(&mut buffer).as_bytes())
                .unwrap();
            self.writer.flush().unwrap();
            // Give crossterm separate reads, so an Esc is never taken for Alt.
            std::thread::sleep(Duration::from_millis(if c == '\u{1b}' { 150 } else { 15 }));
        }
    }

    /// Writes bytes to the terminal at once (a key's escape sequence, a paste).
    fn write_raw(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
    }

    /// Pastes text as a terminal does with bracketed paste on.
    fn paste(&mut self, text: &str) {
        self.write_raw(format!("\u{1b}[200~{text}\u{1b}[201~").as_bytes());
    }

    /// Resizes the terminal (the program gets SIGWINCH), and the emulator
    /// reading it (which cannot be smaller than one cell).
    /// The emulator first: whatever the program draws once it has seen the
    /// new size is then read at that size.
    fn resize(&mut self, rows: u16, cols: u16) {
        let nonzero = |n: u16| std::num::NonZero::new(n.max(1)).unwrap();
        self.screen
            .lock()
            .unwrap()
            .screen_mut()
            .set_size(nonzero(rows), nonzero(cols));
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
    }

    fn pid(&self) -> u32 {
        self.child.process_id().unwrap()
    }

    fn signal(&self, name: &str) {
        let status = std::process::Command::new("kill")
            .args([&format!("-{name}"), &self.pid().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "tana did not exit; screen:\n{}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Runs `stty -a` on the same terminal, after tana has left it.
    fn stty(&mut self) -> String {
        let mut command = CommandBuilder::new("stty");
        command.arg("-a");
        let mut child = self.slave.spawn_command(command).unwrap();
        child.wait().unwrap();
        std::thread::sleep(Duration::from_millis(200));
        let _ = &self.master;
        self.text()
    }
}

fn new_session(dir: &Path) -> (Tui, PathBuf) {
    let session = dir.join("testland.yaml");
    let questionnaire = fixtures().join("good/small.yaml");
    let tui = Tui::spawn(
        dir,
        &[
            "new",
            "--state",
            "Testland",
            "-o",
            session.to_str().unwrap(),
            "--questionnaire",
            questionnaire.to_str().unwrap(),
        ],
    );
    tui.wait_for("CX.languages");
    (tui, session)
}

#[test]
fn answers_and_position_survive_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let (mut tui, session) = new_session(dir.path());
    tui.send("1n1n");
    tui.wait_for("CX.population");
    tui.send("\r5000\r");
    tui.wait_for("5000");
    tui.send("]3");
    tui.wait_for("A1.1");
    tui.send("e");
    tui.send("Penal code art. 12");
    tui.send("\u{1b}");
    tui.send("cc");
    tui.wait_for("confidence medium");
    tui.wait_for("saved #");
    // Let the last save be acknowledged on screen, then kill without warning.
    let deadline = Instant::now() + Duration::from_secs(10);
    while tui.text().contains("saving") && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    tui.child.kill().unwrap();
    tui.wait_exit();

    let (loaded, report) = store::load(&session).unwrap();
    assert!(report.unreadable.is_empty());
    let answer = |id: &str| loaded.answer(id).unwrap_or_else(|| panic!("{id} missing"));
    assert_eq!(
        answer("CX.languages").value,
        Some(Value::Choices(vec!["en".into()]))
    );
    assert_eq!(answer("CX.untoc").value, Some(Value::YesNo(true)));
    assert_eq!(answer("CX.population").value, Some(Value::Number(5000.0)));
    assert_eq!(answer("A1.1").value, Some(Value::Level(3)));
    assert_eq!(answer("A1.1").status, Some(Status::Answered));
    assert_eq!(answer("A1.1").note, "Penal code art. 12");
    assert_eq!(loaded.position.as_deref(), Some("A1.1"));

    let mut again = Tui::spawn(dir.path(), &["open", session.to_str().unwrap()]);
    again.wait_for("A1.1 · Criminalisation");
    // The frame may still be arriving: wait for the rest of it.
    again.wait_for("Penal code art. 12");
    again.wait_for("4/5 answered");
    // The summary screen writes the report beside the session.
    again.send("s");
    again.wait_for("Summary");
    again.send("w");
    again.wait_for("report written to");
    assert!(dir.path().join("testland-report.md").exists());
    assert!(
        dir.path()
            .join("testland-report-assets/levels.svg")
            .exists()
    );
    again.send("q");
    again.wait_exit();
}

#[test]
fn sighup_while_typing_a_note_saves_it_and_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let (mut tui, session) = new_session(dir.path());
    tui.send("e");
    tui.wait_for("editing");
    tui.send("typed before the line dropped");
    tui.wait_for("line dropped");
    // No pause for the debounce: the hang-up comes mid-typing.
    tui.signal("HUP");
    tui.wait_exit();
    let (loaded, _) = store::load(&session).unwrap();
    assert_eq!(
        loaded.answer("CX.languages").unwrap().note,
        "typed before the line dropped"
    );
    let stty = tui.stty();
    assert!(
        stty.contains(" icanon") && stty.contains(" echo"),
        "terminal left raw:\n{stty}"
    );
    assert!(!stty.contains("-icanon"), "{stty}");
}

#[test]
fn sigterm_saves_and_leaves_the_terminal_sane() {
    let dir = tempfile::tempdir().unwrap();
    let (mut tui, session) = new_session(dir.path());
    tui.send("2");
    tui.signal("TERM");
    tui.wait_exit();
    let (loaded, _) = store::load(&session).unwrap();
    assert_eq!(
        loaded.answer("CX.languages").unwrap().value,
        Some(Value::Choices(vec!["fr".into()]))
    );
    let stty = tui.stty();
    assert!(
        stty.contains(" icanon") && !stty.contains("-echo "),
        "{stty}"
    );
}

#[test]
fn a_second_instance_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (mut tui, session) = new_session(dir.path());
    let output = std::process::Command::new(tana_bin())
        .args(["open", session.to_str().unwrap(), "--plain"])
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("already open in another tana"), "{stderr}");
    tui.send("q");
    tui.wait_exit();
}

#[test]
fn the_start_screen_creates_a_session_from_the_form() {
    let dir = tempfile::tempdir().unwrap();
    let mut tui = Tui::spawn(dir.path(), &[]);
    tui.wait_for("New assessment");
    tui.send("Formland");
    tui.send("\r");
    tui.wait_for("Formland");
    tui.wait_for("CX.1");
    tui.send("q");
    tui.wait_exit();
    let created: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(std::result::Result::ok)
        .filter(|e| {
            let path = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            name.starts_with("formland-") && path.extension().is_some_and(|x| x == "yaml")
        })
        .collect();
    assert_eq!(created.len(), 1, "the session file: {created:?}");
    // The recent list now offers it.
    let mut again = Tui::spawn(dir.path(), &[]);
    again.wait_for("Recent sessions");
    again.wait_for("Formland");
    again.send("q");
    again.wait_exit();
}

/// The alternate screen is not cleared when a program enters it again after
/// a crash, so tana clears it itself, before its first frame.
#[test]
fn start_up_clears_the_screen_before_the_first_frame() {
    let dir = tempfile::tempdir().unwrap();
    let (mut tui, _) = new_session(dir.path());
    let raw = tui.raw.lock().unwrap().clone();
    let find = |needle: &[u8]| raw.windows(needle.len()).position(|w| w == needle);
    let alternate = find(b"\x1b[?1049h").expect("enters the alternate screen");
    let clear = find(b"\x1b[2J").expect("clears the screen");
    let frame = find(b"Which languages").expect("draws the question");
    assert!(
        alternate < clear && clear < frame,
        "order: {alternate} {clear} {frame}"
    );
    tui.send("q");
    tui.wait_exit();
}

#[test]
fn ctrl_l_clears_what_another_program_left_and_redraws() {
    let dir = tempfile::tempdir().unwrap();
    let (mut tui, _) = new_session(dir.path());
    tui.wait_for("saved #");
    // Something else writes on the terminal (a `wall` message, a stray job).
    tui.scribble(b"\x1b[23;40HSTRAY-OUTPUT");
    assert!(tui.text().contains("STRAY-OUTPUT"));
    tui.send("\u{c}");
    tui.wait_until("the stray text to go", |s| {
        !s.contents().contains("STRAY-OUTPUT") && s.contents().contains("Which languages")
    });
    tui.send("q");
    tui.wait_exit();
}

#[test]
fn the_first_launch_can_be_left_with_q() {
    let dir = tempfile::tempdir().unwrap();
    let mut tui = Tui::spawn(dir.path(), &[]);
    tui.wait_for("No sessions yet");
    tui.wait_for("q quit");
    tui.send("q");
    assert!(tui.wait_exit().success());
    assert!(
        std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(Result::ok)
            .all(|e| e.path().extension().is_none_or(|x| x != "yaml")),
        "no session was made"
    );
}

#[test]
fn ctrl_z_saves_gives_the_terminal_back_and_fg_redraws() {
    let dir = tempfile::tempdir().unwrap();
    let session = dir.path().join("suspended.yaml");
    let questionnaire = fixtures().join("good/small.yaml");
    let mut shell = CommandBuilder::new("bash");
    shell.args(["--norc", "--noprofile", "-i"]);
    shell.env("PS1", "shell$ ");
    let mut tui = Tui::spawn_command(dir.path(), shell);
    tui.wait_for("shell$");
    tui.send(&format!(
        "{} new --state Pauseland -o {} --questionnaire {}\r",
        tana_bin().display(),
        session.display(),
        questionnaire.display()
    ));
    tui.wait_until("the interview", |s| {
        s.alternate_screen() && s.contents().contains("Which languages")
    });
    tui.send("2");
    tui.send("e");
    tui.send("typed before Ctrl-Z");
    // No pause for the note's debounce: Ctrl-Z must save it first.
    tui.send("\u{1a}");
    tui.wait_until("the shell", |s| {
        !s.alternate_screen() && s.contents().contains("everything is saved")
    });
    tui.wait_for("shell$");
    let (saved, _) = store::load(&session).unwrap();
    let answer = saved.answer("CX.languages").unwrap();
    assert_eq!(answer.value, Some(Value::Choices(vec!["fr".into()])));
    assert_eq!(answer.note, "typed before Ctrl-Z");
    // The shell has a usable terminal: it echoes what is typed.
    tui.send("echo still-$((40+2))\r");
    tui.wait_for("still-42");
    tui.send("fg\r");
    tui.wait_until("the interview, drawn again", |s| {
        s.alternate_screen()
            && s.contents().contains("Which languages")
            && s.contents().contains("editing")
    });
    tui.send(" and after fg");
    tui.send("\u{1b}");
    tui.send("q");
    tui.wait_until("the shell again", |s| !s.alternate_screen());
    tui.wait_for("saved to");
    let (saved, _) = store::load(&session).unwrap();
    assert_eq!(
        saved.answer("CX.languages").unwrap().note,
        "typed before Ctrl-Z and after fg"
    );
    tui.send("exit\r");
    tui.wait_exit();
}

#[test]
fn a_dumb_terminal_is_told_to_use_plain_mode() {
    let dir = tempfile::tempdir().unwrap();
    let mut command = CommandBuilder::new(tana_bin());
    command.args(["new", "--state", "Dumbland", "-o", "d.yaml"]);
    command.env("TERM", "dumb");
    let mut tui = Tui::spawn_command(dir.path(), command);
    tui.wait_for("TERM=dumb");
    tui.wait_for("--plain");
    assert!(!tui.wait_exit().success());
    assert!(
        !dir.path().join("d.yaml").exists(),
        "nothing made for an interface that cannot start"
    );
}

/// The mission record end to end: a mission made on the start form with its
/// State code, two stakeholders recorded on the Mission screen, a source
/// attached to an answer in two keys, a target agreed with the State; all of
/// it on disk after quitting, and on screen again after reopening.
#[test]
fn the_mission_record_is_made_edited_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let questionnaire = fixtures().join("good/small.yaml");
    let mut tui = Tui::spawn(dir.path(), &[]);
    tui.wait_for("New assessment");
    tui.send("Testland\ttl");
    // Past the start and end dates, the assessors and the target, to the questionnaire.
    tui.send("\t\t\t\t\t");
    tui.send(questionnaire.to_str().unwrap());
    tui.send("\ttestland.yaml\r");
    tui.wait_for("CX.languages");

    // The Mission screen: two stakeholders.
    tui.send("m");
    tui.wait_for("Mission record");
    tui.send("a");
    tui.wait_for("Institution");
    tui.send("Ministry of Justice\r\u{1b}");
    tui.wait_for("S1 Ministry of Justice");
    tui.send("a");
    tui.send("Border Police\r\u{1b}");
    tui.wait_for("S2 Border Police");
    // The target agreed for the first area: from the top, past the State,
    // the mission and the mission-wide target.
    tui.send(&"k".repeat(40));
    tui.send(&"j".repeat(11));
    tui.send("\r2\r");
    tui.wait_until("the area target on screen", |screen| {
        screen.contents().lines().any(|line| {
            line.contains("A1 Criminalisation")
                && line
                    .trim_end()
                    .trim_end_matches('│')
                    .trim_end()
                    .ends_with('2')
        })
    });
    tui.send("\u{1b}");
    tui.wait_for("CX.languages · Context");

    // A source for the answer: `a`, then the stakeholder's number.
    tui.send("a");
    tui.wait_for("Source of CX.languages");
    tui.send("2");
    tui.wait_for("from S2");
    tui.send("q");
    tui.wait_exit();

    let session = dir.path().join("testland.yaml");
    let (loaded, report) = store::load(&session).unwrap();
    assert!(report.unreadable.is_empty());
    assert_eq!(loaded.state.code.as_deref(), Some("TL"));
    let institutions: Vec<&str> = loaded
        .stakeholders
        .iter()
        .map(|s| s.institution.as_str())
        .collect();
    assert_eq!(institutions, ["Ministry of Justice", "Border Police"]);
    assert_eq!(loaded.mission.targets.get("A1"), Some(&2));
    let sources = &loaded.answer("CX.languages").unwrap().sources;
    assert_eq!(sources.len(), 1);
    assert_eq!(sources[0].stakeholder.as_deref(), Some("S2"));
    assert_eq!(sources[0].how, tana::session::SourceHow::Oral);

    let mut again = Tui::spawn(dir.path(), &["open", session.to_str().unwrap()]);
    again.wait_for("CX.languages · Context");
    again.wait_for("from S2");
    again.send("m");
    again.wait_for("TL");
    // The stakeholders are at the end of the record.
    again.send(&"j".repeat(40));
    again.wait_for("S1 Ministry of Justice");
    again.wait_for("S2 Border Police");
    again.send("q");
    again.wait_exit();
}

// ---------------------------------------------------------------------------
// Rows of the fault table (`shared/design/faults.md`) that need the real
// interface on a real pseudo-terminal, named after their rows.

/// Polls the session on disk until `check` holds for what loads (a liveness
/// bound, not a speed target).
fn wait_saved(session: &Path, what: &str, check: impl Fn(&tana::session::Session) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok((loaded, _)) = store::load(session)
            && check(&loaded)
        {
            return;
        }
        assert!(Instant::now() < deadline, "never saved: {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A session made in plain mode, the commands of `script` typed into it.
fn plain_session(dir: &Path, state: &str, questionnaire: &Path, script: &str) -> PathBuf {
    let mut child = std::process::Command::new(tana_bin())
        .args(["new", "--state", state, "-o", "s.yaml", "--plain"])
        .arg("--questionnaire")
        .arg(questionnaire)
        .current_dir(dir)
        .env("XDG_DATA_HOME", dir.join("data"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{script}\nquit\n").as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    dir.join("s.yaml")
}

/// Escape sequences in a note, a question and a State's name, and pasted
/// into a note: nothing a terminal would obey reaches it from the
/// full-screen interface (tana itself never sends an OSC, a bell, a
/// backspace or a C1 control), and the surrounding text is shown.
#[test]
fn text_escape_sequences_in_a_note_a_question_or_a_name_never_reach_the_full_screen_interface_raw()
{
    const HOSTILE: &str =
        "\u{1b}]0;pwned\u{7}\u{1b}]52;c;cHduZWQ=\u{7}\u{1b}[2JZQ\u{9b}31mZR\u{8}\u{8}\u{7f}";
    let dir = tempfile::tempdir().unwrap();
    let questionnaire = std::fs::read_to_string(fixtures().join("good/small.yaml"))
        .unwrap()
        .replace(
            "text: Which languages does the administration use?",
            r#"text: "Which languages\e]0;title\a\e[2JZQ\x9b do officials use?""#,
        );
    std::fs::write(dir.path().join("q.yaml"), questionnaire).unwrap();
    let session = plain_session(
        dir.path(),
        &format!("Evil{HOSTILE}land"),
        &dir.path().join("q.yaml"),
        &format!("note: before{HOSTILE}after"),
    );
    let mut tui = Tui::spawn(dir.path(), &["open", "s.yaml"]);
    tui.wait_for("do officials use?");
    tui.wait_for("after");
    tui.send("n");
    tui.wait_for("CX.untoc");
    tui.send("e");
    tui.wait_for("editing");
    tui.paste(&format!("pasted{HOSTILE}end"));
    tui.wait_for("end");
    tui.send("\u{1b}");
    for screen in ["s", "r", "?", "m"] {
        tui.send(screen);
        std::thread::sleep(Duration::from_millis(200));
        tui.send("\u{1b}");
    }
    tui.send("q");
    assert!(tui.wait_exit().success());
    let raw = tui.raw.lock().unwrap().clone();
    let find = |needle: &[u8]| raw.windows(needle.len()).any(|w| w == needle);
    assert!(
        !find(b"\x1b]"),
        "an OSC (title, clipboard) reached the terminal"
    );
    assert!(
        !find(b"\x1b[2JZQ"),
        "the note's clear-screen reached the terminal"
    );
    for (i, &b) in raw.iter().enumerate() {
        let c1 = b == 0xc2 && raw.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n));
        assert!(
            !matches!(b, 0x07 | 0x08 | 0x7f) && !c1,
            "byte {b:#04x} reached the terminal near {:?}",
            String::from_utf8_lossy(&raw[i.saturating_sub(30)..(i + 30).min(raw.len())])
        );
    }
    let (loaded, _) = store::load(&session).unwrap();
    assert_eq!(
        loaded.answer("CX.languages").unwrap().note,
        format!("before{HOSTILE}after"),
        "the stored note is untouched"
    );
    let pasted = &loaded.answer("CX.untoc").unwrap().note;
    assert!(
        pasted.starts_with("pasted") && pasted.ends_with("end") && !pasted.contains('\u{1b}'),
        "a paste is cleaned: {pasted:?}"
    );
}

/// Right-to-left override, zero-width and combining characters, emoji,
/// Arabic and Chinese typed into a note: stored exactly, no panic, and
/// measured right on screen (every bordered line keeps its right border in
/// the last column).
#[test]
fn text_right_to_left_zero_width_combining_emoji_arabic_and_chinese_are_stored_exactly_and_measured_on_screen()
 {
    let dir = tempfile::tempdir().unwrap();
    let (mut tui, session) = new_session(dir.path());
    let typed = "\u{202e}evil\u{202c} zero\u{200b}width e\u{301}te 🙂 مرحبا بالعالم 北京上海 end";
    tui.send("e");
    tui.wait_for("editing");
    tui.send(typed);
    tui.send("\u{1b}");
    tui.wait_for("北京上海");
    // A width counted wrong shifts the rest of its line: the right border
    // leaves the last column.
    let aligned = |screen: &vt100::Screen| {
        let (rows, cols) = screen.size();
        let cols = cols.get();
        let mut bordered = 0;
        for row in 0..rows.get() {
            if screen.cell(row, 0).map(vt100::Cell::contents) == Some("│") {
                bordered += 1;
                let last = screen.cell(row, cols - 1).map(vt100::Cell::contents);
                if !matches!(last, Some("│" | "╮" | "╯")) {
                    return false;
                }
            }
        }
        bordered > 3
    };
    tui.wait_until("every bordered line to end in the last column", |s| {
        s.contents().contains("北京上海") && aligned(s)
    });
    // The wrapped text of a narrower screen lines up too.
    tui.resize(24, 61);
    tui.wait_until("the narrower layout to line up", |s| {
        s.contents().contains("end") && aligned(s)
    });
    tui.resize(24, 80);
    tui.send("q");
    assert!(tui.wait_exit().success());
    let (loaded, _) = store::load(&session).unwrap();
    assert_eq!(loaded.answer("CX.languages").unwrap().note, typed);
}

/// A 1 MB paste holding escape sequences, into a note: cut to the note's
/// bound with a message, cleaned, and the interface answers at once after
/// it (no freeze); nothing in it reaches the terminal.
#[test]
fn text_a_1_mb_paste_with_escape_sequences_is_cut_to_the_bound_cleaned_and_never_freezes_the_interface()
 {
    let dir = tempfile::tempdir().unwrap();
    let (mut tui, session) = new_session(dir.path());
    tui.send("e");
    tui.wait_for("editing");
    let chunk = "pasted words \u{1b}]52;c;cHduZWQ=\u{7}\u{1b}[2JZQ ";
    let paste = chunk.repeat(1_000_000 / chunk.len() + 1);
    assert!(paste.len() > 1_000_000);
    tui.paste(&paste);
    tui.wait_for("the paste was cut");
    tui.send("\u{1b}");
    // Still answering keys: a choice picked after the paste is recorded.
    tui.send("2");
    tui.send("q");
    assert!(tui.wait_exit().success());
    let (loaded, _) = store::load(&session).unwrap();
    let answer = loaded.answer("CX.languages").unwrap();
    assert_eq!(answer.value, Some(Value::Choices(vec!["fr".into()])));
    assert_eq!(answer.note.chars().count(), tana::tui::app::MAX_NOTE);
    assert!(
        answer
            .note
            .starts_with("pasted words ]52;c;cHduZWQ=[2JZQ pasted")
    );
    assert!(!answer.note.chars().any(char::is_control));
    let raw = tui.raw.lock().unwrap().clone();
    let find = |needle: &[u8]| raw.windows(needle.len()).any(|w| w == needle);
    assert!(!find(b"\x1b]52") && !find(b"\x1b[2JZQ") && !raw.contains(&0x07));
}

/// Resized to 20×5, to 0×0, and through a storm of resizes: the "too
/// small" screen, no panic, and the layout comes back at 80×24.
#[test]
fn terminal_resize_to_20x5_to_0x0_and_a_storm_of_resizes_shows_too_small_and_the_layout_comes_back()
{
    let dir = tempfile::tempdir().unwrap();
    let (mut tui, session) = new_session(dir.path());
    tui.resize(5, 20);
    tui.wait_for("too small");
    tui.resize(0, 0);
    // The storm never passes through 20×5 or 80×24, so that tana must draw
    // each of them afresh when it comes back.
    let mut rng = fastrand::Rng::with_seed(0x5e12e);
    for _ in 0..300 {
        let (rows, cols) = match rng.u8(0..4) {
            0 => (0, 0),
            1 => (rng.u16(0..5), rng.u16(0..25)),
            _ => (rng.u16(25..120), rng.u16(0..300)),
        };
        tui.resize(rows, cols);
    }
    tui.resize(5, 20);
    tui.wait_for("too small");
    tui.resize(24, 80);
    tui.wait_until("the interview laid out at 80×24 again", |s| {
        let text = s.contents();
        text.contains("Which languages")
            && !text.contains("too small")
            && s.cell(23, 0).is_some_and(vt100::Cell::has_contents)
    });
    tui.send("2");
    wait_saved(&session, "the choice made after the storm", |s| {
        s.answer("CX.languages").and_then(|a| a.value.clone())
            == Some(Value::Choices(vec!["fr".into()]))
    });
    tui.send("q");
    assert!(tui.wait_exit().success(), "no panic");
}

/// A panic anywhere (injected in a debug build by `TANA_TEST_PANIC`, F12;
/// its message quotes the note): the terminal is restored (`stty` shows
/// `icanon echo`), what is printed holds no answer, the session is intact
/// and its lock free.
#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "the panic is injected in debug builds only"
)]
fn terminal_a_panic_anywhere_restores_the_terminal_prints_no_answer_and_leaves_the_session_intact()
{
    let dir = tempfile::tempdir().unwrap();
    let session = dir.path().join("panic.yaml");
    let mut command = CommandBuilder::new(tana_bin());
    command.args(["new", "--state", "Panicland", "-o"]);
    command.arg(&session);
    command.arg("--questionnaire");
    command.arg(fixtures().join("good/small.yaml"));
    command.env("TANA_TEST_PANIC", "1");
    let mut tui = Tui::spawn_command(dir.path(), command);
    tui.wait_for("CX.languages");
    tui.send("2");
    tui.send("e");
    tui.wait_for("editing");
    tui.send("confidential-words");
    tui.send("\u{1b}");
    wait_saved(&session, "the note", |s| {
        s.answer("CX.languages")
            .is_some_and(|a| a.note == "confidential-words")
    });
    tui.write_raw(b"\x1b[24~");
    let status = tui.wait_exit();
    assert!(!status.success(), "{status:?}");
    let raw = tui.raw.lock().unwrap().clone();
    let left = raw
        .windows(8)
        .position(|w| w == b"\x1b[?1049l")
        .expect("the alternate screen is left");
    let after = String::from_utf8_lossy(&raw[left..]);
    assert!(after.contains("tana: internal error at"), "{after}");
    assert!(after.contains("Your answers are safe"), "{after}");
    assert!(
        !after.contains("confidential"),
        "the message holds an answer: {after}"
    );
    let stty = tui.stty();
    assert!(
        stty.contains(" icanon") && stty.contains(" echo") && !stty.contains("-icanon"),
        "terminal left raw:\n{stty}"
    );
    let (loaded, report) = store::load(&session).unwrap();
    assert_eq!(report.integrity, Some(store::Integrity::Intact));
    let answer = loaded.answer("CX.languages").unwrap();
    assert_eq!(answer.note, "confidential-words");
    assert_eq!(answer.value, Some(Value::Choices(vec!["fr".into()])));
    assert!(store::Store::open(&session).is_ok(), "the lock is free");
}

/// `LC_ALL=C`, `NO_COLOR=1`, both: ASCII borders without a UTF-8 locale,
/// no colour with `NO_COLOR`, and the selection visible in every case
/// (reverse video). `TERM=dumb` is sent to plain mode instead, see
/// `a_dumb_terminal_is_told_to_use_plain_mode`.
#[test]
fn terminal_lc_all_c_and_no_color_give_ascii_borders_no_colour_and_a_visible_selection() {
    for (variables, ascii, colour) in [
        (&[("LC_ALL", "C")][..], true, true),
        (&[("NO_COLOR", "1")][..], false, false),
        (&[("LC_ALL", "C"), ("NO_COLOR", "1")][..], true, false),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let mut command = CommandBuilder::new(tana_bin());
        command.args([
            "new",
            "--state",
            "Plainland",
            "-o",
            "s.yaml",
            "--questionnaire",
        ]);
        command.arg(fixtures().join("good/small.yaml"));
        for (name, value) in variables {
            command.env(name, value);
        }
        let mut tui = Tui::spawn_command(dir.path(), command);
        tui.wait_for("Which languages");
        tui.wait_for("saved #");
        // A1.1 at level 0: a need, selected on the summary.
        tui.send("]0");
        tui.wait_for("A1.1");
        for (screen, key, shown) in [
            ("the interview", "", "Answer"),
            ("the summary", "s", "Enter jumps"),
            ("the review", "r", "Review"),
            ("the help", "?", "Help"),
        ] {
            tui.send(key);
            tui.wait_for(shown);
            let parser = tui.screen.lock().unwrap();
            let s = parser.screen();
            let (rows, cols) = s.size();
            let cells: Vec<&vt100::Cell> = (0..rows.get())
                .flat_map(|r| (0..cols.get()).filter_map(move |c| s.cell(r, c)))
                .collect();
            let coloured = cells.iter().any(|c| {
                c.fgcolor() != vt100::Color::Default || c.bgcolor() != vt100::Color::Default
            });
            assert_eq!(coloured, colour, "{variables:?}, {screen}");
            assert!(
                cells.iter().any(|c| c.inverse()),
                "{variables:?}, {screen}: no selection in reverse video"
            );
            if ascii {
                assert!(
                    s.contents().is_ascii(),
                    "{variables:?}, {screen}:\n{}",
                    s.contents()
                );
                assert!(s.contents().contains("+-"), "{variables:?}: ASCII borders");
            } else {
                assert!(s.contents().contains('╭'), "{variables:?}: Unicode borders");
            }
        }
        tui.send("\u{1b}");
        tui.send("q");
        assert!(tui.wait_exit().success());
    }
}

/// A small tmpfs mounted for one test and unmounted when dropped: a disk
/// that really fills up. `None` where this process may not mount one.
struct SmallDisk {
    path: PathBuf,
}

impl SmallDisk {
    fn mount(path: &Path) -> Option<SmallDisk> {
        std::fs::create_dir_all(path).unwrap();
        let mounted = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=1m,mode=0700", "tana-test"])
            .arg(path)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        mounted.then(|| SmallDisk {
            path: path.to_path_buf(),
        })
    }

    /// Writes a file until the disk is full.
    fn fill(&self) -> PathBuf {
        let filler = self.path.join("filler");
        let mut file = std::fs::File::create(&filler).unwrap();
        let block = vec![0u8; 4096];
        while file.write_all(&block).is_ok() {}
        filler
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(&self.path)
            .status();
    }
}

/// The disk fills up under a running session: the blocking *NOT SAVED*
/// banner, the old file intact, the retry saves once there is room, and
/// another path is offered (and saves) when there is none.
#[test]
fn power_disk_full_shows_the_blocking_not_saved_banner_keeps_the_old_file_and_retry_or_another_path_saves()
 {
    let dir = tempfile::tempdir().unwrap();
    let Some(disk) = SmallDisk::mount(&dir.path().join("stick")) else {
        eprintln!("skipped: this process may not mount a small tmpfs (it needs root)");
        return;
    };
    let session = disk.path.join("s.yaml");
    let mut tui = Tui::spawn(
        dir.path(),
        &[
            "new",
            "--state",
            "Fulland",
            "-o",
            session.to_str().unwrap(),
            "--questionnaire",
            fixtures().join("good/small.yaml").to_str().unwrap(),
        ],
    );
    tui.wait_for("CX.languages");
    tui.send("1");
    let english = |s: &tana::session::Session| {
        s.answer("CX.languages").and_then(|a| a.value.clone())
            == Some(Value::Choices(vec!["en".into()]))
    };
    wait_saved(&session, "English", english);
    let before = std::fs::read(&session).unwrap();

    let filler = disk.fill();
    tui.send("2");
    tui.wait_for("NOT SAVED");
    tui.wait_for("No space left on");
    tui.wait_for("r retry");
    tui.wait_for("a save to another file");
    // Blocking: a key that would move on does nothing.
    tui.send("n");
    tui.wait_for("The last changes are NOT on disk");
    assert_eq!(
        std::fs::read(&session).unwrap(),
        before,
        "the old file is intact"
    );

    std::fs::remove_file(&filler).unwrap();
    tui.send("r");
    tui.wait_until("the banner to go", |s| !s.contents().contains("NOT SAVED"));
    wait_saved(&session, "English and French after the retry", |s| {
        s.answer("CX.languages").and_then(|a| a.value.clone())
            == Some(Value::Choices(vec!["en".into(), "fr".into()]))
    });
    assert!(
        tui.text().contains("CX.languages"),
        "still on the same question"
    );

    // Full again, and no room is coming: save to another file.
    let filler = disk.fill();
    tui.send("2");
    tui.wait_for("NOT SAVED");
    tui.send("a");
    tui.wait_for("Save to this file");
    let rescued = dir.path().join("data/tana/rescued/s.yaml");
    tui.wait_for("rescued");
    tui.send("\r");
    tui.wait_until("the banner to go", |s| !s.contents().contains("NOT SAVED"));
    wait_saved(&rescued, "the rescued copy", english);
    tui.send("q");
    assert!(tui.wait_exit().success());
    // The stick keeps the last state that reached it; the rescued copy, the latest.
    let (on_stick, _) = store::load(&session).unwrap();
    assert_eq!(
        on_stick.answer("CX.languages").unwrap().value,
        Some(Value::Choices(vec!["en".into(), "fr".into()]))
    );
    let (rescued_copy, _) = store::load(&rescued).unwrap();
    assert!(english(&rescued_copy));
    drop(filler);
}

/// A stick lazily unmounted under a running session (`umount -l`: pulled,
/// its mount point left in place, the folder underneath showing through):
/// *NOT SAVED*, never "saved", and nothing written into the folder that now
/// shows at that path.
#[test]
fn power_lazy_unmount_under_a_running_session_gives_not_saved_and_writes_nothing_underneath() {
    let dir = tempfile::tempdir().unwrap();
    let Some(disk) = SmallDisk::mount(&dir.path().join("stick")) else {
        eprintln!("skipped: this process may not mount a small tmpfs (it needs root)");
        return;
    };
    let session = disk.path.join("s.yaml");
    let mut tui = Tui::spawn(
        dir.path(),
        &[
            "new",
            "--state",
            "Pulledland",
            "-o",
            session.to_str().unwrap(),
            "--questionnaire",
            fixtures().join("good/small.yaml").to_str().unwrap(),
        ],
    );
    tui.wait_for("CX.languages");
    tui.send("1");
    wait_saved(&session, "English", |s| s.answer("CX.languages").is_some());
    let pulled = std::process::Command::new("umount")
        .arg("-l")
        .arg(&disk.path)
        .status()
        .unwrap();
    assert!(pulled.success());
    assert!(!session.exists(), "the folder underneath shows through");
    tui.send("2");
    tui.wait_for("NOT SAVED");
    tui.wait_for("no longer the one");
    assert_eq!(
        std::fs::read_dir(&disk.path).unwrap().count(),
        0,
        "nothing written into the folder underneath"
    );
    // Leaving asks twice, and says the last change is lost.
    tui.send("q");
    tui.wait_for("press q again");
    tui.send("q");
    tui.wait_exit();
    assert_eq!(std::fs::read_dir(&disk.path).unwrap().count(), 0);
}
