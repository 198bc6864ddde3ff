//! `tana export`: the answers of one or more missions for the tools
//! people analyse surveys with, built from [`crate::view`] (the same view
//! the report words its values with). Long shape: one row per mission and
//! question, as `KoboToolbox` and Survey Solutions export repeat groups; wide
//! shape: one row per mission and one column per question. CSV, an Excel
//! workbook (answers, areas and missions sheets) or JSON with a version
//! field and a schema (docs/export.md, docs/export.schema.json).

use anyhow::Result;
use serde::Serialize;

use crate::table::{self, Cell, Table};
use crate::view::{AnswerView, MissionData};
use crate::words;

/// The version of the JSON document's shape (`tana-export`), raised when a
/// field changes meaning or goes; new fields may appear without it.
pub const VERSION: u32 = 1;

/// The `$id` of the schema, written in every document's `schema` field.
pub const SCHEMA_ID: &str = "tana-export-1.schema.json";

/// The JSON Schema of the document, shipped with tana (`tana export --schema`).
pub const SCHEMA: &str = include_str!("../docs/export.schema.json");

/// What the export is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
    Json,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Csv, Format::Xlsx, Format::Json];
    pub const NAMES: [&str; 3] = ["csv", "xlsx", "json"];

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    pub fn parse(name: &str) -> Option<Format> {
        Self::NAMES
            .iter()
            .position(|n| n.eq_ignore_ascii_case(name))
            .map(|i| Self::ALL[i])
    }

    /// The format a file name implies by its extension.
    pub fn of_path(path: &std::path::Path) -> Option<Format> {
        path.extension()
            .and_then(|e| e.to_str())
            .and_then(Format::parse)
    }
}

/// Whether a row is an answer or a mission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// One row per mission and question.
    Long,
    /// One row per mission, one column per question.
    Wide,
}

/// The columns of the long shape, in order.
pub const LONG_COLUMNS: [&str; 25] = [
    "mission_id",
    "state",
    "state_code",
    "mission_start",
    "mission_end",
    "section_id",
    "section_title",
    "question_id",
    "title",
    "question",
    "kind",
    "indicator",
    "status",
    "status_code",
    "value",
    "value_raw",
    "level",
    "target",
    "gap",
    "confidence",
    "sources",
    "source_ids",
    "note",
    "reason",
    "time",
];

/// The columns of the wide shape before the question columns.
pub const WIDE_MISSION_COLUMNS: [&str; 7] = [
    "mission_id",
    "state",
    "state_code",
    "mission_title",
    "mission_start",
    "mission_end",
    "overall",
];

fn yes_no(value: bool) -> Cell {
    Cell::text(if value { "yes" } else { "no" })
}

fn answer_cells(m: &MissionData, a: &AnswerView) -> Vec<Cell> {
    let mission = &m.mission;
    vec![
        Cell::text(&mission.id),
        Cell::text(&mission.state),
        Cell::text(mission.state_code.clone().unwrap_or_default()),
        Cell::text(mission.start.clone().unwrap_or_default()),
        Cell::text(mission.end.clone().unwrap_or_default()),
        Cell::text(&a.section_id),
        Cell::text(&a.section_title),
        Cell::text(&a.question_id),
        Cell::text(&a.title),
        Cell::text(&a.question),
        Cell::text(a.kind),
        yes_no(a.indicator),
        Cell::text(a.status),
        Cell::text(a.status_code.unwrap_or_default()),
        Cell::text(&a.value),
        match &a.value_raw {
            serde_json::Value::Number(n) => Cell::number(n.as_f64()),
            _ => Cell::text(a.value_raw_text()),
        },
        Cell::number(a.level),
        Cell::number(a.target.map(f64::from)),
        Cell::number(a.gap),
        Cell::text(a.confidence.unwrap_or_default()),
        Cell::text(a.sources_text()),
        Cell::text(a.source_ids()),
        Cell::text(&a.note),
        Cell::text(&a.reason),
        Cell::text(a.time.clone().unwrap_or_default()),
    ]
}

/// One row per mission and question.
pub fn long_table(missions: &[MissionData]) -> Table {
    let mut table = Table::new("answers", &LONG_COLUMNS);
    for m in missions {
        for a in &m.answers {
            table.push(answer_cells(m, a));
        }
    }
    table
}

/// The question ids of all missions, in the order first met (missions made
/// with different questionnaires get the union of their questions).
fn question_columns(missions: &[MissionData]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for m in missions {
        for a in &m.answers {
            if seen.insert(a.question_id.as_str()) {
                out.push(a.question_id.clone());
            }
        }
    }
    out
}

/// The cell of one question in the JSON wide shape's `values`: the value
/// as read, with the status beside it when the answer is not a plain answer.
fn wide_value(a: &AnswerView) -> String {
    words::wide_value(&a.value, a.status)
}

/// The analysable value of one question in the wide shape: an indicator's
/// scored level (none when it is not scored: to confirm, not applicable, a
/// policy choice, open), else the value as recorded when the question is
/// answered (a number, a choice id, choice ids, true/false, text, a date).
/// Its status is in the companion `_status` column.
fn wide_data(a: &AnswerView) -> serde_json::Value {
    if a.indicator {
        a.level
            .map_or(serde_json::Value::Null, serde_json::Value::from)
    } else if a.status_code == Some("answered") {
        a.value_raw.clone()
    } else {
        serde_json::Value::Null
    }
}

/// [`wide_data`] as a table cell: numbers as numbers, choice ids joined by
/// `;` (as the long shape's `value_raw`).
fn wide_cell(a: &AnswerView) -> Cell {
    match wide_data(a) {
        serde_json::Value::Null => Cell::Empty,
        serde_json::Value::Number(n) => Cell::number(n.as_f64()),
        serde_json::Value::String(s) => Cell::text(s),
        serde_json::Value::Array(items) => Cell::text(
            items
                .iter()
                .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
                .collect::<Vec<_>>()
                .join(";"),
        ),
        other => Cell::text(other.to_string()),
    }
}

/// The name of a question's status column in the wide shape: `A1.1_status`.
pub fn status_column(question_id: &str) -> String {
    format!("{question_id}_status")
}

/// The first answer view met for each question of [`question_columns`],
/// for the headers' notes and the questions sheet.
fn first_views<'a>(missions: &'a [MissionData], questions: &[String]) -> Vec<&'a AnswerView> {
    questions
        .iter()
        .filter_map(|id| {
            missions
                .iter()
                .find_map(|m| m.answers.iter().find(|a| &a.question_id == id))
        })
        .collect()
}

/// One row per mission; for each question (by id) two columns: the
/// analysable value ([`wide_data`]) and its status (`A1.1_status`). In a
/// workbook each question's header carries a note with its title.
pub fn wide_table(missions: &[MissionData]) -> Table {
    let questions = question_columns(missions);
    let mut headers: Vec<String> = WIDE_MISSION_COLUMNS
        .iter()
        .map(|h| (*h).to_string())
        .collect();
    for id in &questions {
        headers.push(id.clone());
        headers.push(status_column(id));
    }
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut table = Table::new("missions", &headers);
    for (i, a) in first_views(missions, &questions).into_iter().enumerate() {
        let column = WIDE_MISSION_COLUMNS.len() + 2 * i;
        table.notes.push((
            column,
            words::wide_header_note(&a.title, &a.question, a.kind),
        ));
    }
    for m in missions {
        let mission = &m.mission;
        let mut row = vec![
            Cell::text(&mission.id),
            Cell::text(&mission.state),
            Cell::text(mission.state_code.clone().unwrap_or_default()),
            Cell::text(mission.title.clone().unwrap_or_default()),
            Cell::text(mission.start.clone().unwrap_or_default()),
            Cell::text(mission.end.clone().unwrap_or_default()),
            Cell::number(m.overall),
        ];
        for id in &questions {
            match m.answers.iter().find(|a| &a.question_id == id) {
                Some(a) => {
                    row.push(wide_cell(a));
                    row.push(Cell::text(a.status));
                }
                None => row.extend([Cell::Empty, Cell::Empty]),
            }
        }
        table.push(row);
    }
    table
}

/// The columns of the questions sheet of a wide workbook.
pub const QUESTION_COLUMNS: [&str; 8] = [
    "question_id",
    "status_column",
    "section_id",
    "section_title",
    "title",
    "question",
    "kind",
    "indicator",
];

/// The questions sheet of a wide workbook: what each column is.
pub fn questions_table(missions: &[MissionData]) -> Table {
    let questions = question_columns(missions);
    let mut table = Table::new("questions", &QUESTION_COLUMNS);
    for a in first_views(missions, &questions) {
        table.push(vec![
            Cell::text(&a.question_id),
            Cell::text(status_column(&a.question_id)),
            Cell::text(&a.section_id),
            Cell::text(&a.section_title),
            Cell::text(&a.title),
            Cell::text(&a.question),
            Cell::text(a.kind),
            yes_no(a.indicator),
        ]);
    }
    table
}

/// The columns of the areas sheet.
pub const AREA_COLUMNS: [&str; 17] = [
    "mission_id",
    "state",
    "mission_start",
    "area_id",
    "area_title",
    "level",
    "lowest_id",
    "lowest_level",
    "target",
    "gap",
    "confidence",
    "scored",
    "applicable",
    "to_confirm",
    "open",
    "not_applicable",
    "policy_choice",
];

/// One row per mission and scored area.
pub fn areas_table(missions: &[MissionData]) -> Table {
    let mut table = Table::new("areas", &AREA_COLUMNS);
    for m in missions {
        for a in &m.areas {
            table.push(vec![
                Cell::text(&m.mission.id),
                Cell::text(&m.mission.state),
                Cell::text(m.mission.start.clone().unwrap_or_default()),
                Cell::text(&a.id),
                Cell::text(&a.title),
                Cell::number(a.level),
                Cell::text(a.lowest_id.clone().unwrap_or_default()),
                Cell::number(a.lowest_level),
                Cell::number(Some(f64::from(a.target))),
                Cell::number(a.gap),
                Cell::text(a.confidence),
                Cell::count(a.scored),
                Cell::count(a.applicable),
                Cell::count(a.to_confirm),
                Cell::count(a.open),
                Cell::count(a.not_applicable),
                Cell::count(a.policy_choice),
            ]);
        }
    }
    table
}

/// The export as a JSON document (docs/export.schema.json), its fields in
/// the documented order.
#[derive(Debug, Serialize)]
pub struct Document<'a> {
    #[serde(rename = "tana-export")]
    pub version: u32,
    pub schema: &'static str,
    pub generator: String,
    /// `long` or `wide`.
    pub shape: &'static str,
    pub missions: Missions<'a>,
}

/// The missions of a document, in its shape.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Missions<'a> {
    Long(&'a [MissionData]),
    Wide(Vec<WideMission<'a>>),
}

/// A mission in the wide shape: one value per question.
#[derive(Debug, Serialize)]
pub struct WideMission<'a> {
    #[serde(flatten)]
    pub mission: &'a crate::view::MissionView,
    pub overall: Option<f64>,
    /// Question id → the value as read (`2 (established) (to confirm)`).
    pub values: Values<String>,
    /// Question id → the analysable value, as in the wide CSV's columns
    /// (a number, choice ids as recorded, `null` when none).
    pub data: Values<serde_json::Value>,
    /// Question id → its status as read (`answered`, `to confirm`, …).
    pub status: Values<&'static str>,
}

/// Question id → value, in questionnaire order.
#[derive(Debug)]
pub struct Values<T>(pub Vec<(String, T)>);

impl<T: Serialize> Serialize for Values<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

pub fn document(missions: &[MissionData], shape: Shape) -> Document<'_> {
    Document {
        version: VERSION,
        schema: SCHEMA_ID,
        generator: format!("tana {}", env!("CARGO_PKG_VERSION")),
        shape: match shape {
            Shape::Long => "long",
            Shape::Wide => "wide",
        },
        missions: match shape {
            Shape::Long => Missions::Long(missions),
            Shape::Wide => Missions::Wide(
                missions
                    .iter()
                    .map(|m| WideMission {
                        mission: &m.mission,
                        overall: m.overall,
                        values: Values(
                            m.answers
                                .iter()
                                .map(|a| (a.question_id.clone(), wide_value(a)))
                                .collect(),
                        ),
                        data: Values(
                            m.answers
                                .iter()
                                .map(|a| (a.question_id.clone(), wide_data(a)))
                                .collect(),
                        ),
                        status: Values(
                            m.answers
                                .iter()
                                .map(|a| (a.question_id.clone(), a.status))
                                .collect(),
                        ),
                    })
                    .collect(),
            ),
        },
    }
}

/// An export ready to write, and the workbook cells cut to fit.
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub cut: Vec<table::CutCell>,
}

/// The export in the format and shape asked for.
pub fn render(missions: &[MissionData], format: Format, shape: Shape) -> Result<Rendered> {
    let main = match shape {
        Shape::Long => long_table(missions),
        Shape::Wide => wide_table(missions),
    };
    match format {
        Format::Csv => Ok(Rendered {
            bytes: table::csv(&main)?,
            cut: Vec::new(),
        }),
        Format::Xlsx => {
            let mut sheets = vec![main];
            match shape {
                Shape::Long => {
                    sheets.push(areas_table(missions));
                    sheets.push(wide_missions_only(missions));
                }
                Shape::Wide => sheets.push(questions_table(missions)),
            }
            let (bytes, cut) = table::xlsx(&sheets, words::CUT_MARKER)?;
            Ok(Rendered { bytes, cut })
        }
        Format::Json => {
            let text = serde_json::to_string_pretty(&document(missions, shape))?;
            Ok(Rendered {
                bytes: format!("{text}\n").into_bytes(),
                cut: Vec::new(),
            })
        }
    }
}

/// The missions sheet of a long workbook: one row per mission, without the
/// question columns (those are in the answers sheet).
fn wide_missions_only(missions: &[MissionData]) -> Table {
    let mut table = wide_table(missions);
    let keep = WIDE_MISSION_COLUMNS.len();
    table.headers.truncate(keep);
    table.notes.clear();
    for row in &mut table.rows {
        row.truncate(keep);
    }
    table
}
