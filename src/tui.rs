//! The full-screen interface: start screen, interview, review, summary and
//! help, drawn with ratatui from the app's state. This is the only part of
//! tana that imports ratatui or crossterm; everything it shows comes from the
//! pure core (interview, scoring, needs). `app` holds the state and the one
//! update function, `keymap` the one key table, `view` the whole screen,
//! drawn by one file per screen (`start`, `form`, `interview`, `question`,
//! `note`, `search`, `review`, `summary`, `help`, `banner`, `chrome`).

pub mod app;
pub mod banner;
pub mod chrome;
pub mod form;
pub mod help;
pub mod input;
pub mod interview;
pub mod keymap;
pub mod note;
pub mod question;
pub mod review;
pub mod run;
pub mod saver;
pub mod scroll;
pub mod search;
pub mod start;
pub mod summary;
pub mod theme;
pub mod view;
pub mod wrap;

pub use app::App;
pub use run::{Start, run};
