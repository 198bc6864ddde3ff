//! What the import reports, as typed values: each finding is a cell and
//! what happened to it. [`Severity::Lost`] means something of the form has
//! no counterpart in the questionnaire; [`Severity::Changed`] means it
//! carried over in another shape. The words are in `crate::words::xlsform`.

use super::book::At;
use super::expr::Why;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Did not carry over (the import exits 1).
    Lost,
    /// Carried over differently (renamed, moved, flattened).
    Changed,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub at: At,
    pub what: What,
}

/// What kind of thing an id names, for renames.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    Form,
    Section,
    Question,
    Choice,
}

/// Why a row of the survey was left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dropped {
    /// `calculate`: a computed value, not a question.
    Calculation,
    /// `start`, `deviceid`, `audit`…: recorded by the device, not asked.
    Metadata,
    /// `image`, `audio`, `file`…: a recording tana does not take.
    Media,
    /// `hidden`, `xml-external`…: no question.
    Hidden,
}

/// Where a note's text went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteTo {
    /// The description of the section it opens.
    Description(String),
    /// The guidance of the question it comes before (or after, at the end).
    Guidance(String),
}

/// How a question became scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScoredBy {
    /// Its choices are named 0, 1, 2, 3 and 4: a maturity ladder.
    Ladder,
    /// Its list has a `score` for every choice.
    Scores,
}

#[derive(Debug, Clone, PartialEq)]
pub enum What {
    // ---- lost ----
    /// A sheet the import does not read.
    SheetNotRead {
        sheet: String,
        rows: usize,
    },
    /// A cell of a column the import does not read (unknown, or a second
    /// column for the same thing).
    ColumnNotRead {
        column: String,
        value: String,
        duplicate: bool,
    },
    /// A media cell (`image`, `audio`, `video`).
    Media {
        column: String,
        value: String,
    },
    Appearance {
        value: String,
    },
    /// A constraint that is not a range tana can hold.
    Constraint {
        expr: String,
        why: Why,
    },
    ConstraintMessage {
        value: String,
    },
    /// `required` given as a condition.
    RequiredCondition {
        expr: String,
    },
    RequiredMessage {
        value: String,
    },
    Calculation {
        expr: String,
    },
    Default {
        value: String,
    },
    ReadOnly {
        value: String,
    },
    ChoiceFilter {
        expr: String,
    },
    /// A repeat: its questions are asked once.
    Repeat {
        name: String,
    },
    RepeatCount {
        value: String,
    },
    /// A `relevant` that cannot be written in tana's language.
    Relevant {
        expr: String,
        why: Why,
    },
    /// A group's `relevant` that cannot be written: its questions are asked always.
    GroupRelevant {
        group: String,
        expr: String,
        why: Why,
    },
    /// A note's condition: a note carries over as text, always shown.
    NoteRelevant {
        expr: String,
    },
    /// A row left out.
    TypeDropped {
        name: String,
        kind: String,
        why: Dropped,
    },
    /// A question kept as a text question.
    AsText {
        name: String,
        kind: String,
    },
    /// A question kept as another kind (`acknowledge` as yes/no, `rank` as multi).
    AsKind {
        name: String,
        kind: String,
        to: &'static str,
    },
    /// `parameters` tana has no counterpart for.
    Parameters {
        value: String,
    },
    /// A setting tana has no counterpart for.
    SettingNotRead {
        setting: String,
        value: String,
    },
    /// The list a select names is not in the choices sheet: kept as text.
    ListMissing {
        name: String,
        list: String,
    },
    /// The list has fewer than two choices: kept as text.
    ListTooShort {
        name: String,
        list: String,
        choices: usize,
    },
    DuplicateChoice {
        list: String,
        choice: String,
    },
    ChoiceWithoutName {
        list: String,
    },
    ChoiceWithoutList {
        name: String,
    },
    /// A `score` that is not a level 0–4 (or missing on some choices): no scores.
    ScoreNotALevel {
        list: String,
        value: String,
    },
    /// A label that shows other answers (`${name}`): shown as written.
    LabelReferences {
        names: Vec<String>,
    },
    Trigger {
        value: String,
    },
    /// `end group` with no group open.
    EndWithoutBegin {
        kind: String,
    },
    /// A group with no question tana carries: no section.
    EmptyGroup {
        name: String,
    },
    /// A row with cells but no type.
    RowWithoutType {
        value: String,
    },
    /// A note in a group that ends up with no question.
    NoteLost {
        text: String,
    },
    // ---- changed ----
    Renamed {
        what: Named,
        from: String,
        to: String,
    },
    /// A group inside a group: its questions join the outer section.
    NestedGroup {
        name: String,
        into: String,
    },
    /// A group never closed: it ends with the sheet.
    GroupNotClosed {
        name: String,
    },
    NoteMoved {
        to: NoteTo,
    },
    /// No label: the name is the question's text.
    NoLabel {
        name: String,
    },
    /// No text in the fallback language: another language's text stands in.
    FallbackFrom {
        fallback: String,
        from: String,
    },
    /// A language named without a code in parentheses.
    LanguageCode {
        written: String,
        code: String,
        made_up: bool,
    },
    /// Columns without a language (`label`) taken as this language.
    PlainColumns {
        code: String,
    },
    /// `default_language` names no language of the form's columns.
    DefaultLanguageUnused {
        value: String,
    },
    /// `or_other`: an `other` choice added.
    OtherChoice {
        name: String,
    },
    UnusedList {
        list: String,
    },
    NoVersion {
        version: String,
    },
    NoFormId {
        id: String,
    },
    /// A question became scored (an indicator).
    Scored {
        name: String,
        by: ScoredBy,
    },
}

impl What {
    pub fn severity(&self) -> Severity {
        match self {
            What::Renamed { .. }
            | What::NestedGroup { .. }
            | What::GroupNotClosed { .. }
            | What::NoteMoved { .. }
            | What::NoLabel { .. }
            | What::FallbackFrom { .. }
            | What::LanguageCode { .. }
            | What::PlainColumns { .. }
            | What::DefaultLanguageUnused { .. }
            | What::OtherChoice { .. }
            | What::UnusedList { .. }
            | What::NoVersion { .. }
            | What::NoFormId { .. }
            | What::Scored { .. } => Severity::Changed,
            _ => Severity::Lost,
        }
    }

    /// A stable code for the kind of finding (tests, JSON, summaries).
    pub fn code(&self) -> &'static str {
        match self {
            What::SheetNotRead { .. } => "sheet",
            What::ColumnNotRead { .. } => "column",
            What::Media { .. } => "media",
            What::Appearance { .. } => "appearance",
            What::Constraint { .. } => "constraint",
            What::ConstraintMessage { .. } => "constraint_message",
            What::RequiredCondition { .. } => "required_condition",
            What::RequiredMessage { .. } => "required_message",
            What::Calculation { .. } => "calculation",
            What::Default { .. } => "default",
            What::ReadOnly { .. } => "read_only",
            What::ChoiceFilter { .. } => "choice_filter",
            What::Repeat { .. } => "repeat",
            What::RepeatCount { .. } => "repeat_count",
            What::Relevant { .. } => "relevant",
            What::GroupRelevant { .. } => "group_relevant",
            What::NoteRelevant { .. } => "note_relevant",
            What::TypeDropped { .. } => "dropped",
            What::AsText { .. } => "as_text",
            What::AsKind { .. } => "as_kind",
            What::Parameters { .. } => "parameters",
            What::SettingNotRead { .. } => "setting",
            What::ListMissing { .. } => "list_missing",
            What::ListTooShort { .. } => "list_too_short",
            What::DuplicateChoice { .. } => "duplicate_choice",
            What::ChoiceWithoutName { .. } => "choice_without_name",
            What::ChoiceWithoutList { .. } => "choice_without_list",
            What::ScoreNotALevel { .. } => "score",
            What::LabelReferences { .. } => "label_references",
            What::Trigger { .. } => "trigger",
            What::EndWithoutBegin { .. } => "end_without_begin",
            What::EmptyGroup { .. } => "empty_group",
            What::RowWithoutType { .. } => "row_without_type",
            What::NoteLost { .. } => "note_lost",
            What::Renamed { .. } => "renamed",
            What::NestedGroup { .. } => "nested_group",
            What::GroupNotClosed { .. } => "group_not_closed",
            What::NoteMoved { .. } => "note_moved",
            What::NoLabel { .. } => "no_label",
            What::FallbackFrom { .. } => "fallback_from",
            What::LanguageCode { .. } => "language_code",
            What::PlainColumns { .. } => "plain_columns",
            What::DefaultLanguageUnused { .. } => "default_language",
            What::OtherChoice { .. } => "other_choice",
            What::UnusedList { .. } => "unused_list",
            What::NoVersion { .. } => "no_version",
            What::NoFormId { .. } => "no_form_id",
            What::Scored { .. } => "scored",
        }
    }
}
