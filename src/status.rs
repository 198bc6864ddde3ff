//! What tana says on standard error besides errors: status ("report
//! written to …"), notes (a generation recovered, a questionnaire found
//! beside the session) and, with `-v`, what it read. `-q` silences status
//! and notes; errors are always said. Standard output holds only data.

use std::sync::atomic::{AtomicU8, Ordering};

static LEVEL: AtomicU8 = AtomicU8::new(NORMAL);

const QUIET: u8 = 0;
const NORMAL: u8 = 1;
const VERBOSE: u8 = 2;

/// Sets how much is said, from `-q` and the count of `-v`.
pub fn set(quiet: bool, verbose: u8) {
    let level = if quiet {
        QUIET
    } else if verbose > 0 {
        VERBOSE
    } else {
        NORMAL
    };
    LEVEL.store(level, Ordering::Relaxed);
}

fn level() -> u8 {
    LEVEL.load(Ordering::Relaxed)
}

/// A status line (what was written where), unless `-q`.
pub fn status(text: &str) {
    if level() >= NORMAL {
        crate::terminal::eprint_line(text);
    }
}

/// `tana: note: …`, unless `-q`.
pub fn note(text: &str) {
    if level() >= NORMAL {
        crate::terminal::eprint_line(&format!("tana: note: {text}"));
    }
}

/// `tana: …`, only with `-v`.
pub fn verbose(text: &str) {
    if level() >= VERBOSE {
        crate::terminal::eprint_line(&format!("tana: {text}"));
    }
}

/// True with `-v`.
pub fn is_verbose() -> bool {
    level() >= VERBOSE
}
