//! Operations and calls: the vocabulary the trace views and the pattern detectors share.
//!
//! An *operation* is a (service, span name) pair, as Jaeger's operation menu and trace graph use
//! it (<https://www.jaegertracing.io/docs/latest/frontend-ui/>). A *call* is a span that asks
//! another party to do work: a CLIENT or PRODUCER span (OpenTelemetry span kinds,
//! <https://opentelemetry.io/docs/specs/otel/trace/api/#spankind>), or a span whose parent is in
//! another service (the caller's client side was not instrumented). INTERNAL work inside one
//! service is not a call. A call's *target* is the operation that answered it: the child in
//! another service (or the SERVER/CONSUMER child) when the callee is traced, else the call's own
//! operation (an uninstrumented database: `SELECT` stands for the statement).

use super::tree::SpanTree;
use crate::model::{Span, SpanKind};
use std::collections::HashMap;

/// Every distinct operation of one trace, numbered in order of first appearance in the spans.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Operations {
    keys: Vec<(String, String)>,
    of_span: Vec<usize>,
}

impl Operations {
    /// Numbers the operations of `spans` in O(n) (one hash lookup per span, one allocation per
    /// distinct operation).
    pub fn build(spans: &[Span]) -> Operations {
        let mut ids: HashMap<(&str, &str), usize> = HashMap::new();
        let mut keys = Vec::new();
        let of_span = spans
            .iter()
            .map(|s| {
                *ids.entry((s.service_name(), &s.name)).or_insert_with(|| {
                    keys.push((s.service_name().to_string(), s.name.to_string()));
                    keys.len() - 1
                })
            })
            .collect();
        Operations { keys, of_span }
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The operation of span `i` (`usize::MAX` for an index out of range, which names nothing).
    pub fn of(&self, span: usize) -> usize {
        self.of_span.get(span).copied().unwrap_or(usize::MAX)
    }

    /// The service of operation `op` ("" when out of range).
    pub fn service(&self, op: usize) -> &str {
        self.keys.get(op).map_or("", |k| k.0.as_str())
    }

    /// The span name of operation `op` ("" when out of range).
    pub fn name(&self, op: usize) -> &str {
        self.keys.get(op).map_or("", |k| k.1.as_str())
    }

    /// "service operation", as sentences name it.
    pub fn label(&self, op: usize) -> String {
        format!("{} {}", self.service(op), self.name(op))
    }
}

/// Whether span `i` is a call (see the module docs).
pub fn is_call(spans: &[Span], tree: &SpanTree, i: usize) -> bool {
    let Some(span) = spans.get(i) else {
        return false;
    };
    matches!(span.kind, SpanKind::Client | SpanKind::Producer)
        || tree
            .parent(i)
            .and_then(|p| spans.get(p))
            .is_some_and(|p| p.service_name() != span.service_name())
}

/// The span that answered call `i`: its first child that is a SERVER/CONSUMER span or runs in
/// another service; `None` when the callee left no span.
pub fn callee_span(spans: &[Span], tree: &SpanTree, i: usize) -> Option<usize> {
    let caller = spans.get(i)?;
    if !matches!(caller.kind, SpanKind::Client | SpanKind::Producer) {
        return None;
    }
    tree.children(i).iter().copied().find(|&c| {
        spans.get(c).is_some_and(|child| {
            matches!(child.kind, SpanKind::Server | SpanKind::Consumer)
                || child.service_name() != caller.service_name()
        })
    })
}

/// The call target of every span, indexed like `spans`: `Some(operation)` for calls, `None` for
/// other spans. O(n) in total, since each span's children are looked at once.
pub fn call_targets(spans: &[Span], tree: &SpanTree, ops: &Operations) -> Vec<Option<usize>> {
    (0..spans.len())
        .map(|i| is_call(spans, tree, i).then(|| ops.of(callee_span(spans, tree, i).unwrap_or(i))))
        .collect()
}

/// Hand-built spans for the unit tests of the views and detectors: times in whole milliseconds.
#[cfg(test)]
pub(crate) mod testing {
    use crate::model::{
        KeyValue, Resource, Scope, Span, SpanId, SpanKind, Status, StatusCode, TraceFlags, TraceId,
    };
    use std::sync::Arc;

    pub const MS: u64 = 1_000_000;

    /// An INTERNAL span from `start_ms` to `end_ms`.
    pub fn span(id: u64, parent: Option<u64>, service: &str, name: &str, ms: (u64, u64)) -> Span {
        Span {
            trace_id: TraceId(1),
            span_id: SpanId(id),
            parent_span_id: parent.map(SpanId),
            flags: TraceFlags::SAMPLED,
            trace_state: String::new(),
            name: name.to_string().into(),
            kind: SpanKind::Internal,
            start_unix_nano: ms.0 * MS,
            end_unix_nano: ms.1 * MS,
            attributes: Vec::new(),
            events: Vec::new(),
            links: Vec::new(),
            status: Status::default(),
            resource: Arc::new(Resource {
                service_name: service.to_string().into(),
                attributes: Vec::new(),
                ..Default::default()
            }),
            scope: Arc::new(Scope {
                name: "t".into(),
                version: "1".into(),
                ..Default::default()
            }),
            wire_headers: None,
        }
    }

    pub fn kind(mut s: Span, kind: SpanKind) -> Span {
        s.kind = kind;
        s
    }

    pub fn failed(mut s: Span) -> Span {
        s.status.code = StatusCode::Error;
        s
    }

    pub fn attr(mut s: Span, key: &str, value: crate::model::AttrValue) -> Span {
        s.attributes.push(KeyValue::new(key.to_string(), value));
        s
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{kind, span};
    use super::*;
    use SpanKind::{Client, Internal, Server};

    #[test]
    fn operations_are_numbered_by_first_appearance_and_shared() {
        let spans = vec![
            kind(span(1, None, "a", "GET /", (1, 10)), Server),
            kind(span(2, Some(1), "a", "GET", (2, 3)), Client),
            kind(span(3, Some(1), "a", "GET", (4, 5)), Client),
            kind(span(4, Some(2), "b", "GET /", (2, 3)), Server),
        ];
        let ops = Operations::build(&spans);
        assert_eq!(
            ops.len(),
            3,
            "same name in another service is another operation"
        );
        assert_eq!((ops.of(1), ops.of(2)), (1, 1));
        assert_eq!(ops.label(ops.of(3)), "b GET /");
        assert_eq!(ops.of(99), usize::MAX);
        assert_eq!(ops.service(usize::MAX), "");
    }

    #[test]
    fn a_call_targets_its_traced_callee_or_itself() {
        let spans = vec![
            kind(span(1, None, "a", "GET /", (0, 50)), Server),
            kind(span(2, Some(1), "a", "GET", (1, 20)), Client),
            kind(span(3, Some(2), "b", "GET /data", (2, 19)), Server),
            kind(span(4, Some(3), "b", "SELECT", (3, 4)), Client),
            kind(span(5, Some(3), "b", "heavy_calc", (5, 9)), Internal),
            // Uninstrumented client: C's server span hangs straight under A's server span.
            kind(span(6, Some(1), "c", "POST /x", (21, 30)), Server),
        ];
        let tree = SpanTree::build(&spans);
        let ops = Operations::build(&spans);
        let targets = call_targets(&spans, &tree, &ops);
        let label = |i: usize| targets[i].map(|op| ops.label(op));
        assert_eq!(label(0), None, "the root is no call");
        assert_eq!(label(1).as_deref(), Some("b GET /data"));
        assert_eq!(label(2).as_deref(), Some("b GET /data"), "crosses services");
        assert_eq!(label(3).as_deref(), Some("b SELECT"), "untraced callee");
        assert_eq!(label(4), None, "internal work is no call");
        assert_eq!(label(5).as_deref(), Some("c POST /x"));
    }
}
