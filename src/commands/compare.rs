//! `tana compare`: several missions side by side as Markdown (default, on
//! standard output), one CSV table, a workbook of every table, or JSON.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use serde::Serialize;

use crate::cli::usage_error;
use crate::compare::{self, Comparison, TableKind};
use crate::export::Format;

/// The version of the JSON document of `tana compare` (`tana-compare`).
pub const VERSION: u32 = 1;

/// The formats `tana compare` writes, Markdown first (the default).
pub const FORMATS: [&str; 4] = ["md", "csv", "xlsx", "json"];

#[derive(Serialize)]
struct Document<'a> {
    #[serde(rename = "tana-compare")]
    version: u32,
    generator: String,
    #[serde(flatten)]
    comparison: &'a Comparison,
}

pub fn compare(
    sessions: &[PathBuf],
    format: Option<&str>,
    table: Option<&str>,
    changes: bool,
    output: Option<&Path>,
) -> Result<ExitCode> {
    // None: Markdown.
    let export_format =
        super::export::format_for_output(output, format, &FORMATS)?.and_then(Format::parse);
    let table = table
        .map(|t| TableKind::parse(t).ok_or_else(|| usage_error(format!("unknown table {t}"))))
        .transpose()?;
    if table == Some(TableKind::Changes) && !changes {
        return Err(usage_error("--table changes needs --changes"));
    }
    let mut loaded = super::export::load_sessions(sessions)?;
    if changes {
        if loaded.len() != 2 {
            return Err(usage_error(format!(
                "--changes compares a follow-up mission with the previous one: give exactly two sessions of the same State, not {}",
                loaded.len()
            )));
        }
        let state = |l: &super::Loaded| {
            l.session
                .state
                .code
                .clone()
                .unwrap_or_else(|| l.session.state.name.clone())
        };
        if state(&loaded[0]) != state(&loaded[1]) {
            return Err(usage_error(format!(
                "--changes compares two missions to the same State, but {} is about {} and {} about {}",
                loaded[0].path.display(),
                loaded[0].session.state.name,
                loaded[1].path.display(),
                loaded[1].session.state.name
            )));
        }
        // The earlier mission first, whatever the order given.
        let when = |l: &super::Loaded| (l.session.mission.start, l.session.created);
        loaded.sort_by_key(when);
    }
    let summaries = loaded
        .iter()
        .map(|l| {
            let scores = crate::scoring::score(&l.questionnaire, &l.session);
            compare::summary(&l.questionnaire, &l.session, &scores)
        })
        .collect();
    let comparison = compare::compare(summaries, changes);
    let (bytes, format) = match export_format {
        None => (
            crate::words::compare::markdown(&comparison).into_bytes(),
            Format::Csv,
        ),
        Some(Format::Csv) => {
            let kind = table.unwrap_or(TableKind::Areas);
            let t = compare::table(&comparison, kind)
                .ok_or_else(|| usage_error("--table changes needs --changes"))?;
            (crate::table::csv(&t)?, Format::Csv)
        }
        Some(Format::Xlsx) => {
            let tables: Vec<_> = match table {
                Some(kind) => compare::table(&comparison, kind).into_iter().collect(),
                None => compare::tables(&comparison),
            };
            let (bytes, cut) = crate::table::xlsx(&tables, crate::words::CUT_MARKER)?;
            for c in cut {
                crate::status::note(&crate::words::cut_cell(&c.sheet, &c.cell, &c.column));
            }
            (bytes, Format::Xlsx)
        }
        Some(Format::Json) => {
            let doc = Document {
                version: VERSION,
                generator: format!("tana {}", env!("CARGO_PKG_VERSION")),
                comparison: &comparison,
            };
            (
                format!("{}\n", serde_json::to_string_pretty(&doc)?).into_bytes(),
                Format::Json,
            )
        }
    };
    let bytes = match export_format {
        Some(Format::Csv) => super::export::with_bom(output, Format::Csv, bytes),
        _ => bytes,
    };
    if let Some(path) = super::export::write_out(output, format, &bytes)? {
        crate::status::status(&crate::words::comparison_written(
            &path.display().to_string(),
            comparison.missions.len(),
        ));
    }
    Ok(ExitCode::SUCCESS)
}
