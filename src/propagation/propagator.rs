//! The shape every propagation format shares, after OpenTelemetry's `TextMapPropagator`
//! (<https://opentelemetry.io/docs/specs/otel/context/api-propagators/#textmap-propagator>):
//! the header names it writes (`fields`), `inject` into a header map and `extract` from one.
//!
//! OpenTelemetry passes an immutable `Context` in and out; here [`Outgoing`] is what inject
//! reads, and [`Extracted`] is the context extract builds up, one propagator after another, so a
//! propagator that finds nothing valid leaves it exactly as it was (API "Extract": "MUST NOT
//! store a new value in the Context").

use super::baggage::Baggage;
use super::spec::{self, Rule, SpecSection};
use super::{SpanContext, TracestateOutcome};
use crate::model::Headers;
use std::fmt;

/// An `OTEL_PROPAGATORS` name: a propagation format, or `none`. The one enum for these names:
/// a scenario stores a service's list of them (`sim::Propagator` is this type) and
/// [`super::Propagators`] builds the composite from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum PropagatorKind {
    /// W3C Trace Context: `traceparent`, `tracestate`.
    TraceContext,
    /// W3C Baggage: `baggage`.
    Baggage,
    /// B3, injecting the single `b3` header (extracting both encodings).
    B3,
    /// B3, injecting the `X-B3-*` headers (extracting both encodings).
    B3Multi,
    /// Jaeger: `uber-trace-id` and `uberctx-*`. Deprecated in OpenTelemetry.
    Jaeger,
    /// `none`: no propagation. Not a format; in a list it turns every other name off.
    None,
}

/// One row per `OTEL_PROPAGATORS` name: the name and its one-line description. The one table
/// names are read from, indexed by the enum's discriminant (checked below, at compile time).
const TABLE: [(PropagatorKind, &str, &str); 6] = [
    (
        PropagatorKind::TraceContext,
        "tracecontext",
        "W3C Trace Context: traceparent and tracestate (the OpenTelemetry default)",
    ),
    (
        PropagatorKind::Baggage,
        "baggage",
        "W3C Baggage: the baggage header (in the default too)",
    ),
    (
        PropagatorKind::B3,
        "b3",
        "Zipkin B3, single header: b3: {traceid}-{spanid}-{sampled}",
    ),
    (
        PropagatorKind::B3Multi,
        "b3multi",
        "Zipkin B3, multiple headers: X-B3-TraceId, X-B3-SpanId, X-B3-Sampled, X-B3-Flags",
    ),
    (
        PropagatorKind::Jaeger,
        "jaeger",
        "Jaeger: uber-trace-id and uberctx-* (deprecated in OpenTelemetry: use tracecontext)",
    ),
    (
        PropagatorKind::None,
        "none",
        "No propagation: nothing is injected, nothing is extracted, every request starts a trace",
    ),
];

// Row `i` describes the variant whose discriminant is `i`, so `TABLE[kind as usize]` is its row.
const _: () = {
    let mut i = 0;
    while i < TABLE.len() {
        assert!(
            TABLE[i].0 as usize == i,
            "TABLE rows follow the enum's order"
        );
        i += 1;
    }
};

impl PropagatorKind {
    /// Every format, in the order `OTEL_PROPAGATORS` lists them (`none` is not a format).
    pub const ALL: [PropagatorKind; 5] = [
        PropagatorKind::TraceContext,
        PropagatorKind::Baggage,
        PropagatorKind::B3,
        PropagatorKind::B3Multi,
        PropagatorKind::Jaeger,
    ];

    /// Every name a list may hold: the formats, then `none`.
    pub const KNOWN: [PropagatorKind; 6] = [
        PropagatorKind::TraceContext,
        PropagatorKind::Baggage,
        PropagatorKind::B3,
        PropagatorKind::B3Multi,
        PropagatorKind::Jaeger,
        PropagatorKind::None,
    ];

    /// The SDK default when `OTEL_PROPAGATORS` is unset: `tracecontext,baggage`.
    pub const DEFAULT: [PropagatorKind; 2] =
        [PropagatorKind::TraceContext, PropagatorKind::Baggage];

    /// The `OTEL_PROPAGATORS` name.
    pub fn name(self) -> &'static str {
        TABLE[self as usize].1
    }

    /// The name an `OTEL_PROPAGATORS` entry means (`none` included); names are case-sensitive
    /// there.
    pub fn from_name(name: &str) -> Option<PropagatorKind> {
        TABLE.iter().find(|row| row.1 == name).map(|row| row.0)
    }

    /// One line for a settings list or a scenario editor.
    pub fn description(self) -> &'static str {
        TABLE[self as usize].2
    }

    /// Jaeger's format: still supported by OpenTelemetry SDKs, which warn about it.
    pub fn is_deprecated(self) -> bool {
        self == PropagatorKind::Jaeger
    }

    /// Where the format is specified (`none`: where `OTEL_PROPAGATORS` is).
    pub fn spec(self) -> SpecSection {
        match self {
            PropagatorKind::TraceContext => spec::TRACEPARENT_FIELD_VALUES,
            PropagatorKind::Baggage => spec::baggage::DEFINITION,
            PropagatorKind::B3 => spec::b3::SINGLE_HEADER,
            PropagatorKind::B3Multi => spec::b3::MULTIPLE_HEADERS,
            PropagatorKind::Jaeger => spec::jaeger::PROPAGATION_FORMAT,
            PropagatorKind::None => spec::otel::GENERAL_SDK_CONFIGURATION,
        }
    }

    /// The headers this format injects (OpenTelemetry "Fields"); Jaeger's `uberctx-{key}`
    /// headers have variable names and are left out, as the API allows.
    pub fn fields(self) -> &'static [&'static str] {
        self.propagator().fields()
    }

    pub(crate) fn propagator(self) -> &'static dyn TextMapPropagator {
        match self {
            PropagatorKind::TraceContext => &super::tracecontext::TraceContextPropagator,
            PropagatorKind::Baggage => &super::baggage::BaggagePropagator,
            PropagatorKind::B3 => &super::b3::B3Propagator::SINGLE,
            PropagatorKind::B3Multi => &super::b3::B3Propagator::MULTI,
            PropagatorKind::Jaeger => &super::jaeger::JaegerPropagator,
            PropagatorKind::None => &NoopPropagator,
        }
    }
}

/// `none`: OpenTelemetry's no-op propagator, which injects and extracts nothing.
struct NoopPropagator;

impl TextMapPropagator for NoopPropagator {
    fn fields(&self) -> &'static [&'static str] {
        &[]
    }

    fn inject(&self, _: &Outgoing<'_>, _: &mut Headers) {}

    fn extract(&self, _: &Headers, _: &mut Extracted) {}
}

impl fmt::Display for PropagatorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What inject reads: OpenTelemetry's `Context` as far as propagation sees it.
#[derive(Clone, Copy, Debug)]
pub struct Outgoing<'a> {
    /// The span this request is sent for; not propagated when either id is all zeros.
    pub context: &'a SpanContext,
    pub baggage: &'a Baggage,
    /// B3's and Jaeger's debug flag. W3C trace flags have no bit for it, so OpenTelemetry keeps
    /// it in the context beside the span context, and so do we.
    pub debug: bool,
}

/// One format's way in and out of a header map.
pub trait TextMapPropagator {
    /// The header names inject writes (OpenTelemetry "Fields").
    fn fields(&self) -> &'static [&'static str];
    /// Writes this format's headers, replacing any of them already in `headers`.
    fn inject(&self, out: &Outgoing<'_>, headers: &mut Headers);
    /// Reads this format's headers into `into`, overriding the span context only when they hold
    /// a valid one, and recording why a header it found was not used.
    fn extract(&self, headers: &Headers, into: &mut Extracted);
}

/// A header that broke a rule, the rule, and where it is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// The header, as named in the map.
    pub header: String,
    /// What is wrong, ending with the section cited.
    pub message: String,
    pub section: SpecSection,
    /// The rule in plain words, where the playground explains it.
    pub summary: Option<&'static str>,
}

impl Violation {
    /// Broke `rule`, cited at the rule's own section.
    pub fn new(header: &str, message: String, rule: Rule) -> Self {
        Self::explained(header, message, rule.section, rule)
    }

    /// Broke `rule`, cited at `section`, a more precise place than the rule's (B3's README
    /// repeats the id rules under each encoding).
    pub fn explained(header: &str, message: String, section: SpecSection, rule: Rule) -> Self {
        Violation {
            header: header.to_string(),
            message,
            section,
            summary: Some(rule.summary),
        }
    }

    pub fn at(header: &str, message: String, section: SpecSection) -> Self {
        Violation {
            header: header.to_string(),
            message,
            section,
            summary: None,
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.header, self.message)
    }
}

/// What a service reads from an incoming request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Extracted {
    /// The caller's span, from the last propagator that found a valid one; `None` starts a
    /// new trace.
    pub context: Option<SpanContext>,
    /// Which format `context` came from.
    pub source: Option<PropagatorKind>,
    /// B3 or Jaeger debug was received (sampled is then set too); kept in the context beside
    /// the span context, so a later format's context does not clear it.
    pub debug: bool,
    /// The `tracestate` verdict when `tracecontext` is configured; [`TracestateOutcome::Absent`]
    /// otherwise. The list itself travels in `context.trace_state` when that context is W3C's.
    pub tracestate: TracestateOutcome,
    /// W3C `baggage` (replacing the set when a valid header is found) and Jaeger `uberctx-*`
    /// entries (merged key by key), as opentelemetry-java and -js do.
    pub baggage: Baggage,
    /// Every header that was found but not used, and why, in the order read.
    pub problems: Vec<ExtractProblem>,
}

impl Default for Extracted {
    fn default() -> Self {
        Extracted {
            context: None,
            source: None,
            debug: false,
            tracestate: TracestateOutcome::Absent,
            baggage: Baggage::new(),
            problems: Vec::new(),
        }
    }
}

impl Extracted {
    /// Composite rule: a later valid context replaces an earlier one.
    pub(crate) fn set_context(&mut self, source: PropagatorKind, context: SpanContext) {
        self.context = Some(context);
        self.source = Some(source);
    }

    pub(crate) fn problem(&mut self, propagator: PropagatorKind, violation: Violation) {
        self.problems.push(ExtractProblem {
            propagator,
            violation,
        });
    }

    /// What to inject on a call this service makes for its span `context`, carrying the
    /// received baggage and debug flag on.
    pub fn outgoing<'a>(&'a self, context: &'a SpanContext) -> Outgoing<'a> {
        Outgoing {
            context,
            baggage: &self.baggage,
            debug: self.debug,
        }
    }
}

/// A header one propagator found and could not use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExtractProblem {
    pub propagator: PropagatorKind,
    pub violation: Violation,
}

/// The first value of a header, names compared ASCII case-insensitively (API "Get": the first
/// value, case-insensitive for HTTP), without the optional whitespace HTTP strips (RFC 9110 §5.5).
pub(crate) fn first_value<'a>(headers: &'a Headers, name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| trim_ows(v))
}

/// Every value of a header, in order, trimmed.
pub(crate) fn values<'a>(headers: &'a Headers, name: &'a str) -> impl Iterator<Item = &'a str> {
    headers
        .iter()
        .filter(move |(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| trim_ows(v))
}

pub(crate) fn remove(headers: &mut Headers, names: &[&str]) {
    headers.retain(|(k, _)| !names.iter().any(|n| k.eq_ignore_ascii_case(n)));
}

/// Spaces and tabs around a field value are not part of it (RFC 9110 §5.5).
pub(crate) fn trim_ows(value: &str) -> &str {
    value.trim_matches(|c| c == ' ' || c == '\t')
}
