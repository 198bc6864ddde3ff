//! The needs-assessment report: data gathered from scoring, needs and
//! matching (`data`), rendered by minijinja templates in which every printed
//! value is escaped for Markdown unless a filter placed it (`cell`,
//! `block`), plus SVG charts beside the Markdown (`svg`). Templates are
//! embedded by default, load only from their own folder when overridden,
//! stop on undefined variables and on runaway loops or recursion, and a
//! report is written only when it rendered completely.

pub mod data;
pub mod markdown;
pub mod svg;

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use minijinja::value::ValueKind;
use minijinja::{Environment, UndefinedBehavior, Value};

use crate::interview::Interview;
use crate::matching::{self, MatchResult};
use crate::needs::{self, NeedsAssessment};
use crate::questionnaire::Questionnaire;
use crate::roster::Roster;
use crate::scoring::{self, Scores};
use crate::session::Session;

/// The embedded templates, by name.
pub const TEMPLATES: [(&str, &str); 6] = [
    ("report.md.j2", include_str!("../templates/report.md.j2")),
    ("_scale.md.j2", include_str!("../templates/_scale.md.j2")),
    ("_areas.md.j2", include_str!("../templates/_areas.md.j2")),
    ("_needs.md.j2", include_str!("../templates/_needs.md.j2")),
    (
        "_experts.md.j2",
        include_str!("../templates/_experts.md.j2"),
    ),
    ("_annex.md.j2", include_str!("../templates/_annex.md.j2")),
];

/// The entry template.
pub const ENTRY: &str = "report.md.j2";

/// Limits that stop a runaway template.
const FUEL: u64 = 50_000_000;
const RECURSION_LIMIT: usize = 100;

/// Where templates come from.
#[derive(Debug, Clone)]
pub enum Templates {
    Embedded,
    /// A template file; anything it includes must be in the same folder.
    File(PathBuf),
}

/// Everything computed from a session, ready for the report, `score` and `match`.
pub struct Analysis {
    pub scores: Scores,
    pub needs: NeedsAssessment,
    pub profile: matching::Profile,
    pub matched: MatchResult,
}

impl Analysis {
    /// The analysis of the report: experts matched for delivery.
    pub fn of(questionnaire: &Questionnaire, session: &Session, roster: &Roster) -> Analysis {
        Self::with(
            questionnaire,
            session,
            roster,
            &matching::Options::default(),
        )
    }

    /// The analysis with experts matched as `options` say.
    pub fn with(
        questionnaire: &Questionnaire,
        session: &Session,
        roster: &Roster,
        options: &matching::Options,
    ) -> Analysis {
        let scores = scoring::score(questionnaire, session);
        let needs = needs::classify(questionnaire, session, &scores);
        let profile = matching::Profile::of(questionnaire, session);
        let matched = matching::match_assessment(roster, &needs, &profile, options);
        Analysis {
            scores,
            needs,
            profile,
            matched,
        }
    }
}

fn environment(templates: &Templates) -> Result<(Environment<'static>, String)> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(FUEL));
    env.set_recursion_limit(RECURSION_LIMIT);
    env.set_formatter(|out, _state, value| {
        if value.is_safe() {
            out.write_str(value.as_str().unwrap_or_default())?;
        } else {
            match value.kind() {
                ValueKind::Undefined | ValueKind::None => {}
                ValueKind::Number | ValueKind::Bool => write!(out, "{value}")?,
                ValueKind::String => {
                    out.write_str(&markdown::inline(value.as_str().unwrap_or_default()))?;
                }
                _ => out.write_str(&markdown::inline(&value.to_string()))?,
            }
        }
        Ok(())
    });
    env.add_filter("inline", |text: &str| {
        Value::from_safe_string(markdown::inline(text))
    });
    env.add_filter("cell", |value: Value| {
        Value::from_safe_string(markdown::cell(&plain(&value)))
    });
    env.add_filter("block", |text: &str| {
        Value::from_safe_string(markdown::block(text))
    });
    env.add_filter("code", |text: &str| {
        Value::from_safe_string(markdown::code(text))
    });
    env.add_filter("level", |value: Value| -> Value {
        let text = match value.kind() {
            ValueKind::Number => {
                f64::try_from(value).map_or_else(|_| "–".into(), |l| format!("{l:.1}"))
            }
            _ => "–".into(),
        };
        Value::from_safe_string(text)
    });
    let entry = match templates {
        Templates::Embedded => {
            for (name, source) in TEMPLATES {
                env.add_template(name, source)
                    .with_context(|| format!("the built-in template {name}"))?;
            }
            ENTRY.to_string()
        }
        Templates::File(path) => {
            let folder = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."))
                .to_path_buf();
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .with_context(|| format!("{} is not a template file", path.display()))?;
            if !path.is_file() {
                bail!("the template {} does not exist", path.display());
            }
            env.set_loader(minijinja::path_loader(folder));
            name
        }
    };
    Ok((env, entry))
}

/// Text of a value as a person reads it (for the `cell` filter, which also takes numbers).
fn plain(value: &Value) -> String {
    match value.kind() {
        ValueKind::Undefined | ValueKind::None => String::new(),
        ValueKind::String => value.as_str().unwrap_or_default().to_string(),
        _ => value.to_string(),
    }
}

/// Describes a template error with the template's name and line.
fn template_error(error: &minijinja::Error) -> anyhow::Error {
    use std::error::Error as _;
    let mut message = match (error.name(), error.line()) {
        (Some(name), Some(line)) => format!("template {name}, line {line}: "),
        (Some(name), None) => format!("template {name}: "),
        _ => "template: ".to_string(),
    };
    message.push_str(&error.detail().map_or_else(
        || error.kind().to_string(),
        |d| format!("{}: {d}", error.kind()),
    ));
    let mut source = error.source();
    while let Some(inner) = source {
        let _ = write!(message, " ({inner})");
        source = inner.source();
    }
    anyhow::anyhow!(message)
}

/// Renders the report's Markdown.
pub fn render(report: &data::ReportData, templates: &Templates) -> Result<String> {
    let (env, entry) = environment(templates)?;
    let template = env.get_template(&entry).map_err(|e| template_error(&e))?;
    let mut text = template
        .render(Value::from(minijinja::value::Serde(report)))
        .map_err(|e| template_error(&e))?;
    // Collapse the blank lines templates leave behind.
    while text.contains("\n\n\n") {
        text = text.replace("\n\n\n", "\n\n");
    }
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text)
}

/// Checks that a template file compiles (for `tana validate`).
pub fn check_template(path: &Path) -> Result<()> {
    let (env, entry) = environment(&Templates::File(path.to_path_buf()))?;
    env.get_template(&entry)
        .map(|_| ())
        .map_err(|e| template_error(&e))
}

/// The folder for a report's charts: `NAME-assets` beside `NAME.md`.
pub fn assets_dir(report: &Path) -> PathBuf {
    let stem = report
        .file_stem()
        .map_or_else(|| "report".into(), |s| s.to_string_lossy().into_owned());
    report.with_file_name(format!("{stem}-assets"))
}

/// Builds and writes a report and its chart. Nothing is written unless the
/// whole report rendered; each file is written to a temp file and renamed.
pub fn write(
    questionnaire: &Questionnaire,
    session: &Session,
    roster: &Roster,
    templates: &Templates,
    output: &Path,
) -> Result<PathBuf> {
    let analysis = Analysis::of(questionnaire, session, roster);
    let assets = assets_dir(output);
    let chart_name = "levels.svg";
    let relative = format!(
        "{}/{chart_name}",
        assets.file_name().map_or_else(
            || "report-assets".into(),
            |n| n.to_string_lossy().into_owned()
        )
    );
    let report = data::gather(questionnaire, session, &analysis, roster, &relative);
    let markdown = render(&report, templates)?;
    let chart = svg::levels_chart(&report.areas, report.target);
    std::fs::create_dir_all(&assets).with_context(|| format!("creating {}", assets.display()))?;
    write_atomically(&assets.join(chart_name), chart.as_bytes())?;
    write_atomically(output, markdown.as_bytes())?;
    Ok(output.to_path_buf())
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let name = path
        .file_name()
        .map_or_else(|| "report".into(), |n| n.to_string_lossy().into_owned());
    let temp = path.with_file_name(format!(".{name}.tmp"));
    let mut file =
        std::fs::File::create(&temp).with_context(|| format!("writing {}", temp.display()))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .with_context(|| format!("writing {}", temp.display()))?;
    std::fs::rename(&temp, path).with_context(|| format!("writing {}", path.display()))
}

/// The default report path for a session: `NAME-report.md` beside `NAME.yaml`.
pub fn default_output(session: &Path) -> PathBuf {
    let stem = session
        .file_stem()
        .map_or_else(|| "session".into(), |s| s.to_string_lossy().into_owned());
    session.with_file_name(format!("{stem}-report.md"))
}

/// Writes the report of an open interview beside its session file, with
/// the built-in template and roster (the summary screen's `w`).
pub fn write_beside_session(interview: &Interview, session_path: &Path) -> Result<PathBuf> {
    write(
        &interview.questionnaire,
        &interview.session,
        &Roster::embedded(),
        &Templates::Embedded,
        &default_output(session_path),
    )
}

#[cfg(test)]
mod tests;
