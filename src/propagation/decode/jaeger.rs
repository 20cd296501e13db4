//! `uber-trace-id` and `uberctx-*` (Jaeger's propagation format, deprecated in OpenTelemetry),
//! field by field.

use super::Decoded;
use crate::propagation::jaeger::{
    parse_uber_trace_id, parse_uberctx_value, uberctx_key, JaegerError, FLAG_DEBUG, FLAG_FIREHOSE,
    FLAG_SAMPLED, UBER_TRACE_ID,
};
use crate::propagation::propagator::Violation;
use crate::propagation::spec::jaeger as spec;

fn deprecated(out: &mut Decoded) {
    out.notes.push(format!(
        "Jaeger's format is deprecated in OpenTelemetry: W3C Trace Context (traceparent) \
         replaces it ({})",
        spec::PROPAGATION_FORMAT
    ));
}

pub(super) fn uber_trace_id(value: &str, out: &mut Decoded) {
    deprecated(out);
    let parsed = match parse_uber_trace_id(value) {
        Ok(parsed) => parsed,
        Err(error) => {
            out.violations.push(violation(UBER_TRACE_ID, &error));
            return;
        }
    };
    out.context.trace_id = Some(parsed.trace_id);
    out.context.span_id = Some(parsed.span_id);
    out.context.sampled = Some(parsed.is_sampled());
    out.context.debug = parsed.is_debug();
    if parsed.url_encoded {
        out.notes
            .push("the value was URL-encoded and is read decoded".to_string());
    }
    out.field(
        "trace-id",
        parsed.trace_id.to_string(),
        "the whole trace; shorter ids are left-padded with zeros",
    );
    out.field(
        "span-id",
        parsed.span_id.to_string(),
        "the caller's span; the receiver's span becomes its child",
    );
    out.field(
        "parent-span-id",
        &parsed.parent_span_id,
        "deprecated: ignored on receipt (OpenTelemetry sends 0)",
    );
    out.field(
        "flags",
        format!("{:02x}", parsed.flags),
        flags_meaning(parsed.flags),
    );
}

fn flags_meaning(flags: u8) -> String {
    let mut parts = vec![if flags & FLAG_SAMPLED != 0 {
        "sampled"
    } else {
        "not sampled"
    }];
    if flags & FLAG_DEBUG != 0 {
        parts.push(if flags & FLAG_SAMPLED != 0 {
            "debug: keep this trace whatever the sampling"
        } else {
            "debug without sampled: ignored, debug is set only with sampled"
        });
    }
    if flags & FLAG_FIREHOSE != 0 {
        parts.push("firehose: not indexed, found only by trace id");
    }
    if flags & !(FLAG_SAMPLED | FLAG_DEBUG | FLAG_FIREHOSE) != 0 {
        parts.push("other bits are unused");
    }
    parts.join("; ")
}

pub(super) fn uberctx(name: &str, value: &str, out: &mut Decoded) {
    deprecated(out);
    let key = match uberctx_key(name) {
        Some(Ok(key)) => key,
        Some(Err(error)) => {
            out.violations.push(violation(name, &error));
            return;
        }
        // `decode_header` sends only uberctx- names here.
        None => return,
    };
    match parse_uberctx_value(key, value) {
        Ok(decoded) => out.field(key, decoded, "Jaeger baggage entry (the value URL-decoded)"),
        Err(error) => out.violations.push(violation(name, &error)),
    }
}

fn violation(header: &str, error: &JaegerError) -> Violation {
    Violation::explained(header, error.to_string(), error.section(), error.rule())
}
