//! Citations into the OpenTelemetry specification: the Propagators API
//! (<https://opentelemetry.io/docs/specs/otel/context/api-propagators/>), whose composite and
//! B3 requirements the propagators follow, and the `OTEL_PROPAGATORS` environment variable
//! (<https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/>).

use super::{section_in, Rule, SpecDocument, SpecSection};

pub const PROPAGATORS_API: SpecDocument = SpecDocument {
    name: "OpenTelemetry Propagators API",
    url: "https://opentelemetry.io/docs/specs/otel/context/api-propagators/",
    cite_as: "OpenTelemetry ",
};

pub const ENVIRONMENT: SpecDocument = SpecDocument {
    name: "OpenTelemetry environment variables",
    url: "https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/",
    cite_as: "OpenTelemetry ",
};

const fn api(title: &'static str, anchor: &'static str) -> SpecSection {
    section_in(PROPAGATORS_API, "", title, anchor)
}

pub const EXTRACT: SpecSection = api("Extract", "extract");
pub const FIELDS: SpecSection = api("Fields", "fields");
pub const COMPOSITE: SpecSection = api("Composite Propagator", "composite-propagator");
pub const B3_EXTRACT: SpecSection = api("B3 Extract", "b3-extract");
pub const B3_INJECT: SpecSection = api("B3 Inject", "b3-inject");
pub const GENERAL_SDK_CONFIGURATION: SpecSection = section_in(
    ENVIRONMENT,
    "",
    "General SDK Configuration",
    "general-sdk-configuration",
);
pub const PARSING_EMPTY_VALUE: SpecSection = section_in(
    ENVIRONMENT,
    "",
    "Parsing empty value",
    "parsing-empty-value",
);

pub const COMPOSITE_RULE: Rule = Rule {
    section: COMPOSITE,
    summary: "A composite runs its propagators in the order given: inject writes every format, \
              extract reads each in turn, and a later one that finds a valid context replaces \
              what an earlier one found. A propagator that cannot parse its headers leaves the \
              context as it was (Extract).",
};
pub const B3_EXTRACT_RULE: Rule = Rule {
    section: B3_EXTRACT,
    summary: "A B3 propagator reads both encodings, the single b3 header first; it keeps a \
              debug flag and sets sampled with it; it never reuses X-B3-SpanId as the server \
              span's id.",
};
pub const B3_INJECT_RULE: Rule = Rule {
    section: B3_INJECT,
    summary: "b3 injects the single header, b3multi the X-B3-* headers; neither sends \
              X-B3-ParentSpanId.",
};
pub const OTEL_PROPAGATORS_RULE: Rule = Rule {
    section: GENERAL_SDK_CONFIGURATION,
    summary: "OTEL_PROPAGATORS is a comma-separated list: tracecontext, baggage, b3, b3multi, \
              jaeger, xray, ottrace or none. Repeats are registered once; none means no \
              propagation; an empty value means the default, tracecontext,baggage.",
};

/// Every OpenTelemetry rule the composite follows.
pub const RULES: [Rule; 4] = [
    COMPOSITE_RULE,
    B3_EXTRACT_RULE,
    B3_INJECT_RULE,
    OTEL_PROPAGATORS_RULE,
];
