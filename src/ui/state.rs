//! The app state, the actions that change it, and the reducer: no DOM code here.

use crate::model::Trace;
use crate::sim::{self, Scenario};
use std::rc::Rc;
use yew::Reducible;

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub scenario: Scenario,
    pub seed: u64,
    /// Bumped per request so each click differs while staying reproducible from `seed`.
    pub requests_sent: u64,
    pub traces: Vec<Trace>,
}

impl Default for State {
    fn default() -> Self {
        State {
            scenario: Scenario::lab(),
            seed: 1,
            requests_sent: 0,
            traces: Vec::new(),
        }
    }
}

pub enum Action {
    /// Run one simulated request starting at `now_unix_nano` (the clock is an input).
    SendRequest {
        now_unix_nano: u64,
    },
    ClearTraces,
    /// Traces read from a file (export panel's "Import traces"); ids already shown are skipped.
    ImportTraces(Vec<Trace>),
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::SendRequest { now_unix_nano } => {
                let mut next = (*self).clone();
                let run_seed = self.seed.wrapping_add(self.requests_sent);
                let settings = sim::RunSettings::default();
                let arrival = sim::Arrival::default();
                let run = sim::simulate(
                    &self.scenario,
                    &settings,
                    run_seed,
                    now_unix_nano,
                    arrival,
                    1,
                );
                next.requests_sent += 1;
                next.traces
                    .extend(Trace::group(run.map(|r| r.spans).unwrap_or_default()));
                Rc::new(next)
            }
            Action::ImportTraces(traces) => {
                let mut next = (*self).clone();
                for trace in traces {
                    if !next.traces.iter().any(|t| t.trace_id == trace.trace_id) {
                        next.traces.push(trace);
                    }
                }
                Rc::new(next)
            }
            Action::ClearTraces if self.traces.is_empty() => self,
            Action::ClearTraces => Rc::new(State {
                traces: Vec::new(),
                ..(*self).clone()
            }),
        }
    }
}
