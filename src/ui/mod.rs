//! The Yew shell: renders [`state::State`] and dispatches [`state::Action`]s.

mod app;
pub mod components;
pub mod panic_banner;
pub mod perf_marks;
pub mod state;

pub use app::App;
