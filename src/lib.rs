//! # Trace playground
//!
//! A distributed-tracing lab that runs in the browser: simulated services emit the spans a real
//! OpenTelemetry deployment would, propagate context over (simulated) HTTP headers, and the page
//! shows, analyses and exports them.
//!
//! ## Map of the crate
//! Pure core — plain Rust, no browser APIs, tested natively with `cargo test`:
//! - [`model`]: ids, spans, resources, scopes, traces (the OpenTelemetry data model).
//! - [`propagation`]: W3C Trace Context (Editor's Draft), W3C Baggage, B3 (single and multi),
//!   Jaeger's `uber-trace-id`, and the `OTEL_PROPAGATORS` composite; the Header inspector's decoder.
//! - [`sim`]: scenarios as data (YAML/JSON scenario files, presets) and the virtual-time engine.
//! - [`analysis`]: self time, critical path, bottleneck verdicts, pattern detectors, percentiles.
//! - [`otlp`]: OTLP/HTTP JSON encoding and decoding, and trace import.
//! - [`export`]: export decisions without IO: outbox, batches, retry schedule, messages.
//! - [`store`]: the bounded trace store the page shows.
//! - [`state`]: the page's state, its actions and the reducer; the simulator's driver (seeds
//!   per request, chunked load runs placed in the past); the search form run over the store.
//! - [`view`]: pure view logic: Gantt layout and its UI reducer, trace graph, statistics, spans
//!   table, flame graph, trace diff, service map, URL state.
//! - [`guide`]: the Lab guide: steps as data, checks over the page's facts, progress.
//! - [`clock`]: wall-clock "now", passed into the simulator as an input.
//!
//! Browser shell — compiled only for `wasm32`:
//! - `ui`: Yew components; they render a [`state::State`] and dispatch [`state::Action`]s
//!   through a thin `yew::Reducible` wrapper.
//! - `net`: the one module that does network IO.

pub mod analysis;
pub mod clock;
pub mod export;
pub mod guide;
pub mod model;
pub mod order;
pub mod otlp;
pub mod propagation;
pub mod sim;
pub mod state;
pub mod store;
pub mod view;

#[cfg(target_arch = "wasm32")]
pub mod net;
#[cfg(target_arch = "wasm32")]
pub mod ui;
