//! What a recorded span's wire headers say: the baggage that crossed the wire with its request.
//!
//! Specs: W3C Baggage (<https://www.w3.org/TR/baggage/>) for the `baggage` header, Jaeger's
//! propagation format (<https://www.jaegertracing.io/sdk-migration/#propagation-format>) for
//! `uberctx-{key}`. Both are read with the propagators' own parsers, so span detail shows
//! exactly what a service configured with `baggage,jaeger` would extract.

use super::baggage::Baggage;
use super::composite::Propagators;
use super::propagator::PropagatorKind;
use crate::model::{Headers, Span};

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
