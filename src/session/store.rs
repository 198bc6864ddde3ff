//! Durable session storage. A save writes a whole-file snapshot to a temp
//! file in the same directory, fsyncs it, keeps the current file as the
//! previous generation (`NAME.prev`), renames the temp file into place and
//! fsyncs the directory. One writer per session (`NAME.lock`). Loading takes
//! the newest generation that reads and never deletes or overwrites a file it
//! could not read: when opened for writing, a damaged file is set aside.

use std::fs::{self, File, OpenOptions};
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};

use super::Session;
use crate::problem::{FileProblems, Problem};
use crate::yaml::{self, Limits};

/// The previous generation of a session file.
pub fn previous_path(path: &Path) -> PathBuf {
    sibling(path, ".prev")
}

fn lock_path(path: &Path) -> PathBuf {
    sibling(path, ".lock")
}

fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "session".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.tmp"))
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path
        .file_name()
        .map(std::ffi::OsStr::to_os_string)
        .unwrap_or_default();
    name.push(suffix);
    path.with_file_name(name)
}

fn directory_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Which generation a session was loaded from, and what was passed over.
#[derive(Debug, Clone, Default)]
pub struct LoadReport {
    pub loaded_from: PathBuf,
    /// True when the current file could not be read and the previous generation was used.
    pub used_previous: bool,
    /// Files that could not be read, with the problems found.
    pub unreadable: Vec<FileProblems>,
    /// Where a damaged file was moved to (only when opened for writing).
    pub set_aside: Vec<PathBuf>,
}

impl LoadReport {
    /// Lines to show the assessor about what happened, empty when all was well.
    pub fn messages(&self) -> Vec<String> {
        let mut out = Vec::new();
        for bad in &self.unreadable {
            let first = bad
                .problems
                .first()
                .map(|p| p.display_in(&bad.file).to_string())
                .unwrap_or_default();
            out.push(format!("could not read {}: {first}", bad.file.display()));
        }
        if self.used_previous {
            out.push(format!(
                "loaded the previous generation {}",
                self.loaded_from.display()
            ));
        }
        for aside in &self.set_aside {
            out.push(format!(
                "the damaged file was kept aside as {}",
                aside.display()
            ));
        }
        out
    }
}

fn read_generation(path: &Path) -> Option<Result<Session, FileProblems>> {
    if !path.exists() {
        return None;
    }
    let result = yaml::read_source(path, Limits::SESSION)
        .map_err(|p| vec![p])
        .and_then(|source| Session::from_source(&source))
        .map_err(|problems| FileProblems::new(path, problems));
    Some(result)
}

/// Loads the newest readable generation of a session without taking the
/// lock or changing any file (for `score`, `report`, `validate`).
pub fn load(path: &Path) -> Result<(Session, LoadReport), FileProblems> {
    let mut report = LoadReport::default();
    let mut best: Option<(Session, PathBuf)> = None;
    let previous = previous_path(path);
    let mut newer_format: Option<FileProblems> = None;
    for candidate in [path.to_path_buf(), previous.clone()] {
        match read_generation(&candidate) {
            Some(Ok(session)) if best.as_ref().is_none_or(|(b, _)| session.saves > b.saves) => {
                best = Some((session, candidate));
            }
            None | Some(Ok(_)) => {}
            Some(Err(problems)) => {
                if problems
                    .problems
                    .iter()
                    .any(|p| p.message.contains("newer tana"))
                {
                    newer_format.get_or_insert(problems.clone());
                }
                report.unreadable.push(problems);
            }
        }
    }
    if let Some(newer) = newer_format {
        return Err(newer);
    }
    match best {
        Some((session, from)) => {
            report.used_previous = from == previous;
            report.loaded_from = from;
            Ok((session, report))
        }
        None if report.unreadable.is_empty() => Err(FileProblems::new(
            path,
            vec![Problem::whole_file(
                "there is no session here; start one with `tana new`",
            )],
        )),
        None => {
            let mut all = report.unreadable.remove(0);
            for other in report.unreadable {
                all.problems.extend(other.problems.into_iter().map(|mut p| {
                    p.message = format!("(in {}) {}", other.file.display(), p.message);
                    p
                }));
            }
            Err(all)
        }
    }
}

/// A session open for writing: holds the lock until dropped.
#[derive(Debug)]
pub struct Store {
    path: PathBuf,
    _lock: File,
}

impl Store {
    /// Creates a new session file; refuses to replace an existing one.
    pub fn create(path: &Path, session: &mut Session) -> Result<Store> {
        let store = Self::claim_new(path)?;
        store.save(session)?;
        Ok(store)
    }

    /// Takes the lock for a session file that does not exist yet, without
    /// writing it; the first save creates it.
    pub fn claim_new(path: &Path) -> Result<Store> {
        let directory = directory_of(path);
        fs::create_dir_all(&directory)
            .with_context(|| format!("creating the folder {}", directory.display()))?;
        let lock = acquire_lock(path)?;
        if path.exists() || previous_path(path).exists() {
            bail!(
                "{} already exists; open it with `tana open {}` or choose another name",
                path.display(),
                path.display()
            );
        }
        Ok(Store {
            path: path.to_path_buf(),
            _lock: lock,
        })
    }

    /// Opens an existing session for writing: takes the lock, loads the
    /// newest readable generation and sets a damaged current file aside so
    /// that no later save overwrites it.
    pub fn open(path: &Path) -> Result<(Store, Session, LoadReport)> {
        let lock = acquire_lock(path)?;
        let (session, mut report) = load(path).map_err(|problems| {
            anyhow::anyhow!("{}", problems.render().trim_end())
                .context(format!("cannot open the session {}", path.display()))
        })?;
        // Any generation that could not be read is moved aside before the
        // first save could rename over it; it is never deleted or overwritten.
        let unreadable: Vec<PathBuf> = report.unreadable.iter().map(|p| p.file.clone()).collect();
        for damaged in unreadable {
            if damaged.exists() {
                let aside = set_aside_name(&damaged);
                fs::rename(&damaged, &aside).with_context(|| {
                    format!(
                        "setting the unreadable {} aside as {}",
                        damaged.display(),
                        aside.display()
                    )
                })?;
                sync_directory(path)?;
                report.set_aside.push(aside);
            }
        }
        let temp = temp_path(path);
        if temp.exists() {
            // A save in flight when tana was killed; the generation it held was never acknowledged.
            let _ = fs::remove_file(&temp);
        }
        Ok((
            Store {
                path: path.to_path_buf(),
                _lock: lock,
            },
            session,
            report,
        ))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Saves the session durably, incrementing its save counter; returns the new count.
    pub fn save(&self, session: &mut Session) -> Result<u64> {
        session.saves += 1;
        let text = session.to_yaml();
        if let Err(e) = self.write_snapshot(text.as_bytes()) {
            session.saves -= 1;
            return Err(e);
        }
        Ok(session.saves)
    }

    /// Writes already-serialised session bytes as the new current generation.
    pub fn write_snapshot(&self, bytes: &[u8]) -> Result<()> {
        let path = &self.path;
        let temp = temp_path(path);
        let context = || format!("saving {}", path.display());
        {
            let mut file = OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(true)
                .open(&temp)
                .with_context(|| format!("creating {}", temp.display()))
                .with_context(context)?;
            file.write_all(bytes)
                .and_then(|()| file.sync_all())
                .with_context(|| format!("writing {}", temp.display()))
                .with_context(context)?;
        }
        if path.exists() {
            let previous = previous_path(path);
            fs::rename(path, &previous)
                .with_context(|| {
                    format!("keeping the previous generation as {}", previous.display())
                })
                .with_context(context)?;
        }
        fs::rename(&temp, path)
            .with_context(|| format!("moving {} into place", temp.display()))
            .with_context(context)?;
        sync_directory(path).with_context(context)
    }
}

fn set_aside_name(path: &Path) -> PathBuf {
    let stamp = jiff::Timestamp::now().strftime("%Y%m%dT%H%M%S").to_string();
    let mut candidate = sibling(path, &format!(".damaged-{stamp}"));
    let mut n = 1;
    while candidate.exists() {
        candidate = sibling(path, &format!(".damaged-{stamp}-{n}"));
        n += 1;
    }
    candidate
}

fn sync_directory(path: &Path) -> Result<()> {
    let directory = directory_of(path);
    File::open(&directory)
        .and_then(|d| d.sync_all())
        .with_context(|| format!("flushing the directory {}", directory.display()))
}

fn acquire_lock(path: &Path) -> Result<File> {
    let lock_file = lock_path(path);
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&lock_file)
        .with_context(|| format!("creating the lock file {}", lock_file.display()))?;
    match file.try_lock() {
        Ok(()) => {
            let _ = file.set_len(0);
            let _ = writeln!(file, "{}", std::process::id());
            Ok(file)
        }
        Err(fs::TryLockError::WouldBlock) => {
            let mut holder = String::new();
            let _ = file.read_to_string(&mut holder);
            let holder = holder.trim();
            bail!(
                "{} is already open in another tana{}; close it there first (one writer per session keeps answers safe)",
                path.display(),
                if holder.is_empty() {
                    String::new()
                } else {
                    format!(" (process {holder})")
                }
            )
        }
        Err(fs::TryLockError::Error(e)) => {
            Err(e).with_context(|| format!("locking {}", lock_file.display()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{Mission, QuestionnaireRef, StateInfo, Status, Value};

    fn session() -> Session {
        let now = jiff::Timestamp::now();
        Session::new(
            StateInfo {
                name: "Examplia".into(),
                code: None,
                languages: Vec::new(),
            },
            Mission::default(),
            QuestionnaireRef {
                id: "q".into(),
                version: "1".into(),
                hash: "sha256:0".into(),
                path: None,
            },
            now,
        )
    }

    #[test]
    fn save_keeps_the_previous_generation() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.yaml");
        let mut s = session();
        let store = Store::create(&path, &mut s).unwrap();
        s.answer_mut("A1.1", jiff::Timestamp::now()).value = Some(Value::Level(2));
        assert_eq!(store.save(&mut s).unwrap(), 2);
        let (loaded, report) = load(&path).unwrap();
        assert_eq!(loaded.saves, 2);
        assert!(!report.used_previous);
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
        let answer = s.answer_mut("A1.1", jiff::Timestamp::now());
        answer.status = Some(Status::Answered);
        answer.value = Some(Value::Level(3));
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
        let text = fs::read_to_string(&path)
            .unwrap()
            .replace("tana-session: 2", "tana-session: 9");
        fs::write(&path, &text).unwrap();
        let err = Store::open(&path).unwrap_err();
        assert!(format!("{err:#}").contains("newer tana"), "{err:#}");
        assert_eq!(fs::read_to_string(&path).unwrap(), text);
    }

    #[test]
    fn failed_save_leaves_the_old_file_and_counter() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.yaml");
        let mut s = session();
        let store = Store::create(&path, &mut s).unwrap();
        let before = fs::read(&path).unwrap();
        // A directory where the temp file must go makes the save fail.
        fs::create_dir(temp_path(&path)).unwrap();
        assert!(store.save(&mut s).is_err());
        assert_eq!(s.saves, 1);
        assert_eq!(fs::read(&path).unwrap(), before);
        fs::remove_dir(temp_path(&path)).unwrap();
        assert_eq!(store.save(&mut s).unwrap(), 2, "retry works once fixed");
    }
}
