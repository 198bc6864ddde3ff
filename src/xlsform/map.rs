//! The mapping from an `XLSForm`'s survey, choices and settings to tana's
//! questionnaire: groups to sections, types to kinds, lists to choices,
//! `relevant` to `when:`, translated columns to multilingual text. Every
//! cell that does not carry over becomes a [`Finding`] at its place.

use std::collections::{HashMap, HashSet};

use super::book::{At, Place, Row, Sheet, Workbook};
use super::columns::{CodeSource, Column, Columns, Key, language_of};
use super::expr::{self, Lookup, Target, When, Why};
use super::finding::{Dropped, Finding, Named, NoteTo, ScoredBy, What};
use super::out;
use crate::words::xlsform as words;

/// What the mapping needs beyond the workbook.
#[derive(Debug, Clone)]
pub struct Source<'a> {
    /// The form file's name without its extension: the id when the
    /// settings give none.
    pub stem: &'a str,
}

/// Why a form could not be turned into a questionnaire at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// No `survey` sheet; the sheets found.
    NoSurvey { sheets: Vec<String> },
    /// The survey sheet has no `type` column.
    NoTypeColumn,
    /// Nothing in the survey carries over as a question.
    NoQuestion,
}

/// The mapped questionnaire and what happened on the way.
#[derive(Debug, Clone)]
pub struct Mapped {
    pub questionnaire: out::Questionnaire,
    pub findings: Vec<Finding>,
}

/// The form's languages: codes in order (the first is the fallback), and
/// which index the columns without a language (`label`) belong to.
#[derive(Debug, Clone)]
struct Languages {
    codes: Vec<String>,
    /// False when nothing named a language: `languages:` is not written.
    named: bool,
    plain: usize,
}

impl Languages {
    fn index(&self, column: &Column) -> usize {
        column
            .language
            .as_ref()
            .and_then(|l| self.codes.iter().position(|c| *c == l.code))
            .unwrap_or(self.plain)
    }
}

/// Text in each language, with the cell it came from.
#[derive(Debug, Clone, Default)]
struct Tx {
    parts: Vec<Option<(String, At)>>,
}

impl Tx {
    fn is_empty(&self) -> bool {
        self.parts.iter().all(Option::is_none)
    }

    fn first_at(&self) -> Option<&At> {
        self.parts.iter().flatten().map(|(_, at)| at).next()
    }

    fn plain(text: String, at: At, languages: usize) -> Tx {
        let mut parts = vec![None; languages.max(1)];
        parts[0] = Some((text, at));
        Tx { parts }
    }
}

#[derive(Debug, Clone)]
enum Kind {
    Text,
    Number { integer: bool },
    Date,
    YesNo { yes: String, no: String },
    Single { list: usize, scored: bool },
    Multi { list: usize, scored: bool },
    Maturity { list: usize },
}

#[derive(Debug, Clone)]
struct Draft {
    name: String,
    id: String,
    at: At,
    section: usize,
    kind: Kind,
    text: Tx,
    guidance: Vec<Tx>,
    required: Option<bool>,
    relevant: Option<(String, At)>,
    groups: Vec<usize>,
    min: Option<f64>,
    max: Option<f64>,
    /// `or_other`: an `other` choice is added.
    other: bool,
}

#[derive(Debug, Clone)]
struct ChoiceRow {
    name: String,
    id: String,
    label: Tx,
    score: Option<(String, At)>,
    name_at: At,
}

#[derive(Debug, Clone)]
struct List {
    name: String,
    at: At,
    choices: Vec<ChoiceRow>,
    used: bool,
    /// Every choice has a score that is a level 0–4.
    scored: bool,
    renames: Vec<Finding>,
}

#[derive(Debug, Clone)]
struct Group {
    name: String,
    at: At,
    relevant: Option<(String, At)>,
}

#[derive(Debug, Clone)]
struct SectionDraft {
    id: String,
    /// `None` for the questions outside groups.
    group: Option<(String, At)>,
    title: Option<Tx>,
    description: Vec<Tx>,
    questions: Vec<usize>,
    /// Notes waiting for the next question.
    pending: Vec<(Tx, At)>,
}

struct Mapper<'a> {
    findings: Vec<Finding>,
    languages: Languages,
    lists: Vec<List>,
    list_index: HashMap<String, usize>,
    drafts: Vec<Draft>,
    sections: Vec<SectionDraft>,
    groups: Vec<Group>,
    question_ids: HashSet<String>,
    section_ids: HashSet<String>,
    /// Names of rows that do not carry over (calculations, notes…).
    not_carried: HashSet<String>,
    group_names: HashSet<String>,
    title: Option<out::Text>,
    source: Source<'a>,
}

/// Maps a workbook.
pub fn map(book: &Workbook, source: Source<'_>) -> Result<Mapped, Failure> {
    let survey = book.sheet("survey").ok_or_else(|| Failure::NoSurvey {
        sheets: book.sheets.iter().map(|s| s.name.clone()).collect(),
    })?;
    let mut mapper = Mapper {
        findings: Vec::new(),
        languages: Languages {
            codes: vec!["en".into()],
            named: false,
            plain: 0,
        },
        lists: Vec::new(),
        list_index: HashMap::new(),
        drafts: Vec::new(),
        sections: Vec::new(),
        groups: Vec::new(),
        question_ids: HashSet::new(),
        section_ids: HashSet::new(),
        not_carried: HashSet::new(),
        group_names: HashSet::new(),
        title: None,
        source,
    };
    for sheet in &book.sheets {
        let name = sheet.name.trim().to_ascii_lowercase();
        if !matches!(name.as_str(), "survey" | "choices" | "settings") {
            let rows = sheet.rows.iter().filter(|r| !r.is_empty()).count();
            if rows > 0 {
                mapper.lost(
                    At::new(
                        &sheet.name,
                        sheet.place.unwrap_or(Place::Cell { row: 0, col: 0 }),
                    ),
                    What::SheetNotRead {
                        sheet: sheet.name.clone(),
                        rows,
                    },
                );
            }
        }
    }
    let survey_table = Table::of(survey);
    if survey_table.columns.find(&Key::Type).is_none() {
        return Err(Failure::NoTypeColumn);
    }
    let choices_table = book.sheet("choices").map(Table::of);
    let settings = book
        .sheet("settings")
        .map(|s| mapper.settings(s))
        .unwrap_or_default();
    mapper.languages(&survey_table, choices_table.as_ref(), &settings);
    if let Some(choices) = &choices_table {
        mapper.choices(choices);
    }
    mapper.survey(&survey_table);
    mapper.finish(&settings)
}

/// A sheet with its header row read.
struct Table<'s> {
    sheet: &'s Sheet,
    columns: Columns,
    /// Index of the first row after the header.
    body: usize,
}

impl<'s> Table<'s> {
    fn of(sheet: &'s Sheet) -> Table<'s> {
        let header = sheet.rows.iter().position(|r| !r.is_empty());
        match header {
            Some(h) => Table {
                sheet,
                columns: Columns::from_header(&sheet.rows[h]),
                body: h + 1,
            },
            None => Table {
                sheet,
                columns: Columns::default(),
                body: sheet.rows.len(),
            },
        }
    }

    fn rows(&self) -> impl Iterator<Item = &'s Row> + 's {
        self.sheet.rows[self.body.min(self.sheet.rows.len())..]
            .iter()
            .filter(|r| !r.is_empty())
    }

    fn at(&self, row: &Row, column: &Column) -> At {
        let place = row
            .cells
            .get(column.index)
            .map(|c| c.place)
            .or(row.place)
            .unwrap_or(column.place);
        At::new(&self.sheet.name, place)
    }

    /// The trimmed text of the first column with this key (no language first).
    fn value(&self, row: &Row, key: &Key) -> Option<(String, At)> {
        let column = self.columns.find(key)?;
        let value = row.get(column.index).trim();
        (!value.is_empty()).then(|| (value.to_string(), self.at(row, column)))
    }
}

/// The settings the mapping reads.
#[derive(Debug, Clone, Default)]
struct Settings {
    title: Option<String>,
    id: Option<(String, At)>,
    version: Option<String>,
    default_language: Option<(String, At)>,
}

/// `yes`, `true`, `TRUE`, `true()` → `Some(true)`; the `no` spellings →
/// `Some(false)`; anything else → `None` (an expression).
fn yes_no_cell(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "yes" | "true" | "true()" => Some(true),
        "no" | "false" | "false()" | "" => Some(false),
        _ => None,
    }
}

/// An id tana accepts made from an `XLSForm` name: characters outside
/// letters, digits, `_`, `-` and `.` become `_`; an id that does not
/// start with a letter gets `prefix` in front.
pub fn sanitize(name: &str, prefix: &str) -> String {
    let parts: Vec<String> = name
        .trim()
        .split('.')
        .map(|part| {
            part.chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect::<String>()
        })
        .filter(|p| !p.is_empty())
        .collect();
    let joined = parts.join(".");
    if joined.is_empty() {
        prefix.to_string()
    } else if joined.starts_with(|c: char| c.is_ascii_alphabetic()) {
        joined
    } else {
        format!("{prefix}{joined}")
    }
}

/// `id`, or `id-2`, `id-3`… when it is taken.
fn unique(id: String, taken: &mut HashSet<String>) -> String {
    if taken.insert(id.clone()) {
        return id;
    }
    (2..usize::MAX)
        .map(|n| format!("{id}-{n}"))
        .find(|candidate| taken.insert(candidate.clone()))
        .unwrap_or(id)
}

/// The words of tana's condition language cannot be question ids.
fn not_a_keyword(id: String) -> String {
    if matches!(id.as_str(), "and" | "or" | "not" | "has" | "is") {
        format!("{id}_")
    } else {
        id
    }
}

/// The `${name}` references in a text.
fn references(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else { break };
        out.push(after[..end].trim().to_string());
        rest = &after[end + 1..];
    }
    out
}

/// A survey row's type.
#[derive(Debug, Clone, PartialEq, Eq)]
enum RowType {
    Begin {
        repeat: bool,
    },
    End,
    Text,
    Integer,
    Decimal,
    Range,
    Date,
    Select {
        multi: bool,
        list: String,
        other: bool,
    },
    /// Choices from a file or an external sheet: kept as text.
    FromFile,
    Rank {
        list: String,
    },
    Acknowledge,
    Note,
    /// Kept as text: time, geopoint, barcode, and unknown types.
    AsText,
    Drop(Dropped),
}

#[allow(clippy::too_many_lines)] // one table of the type spellings pyxform accepts
fn row_type(raw: &str) -> RowType {
    let words: Vec<&str> = raw.split_whitespace().collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_ascii_lowercase()).collect();
    let l: Vec<&str> = lower.iter().map(String::as_str).collect();
    let rest_after = |n: usize| -> (String, bool) {
        let list = words.get(n).map_or(String::new(), |w| (*w).to_string());
        let tail = l.get(n + 1..).unwrap_or(&[]).join(" ");
        (list, tail == "or_other" || tail == "or specify other")
    };
    match l.as_slice() {
        ["begin", "group" | "lgroup", ..] | ["begin_group", ..] => RowType::Begin { repeat: false },
        ["begin", "repeat" | "loop" | "looped", ..] | ["begin_repeat" | "begin_loop", ..] => {
            RowType::Begin { repeat: true }
        }
        ["end", "group" | "repeat" | "loop" | "lgroup" | "looped", ..]
        | ["end_group" | "end_repeat" | "end_loop", ..] => RowType::End,
        ["text" | "string"] => RowType::Text,
        ["integer" | "int"] => RowType::Integer,
        ["decimal"] => RowType::Decimal,
        ["range"] => RowType::Range,
        ["date"] => RowType::Date,
        ["note"] => RowType::Note,
        ["acknowledge" | "trigger"] => RowType::Acknowledge,
        [
            "select_one_from_file" | "select_multiple_from_file" | "select_one_external",
            ..,
        ]
        | ["select", "one" | "multiple", "from", "file", ..] => RowType::FromFile,
        ["select_one" | "select1", _, ..] => {
            let (list, other) = rest_after(1);
            RowType::Select {
                multi: false,
                list,
                other,
            }
        }
        ["select_multiple", _, ..] => {
            let (list, other) = rest_after(1);
            RowType::Select {
                multi: true,
                list,
                other,
            }
        }
        ["select", "one", "from", _, ..] => {
            let (list, other) = rest_after(3);
            RowType::Select {
                multi: false,
                list,
                other,
            }
        }
        ["select", "one", _, ..] => {
            let (list, other) = rest_after(2);
            RowType::Select {
                multi: false,
                list,
                other,
            }
        }
        ["select", "all", "that", "apply", "from", _, ..] => {
            let (list, other) = rest_after(5);
            RowType::Select {
                multi: true,
                list,
                other,
            }
        }
        ["select", "all", "that", "apply", _, ..] => {
            let (list, other) = rest_after(4);
            RowType::Select {
                multi: true,
                list,
                other,
            }
        }
        [
            "add",
            "select",
            kind @ ("one" | "multiple"),
            "prompt",
            "using",
            _,
            ..,
        ] => {
            let (list, other) = rest_after(5);
            RowType::Select {
                multi: *kind == "multiple",
                list,
                other,
            }
        }
        ["rank", _, ..] => RowType::Rank {
            list: words[1].to_string(),
        },
        ["calculate"] => RowType::Drop(Dropped::Calculation),
        ["hidden" | "xml-external" | "csv-external" | "entity"] => RowType::Drop(Dropped::Hidden),
        [
            "start" | "end" | "today" | "deviceid" | "imei" | "subscriberid" | "simserial"
            | "phonenumber" | "username" | "email" | "audit" | "start-geopoint",
        ] => RowType::Drop(Dropped::Metadata),
        [first, ..] if first.starts_with("uri:") => RowType::Drop(Dropped::Metadata),
        [
            "image" | "photo" | "audio" | "video" | "file" | "background-audio" | "signature",
            ..,
        ]
        | [
            "add",
            "image" | "photo" | "audio" | "video" | "file",
            "prompt",
        ] => RowType::Drop(Dropped::Media),
        _ => RowType::AsText,
    }
}

impl Mapper<'_> {
    fn lost(&mut self, at: At, what: What) {
        self.findings.push(Finding { at, what });
    }

    fn changed(&mut self, at: At, what: What) {
        self.findings.push(Finding { at, what });
    }

    fn settings(&mut self, sheet: &Sheet) -> Settings {
        let table = Table::of(sheet);
        let mut settings = Settings::default();
        for (n, row) in table.rows().enumerate() {
            for column in &table.columns.columns {
                let value = row.get(column.index).trim();
                if value.is_empty() {
                    continue;
                }
                let at = table.at(row, column);
                let key = column.header.to_ascii_lowercase().replace(' ', "_");
                match key.as_str() {
                    "form_title" | "set_form_title" | "title" if n == 0 => {
                        settings.title = Some(value.to_string());
                    }
                    "form_id" | "set_form_id" | "id_string" if n == 0 => {
                        settings.id = Some((value.to_string(), at));
                    }
                    "version" if n == 0 => settings.version = Some(value.to_string()),
                    "default_language" if n == 0 => {
                        settings.default_language = Some((value.to_string(), at));
                    }
                    _ => self.lost(
                        at,
                        What::SettingNotRead {
                            setting: column.header.clone(),
                            value: value.to_string(),
                        },
                    ),
                }
            }
        }
        settings
    }

    /// The languages of the form, from the translated columns of the
    /// survey and choices and the settings' `default_language`.
    fn languages(&mut self, survey: &Table<'_>, choices: Option<&Table<'_>>, settings: &Settings) {
        let mut codes: Vec<String> = Vec::new();
        let mut plain: Option<At> = None;
        let mut reported: HashSet<String> = HashSet::new();
        for table in std::iter::once(survey).chain(choices) {
            for column in &table.columns.columns {
                if !column.key.translatable() || matches!(column.key, Key::Media(_)) {
                    continue;
                }
                match &column.language {
                    Some(language) => {
                        if !codes.contains(&language.code) {
                            codes.push(language.code.clone());
                        }
                        if matches!(language.source, CodeSource::KnownName | CodeSource::MadeUp)
                            && reported.insert(language.written.clone())
                        {
                            self.changed(
                                At::new(&table.sheet.name, column.place),
                                What::LanguageCode {
                                    written: language.written.clone(),
                                    code: language.code.clone(),
                                    made_up: language.source == CodeSource::MadeUp,
                                },
                            );
                        }
                    }
                    None => {
                        if plain.is_none() {
                            plain = Some(At::new(&table.sheet.name, column.place));
                        }
                    }
                }
            }
        }
        let default = settings
            .default_language
            .as_ref()
            .map(|(value, at)| (language_of(value), at.clone()));
        let named = !codes.is_empty() || default.is_some();
        let plain_code = plain.as_ref().map(|at| {
            if let Some((language, _)) = &default {
                language.code.clone()
            } else {
                if !codes.is_empty() {
                    self.changed(at.clone(), What::PlainColumns { code: "en".into() });
                }
                "en".to_string()
            }
        });
        let mut ordered: Vec<String> = Vec::new();
        if let Some((language, at)) = &default {
            if codes.contains(&language.code) || plain_code.is_some() {
                ordered.push(language.code.clone());
            } else {
                self.changed(
                    at.clone(),
                    What::DefaultLanguageUnused {
                        value: language.written.clone(),
                    },
                );
            }
        }
        for code in plain_code.iter().chain(&codes) {
            if !ordered.contains(code) {
                ordered.push(code.clone());
            }
        }
        if ordered.is_empty() {
            ordered.push("en".into());
        }
        let plain_index = plain_code
            .and_then(|p| ordered.iter().position(|c| *c == p))
            .unwrap_or(0);
        self.languages = Languages {
            codes: ordered,
            named,
            plain: plain_index,
        };
    }

    /// The text of a translatable key on a row, per language: explicit
    /// language columns win over the column without a language.
    fn tx(&self, table: &Table<'_>, row: &Row, key: &Key) -> Tx {
        let mut parts: Vec<Option<(String, At)>> = vec![None; self.languages.codes.len()];
        let mut explicit = vec![false; parts.len()];
        for column in table.columns.all(key) {
            let value = row.get(column.index).trim();
            if value.is_empty() {
                continue;
            }
            let index = self.languages.index(column);
            let is_explicit = column.language.is_some();
            if parts[index].is_none() || (is_explicit && !explicit[index]) {
                parts[index] = Some((value.to_string(), table.at(row, column)));
                explicit[index] = is_explicit;
            }
        }
        Tx { parts }
    }

    #[allow(clippy::too_many_lines)] // one pass over the choices sheet
    fn choices(&mut self, table: &Table<'_>) {
        let Some(list_column) = table.columns.find(&Key::ListName).cloned() else {
            for row in table.rows() {
                for column in &table.columns.columns {
                    let value = row.get(column.index).trim();
                    if !value.is_empty() {
                        self.lost(
                            table.at(row, column),
                            What::ColumnNotRead {
                                column: column.header.clone(),
                                value: value.to_string(),
                                duplicate: false,
                            },
                        );
                    }
                }
            }
            return;
        };
        let mut ids: HashMap<usize, HashSet<String>> = HashMap::new();
        let mut names: HashMap<usize, HashSet<String>> = HashMap::new();
        for row in table.rows() {
            let list_name = row.get(list_column.index).trim().to_string();
            let name = table.value(row, &Key::Name);
            let label = self.tx(table, row, &Key::Label);
            for column in &table.columns.columns {
                let value = row.get(column.index).trim();
                if value.is_empty() {
                    continue;
                }
                let at = table.at(row, column);
                match &column.key {
                    Key::ListName | Key::Name | Key::Label | Key::Score => {}
                    Key::Media(kind) => self.lost(
                        at,
                        What::Media {
                            column: kind.clone(),
                            value: value.to_string(),
                        },
                    ),
                    _ => self.lost(
                        at,
                        What::ColumnNotRead {
                            column: column.header.clone(),
                            value: value.to_string(),
                            duplicate: matches!(column.key, Key::Duplicate(_)),
                        },
                    ),
                }
            }
            if list_name.is_empty() {
                let at = name
                    .as_ref()
                    .map(|(_, at)| at.clone())
                    .or_else(|| label.first_at().cloned())
                    .unwrap_or_else(|| table.at(row, &list_column));
                self.lost(
                    at,
                    What::ChoiceWithoutList {
                        name: name.map(|(n, _)| n).unwrap_or_default(),
                    },
                );
                continue;
            }
            let index = *self.list_index.entry(list_name.clone()).or_insert_with(|| {
                self.lists.push(List {
                    name: list_name.clone(),
                    at: table.at(row, &list_column),
                    choices: Vec::new(),
                    used: false,
                    scored: false,
                    renames: Vec::new(),
                });
                self.lists.len() - 1
            });
            let Some((name, name_at)) = name else {
                self.lost(
                    table.at(row, &list_column),
                    What::ChoiceWithoutName { list: list_name },
                );
                continue;
            };
            if !names.entry(index).or_default().insert(name.clone()) {
                self.lost(
                    name_at,
                    What::DuplicateChoice {
                        list: list_name,
                        choice: name,
                    },
                );
                continue;
            }
            let id = unique(sanitize(&name, "c"), ids.entry(index).or_default());
            if id != name {
                self.lists[index].renames.push(Finding {
                    at: name_at.clone(),
                    what: What::Renamed {
                        what: Named::Choice,
                        from: name.clone(),
                        to: id.clone(),
                    },
                });
            }
            let score = table.value(row, &Key::Score);
            self.lists[index].choices.push(ChoiceRow {
                name,
                id,
                label,
                score,
                name_at,
            });
        }
        for list in &mut self.lists {
            let valid = |s: &Option<(String, At)>| {
                s.as_ref()
                    .and_then(|(v, _)| v.parse::<f64>().ok())
                    .is_some_and(|v| (0.0..=4.0).contains(&v))
            };
            let any = list.choices.iter().any(|c| c.score.is_some());
            list.scored = any && list.choices.iter().all(|c| valid(&c.score));
            if any && !list.scored {
                for choice in &list.choices {
                    if !valid(&choice.score) {
                        let (value, at) = choice
                            .score
                            .clone()
                            .unwrap_or_else(|| (String::new(), choice.name_at.clone()));
                        self.findings.push(Finding {
                            at,
                            what: What::ScoreNotALevel {
                                list: list.name.clone(),
                                value,
                            },
                        });
                    }
                }
            }
        }
    }

    #[allow(clippy::too_many_lines)] // one walk over the survey, in the order a reader meets it
    fn survey(&mut self, table: &Table<'_>) {
        let type_column = table
            .columns
            .find(&Key::Type)
            .cloned()
            .expect("checked by the caller");
        // Open groups, outermost first: (group index, section index).
        let mut open: Vec<(usize, usize)> = Vec::new();
        let mut loose: Option<usize> = None;
        for row in table.rows() {
            let raw_type = row.get(type_column.index).trim().to_string();
            let type_at = table.at(row, &type_column);
            if raw_type.is_empty() {
                if let Some(column) = table
                    .columns
                    .columns
                    .iter()
                    .find(|c| !row.get(c.index).trim().is_empty())
                {
                    self.lost(
                        table.at(row, column),
                        What::RowWithoutType {
                            value: row.get(column.index).trim().to_string(),
                        },
                    );
                }
                continue;
            }
            let name = table.value(row, &Key::Name);
            let row_type = row_type(&raw_type);
            match row_type {
                RowType::Begin { repeat } => {
                    let group_name = name.as_ref().map_or_else(String::new, |(n, _)| n.clone());
                    if !group_name.is_empty() {
                        self.group_names.insert(group_name.clone());
                    }
                    if repeat {
                        self.lost(
                            type_at.clone(),
                            What::Repeat {
                                name: group_name.clone(),
                            },
                        );
                    }
                    let group = self.groups.len();
                    self.groups.push(Group {
                        name: group_name.clone(),
                        at: type_at.clone(),
                        relevant: table.value(row, &Key::Relevant),
                    });
                    let section = if let Some(&(outer, section)) = open.first() {
                        let into = self.groups[outer].name.clone();
                        self.changed(
                            type_at.clone(),
                            What::NestedGroup {
                                name: group_name.clone(),
                                into,
                            },
                        );
                        section
                    } else {
                        if let Some(section) = loose.take() {
                            self.close_section(section);
                        }
                        let label = self.tx(table, row, &Key::Label);
                        self.new_section(
                            &sanitize(
                                if group_name.is_empty() {
                                    "group"
                                } else {
                                    &group_name
                                },
                                "s",
                            ),
                            Some((group_name.clone(), type_at.clone())),
                            (!label.is_empty()).then_some(label),
                            name.as_ref().map(|(_, at)| at.clone()),
                        )
                    };
                    open.push((group, section));
                    if let Some((label_text, label_at)) = Self::label_refs(table, row) {
                        self.lost(label_at, What::LabelReferences { names: label_text });
                    }
                    let consumed: &[Key] = &[Key::Type, Key::Name, Key::Label, Key::Relevant];
                    self.other_cells(table, row, consumed, repeat);
                }
                RowType::End => {
                    if let Some((_, section)) = open.pop() {
                        if open.is_empty() {
                            self.close_section(section);
                        }
                    } else {
                        self.lost(
                            type_at.clone(),
                            What::EndWithoutBegin {
                                kind: raw_type.clone(),
                            },
                        );
                    }
                    self.other_cells(table, row, &[Key::Type, Key::Name], false);
                }
                RowType::Drop(why) => {
                    if let Some((n, _)) = &name {
                        self.not_carried.insert(n.clone());
                    }
                    self.lost(
                        type_at.clone(),
                        What::TypeDropped {
                            name: name.map(|(n, _)| n).unwrap_or_default(),
                            kind: raw_type.clone(),
                            why,
                        },
                    );
                }
                RowType::Note => {
                    if let Some((n, _)) = &name {
                        self.not_carried.insert(n.clone());
                    }
                    let section = match open.first() {
                        Some(&(_, section)) => section,
                        None => self.loose_section(&mut loose),
                    };
                    let mut text = self.tx(table, row, &Key::Label);
                    let hint = self.tx(table, row, &Key::Hint);
                    if text.is_empty() {
                        text = hint;
                    } else if !hint.is_empty() {
                        text = self.join(&[text, hint]);
                    }
                    if let Some((expr, at)) = table.value(row, &Key::Relevant) {
                        self.lost(at, What::NoteRelevant { expr });
                    }
                    if let Some((names, at)) = Self::label_refs(table, row) {
                        self.lost(at, What::LabelReferences { names });
                    }
                    if !text.is_empty() {
                        self.sections[section].pending.push((text, type_at.clone()));
                    }
                    self.other_cells(
                        table,
                        row,
                        &[Key::Type, Key::Name, Key::Label, Key::Hint, Key::Relevant],
                        false,
                    );
                }
                _ => {
                    let section = match open.first() {
                        Some(&(_, section)) => section,
                        None => self.loose_section(&mut loose),
                    };
                    let groups = open.iter().map(|(g, _)| *g).collect();
                    self.question(table, row, &row_type, &raw_type, type_at, section, groups);
                }
            }
        }
        for (group, _) in open.iter().rev() {
            let Group { name, at, .. } = self.groups[*group].clone();
            self.changed(at, What::GroupNotClosed { name });
        }
        if let Some(&(_, section)) = open.first() {
            self.close_section(section);
        }
        if let Some(section) = loose {
            self.close_section(section);
        }
    }

    fn label_refs(table: &Table<'_>, row: &Row) -> Option<(Vec<String>, At)> {
        for column in table.columns.all(&Key::Label) {
            let value = row.get(column.index);
            let names = references(value);
            if !names.is_empty() {
                return Some((names, table.at(row, column)));
            }
        }
        None
    }

    fn loose_section(&mut self, loose: &mut Option<usize>) -> usize {
        if let Some(section) = *loose {
            return section;
        }
        let section = self.new_section("general", None, None, None);
        *loose = Some(section);
        section
    }

    fn new_section(
        &mut self,
        wanted: &str,
        group: Option<(String, At)>,
        title: Option<Tx>,
        name_at: Option<At>,
    ) -> usize {
        let id = unique(wanted.to_string(), &mut self.section_ids);
        if let Some((name, _)) = &group
            && *name != id
            && !name.is_empty()
            && let Some(at) = name_at
        {
            self.changed(
                at,
                What::Renamed {
                    what: Named::Section,
                    from: name.clone(),
                    to: id.clone(),
                },
            );
        }
        self.sections.push(SectionDraft {
            id,
            group,
            title,
            description: Vec::new(),
            questions: Vec::new(),
            pending: Vec::new(),
        });
        self.sections.len() - 1
    }

    /// Notes left at the end of a section go to its last question's guidance.
    fn close_section(&mut self, section: usize) {
        let pending = std::mem::take(&mut self.sections[section].pending);
        if pending.is_empty() {
            return;
        }
        match self.sections[section].questions.last().copied() {
            Some(last) => {
                let id = self.drafts[last].id.clone();
                for (text, at) in pending {
                    self.drafts[last].guidance.push(text);
                    self.changed(
                        at,
                        What::NoteMoved {
                            to: NoteTo::Guidance(id.clone()),
                        },
                    );
                }
            }
            None => {
                // Kept for the next question of this section, if another
                // run of it comes (a loose section reopened); else lost.
                self.sections[section].pending = pending;
            }
        }
    }

    /// Per language, the parts joined by a blank line; a part missing in a
    /// language stands in with its fallback text.
    fn join(&self, parts: &[Tx]) -> Tx {
        let languages = self.languages.codes.len();
        let mut out = vec![None; languages];
        for (language, slot) in out.iter_mut().enumerate() {
            if !parts
                .iter()
                .any(|p| p.parts.get(language).is_some_and(Option::is_some))
            {
                continue;
            }
            let mut texts = Vec::new();
            let mut first_at = None;
            for part in parts {
                let own = part.parts.get(language).and_then(Option::as_ref);
                let fallback = part.parts.iter().flatten().next();
                if let Some((text, at)) = own.or(fallback) {
                    texts.push(text.clone());
                    first_at.get_or_insert_with(|| at.clone());
                }
            }
            if let Some(at) = first_at {
                *slot = Some((texts.join("\n\n"), at));
            }
        }
        Tx { parts: out }
    }

    #[allow(clippy::too_many_arguments, clippy::too_many_lines)]
    fn question(
        &mut self,
        table: &Table<'_>,
        row: &Row,
        row_type: &RowType,
        raw_type: &str,
        type_at: At,
        section: usize,
        groups: Vec<usize>,
    ) {
        let name_cell = table.value(row, &Key::Name);
        let (name, name_at) = name_cell.unwrap_or_else(|| (String::new(), type_at.clone()));
        let mut consumed = vec![
            Key::Type,
            Key::Name,
            Key::Label,
            Key::Hint,
            Key::GuidanceHint,
            Key::Required,
            Key::Relevant,
        ];
        let mut other = false;
        let mut min = None;
        let mut max = None;
        let kind = match row_type {
            RowType::Text => Kind::Text,
            RowType::Integer => Kind::Number { integer: true },
            RowType::Decimal => Kind::Number { integer: false },
            RowType::Date => Kind::Date,
            RowType::Range => {
                let (kind, low, high) = self.range(table, row);
                consumed.push(Key::Parameters);
                min = low;
                max = high;
                kind
            }
            RowType::Acknowledge => {
                self.lost(
                    type_at.clone(),
                    What::AsKind {
                        name: name.clone(),
                        kind: raw_type.to_string(),
                        to: "yesno",
                    },
                );
                Kind::YesNo {
                    yes: "OK".into(),
                    no: String::new(),
                }
            }
            RowType::FromFile | RowType::AsText => {
                self.lost(
                    type_at.clone(),
                    What::AsText {
                        name: name.clone(),
                        kind: raw_type.to_string(),
                    },
                );
                Kind::Text
            }
            RowType::Rank { list } => {
                self.lost(
                    type_at.clone(),
                    What::AsKind {
                        name: name.clone(),
                        kind: raw_type.to_string(),
                        to: "multi",
                    },
                );
                self.choice_kind(list, true, false, &name, &type_at)
            }
            RowType::Select {
                multi,
                list,
                other: or_other,
            } => {
                other = *or_other;
                if other {
                    self.changed(type_at.clone(), What::OtherChoice { name: name.clone() });
                }
                self.choice_kind(list, *multi, other, &name, &type_at)
            }
            RowType::Begin { .. } | RowType::End | RowType::Note | RowType::Drop(_) => {
                unreachable!("handled by the survey walk")
            }
        };
        if let Kind::Number { integer } = kind
            && let Some((constraint, _)) = table.value(row, &Key::Constraint)
        {
            match expr::parse(&constraint).and_then(|node| expr::range(&node, integer)) {
                Ok((low, high)) => {
                    min = match (min, low) {
                        (Some(a), Some(b)) => Some(f64::max(a, b)),
                        (a, b) => a.or(b),
                    };
                    max = match (max, high) {
                        (Some(a), Some(b)) => Some(f64::min(a, b)),
                        (a, b) => a.or(b),
                    };
                    consumed.push(Key::Constraint);
                }
                Err(why) => {
                    let (expr, at) = table.value(row, &Key::Constraint).expect("read above");
                    self.lost(at, What::Constraint { expr, why });
                    consumed.push(Key::Constraint);
                }
            }
        }
        if let (Some(low), Some(high)) = (min, max)
            && low > high
        {
            min = None;
            max = None;
        }
        let required = match table.value(row, &Key::Required) {
            None => None,
            Some((value, at)) => {
                let required = yes_no_cell(&value);
                if required.is_none() {
                    self.lost(at, What::RequiredCondition { expr: value });
                }
                required
            }
        };
        let raw_id = if name.is_empty() {
            format!("q{}", row_number(&type_at))
        } else {
            sanitize(&name, "q")
        };
        let id = unique(not_a_keyword(raw_id), &mut self.question_ids);
        if id != name {
            self.changed(
                name_at.clone(),
                What::Renamed {
                    what: Named::Question,
                    from: name.clone(),
                    to: id.clone(),
                },
            );
        }
        let mut text = self.tx(table, row, &Key::Label);
        if let Some((names, at)) = Self::label_refs(table, row) {
            self.lost(at, What::LabelReferences { names });
        }
        if text.is_empty() {
            self.changed(type_at.clone(), What::NoLabel { name: id.clone() });
            text = Tx::plain(id.clone(), name_at.clone(), self.languages.codes.len());
        }
        let mut guidance: Vec<Tx> = Vec::new();
        let pending = std::mem::take(&mut self.sections[section].pending);
        if !pending.is_empty() {
            if self.sections[section].questions.is_empty() {
                let section_id = self.sections[section].id.clone();
                for (note, at) in pending {
                    self.sections[section].description.push(note);
                    self.changed(
                        at,
                        What::NoteMoved {
                            to: NoteTo::Description(section_id.clone()),
                        },
                    );
                }
            } else {
                for (note, at) in pending {
                    guidance.push(note);
                    self.changed(
                        at,
                        What::NoteMoved {
                            to: NoteTo::Guidance(id.clone()),
                        },
                    );
                }
            }
        }
        for key in [Key::Hint, Key::GuidanceHint] {
            let part = self.tx(table, row, &key);
            if !part.is_empty() {
                guidance.push(part);
            }
        }
        self.other_cells(table, row, &consumed, false);
        if let Kind::Maturity { .. } = kind {
            self.changed(
                type_at.clone(),
                What::Scored {
                    name: id.clone(),
                    by: ScoredBy::Ladder,
                },
            );
        } else if let Kind::Single { scored: true, .. } | Kind::Multi { scored: true, .. } = kind {
            self.changed(
                type_at.clone(),
                What::Scored {
                    name: id.clone(),
                    by: ScoredBy::Scores,
                },
            );
        }
        let index = self.drafts.len();
        self.drafts.push(Draft {
            name,
            id,
            at: type_at,
            section,
            kind,
            text,
            guidance,
            required,
            relevant: table.value(row, &Key::Relevant),
            groups,
            min,
            max,
            other,
        });
        self.sections[section].questions.push(index);
    }

    /// A `range` question: a number from its `parameters` (`start=0 end=10 step=1`).
    fn range(&mut self, table: &Table<'_>, row: &Row) -> (Kind, Option<f64>, Option<f64>) {
        let (mut start, mut end, mut step) = (1.0, 10.0, 1.0);
        if let Some((parameters, at)) = table.value(row, &Key::Parameters) {
            let mut unread = Vec::new();
            for pair in parameters.split([' ', ',', ';']).filter(|p| !p.is_empty()) {
                let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                let number = value.trim().parse::<f64>().ok();
                match (key.trim().to_ascii_lowercase().as_str(), number) {
                    ("start", Some(n)) => start = n,
                    ("end", Some(n)) => end = n,
                    ("step", Some(n)) => step = n,
                    _ => unread.push(pair.to_string()),
                }
            }
            if !unread.is_empty() {
                self.lost(
                    at,
                    What::Parameters {
                        value: unread.join(" "),
                    },
                );
            }
        }
        let integer = start.fract() == 0.0 && step.fract() == 0.0;
        let (low, high) = if start <= end {
            (start, end)
        } else {
            (end, start)
        };
        (Kind::Number { integer }, Some(low), Some(high))
    }

    /// The kind of a select question over a list (kept as text when the
    /// list is missing or too short).
    fn choice_kind(&mut self, list: &str, multi: bool, other: bool, name: &str, at: &At) -> Kind {
        let Some(&index) = self.list_index.get(list) else {
            self.lost(
                at.clone(),
                What::ListMissing {
                    name: name.to_string(),
                    list: list.to_string(),
                },
            );
            return Kind::Text;
        };
        let count = self.lists[index].choices.len() + usize::from(other);
        self.lists[index].used = true;
        if count < 2 {
            self.lost(
                at.clone(),
                What::ListTooShort {
                    name: name.to_string(),
                    list: list.to_string(),
                    choices: count,
                },
            );
            return Kind::Text;
        }
        self.lists[index].used = true;
        let the_list = &self.lists[index];
        let names: Vec<&str> = the_list.choices.iter().map(|c| c.name.as_str()).collect();
        if !multi && !other {
            let mut sorted = names.clone();
            sorted.sort_unstable();
            if sorted == ["0", "1", "2", "3", "4"] {
                return Kind::Maturity { list: index };
            }
            // A yes/no list: names yes and no, labels (in some language) saying so.
            if names.len() == 2 && !the_list.scored {
                let says = |c: &ChoiceRow, word: &str| {
                    c.label.is_empty()
                        || c.label.parts.iter().flatten().any(|(t, _)| {
                            t.trim_matches(|ch: char| !ch.is_alphanumeric())
                                .eq_ignore_ascii_case(word)
                        })
                };
                let yes = the_list
                    .choices
                    .iter()
                    .find(|c| c.name.eq_ignore_ascii_case("yes"));
                let no = the_list
                    .choices
                    .iter()
                    .find(|c| c.name.eq_ignore_ascii_case("no"));
                if let (Some(yes), Some(no)) = (yes, no)
                    && says(yes, "yes")
                    && says(no, "no")
                {
                    return Kind::YesNo {
                        yes: yes.name.clone(),
                        no: no.name.clone(),
                    };
                }
            }
        }
        let scored = the_list.scored && !other;
        // The choice ids are the list's; their renames are said once.
        let renames = std::mem::take(&mut self.lists[index].renames);
        self.findings.extend(renames);
        if multi {
            Kind::Multi {
                list: index,
                scored,
            }
        } else {
            Kind::Single {
                list: index,
                scored,
            }
        }
    }

    /// Reports every cell of a row that the mapping did not read.
    fn other_cells(&mut self, table: &Table<'_>, row: &Row, consumed: &[Key], repeat: bool) {
        for column in &table.columns.columns {
            if consumed.contains(&column.key) {
                continue;
            }
            let value = row.get(column.index).trim();
            if value.is_empty() {
                continue;
            }
            let at = table.at(row, column);
            let value = value.to_string();
            let what = match &column.key {
                Key::Constraint => What::Constraint {
                    expr: value,
                    why: Why::NotARange,
                },
                Key::ConstraintMessage => What::ConstraintMessage { value },
                Key::RequiredMessage => What::RequiredMessage { value },
                Key::Calculation => What::Calculation { expr: value },
                Key::Default => What::Default { value },
                Key::Appearance => What::Appearance { value },
                Key::ChoiceFilter => What::ChoiceFilter { expr: value },
                Key::RepeatCount if repeat => What::RepeatCount { value },
                Key::ReadOnly => {
                    if yes_no_cell(&value) == Some(false) {
                        continue;
                    }
                    What::ReadOnly { value }
                }
                Key::Required if yes_no_cell(&value) == Some(false) => continue,
                Key::Parameters => What::Parameters { value },
                Key::Media(kind) => What::Media {
                    column: kind.clone(),
                    value,
                },
                Key::Trigger => What::Trigger { value },
                other => What::ColumnNotRead {
                    column: column.header.clone(),
                    value,
                    duplicate: matches!(other, Key::Duplicate(_)),
                },
            };
            self.lost(at, what);
        }
    }

    fn target(&self, kind: &Kind) -> Target {
        let choices = |list: usize| -> Vec<(String, String)> {
            self.lists[list]
                .choices
                .iter()
                .map(|c| (c.name.clone(), c.id.clone()))
                .collect()
        };
        match kind {
            Kind::Text => Target::Text,
            Kind::Number { .. } => Target::Number,
            Kind::Date => Target::Date,
            Kind::YesNo { yes, no } => Target::YesNo {
                yes: yes.clone(),
                no: no.clone(),
            },
            Kind::Maturity { .. } => Target::Maturity,
            Kind::Single { list, scored } => Target::Single {
                choices: choices(*list),
                levels: *scored
                    && self.lists[*list].choices.iter().all(|c| {
                        let score = c.score.as_ref().and_then(|(s, _)| s.parse::<f64>().ok());
                        let name = c.name.parse::<f64>().ok();
                        score.is_some() && score == name
                    }),
            },
            Kind::Multi { list, .. } => Target::Multi {
                choices: choices(*list),
            },
        }
    }

    /// The `when` of every question: its groups' conditions and its own.
    fn conditions(&mut self) -> Vec<Option<When>> {
        let targets: Vec<Target> = self.drafts.iter().map(|d| self.target(&d.kind)).collect();
        let mut by_name: HashMap<&str, usize> = HashMap::new();
        for (i, draft) in self.drafts.iter().enumerate() {
            if !draft.name.is_empty() {
                by_name.entry(draft.name.as_str()).or_insert(i);
            }
        }
        let drafts = &self.drafts;
        let not_carried = &self.not_carried;
        let group_names = &self.group_names;
        let lookup = |name: &str| -> Lookup<'_> {
            if let Some(&i) = by_name.get(name) {
                Lookup::Question {
                    id: &drafts[i].id,
                    target: &targets[i],
                }
            } else if not_carried.contains(name) {
                Lookup::NotCarried
            } else if group_names.contains(name) {
                Lookup::Group
            } else {
                Lookup::Unknown
            }
        };
        let mut findings = Vec::new();
        let group_whens: Vec<Option<Result<When, Why>>> = self
            .groups
            .iter()
            .map(|g| {
                g.relevant.as_ref().map(|(expr, _)| {
                    expr::parse(expr).and_then(|node| expr::translate(&node, &g.name, &lookup))
                })
            })
            .collect();
        for (group, result) in self.groups.iter().zip(&group_whens) {
            if let (Some((expr, at)), Some(Err(why))) = (&group.relevant, result) {
                findings.push(Finding {
                    at: at.clone(),
                    what: What::GroupRelevant {
                        group: group.name.clone(),
                        expr: expr.clone(),
                        why: why.clone(),
                    },
                });
            }
        }
        let mut whens = Vec::with_capacity(self.drafts.len());
        for draft in &self.drafts {
            let mut parts = Vec::new();
            for &g in &draft.groups {
                if let Some(Ok(when)) = &group_whens[g] {
                    if when.reads().contains(&draft.id.as_str()) {
                        let (expr, at) = self.groups[g].relevant.clone().expect("has a condition");
                        findings.push(Finding {
                            at,
                            what: What::GroupRelevant {
                                group: self.groups[g].name.clone(),
                                expr,
                                why: Why::ItSelf,
                            },
                        });
                    } else {
                        parts.push(when.clone());
                    }
                }
            }
            if let Some((expr, at)) = &draft.relevant {
                match expr::parse(expr)
                    .and_then(|node| expr::translate(&node, &draft.name, &lookup))
                {
                    Ok(when) => parts.push(when),
                    Err(why) => findings.push(Finding {
                        at: at.clone(),
                        what: What::Relevant {
                            expr: expr.clone(),
                            why,
                        },
                    }),
                }
            }
            whens.push(When::all(parts));
        }
        self.findings.extend(findings);
        self.break_cycles(&mut whens);
        whens
    }

    /// tana refuses conditions that depend on themselves through others:
    /// the condition that closes a cycle is dropped and reported.
    fn break_cycles(&mut self, whens: &mut [Option<When>]) {
        let index: HashMap<&str, usize> = self
            .drafts
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.as_str(), i))
            .collect();
        loop {
            let graph: Vec<Vec<usize>> = whens
                .iter()
                .map(|w| {
                    w.as_ref().map_or_else(Vec::new, |w| {
                        w.reads()
                            .iter()
                            .filter_map(|id| index.get(id).copied())
                            .collect()
                    })
                })
                .collect();
            let Some(cycle) = find_cycle(&graph) else {
                break;
            };
            let last = *cycle.last().expect("a cycle has a node");
            let names: Vec<String> = cycle
                .iter()
                .chain(cycle.first())
                .map(|&i| self.drafts[i].id.clone())
                .collect();
            let draft = &self.drafts[last];
            let (expr, at) = draft.relevant.clone().unwrap_or_else(|| {
                (
                    whens[last].as_ref().map(When::render).unwrap_or_default(),
                    draft.at.clone(),
                )
            });
            whens[last] = None;
            self.findings.push(Finding {
                at,
                what: What::Relevant {
                    expr,
                    why: Why::Cycle(names),
                },
            });
        }
    }

    fn text(&mut self, tx: &Tx) -> Option<out::Text> {
        let languages = &self.languages.codes;
        let present: Vec<(usize, &(String, At))> = tx
            .parts
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.as_ref().map(|p| (i, p)))
            .collect();
        let (first_index, (first_text, first_at)) = *present.first()?;
        let fallback = if first_index == 0 {
            first_text.clone()
        } else {
            self.findings.push(Finding {
                at: first_at.clone(),
                what: What::FallbackFrom {
                    fallback: languages[0].clone(),
                    from: languages[first_index].clone(),
                },
            });
            first_text.clone()
        };
        if present.len() == 1 && first_index == 0 || languages.len() == 1 {
            return Some(out::Text::Plain(fallback));
        }
        let mut pairs = vec![(languages[0].clone(), fallback)];
        for (i, (text, _)) in &present {
            if *i != 0 {
                pairs.push((languages[*i].clone(), text.clone()));
            }
        }
        if pairs.len() == 1 {
            return Some(out::Text::Plain(pairs.remove(0).1));
        }
        Some(out::Text::Translated(pairs))
    }

    #[allow(clippy::too_many_lines)] // assembling the questionnaire, section by section
    fn finish(mut self, settings: &Settings) -> Result<Mapped, Failure> {
        let whens = self.conditions();
        let (id, id_at) = match &settings.id {
            Some((value, at)) => (sanitize(value, "f"), Some((value.clone(), at.clone()))),
            None => (sanitize(self.source.stem, "f"), None),
        };
        match id_at {
            Some((value, at)) if value != id => self.changed(
                at,
                What::Renamed {
                    what: Named::Form,
                    from: value,
                    to: id.clone(),
                },
            ),
            Some(_) => {}
            None => {
                let at = At::new("settings", Place::Sheet);
                self.changed(at, What::NoFormId { id: id.clone() });
            }
        }
        let version = settings.version.clone().unwrap_or_else(|| {
            let version = "1".to_string();
            self.changed(
                At::new("settings", Place::Sheet),
                What::NoVersion {
                    version: version.clone(),
                },
            );
            version
        });
        let form_title = settings
            .title
            .clone()
            .or_else(|| settings.id.as_ref().map(|(v, _)| v.clone()))
            .unwrap_or_else(|| self.source.stem.to_string());
        self.title = Some(out::Text::Plain(form_title.clone()));
        let mut sections = Vec::new();
        let mut loose_seen = 0usize;
        let section_drafts = std::mem::take(&mut self.sections);
        for section in &section_drafts {
            if section.questions.is_empty() || !section.pending.is_empty() {
                if let Some((name, at)) = section
                    .group
                    .as_ref()
                    .filter(|_| section.questions.is_empty())
                {
                    self.lost(at.clone(), What::EmptyGroup { name: name.clone() });
                }
                for (note, at) in &section.pending {
                    let text = note
                        .parts
                        .iter()
                        .flatten()
                        .next()
                        .map(|(t, _)| t.clone())
                        .unwrap_or_default();
                    self.lost(at.clone(), What::NoteLost { text });
                }
                if section.questions.is_empty() {
                    continue;
                }
            }
            let title = match (&section.title, &section.group) {
                (Some(tx), _) => self
                    .text(tx)
                    .unwrap_or(out::Text::Plain(form_title.clone())),
                (None, Some((name, _))) if !name.is_empty() => out::Text::Plain(name.clone()),
                (None, Some(_)) => out::Text::Plain(words::untitled_group().to_string()),
                (None, None) => {
                    loose_seen += 1;
                    if loose_seen == 1 {
                        out::Text::Plain(form_title.clone())
                    } else {
                        out::Text::Plain(words::continued(&form_title, loose_seen))
                    }
                }
            };
            let description = if section.description.is_empty() {
                None
            } else {
                let joined = self.join(&section.description);
                self.text(&joined)
            };
            let mut questions = Vec::new();
            let mut scored = false;
            for &q in &section.questions {
                let draft = self.drafts[q].clone();
                let question = self.question_out(&draft, whens[q].as_ref());
                scored |= question.kind == "maturity"
                    || question
                        .choices
                        .as_ref()
                        .is_some_and(|c| c.iter().all(|c| c.score.is_some()) && !c.is_empty());
                questions.push(question);
            }
            sections.push(out::Section {
                id: section.id.clone(),
                kind: if scored { "scored" } else { "context" },
                title,
                description,
                questions,
            });
        }
        for list in &self.lists {
            if !list.used {
                self.findings.push(Finding {
                    at: list.at.clone(),
                    what: What::UnusedList {
                        list: list.name.clone(),
                    },
                });
            }
        }
        if sections.is_empty() {
            return Err(Failure::NoQuestion);
        }
        let languages = if self.languages.named {
            self.languages.codes.clone()
        } else {
            Vec::new()
        };
        let mut findings = self.findings;
        findings.sort_by(|a, b| a.at.cmp(&b.at));
        Ok(Mapped {
            questionnaire: out::Questionnaire {
                format: 1,
                id,
                version,
                title: self.title.unwrap_or(out::Text::Plain(form_title)),
                languages,
                sections,
            },
            findings,
        })
    }

    fn question_out(&mut self, draft: &Draft, when: Option<&When>) -> out::Question {
        let text = self
            .text(&draft.text)
            .unwrap_or_else(|| out::Text::Plain(draft.id.clone()));
        let guidance = if draft.guidance.is_empty() {
            None
        } else {
            let joined = self.join(&draft.guidance);
            self.text(&joined)
        };
        let mut question = out::Question {
            id: draft.id.clone(),
            kind: "text",
            text,
            guidance,
            levels: None,
            choices: None,
            min: None,
            max: None,
            integer: None,
            required: draft.required.filter(|r| *r),
            when: when.map(When::render),
        };
        match &draft.kind {
            Kind::Text => {}
            Kind::Date => question.kind = "date",
            Kind::Number { integer } => {
                question.kind = "number";
                question.integer = integer.then_some(true);
                question.min = draft.min.map(out::Number);
                question.max = draft.max.map(out::Number);
            }
            Kind::YesNo { .. } => question.kind = "yesno",
            Kind::Maturity { list } => {
                question.kind = "maturity";
                question.required = match draft.required {
                    Some(true) => None,
                    _ => Some(false),
                };
                let rows = self.lists[*list].choices.clone();
                let mut levels = Vec::new();
                for choice in rows {
                    let level: u8 = choice.name.parse().unwrap_or(0);
                    let text = self.text(&choice.label).unwrap_or_else(|| {
                        out::Text::Plain(
                            crate::questionnaire::LEVEL_NAMES[usize::from(level)].to_string(),
                        )
                    });
                    levels.push(out::Level(level, text));
                }
                levels.sort_by_key(|l| l.0);
                question.levels = Some(levels);
            }
            Kind::Single { list, scored } | Kind::Multi { list, scored } => {
                question.kind = if matches!(draft.kind, Kind::Multi { .. }) {
                    "multi"
                } else {
                    "single"
                };
                let rows = self.lists[*list].choices.clone();
                let mut choices = Vec::new();
                for choice in rows {
                    let label = self
                        .text(&choice.label)
                        .unwrap_or_else(|| out::Text::Plain(choice.name.clone()));
                    let score = if *scored {
                        choice
                            .score
                            .as_ref()
                            .and_then(|(s, _)| s.parse::<f64>().ok())
                            .map(out::Number)
                    } else {
                        None
                    };
                    choices.push(out::Choice {
                        id: choice.id,
                        label,
                        score,
                    });
                }
                if draft.other && !choices.iter().any(|c| c.id == "other") {
                    choices.push(out::Choice {
                        id: "other".into(),
                        label: out::Text::Plain(words::other_choice().to_string()),
                        score: None,
                    });
                }
                question.choices = Some(choices);
            }
        }
        let _ = draft.section;
        question
    }
}

/// The 1-based row (or line) of a place, for ids made up for nameless rows.
fn row_number(at: &At) -> u32 {
    match at.place {
        Place::Cell { row, .. } => row + 1,
        Place::Text { line, .. } => line,
        Place::Sheet => 0,
    }
}

/// One cycle in a graph of "reads" edges, as the nodes on it.
fn find_cycle(graph: &[Vec<usize>]) -> Option<Vec<usize>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let mut marks = vec![Mark::New; graph.len()];
    for start in 0..graph.len() {
        if marks[start] != Mark::New {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        marks[start] = Mark::Open;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&target) = graph[node].get(*next) {
                *next += 1;
                match marks[target] {
                    Mark::New => {
                        marks[target] = Mark::Open;
                        stack.push((target, 0));
                    }
                    Mark::Open => {
                        let from = stack.iter().position(|(n, _)| *n == target)?;
                        return Some(stack[from..].iter().map(|(n, _)| *n).collect());
                    }
                    Mark::Done => {}
                }
            } else {
                marks[node] = Mark::Done;
                stack.pop();
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_ids() {
        assert_eq!(sanitize("age", "q"), "age");
        assert_eq!(sanitize("_age", "q"), "q_age");
        assert_eq!(sanitize("1", "c"), "c1");
        assert_eq!(sanitize("âge du chef", "q"), "q_ge_du_chef");
        assert_eq!(sanitize("a..b.", "q"), "a.b");
        assert_eq!(sanitize("", "q"), "q");
        let mut taken = HashSet::new();
        assert_eq!(unique("a".into(), &mut taken), "a");
        assert_eq!(unique("a".into(), &mut taken), "a-2");
        assert_eq!(not_a_keyword("is".into()), "is_");
    }

    #[test]
    fn types_are_read_in_every_spelling() {
        assert_eq!(
            row_type("select one from sexes or specify other"),
            RowType::Select {
                multi: false,
                list: "sexes".into(),
                other: true
            }
        );
        assert_eq!(
            row_type("select_multiple Fruits"),
            RowType::Select {
                multi: true,
                list: "Fruits".into(),
                other: false
            }
        );
        assert_eq!(
            row_type("select all that apply from toilet_type or specify other"),
            RowType::Select {
                multi: true,
                list: "toilet_type".into(),
                other: true
            }
        );
        assert_eq!(row_type("begin_group"), RowType::Begin { repeat: false });
        assert_eq!(
            row_type("begin loop over x"),
            RowType::Begin { repeat: true }
        );
        assert_eq!(row_type("end"), RowType::Drop(Dropped::Metadata));
        assert_eq!(row_type("end group"), RowType::End);
        assert_eq!(row_type("select_one_from_file f.csv"), RowType::FromFile);
        assert_eq!(row_type("geopoint"), RowType::AsText);
        assert_eq!(row_type("image"), RowType::Drop(Dropped::Media));
    }

    #[test]
    fn a_note_before_a_group_goes_to_the_question_before_it() {
        let sheets = super::super::book::from_markdown(
            "| survey |\n| | type | name | label |\n| | text | a | A? |\n| | note | n | Loose note |\n| | begin group | g | G |\n| | text | b | B? |\n| | end group | | |\n",
        );
        let book = Workbook {
            shape: super::super::book::Shape::Markdown,
            sheets,
            hash: String::new(),
        };
        let mapped = map(&book, Source { stem: "t" }).unwrap();
        let a = &mapped.questionnaire.sections[0].questions[0];
        assert_eq!(a.guidance, Some(out::Text::Plain("Loose note".into())));
        assert!(mapped.findings.iter().any(|f| matches!(
            &f.what,
            What::NoteMoved { to: NoteTo::Guidance(q) } if q == "a"
        )));
        assert!(!mapped.findings.iter().any(|f| f.what.code() == "note_lost"));
    }

    #[test]
    fn a_cycle_is_found() {
        assert_eq!(find_cycle(&[vec![1], vec![2], vec![]]), None);
        assert_eq!(
            find_cycle(&[vec![1], vec![2], vec![0]]),
            Some(vec![0, 1, 2])
        );
    }
}
