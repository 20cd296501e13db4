//! What a recorded span's wire headers say: every header that crossed the wire with its request,
//! each decoded in one line, and the baggage among them — what span detail shows.
//!
//! Specs: W3C Trace Context (<https://w3c.github.io/trace-context/>), W3C Baggage
//! (<https://www.w3.org/TR/baggage/>) for the `baggage` header, B3
//! (<https://github.com/openzipkin/b3-propagation>), and Jaeger's propagation format
//! (<https://www.jaegertracing.io/sdk-migration/#propagation-format>) for `uber-trace-id` and
//! `uberctx-{key}`. All are read with the propagators' own parsers (through
//! [`decode_header`]), so span detail shows exactly what a service configured with them reads.

use super::baggage::Baggage;
use super::composite::Propagators;
use super::decode::{decode_header, HeaderKind};
use super::propagator::PropagatorKind;
use crate::model::{Headers, Span, SpanKind};

/// The baggage entries in `span`'s wire headers: for a SERVER span what its caller sent, for a
/// CLIENT span what it sent; empty for a span with no request. Whether the server kept them
/// depends on its propagators: one without `baggage` (or `jaeger` for `uberctx-*`) ignores them.
pub fn baggage_of(span: &Span) -> Baggage {
    span.wire_headers
        .as_ref()
        .map_or_else(Baggage::new, baggage_in)
}

/// The baggage in a header map: a valid W3C `baggage` header, then Jaeger `uberctx-*` entries
/// merged over it key by key (the composite `baggage,jaeger`); malformed members are left out.
pub fn baggage_in(headers: &Headers) -> Baggage {
    Propagators::new([PropagatorKind::Baggage, PropagatorKind::Jaeger])
        .extract(headers)
        .baggage
}

/// Which way the headers went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// A CLIENT span's request: what its service injected.
    Sent,
    /// A SERVER span's request: what its caller sent.
    Received,
}

/// One header on the wire, with its one-line decode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WireHeader {
    /// As on the wire (the engine sends names lowercase, as HTTP/2 does).
    pub name: String,
    pub value: String,
    pub kind: HeaderKind,
    /// [`super::Decoded::summary`]: the format, and the trace, span and sampling decision it
    /// carries, or the rule it breaks.
    pub summary: String,
    pub valid: bool,
}

/// The headers of one span's request, decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WireReport {
    pub direction: Direction,
    /// In the order they were on the wire.
    pub headers: Vec<WireHeader>,
    /// [`baggage_in`] the headers.
    pub baggage: Baggage,
    /// What the learner should know beyond the headers themselves: none came, or they did not
    /// continue the trace.
    pub note: Option<&'static str>,
}

/// A SERVER span without a header that carries trace context.
pub const NOTHING_RECEIVED: &str =
    "No trace context came in: this span is a root and started a new trace.";
/// A SERVER span with a trace-context header but no parent.
pub const NOTHING_READ: &str = "This span is a root: its service read none of these headers as a \
     parent (its OTEL_PROPAGATORS do not include their format, or they are invalid), so it \
     started a new trace.";
/// A CLIENT span without headers.
pub const NOTHING_SENT: &str = "No propagation headers were sent: propagation is off, or the \
     service's OTEL_PROPAGATORS is none.";

impl WireReport {
    /// The report for a span that made or served a request; `None` for INTERNAL, PRODUCER and
    /// CONSUMER spans, which have no request of their own here.
    pub fn of(span: &Span) -> Option<WireReport> {
        Self::new(
            span.kind,
            span.parent_span_id.is_some(),
            span.wire_headers.as_deref().unwrap_or_default(),
        )
    }

    /// The report for a span of `kind` whose request carried `headers`; `has_parent` is whether
    /// the span continues a trace.
    pub fn new(kind: SpanKind, has_parent: bool, headers: &[(String, String)]) -> Option<Self> {
        let direction = match kind {
            SpanKind::Client => Direction::Sent,
            SpanKind::Server => Direction::Received,
            _ => return None,
        };
        let decoded: Vec<WireHeader> = headers
            .iter()
            .map(|(name, value)| {
                let decoded = decode_header(name, value);
                WireHeader {
                    name: name.clone(),
                    value: value.clone(),
                    kind: decoded.header,
                    summary: decoded.summary(),
                    valid: decoded.is_valid(),
                }
            })
            .collect();
        let context_came = decoded.iter().any(|h| h.kind.carries_context());
        let note = match (direction, decoded.is_empty(), has_parent, context_came) {
            (Direction::Sent, true, _, _) => Some(NOTHING_SENT),
            (Direction::Received, _, false, false) => Some(NOTHING_RECEIVED),
            (Direction::Received, _, false, true) => Some(NOTHING_READ),
            _ => None,
        };
        Some(WireReport {
            direction,
            headers: decoded,
            baggage: baggage_in(&headers.to_vec()),
            note,
        })
    }

    pub fn title(&self) -> &'static str {
        match self.direction {
            Direction::Sent => "Propagation headers sent",
            Direction::Received => "Propagation headers received",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> Headers {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    const TP: &str = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    /// (kind, has a parent, headers, the note, why).
    type NoteRow = (
        SpanKind,
        bool,
        &'static [(&'static str, &'static str)],
        Option<&'static str>,
        &'static str,
    );

    #[rustfmt::skip]
    const NOTES: &[NoteRow] = &[
        (SpanKind::Server, false, &[], Some(NOTHING_RECEIVED), "TC §4.1.1 no traceparent received: new trace"),
        (SpanKind::Server, true, &[("traceparent", TP)], None, "TC §4.1.2 a traceparent is received: continued"),
        (SpanKind::Server, false, &[("baggage", "k=v")], Some(NOTHING_RECEIVED), "W3C Baggage carries no trace position"),
        (SpanKind::Server, false, &[("b3", "80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1")], Some(NOTHING_READ),
            "OTel composite: a tracecontext-only service does not read b3 (broken propagation)"),
        (SpanKind::Client, true, &[], Some(NOTHING_SENT), "OTEL_PROPAGATORS=none, or propagation off"),
        (SpanKind::Client, true, &[("traceparent", TP)], None, "injected"),
    ];

    #[test]
    fn the_report_says_when_nothing_came_or_nothing_was_read() {
        for (kind, parent, pairs, note, why) in NOTES {
            let report = WireReport::new(*kind, *parent, &headers(pairs)).expect(why);
            assert_eq!(report.note, *note, "{why}");
            assert_eq!(report.headers.len(), pairs.len(), "{why}");
        }
        assert_eq!(WireReport::new(SpanKind::Internal, true, &[]), None);
        assert_eq!(
            WireReport::new(SpanKind::Client, true, &[])
                .unwrap()
                .title(),
            "Propagation headers sent"
        );
    }

    #[test]
    fn every_header_is_listed_in_order_with_its_decode_and_the_baggage() {
        let wire = headers(&[
            ("x-b3-traceid", "80f198ee56343ba864fe8b2a57d3eff7"),
            ("x-b3-spanid", "e457b5a2e4d86bd1"),
            ("x-b3-sampled", "1"),
            ("baggage", "userId=alice;ttl=60,region=eu%2Dwest"),
            ("uberctx-tenant", "acme"),
            ("x-request-id", "<b>42</b>"),
        ]);
        let report = WireReport::new(SpanKind::Server, true, &wire).unwrap();
        let names: Vec<&str> = report.headers.iter().map(|h| h.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "x-b3-traceid",
                "x-b3-spanid",
                "x-b3-sampled",
                "baggage",
                "uberctx-tenant",
                "x-request-id"
            ]
        );
        assert_eq!(
            report.headers[0].summary,
            "B3 multiple headers: trace 80f198ee56343ba864fe8b2a57d3eff7"
        );
        assert_eq!(report.headers[2].summary, "B3 multiple headers: sampled");
        assert!(report.headers[3]
            .summary
            .contains("2 entries (userId, region)"));
        assert!(
            !report.headers[5].valid,
            "an unknown header is listed, not valid"
        );
        assert_eq!(report.headers[5].value, "<b>42</b>", "kept as text");
        // W3C baggage, then uberctx-* merged over it (opentelemetry-java and -js).
        let keys: Vec<(&str, &str)> = report
            .baggage
            .iter()
            .map(|e| (e.key.as_str(), e.value.as_str()))
            .collect();
        assert_eq!(
            keys,
            [
                ("userId", "alice"),
                ("region", "eu-west"),
                ("tenant", "acme")
            ]
        );
        assert_eq!(report.baggage.entry("userId").unwrap().properties.len(), 1);
    }
}
