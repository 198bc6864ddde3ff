//! Writing files: owner-only, atomic, through links and streams, and never
//! losing a hand edit.

use std::os::unix::fs::{FileTypeExt as _, PermissionsExt as _};

use super::*;

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn a_new_file_is_owner_only_and_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.md");
    let written = write(&Destination::File(path.clone()), b"one", Policy::KeepEdits).unwrap();
    assert_eq!(written.through, Through::Created);
    assert_eq!(fs::read(&path).unwrap(), b"one");
    assert_eq!(mode(&path), 0o600);
    assert!(record_path(&path).exists());
    let again = write(&Destination::File(path.clone()), b"two", Policy::KeepEdits).unwrap();
    assert_eq!(again.kept_aside, None, "tana's own file is replaced");
    assert_eq!(fs::read(&path).unwrap(), b"two");
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .filter_map(std::result::Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary file is left");
}

#[test]
fn an_edited_file_is_kept_aside_and_force_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.md");
    write(
        &Destination::File(path.clone()),
        b"tana's",
        Policy::KeepEdits,
    )
    .unwrap();
    fs::write(&path, b"edited by hand").unwrap();
    let written = write(&Destination::File(path.clone()), b"new", Policy::KeepEdits).unwrap();
    let aside = dir.path().join("r.edited.md");
    assert_eq!(written.kept_aside.as_deref(), Some(aside.as_path()));
    assert_eq!(fs::read(&aside).unwrap(), b"edited by hand");
    assert_eq!(fs::read(&path).unwrap(), b"new");
    fs::write(&path, b"edited again").unwrap();
    let second = write(
        &Destination::File(path.clone()),
        b"newer",
        Policy::KeepEdits,
    )
    .unwrap();
    assert_eq!(
        second.kept_aside,
        Some(dir.path().join("r.edited-2.md")),
        "never over an earlier copy"
    );
    assert_eq!(fs::read(&aside).unwrap(), b"edited by hand");
    fs::write(&path, b"edited a third time").unwrap();
    let forced = write(
        &Destination::File(path.clone()),
        b"forced",
        Policy::Overwrite,
    )
    .unwrap();
    assert_eq!(forced.kept_aside, None);
    assert_eq!(fs::read(&path).unwrap(), b"forced");
}

#[test]
fn a_file_tana_did_not_write_is_kept_aside_unless_it_is_identical() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.md");
    fs::write(&path, b"someone's").unwrap();
    let written = write(
        &Destination::File(path.clone()),
        b"tana's",
        Policy::KeepEdits,
    )
    .unwrap();
    assert!(written.kept_aside.is_some());
    fs::remove_file(record_path(&path)).unwrap();
    let same = write(
        &Destination::File(path.clone()),
        b"tana's",
        Policy::KeepEdits,
    )
    .unwrap();
    assert_eq!(same.kept_aside, None, "nothing to lose");
}

#[test]
fn a_folder_and_a_socket_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let err = write(
        &Destination::File(dir.path().to_path_buf()),
        b"x",
        Policy::KeepEdits,
    )
    .unwrap_err();
    assert!(format!("{err:#}").contains("is a folder"), "{err:#}");
    let socket_path = dir.path().join("s.sock");
    let _socket = std::os::unix::net::UnixListener::bind(&socket_path).unwrap();
    let err = write(
        &Destination::File(socket_path.clone()),
        b"x",
        Policy::KeepEdits,
    )
    .unwrap_err();
    assert!(format!("{err:#}").contains("not a regular file"), "{err:#}");
    assert!(
        fs::symlink_metadata(&socket_path)
            .unwrap()
            .file_type()
            .is_socket()
    );
}

#[test]
fn a_link_planted_at_a_derived_file_is_replaced_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim.txt");
    fs::write(&victim, b"precious").unwrap();
    let chart = dir.path().join("levels.svg");
    std::os::unix::fs::symlink(&victim, &chart).unwrap();
    write(
        &Destination::File(chart.clone()),
        b"<svg/>",
        Policy::Derived,
    )
    .unwrap();
    assert_eq!(fs::read(&victim).unwrap(), b"precious");
    assert!(
        !fs::symlink_metadata(&chart)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read(&chart).unwrap(), b"<svg/>");
}
