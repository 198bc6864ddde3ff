//! Usage errors found after the command line is parsed (a value clap cannot
//! check, such as a date or a target level; options that disagree): the
//! binary prints them in tana's words and exits 2, as for the errors clap
//! finds itself.

/// A usage error: its message is the whole of what is said.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// A usage error as an `anyhow` error, for `?`.
pub fn error(message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(UsageError(message.into()))
}

/// True when an error is a usage error (exit status 2).
pub fn is_usage(error: &anyhow::Error) -> bool {
    error.downcast_ref::<UsageError>().is_some()
}
