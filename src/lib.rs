//! # Trace playground
//!
//! A distributed-tracing lab that runs in the browser: simulated services emit the spans a real
//! OpenTelemetry deployment would, propagate context over (simulated) HTTP headers, and the page
//! shows, analyses and exports them.
//!
//! ## Map of the crate
//! Pure core — plain Rust, no browser APIs, tested natively with `cargo test`:
//! - [`model`]: ids, spans, resources, scopes, traces (the OpenTelemetry data model).
//! - [`propagation`]: W3C Trace Context `traceparent` / `tracestate`.
//! - [`sim`]: scenarios as data and the virtual-time engine that runs them.
//! - [`analysis`]: self time, critical path, bottleneck verdicts, percentiles.
//! - [`otlp`]: OTLP/HTTP JSON encoding and decoding, and trace import.
//! - [`export`]: export decisions without IO: outbox, batches, retry schedule, messages.
//! - [`store`]: the bounded trace store the page shows.
//! - [`state`]: the page's state, its actions and the reducer; the simulator's driver (seeds
//!   per request, chunked load runs placed in the past); the search form run over the store.
//! - [`view`]: pure view logic: Gantt layout and its UI reducer, URL state.
//! - [`sorting`]: the crate's one stable sort and sorted-`Vec` sets (small wasm code).
//! - [`lean`]: fixed decimals, quoting and clamping without std's heavy float/Debug code.
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
pub mod lean;
pub mod model;
pub mod otlp;
pub mod propagation;
pub mod sim;
pub mod sorting;
pub mod state;
pub mod store;
pub mod view;

#[cfg(target_arch = "wasm32")]
pub mod net;
#[cfg(target_arch = "wasm32")]
pub mod ui;
