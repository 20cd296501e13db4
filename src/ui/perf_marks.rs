//! Performance marks and measures (User Timing) that the benchmark reads from the page.
//!
//! Spec: <https://w3c.github.io/user-timing/> (`performance.mark`, `performance.measure`).
//! The benchmark runner (`bench/`, see BENCHMARKS.md "Hooks") cannot see from outside when a load
//! run's results are in the store, so the app says so with a measure. Marks cost microseconds and
//! are invisible to learners, so they stay in the release build.
//!
//! Bound with `wasm_bindgen` directly rather than web-sys's `Performance`, so no web-sys feature
//! (and no Cargo.toml change) is needed for two calls.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = performance, js_name = mark, catch)]
    fn performance_mark(name: &str) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_namespace = performance, js_name = measure, catch)]
    fn performance_measure(
        name: &str,
        start_mark: &str,
        end_mark: &str,
    ) -> Result<JsValue, JsValue>;
}

/// Name of the measure `bench/lib/app-sim.mjs` reads for `sim_10k_ms`.
pub const RUN_LOAD: &str = "run-load";
const RUN_LOAD_START: &str = "run-load:start";
const RUN_LOAD_STORED: &str = "run-load:stored";

/// Records a User Timing mark. Timing must never break the app, so a failure is ignored.
pub fn mark(name: &str) {
    let _ignored = performance_mark(name);
}

/// Records a measure between two marks; ignored if a mark is missing (the API throws then).
pub fn measure(name: &str, start_mark: &str, end_mark: &str) {
    let _ignored = performance_measure(name, start_mark, end_mark);
}

/// Call first thing in the "Run load" click handler, before dispatching the load run.
pub fn run_load_started() {
    mark(RUN_LOAD_START);
}

/// Call once the load run's traces are in the store (after the reducer returned, before the
/// page re-renders; for a run split into chunks, after the last chunk). Records `run-load`.
pub fn run_load_stored() {
    mark(RUN_LOAD_STORED);
    measure(RUN_LOAD, RUN_LOAD_START, RUN_LOAD_STORED);
}
