//! The spans table, like Jaeger UI's "Trace Spans Table" view
//! (<https://www.jaegertracing.io/docs/latest/frontend-ui/>): every span of one trace as a row,
//! filtered by service, operation, duration, status and attributes, sorted by any column, and
//! cut into the window of rows the virtualised list shows.
//!
//! Attributes match as on the search page ([`crate::analysis::tag_matches`], parsed by
//! [`crate::analysis::parse_tag_filter`]): `key=value` compares the value as text, and Jaeger's
//! pseudo-tags such as `error=true` or `span.kind=client` work too. Sorting is stable, so equal
//! cells keep span (start) order whichever way the column is sorted.

use crate::analysis::{tag_matches, SpanTree};
use crate::model::{Span, SpanId, SpanKind, StatusCode};
use crate::order;

/// A column to sort by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SpanColumn {
    Service,
    Operation,
    Kind,
    Start,
    Duration,
    SelfTime,
    Status,
    Depth,
    SpanId,
}

/// Which spans to show; every condition must hold. `Default` shows every span.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SpanFilter {
    /// Exact service name; `None` or "" for all.
    pub service: Option<String>,
    /// Exact span name; `None` or "" for all.
    pub operation: Option<String>,
    /// Inclusive bounds on the span's duration.
    pub min_duration_nanos: Option<u64>,
    pub max_duration_nanos: Option<u64>,
    pub status: Option<StatusCode>,
    /// `key=value` pairs, e.g. from `parse_tag_filter("http.status_code=500")`.
    pub attributes: Vec<(String, String)>,
}

impl SpanFilter {
    pub fn matches(&self, span: &Span) -> bool {
        let wanted = |field: &Option<String>, actual: &str| match field.as_deref() {
            None | Some("") => true,
            Some(w) => w == actual,
        };
        let d = span.duration_nanos();
        wanted(&self.service, span.service_name())
            && wanted(&self.operation, &span.name)
            && self.min_duration_nanos.is_none_or(|min| d >= min)
            && self.max_duration_nanos.is_none_or(|max| d <= max)
            && self.status.is_none_or(|s| span.status.code == s)
            && self.attributes.iter().all(|(k, v)| tag_matches(span, k, v))
    }
}

/// The indices (into `spans`) of the rows to show, filtered and sorted. `tree` and `self_times`
/// must come from the same spans. O(n log n).
pub fn span_rows(
    spans: &[Span],
    tree: &SpanTree,
    self_times: &[u64],
    filter: &SpanFilter,
    column: SpanColumn,
    descending: bool,
) -> Vec<usize> {
    let mut rows: Vec<usize> = (0..spans.len())
        .filter(|&i| filter.matches(&spans[i]))
        .collect();
    let own = |i: usize| self_times.get(i).copied().unwrap_or(0);
    order::sort_by(&mut rows, |&a, &b| {
        let (x, y) = (&spans[a], &spans[b]);
        let order = match column {
            SpanColumn::Service => x.service_name().cmp(y.service_name()),
            SpanColumn::Operation => x.name.cmp(&y.name),
            SpanColumn::Kind => x.kind.as_str().cmp(y.kind.as_str()),
            SpanColumn::Start => x.start_unix_nano.cmp(&y.start_unix_nano),
            SpanColumn::Duration => x.duration_nanos().cmp(&y.duration_nanos()),
            SpanColumn::SelfTime => own(a).cmp(&own(b)),
            SpanColumn::Status => (x.status.code as u8).cmp(&(y.status.code as u8)),
            SpanColumn::Depth => tree.depth(a).cmp(&tree.depth(b)),
            SpanColumn::SpanId => x.span_id.cmp(&y.span_id),
        };
        if descending {
            order.reverse()
        } else {
            order
        }
    });
    rows
}

/// The rows a virtualised list renders: at most `len` rows from `offset` (empty past the end).
pub fn window(rows: &[usize], offset: usize, len: usize) -> &[usize] {
    let start = offset.min(rows.len());
    let end = start.saturating_add(len).min(rows.len());
    &rows[start..end]
}

/// What one row shows, computed only for the rows in the window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpanRow {
    pub span_index: usize,
    pub span_id: SpanId,
    pub service: String,
    pub operation: String,
    pub kind: SpanKind,
    /// Start relative to the trace's first span.
    pub start_offset_nanos: u64,
    pub duration_nanos: u64,
    pub self_nanos: u64,
    pub status: StatusCode,
    pub depth: u32,
}

/// The cells of row `i`, or `None` for an index out of range. `trace_start` is the trace's
/// first start (`Trace::start_unix_nano`), passed in so a window of rows costs O(rows).
pub fn span_row(
    spans: &[Span],
    tree: &SpanTree,
    self_times: &[u64],
    trace_start: u64,
    i: usize,
) -> Option<SpanRow> {
    let span = spans.get(i)?;
    Some(SpanRow {
        span_index: i,
        span_id: span.span_id,
        service: span.service_name().to_string(),
        operation: span.name.to_string(),
        kind: span.kind,
        start_offset_nanos: span.start_unix_nano.saturating_sub(trace_start),
        duration_nanos: span.duration_nanos(),
        self_nanos: self_times.get(i).copied().unwrap_or(0),
        status: span.status.code,
        depth: tree.depth(i),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::operations::testing::{attr, failed, kind, span, MS};
    use crate::analysis::{parse_tag_filter, self_times};
    use crate::model::AttrValue;

    /// a GET / (0–100) calls b twice (10–40 ok, 50–60 failed with 500) and runs c work (61–62).
    fn spans() -> Vec<Span> {
        let ok = kind(
            span(2, Some(1), "b", "GET /data", (10, 40)),
            SpanKind::Server,
        );
        let bad = kind(
            span(3, Some(1), "b", "GET /data", (50, 60)),
            SpanKind::Server,
        );
        vec![
            kind(span(1, None, "a", "GET /", (0, 100)), SpanKind::Server),
            attr(ok, "http.status_code", AttrValue::Int(200)),
            failed(attr(bad, "http.status_code", AttrValue::Int(500))),
            span(4, Some(1), "c", "work", (61, 62)),
        ]
    }

    fn rows(filter: &SpanFilter, column: SpanColumn, descending: bool) -> Vec<usize> {
        let spans = spans();
        let tree = SpanTree::build(&spans);
        let own = self_times(&spans, &tree);
        span_rows(&spans, &tree, &own, filter, column, descending)
    }

    #[test]
    fn every_span_is_a_row_in_start_order_by_default() {
        assert_eq!(
            rows(&SpanFilter::default(), SpanColumn::Start, false),
            vec![0, 1, 2, 3]
        );
    }

    #[test]
    fn sorting_by_a_column_keeps_ties_in_span_order_both_ways() {
        let all = SpanFilter::default();
        assert_eq!(rows(&all, SpanColumn::Duration, true), vec![0, 1, 2, 3]);
        assert_eq!(rows(&all, SpanColumn::Duration, false), vec![3, 2, 1, 0]);
        assert_eq!(
            rows(&all, SpanColumn::Service, true),
            vec![3, 1, 2, 0],
            "b ties keep order"
        );
        assert_eq!(rows(&all, SpanColumn::Depth, false), vec![0, 1, 2, 3]);
        assert_eq!(rows(&all, SpanColumn::Status, true), vec![2, 0, 1, 3]);
        assert_eq!(
            rows(&all, SpanColumn::SelfTime, false)[0],
            3,
            "1 ms of self time"
        );
        assert_eq!(
            rows(&all, SpanColumn::Kind, false),
            vec![3, 0, 1, 2],
            "internal < server"
        );
    }

    #[rustfmt::skip]
    #[test]
    fn each_filter_narrows_the_rows() {
        let cases: Vec<(SpanFilter, Vec<usize>, &str)> = vec![
            (SpanFilter { service: Some("b".into()), ..Default::default() }, vec![1, 2], "service"),
            (SpanFilter { service: Some(String::new()), ..Default::default() }, vec![0, 1, 2, 3], "empty = all"),
            (SpanFilter { operation: Some("work".into()), ..Default::default() }, vec![3], "operation"),
            (SpanFilter { min_duration_nanos: Some(10 * MS), max_duration_nanos: Some(30 * MS), ..Default::default() }, vec![1, 2], "inclusive bounds"),
            (SpanFilter { status: Some(StatusCode::Error), ..Default::default() }, vec![2], "status"),
            (SpanFilter { attributes: parse_tag_filter("http.status_code=500").unwrap_or_default(), ..Default::default() }, vec![2], "attribute"),
            (SpanFilter { attributes: parse_tag_filter("span.kind=internal").unwrap_or_default(), ..Default::default() }, vec![3], "pseudo-tag"),
            (SpanFilter { service: Some("a".into()), status: Some(StatusCode::Error), ..Default::default() }, vec![], "all must hold"),
        ];
        for (filter, expected, why) in cases {
            assert_eq!(rows(&filter, SpanColumn::Start, false), expected, "{why}");
        }
    }

    #[test]
    fn the_window_is_clamped_to_the_rows() {
        let rows: Vec<usize> = (0..10).collect();
        assert_eq!(window(&rows, 3, 4), &[3, 4, 5, 6]);
        assert_eq!(window(&rows, 8, 5), &[8, 9]);
        assert!(window(&rows, 20, 5).is_empty());
        assert_eq!(window(&rows, 0, usize::MAX).len(), 10);
    }

    #[test]
    fn a_row_shows_offsets_self_time_and_depth() {
        let spans = spans();
        let tree = SpanTree::build(&spans);
        let own = self_times(&spans, &tree);
        let row = span_row(&spans, &tree, &own, 0, 2).expect("in range");
        assert_eq!(
            (row.start_offset_nanos, row.duration_nanos),
            (50 * MS, 10 * MS)
        );
        assert_eq!(
            (row.depth, row.status, row.service.as_str()),
            (1, StatusCode::Error, "b")
        );
        assert_eq!(span_row(&spans, &tree, &own, 0, 9), None);
    }
}
