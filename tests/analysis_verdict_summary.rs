//! Bottleneck verdicts, trace summaries and duration formatting against hand-computed cases.

mod analysis_support;

use analysis_support::*;
use trace_playground::analysis::{
    analyze, format_duration, format_duration_pair, format_share, summarize, ServiceSpans,
    TraceSummary,
};
use trace_playground::model::{SpanId, Trace};

fn sentence(t: &Trace) -> String {
    analyze(t).verdict.sentence
}

#[test]
fn heavy_calc_verdict_names_service_b_and_the_span() {
    let t = lab_trace(true);
    let v = analyze(&t).verdict;
    // Critical path: service-a 5 + 2 + 3 + 4 = 14 ms, service-b 193 + 100 + 77 = 370 ms.
    assert_eq!(
        v.sentence,
        "service-b accounts for 96 % of this request (370 of 384 ms); heavy_calc took 100 ms of it."
    );
    assert_eq!(v.service.as_deref(), Some("service-b"));
    assert_eq!(v.service_nanos, 370 * MS);
    assert_eq!(v.trace_nanos, 384 * MS);
    assert!((v.share - 370.0 / 384.0).abs() < 1e-12);
    let top = v.top_span.expect("heavy_calc is 26 % of the trace");
    assert_eq!((top.span_id, top.name.as_str()), (SpanId(4), "heavy_calc"));
    assert_eq!(top.duration_nanos, 100 * MS);
    assert_eq!(top.span_index, idx(&t, 4));
    assert_eq!(v.error_origin, None);
}

#[test]
fn without_heavy_calc_the_verdict_has_no_top_span() {
    assert_eq!(
        sentence(&lab_trace(false)),
        "service-b accounts for 96 % of this request (370 of 384 ms)."
    );
}

#[test]
fn a_span_inside_the_service_is_named_only_from_ten_percent_of_the_trace() {
    #[rustfmt::skip]
    let cases: &[(u64, bool, &str)] = &[
        (10, true,  "exactly 10 % of 100 ms is notable"),
        (9,  false, "9 % is not"),
    ];
    for &(len, named, reason) in cases {
        let t = trace(vec![
            server(span(1, None, "front", "GET /", 0, 100)),
            span(2, Some(1), "front", "work", 40, 40 + len),
        ]);
        let v = analyze(&t).verdict;
        assert_eq!(v.top_span.is_some(), named, "{reason}: {}", v.sentence);
    }
}

#[test]
fn an_error_trace_names_where_the_error_started() {
    let t = trace(vec![
        server(span(1, None, "service-a", "GET /", 0, 384)),
        http_error(client(span(2, Some(1), "service-a", "GET", 5, 380)), 500),
        http_error(
            server(span(3, Some(2), "service-b", "GET /data", 7, 377)),
            500,
        ),
    ]);
    let v = analyze(&t).verdict;
    assert_eq!(
        v.sentence,
        "service-b accounts for 96 % of this request (370 of 384 ms). \
         The error started in service-b's span GET /data (HTTP 500)."
    );
    let origin = v.error_origin.expect("an error trace has an origin");
    assert_eq!(origin.span_id, SpanId(3));
    assert_eq!(origin.service, "service-b");
    assert_eq!(v.error_detail.as_deref(), Some("HTTP 500"));
}

#[test]
fn the_error_origin_is_the_deepest_error_not_explained_by_an_error_child() {
    let t = trace(vec![
        error_with_message(span(1, None, "a", "A", 0, 100), "upstream failed"),
        error_with_message(span(2, Some(1), "b", "B", 10, 90), "upstream failed"),
        error_with_message(span(3, Some(2), "c", "C", 20, 80), "disk full"),
        span(4, Some(3), "d", "D (fine)", 30, 70),
        error_with_message(span(5, Some(1), "e", "E", 91, 95), "shallower"),
    ]);
    let v = analyze(&t).verdict;
    assert_eq!(v.error_origin.map(|o| o.span_id), Some(SpanId(3)));
    assert!(
        v.sentence
            .ends_with(" The error started in c's span C (disk full)."),
        "{}",
        v.sentence
    );
}

#[test]
fn error_origin_ties_at_equal_depth_go_to_the_first_to_end() {
    let t = trace(vec![
        span(1, None, "a", "A", 0, 100),
        error_with_message(span(2, Some(1), "b", "ends later", 10, 90), ""),
        error_with_message(span(3, Some(1), "c", "ends first", 20, 30), ""),
    ]);
    let v = analyze(&t).verdict;
    assert_eq!(v.error_origin.map(|o| o.span_id), Some(SpanId(3)));
    assert_eq!(v.error_detail, None, "no status code and an empty message");
    assert!(
        v.sentence.ends_with("c's span ends first."),
        "{}",
        v.sentence
    );
}

#[test]
fn stable_semconv_status_code_and_long_messages_are_described() {
    use trace_playground::model::AttrValue;
    let stable = with_attr(
        error_with_message(span(1, None, "b", "GET /data", 0, 10), "ignored"),
        "http.response.status_code",
        AttrValue::Int(503),
    );
    assert_eq!(
        analyze(&trace(vec![stable]))
            .verdict
            .error_detail
            .as_deref(),
        Some("HTTP 503")
    );
    let long = error_with_message(span(1, None, "b", "x", 0, 10), &"y".repeat(200));
    let detail = analyze(&trace(vec![long]))
        .verdict
        .error_detail
        .unwrap_or_default();
    assert_eq!(detail.chars().count(), 81, "80 characters and an ellipsis");
    assert!(detail.ends_with('…'));
}

#[test]
fn a_partial_trace_says_part_of_it_is_missing() {
    let t = trace(vec![
        server(span(3, Some(2), "service-b", "GET /data", 7, 377)),
        span(4, Some(3), "service-b", "heavy_calc", 200, 300),
    ]);
    assert_eq!(
        sentence(&t),
        "service-b accounts for 100 % of this request (370 of 370 ms); heavy_calc took 100 ms of it. \
         Part of this trace is missing (1 span has no parent in it), so these numbers may be incomplete."
    );
}

#[test]
fn empty_and_zero_length_traces_get_a_sentence_not_a_panic() {
    let empty = analyze(&trace(vec![])).verdict;
    assert_eq!(empty.sentence, "This trace has no spans.");
    assert_eq!((empty.service, empty.share), (None, 0.0));
    let instant = analyze(&trace(vec![span(1, None, "a", "x", 5, 5)])).verdict;
    assert_eq!(instant.sentence, "This request took no measurable time.");
    assert_eq!(instant.trace_nanos, 0);
}

#[test]
fn the_summary_has_what_the_header_and_result_list_show() {
    let t = trace(vec![
        server(span(1, None, "service-a", "GET /", 0, 384)),
        http_error(client(span(2, Some(1), "service-a", "GET", 5, 380)), 500),
        http_error(
            server(span(3, Some(2), "service-b", "GET /data", 7, 377)),
            500,
        ),
        span(4, Some(3), "service-b", "heavy_calc", 200, 300),
    ]);
    assert_eq!(
        summarize(&t),
        TraceSummary {
            trace_id: TRACE,
            root_service: "service-a".into(),
            root_operation: "GET /".into(),
            root_span_id: Some(SpanId(1)),
            has_true_root: true,
            start_unix_nano: at(0),
            duration_nanos: 384 * MS,
            services: vec![
                ServiceSpans {
                    service: "service-a".into(),
                    span_count: 2,
                    error_count: 1
                },
                ServiceSpans {
                    service: "service-b".into(),
                    span_count: 2,
                    error_count: 1
                },
            ],
            depth: 4,
            span_count: 4,
            error_count: 2,
            orphan_count: 0,
        }
    );
}

#[test]
fn a_summary_of_a_partial_trace_uses_its_earliest_orphan() {
    let t = trace(vec![
        span(5, Some(9), "db", "late orphan", 50, 60),
        server(span(3, Some(2), "service-b", "GET /data", 7, 377)),
    ]);
    let s = summarize(&t);
    assert_eq!(
        (s.root_service.as_str(), s.root_operation.as_str()),
        ("service-b", "GET /data")
    );
    assert!(!s.has_true_root);
    assert_eq!((s.orphan_count, s.depth, s.span_count), (2, 1, 2));
    let empty = summarize(&trace(vec![]));
    assert_eq!(
        (empty.root_service.as_str(), empty.span_count, empty.depth),
        ("", 0, 0)
    );
}

#[test]
fn analyze_bundles_consistent_parts() {
    let t = lab_trace(true);
    let a = analyze(&t);
    assert_eq!(a.tree.len(), 4);
    assert_eq!(
        a.self_times.iter().sum::<u64>(),
        384 * MS,
        "one root, no gaps: self times add up"
    );
    assert_eq!(a.critical_path.total_nanos(), 384 * MS);
    assert_eq!(a.by_service[0].service, "service-b");
    assert_eq!(a.summary.span_count, 4);
}

#[test]
fn durations_read_in_the_largest_sensible_unit() {
    #[rustfmt::skip]
    let cases: &[(u64, &str, &str)] = &[
        (0,                 "0 ns",   "zero"),
        (999,               "999 ns", "below a microsecond"),
        (1_000,             "1 µs",   "exactly one unit drops the .0"),
        (1_500,             "1.5 µs", "one decimal below 10"),
        (250_000,           "250 µs", "whole numbers from 10"),
        (2_540_000,         "2.5 ms", "rounds to one decimal"),
        (9_960_000,         "10 ms",  "9.96 rounds up to a whole 10"),
        (370_400_000,       "370 ms", "the lab's B"),
        (999_600_000,       "1 s",    "rounding carries into the next unit"),
        (1_200_000_000,     "1.2 s",  "seconds with a decimal"),
        (12_345_000_000,    "12 s",   "whole seconds from 10"),
        (u64::MAX,          "18446744074 s", "the largest value"),
    ];
    for &(nanos, expected, reason) in cases {
        assert_eq!(format_duration(nanos), expected, "{reason}");
    }
}

#[test]
fn pairs_and_shares_read_naturally() {
    assert_eq!(format_duration_pair(370 * MS, 384 * MS), "370 of 384 ms");
    assert_eq!(format_duration_pair(400 * MS, 1_200 * MS), "0.4 of 1.2 s");
    #[rustfmt::skip]
    let cases: &[(u64, u64, &str, &str)] = &[
        (370, 384,  "96 %",  "rounds to nearest"),
        (0,   0,    "0 %",   "nothing of nothing"),
        (1,   1000, "<1 %",  "a sliver is not zero"),
        (995, 1000, ">99 %", "almost all is not all"),
        (5,   5,    "100 %", "all"),
        (0,   7,    "0 %",   "none"),
    ];
    for &(part, whole, expected, reason) in cases {
        assert_eq!(format_share(part, whole), expected, "{reason}");
    }
}
