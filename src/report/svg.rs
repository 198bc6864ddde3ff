//! Charts as SVG: the area levels against the mission's target, as
//! horizontal bars, readable on GitHub, in pandoc's outputs and inline in
//! the HTML report. Each area's label sits on its own line(s) above its bar,
//! across the chart's whole width, wrapped by words to a width measured with
//! a wide font's metrics (so that it fits in any common font, with no column
//! to clip it); text is escaped for XML after it is wrapped or shortened.

use std::fmt::Write as _;

use unicode_width::UnicodeWidthChar as _;

use super::data::Area;
use super::markdown::xml;

/// The chart's font size, in pixels.
const FONT: f64 = 13.0;
/// The advance of one narrow character, in ems: wider than the average of
/// Verdana, Tahoma, `DejaVu` Sans, Arial or Helvetica, so that a label
/// measured with it fits in any of them.
const EM_PER_CHAR: f64 = 0.62;
/// The most lines a label takes before it is shortened with `…`.
const MAX_LINES: usize = 3;

const LEFT: f64 = 12.0;
const BAR_WIDTH: f64 = 560.0;
const WIDTH: f64 = LEFT + BAR_WIDTH + 80.0;
const LINE: f64 = 16.0;
const BAR: f64 = 14.0;

/// The width of `text` at the chart's font size, measured generously.
pub fn measure(text: &str) -> f64 {
    text.chars()
        .map(|c| match c.width() {
            Some(0) | None => 0.0,
            Some(1) => EM_PER_CHAR,
            // Wide (CJK, emoji): a full em.
            Some(_) => 1.0,
        })
        .sum::<f64>()
        * FONT
}

/// Splits `text` into lines no wider than `width`, by words (a word too
/// long for a line is cut); more than `max_lines` lines end with `…`.
pub fn wrap(text: &str, width: f64, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if measure(&candidate) <= width {
            current = candidate;
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        // A word wider than a line is cut where it no longer fits.
        let mut rest = word.to_string();
        while measure(&rest) > width {
            let mut cut = String::new();
            for c in rest.chars() {
                if measure(&format!("{cut}{c}")) > width {
                    break;
                }
                cut.push(c);
            }
            if cut.is_empty() {
                break;
            }
            rest = rest[cut.len()..].to_string();
            lines.push(cut);
        }
        current = rest;
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        let last = lines.last_mut().expect("max_lines > 0");
        while !last.is_empty() && measure(&format!("{last}…")) > width {
            last.pop();
        }
        last.push('…');
    }
    lines
}

/// A horizontal bar chart of area levels (0–4), each bar marked with its
/// area's own target (`target` is the mission's, for the caption).
pub fn levels_chart(areas: &[Area], target: u8) -> String {
    let top = 40.0;
    let x_of = |level: f64| LEFT + BAR_WIDTH * level / 4.0;
    let labels: Vec<Vec<String>> = areas
        .iter()
        .map(|a| {
            wrap(
                &format!("{} {}", a.id, a.title),
                WIDTH - 2.0 * LEFT,
                MAX_LINES,
            )
        })
        .collect();
    let rows: Vec<f64> = labels
        .iter()
        .map(|l| l.len() as f64 * LINE + BAR + 12.0)
        .collect();
    let bottom = top + rows.iter().sum::<f64>();
    let height = bottom + 34.0;
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" font-family="Verdana, 'DejaVu Sans', Arial, Helvetica, sans-serif" font-size="{FONT}" role="img">"#
    );
    let _ = writeln!(
        svg,
        r"<title>Area levels against the target level {target}</title>"
    );
    let _ = writeln!(
        svg,
        r##"<rect width="100%" height="100%" fill="#ffffff"/>"##
    );
    for level in 0..=4u8 {
        let x = x_of(f64::from(level));
        let _ = writeln!(
            svg,
            r##"<text x="{x}" y="{}" text-anchor="middle" fill="#555555">{level}</text>"##,
            top - 12.0
        );
    }
    let target_x = x_of(f64::from(target));
    let one_target = areas.iter().all(|a| a.target == target);
    let mut y = top;
    for ((area, lines), row) in areas.iter().zip(&labels).zip(&rows) {
        for (i, line) in lines.iter().enumerate() {
            let _ = writeln!(
                svg,
                r##"<text x="{LEFT}" y="{}" fill="#222222">{}</text>"##,
                y + LINE * (i as f64 + 1.0) - 3.0,
                xml(line)
            );
        }
        let bar_y = y + lines.len() as f64 * LINE + 2.0;
        bar(&mut svg, area, bar_y);
        y += row;
    }
    // The caption: the target's number when every area shares it.
    let caption = if one_target {
        format!("target {target}")
    } else {
        "target".to_string()
    };
    let _ = writeln!(
        svg,
        r##"<text x="{target_x}" y="{}" text-anchor="middle" fill="#1c4e80">{caption}</text>"##,
        bottom + 20.0
    );
    svg.push_str("</svg>\n");
    svg
}

/// One area's bar (or "not scored"), the scale's lines across it and its
/// own target's mark, at height `bar_y`.
fn bar(svg: &mut String, area: &Area, bar_y: f64) {
    let x_of = |level: f64| LEFT + BAR_WIDTH * level / 4.0;
    // The scale's lines and the target, across the bar only (never over a label).
    for level in 0..=4u8 {
        let x = x_of(f64::from(level));
        let _ = writeln!(
            svg,
            r##"<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="#dddddd"/>"##,
            bar_y - 2.0,
            bar_y + BAR + 2.0
        );
    }
    match area.level {
        Some(level) => {
            let fill = if level < f64::from(area.target) {
                "#d9822b"
            } else {
                "#2b8a3e"
            };
            let _ = writeln!(
                svg,
                r##"<rect x="{LEFT}" y="{bar_y}" width="{:.1}" height="{BAR}" fill="{fill}"/><text x="{:.1}" y="{}" fill="#222222">{level:.1}</text>"##,
                (x_of(level) - LEFT).max(1.0),
                x_of(level) + 6.0,
                bar_y + BAR - 2.0
            );
        }
        None => {
            let _ = writeln!(
                svg,
                r##"<text x="{}" y="{}" fill="#777777">not scored</text>"##,
                LEFT + 4.0,
                bar_y + BAR - 2.0
            );
        }
    }
    let own = x_of(f64::from(area.target));
    let _ = writeln!(
        svg,
        r##"<line x1="{own}" y1="{}" x2="{own}" y2="{}" stroke="#1c4e80" stroke-width="2" stroke-dasharray="4 3"/>"##,
        bar_y - 3.0,
        bar_y + BAR + 3.0
    );
}

#[cfg(test)]
mod tests;
