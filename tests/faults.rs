//! One test per row of the fault table (`shared/design/faults.md`) that the
//! store, the file readers and the terminal-safe output answer for, named
//! after its row: `power_…` (Power, kills and disks), `hand_…` (Files
//! written by hand), `text_…` (Text typed by the assessor), `output_…`
//! (Output). Each runs the real binary on real files; the waits are
//! liveness bounds (generous, polled), never speed assertions.

use std::io::{BufRead as _, BufReader, Write as _};
use std::os::fd::OwnedFd;
use std::os::unix::fs::{PermissionsExt as _, symlink};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Output, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use tana::session::store;

use crate::common::{fixtures, tana_bin};

/// How long a process may take before a test calls it stuck.
const LIVENESS: Duration = Duration::from_secs(20);

fn tana(dir: &Path) -> Command {
    let mut command = Command::new(tana_bin());
    command
        .current_dir(dir)
        .env("XDG_DATA_HOME", dir.join("data"))
        .env("NO_COLOR", "1")
        .stdin(Stdio::null());
    command
}

fn run(dir: &Path, args: &[&str]) -> Output {
    let child = tana(dir)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    finish(child, args)
}

/// Waits for a child within the liveness bound; a hang fails the test.
fn finish(mut child: Child, what: &[&str]) -> Output {
    let deadline = Instant::now() + LIVENESS;
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("tana {what:?} hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A new session on the small fixture questionnaire, made in plain mode.
fn new_session(dir: &Path, name: &str) -> PathBuf {
    let questionnaire = fixtures().join("good/small.yaml");
    let output = run(
        dir,
        &[
            "new",
            "--state",
            "Faultland",
            "-o",
            name,
            "--questionnaire",
            questionnaire.to_str().unwrap(),
            "--plain",
        ],
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    dir.join(name)
}

/// `tana open --plain` driven line by line.
struct Plain {
    child: Child,
    input: ChildStdin,
    lines: Receiver<String>,
    seen: Vec<String>,
}

impl Plain {
    fn open(dir: &Path, session: &Path) -> Plain {
        let mut command = tana(dir);
        command.args(["open", "--plain"]).arg(session);
        Plain::start(command)
    }

    /// Runs `command` (a `tana open --plain`, perhaps wrapped) line by line.
    fn start(mut command: Command) -> Plain {
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let input = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Plain {
            child,
            input,
            lines,
            seen: Vec::new(),
        }
    }

    fn send(&mut self, line: &str) {
        writeln!(self.input, "{line}").unwrap();
        self.input.flush().unwrap();
    }

    /// The first new line containing `needle`.
    fn expect(&mut self, needle: &str) -> String {
        let deadline = Instant::now() + LIVENESS;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if line.contains(needle) {
                        return line;
                    }
                }
                Err(e) => panic!(
                    "no line with {needle:?} ({e}); seen:\n{}",
                    self.seen.join("\n")
                ),
            }
        }
    }

    fn quit(mut self) -> Output {
        self.send("quit");
        drop(self.input);
        finish(self.child, &["open", "--plain"])
    }
}

fn note_of(session: &Path, id: &str) -> String {
    let (loaded, _) = store::load(session).unwrap_or_else(|e| panic!("{}", e.render()));
    loaded
        .answer(id)
        .map(|a| a.note.clone())
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------
// Power, kills and disks

/// `kill -9` during a save: see `tests/durability.rs`
/// (`power_kill_9_during_a_save_loads_the_old_or_the_new_state`); stale temp
/// files of killed saves are removed when the session is next opened.
#[test]
fn power_kill_9_during_a_save_leaves_no_stale_temp_file_after_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let session = new_session(dir.path(), "s.yaml");
    let stale = dir.path().join(".s.yaml.Zq3xK81bQw.tmp");
    std::fs::write(&stale, "tana-session: 1\nhalf a sa").unwrap();
    let plain = Plain::open(dir.path(), &session);
    let output = plain.quit();
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(!stale.exists(), "the stale temp file is cleaned up");
}

/// `kill -9` between the two renames of a save leaves only the previous
/// generation: `tana validate` checks it, as `tana open` recovers it.
#[test]
fn power_kill_9_between_the_renames_of_a_save_validate_and_open_both_take_the_previous_generation()
{
    let dir = tempfile::tempdir().unwrap();
    let session = new_session(dir.path(), "s.yaml");
    let mut plain = Plain::open(dir.path(), &session);
    plain.send("note: last acknowledged");
    plain.expect("saved #");
    assert!(plain.quit().status.success());
    std::fs::rename(&session, dir.path().join("s.yaml.prev")).unwrap();
    let validate = run(dir.path(), &["validate", "s.yaml"]);
    let out = text(&validate.stdout);
    assert!(validate.status.success(), "{out}");
    assert!(
        out.contains("is missing") && out.contains("recovers"),
        "{out}"
    );
    let mut plain = Plain::open(dir.path(), &session);
    plain.expect("previous generation");
    plain.send("note: carried on");
    plain.expect("saved #");
    assert!(plain.quit().status.success());
    assert_eq!(note_of(&session, "CX.languages"), "carried on");
    assert!(session.is_file());
}

/// Disk gone from under a session (the stick pulled and another folder at
/// its mount point): the old file intact, *NOT SAVED*, retry works once fixed.
#[test]
fn power_usb_stick_pulled_gives_not_saved_and_retry_works_once_fixed() {
    let root = tempfile::tempdir().unwrap();
    let stick = root.path().join("stick");
    std::fs::create_dir(&stick).unwrap();
    let session = new_session(&stick, "s.yaml");
    let mut plain = Plain::open(root.path(), &session);
    plain.send("note: before the stick was pulled");
    plain.expect("saved #");
    let before = std::fs::read(&session).unwrap();
    std::fs::rename(&stick, root.path().join("pulled")).unwrap();
    std::fs::create_dir(&stick).unwrap();
    plain.send("note: while it was out");
    let line = plain.expect("NOT SAVED");
    assert!(line.contains("no longer the one"), "{line}");
    assert_eq!(
        std::fs::read_dir(&stick).unwrap().count(),
        0,
        "nothing written into the other folder"
    );
    std::fs::remove_dir(&stick).unwrap();
    std::fs::rename(root.path().join("pulled"), &stick).unwrap();
    assert_eq!(
        std::fs::read(&session).unwrap(),
        before,
        "the old file is intact"
    );
    plain.send("note: after it came back");
    plain.expect("saved #");
    assert!(plain.quit().status.success());
    assert_eq!(note_of(&session, "CX.languages"), "after it came back");
}

/// A session file truncated, or one byte flipped so that it no longer reads:
/// a clear message, the previous generation offered, the damaged file kept aside.
#[test]
fn power_session_file_truncated_or_one_byte_flipped_offers_the_previous_generation() {
    let dir = tempfile::tempdir().unwrap();
    let session = new_session(dir.path(), "s.yaml");
    let mut plain = Plain::open(dir.path(), &session);
    plain.send("note: the previous generation");
    plain.expect("saved #");
    plain.send("note: the damaged one");
    plain.expect("saved #");
    assert!(plain.quit().status.success());
    let mut bytes = std::fs::read(&session).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x40;
    bytes.truncate(middle + 1);
    std::fs::write(&session, &bytes).unwrap();

    let validate = run(dir.path(), &["validate", "s.yaml"]);
    let out = text(&validate.stdout);
    assert_eq!(validate.status.code(), Some(1), "{out}");
    assert!(
        out.contains("previous generation") && out.contains("is intact"),
        "{out}"
    );

    let score = run(dir.path(), &["score", "s.yaml"]);
    assert!(score.status.success());
    assert!(
        text(&score.stderr).contains("loaded the previous generation"),
        "{}",
        text(&score.stderr)
    );

    let mut plain = Plain::open(dir.path(), &session);
    plain.expect("kept aside as");
    let output = plain.quit();
    assert!(output.status.success());
    let aside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("s.yaml.damaged-")
        })
        .collect();
    assert_eq!(aside.len(), 1);
    assert_eq!(
        std::fs::read(aside[0].path()).unwrap(),
        bytes,
        "kept, never overwritten"
    );
    assert_eq!(note_of(&session, "CX.languages"), "the previous generation");
}

/// Two instances on one session: the second refuses with a clear message.
#[test]
fn power_two_instances_open_the_same_session_the_second_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let session = new_session(dir.path(), "s.yaml");
    let mut first = Plain::open(dir.path(), &session);
    first.expect("plain mode");
    let second = run(dir.path(), &["open", "--plain", "s.yaml"]);
    assert_eq!(second.status.code(), Some(1));
    assert!(
        text(&second.stderr).contains("already open in another tana"),
        "{}",
        text(&second.stderr)
    );
    assert!(first.quit().status.success());
}

/// A session written by a newer tana: refused for writing, never downgraded.
#[test]
fn power_session_written_by_a_newer_version_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let session = dir.path().join("newer.yaml");
    std::fs::copy(fixtures().join("bad/session-newer.yaml"), &session).unwrap();
    let before = std::fs::read(&session).unwrap();
    let output = run(dir.path(), &["open", "--plain", "newer.yaml"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stderr).contains("newer tana"),
        "{}",
        text(&output.stderr)
    );
    assert_eq!(std::fs::read(&session).unwrap(), before);
}

/// The folder replaced under a running session, and a second process let in
/// by a removed lock: the first gets *NOT SAVED* and never overwrites the
/// save the second acknowledged.
#[test]
fn power_folder_replaced_under_a_running_session_never_overwrites_a_second_writers_save() {
    let dir = tempfile::tempdir().unwrap();
    let session = new_session(dir.path(), "s.yaml");
    let mut first = Plain::open(dir.path(), &session);
    first.send("note: first writer");
    first.expect("saved #");
    // The lock file removed (a cleanup script, a synced folder re-created).
    std::fs::remove_file(dir.path().join("s.yaml.lock")).unwrap();
    let mut second = Plain::open(dir.path(), &session);
    second.send("note: second writer, acknowledged");
    second.expect("saved #");
    first.send("note: first writer again");
    let line = first.expect("NOT SAVED");
    assert!(line.contains("lock file"), "{line}");
    assert!(second.quit().status.success());
    // Its last change never reached the disk: a script must be told.
    assert_eq!(first.quit().status.code(), Some(1));
    assert_eq!(
        note_of(&session, "CX.languages"),
        "second writer, acknowledged"
    );
}

/// The session path is a symbolic link (to a file on a stick): saves go to
/// the link's target and the link stays a link.
#[test]
fn power_session_path_is_a_symlink_saves_go_to_its_target_and_it_stays_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let stick = dir.path().join("stick");
    std::fs::create_dir(&stick).unwrap();
    let target = new_session(&stick, "s.yaml");
    let link = dir.path().join("s.yaml");
    symlink(&target, &link).unwrap();
    let mut plain = Plain::open(dir.path(), &link);
    plain.send("note: through the link");
    plain.expect("saved #");
    plain.send("note: through the link, twice");
    plain.expect("saved #");
    assert!(plain.quit().status.success());
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(note_of(&target, "CX.languages"), "through the link, twice");
    assert!(stick.join("s.yaml.prev").is_file());
    assert!(!dir.path().join("s.yaml.prev").exists());
}

/// Symbolic links planted where the temp file, the lock or a generation will
/// be written: never followed, no file outside the session written or truncated.
#[test]
fn power_symlink_planted_at_temp_lock_or_generation_is_never_followed() {
    let dir = tempfile::tempdir().unwrap();
    let session = new_session(dir.path(), "s.yaml");
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "not a session").unwrap();
    std::fs::remove_file(dir.path().join("s.yaml.prev")).ok();
    symlink(&victim, dir.path().join("s.yaml.prev")).unwrap();
    // The temp name of tana 1.0, and guesses at the new random names.
    symlink(&victim, dir.path().join(".s.yaml.tmp")).unwrap();
    for guess in ["aaaaaaaaaa", "0000000000", "AAAAAAAAAA"] {
        symlink(&victim, dir.path().join(format!(".s.yaml.{guess}.tmp"))).unwrap();
    }
    let mut plain = Plain::open(dir.path(), &session);
    for n in 0..3 {
        plain.send(&format!("note: save {n}"));
        plain.expect("saved #");
    }
    assert!(plain.quit().status.success());
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "not a session");
    assert!(
        std::fs::symlink_metadata(dir.path().join("s.yaml"))
            .unwrap()
            .is_file()
    );

    std::fs::remove_file(dir.path().join("s.yaml.lock")).unwrap();
    symlink(&victim, dir.path().join("s.yaml.lock")).unwrap();
    let output = run(dir.path(), &["open", "--plain", "s.yaml"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stderr).contains("symbolic link"),
        "{}",
        text(&output.stderr)
    );
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "not a session");
}

/// Truncated at a line boundary, or one value changed, and still valid YAML:
/// detected by the checksum, the intact generation used; a hand edit marked
/// `edited` is accepted and reported as one.
#[test]
fn power_truncated_at_a_line_boundary_or_a_changed_value_is_detected_and_a_marked_hand_edit_accepted()
 {
    let dir = tempfile::tempdir().unwrap();
    let session = new_session(dir.path(), "s.yaml");
    let mut plain = Plain::open(dir.path(), &session);
    plain.send("note: intact");
    plain.expect("saved #");
    plain.send("2");
    plain.expect("saved #");
    plain.send("next");
    plain.send("note: the last answer");
    plain.expect("saved #");
    assert!(plain.quit().status.success());
    let sealed = std::fs::read_to_string(&session).unwrap();

    // Cut before the last answer: fewer answers, valid YAML.
    let cut = &sealed[..=sealed.rfind("\n  CX.").unwrap()];
    assert!(tana::session::Session::from_source(cut).is_ok());
    std::fs::write(&session, cut).unwrap();
    let score = run(dir.path(), &["score", "s.yaml"]);
    let notes = text(&score.stderr);
    assert!(notes.contains("does not match the checksum"), "{notes}");
    assert!(notes.contains("loaded the previous generation"), "{notes}");
    let validate = run(dir.path(), &["validate", "s.yaml"]);
    assert_eq!(
        validate.status.code(),
        Some(1),
        "{}",
        text(&validate.stdout)
    );

    // One value changed: "fr" chosen becomes "en".
    let changed = sealed.replacen("- fr", "- en", 1);
    assert_ne!(changed, sealed);
    std::fs::write(&session, &changed).unwrap();
    let score = run(dir.path(), &["score", "s.yaml"]);
    assert!(text(&score.stderr).contains("loaded the previous generation"));

    // The same change made on purpose, and marked.
    let (first, body) = changed.split_once('\n').unwrap();
    let hash = first.split_whitespace().nth(2).unwrap();
    std::fs::write(
        &session,
        format!("{}\n{body}", first.replace(hash, "edited")),
    )
    .unwrap();
    let validate = run(dir.path(), &["validate", "s.yaml"]);
    let out = text(&validate.stdout);
    assert!(validate.status.success(), "{out}");
    assert!(out.contains("edited by hand"), "{out}");
    let mut plain = Plain::open(dir.path(), &session);
    plain.expect("edited by hand");
    plain.send("note: after the edit");
    plain.expect("saved #");
    assert!(plain.quit().status.success());
    let (loaded, report) = store::load(&session).unwrap();
    assert_eq!(
        report.integrity,
        Some(store::Integrity::Intact),
        "sealed again"
    );
    assert_eq!(
        loaded.answer("CX.languages").unwrap().value,
        Some(tana::session::Value::Choices(vec!["en".into()]))
    );
}

/// Another user on the machine: session, previous generation, lock and
/// recent list readable by the owner only, and a user's chmod kept.
#[test]
fn power_another_user_on_the_machine_finds_every_file_owner_only() {
    let dir = tempfile::tempdir().unwrap();
    let session = new_session(dir.path(), "s.yaml");
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let mut plain = Plain::open(dir.path(), &session);
    plain.send("note: private");
    plain.expect("saved #");
    assert!(plain.quit().status.success());
    for file in [
        session.clone(),
        dir.path().join("s.yaml.prev"),
        dir.path().join("s.yaml.lock"),
        dir.path().join("data/tana/recent.yaml"),
    ] {
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
    assert_eq!(mode(&dir.path().join("data/tana")), 0o700);
    // A session made world-readable by an older tana, made private by its user.
    std::fs::set_permissions(&session, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::set_permissions(&session, std::fs::Permissions::from_mode(0o600)).unwrap();
    let mut plain = Plain::open(dir.path(), &session);
    for n in 0..2 {
        plain.send(&format!("note: {n}"));
        plain.expect("saved #");
    }
    assert!(plain.quit().status.success());
    assert_eq!(mode(&session), 0o600);
    assert_eq!(mode(&dir.path().join("s.yaml.prev")), 0o600);
}

/// The questionnaire changed between two visits (a question renamed): the
/// session still opens, the orphaned answer is listed, and it is kept
/// through every later save.
#[test]
fn power_questionnaire_changed_between_visits_still_opens_and_keeps_the_orphaned_answers_listed() {
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string(fixtures().join("good/small.yaml")).unwrap();
    std::fs::write(dir.path().join("q.yaml"), &original).unwrap();
    let new = tana(dir.path())
        .args(["new", "--state", "Changeland", "-o", "s.yaml"])
        .args(["--questionnaire", "q.yaml", "--plain"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut child = new;
    write!(
        child.stdin.take().unwrap(),
        "goto A1.1\n2\nnote: seen in the penal code\nquit\n"
    )
    .unwrap();
    assert!(finish(child, &["new", "--plain"]).status.success());
    let session = dir.path().join("s.yaml");

    // The next version of the questionnaire renames A1.1 to A1.9.
    std::fs::write(dir.path().join("q.yaml"), original.replace("A1.1", "A1.9")).unwrap();
    let mut plain = Plain::open(dir.path(), &session);
    let line = plain.expect("no longer has");
    assert!(
        line.contains("kept 1 answer") && line.contains("A1.1"),
        "{line}"
    );
    plain.send("goto A1.9");
    plain.send("3");
    plain.expect("saved #");
    plain.send("note: the renamed question answered");
    plain.expect("saved #");
    assert!(plain.quit().status.success());

    let (loaded, _) = store::load(&session).unwrap();
    let orphan = loaded.answer("A1.1").expect("the orphaned answer is kept");
    assert_eq!(orphan.value, Some(tana::session::Value::Level(2)));
    assert_eq!(orphan.note, "seen in the penal code");
    assert_eq!(
        loaded.answer("A1.9").unwrap().value,
        Some(tana::session::Value::Level(3))
    );
    let validate = run(dir.path(), &["validate", "s.yaml"]);
    let out = text(&validate.stdout);
    assert!(validate.status.success(), "{out}");
    assert!(out.contains("no longer has, kept: A1.1"), "{out}");
}

/// A command for tana that cannot write where the permissions say no: as
/// root (whom a read-only folder does not stop) tana runs under `setpriv`
/// without the capabilities that override permissions. `None` when that is
/// not possible here.
fn bound_by_permissions(dir: &Path, probe: &Path) -> Option<Command> {
    if std::fs::write(probe.join(".probe"), "").is_err() {
        return Some(tana(dir));
    }
    std::fs::remove_file(probe.join(".probe")).unwrap();
    let drop = "--bounding-set=-dac_override,-dac_read_search,-fowner";
    let works = Command::new("setpriv")
        .args([drop, "--", "true"])
        .status()
        .is_ok_and(|s| s.success());
    works.then(|| {
        let mut command = Command::new("setpriv");
        command
            .args([drop, "--"])
            .arg(tana_bin())
            .current_dir(dir)
            .env("XDG_DATA_HOME", dir.join("data"))
            .env("NO_COLOR", "1")
            .stdin(Stdio::null());
        command
    })
}

/// The session's folder made read-only under a running session: *NOT
/// SAVED*, the old file intact and nothing written, and the retry works
/// once the folder is writable again.
#[test]
fn power_read_only_directory_gives_not_saved_keeps_the_old_file_and_retry_works_once_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("mission");
    std::fs::create_dir(&folder).unwrap();
    let session = new_session(&folder, "s.yaml");
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).unwrap();
    let command = bound_by_permissions(dir.path(), &folder);
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
    let Some(mut command) = command else {
        eprintln!("skipped: running as root and setpriv cannot drop the override capabilities");
        return;
    };
    command.args(["open", "--plain"]).arg(&session);
    let mut plain = Plain::start(command);
    plain.send("note: before the folder turned read-only");
    plain.expect("saved #");
    let before = std::fs::read(&session).unwrap();
    let listing = |folder: &Path| {
        let mut names: Vec<_> = std::fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        names
    };
    let files = listing(&folder);
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).unwrap();
    plain.send("note: while it was read-only");
    let line = plain.expect("NOT SAVED");
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert!(line.contains("ermission denied"), "{line}");
    assert_eq!(
        std::fs::read(&session).unwrap(),
        before,
        "the old file is intact"
    );
    assert_eq!(listing(&folder), files, "nothing was left behind");
    plain.send("note: once it was writable again");
    plain.expect("saved #");
    assert!(plain.quit().status.success());
    assert_eq!(
        note_of(&session, "CX.languages"),
        "once it was writable again"
    );
}

// ---------------------------------------------------------------------------
// Files written by hand

/// A FIFO, a device, a folder or an unreadable file given as input: a clear
/// message at once, never a hang (`validate`, `open`, `score`, `match`).
#[test]
fn hand_fifo_device_directory_or_unreadable_file_given_as_input_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.yaml");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    std::fs::create_dir(dir.path().join("folder.yaml")).unwrap();
    let session = new_session(dir.path(), "s.yaml");
    let cases: &[(&[&str], &str)] = &[
        (&["validate", "fifo.yaml"], "named pipe"),
        (&["score", "fifo.yaml"], "named pipe"),
        (&["open", "--plain", "fifo.yaml"], "named pipe"),
        (&["validate", "/dev/null"], "a device"),
        (&["validate", "folder.yaml"], "a folder"),
        (&["score", "folder.yaml"], "a folder"),
        (&["match", "s.yaml", "--roster", "fifo.yaml"], "named pipe"),
        (
            &["score", "s.yaml", "--questionnaire", "/dev/zero"],
            "a device",
        ),
        // A regular file whose reading fails (as root, a chmod 000 file is still readable).
        (&["validate", "/proc/self/mem"], "cannot read the file"),
    ];
    for (args, expected) in cases {
        let output = run(dir.path(), args);
        let said = format!("{}{}", text(&output.stdout), text(&output.stderr));
        assert_eq!(output.status.code(), Some(1), "{args:?}: {said}");
        assert!(said.contains(expected), "{args:?}: {said}");
    }
    assert!(session.exists());
}

/// A 50 MB roster (or any 50 MB file): refused by a limit, before it is parsed.
#[test]
fn hand_50_mb_roster_is_refused_quickly_by_a_limit() {
    let dir = tempfile::tempdir().unwrap();
    let session = new_session(dir.path(), "s.yaml");
    let roster = std::fs::read_to_string(fixtures().join("good/roster.yaml")).unwrap();
    let (head, experts) = roster.split_once("experts:\n").unwrap();
    let one = experts.split("  - id: ").nth(1).unwrap();
    let mut big =
        std::io::BufWriter::new(std::fs::File::create(dir.path().join("big.yaml")).unwrap());
    writeln!(big, "{head}experts:").unwrap();
    let mut written = 0usize;
    let mut n = 0;
    while written < 50 * 1000 * 1000 {
        let entry = format!("  - id: X{n}-{one}");
        big.write_all(entry.as_bytes()).unwrap();
        written += entry.len();
        n += 1;
    }
    drop(big);
    let matched = run(dir.path(), &["match", "s.yaml", "--roster", "big.yaml"]);
    assert_eq!(matched.status.code(), Some(1));
    assert!(
        text(&matched.stderr).contains("MiB limit for a roster"),
        "{}",
        text(&matched.stderr)
    );
    let validate = run(dir.path(), &["validate", "big.yaml"]);
    assert_eq!(validate.status.code(), Some(1));
    assert!(
        text(&validate.stdout).contains("MiB limit"),
        "{}",
        text(&validate.stdout)
    );
    drop(session);
}

/// `tana ARGS` run with its address space limited to `mib` MiB (`ulimit
/// -v`): a file that made tana build an unbounded structure would end it
/// with an allocation failure instead of a message.
fn run_within(dir: &Path, mib: u64, args: &[&str]) -> Output {
    let child = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {} && exec \"$0\" \"$@\"", mib * 1024))
        .arg(tana_bin())
        .args(args)
        .current_dir(dir)
        .env("XDG_DATA_HOME", dir.join("data"))
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    finish(child, args)
}

/// Alias bombs, 10,000-deep nesting and 50 MB files of every kind: each
/// refused by a limit with a message naming the file, within a small,
/// fixed address space (bounded memory) and without a stack overflow.
/// Writes the hostile inputs of the test below into `dir`: 10,000-deep
/// nesting and 50 MB files of each kind, shaped like the real thing.
fn write_deep_and_big_files(dir: &Path) {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    std::fs::write(
        dir.join("deep-questionnaire.yaml"),
        format!("tana-questionnaire: 1\nlanguages: {deep}\n"),
    )
    .unwrap();
    std::fs::write(
        dir.join("deep-session.yaml"),
        format!("tana-session: 2\nanswers:\n  A1.1:\n    value: {deep}\n"),
    )
    .unwrap();
    std::fs::write(
        dir.join("deep-roster.yaml"),
        format!(
            "tana-roster: 1\ntitle: t\nexperts:\n  - id: X1\n    name: N\n    languages: {deep}\n"
        ),
    )
    .unwrap();
    let fifty = 50 * 1000 * 1000;
    let big = |name: &str, head: &str, entry: &dyn Fn(usize) -> String| {
        let mut out = std::io::BufWriter::new(std::fs::File::create(dir.join(name)).unwrap());
        out.write_all(head.as_bytes()).unwrap();
        let (mut written, mut n) = (head.len(), 0);
        while written < fifty {
            let e = entry(n);
            out.write_all(e.as_bytes()).unwrap();
            written += e.len();
            n += 1;
        }
    };
    big(
        "big-questionnaire.yaml",
        "tana-questionnaire: 1\nid: big\nversion: '1'\ntitle: Big\nlanguages: [en]\nsections:\n",
        &|n| {
            format!(
                "  - id: S{n}\n    kind: context\n    title: Section {n}\n    questions:\n      - {{id: S{n}.1, kind: text, text: Question {n}}}\n"
            )
        },
    );
    big(
        "big-session.yaml",
        "tana-session: 2\nstate:\n  name: Bigland\nanswers:\n",
        &|n| format!("  Q{n}:\n    status: answered\n    value: text {n}\n    note: a note\n"),
    );
    big(
        "big-roster.yaml",
        "tana-roster: 1\ntitle: Big\nexperts:\n",
        &|n| {
            format!(
                "  - id: X{n}\n    name: Expert {n}\n    organisation: Office {n}\n    languages: [{{code: en, level: fluent}}]\n"
            )
        },
    );
}

#[test]
fn hand_alias_bomb_deep_nesting_and_50_mb_files_are_refused_by_limits_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let session = new_session(dir.path(), "s.yaml");
    for bomb in ["alias-bomb.yaml", "roster-alias-bomb.yaml"] {
        std::fs::copy(fixtures().join("bad").join(bomb), dir.path().join(bomb)).unwrap();
    }
    write_deep_and_big_files(dir.path());
    let cases: &[(&[&str], &str)] = &[
        (&["validate", "alias-bomb.yaml"], "alias-bomb.yaml:6:"),
        (
            &["validate", "roster-alias-bomb.yaml"],
            "roster-alias-bomb.yaml:14:",
        ),
        (
            &["match", "s.yaml", "--roster", "roster-alias-bomb.yaml"],
            "roster-alias-bomb.yaml:14:",
        ),
        (
            &["validate", "deep-questionnaire.yaml"],
            "deep-questionnaire.yaml:2:",
        ),
        (&["validate", "deep-session.yaml"], "deep-session.yaml:4:"),
        (&["score", "deep-session.yaml"], "nested too deeply"),
        (&["validate", "deep-roster.yaml"], "deep-roster.yaml:6:"),
        (&["validate", "big-questionnaire.yaml"], "MiB limit"),
        (&["validate", "big-session.yaml"], "MiB limit"),
        (&["score", "big-session.yaml"], "MiB limit"),
        (&["validate", "big-roster.yaml"], "MiB limit"),
        (
            &["match", "s.yaml", "--roster", "big-roster.yaml"],
            "MiB limit",
        ),
        (
            &[
                "score",
                "s.yaml",
                "--questionnaire",
                "big-questionnaire.yaml",
            ],
            "MiB limit",
        ),
    ];
    for (args, expected) in cases {
        let output = run_within(dir.path(), 256, args);
        let said = format!("{}{}", text(&output.stdout), text(&output.stderr));
        assert_eq!(output.status.code(), Some(1), "{args:?}: {said}");
        assert!(said.contains(expected), "{args:?}: {said}");
        assert!(!said.contains("memory allocation"), "{args:?}: {said}");
    }
    // The same limit lets the real files through.
    let output = run_within(dir.path(), 256, &["validate", "s.yaml"]);
    assert!(output.status.success(), "{}", text(&output.stdout));
    drop(session);
}

// ---------------------------------------------------------------------------
// Text typed by the assessor, or written in a file

/// Bytes a terminal would obey: C0 controls other than newline and tab, DEL,
/// and C1 controls (U+0080–U+009F) in their UTF-8 form.
fn raw_controls(bytes: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    for (i, &b) in bytes.iter().enumerate() {
        let c1 = b == 0xc2 && bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n));
        if (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7f || c1 {
            let from = i.saturating_sub(20);
            found.push(
                String::from_utf8_lossy(&bytes[from..(i + 20).min(bytes.len())]).into_owned(),
            );
        }
    }
    found
}

fn assert_no_raw_controls(what: &str, output: &Output) {
    for (stream, bytes) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
        let found = raw_controls(bytes);
        assert!(
            found.is_empty(),
            "{what} {stream} holds raw control bytes near: {found:?}"
        );
    }
}

/// Escape sequences (title, clipboard OSC 52, clear screen, backspaces, C1)
/// in a note, a question, a roster entry, a State's name or a path never
/// reach the terminal raw, in plain mode or in any command's output.
#[test]
fn text_escape_sequences_never_reach_the_terminal_raw_in_plain_mode_or_any_commands_output() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = "\u{1b}]0;pwned\u{7}\u{1b}]52;c;cHduZWQ=\u{7}\u{1b}[2J\u{9b}31m\u{8}\u{8}\u{7f}";
    // A questionnaire whose question text holds them (YAML escapes).
    let questionnaire = std::fs::read_to_string(fixtures().join("good/small.yaml"))
        .unwrap()
        .replace(
            "text: Which languages does the administration use?",
            r#"text: "Which languages\e]0;title\a\e[2J\x9b does the administration use?""#,
        );
    std::fs::write(dir.path().join("q.yaml"), questionnaire).unwrap();
    let output = tana(dir.path())
        .args(["new", "--state"])
        .arg(format!("Evil{hostile}land"))
        .args(["-o", "s.yaml", "--questionnaire", "q.yaml", "--plain"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut child = output;
    write!(
        child.stdin.take().unwrap(),
        "note: a{hostile}b\nnote+: line two{hostile}\nshow\nreview\nsummary\nsearch languages\nquit\n"
    )
    .unwrap();
    let plain = finish(child, &["new", "--plain"]);
    assert!(plain.status.success(), "{}", text(&plain.stderr));
    assert!(
        text(&plain.stdout).contains("␛]0;pwned␇"),
        "shown, visibly: {}",
        text(&plain.stdout)
    );
    assert_no_raw_controls("plain mode", &plain);
    let note = note_of(&dir.path().join("s.yaml"), "CX.languages");
    assert!(
        note.contains(hostile),
        "the note is stored exactly: {note:?}"
    );

    let plain = tana(dir.path())
        .args(["open", "--plain", "s.yaml"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut child = plain;
    write!(child.stdin.take().unwrap(), "show\nquit\n").unwrap();
    assert_no_raw_controls("plain mode, reopened", &finish(child, &["open", "--plain"]));

    // A roster entry holding them.
    let roster = std::fs::read_to_string(fixtures().join("good/roster.yaml"))
        .unwrap()
        .replace(
            "name: Ama Testfield",
            r#"name: "Ama\e]0;title\a\e[2J\x9b\b Testfield""#,
        );
    std::fs::write(dir.path().join("r.yaml"), roster).unwrap();

    for args in [
        &["score", "s.yaml"][..],
        &["score", "s.yaml", "--json"],
        &["match", "s.yaml", "--roster", "r.yaml"],
        &["match", "s.yaml", "--roster", "r.yaml", "--json"],
        &["validate", "s.yaml", "q.yaml", "r.yaml"],
        &["validate", "--json", "s.yaml", "q.yaml", "r.yaml"],
        &["report", "s.yaml", "--roster", "r.yaml"],
    ] {
        let output = run(dir.path(), args);
        assert!(
            output.status.success(),
            "{args:?}: {}",
            text(&output.stderr)
        );
        assert_no_raw_controls(&format!("{args:?}"), &output);
    }
    // The JSON still carries the exact text.
    let json: serde_json::Value =
        serde_json::from_slice(&run(dir.path(), &["score", "s.yaml", "--json"]).stdout).unwrap();
    assert_eq!(json["state"], format!("Evil{hostile}land"));

    // Error messages quoting a path or a file's text.
    let evil_path = format!("no{hostile}such.yaml");
    let output = run(dir.path(), &["score", &evil_path]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stderr).contains("no␛]0;pwned"),
        "{}",
        text(&output.stderr)
    );
    assert_no_raw_controls("an error message", &output);
    std::fs::write(
        dir.path().join("bad.yaml"),
        "tana-roster: 1\ntitle: t\nexperts:\n  - id: \"X\\e[2J\"\n    nam\u{1b}]0;x\u{7}e: y\n",
    )
    .unwrap();
    let output = run(dir.path(), &["validate", "bad.yaml"]);
    assert_eq!(output.status.code(), Some(1));
    assert_no_raw_controls("validate's problems", &output);
}

/// A 1 MB paste (escape sequences in it) and a runaway 40 MB line in plain
/// mode: refused by the note's bound with a message, memory bounded, and
/// nothing acknowledged lost; the session still opens.
#[test]
fn text_a_1_mb_paste_in_plain_mode_is_refused_by_the_bound_and_nothing_saved_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let session = new_session(dir.path(), "s.yaml");
    let mut plain = Plain::open(dir.path(), &session);
    plain.send("note: kept before the paste");
    plain.expect("saved #");
    let paste = "pasted \u{1b}]52;c;cHduZWQ=\u{7}\u{1b}[2J ".repeat(40_000);
    assert!(paste.len() > 1_000_000);
    plain.send(&format!("note: {paste}"));
    let line = plain.expect("error:");
    assert!(line.contains("at most 100000 characters"), "{line}");
    // Grown line by line past the bound: refused at the line that would pass it.
    let line_of = "y".repeat(30_000);
    for _ in 0..3 {
        plain.send(&format!("note+: {line_of}"));
        plain.expect("saved #");
    }
    plain.send(&format!("note+: {line_of}"));
    plain.expect("at most 100000 characters");
    let output = plain.quit();
    assert_eq!(output.status.code(), Some(1), "a script is told");
    assert_no_raw_controls("plain mode after a paste", &output);
    let note = note_of(&session, "CX.languages");
    assert!(
        note.starts_with("kept before the paste\n"),
        "{}",
        &note[..40]
    );
    assert_eq!(note.chars().count(), 21 + 3 * 30_001);

    // A 40 MB line in a 256 MiB address space: skipped unread.
    let mut child = Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 262144 && exec \"$0\" open --plain s.yaml")
        .arg(tana_bin())
        .current_dir(dir.path())
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        input.write_all(b"note: ").unwrap();
        let block = vec![b'z'; 1 << 20];
        for _ in 0..40 {
            input.write_all(&block).unwrap();
        }
        input
            .write_all(b"\nnote: after the runaway line\nquit\n")
            .unwrap();
    });
    // Its output (the note shown, 90,000 characters) read as it comes.
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut said = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut said).unwrap();
        said
    });
    let output = finish(child, &["open", "--plain"]);
    writer.join().unwrap();
    let said = text(&reader.join().unwrap());
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    assert!(said.contains("the line is longer than"), "{said}");
    assert_eq!(note_of(&session, "CX.languages"), "after the runaway line");
    assert!(std::fs::metadata(&session).unwrap().len() < 1_000_000);
}

// ---------------------------------------------------------------------------
// Output

/// Standard output closed early (`tana score s.yaml | head -1`): a quiet
/// exit, no panic and no backtrace, whatever the command.
#[test]
fn output_standard_output_closed_early_exits_quietly_without_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let demo = run(dir.path(), &["demo", "-o", "demo"]);
    assert!(demo.status.success());
    let commands: &[&[&str]] = &[
        &["score", "demo/examplia.yaml"],
        &["score", "demo/examplia.yaml", "--json"],
        &["match", "demo/examplia.yaml"],
        &["match", "demo/examplia.yaml", "--json"],
        &["validate", "demo/examplia.yaml"],
        // The demo's lines are status, on standard error: -q silences them.
        &["-q", "demo", "-o", "demo"],
        &["--help"],
    ];
    for args in commands {
        let (reader, writer): (OwnedFd, OwnedFd) = rustix::pipe::pipe().unwrap();
        drop(reader);
        let child = tana(dir.path())
            .args(*args)
            .env("RUST_BACKTRACE", "1")
            .stdout(Stdio::from(writer))
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let output = finish(child, args);
        let stderr = text(&output.stderr);
        assert!(
            !stderr.contains("panicked") && !stderr.contains("backtrace"),
            "{args:?}: {stderr}"
        );
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?} said: {stderr}");
    }
}

/// No terminal at all (cron, `ssh host tana`, a pipe) for the full-screen
/// interface: a clear message pointing to `--plain`; nothing created.
#[test]
fn output_no_terminal_at_all_for_the_full_screen_interface_points_to_plain_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let new = run(dir.path(), &["new", "--state", "Cronland", "-o", "c.yaml"]);
    assert_eq!(new.status.code(), Some(1));
    let said = text(&new.stderr);
    assert!(
        said.contains("--plain") && said.contains("needs a terminal"),
        "{said}"
    );
    assert!(!said.contains("os error"), "{said}");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing created"
    );

    let session = new_session(dir.path(), "s.yaml");
    let listing = |dir: &Path| {
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        names
    };
    let before = (listing(dir.path()), std::fs::read(&session).unwrap());
    for args in [&["open", "s.yaml"][..], &[]] {
        let output = run(dir.path(), args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert!(
            text(&output.stderr).contains("--plain"),
            "{args:?}: {}",
            text(&output.stderr)
        );
    }
    assert_eq!(
        (listing(dir.path()), std::fs::read(&session).unwrap()),
        before
    );
}

// ---------------------------------------------------------------------------
// The terminal going away, end to end in a pseudo-terminal

/// A pseudo-terminal whose master side the test holds and can close.
struct Pty {
    master: OwnedFd,
    screen: vt100::Parser,
}

impl Pty {
    /// Starts tana on a new pseudo-terminal (its standard input, output and
    /// error). No controlling terminal and so no SIGHUP: what is tested is
    /// that tana notices by itself that its terminal went away.
    fn spawn(dir: &Path, args: &[&str]) -> (Pty, Child) {
        use rustix::pty::OpenptFlags;
        let master =
            rustix::pty::openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY | OpenptFlags::CLOEXEC)
                .unwrap();
        rustix::pty::grantpt(&master).unwrap();
        rustix::pty::unlockpt(&master).unwrap();
        let name = rustix::pty::ptsname(&master, Vec::new()).unwrap();
        let slave = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(name.to_str().unwrap())
            .unwrap();
        rustix::termios::tcsetwinsize(
            &slave,
            rustix::termios::Winsize {
                ws_row: 24,
                ws_col: 80,
                ws_xpixel: 0,
                ws_ypixel: 0,
            },
        )
        .unwrap();
        let child = Command::new(tana_bin())
            .args(args)
            .current_dir(dir)
            .env("XDG_DATA_HOME", dir.join("data"))
            .env("TERM", "xterm-256color")
            .env("LANG", "C.UTF-8")
            .env_remove("NO_COLOR")
            .stdin(slave.try_clone().unwrap())
            .stdout(slave.try_clone().unwrap())
            .stderr(slave)
            .spawn()
            .unwrap();
        let screen = vt100::Parser::new(
            std::num::NonZero::new(24).unwrap(),
            std::num::NonZero::new(80).unwrap(),
            0,
        );
        (Pty { master, screen }, child)
    }

    fn pump(&mut self) {
        let mut buffer = [0u8; 8192];
        loop {
            let mut fds = [rustix::event::PollFd::new(
                &self.master,
                rustix::event::PollFlags::IN,
            )];
            let zero = rustix::event::Timespec {
                tv_sec: 0,
                tv_nsec: 0,
            };
            match rustix::event::poll(&mut fds, Some(&zero)) {
                Ok(1) if fds[0].revents().contains(rustix::event::PollFlags::IN) => {}
                _ => return,
            }
            match rustix::io::read(&self.master, &mut buffer) {
                Ok(n) if n > 0 => self.screen.process(&buffer[..n]),
                _ => return,
            }
        }
    }

    fn wait_for(&mut self, needle: &str) {
        let deadline = Instant::now() + LIVENESS;
        loop {
            self.pump();
            if self.screen.screen().contents().contains(needle) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {needle:?}; the screen shows:\n{}",
                self.screen.screen().contents()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn send(&mut self, keys: &str) {
        for c in keys.chars() {
            let mut buffer = [0u8; 4];
            rustix::io::write(&self.master, c.encode_utf8(&mut buffer).as_bytes()).unwrap();
            self.pump();
            std::thread::sleep(Duration::from_millis(15));
        }
    }
}

/// The terminal goes away (SSH link dropped, window or tmux pane closed)
/// while a note is being typed: the process ends by itself, the note typed
/// so far is saved, the lock is released, and no process is left spinning.
#[test]
fn power_terminal_goes_away_while_typing_a_note_saves_it_releases_the_lock_and_exits() {
    let dir = tempfile::tempdir().unwrap();
    let session = dir.path().join("t.yaml");
    let questionnaire = fixtures().join("good/small.yaml");
    let (mut pty, mut child) = Pty::spawn(
        dir.path(),
        &[
            "new",
            "--state",
            "Droppedland",
            "-o",
            session.to_str().unwrap(),
            "--questionnaire",
            questionnaire.to_str().unwrap(),
        ],
    );
    pty.wait_for("CX.languages");
    pty.send("e");
    pty.wait_for("editing");
    pty.send("typed before the link dropped");
    pty.wait_for("link dropped");
    // The master side closes: what sshd, a terminal window or tmux does.
    drop(pty);
    let deadline = Instant::now() + LIVENESS;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("tana still running after its terminal went away");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(
        status.code().is_some(),
        "ended by itself, not by a signal: {status:?}"
    );
    assert_eq!(
        note_of(&session, "CX.languages"),
        "typed before the link dropped"
    );
    // The lock is free: the session opens again at once.
    let reopened = store::Store::open(&session);
    assert!(reopened.is_ok(), "{:#}", reopened.err().unwrap());
}
