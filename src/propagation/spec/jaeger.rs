//! Citations into Jaeger's propagation format, the `uber-trace-id` and `uberctx-*` headers
//! (<https://www.jaegertracing.io/sdk-migration/#propagation-format>), and the rules the
//! inspector explains. The page itself says the format is deprecated in favour of W3C Trace
//! Context, and OpenTelemetry SDKs warn when `jaeger` is configured.

use super::{section_in, Rule, SpecDocument, SpecSection};

pub const DOCUMENT: SpecDocument = SpecDocument {
    name: "Jaeger propagation format",
    url: "https://www.jaegertracing.io/sdk-migration/",
    cite_as: "Jaeger ",
};

const fn jaeger(title: &'static str, anchor: &'static str) -> SpecSection {
    section_in(DOCUMENT, "", title, anchor)
}

pub const PROPAGATION_FORMAT: SpecSection = jaeger("Propagation Format", "propagation-format");
pub const TRACE_SPAN_IDENTITY: SpecSection = jaeger("Trace/Span Identity", "tracespan-identity");
pub const KEY: SpecSection = jaeger("Trace/Span Identity › Key", "key");
pub const VALUE: SpecSection = jaeger("Trace/Span Identity › Value", "value");
pub const BAGGAGE: SpecSection = jaeger("Baggage", "baggage");
pub const VALUE_ENCODING: SpecSection = jaeger("Baggage › Value Encoding", "value-encoding");

pub const DEPRECATED_RULE: Rule = Rule {
    section: PROPAGATION_FORMAT,
    summary: "Deprecated: OpenTelemetry SDKs still read and write Jaeger's headers, but advise \
              W3C Trace Context (tracecontext) instead, and warn when jaeger is configured.",
};
pub const VALUE_RULE: Rule = Rule {
    section: VALUE,
    summary: "uber-trace-id: {trace-id}:{span-id}:{parent-span-id}:{flags}, exactly four fields \
              separated by ':'. Some clients URL-encode the whole value (%3A for ':'); it is \
              decoded first.",
};
pub const TRACE_ID_RULE: Rule = Rule {
    section: VALUE,
    summary: "trace-id: 64 or 128 bits in hex, 1 to 32 digits. Receivers MUST accept shorter ids \
              and left-pad them with zeros; 0 is not valid.",
};
pub const SPAN_ID_RULE: Rule = Rule {
    section: VALUE,
    summary: "span-id: 64 bits in hex, 1 to 16 digits, left-padded with zeros; 0 is not valid.",
};
pub const PARENT_SPAN_ID_RULE: Rule = Rule {
    section: VALUE,
    summary: "parent-span-id is deprecated: receivers ignore it, and OpenTelemetry sends 0.",
};
pub const FLAGS_RULE: Rule = Rule {
    section: VALUE,
    summary: "flags: one byte as one or two hex digits. 0x01 is sampled, 0x02 debug (set only \
              with sampled), 0x08 firehose; other bits are unused.",
};
pub const BAGGAGE_RULE: Rule = Rule {
    section: BAGGAGE,
    summary: "One header per baggage entry, uberctx-{key}: {value}, the value URL-encoded. HTTP \
              does not keep the case of header names, so keys are best lowercase-kebab-case.",
};

/// Every Jaeger rule, in the order the headers are read.
pub const RULES: [Rule; 7] = [
    DEPRECATED_RULE,
    VALUE_RULE,
    TRACE_ID_RULE,
    SPAN_ID_RULE,
    PARENT_SPAN_ID_RULE,
    FLAGS_RULE,
    BAGGAGE_RULE,
];
