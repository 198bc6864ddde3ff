//! Unit tests of the store on a real disk: generations, the lock, the
//! checksum, links, permissions and the folder's identity.

use std::os::unix::fs::{PermissionsExt as _, symlink};

use super::*;
use crate::questionnaire::Questionnaire;
use crate::session::{Status, Value};
use crate::testing::{blank_session, record};

fn session() -> Session {
    blank_session(&Questionnaire::embedded())
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn answered(session: &mut Session, id: &str, level: u8) {
    record(session, id, Status::Answered, Some(Value::Level(level)));
}

#[test]
fn save_keeps_the_previous_generation() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.yaml");
    let mut s = session();
    let store = Store::create(&path, &mut s).unwrap();
    answered(&mut s, "A1.1", 2);
    assert_eq!(store.save(&mut s).unwrap(), 2);
    let (loaded, report) = load(&path).unwrap();
    assert_eq!(loaded.saves, 2);
    assert!(!report.used_previous);
    assert_eq!(report.integrity, Some(Integrity::Intact));
    let previous =
        Session::from_source(&fs::read_to_string(previous_path(&path)).unwrap()).unwrap();
    assert_eq!(previous.saves, 1);
}

#[test]
fn second_writer_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.yaml");
    let mut s = session();
    let _store = Store::create(&path, &mut s).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(
        format!("{err:#}").contains("already open in another tana"),
        "{err:#}"
    );
}

#[test]
fn opening_a_session_that_is_not_there_leaves_no_lock_behind() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nosuch.yaml");
    let err = format!("{:#}", Store::open(&path).unwrap_err());
    assert!(err.contains("there is no session here"), "{err}");
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(left.is_empty(), "nothing created: {left:?}");
    // A previous generation alone is still opened (and locked).
    let mut s = session();
    drop(Store::create(&path, &mut s).unwrap());
    std::fs::rename(&path, dir.path().join("nosuch.yaml.prev")).unwrap();
    assert!(Store::open(&path).is_ok());
}

#[test]
fn create_refuses_to_replace() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.yaml");
    let mut s = session();
    drop(Store::create(&path, &mut s).unwrap());
    let err = Store::create(&path, &mut s).unwrap_err();
    assert!(format!("{err:#}").contains("already exists"), "{err:#}");
}

#[test]
fn damaged_file_falls_back_and_is_set_aside_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.yaml");
    let mut s = session();
    let store = Store::create(&path, &mut s).unwrap();
    answered(&mut s, "A1.1", 3);
    store.save(&mut s).unwrap();
    drop(store);
    let mut bytes = fs::read(&path).unwrap();
    let len = bytes.len();
    bytes.truncate(len / 2);
    bytes.extend_from_slice(b"\n  - ][ broken");
    fs::write(&path, &bytes).unwrap();

    let (loaded, report) = load(&path).unwrap();
    assert!(report.used_previous);
    assert_eq!(loaded.saves, 1);
    assert_eq!(
        fs::read(&path).unwrap(),
        bytes,
        "read-only load changes nothing"
    );

    let (store, mut loaded, report) = Store::open(&path).unwrap();
    assert_eq!(report.set_aside.len(), 1);
    assert_eq!(
        fs::read(&report.set_aside[0]).unwrap(),
        bytes,
        "the damaged bytes are kept"
    );
    assert!(
        report
            .messages()
            .iter()
            .any(|m| m.contains("previous generation"))
    );
    store.save(&mut loaded).unwrap();
    assert_eq!(fs::read(&report.set_aside[0]).unwrap(), bytes);
    assert_eq!(load(&path).unwrap().0.saves, 2);
}

#[test]
fn a_damaged_previous_generation_is_set_aside_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.yaml");
    let mut s = session();
    let store = Store::create(&path, &mut s).unwrap();
    store.save(&mut s).unwrap();
    drop(store);
    fs::write(previous_path(&path), b"tana-session: 1\nstate: [broken").unwrap();
    let (store, mut loaded, report) = Store::open(&path).unwrap();
    assert_eq!(report.set_aside.len(), 1);
    assert_eq!(
        fs::read(&report.set_aside[0]).unwrap(),
        b"tana-session: 1\nstate: [broken"
    );
    store.save(&mut loaded).unwrap();
    assert_eq!(
        fs::read(&report.set_aside[0]).unwrap(),
        b"tana-session: 1\nstate: [broken"
    );
}

#[test]
fn a_new_session_may_go_into_a_new_folder() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rescued/deep/m.yaml");
    let mut s = session();
    Store::create(&path, &mut s).unwrap();
    assert!(path.exists());
    assert_eq!(mode(&dir.path().join("rescued/deep")), 0o700);
}

#[test]
fn nothing_readable_is_an_error_and_nothing_is_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.yaml");
    fs::write(&path, "tana-session: 1\nstate: [").unwrap();
    let err = load(&path).unwrap_err();
    assert!(!err.problems.is_empty());
    assert!(Store::open(&path).is_err());
    assert!(path.exists());
}

#[test]
fn newer_session_is_refused_for_writing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.yaml");
    let mut s = session();
    drop(Store::create(&path, &mut s).unwrap());
    let text = fs::read_to_string(&path).unwrap();
    let body = text.split_once('\n').unwrap().1;
    let newer = body.replacen("tana-session: ", "tana-session: 9", 1);
    let text = String::from_utf8(seal(newer.as_bytes())).unwrap();
    fs::write(&path, &text).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(format!("{err:#}").contains("newer tana"), "{err:#}");
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn a_replaced_folder_is_not_saved_into_and_retry_works_once_it_is_back() {
    let root = tempfile::tempdir().unwrap();
    let folder = root.path().join("stick");
    fs::create_dir(&folder).unwrap();
    let path = folder.join("m.yaml");
    let mut s = session();
    let store = Store::create(&path, &mut s).unwrap();
    let before = fs::read(&path).unwrap();
    // The stick is pulled and another folder appears at its mount point.
    fs::rename(&folder, root.path().join("away")).unwrap();
    fs::create_dir(&folder).unwrap();
    let err = store.save(&mut s).unwrap_err();
    assert!(format!("{err:#}").contains("no longer the one"), "{err:#}");
    assert_eq!(s.saves, 1, "the counter is not advanced by a failed save");
    assert_eq!(
        fs::read_dir(&folder).unwrap().count(),
        0,
        "nothing written in the new folder"
    );
    fs::remove_dir(&folder).unwrap();
    fs::rename(root.path().join("away"), &folder).unwrap();
    assert_eq!(fs::read(&path).unwrap(), before);
    assert_eq!(store.save(&mut s).unwrap(), 2, "retry works once fixed");
}

#[test]
fn a_replaced_lock_stops_the_first_writer() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.yaml");
    let mut s = session();
    let first = Store::create(&path, &mut s).unwrap();
    fs::remove_file(sibling(&path, ".lock")).unwrap();
    let (second, mut t, _) = Store::open(&path).unwrap();
    answered(&mut t, "A1.1", 4);
    second.save(&mut t).unwrap();
    let err = first.save(&mut s).unwrap_err();
    assert!(format!("{err:#}").contains("lock file"), "{err:#}");
    let (loaded, _) = load(&path).unwrap();
    assert_eq!(
        loaded.answer("A1.1").and_then(|a| a.value.clone()),
        Some(Value::Level(4)),
        "the second writer's acknowledged save stands"
    );
}

#[test]
fn the_checksum_catches_what_still_parses() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.yaml");
    let mut s = session();
    let store = Store::create(&path, &mut s).unwrap();
    answered(&mut s, "A1.1", 3);
    answered(&mut s, "A1.2", 1);
    store.save(&mut s).unwrap();
    drop(store);
    let sealed = fs::read_to_string(&path).unwrap();
    // Cut at a line boundary: the last answer goes, the YAML stays valid.
    let last_answer = sealed.rfind("  A1.").unwrap();
    let cut = &sealed[..last_answer];
    assert!(Session::from_source(cut).is_ok(), "still valid YAML");
    fs::write(&path, cut).unwrap();
    let (loaded, report) = load(&path).unwrap();
    assert!(report.used_previous, "{:?}", report.messages());
    assert_eq!(loaded.saves, 1);
    assert!(
        report.messages()[0].contains("does not match the checksum"),
        "{:?}",
        report.messages()
    );
    // One value changed by a flipped bit: level 3 becomes level 2.
    let flipped = sealed.replacen("level: 3", "level: 2", 1);
    assert!(Session::from_source(&flipped).is_ok());
    fs::write(&path, &flipped).unwrap();
    assert!(load(&path).unwrap().1.used_previous);
}

#[test]
fn a_hand_edit_marked_edited_is_accepted_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.yaml");
    let mut s = session();
    let store = Store::create(&path, &mut s).unwrap();
    answered(&mut s, "A1.1", 3);
    store.save(&mut s).unwrap();
    drop(store);
    let sealed = fs::read_to_string(&path).unwrap();
    let (first, body) = sealed.split_once('\n').unwrap();
    let token = first.split_whitespace().nth(2).unwrap();
    let edited = format!(
        "{}\n{}",
        first.replace(token, EDITED_MARK),
        body.replace("level: 3", "level: 2")
    );
    fs::write(&path, &edited).unwrap();
    let (store, mut loaded, report) = Store::open(&path).unwrap();
    assert!(!report.used_previous);
    assert_eq!(report.integrity, Some(Integrity::EditedByHand));
    assert!(
        report
            .messages()
            .iter()
            .any(|m| m.contains("edited by hand")),
        "{:?}",
        report.messages()
    );
    assert_eq!(
        loaded.answer("A1.1").and_then(|a| a.value.clone()),
        Some(Value::Level(2))
    );
    store.save(&mut loaded).unwrap();
    assert_eq!(load(&path).unwrap().1.integrity, Some(Integrity::Intact));
}

#[test]
fn a_file_without_checksum_line_loads_as_unsealed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.yaml");
    fs::write(&path, session().to_yaml()).unwrap();
    let (_, report) = load(&path).unwrap();
    assert_eq!(report.integrity, Some(Integrity::Unsealed));
    assert!(report.messages()[0].contains("no checksum line"));
}

#[test]
fn files_are_owner_only_and_keep_a_users_chmod() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.yaml");
    let mut s = session();
    let store = Store::create(&path, &mut s).unwrap();
    store.save(&mut s).unwrap();
    for file in [path.clone(), previous_path(&path), sibling(&path, ".lock")] {
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    store.save(&mut s).unwrap();
    assert_eq!(mode(&path), 0o640, "the user's choice is kept");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
    store.save(&mut s).unwrap();
    store.save(&mut s).unwrap();
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(&previous_path(&path)), 0o600);
}

#[test]
fn a_session_path_that_is_a_link_is_saved_through_and_stays_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let stick = dir.path().join("stick");
    fs::create_dir(&stick).unwrap();
    let target = stick.join("m.yaml");
    let mut s = session();
    drop(Store::create(&target, &mut s).unwrap());
    let link = dir.path().join("m.yaml");
    symlink(&target, &link).unwrap();
    let (store, mut loaded, _) = Store::open(&link).unwrap();
    answered(&mut loaded, "A1.1", 1);
    store.save(&mut loaded).unwrap();
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(load(&target).unwrap().0.saves, 2);
    assert!(stick.join("m.yaml.prev").exists());
    assert!(!dir.path().join("m.yaml.prev").exists());
    // The lock is beside the target: opening by the target is refused too.
    assert!(Store::open(&target).is_err());
}

#[test]
fn planted_links_are_never_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.yaml");
    let victim = dir.path().join("victim.txt");
    fs::write(&victim, "keep me").unwrap();
    let mut s = session();
    drop(Store::create(&path, &mut s).unwrap());
    // Links where the previous generation, the old fixed temp name and
    // (for the next open) the lock will be.
    fs::remove_file(previous_path(&path)).ok();
    symlink(&victim, previous_path(&path)).unwrap();
    symlink(&victim, dir.path().join(".m.yaml.tmp")).unwrap();
    let (store, mut loaded, _) = Store::open(&path).unwrap();
    store.save(&mut loaded).unwrap();
    store.save(&mut loaded).unwrap();
    drop(store);
    assert_eq!(fs::read_to_string(&victim).unwrap(), "keep me");
    fs::remove_file(sibling(&path, ".lock")).unwrap();
    symlink(&victim, sibling(&path, ".lock")).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(format!("{err:#}").contains("symbolic link"), "{err:#}");
    assert_eq!(fs::read_to_string(&victim).unwrap(), "keep me");
}

#[test]
fn stale_temp_files_are_removed_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.yaml");
    let mut s = session();
    drop(Store::create(&path, &mut s).unwrap());
    let stale = dir.path().join(".m.yaml.AbCdE12345.tmp");
    let legacy = dir.path().join(".m.yaml.tmp");
    let other = dir.path().join(".other.yaml.AbCdE12345.tmp");
    for f in [&stale, &legacy, &other] {
        fs::write(f, "half a save").unwrap();
    }
    let _store = Store::open(&path).unwrap();
    assert!(!stale.exists() && !legacy.exists());
    assert!(other.exists(), "another session's files are left alone");
}

#[test]
fn power_machine_powered_off_right_after_saved_file_and_folder_were_fsynced() {
    use journal::{STEPS, Step};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.yaml");
    let mut s = session();
    STEPS.with(|steps| steps.borrow_mut().clear());
    let store = Store::create(&path, &mut s).unwrap();
    assert_eq!(
        STEPS.with(|steps| steps.borrow_mut().split_off(0)),
        [Step::SyncFile, Step::RenameIntoPlace, Step::SyncFolder],
        "the first save: no previous generation yet"
    );
    store.save(&mut s).unwrap();
    // `save` has returned ("saved" on screen) only after the folder was
    // flushed, so that the renames survive a power cut; the file's bytes
    // were flushed before it took the current file's name.
    assert_eq!(
        STEPS.with(|steps| steps.borrow_mut().split_off(0)),
        [
            Step::SyncFile,
            Step::RenameToPrevious,
            Step::RenameIntoPlace,
            Step::SyncFolder
        ]
    );
}

/// A save larger than the session limit would be acknowledged and then
/// refused at the next open (and the generation before it set aside): it
/// is never written, the file on disk stays the last good one.
#[test]
fn a_session_too_large_to_read_back_is_never_saved() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.yaml");
    let mut s = session();
    let store = Store::create(&path, &mut s).unwrap();
    answered(&mut s, "A1.1", 2);
    store.save(&mut s).unwrap();
    let before = fs::read(&path).unwrap();
    let limit = usize::try_from(crate::yaml::Limits::SESSION.max_bytes).unwrap();
    s.answer_mut("A1.1", jiff::Timestamp::UNIX_EPOCH).note = "x".repeat(limit);
    let err = store.save(&mut s).unwrap_err();
    assert!(
        format!("{err:#}").contains("MiB tana reads back"),
        "{err:#}"
    );
    assert_eq!(s.saves, 2, "the counter is not advanced");
    assert_eq!(fs::read(&path).unwrap(), before, "the last good file stays");
    s.answer_mut("A1.1", jiff::Timestamp::UNIX_EPOCH).note = "short again".into();
    assert_eq!(store.save(&mut s).unwrap(), 3);
    assert_eq!(
        load(&path).unwrap().0.answer("A1.1").unwrap().note,
        "short again"
    );
}
