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
        command.env_remove("NO_COLOR");
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
