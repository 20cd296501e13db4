//! Every trace view and detector of issue 13 on one 100,000-span trace: a 50,000-deep chain of
//! calls and a 25,000-call sequential fan-out. Nothing may recurse on depth (the test thread's
//! stack is small) and the results must be right; the times are printed, not asserted
//! (`cargo test --release --test views_big_trace -- --nocapture` to measure).

mod analysis_support;

use analysis_support::*;
use std::time::Instant;
use trace_playground::analysis::analyze;
use trace_playground::analysis::detectors::{
    critical_path_share, detect_all, error_origin, n_plus_one, queueing, retries, sequential_calls,
    Context, FindingKind,
};
use trace_playground::model::{AttrValue, Event, KeyValue, SpanId, Trace};
use trace_playground::sim::{QUEUED_EVENT, QUEUE_WAIT_ATTR};
use trace_playground::view::flame::{flame_graph, FlameScale};
use trace_playground::view::layered::LayoutOptions;
use trace_playground::view::service_map::service_map;
use trace_playground::view::spans_table::{span_rows, window, SpanColumn, SpanFilter};
use trace_playground::view::statistics::{sort_rows, statistics, Dimension, StatsColumn};
use trace_playground::view::trace_diff::{diff_sides, diff_traces, DiffSide, Presence};
use trace_playground::view::trace_graph::trace_graph;

const CHAIN: u64 = 50_000;
const FAN_OUT: u64 = 24_999;
const US: u64 = 1_000;

fn at_ns(ns: u64) -> u64 {
    EPOCH + ns
}

fn timed<T>(label: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    println!(
        "{label:<42} {:>9.1} ms",
        start.elapsed().as_secs_f64() * 1e3
    );
    out
}

/// Root (0–1.6 s) → a 50,000-span chain alternating CLIENT (svc-j `GET`) and SERVER
/// (svc-j+1 `GET /hop-m`) in the first second, the deepest failing and every caller passing the
/// error on; then 24,999 sequential calls to `db GET /query` (the first two fail with 503 and
/// are retried, every 1000th waited in a queue); and one `heavy_calc`: 100,000 spans.
fn big_trace() -> Trace {
    let mut spans = Vec::with_capacity(100_000);
    spans.push(server(span(1, None, "gateway", "GET /", 0, 1_600)));
    for k in 0..CHAIN {
        let m = k / 2;
        let (service, name) = if k % 2 == 0 {
            (format!("svc-{}", m % 10), "GET".to_string())
        } else {
            (format!("svc-{}", (m + 1) % 10), format!("GET /hop-{m}"))
        };
        let parent = if k == 0 { 1 } else { 10 + k - 1 };
        let mut s = span(10 + k, Some(parent), &service, &name, 0, 0);
        s.start_unix_nano = at_ns(k * 10);
        s.end_unix_nano = at_ns(1_000_000_000 - k * 10);
        s = if k % 2 == 0 { client(s) } else { server(s) };
        spans.push(if k == CHAIN - 1 {
            error_with_message(s, "deep failure")
        } else {
            http_error(s, 500)
        });
    }
    for j in 0..FAN_OUT {
        let start = 1_000_000_000 + j * 20 * US;
        let id = 1_000_000 + 2 * j;
        let mut call = client(span(id, Some(1), "gateway", "GET", 0, 0));
        call.start_unix_nano = at_ns(start);
        call.end_unix_nano = at_ns(start + 15 * US);
        let url = if j < 3 {
            "http://db/query?id=0".to_string()
        } else {
            format!("http://db/query?id={j}")
        };
        call = with_attr(call, "http.url", AttrValue::Str(url.into()));
        let mut db = server(span(id + 1, Some(id), "db", "GET /query", 0, 0));
        db.start_unix_nano = at_ns(start + US);
        db.end_unix_nano = at_ns(start + 14 * US);
        if j < 2 {
            call = http_error(call, 503);
        }
        if j % 1000 == 0 {
            db.events.push(Event {
                name: QUEUED_EVENT.into(),
                time_unix_nano: db.start_unix_nano,
                attributes: vec![KeyValue::int(QUEUE_WAIT_ATTR, 500_000)],
            });
        }
        spans.push(call);
        spans.push(db);
    }
    spans.push(span(2, Some(1), "gateway", "heavy_calc", 1_550, 1_590));
    trace(spans)
}

#[test]
fn every_view_and_detector_handles_100000_spans() {
    let t = timed("build the trace", big_trace);
    let spans = &t.spans;
    assert_eq!(spans.len(), 100_000);
    let a = timed("analyze (tree, self time, critical path)", || analyze(&t));
    assert_eq!(a.tree.levels(), CHAIN as u32 + 1);

    let opt = LayoutOptions::default();
    let graph = timed("trace graph + layered layout", || {
        trace_graph(spans, &a.tree, &a.self_times, &opt)
    });
    // gateway GET /, heavy_calc, gateway GET, db GET /query, 10 svc-j GET, 25,000 hop servers.
    assert_eq!(graph.nodes.len(), 4 + 10 + (CHAIN / 2) as usize);
    let db = graph.node_of(spans.len() - 2).map(|n| &graph.nodes[n]);
    assert_eq!(db.map(|n| n.count), Some(FAN_OUT as u32));

    let stats = timed("statistics by service and operation", || {
        statistics(
            spans,
            &a.self_times,
            &[Dimension::Service, Dimension::Operation],
        )
    });
    assert_eq!(stats.len(), graph.nodes.len());
    let mut by_code = timed("statistics by http.status_code", || {
        statistics(
            spans,
            &a.self_times,
            &[Dimension::Attribute("http.status_code".into())],
        )
    });
    timed("sort statistics rows by total", || {
        sort_rows(&mut by_code, StatsColumn::Total, true)
    });
    assert_eq!(by_code.len(), 3, "500, 503 and not set");

    let filter = SpanFilter {
        service: Some("db".into()),
        ..SpanFilter::default()
    };
    let rows = timed("spans table: filter db, sort by duration", || {
        span_rows(
            spans,
            &a.tree,
            &a.self_times,
            &filter,
            SpanColumn::Duration,
            true,
        )
    });
    assert_eq!(rows.len(), FAN_OUT as usize);
    let all = timed("spans table: every span by self time", || {
        span_rows(
            spans,
            &a.tree,
            &a.self_times,
            &SpanFilter::default(),
            SpanColumn::SelfTime,
            true,
        )
    });
    assert_eq!(window(&all, 99_990, 50).len(), 10);

    let flame = timed("flame graph by time, every box", || {
        flame_graph(spans, &a.tree, &a.self_times, None, FlameScale::Time, 0.0)
    });
    assert_eq!((flame.boxes.len(), flame.rows), (100_000, CHAIN as u32 + 1));
    let visible = timed("flame graph by share, boxes >= 1/2000", || {
        flame_graph(
            spans,
            &a.tree,
            &a.self_times,
            None,
            FlameScale::Share,
            1.0 / 2000.0,
        )
    });
    assert_eq!(visible.boxes.len() + visible.hidden_spans, 100_000);
    let middle = a.tree.index_of(SpanId(10 + CHAIN / 2));
    let zoomed = timed("flame graph zoomed on the chain's middle", || {
        flame_graph(spans, &a.tree, &a.self_times, middle, FlameScale::Time, 0.0)
    });
    assert_eq!(
        zoomed.boxes.iter().filter(|b| b.ancestor).count(),
        (CHAIN / 2 + 1) as usize
    );

    let mut other = t.clone();
    other.spans.retain(|s| s.name != "heavy_calc");
    let diff = timed("trace diff of two 100,000-span traces", || {
        diff_traces(&t, &other)
    });
    let b = analyze(&other);
    let same = timed("trace diff, both already analysed", || {
        diff_sides(
            DiffSide::from_analysis(spans, &a),
            DiffSide::from_analysis(&other.spans, &b),
        )
    });
    assert_eq!(same, diff);
    assert_eq!(diff.count(Presence::OnlyA), 1);
    assert_eq!(
        diff.nodes.len(),
        3 + CHAIN as usize + 1,
        "root, chain, heavy_calc, call, db"
    );

    let map = timed("service map", || {
        service_map::<&str>(&[], std::slice::from_ref(&t), &opt)
    });
    assert_eq!(map.nodes.len(), 12, "gateway, svc-0..9, db");
    let to_db = map.edges.iter().find(|e| map.nodes[e.to].name == "db");
    assert_eq!(to_db.map(|e| (e.calls, e.errors)), Some((FAN_OUT, 2)));

    let cx = timed("detector context (operations, call targets)", || {
        Context::from_analysis(spans, &a)
    });
    timed("detector: N+1", || n_plus_one(&cx));
    timed("detector: sequential calls", || sequential_calls(&cx));
    timed("detector: queueing", || queueing(&cx));
    timed("detector: retries", || retries(&cx));
    timed("detector: error origin", || error_origin(&cx));
    timed("detector: critical path share", || critical_path_share(&cx));
    let findings = timed("all detectors", || detect_all(&cx));
    let count = |kind: FindingKind| findings.iter().filter(|f| f.kind == kind).count();
    assert_eq!(count(FindingKind::NPlusOne), 1);
    assert_eq!(count(FindingKind::Retries), 1);
    assert_eq!(count(FindingKind::Queueing), 1);
    assert_eq!(count(FindingKind::ErrorOrigin), 1);
    assert_eq!(
        count(FindingKind::SequentialCalls),
        1,
        "chain head, then the fan-out"
    );
    assert!(count(FindingKind::CriticalPathShare) >= 2);
    let origin = findings.iter().find(|f| f.kind == FindingKind::ErrorOrigin);
    assert_eq!(
        origin.map(|f| f.span_indices.len()),
        Some(CHAIN as usize),
        "origin + passers"
    );
    let n1 = findings.iter().find(|f| f.kind == FindingKind::NPlusOne);
    assert_eq!(n1.map(|f| f.span_indices.len()), Some(FAN_OUT as usize + 1));
}
