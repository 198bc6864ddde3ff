//! Drawing: the whole screen is one widget, [`View`], drawn from `&App`;
//! nothing here changes the app's state (scroll positions remember what the
//! last frame could show, see `scroll`). Each screen has its own file and
//! its own `impl Widget for &…`. The interview screen at 80×24:
//!
//! ```text
//!  tana │ Examplia │ 12/57 answered · 3 to confirm │ ✓ saved #42
//! ╭ Sections ──────────────╮╭ A3.2 · International cooperation · 2/6 ─╮
//! │ CX Context      8/24   ││Is there a central authority …?          │  the question: never scrolls
//! │▶A1 Criminal…    3/6 1.7││  ▲ 2 more lines above                   │
//! │ A2 Procedur…    0/6  -  ││▶1 ● Designated, no dedicated staff      │  levels, choices, guidance:
//! │ …                      ││  ▼ 4 more lines below · Shift-↓ scrolls │  scrolled, with markers
//! │                        ││Answer: 1 (formative) · confidence medium│  the answer: always shown
//! ╰────────────────────────╯╰─────────────────────────────────────────╯
//!                           ╭ Note and evidence · confidence medium ──╮
//!                           │ Three staff; asked for 2025 figures.    │
//!                           ╰───────────────────── ▼ 2 more lines · e ╯
//!  ↑↓ move  0-9 pick  Enter confirm  n next  …  ? help  q quit          the keys: chosen by priority
//! ```

use std::cell::Cell;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use super::app::{App, Overlay, Screen};
use super::banner::NotSavedBanner;
use super::chrome::{FooterBar, Header, MessageLine};
use super::help::HelpOverlay;
use super::interview::InterviewScreen;
use super::review::ReviewScreen;
use super::start::StartScreen;
use super::summary::SummaryScreen;
use super::theme::Theme;

/// Below this size the screen says so instead of drawing a broken layout.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

/// Where a screen wants the terminal's cursor (an input being typed in).
pub type CursorCell = Cell<Option<Position>>;

/// The whole screen.
pub struct View<'a> {
    app: &'a App,
    cursor: CursorCell,
}

impl<'a> View<'a> {
    pub fn new(app: &'a App) -> View<'a> {
        View {
            app,
            cursor: Cell::new(None),
        }
    }

    /// Where the last render put the text cursor, if anywhere.
    pub fn cursor(&self) -> Option<Position> {
        self.cursor.get()
    }
}

/// Draws the app into a frame, with the text cursor where an input wants it.
pub fn render(app: &App, frame: &mut Frame) {
    let view = View::new(app);
    frame.render_widget(&view, frame.area());
    if let Some(position) = view.cursor() {
        frame.set_cursor_position(position);
    }
}

impl Widget for &View<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            TooSmall { theme: app.theme }.render(area, buf);
            return;
        }
        let [header, body, message, footer] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(area);
        Header { app }.render(header, buf);
        let cursor = &self.cursor;
        match app.screen {
            Screen::Start => StartScreen { app, cursor }.render(body, buf),
            Screen::Interview => InterviewScreen { app, cursor }.render(body, buf),
            Screen::Review => ReviewScreen { app }.render(body, buf),
            Screen::Summary => SummaryScreen { app }.render(body, buf),
        }
        MessageLine { app }.render(message, buf);
        FooterBar { app }.render(footer, buf);
        match app.overlay {
            Overlay::Help => {
                cursor.set(None);
                HelpOverlay { app }.render(body, buf);
            }
            Overlay::NotSaved | Overlay::Prompt => {
                cursor.set(None);
                NotSavedBanner { app, cursor }.render(body, buf);
            }
            Overlay::None => {}
        }
    }
}

/// The screen below the minimum size.
struct TooSmall {
    theme: Theme,
}

impl Widget for TooSmall {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        let text = vec![
            Line::from(Span::styled("Terminal too small", theme.warning())),
            Line::from(theme.chrome(&format!(
                "{}×{}, need at least {MIN_WIDTH}×{MIN_HEIGHT}",
                area.width, area.height
            ))),
            Line::from("Enlarge the window; nothing is lost."),
        ];
        let height = u16::try_from(text.len()).unwrap_or(3).min(area.height);
        let y = area.y + area.height.saturating_sub(height) / 2;
        Paragraph::new(text)
            .centered()
            .render(Rect::new(area.x, y, area.width, height), buf);
    }
}

/// A bordered panel with a title, in the theme's borders and characters.
pub fn block(theme: Theme, title: impl Into<Line<'static>>) -> Block<'static> {
    let mut title: Line<'static> = title.into();
    if theme.ascii {
        for span in &mut title.spans {
            span.content = theme.chrome(&span.content).into();
        }
    }
    Block::bordered().border_set(theme.border()).title(title)
}

/// A `width`×`height` rectangle in the middle of `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}

/// An area level as the lists show it: `1.7`, or `-` when not scored.
pub fn level_text(level: Option<f64>) -> String {
    level.map_or_else(|| "  -".to_string(), |l| format!("{l:>3.1}"))
}

/// The first row to show of a list of `count` rows in `height` rows so that
/// row `selected` is visible.
pub fn list_start(selected: usize, height: usize) -> usize {
    selected.saturating_sub(height.saturating_sub(1))
}

/// "3 more lines" / "1 more line".
pub fn more(count: usize, what: &str) -> String {
    format!("{count} more {what}{}", if count == 1 { "" } else { "s" })
}

/// A position inside `area` at (`column`, `row`), if it is inside.
pub fn position_in(area: Rect, column: usize, row: usize) -> Option<Position> {
    let x = area.x.checked_add(u16::try_from(column).ok()?)?;
    let y = area.y.checked_add(u16::try_from(row).ok()?)?;
    (x < area.right() && y < area.bottom()).then_some(Position::new(x, y))
}
