//! The Yew shell: renders a [`State`] and dispatches [`Action`]s. Pure logic lives in
//! `crate::state` (the reducer), `crate::view`, `crate::store` and `crate::analysis`; this module
//! only draws and wires.

mod app;
pub mod browser;
pub mod components;
pub mod panic_banner;
pub mod perf_marks;
mod persist;
pub mod reader;
pub mod shared;

pub use app::App;

use crate::state::{Action, State};
use std::rc::Rc;

/// The reducer is [`State::reduce`]; this adds the one browser effect of an action, the User
/// Timing mark the benchmark reads when a load run's traces are in the store.
impl yew::Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let may_finish_run = matches!(action, Action::LoadChunk { .. }) && self.load.is_some();
        let next = State::reduce(self, action);
        if may_finish_run && next.load.is_none() {
            perf_marks::run_load_stored();
        }
        next
    }
}

/// The app state handle every component reads through `use_context`, with the version of the
/// state it was rendered from.
///
/// The handle itself always reads the newest state, so equality compares versions: the reducer
/// bumps the version on every change (and returns the same state for a no-op), so consumers
/// re-render exactly when the state changed, without a deep comparison of thousands of traces.
#[derive(Clone)]
pub struct AppContext {
    pub handle: yew::UseReducerHandle<State>,
    pub version: u64,
}

impl PartialEq for AppContext {
    fn eq(&self, other: &Self) -> bool {
        self.version == other.version
    }
}

impl std::ops::Deref for AppContext {
    type Target = yew::UseReducerHandle<State>;
    fn deref(&self) -> &Self::Target {
        &self.handle
    }
}
