//! The list of recently opened sessions, kept in the platform's data
//! directory (`$XDG_DATA_HOME/tana/recent.yaml` on Linux) so the start
//! screen can offer them without reading every session.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

const MAX_ENTRIES: usize = 20;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecentEntry {
    pub path: PathBuf,
    pub state: String,
    pub opened: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RecentList {
    #[serde(default)]
    pub sessions: Vec<RecentEntry>,
}

/// tana's data directory, or `None` when the platform has no home directory.
pub fn data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "tana").map(|dirs| dirs.data_dir().to_path_buf())
}

fn list_path() -> Option<PathBuf> {
    data_dir().map(|d| d.join("recent.yaml"))
}

impl RecentList {
    /// The recent list; empty when there is none or it cannot be read (it is a convenience, not data).
    pub fn load() -> RecentList {
        list_path()
            .and_then(|p| crate::yaml::read_bytes(&p, MAX_BYTES).ok())
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .and_then(|text| serde_saphyr::from_str(&text).ok())
            .unwrap_or_default()
    }

    /// Puts a session at the top of the list and writes the list.
    pub fn touch(path: &Path, state: &str) {
        let Some(file) = list_path() else { return };
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let mut list = Self::load();
        list.sessions.retain(|e| e.path != path);
        list.sessions.insert(
            0,
            RecentEntry {
                path,
                state: state.to_string(),
                opened: jiff::Timestamp::now()
                    .strftime("%Y-%m-%d %H:%M")
                    .to_string(),
            },
        );
        list.sessions.truncate(MAX_ENTRIES);
        if let Ok(text) = serde_saphyr::to_string(&list) {
            let _ = write_private(&file, text.as_bytes());
        }
    }
}

/// The list is small; anything larger is not tana's list.
const MAX_BYTES: u64 = 1024 * 1024;

/// Writes `file` owner-only (it names the States and the sessions' paths):
/// the data folder is created 0700, the list replaced atomically by a temp
/// file created exclusively, 0600, under a random name.
fn write_private(file: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    use std::os::unix::fs::DirBuilderExt as _;
    let dir = file.parent().unwrap_or_else(|| Path::new("."));
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    let mut temp = tempfile::Builder::new()
        .prefix(".recent.")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.persist(file).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt as _;

    #[test]
    fn the_list_is_written_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("data/tana/recent.yaml");
        super::write_private(&file, b"sessions: []\n").unwrap();
        super::write_private(&file, b"sessions: []\n").unwrap();
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&file), 0o600);
        assert_eq!(mode(file.parent().unwrap()), 0o700);
    }
}
