//! Pure view logic the UI draws from, kept out of `ui` so it is tested natively.
//!
//! - [`url`]: every setting and the seed as a URL query, with typed errors and default fallback
//!   (the "shared link reproduces the same traces" promise of issue 5).
//! - [`gantt`]: rows of the span tree with depth and collapse/expand, and keyboard navigation;
//!   [`gantt_state`]: the chart's UI state and its reducer.
//! - [`ruler`]: time-ruler ticks with nice labels.
//! - [`window`]: bar geometry, the zoom window, and the virtual window of rows to render.
//! - [`scatter`]: the duration-over-time plot of the search page; [`scatter_marks`]: its dots
//!   as two SVG paths, hit testing for its pointer listener, its label and tooltip.
//! - [`find`]: search within one trace.
//! - [`colour`]: one colour per service, the same everywhere in the app.
//! - [`number`]: decimals as typed, without the general float parser.
//! - [`format`]: clock times and counts as people read them.
//! - [`load`], [`load_history`], [`latency_report`], [`latency_chart`], [`queueing`]: the load
//!   experiment's settings, the kept results of load runs, the latency panel's numbers and chart
//!   geometry, and the queue wait recorded on a span (issue 7).
//! - [`trace_graph`], [`statistics`], [`spans_table`], [`flame`], [`trace_diff`],
//!   [`service_map`] (laid out by [`layered`], drawn before any request from [`topology`]),
//!   [`trace_json`] (with [`json_text`]) and [`theme`]: the trace views of issue 13.

pub mod colour;
pub mod find;
pub mod flame;
pub mod format;
pub mod gantt;
pub mod gantt_state;
pub mod json_text;
pub mod latency_chart;
pub mod latency_report;
pub mod layered;
pub mod load;
pub mod load_history;
pub mod number;
pub mod queueing;
pub mod ruler;
pub mod scatter;
pub mod scatter_marks;
pub mod service_map;
pub mod spans_table;
pub mod statistics;
pub mod theme;
pub mod topology;
pub mod trace_diff;
pub mod trace_graph;
pub mod trace_json;
pub mod url;
pub mod window;
