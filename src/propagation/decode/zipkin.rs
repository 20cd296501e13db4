//! `b3` and the `X-B3-*` headers (B3 Propagation), field by field.

use super::{Decoded, HeaderKind};
use crate::propagation::b3::{
    is_debug_flags, parse_b3_single, parse_multi_sampled, parse_span_id, parse_trace_id,
    B3Encoding, B3Error, B3Field, B3Header, B3,
};
use crate::propagation::propagator::Violation;
use crate::propagation::spec::{b3 as spec, otel};

pub(super) fn single(value: &str, out: &mut Decoded) {
    match parse_b3_single(value) {
        Ok(header) => fields(&header, out),
        Err(error) => out.violations.push(violation(&error)),
    }
}

fn fields(header: &B3Header, out: &mut Decoded) {
    use crate::propagation::b3::SamplingState as S;
    out.context.sampled = (header.sampling != S::Defer).then(|| header.sampling.is_sampled());
    out.context.debug = header.sampling == S::Debug;
    if let Some(ids) = header.ids {
        out.context.trace_id = Some(ids.trace_id);
        out.context.span_id = Some(ids.span_id);
    }
    match header.ids {
        Some(ids) => {
            out.field(
                "TraceId",
                ids.trace_id.to_string(),
                trace_id_meaning(ids.trace_id_128),
            );
            out.field(
                "SpanId",
                ids.span_id.to_string(),
                "the caller's span; OpenTelemetry makes it the parent of a new server span",
            );
            out.field(
                "SamplingState",
                sampling_value(header),
                header.sampling.describe(),
            );
            if let Some(parent) = ids.parent_span_id {
                out.field(
                    "ParentSpanId",
                    parent.to_string(),
                    format!(
                        "read and ignored: OpenTelemetry never sends it ({})",
                        otel::B3_INJECT
                    ),
                );
            }
        }
        None => {
            out.field(
                "SamplingState",
                sampling_value(header),
                header.sampling.describe(),
            );
            out.notes.push(format!(
                "only a sampling decision: no ids, so OpenTelemetry has no span context to \
                 continue and reads the X-B3-* headers instead ({})",
                otel::B3_EXTRACT
            ));
        }
    }
}

fn sampling_value(header: &B3Header) -> &'static str {
    use crate::propagation::b3::SamplingState as S;
    match header.sampling {
        S::Defer => "(absent)",
        S::Deny => "0",
        S::Accept => "1",
        S::Debug => "d",
    }
}

fn trace_id_meaning(was_128: bool) -> String {
    if was_128 {
        "the whole trace (128 bits)".to_string()
    } else {
        format!(
            "the whole trace: a 64-bit id, left-padded with zeros to 128 bits ({})",
            spec::IDENTIFIERS
        )
    }
}

pub(super) fn multi(header: HeaderKind, value: &str, out: &mut Decoded) {
    const M: B3Encoding = B3Encoding::Multi;
    let result = match header {
        HeaderKind::B3TraceId => parse_trace_id(value, M).map(|(id, was_128)| {
            out.context.trace_id = Some(id);
            out.field("TraceId", id.to_string(), trace_id_meaning(was_128));
        }),
        HeaderKind::B3SpanId => parse_span_id(value, B3Field::SpanId, M).map(|id| {
            out.context.span_id = Some(id);
            out.field(
                "SpanId",
                id.to_string(),
                "the caller's span; needs X-B3-TraceId beside it",
            );
        }),
        HeaderKind::B3ParentSpanId => parse_span_id(value, B3Field::ParentSpanId, M).map(|id| {
            out.field(
                "ParentSpanId",
                id.to_string(),
                format!(
                    "read and ignored: OpenTelemetry never sends it ({})",
                    otel::B3_INJECT
                ),
            );
        }),
        HeaderKind::B3Sampled => parse_multi_sampled(value).map(|state| {
            out.context.sampled = Some(state.is_sampled());
            out.field("Sampled", value, state.describe());
            if value == "true" || value == "false" {
                out.notes.push(
                    "true/false is what tracers sent before the spec; 1/0 is the encoding"
                        .to_string(),
                );
            }
        }),
        HeaderKind::B3Flags => {
            if is_debug_flags(value) {
                // Debug implies accept (B3 "Debug Flag").
                out.context.sampled = Some(true);
                out.context.debug = true;
                out.field(
                    "Flags",
                    value,
                    "Debug: implies accept, so X-B3-Sampled is not sent with it",
                );
            } else {
                out.field("Flags", value, "not 1, so not debug: ignored");
                out.notes.push(format!(
                    "only X-B3-Flags: 1 means something (debug); other values are ignored ({})",
                    spec::DEBUG_FLAG
                ));
            }
            Ok(())
        }
        _ => Ok(()),
    };
    if let Err(error) = result {
        out.violations.push(violation(&error));
    }
}

fn violation(error: &B3Error) -> Violation {
    let header = if error.header() == B3 {
        B3
    } else {
        error.header()
    };
    Violation::explained(header, error.to_string(), error.section(), error.rule())
}
