//! Finding traces, like Jaeger's search page (<https://www.jaegertracing.io/docs/latest/frontend-ui/>).
//!
//! A trace matches when **one span** matches the service, the operation and every tag together
//! (as in Jaeger, where the conditions apply to a single span), the trace's duration is within
//! min/max (inclusive), and, with `errors_only`, the trace has at least one error span.
//!
//! Tags compare as text: the attribute value's `Display` must equal the filter value. A tag is
//! looked up in the span's attributes, its resource's attributes, and the pseudo-tags Jaeger
//! shows for OTLP spans (<https://opentelemetry.io/docs/specs/otel/trace/sdk_exporters/jaeger/>):
//! `error=true` on error spans, `span.kind`, `otel.status_code` (`OK`/`ERROR`),
//! `otel.status_description`, `otel.scope.name` and `otel.scope.version`.

use crate::model::{KeyValue, Span, StatusCode, Trace};
use crate::order;
use std::collections::BTreeSet;

/// Result order of the search list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum SortOrder {
    /// Latest start first.
    #[default]
    MostRecent,
    Longest,
    Shortest,
    MostSpans,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct TraceQuery {
    /// `None` (or an empty string) matches every service.
    pub service: Option<String>,
    /// Span name; `None` (or an empty string) matches every operation.
    pub operation: Option<String>,
    /// Bounds on the whole trace's duration, inclusive.
    pub min_duration_nanos: Option<u64>,
    pub max_duration_nanos: Option<u64>,
    pub errors_only: bool,
    /// From [`super::parse_tag_filter`]; all must hold on the same span.
    pub tags: Vec<(String, String)>,
    /// Most results returned; 0 means no limit.
    pub limit: u32,
    pub sort: SortOrder,
}

/// Indices (in iteration order) of every trace that matches, in the query's order; ties keep
/// the input order. No limit: the search page plots every match and lists the first `limit`.
/// O(total spans + m log m). Takes any iterator of traces, so the page passes its store's
/// `Rc<Trace>`s and the tests a `Vec<Trace>` to the same function.
pub fn matching<'a>(traces: impl IntoIterator<Item = &'a Trace>, query: &TraceQuery) -> Vec<usize> {
    // (index, start, duration, span count) so sorting does not rescan spans.
    let mut hits: Vec<(usize, u64, u64, usize)> = traces
        .into_iter()
        .enumerate()
        .filter(|(_, t)| trace_matches(t, query))
        .map(|(i, t)| (i, t.start_unix_nano(), t.duration_nanos(), t.spans.len()))
        .collect();
    // A stable sort (ties keep the input order); `!x` sorts a u64 descending.
    order::sort_by_key(&mut hits, |h| match query.sort {
        SortOrder::MostRecent => !h.1,
        SortOrder::Longest => !h.2,
        SortOrder::Shortest => h.2,
        SortOrder::MostSpans => !(h.3 as u64),
    });
    hits.into_iter().map(|h| h.0).collect()
}

/// As [`matching`], cut to the query's limit (0 means no limit).
pub fn search<'a>(traces: impl IntoIterator<Item = &'a Trace>, query: &TraceQuery) -> Vec<usize> {
    let mut hits = matching(traces, query);
    if query.limit > 0 {
        hits.truncate(query.limit as usize);
    }
    hits
}

/// Whether one trace satisfies the query (ignoring limit and sort).
pub fn trace_matches(trace: &Trace, query: &TraceQuery) -> bool {
    let duration = trace.duration_nanos();
    if query.min_duration_nanos.is_some_and(|min| duration < min)
        || query.max_duration_nanos.is_some_and(|max| duration > max)
    {
        return false;
    }
    if query.errors_only && !trace.spans.iter().any(Span::is_error) {
        return false;
    }
    trace.spans.iter().any(|s| span_matches(s, query))
}

/// Whether one span satisfies the service, operation and tag conditions.
pub fn span_matches(span: &Span, query: &TraceQuery) -> bool {
    let wanted = |field: &Option<String>, actual: &str| match field.as_deref() {
        None | Some("") => true,
        Some(w) => w == actual,
    };
    wanted(&query.service, span.service_name())
        && wanted(&query.operation, &span.name)
        && query.tags.iter().all(|(k, v)| tag_matches(span, k, v))
}

/// Whether `span` has tag `key` whose text is `value` (see the module docs for where tags come from).
pub fn tag_matches(span: &Span, key: &str, value: &str) -> bool {
    let in_list = |attrs: &[KeyValue]| {
        attrs
            .iter()
            .any(|kv| kv.key == key && text_equals(&kv.value, value))
    };
    if in_list(&span.attributes) || in_list(&span.resource.attributes) {
        return true;
    }
    match key {
        "error" => span.is_error() && value == "true",
        "span.kind" => span.kind.as_str() == value,
        "otel.status_code" => match span.status.code {
            StatusCode::Ok => value == "OK",
            StatusCode::Error => value == "ERROR",
            StatusCode::Unset => false,
        },
        "otel.status_description" => span.is_error() && span.status.message == value,
        "otel.scope.name" => span.scope.name == value,
        "otel.scope.version" => span.scope.version == value,
        _ => false,
    }
}

/// Compares without allocating for strings, the common case.
fn text_equals(actual: &crate::model::AttrValue, wanted: &str) -> bool {
    match actual {
        crate::model::AttrValue::Str(s) => s == wanted,
        other => other.to_string() == wanted,
    }
}

/// Every service name in `traces`, sorted, once each: the search form's service menu. Both menus
/// insert into the set rather than `collect` it: `BTreeSet`'s `FromIterator` sorts its input, one
/// more copy of std's sort in the wasm (see `crate::order`).
pub fn services<'a>(traces: impl IntoIterator<Item = &'a Trace>) -> Vec<String> {
    let mut names: BTreeSet<&str> = BTreeSet::new();
    names.extend(
        traces
            .into_iter()
            .flat_map(|t| &t.spans)
            .map(Span::service_name),
    );
    names.into_iter().map(str::to_string).collect()
}

/// Every span name of `service` (or of all services for `None` or an empty name), sorted,
/// once each: the operation menu.
pub fn operations<'a>(
    traces: impl IntoIterator<Item = &'a Trace>,
    service: Option<&str>,
) -> Vec<String> {
    let mut names: BTreeSet<&str> = BTreeSet::new();
    names.extend(
        traces
            .into_iter()
            .flat_map(|t| &t.spans)
            .filter(|span| {
                service.is_none_or(|want| want.is_empty() || span.service_name() == want)
            })
            .map(|span| span.name.as_ref()),
    );
    names.into_iter().map(str::to_string).collect()
}
