//! The summary screen: each area's level against the target as a bar, then
//! the top needs in priority order (rank, code, gap, priority), a legend of
//! the codes, the first flag, and what the expert matching cannot check yet
//! (a missing State code, bodies, suppliers, delivery windows). Enter on a
//! need jumps to its question.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::app::App;
use super::theme::Theme;
use super::view::{block, level_text, list_start, more};
use super::wrap::{truncate, wrap};
use crate::interview::Interview;
use crate::matching::Warning;
use crate::needs::NeedsAssessment;
use crate::questionnaire::{Delivery, Extent};

pub struct SummaryScreen<'a> {
    pub app: &'a App,
}

/// The least room the needs list gets, however many areas there are.
const NEEDS_ROWS: usize = 7;

impl Widget for SummaryScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let theme = app.theme;
        let Some(interview) = app.interview() else {
            return;
        };
        let scores = interview.scores();
        let overall = scores
            .overall
            .map_or_else(|| "not yet scored".to_string(), |o| format!("{o:.1}"));
        let title = format!(" Summary · overall {overall} · target {} ", scores.target);
        let summary_block = block(theme, Line::styled(title, theme.title()));
        let inner = summary_block.inner(area);
        summary_block.render(area, buf);
        let chart_rows = (scores.areas.len() + 1)
            .min(usize::from(inner.height).saturating_sub(NEEDS_ROWS))
            .max(2);
        let [chart, needs_area] = Layout::vertical([
            Constraint::Length(u16::try_from(chart_rows).unwrap_or(2)),
            Constraint::Min(0),
        ])
        .areas(inner);
        Chart { theme, interview }.render(chart, buf);
        if let Some(assessment) = &app.summary {
            NeedsList {
                theme,
                interview,
                assessment,
                warnings: &app.summary_warnings,
                selected: app.summary_selected,
            }
            .render(needs_area, buf);
        }
    }
}

/// One bar per area, the target marked.
struct Chart<'a> {
    theme: Theme,
    interview: &'a Interview,
}

impl Widget for Chart<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        let interview = self.interview;
        let scores = interview.scores();
        let target = f64::from(scores.target);
        let label_width = 22usize;
        let bar_width = usize::from(area.width)
            .saturating_sub(label_width + 12)
            .max(8);
        let cells_per_level = bar_width as f64 / 4.0;
        let rows = usize::from(area.height).saturating_sub(1);
        let shown = if scores.areas.len() > rows {
            rows.saturating_sub(1)
        } else {
            rows
        };
        let mut lines = Vec::new();
        for area_score in scores.areas.iter().take(shown) {
            let section = &interview.questionnaire.sections[area_score.section];
            let label = truncate(
                &format!("{} {}", section.id, section.title.fallback()),
                label_width,
                theme.ellipsis(),
            );
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let filled = area_score
                .level
                .map_or(0, |l| (l * cells_per_level).round() as usize)
                .min(bar_width);
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let target_at =
                ((target * cells_per_level).round() as usize).min(bar_width.saturating_sub(1));
            let mut bar = String::new();
            for cell in 0..bar_width {
                if cell == target_at {
                    bar.push_str(theme.separator());
                } else if cell < filled {
                    bar.push_str(theme.bar());
                } else {
                    bar.push_str(theme.bar_empty());
                }
            }
            let below = area_score.level.is_some_and(|l| l < target);
            let style = if below {
                theme.warning()
            } else {
                theme.chosen()
            };
            lines.push(Line::from(vec![
                Span::raw(format!("{label:<label_width$} ")),
                Span::styled(bar, style),
                Span::raw(format!(
                    " {} {}",
                    level_text(area_score.level),
                    area_score.confidence.name()
                )),
            ]));
        }
        if scores.areas.len() > shown {
            lines.push(Line::styled(
                format!(
                    "{:label_width$} {}: see `tana score` or the report",
                    "",
                    more(scores.areas.len() - shown, "area")
                ),
                theme.dim(),
            ));
        }
        lines.push(Line::styled(
            format!(
                "{:label_width$} levels 0-4; {} marks the target",
                "",
                theme.separator()
            ),
            theme.dim(),
        ));
        Paragraph::new(lines).render(area, buf);
    }
}

/// The needs in priority order, the highlighted one a jump away.
struct NeedsList<'a> {
    theme: Theme,
    interview: &'a Interview,
    assessment: &'a NeedsAssessment,
    /// What the expert matching cannot check yet (the Mission screen mends it).
    warnings: &'a [Warning],
    selected: usize,
}

/// At most this many matching warnings on the summary (the report lists all).
const WARNINGS: usize = 2;

/// `C1 advisory C2 capacity … · D1 office alone D2 broker D3 partner-led`
fn legend() -> String {
    let extents = [
        Extent::Advisory,
        Extent::Capacity,
        Extent::Systems,
        Extent::Infrastructure,
    ]
    .map(|e| format!("{} {}", e.code(), e.name()))
    .join(" ");
    let deliveries = [Delivery::Alone, Delivery::Broker, Delivery::Partner]
        .map(|d| format!("{} {}", d.code(), d.name()))
        .join(" ");
    format!("Codes: {extents}; {deliveries}")
}

impl Widget for NeedsList<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        let interview = self.interview;
        let width = usize::from(area.width);
        let height = usize::from(area.height);
        let needs = &self.assessment.needs;
        let mut lines = vec![Line::styled(
            if needs.is_empty() {
                "Top needs".to_string()
            } else {
                theme.chrome(&format!(
                    "Top needs, {} in priority order · Enter jumps to the question",
                    needs.len()
                ))
            },
            theme.title(),
        )];
        let legend: Vec<Line> = if needs.is_empty() {
            Vec::new()
        } else {
            wrap(&legend(), width)
                .into_iter()
                .map(|l| Line::styled(l, theme.dim()))
                .collect()
        };
        let flags = self.warning_lines(width);
        let rows = height.saturating_sub(1 + legend.len() + flags.len()).max(1);
        if needs.is_empty() {
            lines.push(Line::styled(
                "No gap against the target among the answers so far.",
                theme.dim(),
            ));
        }
        let visible = if needs.len() > rows {
            rows.saturating_sub(1).max(1)
        } else {
            rows
        };
        let first = list_start(self.selected, visible);
        let language = interview.questionnaire.fallback_language();
        for (i, need) in needs.iter().enumerate().skip(first).take(visible) {
            let question = &interview.questionnaire.questions[need.question];
            let selected = i == self.selected;
            let pointer = if selected { theme.pointer() } else { " " };
            let text = format!(
                "{pointer}{:>2}. {} {:<6} level {:.0} gap {:.1} priority {:.1}  {}",
                i + 1,
                need.code(),
                question.id,
                need.level,
                need.gap,
                need.priority.value,
                question.text.get(language)
            );
            lines.push(Line::styled(
                truncate(&text, width, theme.ellipsis()),
                if selected {
                    theme.highlight()
                } else {
                    Style::new()
                },
            ));
        }
        let below = needs.len().saturating_sub(first + visible);
        if below > 0 {
            lines.push(Line::styled(
                theme.chrome(&format!("  ▼ {} below", more(below, "need"))),
                theme.dim(),
            ));
        }
        lines.extend(legend);
        lines.extend(flags);
        Paragraph::new(lines).render(area, buf);
    }
}

impl NeedsList<'_> {
    /// The first flag, then what the expert matching cannot check yet.
    fn warning_lines(&self, width: usize) -> Vec<Line<'static>> {
        let theme = self.theme;
        let interview = self.interview;
        let mut flags: Vec<Line<'static>> = self
            .assessment
            .flags
            .iter()
            .take(1)
            .map(|flag| {
                Line::styled(
                    truncate(
                        &format!("! {}", crate::words::flag(flag, &interview.questionnaire)),
                        width,
                        theme.ellipsis(),
                    ),
                    theme.warning(),
                )
            })
            .collect();
        for (i, warning) in self.warnings.iter().take(WARNINGS).enumerate() {
            let text = if i == 0 {
                format!(
                    "! experts (m records it): {}",
                    crate::words::warning(warning)
                )
            } else {
                format!("! {}", crate::words::warning(warning))
            };
            flags.push(Line::styled(
                truncate(&text, width, theme.ellipsis()),
                theme.warning(),
            ));
        }
        flags
    }
}
