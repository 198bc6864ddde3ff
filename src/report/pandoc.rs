//! Word and PDF through pandoc, when it is installed: the report's Markdown
//! read by pandoc, tana's joiners taken out of the text, and written with an
//! embedded reference document for styles.

use std::path::PathBuf;

/// The pandoc program: `TANA_PANDOC` when set, else `pandoc` on `PATH`.
pub fn find() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("TANA_PANDOC").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("pandoc"))
        .find(|candidate| candidate.is_file())
}
