//! Plain mode: the same interview, line by line on standard input and
//! output, for screen readers and scripts. Every change is saved before the
//! next prompt. A command that fails says `error: …` and changes nothing;
//! the run then ends with a failure exit status, at once with
//! `--stop-on-error`. The protocol is documented in docs/keys.md.

use std::io::{BufRead, Read as _, Write};

use anyhow::Result;

use crate::interview::Interview;
use crate::questionnaire::{Kind, LEVEL_NAMES};
use crate::session::store::Store;
use crate::session::{Confidence, Status};
use crate::workspace::Opened;

const HELP: &str = "\
commands (one per line):
  0-9            pick a level (0-4) or choice number; on a multi-choice question, toggle it
  yes | no       answer a yes/no question
  value: TEXT    answer a number, date (YYYY-MM-DD) or text question
  value+: TEXT   add a line to a text answer
  u              mark unknown, to confirm (again to clear)
  x              mark not applicable (again to clear)
  policy: REASON a deliberate policy choice of the State, with its reason
                 (where the question offers one);  policy  clears it
  note: TEXT     replace the note;  note+: TEXT  add a line to it
  c LEVEL        confidence: low, medium, high or none
  source: S3 HOW where the answer came from: a stakeholder and how (document,
                 oral, observed, desk; oral if left out); the same again takes
                 it away;  source: desk  a desk review naming no one
  sources        the answer's sources;  stakeholders  the stakeholders, by id
  next | n | (empty line)   next question;  back | p   previous question
  goto ID        go to a question;  section ID  go to a section
  search WORDS   find questions;  guidance  show the guidance
  review         unanswered, to-confirm and low-confidence items
  summary        area levels against the target
  show           show the question again;  help  this list
  quit | q       save and leave (end of input does the same)";

/// The longest note, text answer or reason recorded: the bound of the
/// full-screen interface, so that a paste or a script cannot make a session
/// too large to open again.
const MAX_TEXT: usize = crate::tui::app::MAX_NOTE;

/// The longest input line read: a note of [`MAX_TEXT`] characters of four
/// bytes each, and its command. A longer line is skipped unread, so a
/// runaway paste never fills memory.
const MAX_LINE_BYTES: usize = 4 * MAX_TEXT + 64;

/// How a plain-mode run behaves.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Stop at the first command that fails (after saving what came before).
    pub stop_on_error: bool,
}

/// How a plain-mode run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Ended {
    /// Commands refused (an `error:` line), plus one when the last changes
    /// never reached the disk (or, with `--stop-on-error`, a save failed).
    pub errors: usize,
    /// The input line the run stopped at, with `--stop-on-error`.
    pub stopped_at: Option<usize>,
}

pub fn run(
    opened: Opened,
    mut input: impl BufRead,
    mut out: impl Write,
    options: Options,
) -> Result<Ended> {
    let Opened {
        store,
        mut interview,
        path,
        messages,
    } = opened;
    for message in messages {
        writeln!(out, "note: {message}")?;
    }
    writeln!(
        out,
        "tana plain mode: session {} · type `help` for commands",
        path.display()
    )?;
    show(&interview, &mut out)?;
    write!(out, "> ")?;
    out.flush()?;
    let mut ended = Ended::default();
    // The last save did not reach the disk (a later one may, once fixed).
    let mut unsaved = false;
    let mut number = 0;
    while let Some(line) = next_line(&mut input)? {
        number += 1;
        let outcome = match &line {
            Line::Text(text) => match text.trim() {
                "quit" | "q" | "exit" => break,
                line => command(&mut interview, line),
            },
            Line::TooLong => Outcome::Error(format!(
                "the line is longer than {MAX_LINE_BYTES} bytes and was skipped; a note or answer holds at most {MAX_TEXT} characters"
            )),
        };
        let (refused, saved) = match outcome {
            Outcome::Changed(message) => {
                writeln!(out, "{message}")?;
                (false, Some(save(&store, &mut interview, &mut out)?))
            }
            Outcome::Moved => {
                let saved = save(&store, &mut interview, &mut out)?;
                show(&interview, &mut out)?;
                (false, Some(saved))
            }
            Outcome::Said(text) => {
                writeln!(out, "{text}")?;
                (false, None)
            }
            Outcome::Error(text) => {
                writeln!(out, "error: {text}")?;
                (true, None)
            }
        };
        if let Some(saved) = saved {
            unsaved = !saved;
        }
        if refused {
            ended.errors += 1;
        }
        // A refused command, or (when stopping) a save that failed: a script
        // must not go on from a wrong place or onto a failing disk.
        if options.stop_on_error && (refused || saved == Some(false)) {
            if !refused {
                ended.errors += 1;
            }
            ended.stopped_at = Some(number);
            writeln!(
                out,
                "stopped at line {number} (--stop-on-error); what came before is saved"
            )?;
            break;
        }
        write!(out, "> ")?;
        out.flush()?;
    }
    if unsaved && ended.stopped_at.is_none() {
        // The changes since the last save that worked are lost at exit: a failure.
        ended.errors += 1;
        writeln!(out, "NOT SAVED: the last changes did not reach the disk")?;
    }
    let progress = interview.progress();
    let failures = match ended.errors {
        0 => String::new(),
        1 => "; 1 command failed".to_string(),
        n => format!("; {n} commands failed"),
    };
    writeln!(
        out,
        "\nbye: {}/{} answered, {} to confirm; session {} (save {}){failures}",
        progress.answered,
        progress.applicable,
        progress.to_confirm,
        path.display(),
        interview.session.saves
    )?;
    Ok(ended)
}

/// One line of input.
enum Line {
    /// The line, without its line ending.
    Text(String),
    /// A line longer than [`MAX_LINE_BYTES`], skipped without being kept.
    TooLong,
}

/// The next input line; `None` at the end of the input.
fn next_line(input: &mut impl BufRead) -> std::io::Result<Option<Line>> {
    let mut bytes = Vec::new();
    let limit = MAX_LINE_BYTES as u64 + 1;
    if input.by_ref().take(limit).read_until(b'\n', &mut bytes)? == 0 {
        return Ok(None);
    }
    if bytes.last() == Some(&b'\n') {
        bytes.pop();
        if bytes.last() == Some(&b'\r') {
            bytes.pop();
        }
    } else if bytes.len() > MAX_LINE_BYTES {
        loop {
            let buffer = input.fill_buf()?;
            if buffer.is_empty() {
                break;
            }
            if let Some(end) = buffer.iter().position(|&b| b == b'\n') {
                input.consume(end + 1);
                break;
            }
            let all = buffer.len();
            input.consume(all);
        }
        return Ok(Some(Line::TooLong));
    }
    String::from_utf8(bytes)
        .map(|line| Some(Line::Text(line)))
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

/// Refuses a note, text answer or reason longer than [`MAX_TEXT`].
fn too_long(text: &str) -> Option<Outcome> {
    let length = text.chars().count();
    (length > MAX_TEXT).then(|| {
        Outcome::Error(format!(
            "a note or answer holds at most {MAX_TEXT} characters; this one would have {length}; nothing was changed"
        ))
    })
}

enum Outcome {
    Changed(String),
    Moved,
    Said(String),
    Error(String),
}

/// Saves and says so; false when the save did not reach the disk.
fn save(store: &Store, interview: &mut Interview, out: &mut impl Write) -> Result<bool> {
    match store.save(&mut interview.session) {
        Ok(n) => {
            writeln!(out, "saved #{n}")?;
            Ok(true)
        }
        Err(e) => {
            writeln!(out, "NOT SAVED: {e:#}")?;
            Ok(false)
        }
    }
}

#[allow(clippy::too_many_lines)] // one match over the protocol, in the order of docs/keys.md
fn command(interview: &mut Interview, line: &str) -> Outcome {
    let changed = |c: bool, what: String| {
        if c {
            Outcome::Changed(what)
        } else {
            Outcome::Said("no change".into())
        }
    };
    let (word, rest) = line
        .split_once(char::is_whitespace)
        .map_or((line, ""), |(w, r)| (w, r.trim()));
    if let Some(text) = line.strip_prefix("note+:") {
        let mut note = interview
            .answer()
            .map(|a| a.note.clone())
            .unwrap_or_default();
        if !note.is_empty() {
            note.push('\n');
        }
        note.push_str(text.trim());
        if let Some(refused) = too_long(&note) {
            return refused;
        }
        return changed(interview.set_note(&note), "note updated".into());
    }
    if let Some(text) = line.strip_prefix("note:") {
        if let Some(refused) = too_long(text.trim()) {
            return refused;
        }
        return changed(interview.set_note(text.trim()), "note updated".into());
    }
    if let Some(text) = line.strip_prefix("source:") {
        return source(interview, text.trim());
    }
    if let Some(reason) = line.strip_prefix("policy:") {
        if let Some(refused) = too_long(reason.trim()) {
            return refused;
        }
        return policy(interview, Some(reason.trim()));
    }
    if let Some(text) = line.strip_prefix("value+:") {
        if !matches!(interview.question().kind, Kind::Text) {
            return Outcome::Error(
                "`value+:` adds a line to a text answer; this question is not answered by text"
                    .into(),
            );
        }
        let mut answer = match interview.value() {
            Some(crate::session::Value::Text(t)) => t.clone(),
            _ => String::new(),
        };
        if !answer.is_empty() {
            answer.push('\n');
        }
        answer.push_str(text.trim());
        if let Some(refused) = too_long(&answer) {
            return refused;
        }
        return match interview.set_value(crate::session::Value::Text(answer)) {
            Ok(c) => changed(c, "recorded: a line added".into()),
            Err(e) => Outcome::Error(e),
        };
    }
    if let Some(text) = line.strip_prefix("value:") {
        if let Some(refused) = too_long(text.trim()) {
            return refused;
        }
        return match interview
            .parse_typed(text.trim())
            .and_then(|v| interview.set_value(v))
        {
            Ok(c) => changed(c, format!("recorded: {}", describe_value(interview))),
            Err(e) => Outcome::Error(e),
        };
    }
    match word {
        "" | "next" | "n" => {
            if interview.next_question() {
                Outcome::Moved
            } else {
                Outcome::Said("this is the last question; type `review` to see what is left".into())
            }
        }
        "back" | "p" | "previous" => {
            if interview.previous_question() {
                Outcome::Moved
            } else {
                Outcome::Said("this is the first question".into())
            }
        }
        "goto" | "go" => match interview.go_to_id(rest) {
            Ok(_) => Outcome::Moved,
            Err(e) => Outcome::Error(e),
        },
        "section" => {
            let found = interview
                .questionnaire
                .sections
                .iter()
                .position(|s| s.id.eq_ignore_ascii_case(rest));
            match found {
                Some(s) if interview.go_to_section(s) => Outcome::Moved,
                Some(_) => Outcome::Said("already there".into()),
                None => Outcome::Error(format!("there is no section `{rest}`")),
            }
        }
        "u" | "unknown" => changed(
            interview.toggle_unknown(),
            format!("status: {}", status_name(interview)),
        ),
        "policy" => policy(interview, None),
        "x" | "na" => changed(
            interview.toggle_not_applicable(),
            format!("status: {}", status_name(interview)),
        ),
        "c" | "confidence" => {
            let wanted = match rest {
                "low" => Some(Confidence::Low),
                "medium" => Some(Confidence::Medium),
                "high" => Some(Confidence::High),
                "none" | "" => None,
                other => {
                    return Outcome::Error(format!(
                        "`{other}` is not a confidence: low, medium, high or none"
                    ));
                }
            };
            let mut any = false;
            for _ in 0..4 {
                if interview.answer().and_then(|a| a.confidence) == wanted {
                    break;
                }
                any |= interview.cycle_confidence();
            }
            changed(
                any,
                format!("confidence: {}", wanted.map_or("none", Confidence::name)),
            )
        }
        "yes" | "no" if matches!(interview.question().kind, Kind::YesNo) => {
            match interview.pick(if word == "yes" { 1 } else { 2 }) {
                Ok(c) => changed(c, format!("recorded: {word}")),
                Err(e) => Outcome::Error(e),
            }
        }
        "sources" => Outcome::Said(sources(interview)),
        "stakeholders" => Outcome::Said(stakeholders(interview)),
        "guidance" | "g" => Outcome::Said(guidance(interview)),
        "review" | "r" => Outcome::Said(review(interview)),
        "summary" | "s" => Outcome::Said(summary(interview)),
        "search" | "/" => Outcome::Said(search(interview, rest)),
        "show" => {
            let mut text = Vec::new();
            let _ = show(interview, &mut text);
            Outcome::Said(String::from_utf8_lossy(&text).trim_end().to_string())
        }
        "help" | "?" => Outcome::Said(HELP.into()),
        w if w.chars().all(|c| c.is_ascii_digit()) => {
            let picked = w.parse::<usize>().map_err(|e| e.to_string()).and_then(|n| {
                if matches!(interview.question().kind, Kind::Number { .. }) {
                    interview
                        .parse_typed(w)
                        .and_then(|v| interview.set_value(v))
                } else {
                    interview.pick(n)
                }
            });
            match picked {
                Ok(c) => changed(c, format!("recorded: {}", describe_value(interview))),
                Err(e) => Outcome::Error(e),
            }
        }
        w => Outcome::Error(format!("`{w}` is not a command; type `help`")),
    }
}

/// `policy: REASON` records a deliberate policy choice with its reason;
/// `policy` alone clears one.
fn policy(interview: &mut Interview, reason: Option<&str>) -> Outcome {
    if interview.question().policy_choice.is_none() {
        return Outcome::Error(format!(
            "{} offers no policy choice (the questionnaire's `policy_choice:`)",
            interview.question().id
        ));
    }
    let current = interview.answer().and_then(|a| a.status);
    match reason {
        Some("") => Outcome::Error("give the State's reason: `policy: REASON`".into()),
        Some(reason) => {
            let status = interview.set_status(Some(Status::PolicyChoice));
            let text = interview.set_reason(reason);
            if status || text {
                Outcome::Changed(format!("status: {}", status_name(interview)))
            } else {
                Outcome::Said("no change".into())
            }
        }
        None if current == Some(Status::PolicyChoice) => {
            let back = interview.value().is_some().then_some(Status::Answered);
            interview.set_status(back);
            Outcome::Changed(format!("status: {}", status_name(interview)))
        }
        None => Outcome::Error("give the State's reason: `policy: REASON`".into()),
    }
}

fn status_name(interview: &Interview) -> &'static str {
    match interview.answer().and_then(|a| a.status) {
        Some(Status::Answered) => "answered",
        Some(Status::Unknown) => "unknown, to confirm",
        Some(Status::NotApplicable) => "not applicable",
        Some(Status::PolicyChoice) => "deliberate policy choice",
        None => "not answered",
    }
}

fn describe_value(interview: &Interview) -> String {
    let question = interview.question();
    match interview.value() {
        Some(crate::session::Value::Level(l)) => {
            format!("level {l} ({})", LEVEL_NAMES[usize::from(*l)])
        }
        Some(value) => crate::report::data::describe(
            question,
            value,
            interview.questionnaire.fallback_language(),
        ),
        None => "nothing".into(),
    }
}

fn show(interview: &Interview, out: &mut impl Write) -> std::io::Result<()> {
    let question = interview.question();
    let section = interview.section();
    let range = section.questions.clone();
    let progress = interview.progress();
    let language = interview.questionnaire.fallback_language();
    writeln!(out)?;
    writeln!(
        out,
        "[{}] {} · question {} of {} · {}/{} answered{}",
        question.id,
        section.title.get(language),
        interview.current() - range.start + 1,
        range.len(),
        progress.answered,
        progress.applicable,
        if question.required {
            " · required"
        } else {
            ""
        }
    )?;
    writeln!(out, "{}", question.text.get(language))?;
    match &question.kind {
        Kind::Maturity { ladder } => {
            for (l, text) in ladder.iter().enumerate() {
                writeln!(out, "  {l} {}: {}", LEVEL_NAMES[l], text.get(language))?;
            }
        }
        Kind::Single { choices } | Kind::Multi { choices } => {
            for (i, c) in choices.iter().enumerate() {
                writeln!(out, "  {} {}", i + 1, c.label.get(language))?;
            }
            if matches!(question.kind, Kind::Multi { .. }) {
                writeln!(out, "  (several allowed: each number toggles a choice)")?;
            }
        }
        Kind::YesNo => writeln!(out, "  yes or no")?,
        Kind::Number { unit, .. } => writeln!(
            out,
            "  answer with `value: NUMBER`{}",
            unit.as_deref()
                .map(|u| format!(" ({u})"))
                .unwrap_or_default()
        )?,
        Kind::Date => writeln!(out, "  answer with `value: YYYY-MM-DD`")?,
        Kind::Text => writeln!(out, "  answer with `value: TEXT`")?,
    }
    if let Some(policy) = &question.policy_choice {
        writeln!(
            out,
            "  a policy choice may apply (`policy: REASON`): {}",
            policy.get(language)
        )?;
    }
    let answer = interview.answer();
    if let Some(reason) = answer
        .filter(|a| a.status == Some(Status::PolicyChoice))
        .map(|a| a.reason.as_str())
        .filter(|r| !r.is_empty())
    {
        writeln!(out, "policy reason: {}", reason.replace('\n', " / "))?;
    }
    writeln!(
        out,
        "current: {} · status {} · confidence {}",
        describe_value(interview).replace('\n', " / "),
        status_name(interview),
        answer
            .and_then(|a| a.confidence)
            .map_or("not set", Confidence::name)
    )?;
    if let Some(note) = answer.map(|a| a.note.as_str()).filter(|n| !n.is_empty()) {
        writeln!(out, "note: {}", note.replace('\n', " / "))?;
    }
    if answer.is_some_and(|a| !a.sources.is_empty()) {
        writeln!(out, "{}", sources(interview))?;
    }
    Ok(())
}

fn guidance(interview: &Interview) -> String {
    let question = interview.question();
    let language = interview.questionnaire.fallback_language();
    let mut lines = Vec::new();
    match &question.guidance {
        Some(g) => lines.push(format!("guidance: {}", g.get(language))),
        None => lines.push("no guidance for this question".into()),
    }
    if !question.ask.is_empty() {
        lines.push(format!("ask: {}", question.ask.join("; ")));
    }
    if !question.evidence.is_empty() {
        lines.push(format!("evidence: {}", question.evidence.join("; ")));
    }
    if !question.sources.is_empty() {
        lines.push(format!("sources: {}", question.sources.join("; ")));
    }
    lines.join("\n")
}

fn review(interview: &Interview) -> String {
    let items = interview.review();
    if items.is_empty() {
        return "nothing to review".into();
    }
    let language = interview.questionnaire.fallback_language();
    items
        .iter()
        .map(|item| {
            let q = &interview.questionnaire.questions[item.question];
            format!(
                "{:<21} {:<7} {}",
                item.reason.label(),
                q.id,
                q.text.get(language)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn summary(interview: &Interview) -> String {
    let scores = interview.scores();
    let mut lines = vec![format!(
        "target level {} · overall {}",
        scores.target,
        scores
            .overall
            .map_or_else(|| "not yet scored".into(), |o| format!("{o:.1}"))
    )];
    for area in &scores.areas {
        let section = &interview.questionnaire.sections[area.section];
        lines.push(format!(
            "{:<4} {:<48} {} ({} scored, {} to confirm, confidence {})",
            section.id,
            section.title.fallback(),
            area.level
                .map_or_else(|| "  -".into(), |l| format!("{l:.1}")),
            area.scored,
            area.to_confirm,
            area.confidence.name()
        ));
    }
    lines.join("\n")
}

fn search(interview: &Interview, query: &str) -> String {
    let hits = interview.search(query);
    if hits.is_empty() {
        return "no question matches".into();
    }
    let language = interview.questionnaire.fallback_language();
    hits.iter()
        .take(20)
        .map(|&i| {
            let q = &interview.questionnaire.questions[i];
            format!("{:<7} {}", q.id, q.text.get(language))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `source: S3 oral`, `source: S3`, `source: desk`: picks a source of the
/// current answer (see [`crate::mission::toggle_source`]).
fn source(interview: &mut Interview, text: &str) -> Outcome {
    use crate::mission::SourceChange;
    use crate::session::SourceHow;
    let words: Vec<&str> = text.split_whitespace().collect();
    let how_of = |word: &str| {
        SourceHow::parse(&word.to_ascii_lowercase())
            .ok_or_else(|| format!("`{word}` is not a way: {}", SourceHow::NAMES.join(", ")))
    };
    let (stakeholder, how) = match words.as_slice() {
        [] => {
            return Outcome::Error(
                "write `source: S3 oral` (a stakeholder and how), or `source: desk`".into(),
            );
        }
        [word] if word.eq_ignore_ascii_case("desk") => (None, SourceHow::Desk),
        [id] => (Some(*id), SourceHow::Oral),
        [id, how] => match how_of(how) {
            Ok(h) => (Some(*id), h),
            Err(e) => return Outcome::Error(e),
        },
        _ => return Outcome::Error("write `source: S3 oral`: one stakeholder, one way".into()),
    };
    let stakeholder = match stakeholder {
        None => None,
        Some(id) => {
            let found = interview
                .session
                .stakeholders
                .iter()
                .find(|s| s.id.eq_ignore_ascii_case(id));
            let Some(found) = found else {
                let known = interview.session.stakeholders.iter().map(|s| s.id.as_str());
                return Outcome::Error(format!(
                    "there is no stakeholder `{id}`{}; `stakeholders` lists them (add them with tana's Mission screen or in the session file)",
                    crate::problem::did_you_mean(id, known)
                ));
            };
            Some(found.id.clone())
        }
    };
    let change = interview.toggle_source(stakeholder.as_deref(), how);
    let who = crate::words::answer_source(
        &crate::session::AnswerSource { stakeholder, how },
        &interview.session.stakeholders,
    );
    Outcome::Changed(match change {
        SourceChange::Added => format!("source: {who}"),
        SourceChange::Changed => format!("source now: {who}"),
        SourceChange::Removed => format!("source taken away: {who}"),
    })
}

fn sources(interview: &Interview) -> String {
    let listed: Vec<String> = interview
        .answer()
        .map(|a| {
            a.sources
                .iter()
                .map(|s| crate::words::answer_source(s, &interview.session.stakeholders))
                .collect()
        })
        .unwrap_or_default();
    if listed.is_empty() {
        "no source recorded for this answer; `source: S3 oral` records one".into()
    } else {
        format!("sources: {}", listed.join("; "))
    }
}

fn stakeholders(interview: &Interview) -> String {
    let session = &interview.session;
    if session.stakeholders.is_empty() {
        return "no stakeholders recorded; add them with tana's Mission screen (m) or in the session file (`stakeholders:`)".into();
    }
    session
        .stakeholders
        .iter()
        .map(crate::words::stakeholder_line)
        .collect::<Vec<_>>()
        .join("\n")
}
