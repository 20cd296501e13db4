//! Trace search and its form fields (tags, durations), like Jaeger's search page, and the page's
//! search over its store (`state::search::find`), which must give what `analysis::search` gives.

mod analysis_support;

use analysis_support::*;
use trace_playground::analysis::search::matching;
use trace_playground::analysis::{
    operations, parse_duration, parse_tag_filter, search, services, tag_matches, DurationError,
    SortOrder, TagFilterError, TraceQuery,
};
use trace_playground::model::{AttrValue, KeyValue, Trace, TraceId};
use trace_playground::state::search::{find, SearchForm};
use trace_playground::store::TraceStore;

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Expected `key=value` pairs of one tag-filter case.
type Pairs<'a> = &'a [(&'a str, &'a str)];

#[test]
fn tag_filters_parse_as_logfmt() {
    #[rustfmt::skip]
    let cases: &[(&str, Pairs, &str)] = &[
        ("http.status_code=500 error=true", &[("http.status_code", "500"), ("error", "true")], "the brief's example"),
        ("", &[], "empty means no tags"),
        ("   ", &[], "only spaces"),
        ("  a=1   b=2  ", &[("a", "1"), ("b", "2")], "extra spaces"),
        ("db.statement=\"select * from t\"", &[("db.statement", "select * from t")], "quoted value with spaces"),
        ("k=\"\"", &[("k", "")], "quoted empty value"),
        ("k=\"say \\\"hi\\\" \\\\o/\"", &[("k", "say \"hi\" \\o/")], "escapes inside quotes"),
        ("url=http://x/?a=b", &[("url", "http://x/?a=b")], "later = belong to the value"),
        ("a=1\tb=2", &[("a", "1"), ("b", "2")], "tabs separate too"),
        ("name=café", &[("name", "café")], "non-ASCII"),
    ];
    for &(text, expected, reason) in cases {
        assert_eq!(
            parse_tag_filter(text),
            Ok(pairs(expected)),
            "{reason}: {text:?}"
        );
    }
}

#[test]
fn bad_tag_filters_say_what_is_wrong() {
    #[rustfmt::skip]
    let cases: &[(&str, TagFilterError, &str, &str)] = &[
        ("error", TagFilterError::MissingEquals { token: "error".into() }, "\"error\" has no \"=\"", "a bare word"),
        ("a=1 http.status_code:500", TagFilterError::MissingEquals { token: "http.status_code:500".into() }, "key=value", "colon instead of ="),
        ("=500", TagFilterError::EmptyKey { token: "=500".into() }, "no key", "nothing before ="),
        ("k= other=1", TagFilterError::MissingValue { key: "k".into() }, "k=\"\"", "nothing after ="),
        ("k=", TagFilterError::MissingValue { key: "k".into() }, "no value", "= at the end"),
        ("k=\"open", TagFilterError::UnterminatedQuote { key: "k".into() }, "never closed", "missing closing quote"),
        ("k=\"ends in backslash\\", TagFilterError::UnterminatedQuote { key: "k".into() }, "never closed", "escaped last quote"),
        ("k=\"a\"b", TagFilterError::TextAfterQuote { key: "k".into() }, "add a space", "glued text"),
    ];
    for (text, error, message_part, reason) in cases {
        let got = parse_tag_filter(text);
        assert_eq!(got.as_ref(), Err(error), "{reason}: {text:?}");
        let message = error.to_string();
        assert!(
            message.contains(message_part),
            "{reason}: message {message:?}"
        );
    }
}

#[test]
fn durations_parse_with_go_style_units() {
    #[rustfmt::skip]
    let cases: &[(&str, Result<u64, DurationError>, &str)] = &[
        ("1.2s",    Ok(1_200_000_000),   "decimal seconds"),
        ("300ms",   Ok(300_000_000),     "milliseconds"),
        ("250us",   Ok(250_000),         "ASCII micro"),
        ("250µs",   Ok(250_000),         "micro sign"),
        ("250μs",   Ok(250_000),         "Greek mu"),
        ("15ns",    Ok(15),              "nanoseconds"),
        ("2m",      Ok(120_000_000_000), "minutes"),
        ("1h",      Ok(3_600_000_000_000), "hours"),
        (" 300 MS ", Ok(300_000_000),    "spaces and case"),
        (".5s",     Ok(500_000_000),     "no leading digit"),
        ("2.s",     Ok(2_000_000_000),   "trailing dot"),
        ("0.0000000015s", Ok(1),         "below a nanosecond truncates"),
        ("1.23456789012345678901s", Ok(1_234_567_890), "many fraction digits"),
        ("",        Err(DurationError::Empty), "empty"),
        ("300",     Err(DurationError::MissingUnit { text: "300".into() }), "no unit"),
        ("300 sec", Err(DurationError::UnknownUnit { unit: "sec".into() }), "unknown unit"),
        ("1e3ms",   Err(DurationError::UnknownUnit { unit: "e3ms".into() }), "no exponents"),
        ("ms",      Err(DurationError::BadNumber { text: "ms".into() }), "no number"),
        ("1.2.3s",  Err(DurationError::BadNumber { text: "1.2.3s".into() }), "two dots"),
        ("-5ms",    Err(DurationError::Negative), "negative"),
        ("18446744074s", Err(DurationError::TooLarge), "past u64 nanoseconds"),
        ("99999999999999999999999999999999999999999h", Err(DurationError::TooLarge), "past u128"),
    ];
    for (text, expected, reason) in cases {
        assert_eq!(&parse_duration(text), expected, "{reason}: {text:?}");
    }
    assert!(parse_duration("300")
        .unwrap_err()
        .to_string()
        .contains("needs a unit"));
}

/// Four traces, all starting at different times:
/// 0: lab, fast (100 ms), no errors, started first;
/// 1: lab with an error in B (500), 384 ms;
/// 2: lab with heavy_calc, 400 ms, 4 spans, started last;
/// 3: a lone db span, 5 ms, at 5 s (between 1 and 2), with a tag and a resource attribute.
fn corpus() -> Vec<Trace> {
    let lab = |id: u128, offset: u64, len: u64, error: bool, heavy: bool| {
        let b = server(span(
            3,
            Some(2),
            "service-b",
            "GET /data",
            offset + 2,
            offset + len - 2,
        ));
        let mut spans = vec![
            server(span(1, None, "service-a", "GET /", offset, offset + len)),
            client(span(
                2,
                Some(1),
                "service-a",
                "GET",
                offset + 1,
                offset + len - 1,
            )),
            if error {
                http_error(b, 500)
            } else {
                with_attr(b, "http.status_code", AttrValue::Int(200))
            },
        ];
        if heavy {
            spans.push(span(
                4,
                Some(3),
                "service-b",
                "heavy_calc",
                offset + 10,
                offset + 110,
            ));
        }
        trace_with_id(id, spans)
    };
    let mut db = span(9, None, "db", "SELECT", 5_000, 5_005);
    db.attributes.push(KeyValue::str("db.system", "sqlite"));
    std::sync::Arc::make_mut(&mut db.resource)
        .attributes
        .push(KeyValue::str("deployment.environment", "lab"));
    vec![
        lab(1, 0, 100, false, false),
        lab(2, 1_000, 384, true, false),
        lab(3, 9_000, 400, false, true),
        trace_with_id(4, vec![db]),
    ]
}

fn query() -> TraceQuery {
    TraceQuery::default()
}

#[test]
fn search_filters_like_jaeger() {
    let traces = corpus();
    #[rustfmt::skip]
    let cases: Vec<(TraceQuery, Vec<usize>, &str)> = vec![
        (query(), vec![2, 3, 1, 0], "no filter: all, most recent first"),
        (TraceQuery { service: Some("service-b".into()), ..query() }, vec![2, 1, 0], "by service"),
        (TraceQuery { service: Some(String::new()), ..query() }, vec![2, 3, 1, 0], "empty service means all"),
        (TraceQuery { service: Some("nobody".into()), ..query() }, vec![], "unknown service"),
        (TraceQuery { operation: Some("heavy_calc".into()), ..query() }, vec![2], "by operation"),
        (TraceQuery { service: Some("service-a".into()), operation: Some("heavy_calc".into()), ..query() }, vec![], "service and operation must hold on one span"),
        (TraceQuery { min_duration_nanos: Some(384 * MS), ..query() }, vec![2, 1], "min is inclusive"),
        (TraceQuery { max_duration_nanos: Some(100 * MS), ..query() }, vec![3, 0], "max is inclusive"),
        (TraceQuery { min_duration_nanos: Some(101 * MS), max_duration_nanos: Some(399 * MS), ..query() }, vec![1], "a range"),
        (TraceQuery { errors_only: true, ..query() }, vec![1], "errors only"),
        (TraceQuery { tags: pairs(&[("http.status_code", "500")]), ..query() }, vec![1], "an int attribute compares as text"),
        (TraceQuery { tags: pairs(&[("error", "true")]), ..query() }, vec![1], "the error pseudo-tag"),
        (TraceQuery { tags: pairs(&[("http.status_code", "200"), ("error", "true")]), ..query() }, vec![], "all tags on the same span"),
        (TraceQuery { tags: pairs(&[("deployment.environment", "lab")]), ..query() }, vec![3], "resource attributes are tags"),
        (TraceQuery { tags: pairs(&[("service.name", "service-a")]), ..query() }, vec![2, 1, 0], "service.name from the resource"),
        (TraceQuery { tags: pairs(&[("span.kind", "client")]), ..query() }, vec![2, 1, 0], "span kind pseudo-tag"),
        (TraceQuery { sort: SortOrder::Longest, ..query() }, vec![2, 1, 0, 3], "longest first"),
        (TraceQuery { sort: SortOrder::Shortest, ..query() }, vec![3, 0, 1, 2], "shortest first"),
        (TraceQuery { sort: SortOrder::MostSpans, ..query() }, vec![2, 0, 1, 3], "most spans; ties keep input order"),
        (TraceQuery { sort: SortOrder::Longest, limit: 2, ..query() }, vec![2, 1], "limit after sorting"),
    ];
    for (q, expected, reason) in cases {
        assert_eq!(search(&traces, &q), expected, "{reason}");
    }
}

#[test]
fn pseudo_tags_follow_the_otlp_to_jaeger_mapping() {
    let failed = http_error(server(span(1, None, "b", "GET /data", 0, 1)), 500);
    let mut ok = span(2, None, "b", "x", 0, 1);
    ok.status.code = trace_playground::model::StatusCode::Ok;
    #[rustfmt::skip]
    let cases: &[(&trace_playground::model::Span, &str, &str, bool, &str)] = &[
        (&failed, "error", "true", true, "error spans carry error=true"),
        (&ok, "error", "true", false, "others do not"),
        (&ok, "error", "false", false, "and error=false is not invented"),
        (&failed, "otel.status_code", "ERROR", true, "status code name"),
        (&ok, "otel.status_code", "OK", true, "OK status"),
        (&failed, "span.kind", "server", true, "kind in lowercase"),
        (&failed, "span.kind", "SERVER", false, "exact text"),
        (&failed, "otel.scope.name", "test", true, "scope name"),
        (&failed, "otel.scope.version", "1.0", true, "scope version"),
        (&failed, "http.status_code", "500", true, "Display of an int"),
        (&failed, "http.status_code", "500.0", false, "no numeric equivalence"),
        (&failed, "missing", "x", false, "unknown key"),
    ];
    for &(s, key, value, expected, reason) in cases {
        assert_eq!(tag_matches(s, key, value), expected, "{reason}");
    }
}

#[test]
fn menus_list_services_and_their_operations_sorted() {
    let traces = corpus();
    assert_eq!(services(&traces), vec!["db", "service-a", "service-b"]);
    assert_eq!(
        operations(&traces, Some("service-b")),
        vec!["GET /data", "heavy_calc"]
    );
    assert_eq!(operations(&traces, Some("service-a")), vec!["GET", "GET /"]);
    assert_eq!(operations(&traces, None).len(), 5);
    assert!(services(&[]).is_empty());
}

fn ids(traces: &[std::rc::Rc<Trace>]) -> Vec<TraceId> {
    traces.iter().map(|t| t.trace_id).collect()
}

#[test]
fn the_page_finds_what_the_analysis_search_finds() {
    let traces = corpus();
    let mut store = TraceStore::default();
    store.add_traces(traces.clone());
    // The page hands its traces over newest first: among equal keys the newest comes first.
    let newest_first: Vec<Trace> = traces.iter().rev().cloned().collect();
    #[rustfmt::skip]
    let forms: Vec<(SearchForm, &str)> = vec![
        (SearchForm::default(), "everything"),
        (SearchForm { service: "service-b".into(), ..SearchForm::default() }, "a service"),
        (SearchForm { min_duration: "384ms".into(), ..SearchForm::default() }, "a min duration"),
        (SearchForm { tags: "error=true".into(), ..SearchForm::default() }, "a tag"),
        (SearchForm { errors_only: true, ..SearchForm::default() }, "errors only"),
        (SearchForm { sort: SortOrder::MostSpans, ..SearchForm::default() }, "ties newest first"),
        (SearchForm { sort: SortOrder::Shortest, limit: 2, ..SearchForm::default() }, "a limit"),
    ];
    for (form, why) in forms {
        let found = find(&store, &form, 0);
        let (query, errors) = trace_playground::state::search::to_query(&form);
        assert!(errors.is_empty(), "{why}");
        let expected: Vec<TraceId> = matching(&newest_first, &query)
            .into_iter()
            .map(|i| newest_first[i].trace_id)
            .collect();
        assert_eq!(
            ids(&found.matches),
            expected,
            "{why}: every match, for the plot"
        );
        assert_eq!(
            found.plot.points.len(),
            expected.len(),
            "{why}: one dot each"
        );
        let listed: Vec<TraceId> = found.shown.iter().map(|s| s.trace_id).collect();
        let limit = if form.limit == 0 {
            expected.len()
        } else {
            form.limit as usize
        };
        assert_eq!(
            listed,
            expected[..expected.len().min(limit)],
            "{why}: the list"
        );
        let limited: Vec<TraceId> = search(&newest_first, &query)
            .into_iter()
            .map(|i| newest_first[i].trace_id)
            .collect();
        assert_eq!(listed, limited, "{why}: the list is `search`");
    }
}

#[test]
fn a_field_that_does_not_parse_is_reported_and_the_rest_still_filters() {
    let mut store = TraceStore::default();
    store.add_traces(corpus());
    let form = SearchForm {
        service: "db".into(),
        max_duration: "5 sec".into(),
        ..SearchForm::default()
    };
    let found = find(&store, &form, 0);
    assert_eq!(
        ids(&found.matches),
        vec![TraceId(4)],
        "the service still applies"
    );
    let message = found.errors.max_duration.expect("reported");
    assert!(message.contains("unknown unit \"sec\""), "{message}");
    assert!(found.errors.min_duration.is_none() && found.errors.tags.is_none());
}

#[test]
fn search_takes_shared_traces_as_well_as_owned_ones() {
    let owned = corpus();
    let shared: Vec<std::rc::Rc<Trace>> = owned.iter().cloned().map(std::rc::Rc::new).collect();
    let query = TraceQuery {
        sort: SortOrder::Longest,
        ..query()
    };
    assert_eq!(
        search(shared.iter().map(|t| &**t), &query),
        search(&owned, &query)
    );
    assert_eq!(services(shared.iter().map(|t| &**t)), services(&owned));
}
