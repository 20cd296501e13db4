//! The reducer: unit tests of each action (`reducer.rs`) and a property test over random
//! action sequences (`property.rs`).

mod guide;
mod guide_panel;
mod property;
mod reducer;
mod views;

use super::{Action, State};
use crate::view::url::{Playback, Settings};
use std::rc::Rc;

/// A fixed "now": 2025-01-01T00:00:00Z.
pub const NOW: u64 = 1_735_689_600_000_000_000;
pub const SECOND: u64 = 1_000_000_000;

pub fn settings(playback: Playback) -> Settings {
    Settings {
        seed: 7,
        playback,
        ..Settings::default()
    }
}

pub fn start(settings: Settings) -> Rc<State> {
    Rc::new(State::new(settings, vec![]))
}

/// Applies every action in turn.
pub fn run(state: Rc<State>, actions: impl IntoIterator<Item = Action>) -> Rc<State> {
    actions.into_iter().fold(state, State::reduce)
}

/// The latest end of any stored span (0 for an empty store).
pub fn latest_end(state: &State) -> u64 {
    state
        .store
        .iter()
        .flat_map(|t| t.spans.iter().map(|s| s.end_unix_nano))
        .max()
        .unwrap_or(0)
}

/// Steps the load run until it ends, one chunk per `now + k` nanoseconds.
pub fn finish_load(mut state: Rc<State>, now: u64) -> Rc<State> {
    let mut k = 0;
    while let Some(ticket) = state.load.as_ref().map(|l| l.ticket) {
        k += 1;
        state = state.reduce(Action::LoadChunk {
            ticket,
            now_unix_nano: now + k,
        });
    }
    state
}
