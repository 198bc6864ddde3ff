//! How the screen looks in this terminal: colour unless `NO_COLOR` is set or
//! `TERM=dumb`, Unicode borders and symbols unless the locale is not UTF-8.
//! Selection stays visible without colour (reverse video and markers).

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    pub ascii: bool,
}

/// Borders drawn with `+`, `-` and `|` for terminals without Unicode.
pub const ASCII_BORDER: border::Set = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

impl Theme {
    /// Reads `NO_COLOR`, `TERM` and the locale variables.
    pub fn from_env() -> Theme {
        let var = |name: &str| std::env::var(name).unwrap_or_default();
        let dumb = var("TERM") == "dumb";
        let locale = [var("LC_ALL"), var("LC_CTYPE"), var("LANG")]
            .into_iter()
            .find(|v| !v.is_empty())
            .unwrap_or_default()
            .to_ascii_lowercase();
        let utf8 = locale.contains("utf-8") || locale.contains("utf8");
        Theme {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && !dumb,
            ascii: !utf8 || dumb,
        }
    }

    pub fn border(self) -> border::Set<'static> {
        if self.ascii {
            ASCII_BORDER
        } else {
            border::ROUNDED
        }
    }

    fn fg(self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    pub fn title(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn dim(self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }

    pub fn highlight(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn chosen(self) -> Style {
        self.fg(Color::Green).add_modifier(Modifier::BOLD)
    }

    pub fn warning(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    pub fn error(self) -> Style {
        if self.color {
            Style::new()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }

    pub fn key(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    /// Marks: (highlighted, chosen, unchosen, bar, bar background, target, ok, ellipsis).
    pub fn pointer(self) -> &'static str {
        if self.ascii { ">" } else { "▶" }
    }

    pub fn chosen_mark(self) -> &'static str {
        if self.ascii { "*" } else { "●" }
    }

    pub fn unchosen_mark(self) -> &'static str {
        if self.ascii { " " } else { "○" }
    }

    pub fn bar(self) -> &'static str {
        if self.ascii { "#" } else { "█" }
    }

    pub fn bar_empty(self) -> &'static str {
        if self.ascii { "." } else { "░" }
    }

    pub fn separator(self) -> &'static str {
        if self.ascii { "|" } else { "│" }
    }

    pub fn dash(self) -> &'static str {
        if self.ascii { " - " } else { " — " }
    }

    /// tana's own text (titles, labels) with typographic characters replaced
    /// by ASCII when the terminal cannot show them.
    pub fn chrome(self, text: &str) -> String {
        if !self.ascii {
            return text.to_string();
        }
        text.replace('·', "-")
            .replace('…', "...")
            .replace('—', "-")
            .replace('×', "x")
            .replace('✓', "")
    }

    pub fn ellipsis(self) -> &'static str {
        if self.ascii { "..." } else { "…" }
    }
}
