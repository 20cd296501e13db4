//! The Yew shell: renders [`state::State`] and dispatches [`state::Action`]s. Pure logic lives
//! in `crate::view`, `crate::store` and `crate::analysis`; this module only draws and wires.

mod app;
pub mod browser;
pub mod components;
pub mod panic_banner;
pub mod perf_marks;
pub mod shared;
pub mod sim_driver;
pub mod state;

pub use app::App;

/// The app state handle every component reads through `use_context`, with the version of the
/// state it was rendered from.
///
/// The handle itself always reads the newest state, so equality compares versions: the reducer
/// bumps the version on every change (and returns the same state for a no-op), so consumers
/// re-render exactly when the state changed, without a deep comparison of thousands of traces.
#[derive(Clone)]
pub struct AppContext {
    pub handle: yew::UseReducerHandle<state::State>,
    pub version: u64,
}

impl PartialEq for AppContext {
    fn eq(&self, other: &Self) -> bool {
        self.version == other.version
    }
}

impl std::ops::Deref for AppContext {
    type Target = yew::UseReducerHandle<state::State>;
    fn deref(&self) -> &Self::Target {
        &self.handle
    }
}
