//! `tana man`: a manual page from the command line's definition, with the
//! text after each command's options (src/cli/help.rs) as proper EXAMPLES
//! and EXIT STATUS sections (examples in a no-fill block, so that a path is
//! never reflowed or hyphenated) and the Markdown backticks of the help
//! taken off.

use std::io::Write as _;

use anyhow::Result;
use roff::{Roff, bold, roman};

/// The text after a command's options, in its parts.
#[derive(Debug, Default, PartialEq, Eq)]
struct AfterHelp {
    /// Paragraphs that are neither examples nor the exit status.
    prose: Vec<String>,
    /// The example lines, as written (their alignment kept).
    examples: Vec<String>,
    /// The exit status: code and what it means.
    exit_status: Vec<(String, String)>,
}

/// Splits the text after a command's options into its paragraphs: one
/// starting `Examples:`, one starting `Exit status:`, the others prose.
fn split(text: &str) -> AfterHelp {
    let mut out = AfterHelp::default();
    for paragraph in text.split("\n\n") {
        let paragraph = paragraph.trim_matches('\n');
        if paragraph.trim().is_empty() {
            continue;
        }
        if let Some(rest) = paragraph.strip_prefix("Examples:") {
            out.examples.extend(
                rest.lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(|l| l.strip_prefix("  ").unwrap_or(l).trim_end().to_string()),
            );
        } else if let Some(rest) = paragraph.strip_prefix("Exit status:") {
            out.exit_status = exit_codes(&join_lines(rest));
        } else {
            out.prose.push(join_lines(paragraph));
        }
    }
    out
}

/// A paragraph's lines as one line.
fn join_lines(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `0 done; 1 a failure; 2 a usage error.` as (code, meaning) pairs; a
/// `; ` not followed by a code stays inside its meaning.
fn exit_codes(text: &str) -> Vec<(String, String)> {
    let text = text.trim().trim_end_matches('.');
    let mut out: Vec<(String, String)> = Vec::new();
    for piece in text.split("; ") {
        let (code, meaning) = piece.split_once(' ').unwrap_or((piece, ""));
        if !code.is_empty() && code.chars().all(|c| c.is_ascii_digit()) {
            out.push((code.to_string(), meaning.to_string()));
        } else if let Some(last) = out.last_mut() {
            last.1.push_str("; ");
            last.1.push_str(piece);
        } else {
            out.push((String::new(), piece.to_string()));
        }
    }
    out
}

/// Help text as a manual page shows it: Markdown's backticks taken off.
fn unquote(text: &clap::builder::StyledStr) -> String {
    text.to_string().replace('`', "")
}

/// The command with the backticks taken off its descriptions, its
/// arguments' help and its subcommands'.
fn plain(mut command: clap::Command) -> clap::Command {
    if let Some(about) = command.get_about().map(unquote) {
        command = command.about(about);
    }
    if let Some(about) = command.get_long_about().map(unquote) {
        command = command.long_about(about);
    }
    command
        .mut_args(|arg| {
            let help = arg.get_help().map(unquote);
            let long = arg.get_long_help().map(unquote);
            let arg = match help {
                Some(h) => arg.help(h),
                None => arg,
            };
            match long {
                Some(h) => arg.long_help(h),
                None => arg,
            }
        })
        .mut_subcommands(plain)
}

/// The synopsis of a command: `tana export [--format FORMAT] [--wide]
/// [-o|--output FILE] [-q|--quiet] [-v|--verbose]... SESSION...`: every
/// option with its value's name, the global options last, then the
/// operands, `...` where one repeats.
fn synopsis(command: &clap::Command) -> Vec<roff::Inline> {
    let name = command
        .get_bin_name()
        .or_else(|| command.get_display_name())
        .unwrap_or_else(|| command.get_name())
        .to_string();
    let mut out = vec![bold(name)];
    let shown =
        |a: &&clap::Arg| !a.is_hide_set() && !matches!(a.get_id().as_str(), "help" | "version");
    let mut options: Vec<&clap::Arg> = command
        .get_arguments()
        .filter(shown)
        .filter(|a| !a.is_positional())
        .collect();
    options.sort_by_key(|a| a.is_global_set());
    for arg in options {
        let repeats = matches!(
            arg.get_action(),
            clap::ArgAction::Append | clap::ArgAction::Count
        );
        out.push(roman(" ["));
        let mut first = true;
        if let Some(short) = arg.get_short() {
            out.push(bold(format!("-{short}")));
            first = false;
        }
        if let Some(long) = arg.get_long() {
            if !first {
                out.push(roman("|"));
            }
            out.push(bold(format!("--{long}")));
        }
        if arg.get_action().takes_values() {
            out.push(roman(" "));
            out.push(roff::italic(value_name(arg)));
        }
        out.push(roman(if repeats { "]..." } else { "]" }));
    }
    for arg in command
        .get_arguments()
        .filter(shown)
        .filter(|a| a.is_positional())
    {
        let repeats = arg.get_num_args().is_some_and(|n| n.max_values() > 1);
        let dots = if repeats { "..." } else { "" };
        if arg.is_required_set() {
            out.push(roman(" "));
            out.push(roff::italic(value_name(arg)));
            out.push(roman(dots));
        } else {
            out.push(roman(" ["));
            out.push(roff::italic(value_name(arg)));
            out.push(roman(format!("]{dots}")));
        }
    }
    if command.get_subcommands().any(|s| !s.is_hide_set()) {
        out.push(roman(" ["));
        out.push(roff::italic("COMMAND"));
        out.push(roman("]"));
    }
    out
}

/// The name of an argument's value: `FILE`, else its id in capitals.
fn value_name(arg: &clap::Arg) -> String {
    arg.get_value_names()
        .and_then(|names| names.first())
        .map_or_else(|| arg.get_id().as_str().to_uppercase(), ToString::to_string)
}

/// The manual page of a command (built, so that the global options are
/// listed on every command's page).
pub fn page(command: clap::Command) -> Result<Vec<u8>> {
    let mut command = plain(command);
    command.build();
    let after = command
        .get_after_long_help()
        .or_else(|| command.get_after_help())
        .map(|t| split(&unquote(t)))
        .unwrap_or_default();
    let has_options = command.get_arguments().any(|a| !a.is_hide_set());
    let has_commands = command.get_subcommands().any(|s| !s.is_hide_set());
    let has_version = command.get_version().is_some();
    let command_for_synopsis = command.clone();
    let man = clap_mangen::Man::new(command).source(format!("tana {}", env!("CARGO_PKG_VERSION")));
    let mut out = Vec::new();
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    let mut roff = Roff::new();
    roff.control("SH", ["SYNOPSIS"])
        .text(synopsis(&command_for_synopsis));
    roff.to_writer(&mut out)?;
    man.render_description_section(&mut out)?;
    let mut roff = Roff::new();
    for paragraph in &after.prose {
        roff.control("PP", []).text([roman(paragraph.as_str())]);
    }
    roff.to_writer(&mut out)?;
    if has_options {
        man.render_options_section(&mut out)?;
    }
    if has_commands {
        man.render_subcommands_section(&mut out)?;
    }
    let mut roff = Roff::new();
    if !after.examples.is_empty() {
        roff.control("SH", ["EXAMPLES"]);
        roff.control("PP", [])
            .control("RS", ["4"])
            .control("nf", []);
        for line in &after.examples {
            roff.text([roman(line.as_str())]);
        }
        roff.control("fi", []).control("RE", []);
    }
    if !after.exit_status.is_empty() {
        roff.control("SH", ["EXIT STATUS"]);
        for (code, meaning) in &after.exit_status {
            roff.control("TP", [])
                .text([bold(code.as_str())])
                .text([roman(format!("{meaning}."))]);
        }
    }
    roff.to_writer(&mut out)?;
    if has_version {
        man.render_version_section(&mut out)?;
    }
    out.flush()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_after_the_options_is_split_into_its_sections() {
        let after = split(
            "Some prose\nover two lines.\n\nExamples:\n  tana a b     what it does\n  tana c\n\nSee `docs/x.md`.\n\nExit status: 0 done; 1 a failure (each printed as\nfile:line:col; or not); 2 a usage error.",
        );
        assert_eq!(
            after.prose,
            ["Some prose over two lines.", "See `docs/x.md`."]
        );
        assert_eq!(after.examples, ["tana a b     what it does", "tana c"]);
        assert_eq!(
            after.exit_status,
            [
                ("0".into(), "done".into()),
                (
                    "1".into(),
                    "a failure (each printed as file:line:col; or not)".into()
                ),
                ("2".into(), "a usage error".into()),
            ]
        );
    }
}
