//! The words of usage errors that clap finds (an unknown option, a value
//! missing or malformed, options that cannot go together), in tana's voice
//! rather than clap's; [`crate::usage::clap_message`] picks them.

/// `a, b or c`.
pub fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn see_help(command: &str) -> String {
    format!("see `{command} --help`")
}

fn did_you_mean(suggestion: Option<&str>) -> String {
    suggestion.map_or_else(String::new, |s| format!(" (did you mean `{s}`?)"))
}

/// An option the command does not have (`--bogus`).
pub fn unknown_option(command: &str, option: &str, suggestion: Option<&str>) -> String {
    format!(
        "`{option}` is not an option of `{command}`{}; {}",
        did_you_mean(suggestion),
        see_help(command)
    )
}

/// A word left over after every argument the command takes.
pub fn extra_argument(command: &str, argument: &str) -> String {
    format!(
        "`{command}` does not take `{argument}` (one argument too many); {}",
        see_help(command)
    )
}

/// A command tana does not have.
pub fn unknown_command(command: &str, suggestion: Option<&str>) -> String {
    format!(
        "`{command}` is not a tana command{}; see `tana --help`",
        did_you_mean(suggestion)
    )
}

/// `tana compare` with one session.
pub fn compare_needs_two(given: usize) -> String {
    format!("compare needs two or more sessions; {given} given")
}

/// Too few values for an argument that takes several.
pub fn too_few_values(command: &str, argument: &str, least: usize, given: usize) -> String {
    format!(
        "`{command}` needs at least {least} {argument}; {given} given; {}",
        see_help(command)
    )
}

/// A wrong number of values for an option.
pub fn wrong_number_of_values(argument: &str, expected: usize, given: usize) -> String {
    format!("{argument} takes {expected} values; {given} given")
}

/// A value that is not one of the option's values.
pub fn not_a_value(
    argument: &str,
    value: &str,
    values: &[String],
    suggestion: Option<&str>,
) -> String {
    if value.is_empty() {
        return format!("{argument} needs a value: {}", or_list(values));
    }
    if values.is_empty() {
        return format!("`{value}` is not a value {argument} takes");
    }
    format!(
        "`{value}` is not a value of {argument}{}; give {}",
        did_you_mean(suggestion),
        or_list(values)
    )
}

/// A value an option's parser refused (its own words follow when tana's).
pub fn bad_value(argument: &str, value: &str) -> String {
    format!("`{value}` is not a value {argument} takes; see its line in --help")
}

/// `--days` given something other than a whole number of days in range.
pub fn days(value: &str) -> String {
    format!("--days takes a whole number of days from 1 to 3650, not `{value}`")
}

/// Arguments the command needs and did not get.
pub fn missing(command: &str, arguments: &[String]) -> String {
    let options = arguments.iter().any(|a| a.starts_with('-'));
    format!(
        "`{command}` needs {}{}; {}",
        and_list(arguments),
        if options {
            " with the options given"
        } else {
            ""
        },
        see_help(command)
    )
}

/// Two options that cannot go together.
pub fn conflict(argument: &str, others: &[String]) -> String {
    match others {
        [] => format!("{argument} is given alone: it takes no other option and no file"),
        [one] if one == argument => format!("{argument} is given twice; give it once"),
        others => format!(
            "{argument} and {} cannot be given together",
            and_list(others)
        ),
    }
}

/// An option written `--opt value` where it needs `--opt=value`.
pub fn needs_equals(argument: &str) -> String {
    format!("{argument} takes its value after `=` ({argument}=VALUE)")
}

/// An argument that is not UTF-8 text.
pub const NOT_UTF8: &str = "an argument is not valid text (UTF-8); name the file another way";
