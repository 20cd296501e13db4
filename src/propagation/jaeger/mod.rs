//! `OTEL_PROPAGATORS=jaeger`: Jaeger's `uber-trace-id` and `uberctx-*` headers
//! (<https://www.jaegertracing.io/sdk-migration/#propagation-format>).
//!
//! **Deprecated in OpenTelemetry**: the Jaeger page itself says its wire format "is supported
//! by the OpenTelemetry SDK, but is deprecated" and advises W3C Trace Context, and SDKs warn
//! when `jaeger` is configured. The playground supports it to show old and new side by side.
//!
//! - Inject, as the OpenTelemetry Jaeger propagators do:
//!   `uber-trace-id: {32 hex}:{16 hex}:0:{flags}` (parent-span-id is deprecated, sent as 0;
//!   flags `01` sampled, `00` not, `03` sampled and debug), and one `uberctx-{key}` header per
//!   baggage entry, its value URL-encoded. Baggage properties have no Jaeger form and are not
//!   sent.
//! - Extract: the first `uber-trace-id`; every `uberctx-*` header (the first of a repeated
//!   one), merged into the baggage found so far.

mod parse;

pub use parse::{
    parse_uber_trace_id, parse_uberctx_value, uberctx_key, JaegerError, JaegerField, UberTraceId,
    FLAG_DEBUG, FLAG_FIREHOSE, FLAG_SAMPLED, UBERCTX_PREFIX, UBER_TRACE_ID,
};

use super::baggage::{Baggage, BaggageEntry};
use super::percent;
use super::propagator::{self, Extracted, Outgoing, PropagatorKind, TextMapPropagator, Violation};
use crate::model::Headers;

#[derive(Clone, Copy, Debug, Default)]
pub struct JaegerPropagator;

impl TextMapPropagator for JaegerPropagator {
    /// `uberctx-{key}` names vary with the baggage, so they are not listed (API "Fields": "some
    /// Propagators may define, besides the returned values, additional fields with variable
    /// names").
    fn fields(&self) -> &'static [&'static str] {
        &[UBER_TRACE_ID]
    }

    fn inject(&self, out: &Outgoing<'_>, headers: &mut Headers) {
        headers.retain(|(name, _)| {
            !name.eq_ignore_ascii_case(UBER_TRACE_ID) && uberctx_key(name).is_none()
        });
        let ctx = out.context;
        if ctx.trace_id.is_valid() && ctx.span_id.is_valid() {
            let flags = if out.debug {
                FLAG_SAMPLED | FLAG_DEBUG
            } else if ctx.flags.is_sampled() {
                FLAG_SAMPLED
            } else {
                0
            };
            headers.push((
                UBER_TRACE_ID.to_string(),
                format!(
                    "{:032x}:{:016x}:0:{flags:02x}",
                    ctx.trace_id.0, ctx.span_id.0
                ),
            ));
        }
        for entry in out.baggage.iter() {
            headers.push((
                format!("{UBERCTX_PREFIX}{}", entry.key),
                percent::encode_uri_component(&entry.value),
            ));
        }
    }

    fn extract(&self, headers: &Headers, into: &mut Extracted) {
        const KIND: PropagatorKind = PropagatorKind::Jaeger;
        if let Some(value) = propagator::first_value(headers, UBER_TRACE_ID) {
            match parse_uber_trace_id(value) {
                Ok(parsed) => {
                    into.set_context(KIND, parsed.span_context());
                    into.debug |= parsed.is_debug();
                }
                Err(error) => into.problem(KIND, violation(UBER_TRACE_ID, &error)),
            }
        }
        let mut found = Baggage::new();
        for (name, value) in headers {
            let key = match uberctx_key(name) {
                None => continue,
                Some(Ok(key)) => key,
                Some(Err(error)) => {
                    into.problem(KIND, violation(name, &error));
                    continue;
                }
            };
            // API "Get": the first value of a repeated header.
            if found.get(key).is_some() {
                continue;
            }
            match parse_uberctx_value(key, propagator::trim_ows(value)) {
                // `uberctx_key` only yields HTTP tokens, which are baggage keys.
                Ok(value) => found.put(BaggageEntry {
                    key: key.to_string(),
                    value,
                    properties: Vec::new(),
                }),
                Err(error) => into.problem(KIND, violation(name, &error)),
            }
        }
        into.baggage.merge(found);
    }
}

fn violation(header: &str, error: &JaegerError) -> Violation {
    Violation::explained(header, error.to_string(), error.section(), error.rule())
}
