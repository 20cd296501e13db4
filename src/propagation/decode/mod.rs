//! The Header inspector's decoder: given a header name and value, the fields it carries and
//! what each means, or the rule it breaks with a link to the spec section.
//!
//! Every propagation header the playground's formats use is read: `traceparent`, `tracestate`
//! (W3C Trace Context), `baggage` (W3C Baggage), `b3` and `X-B3-*` (B3), `uber-trace-id` and
//! `uberctx-*` (Jaeger). Each is read by the same parser its propagator uses, so the inspector
//! and the simulated services never disagree. Header names are case-insensitive; the spaces and
//! tabs HTTP strips around a value are stripped here too.

pub mod detect;
mod jaeger;
mod summary;
mod w3c;
mod zipkin;

use super::b3::{B3, X_B3_FLAGS, X_B3_PARENT_SPAN_ID, X_B3_SAMPLED, X_B3_SPAN_ID, X_B3_TRACE_ID};
use super::baggage::BAGGAGE;
use super::jaeger::{uberctx_key, UBER_TRACE_ID};
use super::propagator::{trim_ows, PropagatorKind, Violation};
use super::spec::{self, SpecSection};
use super::{TRACEPARENT, TRACESTATE};
use crate::model::{SpanId, TraceId};

pub use detect::{detect_kind, inspect, split_header_line, Detection, Inspection};

/// Which header the inspector was given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeaderKind {
    Traceparent,
    Tracestate,
    Baggage,
    B3,
    B3TraceId,
    B3SpanId,
    B3ParentSpanId,
    B3Sampled,
    B3Flags,
    UberTraceId,
    /// `uberctx-{key}`.
    UberCtx,
    /// None of the above.
    Unknown,
}

impl HeaderKind {
    /// Every header the inspector reads, in the order a menu would list them.
    pub const INSPECTABLE: [HeaderKind; 11] = [
        HeaderKind::Traceparent,
        HeaderKind::Tracestate,
        HeaderKind::Baggage,
        HeaderKind::B3,
        HeaderKind::B3TraceId,
        HeaderKind::B3SpanId,
        HeaderKind::B3ParentSpanId,
        HeaderKind::B3Sampled,
        HeaderKind::B3Flags,
        HeaderKind::UberTraceId,
        HeaderKind::UberCtx,
    ];

    /// The kind of a header, by its name (ASCII case-insensitive).
    pub fn from_name(name: &str) -> HeaderKind {
        let name = trim_ows(name);
        if uberctx_key(name).is_some() {
            return HeaderKind::UberCtx;
        }
        Self::INSPECTABLE
            .into_iter()
            .find(|kind| *kind != HeaderKind::UberCtx && kind.name().eq_ignore_ascii_case(name))
            .unwrap_or(HeaderKind::Unknown)
    }

    /// The name as sent (lowercase); `uberctx-{key}` for Jaeger baggage.
    pub fn name(self) -> &'static str {
        match self {
            HeaderKind::Traceparent => TRACEPARENT,
            HeaderKind::Tracestate => TRACESTATE,
            HeaderKind::Baggage => BAGGAGE,
            HeaderKind::B3 => B3,
            HeaderKind::B3TraceId => X_B3_TRACE_ID,
            HeaderKind::B3SpanId => X_B3_SPAN_ID,
            HeaderKind::B3ParentSpanId => X_B3_PARENT_SPAN_ID,
            HeaderKind::B3Sampled => X_B3_SAMPLED,
            HeaderKind::B3Flags => X_B3_FLAGS,
            HeaderKind::UberTraceId => UBER_TRACE_ID,
            HeaderKind::UberCtx => "uberctx-{key}",
            HeaderKind::Unknown => "",
        }
    }

    /// The `OTEL_PROPAGATORS` names that read this header.
    pub fn propagators(self) -> &'static [PropagatorKind] {
        match self {
            HeaderKind::Traceparent | HeaderKind::Tracestate => &[PropagatorKind::TraceContext],
            HeaderKind::Baggage => &[PropagatorKind::Baggage],
            HeaderKind::B3
            | HeaderKind::B3TraceId
            | HeaderKind::B3SpanId
            | HeaderKind::B3ParentSpanId
            | HeaderKind::B3Sampled
            | HeaderKind::B3Flags => &[PropagatorKind::B3, PropagatorKind::B3Multi],
            HeaderKind::UberTraceId | HeaderKind::UberCtx => &[PropagatorKind::Jaeger],
            HeaderKind::Unknown => &[],
        }
    }

    /// Where the header is specified.
    pub fn spec(self) -> Option<SpecSection> {
        Some(match self {
            HeaderKind::Traceparent => spec::TRACEPARENT_FIELD_VALUES,
            HeaderKind::Tracestate => spec::TRACESTATE_FIELD_VALUES,
            HeaderKind::Baggage => spec::baggage::DEFINITION,
            HeaderKind::B3 => spec::b3::SINGLE_HEADER,
            HeaderKind::B3TraceId => spec::b3::MULTI_TRACE_ID,
            HeaderKind::B3SpanId => spec::b3::MULTI_SPAN_ID,
            HeaderKind::B3ParentSpanId => spec::b3::MULTI_PARENT_SPAN_ID,
            HeaderKind::B3Sampled => spec::b3::MULTI_SAMPLING_STATE,
            HeaderKind::B3Flags => spec::b3::DEBUG_FLAG,
            HeaderKind::UberTraceId => spec::jaeger::VALUE,
            HeaderKind::UberCtx => spec::jaeger::BAGGAGE,
            HeaderKind::Unknown => return None,
        })
    }

    /// A valid value, for a placeholder or an "example" button.
    pub fn example(self) -> &'static str {
        match self {
            HeaderKind::Traceparent => "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            HeaderKind::Tracestate => "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE",
            HeaderKind::Baggage => "userId=alice,serverNode=DF%2028,isProduction=false",
            HeaderKind::B3 => "80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1",
            HeaderKind::B3TraceId => "463ac35c9f6413ad48485a3953bb6124",
            HeaderKind::B3SpanId => "a2fb4a1d1a96d312",
            HeaderKind::B3ParentSpanId => "0020000000000001",
            HeaderKind::B3Sampled => "1",
            HeaderKind::B3Flags => "1",
            HeaderKind::UberTraceId => "4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:0:01",
            HeaderKind::UberCtx => "value%201%20%2F%20blah",
            HeaderKind::Unknown => "",
        }
    }
}

/// One field of a decoded header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodedField {
    /// The spec's name for it (`trace-id`, `TraceId`, a baggage key...).
    pub name: String,
    /// Its value as read (ids as fixed-width lowercase hex, baggage values decoded).
    pub value: String,
    /// What it means for the receiver.
    pub meaning: String,
}

impl DecodedField {
    fn new(name: impl Into<String>, value: impl Into<String>, meaning: impl Into<String>) -> Self {
        DecodedField {
            name: name.into(),
            value: value.into(),
            meaning: meaning.into(),
        }
    }
}

/// What a header says about the caller's position, when it says it: the ids and sampling
/// decision a one-line summary names. Each format's decoder fills what its header carries
/// (`X-B3-SpanId` alone carries only a span id); an invalid header leaves it empty.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DecodedContext {
    pub trace_id: Option<TraceId>,
    /// The sender's span: `parent-id`, B3 `SpanId`, Jaeger `span-id`.
    pub span_id: Option<SpanId>,
    /// `None` when the header carries no decision (B3 defer, a bare id header).
    pub sampled: Option<bool>,
    /// B3 `d` / `X-B3-Flags: 1`, Jaeger flag 0x02 with sampled.
    pub debug: bool,
}

/// A decoded header: its fields, the rules it breaks, and remarks that are not violations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    pub header: HeaderKind,
    pub fields: Vec<DecodedField>,
    /// The ids and decision among `fields`, typed.
    pub context: DecodedContext,
    /// Empty for a valid header. A baggage header may break several rules (one per member
    /// dropped) and still carry the members that were valid.
    pub violations: Vec<Violation>,
    pub notes: Vec<String>,
}

impl Decoded {
    fn new(header: HeaderKind) -> Self {
        Decoded {
            header,
            fields: Vec::new(),
            context: DecodedContext::default(),
            violations: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// A header the inspector knows, breaking no rule.
    pub fn is_valid(&self) -> bool {
        self.header != HeaderKind::Unknown && self.violations.is_empty()
    }

    fn field(
        &mut self,
        name: impl Into<String>,
        value: impl Into<String>,
        meaning: impl Into<String>,
    ) {
        self.fields.push(DecodedField::new(name, value, meaning));
    }
}

/// Decodes one header.
pub fn decode_header(name: &str, value: &str) -> Decoded {
    let header = HeaderKind::from_name(name);
    let value = trim_ows(value);
    let mut decoded = Decoded::new(header);
    match header {
        HeaderKind::Traceparent => w3c::traceparent(value, &mut decoded),
        HeaderKind::Tracestate => w3c::tracestate(value, &mut decoded),
        HeaderKind::Baggage => w3c::baggage(value, &mut decoded),
        HeaderKind::B3 => zipkin::single(value, &mut decoded),
        HeaderKind::B3TraceId
        | HeaderKind::B3SpanId
        | HeaderKind::B3ParentSpanId
        | HeaderKind::B3Sampled
        | HeaderKind::B3Flags => zipkin::multi(header, value, &mut decoded),
        HeaderKind::UberTraceId => jaeger::uber_trace_id(value, &mut decoded),
        HeaderKind::UberCtx => jaeger::uberctx(trim_ows(name), value, &mut decoded),
        HeaderKind::Unknown => decoded.notes.push(format!(
            "{:?} is not a propagation header: the inspector reads traceparent, tracestate, \
             baggage, b3, x-b3-traceid, x-b3-spanid, x-b3-parentspanid, x-b3-sampled, \
             x-b3-flags, uber-trace-id and uberctx-{{key}}",
            super::traceparent::shorten(name)
        )),
    }
    decoded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[rustfmt::skip]
    const NAMES: &[(&str, HeaderKind)] = &[
        ("traceparent", HeaderKind::Traceparent),
        ("TraceParent", HeaderKind::Traceparent),
        (" tracestate ", HeaderKind::Tracestate),
        ("X-B3-TraceId", HeaderKind::B3TraceId),
        ("x-b3-flags", HeaderKind::B3Flags),
        ("B3", HeaderKind::B3),
        ("Uber-Trace-Id", HeaderKind::UberTraceId),
        ("uberctx-user-id", HeaderKind::UberCtx),
        ("UBERCTX-", HeaderKind::UberCtx),
        ("uberctx", HeaderKind::Unknown),
        ("uberctx-{key}", HeaderKind::UberCtx),
        ("trace-parent", HeaderKind::Unknown),
        ("", HeaderKind::Unknown),
    ];

    #[test]
    fn names_are_matched_case_insensitively() {
        for (name, kind) in NAMES {
            assert_eq!(HeaderKind::from_name(name), *kind, "{name:?}");
        }
        for kind in HeaderKind::INSPECTABLE {
            // `uberctx-{key}` names the pattern; a real header has a key.
            let name = match kind {
                HeaderKind::UberCtx => "uberctx-key1",
                _ => kind.name(),
            };
            let decoded = decode_header(name, kind.example());
            assert!(decoded.is_valid(), "{kind:?}: {:?}", decoded.violations);
            assert!(!decoded.fields.is_empty(), "{kind:?}");
            assert!(!kind.propagators().is_empty(), "{kind:?}");
            assert!(kind.spec().is_some(), "{kind:?}");
        }
    }

    #[test]
    fn traceparent_fields_and_the_rule_a_bad_one_breaks() {
        let decoded = decode_header(
            "traceparent",
            " 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03 ",
        );
        let fields: Vec<&str> = decoded.fields.iter().map(|f| f.value.as_str()).collect();
        assert_eq!(
            fields,
            [
                "00",
                "4bf92f3577b34da6a3ce929d0e0e4736",
                "00f067aa0ba902b7",
                "03"
            ]
        );
        assert!(decoded.fields[3].meaning.contains("random"));
        let bad = decode_header(
            "traceparent",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
        );
        assert!(!bad.is_valid());
        assert_eq!(
            bad.violations[0].section.url(),
            "https://w3c.github.io/trace-context/#trace-id"
        );
        assert!(bad.violations[0]
            .message
            .contains("uppercase hex is invalid"));
    }

    #[test]
    fn tracestate_members_repeats_and_errors() {
        let decoded = decode_header("tracestate", "rojo=1,congo=2,rojo=3");
        let fields: Vec<(&str, &str)> = decoded
            .fields
            .iter()
            .map(|f| (f.name.as_str(), f.value.as_str()))
            .collect();
        assert_eq!(fields, [("rojo", "1"), ("congo", "2")]);
        assert!(decoded
            .notes
            .iter()
            .any(|n| n.contains("rojo=3 is discarded")));
        let bad = decode_header("tracestate", "Rojo=1");
        assert_eq!(
            bad.violations[0].summary,
            Some(spec::TRACESTATE_KEY_RULE.summary)
        );
    }

    #[test]
    fn an_unknown_header_is_named_as_such() {
        let decoded = decode_header("x-request-id", "abc");
        assert_eq!(decoded.header, HeaderKind::Unknown);
        assert!(!decoded.is_valid());
        assert!(decoded.violations.is_empty() && decoded.fields.is_empty());
        assert!(decoded.notes[0].contains("not a propagation header"));
    }
}
