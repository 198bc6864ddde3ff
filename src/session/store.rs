//! Durable session storage. A save writes a whole-file snapshot, sealed with
//! a checksum line, to a temp file created exclusively under an unpredictable
//! name in the session's folder, fsyncs it, keeps the current file as the
//! previous generation (`NAME.prev`), renames the temp file into place and
//! fsyncs the folder. One writer per session (`NAME.lock`). Every operation
//! goes through the folder opened when the session was opened, and before
//! each save the folder and the lock are checked to be still the ones at
//! their paths, so a pulled stick or a replaced folder gives *NOT SAVED*.
//! No link is ever followed for writing; a session path that is itself a
//! link is saved through to its target and stays a link. Files are created
//! owner-only (0600) and keep the permissions the user gives them. Loading
//! takes the newest generation that reads and matches its checksum, and never
//! deletes or overwrites a file it could not read: when opened for writing, a
//! damaged file is set aside.

use std::ffi::{OsStr, OsString};
use std::fs::{self, File};
use std::io::{Read as _, Write as _};
use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::ffi::OsStrExt as _;
use std::os::unix::fs::{DirBuilderExt as _, MetadataExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, anyhow, bail};
use rustix::fs::{AtFlags, FileType, Mode, OFlags};
use rustix::io::Errno;

use super::Session;
use crate::problem::{FileProblems, Problem};
use crate::yaml::{self, Limits};

/// How every file tana writes with answers in it starts out: owner only.
const OWNER_ONLY: u32 = 0o600;

/// The start of the first line of every session file tana writes.
pub const CHECKSUM_LINE_START: &str = "# tana-checksum: ";

/// The word a person writes in place of the checksum after editing a
/// session by hand, so that tana accepts the edit (docs/session-format.md).
pub const EDITED_MARK: &str = "edited";

/// The previous generation of a session file (beside the link's target when
/// the session path is a symbolic link).
pub fn previous_path(path: &Path) -> PathBuf {
    sibling(&resolved(path), ".prev")
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path
        .file_name()
        .map(OsStr::to_os_string)
        .unwrap_or_default();
    name.push(suffix);
    path.with_file_name(name)
}

fn name_with(name: &OsStr, suffix: &str) -> OsString {
    let mut out = name.to_os_string();
    out.push(suffix);
    out
}

fn directory_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The file a session path stands for: itself, or the file a symbolic link
/// at that path points to (a session on a stick, in a synced folder). A
/// dangling link is returned as it is; reading it then says so.
fn resolved(path: &Path) -> PathBuf {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
        }
        _ => path.to_path_buf(),
    }
}

// ---------------------------------------------------------------------------
// The checksum line.

/// How a generation's bytes stand against the checksum tana wrote with them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Integrity {
    /// The checksum on the first line matches the rest of the file.
    Intact,
    /// A person edited the file and marked it so (`# tana-checksum: edited`).
    EditedByHand,
    /// No checksum line: written by a tana older than checksums, or by hand.
    Unsealed,
}

/// The file's bytes as tana writes them: a checksum line over the YAML
/// that follows it. YAML reads the line as a comment.
pub fn seal(yaml: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(yaml.len() + 140);
    out.extend_from_slice(CHECKSUM_LINE_START.as_bytes());
    out.extend_from_slice(sha256(yaml).as_bytes());
    out.extend_from_slice(
        format!("  (edited by hand? write `{EDITED_MARK}` in place of sha256:…)\n").as_bytes(),
    );
    out.extend_from_slice(yaml);
    out
}

fn sha256(bytes: &[u8]) -> String {
    crate::questionnaire::content_hash(bytes)
}

/// Checks a session's text against its checksum line. Text cut short at a
/// line boundary, or a value changed by a flipped bit, still reads as YAML;
/// the checksum is what tells. A mismatch is a problem on line 1.
pub fn verify(source: &str) -> Result<Integrity, Problem> {
    let Some(rest) = source.strip_prefix(CHECKSUM_LINE_START) else {
        return Ok(Integrity::Unsealed);
    };
    let (line, body) = rest.split_once('\n').unwrap_or((rest, ""));
    let token = line.split_whitespace().next().unwrap_or("");
    if token.eq_ignore_ascii_case(EDITED_MARK) {
        return Ok(Integrity::EditedByHand);
    }
    if token == sha256(body.as_bytes()) {
        return Ok(Integrity::Intact);
    }
    Err(Problem::new(
        1,
        1,
        format!(
            "the file does not match the checksum tana wrote on its first line: it was cut short or changed after tana saved it (a damaged disk or stick, an interrupted copy). If you changed it by hand on purpose, write `{EDITED_MARK}` in place of `sha256:…` on line 1 and open it again"
        ),
    ))
}

// ---------------------------------------------------------------------------
// Loading.

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
    /// How the loaded generation stood against its checksum.
    pub integrity: Option<Integrity>,
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
        match self.integrity {
            Some(Integrity::EditedByHand) => out.push(format!(
                "{} was edited by hand (its first line says `{EDITED_MARK}`): accepted as it is; the next save seals it with a new checksum",
                self.loaded_from.display()
            )),
            Some(Integrity::Unsealed) => out.push(format!(
                "{} has no checksum line (written by hand or by an older tana): accepted as it is; the next save seals it",
                self.loaded_from.display()
            )),
            Some(Integrity::Intact) | None => {}
        }
        out
    }
}

/// True when something (a file, a link, anything) is at `path`.
fn present(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

fn read_generation(path: &Path) -> Option<Result<(Session, Integrity), FileProblems>> {
    if !present(path) {
        return None;
    }
    let result = yaml::read_source(path, Limits::SESSION)
        .and_then(|source| verify(&source).map(|integrity| (source, integrity)))
        .map_err(|p| vec![p])
        .and_then(|(source, integrity)| {
            Session::from_source(&source).map(|session| (session, integrity))
        })
        .map_err(|problems| FileProblems::new(path, problems));
    Some(result)
}

/// Loads the newest readable generation of a session without taking the
/// lock or changing any file (for `score`, `report`, `validate`).
pub fn load(path: &Path) -> Result<(Session, LoadReport), FileProblems> {
    let real = resolved(path);
    let mut report = LoadReport::default();
    let mut best: Option<(Session, Integrity, PathBuf)> = None;
    let previous = sibling(&real, ".prev");
    let mut newer_format: Option<FileProblems> = None;
    for candidate in [real.clone(), previous.clone()] {
        match read_generation(&candidate) {
            Some(Ok((session, integrity)))
                if best
                    .as_ref()
                    .is_none_or(|(b, _, _)| session.saves > b.saves) =>
            {
                best = Some((session, integrity, candidate));
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
        Some((session, integrity, from)) => {
            report.used_previous = from == previous;
            report.loaded_from = from;
            report.integrity = Some(integrity);
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

// ---------------------------------------------------------------------------
// Writing.

/// A file's identity: device and inode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Identity {
    device: u64,
    inode: u64,
}

impl Identity {
    fn of(metadata: &fs::Metadata) -> Identity {
        Identity {
            device: metadata.dev(),
            inode: metadata.ino(),
        }
    }

    #[allow(clippy::useless_conversion)] // the field types differ between platforms
    fn of_stat(stat: &rustix::fs::Stat) -> Identity {
        Identity {
            device: u64::from(stat.st_dev),
            inode: u64::from(stat.st_ino),
        }
    }
}

/// A session open for writing: holds the lock until dropped.
#[derive(Debug)]
pub struct Store {
    /// The path as the assessor gave it (shown in messages).
    path: PathBuf,
    /// The folder the session's files live in, as a path (checked) …
    dir_path: PathBuf,
    /// … and as opened when the session was opened (written through).
    dir: OwnedFd,
    dir_id: Identity,
    /// The session file's name in that folder (the link's target's name).
    name: OsString,
    /// Held for the lock (released by the operating system when closed).
    _lock: File,
    lock_id: Identity,
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
        let already = || {
            anyhow!(
                "{} already exists; open it with `tana open {}` or choose another name",
                path.display(),
                path.display()
            )
        };
        if present(path) || present(&sibling(path, ".prev")) {
            return Err(already());
        }
        let directory = directory_of(path);
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&directory)
            .with_context(|| format!("creating the folder {}", directory.display()))?;
        let store = Self::at(path, path)?;
        // Checked again under the lock: another tana may have been quicker.
        if store.exists_in_folder(&store.name) || store.exists_in_folder(&store.prev_name()) {
            return Err(already());
        }
        Ok(store)
    }

    /// Opens an existing session for writing: takes the lock, loads the
    /// newest readable generation and sets a damaged current file aside so
    /// that no later save overwrites it.
    pub fn open(path: &Path) -> Result<(Store, Session, LoadReport)> {
        let cannot_open = |problems: FileProblems| {
            anyhow!("{}", problems.render().trim_end())
                .context(format!("cannot open the session {}", path.display()))
        };
        let real = resolved(path);
        // Nothing to open: say so without leaving a lock file behind.
        let generation_exists =
            |name: &OsStr| fs::symlink_metadata(real.with_file_name(name)).is_ok();
        if let Some(name) = real.file_name()
            && !generation_exists(name)
            && !generation_exists(&name_with(name, ".prev"))
        {
            load(path).map_err(cannot_open)?;
        }
        let store = Self::at(path, &real)?;
        let (session, mut report) = load(path).map_err(cannot_open)?;
        // Any generation that could not be read is moved aside before the
        // first save could rename over it; it is never deleted or overwritten.
        let unreadable: Vec<PathBuf> = report.unreadable.iter().map(|p| p.file.clone()).collect();
        for damaged in unreadable {
            let Some(name) = damaged.file_name() else {
                continue;
            };
            if store.exists_in_folder(name) {
                let aside = store.set_aside(name).with_context(|| {
                    format!("setting the unreadable {} aside", damaged.display())
                })?;
                report.set_aside.push(damaged.with_file_name(aside));
            }
        }
        store.remove_stale_temp_files();
        Ok((store, session, report))
    }

    /// Opens the folder of `real` (the file saves go to) and takes the lock
    /// beside it. `shown` is the path as given.
    fn at(shown: &Path, real: &Path) -> Result<Store> {
        let dir_path = directory_of(real);
        let name = real
            .file_name()
            .map(OsStr::to_os_string)
            .with_context(|| format!("{} does not name a file", shown.display()))?;
        let dir: OwnedFd = rustix::fs::open(
            &dir_path,
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .map_err(std::io::Error::from)
        .with_context(|| format!("opening the folder {}", dir_path.display()))?;
        let dir_id = Identity::of_stat(
            &rustix::fs::fstat(&dir)
                .map_err(std::io::Error::from)
                .with_context(|| format!("reading the folder {}", dir_path.display()))?,
        );
        let (lock, lock_id) = acquire_lock(&dir, &dir_path, &name, shown)?;
        Ok(Store {
            path: shown.to_path_buf(),
            dir_path,
            dir,
            dir_id,
            name,
            _lock: lock,
            lock_id,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn prev_name(&self) -> OsString {
        name_with(&self.name, ".prev")
    }

    fn lock_name(&self) -> OsString {
        name_with(&self.name, ".lock")
    }

    fn shown(&self, name: &OsStr) -> PathBuf {
        self.dir_path.join(name)
    }

    fn stat_in_folder(&self, name: &OsStr) -> Option<rustix::fs::Stat> {
        rustix::fs::statat(&self.dir, name, AtFlags::SYMLINK_NOFOLLOW).ok()
    }

    fn exists_in_folder(&self, name: &OsStr) -> bool {
        self.stat_in_folder(name).is_some()
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

    /// Checks that the folder and the lock are still the ones this session
    /// was opened with: a lazily unmounted stick leaves its mount point
    /// behind with another folder in it, and a removed lock lets a second
    /// tana in. Either way, saving now could be lost or overwrite that other
    /// tana's saves, so nothing is written.
    fn check_still_ours(&self) -> Result<()> {
        let now = fs::metadata(&self.dir_path).ok().map(|m| Identity::of(&m));
        if now != Some(self.dir_id) {
            bail!(
                "the folder {} is no longer the one this session was opened in (a USB stick pulled or unmounted, or the folder moved or replaced); nothing was written. Put it back and open the session again, or save elsewhere",
                self.dir_path.display()
            );
        }
        let lock = self
            .stat_in_folder(&self.lock_name())
            .map(|s| Identity::of_stat(&s));
        if lock != Some(self.lock_id) {
            bail!(
                "the lock file {} was removed or replaced since this session was opened, so another tana may have it open; nothing was written, so as not to overwrite its saves. Save elsewhere, or quit and open the session again",
                self.shown(&self.lock_name()).display()
            );
        }
        Ok(())
    }

    /// Writes already-serialised session bytes as the new current generation.
    pub fn write_snapshot(&self, bytes: &[u8]) -> Result<()> {
        let context = || format!("saving {}", self.path.display());
        self.check_still_ours().with_context(context)?;
        let sealed = seal(bytes);
        // Never acknowledged: a save tana would refuse to read back.
        let limit = crate::yaml::Limits::SESSION.max_bytes;
        if sealed.len() as u64 > limit {
            bail!(
                "the session would take {} MiB, more than the {} MiB tana reads back; nothing was written. Shorten the longest notes or answers, then save again",
                sealed.len().div_ceil(1024 * 1024),
                limit / (1024 * 1024)
            );
        }
        let prefix = name_with(OsStr::new("."), &self.name.to_string_lossy());
        let prefix = name_with(&prefix, ".");
        // Created with O_EXCL under a random name (never a link or an existing
        // file), owner-only.
        let mut temp = tempfile::Builder::new()
            .prefix(&prefix)
            .suffix(".tmp")
            .rand_bytes(TEMP_RANDOM_LEN)
            .permissions(fs::Permissions::from_mode(OWNER_ONLY))
            .tempfile_in(&self.dir_path)
            .with_context(|| format!("creating a temporary file in {}", self.dir_path.display()))
            .with_context(context)?;
        let temp_name = temp
            .path()
            .file_name()
            .map(OsStr::to_os_string)
            .unwrap_or_default();
        // The permissions a person gave the session are kept.
        if let Some(current) = self.stat_in_folder(&self.name)
            && FileType::from_raw_mode(current.st_mode) == FileType::RegularFile
        {
            let mode = current.st_mode & 0o777;
            if mode != OWNER_ONLY {
                temp.as_file()
                    .set_permissions(fs::Permissions::from_mode(mode))
                    .with_context(|| format!("setting the permissions of {}", temp_name.display()))
                    .with_context(context)?;
            }
        }
        let file = temp.as_file_mut();
        file.write_all(&sealed)
            .and_then(|()| file.sync_all())
            .inspect(|()| journal::step(journal::Step::SyncFile))
            .with_context(|| format!("writing {}", self.shown(&temp_name).display()))
            .with_context(context)?;
        if self.exists_in_folder(&self.name) {
            let previous = self.prev_name();
            rustix::fs::renameat(&self.dir, &self.name, &self.dir, &previous)
                .map_err(std::io::Error::from)
                .inspect(|()| journal::step(journal::Step::RenameToPrevious))
                .with_context(|| {
                    format!(
                        "keeping the previous generation as {}",
                        self.shown(&previous).display()
                    )
                })
                .with_context(context)?;
        }
        rustix::fs::renameat(&self.dir, &temp_name, &self.dir, &self.name)
            .map_err(std::io::Error::from)
            .inspect(|()| journal::step(journal::Step::RenameIntoPlace))
            .with_context(|| format!("moving {} into place", self.shown(&temp_name).display()))
            .with_context(context)?;
        // In place: the temp file no longer exists under its own name.
        let _ = temp.into_temp_path().keep();
        rustix::fs::fsync(&self.dir)
            .map_err(std::io::Error::from)
            .inspect(|()| journal::step(journal::Step::SyncFolder))
            .with_context(|| format!("flushing the folder {}", self.dir_path.display()))
            .with_context(context)?;
        // A folder swapped while this save ran took the save with it.
        self.check_still_ours().with_context(context)
    }

    /// Renames a generation that could not be read to `NAME.damaged-TIME`.
    fn set_aside(&self, name: &OsStr) -> Result<OsString> {
        let stamp = jiff::Timestamp::now().strftime("%Y%m%dT%H%M%S").to_string();
        let mut aside = name_with(name, &format!(".damaged-{stamp}"));
        let mut n = 1;
        while self.exists_in_folder(&aside) {
            aside = name_with(name, &format!(".damaged-{stamp}-{n}"));
            n += 1;
        }
        rustix::fs::renameat(&self.dir, name, &self.dir, &aside).map_err(std::io::Error::from)?;
        rustix::fs::fsync(&self.dir).map_err(std::io::Error::from)?;
        Ok(aside)
    }

    /// Removes the temp files of saves that were in flight when a tana was
    /// killed (their generation was never acknowledged). Only names this
    /// store makes are touched, and never a folder.
    fn remove_stale_temp_files(&self) {
        let Ok(mut entries) = rustix::fs::Dir::read_from(&self.dir) else {
            return;
        };
        let legacy = name_with(
            &name_with(OsStr::new("."), &self.name.to_string_lossy()),
            ".tmp",
        );
        let prefix = format!(".{}.", self.name.to_string_lossy());
        let mut stale = Vec::new();
        while let Some(Ok(entry)) = entries.next() {
            let file_name = OsStr::from_bytes(entry.file_name().to_bytes()).to_os_string();
            let is_ours = file_name == legacy
                || file_name
                    .to_str()
                    .and_then(|n| n.strip_prefix(&prefix))
                    .and_then(|n| n.strip_suffix(".tmp"))
                    .is_some_and(|random| {
                        random.len() == TEMP_RANDOM_LEN
                            && random.chars().all(|c| c.is_ascii_alphanumeric())
                    });
            if is_ours && entry.file_type() != FileType::Directory {
                stale.push(file_name);
            }
        }
        for name in stale {
            let _ = rustix::fs::unlinkat(&self.dir, &name, AtFlags::empty());
        }
    }
}

/// The length of the random part of a temp file's name.
const TEMP_RANDOM_LEN: usize = 10;

fn acquire_lock(
    dir: &OwnedFd,
    dir_path: &Path,
    name: &OsStr,
    shown: &Path,
) -> Result<(File, Identity)> {
    let lock_name = name_with(name, ".lock");
    let lock_shown = dir_path.join(&lock_name);
    let fd = rustix::fs::openat(
        dir.as_fd(),
        &lock_name,
        OFlags::RDWR | OFlags::CREATE | OFlags::NOFOLLOW | OFlags::NOCTTY | OFlags::NONBLOCK | OFlags::CLOEXEC,
        Mode::from_raw_mode(OWNER_ONLY),
    )
    .map_err(|e| {
        if e == Errno::LOOP {
            anyhow!(
                "the lock file {} is a symbolic link; tana never writes through a link it did not make. Remove it (rm {}) and open the session again",
                lock_shown.display(),
                lock_shown.display()
            )
        } else {
            anyhow::Error::from(std::io::Error::from(e))
                .context(format!("creating the lock file {}", lock_shown.display()))
        }
    })?;
    let mut file = File::from(fd);
    let metadata = file
        .metadata()
        .with_context(|| format!("reading the lock file {}", lock_shown.display()))?;
    if !metadata.is_file() {
        bail!(
            "the lock file {} is not a regular file; remove it and open the session again",
            lock_shown.display()
        );
    }
    match file.try_lock() {
        Ok(()) => {
            if metadata.permissions().mode() & 0o777 != OWNER_ONLY {
                let _ = file.set_permissions(fs::Permissions::from_mode(OWNER_ONLY));
            }
            let _ = file.set_len(0);
            let _ = writeln!(file, "{}", std::process::id());
            Ok((file, Identity::of(&metadata)))
        }
        Err(fs::TryLockError::WouldBlock) => {
            let mut holder = String::new();
            let _ = (&file).take(64).read_to_string(&mut holder);
            let holder: String = holder.trim().chars().filter(char::is_ascii_digit).collect();
            bail!(
                "{} is already open in another tana{}; close it there first (one writer per session keeps answers safe)",
                shown.display(),
                if holder.is_empty() {
                    String::new()
                } else {
                    format!(" (process {holder})")
                }
            )
        }
        Err(fs::TryLockError::Error(e)) => {
            Err(e).with_context(|| format!("locking {}", lock_shown.display()))
        }
    }
}

/// The steps of a save that make it survive a power cut, recorded in tests
/// so that their order can be checked (and compiled away otherwise).
mod journal {
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Step {
        SyncFile,
        RenameToPrevious,
        RenameIntoPlace,
        SyncFolder,
    }

    #[cfg(test)]
    thread_local! {
        pub static STEPS: std::cell::RefCell<Vec<Step>> = const { std::cell::RefCell::new(Vec::new()) };
    }

    #[cfg(test)]
    pub fn step(step: Step) {
        STEPS.with(|s| s.borrow_mut().push(step));
    }

    #[cfg(not(test))]
    #[inline(always)]
    pub fn step(_: Step) {}
}

#[cfg(test)]
mod tests;
