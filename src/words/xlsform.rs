//! The words of `tana import`: what each finding says to the form author,
//! why an expression does not carry over, the header of the written file
//! and the summary line.

use crate::xlsform::expr::Why;
use crate::xlsform::finding::{Dropped, Finding, Named, NoteTo, ScoredBy, Severity, What};
use crate::xlsform::map::Failure;

/// The label of the `other` choice added for `or_other`.
pub fn other_choice() -> &'static str {
    "Other"
}

/// The title of a group that has neither label nor name.
pub fn untitled_group() -> &'static str {
    "Questions"
}

/// The title of the n-th section of questions outside groups.
pub fn continued(title: &str, n: usize) -> String {
    format!("{title} (continued, part {n})")
}

fn shorten(text: &str) -> String {
    let one_line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut chars = one_line.chars();
    let head: String = chars.by_ref().take(70).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

fn named(what: Named) -> &'static str {
    match what {
        Named::Form => "the form id",
        Named::Section => "the group",
        Named::Question => "the question",
        Named::Choice => "the choice",
    }
}

/// Why an expression does not carry over, as a clause.
pub fn why(why: &Why) -> String {
    match why {
        Why::Syntax { offset, message } => {
            format!(
                "it is not a well-formed expression ({message}, at character {})",
                offset + 1
            )
        }
        Why::Function(name) => format!("tana's conditions have no counterpart for `{name}()`"),
        Why::Arithmetic(op) => format!("tana's conditions do no arithmetic (`{op}`)"),
        Why::Path(path) => {
            format!("it uses the path `{path}`; tana reads answers by `${{name}}` only")
        }
        Why::Current => "it reads `.`, the question itself".into(),
        Why::UnknownName(name) => format!("`${{{name}}}` is no question of the form"),
        Why::NotCarried(name) => {
            format!("`${{{name}}}` is not carried over (a calculation, note or recorded value)")
        }
        Why::Group(name) => format!("`${{{name}}}` is a group, not a question"),
        Why::ItSelf => "it reads the question it belongs to".into(),
        Why::Cycle(ids) => format!(
            "the conditions would depend on themselves ({}), which tana refuses",
            ids.join(" → ")
        ),
        Why::TwoAnswers => {
            "it compares two answers with each other; tana compares an answer with a value".into()
        }
        Why::NotAChoice { question, value } => {
            format!("`{value}` is not a choice of `{question}`'s list")
        }
        Why::MultiEquality(question) => format!(
            "`=` on the select_multiple `{question}` is true only when exactly that choice is selected; write `selected(${{{question}}}, '…')`"
        ),
        Why::OrderedChoice(question) => {
            format!("`{question}`'s choices are not levels, so they have no order")
        }
        Why::Kind {
            question,
            kind,
            value,
        } => {
            format!(
                "`{question}` became a `{kind}` question, which cannot be compared with `{value}`"
            )
        }
        Why::Constant => "it is a constant (`true()`, `false()`)".into(),
        Why::Quotes => "its text holds both kinds of quote".into(),
        Why::NotATest => "it is a value, not a test".into(),
        Why::NotARange => {
            "tana keeps only a range of numbers (`. >= 0 and . <= 120`) on a number question".into()
        }
        Why::StrictBound => {
            "tana's bounds include their ends, and this decimal bound excludes it".into()
        }
    }
}

fn dropped(why: Dropped) -> &'static str {
    match why {
        Dropped::Calculation => "a calculation, which tana does not compute",
        Dropped::Metadata => "a value the device records, which tana does not collect",
        Dropped::Media => "a recording (photo, audio, file), which tana does not take",
        Dropped::Hidden => "a hidden or external value, not a question",
    }
}

/// What a finding says (without its place).
#[allow(clippy::too_many_lines)] // one sentence per kind of finding
pub fn finding(finding: &Finding) -> String {
    match &finding.what {
        What::SheetNotRead { sheet, rows } => format!(
            "the sheet `{sheet}` ({rows} row{}) is not read: tana reads survey, choices and settings",
            if *rows == 1 { "" } else { "s" }
        ),
        What::ColumnNotRead {
            column,
            value,
            duplicate,
        } => {
            if *duplicate {
                format!(
                    "`{}` is in a second `{column}` column, which is not read",
                    shorten(value)
                )
            } else {
                format!("the column `{column}` is not read (`{}`)", shorten(value))
            }
        }
        What::Media { column, value } => format!(
            "the {column} `{}` is not carried over: tana shows no media",
            shorten(value)
        ),
        What::Appearance { value } => format!(
            "the appearance `{}` is not carried over: tana lays out every question alike",
            shorten(value)
        ),
        What::Constraint { expr, why: reason } => format!(
            "the constraint `{}` is not carried over: {}",
            shorten(expr),
            why(reason)
        ),
        What::ConstraintMessage { value } => format!(
            "the constraint message `{}` is not carried over",
            shorten(value)
        ),
        What::RequiredCondition { expr } => format!(
            "`required` is the condition `{}`, which tana cannot hold; the question is not marked required",
            shorten(expr)
        ),
        What::RequiredMessage { value } => format!(
            "the required message `{}` is not carried over",
            shorten(value)
        ),
        What::Calculation { expr } => format!(
            "the calculation `{}` is not carried over: tana computes no values",
            shorten(expr)
        ),
        What::Default { value } => format!(
            "the default `{}` is not carried over: tana fills in no answer",
            shorten(value)
        ),
        What::ReadOnly { value } => format!(
            "read-only (`{}`) is not carried over: every tana question can be answered",
            shorten(value)
        ),
        What::ChoiceFilter { expr } => format!(
            "the choice filter `{}` is not carried over: every choice of the list is offered",
            shorten(expr)
        ),
        What::Repeat { name } => format!(
            "the repeat `{name}` is not carried over: tana has no repeats, so its questions are asked once"
        ),
        What::RepeatCount { value } => {
            format!("the repeat count `{}` is not carried over", shorten(value))
        }
        What::Relevant { expr, why: reason } => format!(
            "the condition `{}` is not carried over, so the question is always asked: {}",
            shorten(expr),
            why(reason)
        ),
        What::GroupRelevant {
            group,
            expr,
            why: reason,
        } => format!(
            "the condition `{}` of the group `{group}` is not carried over, so its questions are asked without it: {}",
            shorten(expr),
            why(reason)
        ),
        What::NoteRelevant { expr } => format!(
            "the condition `{}` of a note is not carried over: the note's text is always shown",
            shorten(expr)
        ),
        What::TypeDropped { name, kind, why } => format!(
            "`{name}` ({kind}) is not carried over: it is {}",
            dropped(*why)
        ),
        What::AsText { name, kind } => format!(
            "`{name}` has the type `{kind}`, which tana does not have: kept as a text question"
        ),
        What::AsKind { name, kind, to } => {
            format!("`{name}` has the type `{kind}`: kept as a `{to}` question")
        }
        What::Parameters { value } => {
            format!("the parameters `{}` are not carried over", shorten(value))
        }
        What::SettingNotRead { setting, value } => format!(
            "the setting `{setting}` (`{}`) is not carried over",
            shorten(value)
        ),
        What::ListMissing { name, list } => format!(
            "the list `{list}` of `{name}` is not in the choices sheet: kept as a text question"
        ),
        What::ListTooShort {
            name,
            list,
            choices,
        } => format!(
            "the list `{list}` of `{name}` has {choices} choice{}, and tana needs two: kept as a text question",
            if *choices == 1 { "" } else { "s" }
        ),
        What::DuplicateChoice { list, choice } => format!(
            "the choice `{choice}` is in the list `{list}` twice: the second is not carried over"
        ),
        What::ChoiceWithoutName { list } => {
            format!("a choice of the list `{list}` has no name: not carried over")
        }
        What::ChoiceWithoutList { name } => {
            if name.is_empty() {
                "this choice row has no list name: not carried over".into()
            } else {
                format!("the choice `{name}` has no list name: not carried over")
            }
        }
        What::ScoreNotALevel { list, value } => {
            if value.is_empty() {
                format!(
                    "this choice of `{list}` has no score while others have one: the list is not scored"
                )
            } else {
                format!(
                    "the score `{value}` in `{list}` is not a level 0–4: the list is not scored"
                )
            }
        }
        What::LabelReferences { names } => format!(
            "the text shows the answer{} to {}; tana shows it as written",
            if names.len() == 1 { "" } else { "s" },
            names
                .iter()
                .map(|n| format!("`${{{n}}}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        What::Trigger { value } => format!("the trigger `{}` is not carried over", shorten(value)),
        What::EndWithoutBegin { kind } => format!("`{kind}` closes no group: not read"),
        What::EmptyGroup { name } => {
            format!("the group `{name}` has no question tana carries: no section is made for it")
        }
        What::RowWithoutType { value } => {
            format!("this row has no type: not read (`{}`)", shorten(value))
        }
        What::NoteLost { text } => format!(
            "the note `{}` is in a group with no question: not carried over",
            shorten(text)
        ),
        What::Renamed { what, from, to } => {
            if from.is_empty() {
                format!("{} has no name: its id is `{to}`", named(*what))
            } else {
                format!(
                    "{} `{from}` is `{to}` in tana (ids use letters, digits, `_`, `-` and `.`, and are unique)",
                    named(*what)
                )
            }
        }
        What::NestedGroup { name, into } => format!(
            "the group `{name}` is inside `{into}`: its questions join the section `{into}` (tana's sections do not nest)"
        ),
        What::GroupNotClosed { name } => {
            format!("the group `{name}` is never closed: it ends with the sheet")
        }
        What::NoteMoved { to } => match to {
            NoteTo::Description(section) => {
                format!("this note is the description of the section `{section}`")
            }
            NoteTo::Guidance(question) => format!("this note is in the guidance of `{question}`"),
        },
        What::NoLabel { name } => format!("`{name}` has no label: its id is its text"),
        What::FallbackFrom { fallback, from } => {
            format!("no text in `{fallback}`, the first language: the `{from}` text stands in")
        }
        What::LanguageCode {
            written,
            code,
            made_up,
        } => {
            if *made_up {
                format!(
                    "the language `{written}` has no code: tana calls it `{code}`; write `{written} (code)` in the header"
                )
            } else {
                format!(
                    "the language `{written}` is `{code}`; write `{written} ({code})` in the header to say so"
                )
            }
        }
        What::PlainColumns { code } => format!(
            "the columns without a language (`label`) are taken as `{code}`; set `default_language` to say which they are"
        ),
        What::DefaultLanguageUnused { value } => {
            format!("the default language `{value}` has no columns: not used")
        }
        What::OtherChoice { name } => format!(
            "`{name}` offers \"other\": an `other` choice is added; the assessor writes what it is in the answer's note"
        ),
        What::UnusedList { list } => {
            format!("the list `{list}` is used by no question: not carried over")
        }
        What::NoVersion { version } => {
            format!("the settings give no version: the questionnaire's version is `{version}`")
        }
        What::NoFormId { id } => format!(
            "the settings give no form_id: the questionnaire's id is `{id}`, from the file's name"
        ),
        What::Scored { name, by } => match by {
            ScoredBy::Ladder => format!(
                "`{name}` has choices 0 to 4: it is a maturity question, scored, and its section an assessment area"
            ),
            ScoredBy::Scores => format!(
                "`{name}`'s choices have scores: it is scored, and its section an assessment area"
            ),
        },
    }
}

/// `note: ` before a finding that carried over differently.
pub fn prefix(severity: Severity) -> &'static str {
    match severity {
        Severity::Lost => "",
        Severity::Changed => "note: ",
    }
}

/// Why an import failed.
pub fn failure(failure: &Failure) -> String {
    match failure {
        Failure::NoSurvey { sheets } => {
            if sheets.is_empty() {
                "the form has no sheets; an XLSForm has a `survey` sheet".into()
            } else {
                format!(
                    "the form has no `survey` sheet (its sheets: {}); an XLSForm's questions are on a sheet named survey",
                    sheets.join(", ")
                )
            }
        }
        Failure::NoTypeColumn => {
            "the survey sheet has no `type` column in its first row; is this an XLSForm?".into()
        }
        Failure::NoQuestion => {
            "the survey has no question tana can carry over, so there is no questionnaire to write"
                .into()
        }
    }
}

/// Counts, as the summary says them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub questions: usize,
    pub sections: usize,
    pub scored: usize,
    pub lost: usize,
    pub changed: usize,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `12 questions in 3 sections (1 scored)`.
pub fn contents(counts: Counts) -> String {
    format!(
        "{} in {} ({} scored)",
        plural(counts.questions, "question", "questions"),
        plural(counts.sections, "section", "sections"),
        counts.scored
    )
}

/// The summary line after the findings.
pub fn summary(counts: Counts, written: &str) -> String {
    let lost = if counts.lost == 0 {
        "nothing lost".to_string()
    } else {
        format!(
            "{} did not carry over (listed above)",
            plural(counts.lost, "item", "items")
        )
    };
    let changed = if counts.changed == 0 {
        String::new()
    } else {
        format!(
            ", {} carried over differently (notes above)",
            plural(counts.changed, "item", "items")
        )
    };
    format!(
        "imported {} into {written}: {lost}{changed}",
        contents(counts)
    )
}

/// The comment at the top of the written questionnaire.
pub fn header(
    tana_version: &str,
    file: &str,
    shape: &str,
    hash: &str,
    counts: Counts,
    findings: &[(String, String)],
) -> Vec<String> {
    let mut lines = vec![
        format!(
            "Imported by `tana import` (tana {tana_version}) from the XLSForm {file} ({shape}, {hash})."
        ),
        format!("{}.", contents(counts)),
    ];
    lines.push(if counts.lost == 0 {
        "Nothing in the form was lost.".to_string()
    } else {
        format!(
            "{} of the form did not carry over.",
            plural(counts.lost, "item", "items")
        )
    });
    if !findings.is_empty() {
        lines.push("By cell (note: marks what carried over in another shape):".into());
    }
    for (place, text) in findings {
        lines.push(format!("  {place}: {text}"));
    }
    lines.push(
        "This is a tana questionnaire now: edit it here and check it with `tana validate`.".into(),
    );
    lines
}
