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

/// The error clap found, in tana's words (src/words/usage.rs), for the
/// binary to print after `tana: error: ` with exit status 2. Kinds tana
/// has no words for keep clap's first paragraph.
pub fn clap_message(error: &clap::Error) -> String {
    use crate::words::usage as w;
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let text = |kind| match error.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        _ => None,
    };
    let texts = |kind| match error.get(kind) {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    };
    let number = |kind| match error.get(kind) {
        Some(ContextValue::Number(n)) => usize::try_from(*n).ok(),
        _ => None,
    };
    let command = command_of(error);
    let arg = text(ContextKind::InvalidArg).map(|a| argument_name(&a));
    match (error.kind(), arg) {
        (ErrorKind::UnknownArgument, Some(arg)) if arg.starts_with('-') => w::unknown_option(
            &command,
            &arg,
            texts(ContextKind::SuggestedArg).first().map(String::as_str),
        ),
        (ErrorKind::UnknownArgument, Some(arg)) => w::extra_argument(&command, &arg),
        (ErrorKind::InvalidSubcommand, _) => w::unknown_command(
            &text(ContextKind::InvalidSubcommand).unwrap_or_default(),
            texts(ContextKind::SuggestedSubcommand)
                .first()
                .map(String::as_str),
        ),
        (ErrorKind::TooFewValues, Some(arg)) => {
            let given = number(ContextKind::ActualNumValues).unwrap_or(0);
            let least = number(ContextKind::MinValues).unwrap_or(0);
            if command == "tana compare" {
                w::compare_needs_two(given)
            } else {
                w::too_few_values(&command, &arg, least, given)
            }
        }
        (ErrorKind::WrongNumberOfValues, Some(arg)) => w::wrong_number_of_values(
            &arg,
            number(ContextKind::ExpectedNumValues).unwrap_or(0),
            number(ContextKind::ActualNumValues).unwrap_or(0),
        ),
        (ErrorKind::InvalidValue, Some(arg)) => w::not_a_value(
            &arg,
            &text(ContextKind::InvalidValue).unwrap_or_default(),
            &texts(ContextKind::ValidValue),
            texts(ContextKind::SuggestedValue)
                .first()
                .map(String::as_str),
        ),
        (ErrorKind::ValueValidation, Some(arg)) => {
            let own = std::error::Error::source(error)
                .and_then(|s| s.downcast_ref::<UsageError>())
                .map(ToString::to_string);
            own.unwrap_or_else(|| {
                w::bad_value(&arg, &text(ContextKind::InvalidValue).unwrap_or_default())
            })
        }
        (ErrorKind::MissingRequiredArgument, _) => {
            let missing: Vec<String> = texts(ContextKind::InvalidArg)
                .iter()
                .map(|a| argument_name(a))
                .collect();
            w::missing(&command, &missing)
        }
        (ErrorKind::ArgumentConflict, Some(arg)) => {
            let others: Vec<String> = texts(ContextKind::PriorArg)
                .iter()
                .map(|a| argument_name(a))
                .collect();
            w::conflict(&arg, &others)
        }
        (ErrorKind::NoEquals, Some(arg)) => w::needs_equals(&arg),
        (ErrorKind::InvalidUtf8, _) => w::NOT_UTF8.to_string(),
        _ => clap_words(error),
    }
}

/// clap's own message, its first paragraph without `error: `.
fn clap_words(error: &clap::Error) -> String {
    let rendered = error.render().to_string();
    let first = rendered.split("\n\n").next().unwrap_or_default();
    first.trim_start_matches("error: ").trim_end().to_string()
}

/// `--verbose...` → `--verbose`, `--days <N>` → `--days`, `<SESSION>
/// <SESSION>...` → `SESSION`.
fn argument_name(raw: &str) -> String {
    let first = raw.split_whitespace().next().unwrap_or(raw);
    let first = first.trim_end_matches("...");
    if first.starts_with('<') {
        first
            .trim_start_matches('<')
            .trim_end_matches('>')
            .to_string()
    } else {
        first.to_string()
    }
}

/// The command the error is about, `tana score`, from clap's usage line.
fn command_of(error: &clap::Error) -> String {
    let usage = match error.get(clap::error::ContextKind::Usage) {
        Some(clap::error::ContextValue::StyledStr(s)) => s.to_string(),
        _ => String::new(),
    };
    let words: Vec<&str> = usage
        .trim_start()
        .trim_start_matches("Usage:")
        .split_whitespace()
        .take_while(|w| {
            w.chars().all(|c| c.is_ascii_lowercase() || c == '-') && !w.starts_with('-')
        })
        .collect();
    if words.is_empty() {
        "tana".to_string()
    } else {
        words.join(" ")
    }
}

/// `--days`: a whole number of days from 1 to 3650, refused in tana's words.
pub fn days(value: &str) -> Result<u32, UsageError> {
    value
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|d| (1..=3650).contains(d))
        .ok_or_else(|| UsageError(crate::words::usage::days(value)))
}
