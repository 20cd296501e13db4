//! `OTEL_PROPAGATORS=tracecontext`: W3C Trace Context as [`super::carrier`] implements it,
//! behind the common [`TextMapPropagator`] shape.
//!
//! Spec: W3C Trace Context Editor's Draft, §4.1 processing model
//! (<https://w3c.github.io/trace-context/#processing-model>).

use super::carrier::{self, ExtractError};
use super::propagator::{Extracted, Outgoing, PropagatorKind, TextMapPropagator, Violation};
use super::spec;
use super::{TracestateOutcome, TRACEPARENT, TRACESTATE};
use crate::model::Headers;

#[derive(Clone, Copy, Debug, Default)]
pub struct TraceContextPropagator;

impl TextMapPropagator for TraceContextPropagator {
    fn fields(&self) -> &'static [&'static str] {
        &[TRACEPARENT, TRACESTATE]
    }

    fn inject(&self, out: &Outgoing<'_>, headers: &mut Headers) {
        carrier::inject(out.context, headers);
    }

    fn extract(&self, headers: &Headers, into: &mut Extracted) {
        let extraction = carrier::extract_detailed(headers);
        match &extraction.traceparent {
            Ok(_) => {}
            // Absence is not a problem: another format may carry the context.
            Err(ExtractError::Missing) => {}
            Err(error) => into.problem(
                PropagatorKind::TraceContext,
                Violation::at(TRACEPARENT, error.to_string(), error.section()),
            ),
        }
        match &extraction.tracestate {
            TracestateOutcome::Invalid(error) => into.problem(
                PropagatorKind::TraceContext,
                Violation::new(TRACESTATE, error.to_string(), error.rule()),
            ),
            TracestateOutcome::IgnoredWithoutTraceparent => into.problem(
                PropagatorKind::TraceContext,
                Violation::at(
                    TRACESTATE,
                    format!(
                        "ignored: without a valid traceparent a tracestate is not read ({})",
                        spec::TRACESTATE_HEADER
                    ),
                    spec::TRACESTATE_HEADER,
                ),
            ),
            TracestateOutcome::Absent | TracestateOutcome::Valid(_) => {}
        }
        if let Some(context) = extraction.span_context() {
            into.set_context(PropagatorKind::TraceContext, context);
        }
        into.tracestate = extraction.tracestate;
    }
}
