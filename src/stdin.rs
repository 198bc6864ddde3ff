//! `-` for standard input where a command reads a file (a session, a
//! questionnaire, a roster or an inventory to check): read once, within the
//! size limit of the file's kind, as UTF-8, and kept so that checking and
//! loading see the same text. A terminal on standard input is refused at
//! once rather than waited on.

use std::io::{IsTerminal as _, Read as _};
use std::path::Path;
use std::sync::OnceLock;

use crate::problem::Problem;
use crate::yaml::{self, Limits};

/// True for the path `-`.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

static TEXT: OnceLock<Result<String, Problem>> = OnceLock::new();

/// The text of standard input (read on the first call, up to the largest
/// limit of any tana file), checked against `limits`.
pub fn read(limits: Limits) -> Result<String, Problem> {
    let text = TEXT.get_or_init(|| {
        let stdin = std::io::stdin();
        if stdin.is_terminal() {
            return Err(Problem::whole_file(
                "standard input is a terminal; pipe a file into tana (`tana score - < mission.yaml`) or name the file",
            ));
        }
        let max = Limits::ANY.max_bytes;
        let mut bytes = Vec::new();
        stdin
            .lock()
            .take(max + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Problem::whole_file(format!("cannot read standard input: {e}")))?;
        if bytes.len() as u64 > max {
            return Err(yaml::too_large(Limits::ANY));
        }
        yaml::source_from_bytes(bytes)
    });
    let text = text.clone()?;
    if text.len() as u64 > limits.max_bytes {
        return Err(yaml::too_large(limits));
    }
    Ok(text)
}
