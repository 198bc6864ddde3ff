//! Charts as SVG files beside the report: the area levels against the
//! mission's target, as horizontal bars, readable on GitHub and in pandoc.

use std::fmt::Write as _;

use super::data::Area;
use super::markdown::xml;

/// A horizontal bar chart of area levels (0–4) with the target marked.
pub fn levels_chart(areas: &[Area], target: u8) -> String {
    let label_width = 250.0;
    let bar_width = 400.0;
    let row = 26.0;
    let top = 36.0;
    let width = label_width + bar_width + 70.0;
    let height = top + row * areas.len() as f64 + 34.0;
    let x_of = |level: f64| label_width + bar_width * level / 4.0;
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif" font-size="13">"#
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
            r##"<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="#dddddd"/><text x="{x}" y="{}" text-anchor="middle" fill="#555555">{level}</text>"##,
            top - 6.0,
            top + row * areas.len() as f64,
            top - 12.0
        );
    }
    for (i, area) in areas.iter().enumerate() {
        let y = top + row * i as f64;
        let label = xml(&format!("{} {}", area.id, area.title));
        let label = if label.chars().count() > 38 {
            format!("{}…", label.chars().take(37).collect::<String>())
        } else {
            label
        };
        let _ = writeln!(
            svg,
            r##"<text x="{}" y="{}" text-anchor="end" fill="#222222">{label}</text>"##,
            label_width - 8.0,
            y + 17.0
        );
        match area.level {
            Some(level) => {
                let fill = if level < f64::from(target) {
                    "#d9822b"
                } else {
                    "#2b8a3e"
                };
                let _ = writeln!(
                    svg,
                    r##"<rect x="{label_width}" y="{}" width="{:.1}" height="{}" fill="{fill}"/><text x="{:.1}" y="{}" fill="#222222">{level:.1}</text>"##,
                    y + 5.0,
                    (x_of(level) - label_width).max(1.0),
                    row - 10.0,
                    x_of(level) + 6.0,
                    y + 17.0
                );
            }
            None => {
                let _ = writeln!(
                    svg,
                    r##"<text x="{}" y="{}" fill="#777777">not scored</text>"##,
                    label_width + 6.0,
                    y + 17.0
                );
            }
        }
    }
    let target_x = x_of(f64::from(target));
    let bottom = top + row * areas.len() as f64;
    let _ = writeln!(
        svg,
        r##"<line x1="{target_x}" y1="{}" x2="{target_x}" y2="{bottom}" stroke="#1c4e80" stroke-width="2" stroke-dasharray="6 4"/><text x="{target_x}" y="{}" text-anchor="middle" fill="#1c4e80">target {target}</text>"##,
        top - 6.0,
        bottom + 20.0
    );
    svg.push_str("</svg>\n");
    svg
}
