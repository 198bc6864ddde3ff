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
            .and_then(|p| std::fs::read_to_string(p).ok())
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
        if let Some(dir) = file.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        if let Ok(text) = serde_saphyr::to_string(&list) {
            let temp = file.with_extension("yaml.tmp");
            if std::fs::write(&temp, text).is_ok() {
                let _ = std::fs::rename(&temp, &file);
            }
        }
    }
}
