//! The full-screen interface: start screen, interview, review, summary and
//! help, drawn with ratatui from the app's state. This is the only part of
//! tana that imports ratatui or crossterm; everything it shows comes from the
//! pure core (interview, scoring, needs).

pub mod app;
pub mod input;
pub mod keymap;
pub mod run;
pub mod saver;
pub mod theme;
pub mod view;
pub mod wrap;

pub use app::App;
pub use run::{Start, run};
