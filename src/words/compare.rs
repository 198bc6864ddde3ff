//! The words of `tana compare`: the comparison as Markdown, for a report
//! or a screen (every text from a file escaped for its table cell).

use std::fmt::Write as _;

use crate::compare::{Comparison, IndicatorStanding};
use crate::report::markdown::{cell, inline};

fn level(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_string(), |l| format!("{l:.1}"))
}

fn row(out: &mut String, cells: &[String]) {
    let _ = writeln!(out, "| {} |", cells.join(" | "));
}

fn rule(out: &mut String, first: usize, numbers: usize) {
    let mut cells = vec!["---".to_string(); first];
    cells.extend(std::iter::repeat_n("---:".to_string(), numbers));
    row(out, &cells);
}

fn standing(s: &IndicatorStanding) -> String {
    match (s.level, s.confidence) {
        (Some(l), Some(c)) => format!("{l:.1} ({c} confidence)"),
        (Some(l), None) => format!("{l:.1}"),
        (None, _) => s.status.to_string(),
    }
}

/// The comparison as Markdown: the missions, the area levels (mean and
/// lowest indicator), needs by area and by workstream, the top needs of
/// each mission and, when asked, the changes of a follow-up mission.
#[allow(clippy::too_many_lines)] // one section after the other, in reading order
pub fn markdown(comparison: &Comparison) -> String {
    let missions = &comparison.missions;
    let labels: Vec<String> = missions.iter().map(|m| cell(&m.label)).collect();
    let mut out = String::from("# Missions compared\n\n");
    row(
        &mut out,
        &[
            "mission",
            "State",
            "dates",
            "answered",
            "indicators scored",
            "validation",
            "overall level",
            "needs",
            "mission id",
        ]
        .map(String::from),
    );
    out.push_str("| --- | --- | --- | ---: | ---: | --- | ---: | ---: | --- |\n");
    for m in missions {
        let c = &m.completeness;
        let dates = match (&m.mission.start, &m.mission.end) {
            (Some(s), Some(e)) => format!("{s} to {e}"),
            (Some(s), None) => s.clone(),
            _ => "not recorded".to_string(),
        };
        row(
            &mut out,
            &[
                cell(&m.label),
                cell(&m.mission.state),
                dates,
                format!("{} of {}", c.answered, c.questions),
                format!("{} of {}", c.indicators_scored, c.indicators),
                m.mission.validation.to_string(),
                if c.partial {
                    format!("{} (partial)", level(m.overall))
                } else {
                    level(m.overall)
                },
                m.needs.to_string(),
                cell(&m.mission.id),
            ],
        );
    }
    let partial: Vec<String> = missions
        .iter()
        .filter(|m| m.completeness.partial)
        .map(|m| cell(&m.label))
        .collect();
    if !partial.is_empty() {
        let _ = writeln!(
            out,
            "\nPartial: fewer than half of the applicable indicators are scored in {}; {} levels and needs stand for part of the picture only.",
            partial.join(", "),
            if partial.len() == 1 { "its" } else { "their" }
        );
    }

    out.push_str(
        "\n## Area levels\n\nThe mean of each area's scored indicators, then its lowest indicator, so that a mean never hides a weak one (– where nothing is scored).\n\n",
    );
    let mut header = vec!["area".to_string()];
    header.extend(labels.iter().cloned());
    row(&mut out, &header);
    rule(&mut out, 1 + missions.len(), 0);
    let mut area_ids: Vec<(String, String)> = Vec::new();
    for m in missions {
        for a in &m.areas {
            if !area_ids.iter().any(|(id, _)| id == &a.area.id) {
                area_ids.push((a.area.id.clone(), a.area.title.clone()));
            }
        }
    }
    for (id, title) in &area_ids {
        let mut cells = vec![cell(&format!("{id} {title}"))];
        for m in missions {
            cells.push(m.areas.iter().find(|a| &a.area.id == id).map_or_else(
                || "not assessed".to_string(),
                |a| match (a.area.level, &a.area.lowest_id, a.area.lowest_level) {
                    (Some(l), Some(low), Some(ll)) => {
                        format!("{l:.1} (lowest {} {ll:.1})", cell(low))
                    }
                    (l, ..) => level(l),
                },
            ));
        }
        row(&mut out, &cells);
    }

    out.push_str("\n## Needs by area\n\n");
    row(&mut out, &header);
    rule(&mut out, 1, missions.len());
    for (id, title) in &area_ids {
        let mut cells = vec![cell(&format!("{id} {title}"))];
        for m in missions {
            cells.push(
                m.areas
                    .iter()
                    .find(|a| &a.area.id == id)
                    .map_or_else(|| "–".to_string(), |a| a.needs.to_string()),
            );
        }
        row(&mut out, &cells);
    }

    out.push_str("\n## Needs by workstream\n\n");
    let mut header = vec!["workstream".to_string()];
    header.extend(labels.iter().cloned());
    row(&mut out, &header);
    rule(&mut out, 1, missions.len());
    let mut workstreams: Vec<(String, String)> = Vec::new();
    for m in missions {
        for w in &m.workstreams {
            if !workstreams.iter().any(|(id, _)| id == &w.id) {
                workstreams.push((w.id.clone(), w.title.clone()));
            }
        }
    }
    for (id, title) in &workstreams {
        let name = if id.is_empty() {
            "no workstream".to_string()
        } else {
            format!("{id} {title}")
        };
        let mut cells = vec![cell(name.trim_end())];
        for m in missions {
            cells.push(
                m.workstreams
                    .iter()
                    .find(|w| &w.id == id)
                    .map_or(0, |w| w.needs)
                    .to_string(),
            );
        }
        row(&mut out, &cells);
    }

    out.push_str("\n## Top needs\n");
    for m in missions {
        let _ = writeln!(out, "\n**{}**\n", inline(&m.label));
        if m.top_needs.is_empty() {
            out.push_str("No need: every scored indicator meets its target.\n");
        }
        for n in &m.top_needs {
            let _ = writeln!(
                out,
                "{}. {} {}: level {:.1} against target {}, priority {:.1}, {}",
                n.rank,
                inline(&n.id),
                inline(&n.title),
                n.level,
                n.target,
                n.priority,
                inline(&n.code)
            );
        }
    }

    if let Some(changes) = &comparison.changes {
        let _ = writeln!(
            out,
            "\n## Changes from {} to {}\n\nMission ids: {} before, {} after.\n",
            inline(&changes.before),
            inline(&changes.after),
            inline(&changes.before_mission_id),
            inline(&changes.after_mission_id)
        );
        let moved: Vec<_> = changes.indicators.iter().filter(|c| c.moved()).collect();
        if moved.is_empty() {
            out.push_str("No indicator changed in level, status or confidence.\n");
        } else {
            row(
                &mut out,
                &["indicator", "before", "after", "change"].map(String::from),
            );
            rule(&mut out, 3, 1);
            for c in &moved {
                row(
                    &mut out,
                    &[
                        cell(&format!("{} {}", c.id, c.title)),
                        cell(&standing(&c.before)),
                        cell(&standing(&c.after)),
                        c.change.map_or_else(String::new, |d| format!("{d:+.1}")),
                    ],
                );
            }
            let unchanged = changes.indicators.len() - moved.len();
            let _ = writeln!(
                out,
                "\n{unchanged} indicator{} unchanged.",
                if unchanged == 1 { "" } else { "s" }
            );
        }
    }
    out
}
