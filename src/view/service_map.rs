//! The service map: services as boxes and the calls between them as arrows with call count,
//! error rate and client-side p50/p99 latency, like Jaeger UI's "System Architecture" view
//! (<https://www.jaegertracing.io/docs/latest/frontend-ui/>) with the metrics its users ask for.
//!
//! A call is counted once, on the caller's side (see [`crate::analysis::operations`]):
//! - a CLIENT/PRODUCER span whose callee left a span: caller's service → callee's service;
//! - a CLIENT/PRODUCER span whose callee left none (a database, an external API): caller →
//!   the span's `peer.service`, else its `db.system` (OpenTelemetry semantic conventions);
//!   a call without either names no callee and is not drawn;
//! - a span whose parent is in another service but is no CLIENT span (uninstrumented caller).
//!
//! Its duration is the client span's (what the caller waited, network and queue included), or
//! the callee's span when the caller left no client span; it failed when either span is an
//! error. The map can be drawn from a static topology of (caller, callee) pairs before any
//! request, and the traces fill in the numbers. Layout: [`super::layered`].

use super::layered::{layered_layout, LayoutOptions};
use crate::analysis::operations::callee_span;
use crate::analysis::{nearest_rank, SpanTree};
use crate::model::{AttrValue, Span, SpanKind, Trace};
use crate::order;
use std::borrow::Borrow;
use std::collections::HashMap;

#[derive(Clone, Debug, PartialEq)]
pub struct ServiceNode {
    pub name: String,
    /// Spans of this service in the traces.
    pub spans: u64,
    pub x: f64,
    pub y: f64,
    pub layer: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ServiceEdge {
    /// Node indices: caller and callee.
    pub from: usize,
    pub to: usize,
    pub calls: u64,
    pub errors: u64,
    /// Nearest-rank percentiles of the client-side durations; `None` before any call.
    pub p50_nanos: Option<u64>,
    pub p99_nanos: Option<u64>,
    /// Indices of the traces with at least one such call, ascending: "search those traces".
    pub traces: Vec<usize>,
}

impl ServiceEdge {
    /// Failed calls over calls, 0 to 1 (0 before any call).
    pub fn error_rate(&self) -> f64 {
        if self.calls == 0 {
            0.0
        } else {
            self.errors as f64 / self.calls as f64
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServiceMap {
    /// The topology's services in order, then the traces' in order of first appearance.
    pub nodes: Vec<ServiceNode>,
    /// Sorted by (from, to).
    pub edges: Vec<ServiceEdge>,
    pub width: f64,
    pub height: f64,
    pub options: LayoutOptions,
}

/// The calls seen on one edge while the traces are read.
#[derive(Default)]
struct Calls {
    durations: Vec<u64>,
    errors: u64,
    traces: Vec<usize>,
}

/// The map of `topology` (caller, callee) pairs and of the calls in `traces`. O(n log n) in the
/// spans of all traces.
pub fn service_map<S: AsRef<str>>(
    topology: &[(S, S)],
    traces: &[Trace],
    options: &LayoutOptions,
) -> ServiceMap {
    service_map_of(topology, traces, options)
}

/// [`service_map`] of traces held by pointer (`Rc<Trace>`), as the store holds them.
pub fn service_map_of<S: AsRef<str>, T: Borrow<Trace>>(
    topology: &[(S, S)],
    traces: &[T],
    options: &LayoutOptions,
) -> ServiceMap {
    let mut names: Vec<String> = Vec::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut id = |name: &str, names: &mut Vec<String>| -> usize {
        if let Some(&i) = ids.get(name) {
            return i;
        }
        names.push(name.to_string());
        ids.insert(name.to_string(), names.len() - 1);
        names.len() - 1
    };
    let mut calls: HashMap<(usize, usize), Calls> = HashMap::new();
    for (caller, callee) in topology {
        let from = id(caller.as_ref(), &mut names);
        let to = id(callee.as_ref(), &mut names);
        calls.entry((from, to)).or_default();
    }
    let mut span_counts: Vec<u64> = Vec::new();
    for (t, trace) in traces.iter().enumerate() {
        let spans = &trace.borrow().spans;
        let tree = SpanTree::build(spans);
        for (i, span) in spans.iter().enumerate() {
            let me = id(span.service_name(), &mut names);
            span_counts.resize(names.len(), 0);
            span_counts[me] += 1;
            let Some((caller, callee, duration, failed)) = call_of(spans, &tree, i) else {
                continue;
            };
            let from = id(caller, &mut names);
            let to = id(callee, &mut names);
            let entry = calls.entry((from, to)).or_default();
            entry.durations.push(duration);
            entry.errors += u64::from(failed);
            if entry.traces.last() != Some(&t) {
                entry.traces.push(t);
            }
        }
    }
    span_counts.resize(names.len(), 0);

    let mut edges: Vec<ServiceEdge> = calls
        .into_iter()
        .map(|((from, to), mut c)| {
            order::sort(&mut c.durations);
            ServiceEdge {
                from,
                to,
                calls: c.durations.len() as u64,
                errors: c.errors,
                p50_nanos: nearest_rank(&c.durations, 50.0),
                p99_nanos: nearest_rank(&c.durations, 99.0),
                traces: c.traces,
            }
        })
        .collect();
    order::sort_by_key(&mut edges, |e| (e.from, e.to));
    let links: Vec<(usize, usize)> = edges.iter().map(|e| (e.from, e.to)).collect();
    let layout = layered_layout(names.len(), &links, options);
    let nodes = names
        .into_iter()
        .zip(span_counts)
        .zip(&layout.nodes)
        .map(|((name, spans), place)| ServiceNode {
            name,
            spans,
            x: place.x,
            y: place.y,
            layer: place.layer,
        })
        .collect();
    ServiceMap {
        nodes,
        edges,
        width: layout.width,
        height: layout.height,
        options: *options,
    }
}

/// The call that span `i` stands for, as seen by its caller: (caller service, callee service,
/// client-side duration, failed), or `None` when `i` is no call or names no callee (see the
/// module docs).
fn call_of<'a>(
    spans: &'a [Span],
    tree: &SpanTree,
    i: usize,
) -> Option<(&'a str, &'a str, u64, bool)> {
    let span = spans.get(i)?;
    if matches!(span.kind, SpanKind::Client | SpanKind::Producer) {
        let callee = callee_span(spans, tree, i).and_then(|c| spans.get(c));
        let (to, callee_failed) = match callee {
            Some(c) => (c.service_name(), c.is_error()),
            None => match span
                .attr("peer.service")
                .or_else(|| span.attr("db.system"))?
            {
                AttrValue::Str(s) if !s.is_empty() => (s.as_ref(), false),
                _ => return None,
            },
        };
        let failed = span.is_error() || callee_failed;
        return Some((span.service_name(), to, span.duration_nanos(), failed));
    }
    let parent = spans.get(tree.parent(i)?)?;
    let uninstrumented_caller = parent.service_name() != span.service_name()
        && !matches!(parent.kind, SpanKind::Client | SpanKind::Producer);
    uninstrumented_caller.then(|| {
        let d = span.duration_nanos();
        (
            parent.service_name(),
            span.service_name(),
            d,
            span.is_error(),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::operations::testing::{attr, failed, kind, span, MS};
    use crate::model::TraceId;
    use SpanKind::{Client, Server};

    fn trace(id: u128, spans: Vec<Span>) -> Trace {
        Trace::new(TraceId(id), spans)
    }

    /// gateway → orders (client span of `ms`, failed if `fail`) → SQL via an untraced postgres.
    fn request(id: u128, ms: u64, fail: bool) -> Trace {
        let call = kind(span(2, Some(1), "gateway", "GET", (1, 1 + ms)), Client);
        let call = if fail { failed(call) } else { call };
        let sql = kind(span(4, Some(3), "orders", "SELECT", (3, 4)), Client);
        trace(
            id,
            vec![
                kind(span(1, None, "gateway", "GET /", (0, 2 + ms)), Server),
                call,
                kind(span(3, Some(2), "orders", "GET /orders", (2, ms)), Server),
                attr(sql, "db.system", AttrValue::Str("postgresql".into())),
            ],
        )
    }

    fn name_of(map: &ServiceMap, i: usize) -> &str {
        &map.nodes[i].name
    }

    #[test]
    fn calls_become_edges_with_counts_error_rates_and_percentiles() {
        let mut traces: Vec<Trace> = (1..=100).map(|k| request(k, k as u64, false)).collect();
        traces[9] = request(10, 10, true);
        let none: &[(&str, &str)] = &[];
        let map = service_map(none, &traces, &LayoutOptions::default());
        let names: Vec<&str> = map.nodes.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(names, vec!["gateway", "orders", "postgresql"]);
        assert_eq!(map.nodes[0].spans, 200);
        let edges: Vec<(&str, &str, u64, u64)> = map
            .edges
            .iter()
            .map(|e| {
                (
                    name_of(&map, e.from),
                    name_of(&map, e.to),
                    e.calls,
                    e.errors,
                )
            })
            .collect();
        assert_eq!(
            edges,
            vec![
                ("gateway", "orders", 100, 1),
                ("orders", "postgresql", 100, 0)
            ]
        );
        let e = &map.edges[0];
        assert!((e.error_rate() - 0.01).abs() < 1e-12);
        assert_eq!((e.p50_nanos, e.p99_nanos), (Some(50 * MS), Some(99 * MS)));
        assert_eq!(e.traces.len(), 100);
        assert!(map.nodes[1].x > map.nodes[0].x && map.nodes[2].x > map.nodes[1].x);
    }

    #[test]
    fn an_uninstrumented_caller_still_counts_and_nameless_calls_do_not() {
        let spans = vec![
            kind(span(1, None, "web", "GET /", (0, 50)), Server),
            failed(kind(
                span(2, Some(1), "auth", "POST /login", (5, 25)),
                Server,
            )),
            kind(span(3, Some(1), "web", "GET", (30, 40)), Client),
        ];
        let none: &[(&str, &str)] = &[];
        let map = service_map(none, &[trace(1, spans)], &LayoutOptions::default());
        assert_eq!(
            map.edges.len(),
            1,
            "the untargeted client call is not drawn"
        );
        let e = &map.edges[0];
        assert_eq!(
            (name_of(&map, e.from), name_of(&map, e.to)),
            ("web", "auth")
        );
        assert_eq!((e.calls, e.errors, e.p50_nanos), (1, 1, Some(20 * MS)));
    }

    #[test]
    fn a_topology_draws_the_map_before_any_request_and_keeps_its_order() {
        let topology = [
            ("frontend", "cart"),
            ("frontend", "catalog"),
            ("cart", "redis"),
        ];
        let empty = service_map(&topology, &[], &LayoutOptions::default());
        let names: Vec<&str> = empty.nodes.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(names, vec!["frontend", "cart", "catalog", "redis"]);
        assert_eq!(empty.edges.len(), 3);
        assert!(empty
            .edges
            .iter()
            .all(|e| e.calls == 0 && e.p50_nanos.is_none()));
        assert_eq!(empty.edges[0].error_rate(), 0.0);
        let layers: Vec<usize> = empty.nodes.iter().map(|n| n.layer).collect();
        assert_eq!(layers, vec![0, 1, 1, 2]);
        let filled = service_map(
            &topology,
            &[request(1, 10, false)],
            &LayoutOptions::default(),
        );
        assert_eq!(
            filled.nodes[0].name, "frontend",
            "topology first, traces after"
        );
        assert_eq!(filled.nodes.len(), 4 + 3);
    }

    fn assert_readable(map: &ServiceMap, services: usize) {
        let opt = &map.options;
        assert_eq!(map.nodes.len(), services);
        for (i, a) in map.nodes.iter().enumerate() {
            for b in &map.nodes[i + 1..] {
                let apart = a.x + opt.node_width <= b.x
                    || b.x + opt.node_width <= a.x
                    || a.y + opt.node_height <= b.y
                    || b.y + opt.node_height <= a.y;
                assert!(apart, "{} overlaps {}", a.name, b.name);
            }
        }
        let rows = (map.height + opt.row_gap) / (opt.node_height + opt.row_gap);
        assert!(rows <= opt.max_per_column as f64 + 1e-9, "{rows} rows");
    }

    #[test]
    fn ten_and_fifty_services_lay_out_without_overlaps() {
        let ten: Vec<(String, String)> = (1..10)
            .map(|k| (format!("s{}", k / 4), format!("s{k}")))
            .collect();
        let map = service_map(&ten, &[], &LayoutOptions::default());
        assert_readable(&map, 10);
        // A gateway calling 7 services that call 6 each: 50 services in three layers.
        let mut fifty: Vec<(String, String)> = Vec::new();
        for m in 0..7 {
            fifty.push(("gateway".into(), format!("mid-{m}")));
            for l in 0..6 {
                fifty.push((format!("mid-{m}"), format!("leaf-{m}-{l}")));
            }
        }
        let map = service_map(&fifty, &[], &LayoutOptions::default());
        assert_readable(&map, 50);
        // One layer of 49: wraps into columns instead of one 49-box column.
        let star: Vec<(String, String)> =
            (1..50).map(|k| ("hub".into(), format!("s{k}"))).collect();
        let map = service_map(&star, &[], &LayoutOptions::default());
        assert_readable(&map, 50);
        assert!(map.width < 6.0 * (map.options.node_width + map.options.column_gap));
    }
}
