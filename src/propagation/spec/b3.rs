//! Citations into B3 Propagation (<https://github.com/openzipkin/b3-propagation>), the Zipkin
//! headers `b3` and `X-B3-*`, and the rules the inspector explains.
//!
//! The README numbers nothing, so sections are cited by title. Its "TraceId", "SpanId",
//! "ParentSpanId" and "Sampling State" headings appear once under "Identifiers"/"Sampling
//! State", again under "Multiple Headers" and again under "Single Header"; GitHub gives the
//! repeats the anchors `-1` and `-2`, in that order.

use super::{section_in, Rule, SpecDocument, SpecSection};

pub const DOCUMENT: SpecDocument = SpecDocument {
    name: "B3 Propagation",
    url: "https://github.com/openzipkin/b3-propagation",
    cite_as: "B3 ",
};

const fn b3(title: &'static str, anchor: &'static str) -> SpecSection {
    section_in(DOCUMENT, "", title, anchor)
}

pub const IDENTIFIERS: SpecSection = b3("Identifiers", "identifiers");
pub const SAMPLING_STATE: SpecSection = b3("Sampling State", "sampling-state");
pub const MULTIPLE_HEADERS: SpecSection = b3("Multiple Headers", "multiple-headers");
pub const MULTI_TRACE_ID: SpecSection = b3("Multiple Headers › TraceId", "traceid-1");
pub const MULTI_SPAN_ID: SpecSection = b3("Multiple Headers › SpanId", "spanid-1");
pub const MULTI_PARENT_SPAN_ID: SpecSection =
    b3("Multiple Headers › ParentSpanId", "parentspanid-1");
pub const MULTI_SAMPLING_STATE: SpecSection =
    b3("Multiple Headers › Sampling State", "sampling-state-1");
pub const DEBUG_FLAG: SpecSection = b3("Multiple Headers › Debug Flag", "debug-flag");
pub const SINGLE_HEADER: SpecSection = b3("Single Header", "single-header");
pub const SINGLE_TRACE_ID: SpecSection = b3("Single Header › TraceId", "traceid-2");
pub const SINGLE_SPAN_ID: SpecSection = b3("Single Header › SpanId", "spanid-2");
pub const SINGLE_SAMPLING_STATE: SpecSection =
    b3("Single Header › Sampling State", "sampling-state-2");
pub const SINGLE_PARENT_SPAN_ID: SpecSection = b3("Single Header › ParentSpanId", "parentspanid-2");

pub const SINGLE_HEADER_RULE: Rule = Rule {
    section: SINGLE_HEADER,
    summary: "One header, b3: {TraceId}-{SpanId}-{SamplingState}-{ParentSpanId}, the last two \
              optional, or a sampling state alone (b3: 0). OpenTelemetry reads it before the \
              X-B3-* headers and falls back to them when it is invalid.",
};
pub const MULTIPLE_HEADERS_RULE: Rule = Rule {
    section: MULTIPLE_HEADERS,
    summary: "X-B3-TraceId and X-B3-SpanId are required, X-B3-ParentSpanId, X-B3-Sampled and \
              X-B3-Flags optional. Header names are case-insensitive and the first value of a \
              repeated header wins.",
};
pub const TRACE_ID_RULE: Rule = Rule {
    section: IDENTIFIERS,
    summary: "A TraceId is 64 or 128 bits: exactly 16 or 32 lower-hex characters. OpenTelemetry \
              left-pads a 16-character id with zeros to 128 bits and treats all zeros as no id.",
};
pub const SPAN_ID_RULE: Rule = Rule {
    section: IDENTIFIERS,
    summary: "A SpanId is 64 bits: exactly 16 lower-hex characters, not all zeros.",
};
pub const PARENT_SPAN_ID_RULE: Rule = Rule {
    section: MULTI_PARENT_SPAN_ID,
    summary: "When present, the ParentSpanId is 16 lower-hex characters. OpenTelemetry reads past \
              it and never sends it, because its client and server spans never share a span id.",
};
pub const SAMPLING_STATE_RULE: Rule = Rule {
    section: SAMPLING_STATE,
    summary: "1 accepts (record), 0 denies, d (single header) is debug, which implies accept; \
              absent defers the decision to the receiver. X-B3-Sampled may also read true or \
              false, as older tracers sent it.",
};
pub const DEBUG_FLAG_RULE: Rule = Rule {
    section: DEBUG_FLAG,
    summary: "X-B3-Flags: 1 is debug. It implies accept, so X-B3-Sampled is not sent with it; \
              any other value is ignored. OpenTelemetry keeps the debug flag, sets sampled, and \
              sends debug on.",
};

/// Every B3 rule, in the order a header is read.
pub const RULES: [Rule; 7] = [
    SINGLE_HEADER_RULE,
    MULTIPLE_HEADERS_RULE,
    TRACE_ID_RULE,
    SPAN_ID_RULE,
    PARENT_SPAN_ID_RULE,
    SAMPLING_STATE_RULE,
    DEBUG_FLAG_RULE,
];
