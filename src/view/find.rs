//! Search within one trace ("Find in trace"): which spans mention the text, ignoring ASCII case,
//! in their service, name, span id, status message, or any attribute written as `key=value`
//! (so `500` finds `http.status_code=500` and `heavy` finds `heavy_calc`).

use crate::model::{Span, Trace};

/// Indices (into `trace.spans`) of the spans that match `query`; empty for a blank query.
pub fn find_in_trace(trace: &Trace, query: &str) -> Vec<usize> {
    // ASCII case folding: enough for ids, span names and attribute keys, and it spares the
    // page the Unicode case tables.
    let needle = query.trim().to_ascii_lowercase();
    if needle.is_empty() {
        return Vec::new();
    }
    trace
        .spans
        .iter()
        .enumerate()
        .filter(|(_, span)| span_matches(span, &needle))
        .map(|(i, _)| i)
        .collect()
}

fn span_matches(span: &Span, needle: &str) -> bool {
    let has = |text: &str| text.to_ascii_lowercase().contains(needle);
    has(span.service_name())
        || has(&span.name)
        || has(&span.span_id.to_string())
        || has(&span.status.message)
        || span
            .attributes
            .iter()
            .any(|kv| has(&format!("{}={}", kv.key, kv.value)))
}

/// The next match after the current one (wrapping), in match order; `backwards` goes the
/// other way. `None` when there are no matches.
pub fn step_match(match_count: usize, current: Option<usize>, backwards: bool) -> Option<usize> {
    if match_count == 0 {
        return None;
    }
    Some(match (current, backwards) {
        (None, false) => 0,
        (None, true) => match_count - 1,
        (Some(i), false) => (i + 1) % match_count,
        (Some(i), true) => (i + match_count - 1) % match_count,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{KeyValue, Resource, Scope, SpanId, SpanKind, Status, TraceFlags, TraceId};
    use std::sync::Arc;

    fn span(id: u64, service: &str, name: &'static str, attrs: Vec<KeyValue>) -> Span {
        Span {
            trace_id: TraceId(1),
            span_id: SpanId(id),
            parent_span_id: None,
            flags: TraceFlags::SAMPLED,
            trace_state: String::new(),
            name: name.into(),
            kind: SpanKind::Server,
            start_unix_nano: id,
            end_unix_nano: id + 10,
            attributes: attrs,
            events: vec![],
            links: vec![],
            status: Status::default(),
            resource: Arc::new(Resource {
                service_name: service.to_string().into(),
                attributes: vec![],
                ..Default::default()
            }),
            scope: Arc::new(Scope {
                name: "s".into(),
                version: "".into(),
                ..Default::default()
            }),
            wire_headers: None,
        }
    }

    fn trace() -> Trace {
        Trace::new(
            TraceId(1),
            vec![
                span(
                    1,
                    "service-a",
                    "GET /",
                    vec![KeyValue::int("http.status_code", 200)],
                ),
                span(
                    2,
                    "service-b",
                    "GET /data",
                    vec![KeyValue::int("http.status_code", 500)],
                ),
                span(0xabc, "service-b", "heavy_calc", vec![]),
            ],
        )
    }

    #[rustfmt::skip]
    const CASES: &[(&str, &[usize], &str)] = &[
        ("",            &[],        "blank finds nothing"),
        ("   ",         &[],        "whitespace is blank"),
        ("service-b",   &[1, 2],    "service name"),
        ("HEAVY",       &[2],       "case-insensitive span name"),
        ("500",         &[1],       "attribute value"),
        ("status_code=2", &[0],     "key=value form"),
        ("0000000000000abc", &[2],  "span id hex"),
        ("nothing here", &[],       "no match"),
    ];

    #[test]
    fn finds_spans_by_what_they_say() {
        let t = trace();
        for (query, expected, why) in CASES {
            assert_eq!(find_in_trace(&t, query), expected.to_vec(), "{why}");
        }
    }

    #[test]
    fn stepping_wraps_both_ways() {
        assert_eq!(step_match(0, None, false), None);
        assert_eq!(step_match(3, None, false), Some(0));
        assert_eq!(step_match(3, None, true), Some(2));
        assert_eq!(step_match(3, Some(2), false), Some(0));
        assert_eq!(step_match(3, Some(0), true), Some(2));
    }
}
