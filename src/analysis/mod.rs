//! Analysis of finished traces: where the time went (issues 5 and 7).
//!
//! Per trace: the span [`tree`], [`self_time`], the [`critical_path`], the bottleneck
//! [`verdict`] and the header [`summary`]. Over many traces: [`search`] (with its form fields
//! parsed by [`query_parse`]). Over requests: [`percentiles`], [`histogram`]s, [`latency`] stats,
//! latency against offered [`load`], and [`queue`] statistics.
//!
//! Everything here is a pure function of the model (`crate::model`), never panics on any input,
//! and is iterative and O(n log n) or better, so a 10,000-span trace or 10,000 request samples are
//! cheap in the browser. Spans are addressed by their index in `trace.spans`.

pub mod critical_path;
pub mod detectors;
pub mod format;
pub mod histogram;
pub mod latency;
pub mod load;
pub mod operations;
pub mod percentiles;
pub mod query_parse;
pub mod queue;
pub mod search;
pub mod self_time;
pub mod summary;
pub mod tree;
pub mod verdict;

pub use critical_path::{critical_path, CriticalPath, PathSegment};
pub use format::{format_duration, format_duration_pair, format_share};
pub use histogram::{log_histogram, Histogram, HistogramBucket};
pub use latency::{
    count_over, endpoint_samples, endpoint_stats, latency_stats, EndpointStats, LatencySample,
    LatencyStats,
};
pub use load::{load_curve, load_point, LoadPoint, LoadRun};
pub use percentiles::{nearest_rank, percentiles, percentiles_of_sorted, Percentiles};
pub use query_parse::{parse_duration, parse_tag_filter, DurationError, TagFilterError};
pub use queue::{queue_stats, QueueStats};
pub use search::{
    operations, search, services, span_matches, tag_matches, trace_matches, SortOrder, TraceQuery,
};
pub use self_time::{self_time_by_service, self_times, ServiceTime};
pub use summary::{summarize, summarize_with_tree, ServiceSpans, TraceSummary};
pub use tree::{RootKind, SpanTree};
pub use verdict::{verdict, NamedSpan, Verdict};

use crate::model::Trace;

/// Everything the trace view needs about one trace, computed once.
#[derive(Clone, Debug, PartialEq)]
pub struct TraceAnalysis {
    pub tree: SpanTree,
    /// Indexed like `trace.spans`.
    pub self_times: Vec<u64>,
    pub by_service: Vec<ServiceTime>,
    pub critical_path: CriticalPath,
    pub verdict: Verdict,
    pub summary: TraceSummary,
}

/// Analyses one trace: O(n log n) in its span count.
pub fn analyze(trace: &Trace) -> TraceAnalysis {
    let spans = &trace.spans;
    let tree = SpanTree::build(spans);
    let self_times = self_times(spans, &tree);
    let by_service = self_time_by_service(spans, &self_times);
    let critical_path = critical_path(spans, &tree);
    let verdict = verdict(spans, &tree, &critical_path);
    let summary = summarize_with_tree(trace, &tree);
    TraceAnalysis {
        tree,
        self_times,
        by_service,
        critical_path,
        verdict,
        summary,
    }
}
