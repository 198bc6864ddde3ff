//! `tana import --roster FILE.csv` (or `-`, standard input): a roster from an HR department's CSV
//! (see [`crate::roster::csv`]), written as a roster file that passes
//! `tana validate`, or every problem located and nothing written.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Result, bail};

use crate::output::{self, Destination, Policy};
use crate::roster::Roster;
use crate::words;
use crate::yaml::{self, Limits};

/// What `tana import --roster` was asked.
pub struct RosterImport<'a> {
    pub csv: &'a Path,
    pub output: Option<&'a Path>,
    pub title: Option<&'a str>,
    /// A roster whose expertise vocabulary (`tags`) to use instead of the built-in one.
    pub tags_from: Option<&'a Path>,
    pub force: bool,
}

pub fn roster_import(args: &RosterImport<'_>) -> Result<ExitCode> {
    let from_stdin = crate::stdin::is_stdin(args.csv);
    if from_stdin && args.output.is_none() {
        return Err(crate::cli::usage_error(words::ROSTER_STDIN_NEEDS_OUTPUT));
    }
    let file = args.csv.display().to_string();
    let text = if from_stdin {
        crate::stdin::read(Limits::ROSTER)
    } else {
        yaml::read_source(args.csv, Limits::ROSTER)
    }
    .map_err(|p| anyhow::anyhow!("{}", p.display_in(args.csv)))?;
    let tags = match args.tags_from {
        Some(path) => {
            Roster::load(path)
                .map_err(|e| anyhow::anyhow!("{}", e.render().trim_end()))?
                .tags
        }
        None => Roster::embedded().tags,
    };
    let stem = if from_stdin {
        words::ROSTER_FROM_STDIN.to_string()
    } else {
        args.csv
            .file_name()
            .map_or_else(|| file.clone(), |n| n.to_string_lossy().into_owned())
    };
    let title = args
        .title
        .map_or_else(|| words::imported_roster_title(&stem), str::to_string);
    let imported = match crate::roster::csv::import(&text, &title, &tags) {
        Ok(imported) => imported,
        Err(rejected) => {
            for p in &rejected.notes {
                crate::status::note(&p.display_in(&file));
            }
            for p in &rejected.problems {
                crate::terminal::eprint_line(&p.display_in(&file));
            }
            bail!(
                "{}",
                words::roster_not_imported(&file, rejected.problems.len())
            );
        }
    };
    for p in &imported.notes {
        crate::status::note(&p.display_in(&file));
    }
    let destination = match args.output {
        Some(path) => Destination::from_arg(path),
        None => Destination::File(PathBuf::from(args.csv).with_extension("yaml")),
    };
    if let Destination::File(path) = &destination
        && !args.force
        && std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file())
    {
        return Err(crate::cli::usage_error(format!(
            "{} exists; give --force to replace it, or another -o FILE",
            path.display()
        )));
    }
    let mut bytes = crate::roster::csv::file_header(if from_stdin {
        words::ROSTER_FROM_STDIN
    } else {
        &file
    });
    bytes.push_str(&imported.yaml);
    let written = output::write(&destination, bytes.as_bytes(), Policy::Overwrite)?;
    if let Some(path) = written.path {
        crate::status::status(&words::roster_written(
            &path.display().to_string(),
            imported.roster.experts.len(),
        ));
    }
    Ok(ExitCode::SUCCESS)
}
