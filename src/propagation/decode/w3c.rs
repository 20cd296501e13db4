//! `traceparent`, `tracestate` (W3C Trace Context) and `baggage` (W3C Baggage), field by field.

use super::Decoded;
use crate::model::TraceFlags;
use crate::propagation::baggage::{parse_baggage, BAGGAGE};
use crate::propagation::propagator::Violation;
use crate::propagation::spec;
use crate::propagation::traceparent::{parse_traceparent, KNOWN_FLAGS, SUPPORTED_VERSION};
use crate::propagation::tracestate::parse_tracestate_detailed;
use crate::propagation::{TRACEPARENT, TRACESTATE};

pub(super) fn traceparent(value: &str, out: &mut Decoded) {
    let parsed = match parse_traceparent(value) {
        Ok(parsed) => parsed,
        Err(error) => {
            out.violations.push(Violation::at(
                TRACEPARENT,
                error.to_string(),
                error.section(),
            ));
            return;
        }
    };
    out.context.trace_id = Some(parsed.trace_id);
    out.context.span_id = Some(parsed.parent_id);
    out.context.sampled = Some(parsed.is_sampled());
    let version = if parsed.version == SUPPORTED_VERSION {
        "version 00, the one this level defines".to_string()
    } else {
        format!(
            "a later version: its first four fields are read as version 00's and the rest \
             ignored ({})",
            spec::VERSIONING_OF_TRACEPARENT
        )
    };
    out.field("version", format!("{:02x}", parsed.version), version);
    out.field(
        "trace-id",
        parsed.trace_id.to_string(),
        "the whole trace: every span in it shares this id",
    );
    out.field(
        "parent-id",
        parsed.parent_id.to_string(),
        "the caller's span: the receiver's span becomes its child",
    );
    out.field(
        "trace-flags",
        parsed.flags.to_string(),
        flags_meaning(parsed.flags),
    );
}

fn flags_meaning(flags: TraceFlags) -> String {
    let mut parts = vec![if flags.is_sampled() {
        "sampled: the caller may have recorded the trace"
    } else {
        "not sampled"
    }];
    if flags.is_random() {
        parts.push("random: the trace id's right-most 7 bytes are random");
    }
    if flags.0 & !KNOWN_FLAGS != 0 {
        parts.push("other bits are unknown to this level and sent on as zero");
    }
    parts.join("; ")
}

pub(super) fn tracestate(value: &str, out: &mut Decoded) {
    out.notes.push(format!(
        "a tracestate is read only next to a valid traceparent ({})",
        spec::TRACESTATE_HEADER
    ));
    match parse_tracestate_detailed(value) {
        Ok(parsed) => {
            if parsed.state.is_empty() {
                out.notes
                    .push("an empty list: valid, and nothing to carry".to_string());
            }
            for (i, (key, value)) in parsed.state.iter().enumerate() {
                out.field(
                    key,
                    value,
                    format!("vendor entry {} (left-most is newest)", i + 1),
                );
            }
            for (key, value) in &parsed.discarded_duplicates {
                out.notes.push(format!(
                    "{key}={value} is discarded: {key:?} already appears further left ({})",
                    spec::MUTATING_TRACESTATE
                ));
            }
        }
        Err(error) => {
            out.violations
                .push(Violation::new(TRACESTATE, error.to_string(), error.rule()))
        }
    }
}

pub(super) fn baggage(value: &str, out: &mut Decoded) {
    let parsed = parse_baggage(value);
    for entry in parsed.baggage.iter() {
        let mut meaning = String::from("baggage entry");
        if !entry.properties.is_empty() {
            let properties: Vec<String> = entry
                .properties
                .iter()
                .map(|p| match &p.value {
                    Some(v) => format!("{}={v}", p.key),
                    None => p.key.clone(),
                })
                .collect();
            meaning = format!("baggage entry with properties {}", properties.join(";"));
        }
        out.field(&entry.key, &entry.value, meaning);
    }
    for key in &parsed.repeated_keys {
        out.notes.push(format!(
            "{key:?} appears more than once: the last value is kept ({})",
            spec::baggage::BAGGAGE_STRING
        ));
    }
    for dropped in parsed.dropped {
        let rule = dropped.error.rule();
        out.violations
            .push(Violation::new(BAGGAGE, dropped.error.to_string(), rule));
    }
    if parsed.baggage.is_empty() && out.violations.is_empty() {
        out.notes
            .push("no list-members: nothing to carry".to_string());
    }
}
