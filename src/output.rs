//! Files tana writes for people (reports, exports): written whole or not at
//! all, owner-only (0600), never replacing what is not a regular file, and
//! never losing a hand edit.
//!
//! - `-` is standard output.
//! - A symbolic link is written through: its target gets the new content,
//!   the link stays a link.
//! - A FIFO or a character device (`/dev/null`, a terminal) is written
//!   through as a stream; a block device, a socket or a folder is refused.
//! - A regular file is replaced atomically (a temporary file beside it,
//!   fsynced, renamed over it). With [`Policy::KeepEdits`] tana first checks
//!   that the file on disk is the one it last wrote there — the SHA-256 of
//!   what it wrote is recorded beside it in `.NAME.tana-written` — and when
//!   it is not (edited by hand, or written by someone else), moves it aside
//!   to `STEM.edited.EXT` (`STEM.edited-2.EXT`, … if taken) before writing,
//!   and says so. [`Policy::Overwrite`] (`--force`) replaces it.

use std::fs::{self, File, OpenOptions};
use std::io::Write as _;
use std::os::unix::fs::{FileTypeExt as _, OpenOptionsExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use sha2::{Digest as _, Sha256};

/// Where output goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    Stdout,
    File(PathBuf),
}

impl Destination {
    /// `-` is standard output; anything else a path.
    pub fn from_arg(path: &Path) -> Destination {
        if path.as_os_str() == "-" {
            Destination::Stdout
        } else {
            Destination::File(path.to_path_buf())
        }
    }
}

/// What to do with a regular file that tana did not write last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// Keep it aside, then write (the default for reports).
    KeepEdits,
    /// Replace it (`--force`).
    Overwrite,
    /// A file derived from another (a chart beside a report): replace
    /// whatever is at its name (a link is replaced, not followed) and record
    /// nothing.
    Derived,
}

/// What kind of thing received the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Through {
    /// A new regular file.
    Created,
    /// A regular file replaced.
    Replaced,
    /// A FIFO or a character device, written as a stream.
    Stream,
    Stdout,
}

/// What a write did, for the caller to tell the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The file written (the target of a link); `None` for standard output.
    pub path: Option<PathBuf>,
    /// Where the file that was there, edited since tana wrote it, was kept.
    pub kept_aside: Option<PathBuf>,
    pub through: Through,
}

/// Writes `bytes` to `destination` as the module says.
pub fn write(destination: &Destination, bytes: &[u8], policy: Policy) -> Result<Written> {
    match destination {
        Destination::Stdout => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            out.write_all(bytes)
                .and_then(|()| out.flush())
                .context("writing to standard output")?;
            Ok(Written {
                path: None,
                kept_aside: None,
                through: Through::Stdout,
            })
        }
        Destination::File(path) => write_file(path, bytes, policy),
    }
}

/// What a destination is, before anything is written: a stream (standard
/// output, a FIFO, a character device) or a file (new or regular). A folder,
/// a block device or a socket is refused here, so that a caller writing
/// several files writes none of them.
pub fn check(destination: &Destination) -> Result<Kind> {
    let Destination::File(path) = destination else {
        return Ok(Kind::Stream);
    };
    let path = resolve_links(path)?;
    match fs::symlink_metadata(&path) {
        Ok(meta) => {
            let kind = meta.file_type();
            if kind.is_dir() {
                bail!("{} is a folder; name a file to write", path.display());
            }
            if kind.is_fifo() || kind.is_char_device() {
                return Ok(Kind::Stream);
            }
            if !kind.is_file() {
                bail!(
                    "{} is not a regular file (a block device or a socket); tana writes only files, FIFOs and character devices",
                    path.display()
                );
            }
            Ok(Kind::File)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Kind::File),
        Err(e) => Err(e).with_context(|| format!("looking at {}", path.display())),
    }
}

/// See [`check`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Standard output, a FIFO or a character device: one stream, nothing beside it.
    Stream,
    /// A regular file, or none yet.
    File,
}

/// How many links are followed before giving up (as the kernel does).
const MAX_LINKS: usize = 40;

/// The path a symbolic link finally points to (which may not exist yet).
fn resolve_links(path: &Path) -> Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = fs::read_link(&current)
                    .with_context(|| format!("reading the link {}", current.display()))?;
                current = match current.parent() {
                    Some(parent) if target.is_relative() => parent.join(target),
                    _ => target,
                };
            }
            _ => return Ok(current),
        }
    }
    bail!("{} is a chain of too many symbolic links", path.display())
}

fn write_file(path: &Path, bytes: &[u8], policy: Policy) -> Result<Written> {
    if policy == Policy::Derived {
        // A file tana owns beside another (a chart): whatever is at its
        // name — a planted link, a FIFO — is replaced, never followed.
        let existed = fs::symlink_metadata(path).is_ok();
        replace(path, bytes)?;
        return Ok(Written {
            path: Some(path.to_path_buf()),
            kept_aside: None,
            through: if existed {
                Through::Replaced
            } else {
                Through::Created
            },
        });
    }
    let path = resolve_links(path)?;
    match fs::symlink_metadata(&path) {
        Ok(meta) => {
            let kind = meta.file_type();
            if kind.is_dir() {
                bail!("{} is a folder; name a file to write", path.display());
            }
            if kind.is_fifo() || kind.is_char_device() {
                let mut stream = OpenOptions::new()
                    .write(true)
                    .open(&path)
                    .with_context(|| format!("opening {}", path.display()))?;
                stream
                    .write_all(bytes)
                    .and_then(|()| stream.flush())
                    .with_context(|| format!("writing to {}", path.display()))?;
                return Ok(Written {
                    path: Some(path),
                    kept_aside: None,
                    through: Through::Stream,
                });
            }
            if !kind.is_file() {
                bail!(
                    "{} is not a regular file (a block device or a socket); tana writes only files, FIFOs and character devices",
                    path.display()
                );
            }
            let kept_aside = match policy {
                Policy::KeepEdits if !written_by_tana(&path, bytes)? => Some(keep_aside(&path)?),
                _ => None,
            };
            replace(&path, bytes)?;
            record(&path, bytes)?;
            Ok(Written {
                path: Some(path),
                kept_aside,
                through: Through::Replaced,
            })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            replace(&path, bytes)?;
            record(&path, bytes)?;
            Ok(Written {
                path: Some(path),
                kept_aside: None,
                through: Through::Created,
            })
        }
        Err(e) => Err(e).with_context(|| format!("looking at {}", path.display())),
    }
}

/// The file beside `path` that records the hash of what tana wrote there.
pub fn record_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.tana-written"))
}

fn digest(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut out = String::from("sha256:");
    for b in Sha256::digest(bytes) {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// Is the file at `path` the one tana last wrote there, or the same as what
/// it is about to write (then nothing would be lost)?
fn written_by_tana(path: &Path, new: &[u8]) -> Result<bool> {
    let on_disk = fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    if on_disk == new {
        return Ok(true);
    }
    let recorded = fs::read_to_string(record_path(path)).unwrap_or_default();
    Ok(recorded.trim() == digest(&on_disk))
}

fn record(path: &Path, bytes: &[u8]) -> Result<()> {
    replace(
        &record_path(path),
        format!("{}\n", digest(bytes)).as_bytes(),
    )
}

/// Moves an edited file to the first free `STEM.edited[-N].EXT` beside it.
fn keep_aside(path: &Path) -> Result<PathBuf> {
    let stem = path
        .file_stem()
        .map_or_else(|| "output".into(), |s| s.to_string_lossy().into_owned());
    let extension = path
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    for n in 1..1000 {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!("-{n}")
        };
        let aside = path.with_file_name(format!("{stem}.edited{suffix}{extension}"));
        // A hard link never replaces an existing file; the original goes
        // when the new content is renamed over it.
        match fs::hard_link(path, &aside) {
            Ok(()) => return Ok(aside),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(_) => {
                // No hard links here (some USB file systems): copy, never over a file.
                let mut copy = match OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .mode(0o600)
                    .open(&aside)
                {
                    Ok(f) => f,
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                    Err(e) => {
                        return Err(e).with_context(|| {
                            format!("keeping the edited file as {}", aside.display())
                        });
                    }
                };
                let content =
                    fs::read(path).with_context(|| format!("reading {}", path.display()))?;
                copy.write_all(&content)
                    .and_then(|()| copy.sync_all())
                    .with_context(|| format!("keeping the edited file as {}", aside.display()))?;
                return Ok(aside);
            }
        }
    }
    bail!("too many edited copies beside {}", path.display())
}

/// Writes a temporary file beside `path` (created exclusively with an
/// unpredictable name and owner-only, by `tempfile`), fsyncs it and renames
/// it over `path`; the folder is fsynced after.
fn replace(path: &Path, bytes: &[u8]) -> Result<()> {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .permissions(fs::Permissions::from_mode(0o600))
        .tempfile_in(folder)
        .map_err(|e| {
            // tempfile names its own file and the OS code; say it of the
            // file asked for and its folder.
            let error = std::io::Error::new(e.kind(), e.to_string());
            anyhow::anyhow!(crate::words::cannot_write(
                &path.display().to_string(),
                &folder.display().to_string(),
                folder_problem(folder, &error),
            ))
        })?;
    temp.write_all(bytes)
        .and_then(|()| temp.as_file().sync_all())
        .with_context(|| format!("writing {}", path.display()))?;
    temp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("writing {}", path.display()))?;
    let _ = File::open(folder).and_then(|f| f.sync_all());
    Ok(())
}

/// Why a file could not be made in `folder`.
fn folder_problem(folder: &Path, error: &std::io::Error) -> crate::words::FolderProblem {
    use crate::words::FolderProblem;
    match error.kind() {
        _ if !folder.exists() => FolderProblem::Missing,
        _ if !folder.is_dir() => FolderProblem::NotAFolder,
        std::io::ErrorKind::PermissionDenied => FolderProblem::NotAllowed,
        std::io::ErrorKind::ReadOnlyFilesystem => FolderProblem::ReadOnly,
        std::io::ErrorKind::StorageFull => FolderProblem::Full,
        _ => FolderProblem::Other(
            error
                .to_string()
                .split(" (os error")
                .next()
                .unwrap_or_default()
                .to_string(),
        ),
    }
}

/// Creates a folder for output owner-only (0700) when it does not exist.
pub fn create_folder(path: &Path) -> Result<()> {
    use std::os::unix::fs::DirBuilderExt as _;
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(_) if path.is_dir() => Ok(()),
        Ok(_) => bail!("{} exists and is not a folder", path.display()),
        Err(_) => fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(path)
            .with_context(|| format!("creating {}", path.display())),
    }
}

#[cfg(test)]
mod tests;
