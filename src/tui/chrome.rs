//! The lines around every screen: the header (State, progress, save
//! state), the message line, and the footer of keys chosen by priority.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::app::{App, SaveState};
use super::keymap;
use super::wrap::truncate;

/// ` tana │ Examplia │ 69/85 answered · 6 to confirm │ ✓ saved #42`
pub struct Header<'a> {
    pub app: &'a App,
}

impl Widget for Header<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let theme = app.theme;
        let sep = Span::styled(format!(" {} ", theme.separator()), theme.dim());
        let mut spans = vec![Span::styled(" tana", theme.title())];
        if let Some(interview) = app.interview() {
            let progress = interview.progress();
            spans.push(sep.clone());
            spans.push(Span::raw(truncate(
                &interview.session.state.name,
                24,
                theme.ellipsis(),
            )));
            spans.push(sep.clone());
            spans.push(Span::raw(format!(
                "{}/{} answered",
                progress.answered, progress.applicable
            )));
            if progress.to_confirm > 0 {
                spans.push(Span::raw(theme.chrome(" · ")));
                spans.push(Span::styled(
                    format!("{} to confirm", progress.to_confirm),
                    theme.warning(),
                ));
            }
            spans.push(sep);
            spans.push(match &app.save {
                SaveState::Saved(n) => Span::styled(
                    if theme.ascii {
                        format!("saved #{n}")
                    } else {
                        format!("✓ saved #{n}")
                    },
                    theme.chosen(),
                ),
                SaveState::Pending => Span::styled(theme.chrome("saving…"), theme.dim()),
                SaveState::Failed(_) => Span::styled(" NOT SAVED ", theme.error()),
            });
        } else {
            spans.push(sep);
            spans.push(Span::raw("technical-assistance needs assessment"));
        }
        Paragraph::new(Line::from(spans)).render(area, buf);
    }
}

/// The last message for the assessor (an error in the warning colour).
pub struct MessageLine<'a> {
    pub app: &'a App,
}

impl Widget for MessageLine<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Some((text, error)) = &self.app.message else {
            return;
        };
        let theme = self.app.theme;
        let style = if *error {
            theme.warning()
        } else {
            theme.chosen()
        };
        let text = truncate(
            &theme.chrome(&text.replace('\n', " ")),
            usize::from(area.width.saturating_sub(1)),
            theme.ellipsis(),
        );
        Paragraph::new(Span::styled(format!(" {text}"), style)).render(area, buf);
    }
}

/// The keys that work here, as many as fit, help and quit always among them.
pub struct FooterBar<'a> {
    pub app: &'a App,
}

impl Widget for FooterBar<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = self.app.theme;
        let mut spans = Vec::new();
        let hints = keymap::footer(
            self.app.context(),
            theme.ascii,
            usize::from(area.width),
            |action| self.app.offers(action),
        );
        for (key, hint) in hints {
            spans.push(Span::styled(format!(" {key}"), theme.key()));
            spans.push(Span::raw(format!(" {hint} ")));
        }
        Paragraph::new(Line::from(spans)).render(area, buf);
    }
}
