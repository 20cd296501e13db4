//! The bottleneck verdict: one plain-English sentence saying where a request's time went and,
//! for a failed request, where the error started (issue 5, "Bottleneck verdict").
//!
//! - The bottleneck service is the one with the most time on the critical path
//!   ([`super::critical_path`]); its share is that time over the whole trace duration.
//! - Its top span is the longest span on the critical path nested inside that service (parent in
//!   the same service, e.g. a manual `heavy_calc` span), named only if it is at least 10 % of the
//!   trace.
//! - The error origin is the deepest error span none of whose children is an error: an error
//!   that its child does not explain. Ties go to the span that ended first. Error means
//!   `Status.code == ERROR` (<https://opentelemetry.io/docs/specs/otel/trace/api/#set-status>).

use super::critical_path::CriticalPath;
use super::format::{format_duration, format_duration_pair, format_share};
use super::tree::SpanTree;
use crate::model::{Span, SpanId};
use std::cmp::Reverse;
use std::collections::BTreeMap;

/// A span the verdict names; the UI can highlight it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamedSpan {
    pub span_index: usize,
    pub span_id: SpanId,
    pub service: String,
    pub name: String,
    pub duration_nanos: u64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    /// The service with the most critical-path time; `None` for an empty or zero-length trace.
    pub service: Option<String>,
    /// That service's critical-path time.
    pub service_nanos: u64,
    pub trace_nanos: u64,
    /// `service_nanos / trace_nanos`, 0 to 1.
    pub share: f64,
    /// The notable span inside the bottleneck service (≥ 10 % of the trace), if any.
    pub top_span: Option<NamedSpan>,
    /// Where the error started, for a trace with error spans.
    pub error_origin: Option<NamedSpan>,
    /// Why the error origin failed, e.g. "HTTP 500", or the status message.
    pub error_detail: Option<String>,
    pub sentence: String,
}

/// A span counts as notable when it is at least 1/`NOTABLE_DIVISOR` of the trace (10 %).
const NOTABLE_DIVISOR: u64 = 10;

/// Status message length kept in the sentence; longer messages are cut with "…".
const MAX_DETAIL_CHARS: usize = 80;

pub fn verdict(spans: &[Span], tree: &SpanTree, path: &CriticalPath) -> Verdict {
    let trace_nanos = trace_duration(spans);
    let bottleneck = bottleneck_service(spans, path).filter(|_| trace_nanos > 0);
    let top_span = bottleneck
        .as_ref()
        .and_then(|(service, _)| top_span_inside(spans, tree, path, service, trace_nanos));
    let error_origin = error_origin(spans, tree).map(|i| named(spans, i));
    let error_detail = error_origin
        .as_ref()
        .and_then(|o| spans.get(o.span_index))
        .and_then(error_detail);

    let mut sentence = match (&bottleneck, spans.is_empty()) {
        (_, true) => "This trace has no spans.".to_string(),
        (None, false) => "This request took no measurable time.".to_string(),
        (Some((service, nanos)), false) => {
            let mut s = format!(
                "{service} accounts for {} of this request ({})",
                format_share(*nanos, trace_nanos),
                format_duration_pair(*nanos, trace_nanos)
            );
            if let Some(top) = &top_span {
                s += &format!(
                    "; {} took {} of it",
                    top.name,
                    format_duration(top.duration_nanos)
                );
            }
            s + "."
        }
    };
    if let Some(origin) = &error_origin {
        sentence += &format!(
            " The error started in {}'s span {}",
            origin.service, origin.name
        );
        if let Some(detail) = &error_detail {
            sentence += &format!(" ({detail})");
        }
        sentence += ".";
    }
    let orphans = tree.orphan_count();
    if orphans > 0 {
        let spans_word = if orphans == 1 {
            "span has"
        } else {
            "spans have"
        };
        sentence += &format!(
            " Part of this trace is missing ({orphans} {spans_word} no parent in it), \
             so these numbers may be incomplete."
        );
    }

    let (service, service_nanos) = bottleneck.map_or((None, 0), |(s, n)| (Some(s), n));
    Verdict {
        share: if trace_nanos == 0 {
            0.0
        } else {
            service_nanos as f64 / trace_nanos as f64
        },
        service,
        service_nanos,
        trace_nanos,
        top_span,
        error_origin,
        error_detail,
        sentence,
    }
}

fn trace_duration(spans: &[Span]) -> u64 {
    let start = spans.iter().map(|s| s.start_unix_nano).min().unwrap_or(0);
    let end = spans.iter().map(|s| s.end_unix_nano).max().unwrap_or(0);
    end.saturating_sub(start)
}

/// The service with the most critical-path time (ties: alphabetical), with that time.
fn bottleneck_service(spans: &[Span], path: &CriticalPath) -> Option<(String, u64)> {
    let mut per_service: BTreeMap<&str, u64> = BTreeMap::new();
    for seg in &path.segments {
        if let Some(span) = spans.get(seg.span_index) {
            *per_service.entry(span.service_name()).or_default() += seg.duration_nanos();
        }
    }
    per_service
        .into_iter()
        .filter(|&(_, nanos)| nanos > 0)
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(service, nanos)| (service.to_string(), nanos))
}

fn top_span_inside(
    spans: &[Span],
    tree: &SpanTree,
    path: &CriticalPath,
    service: &str,
    trace_nanos: u64,
) -> Option<NamedSpan> {
    let inside = |i: usize| {
        let parent_service = tree
            .parent(i)
            .and_then(|p| spans.get(p))
            .map(Span::service_name);
        spans.get(i).map(Span::service_name) == Some(service) && parent_service == Some(service)
    };
    path.span_indices
        .iter()
        .copied()
        .filter(|&i| inside(i))
        .filter_map(|i| spans.get(i).map(|s| (i, s.duration_nanos())))
        .filter(|&(_, d)| d.saturating_mul(NOTABLE_DIVISOR) >= trace_nanos)
        .max_by_key(|&(i, d)| (d, Reverse(i)))
        .map(|(i, _)| named(spans, i))
}

/// The deepest error span without an error child; ties to the one that ended first.
fn error_origin(spans: &[Span], tree: &SpanTree) -> Option<usize> {
    let has_error_child = |i: usize| {
        tree.children(i)
            .iter()
            .any(|&c| spans.get(c).is_some_and(Span::is_error))
    };
    spans
        .iter()
        .enumerate()
        .filter(|(i, s)| s.is_error() && !has_error_child(*i))
        .max_by_key(|(i, s)| (tree.depth(*i), Reverse(s.end_unix_nano), Reverse(*i)))
        .map(|(i, _)| i)
}

fn named(spans: &[Span], i: usize) -> NamedSpan {
    let span = spans.get(i);
    NamedSpan {
        span_index: i,
        span_id: span.map(|s| s.span_id).unwrap_or_default(),
        service: span.map_or_else(String::new, |s| s.service_name().to_string()),
        name: span.map_or_else(String::new, |s| s.name.to_string()),
        duration_nanos: span.map_or(0, Span::duration_nanos),
    }
}

/// "HTTP 500" from the old or the stable semantic-convention attribute, else the status message.
fn error_detail(span: &Span) -> Option<String> {
    let status = span
        .attr("http.response.status_code")
        .or_else(|| span.attr("http.status_code"));
    if let Some(code) = status {
        return Some(format!("HTTP {code}"));
    }
    let message = span.status.message.trim();
    if message.is_empty() {
        return None;
    }
    let mut cut: String = message.chars().take(MAX_DETAIL_CHARS).collect();
    if message.chars().count() > MAX_DETAIL_CHARS {
        cut.push('…');
    }
    Some(cut)
}
