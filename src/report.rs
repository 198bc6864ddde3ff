//! Placeholder replaced by the report issue.
use std::path::{Path, PathBuf};
pub fn write_beside_session(
    _interview: &crate::interview::Interview,
    _session: &Path,
) -> anyhow::Result<PathBuf> {
    anyhow::bail!("the report is not available yet")
}
