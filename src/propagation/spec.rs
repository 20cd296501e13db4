//! Citations into W3C Trace Context Level 2, so every rejection can say which rule it enforces.
//!
//! Section numbers and anchors follow the Level 2 document
//! (<https://www.w3.org/TR/trace-context-2/>). They live in one place so a renumbering in a
//! later draft is a one-file change.

use std::fmt;

/// A section of the spec: its number, its title and its anchor on the published page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpecSection {
    pub number: &'static str,
    pub title: &'static str,
    pub anchor: &'static str,
}

/// The published Level 2 document every [`SpecSection`] anchor points into.
pub const SPEC_URL: &str = "https://www.w3.org/TR/trace-context-2/";

impl SpecSection {
    /// A link to the section on the published page.
    pub fn url(&self) -> String {
        format!("{SPEC_URL}#{}", self.anchor)
    }
}

impl fmt::Display for SpecSection {
    /// `§3.2.2.1 version`: short enough to end an error message.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "§{} {}", self.number, self.title)
    }
}

const fn section(number: &'static str, title: &'static str, anchor: &'static str) -> SpecSection {
    SpecSection {
        number,
        title,
        anchor,
    }
}

pub const TRACEPARENT_HEADER_NAME: SpecSection = section("3.2.1", "Header Name", "header-name");
pub const TRACEPARENT_FIELD_VALUES: SpecSection = section(
    "3.2.2",
    "traceparent Header Field Values",
    "traceparent-header-field-values",
);
pub const VERSION: SpecSection = section("3.2.2.1", "version", "version");
pub const VERSION_FORMAT: SpecSection = section("3.2.2.2", "version-format", "version-format");
pub const TRACE_ID: SpecSection = section("3.2.2.3", "trace-id", "trace-id");
pub const PARENT_ID: SpecSection = section("3.2.2.4", "parent-id", "parent-id");
pub const TRACE_FLAGS: SpecSection = section("3.2.2.5", "trace-flags", "trace-flags");
pub const SAMPLED_FLAG: SpecSection = section("3.2.2.5.1", "Sampled flag", "sampled-flag");
pub const RANDOM_TRACE_ID_FLAG: SpecSection =
    section("3.2.2.5.2", "Random Trace ID Flag", "random-trace-id-flag");
pub const OTHER_FLAGS: SpecSection = section("3.2.2.5.3", "Other Flags", "other-flags");
pub const VERSIONING_OF_TRACEPARENT: SpecSection = section(
    "3.2.4",
    "Versioning of traceparent",
    "versioning-of-traceparent",
);
pub const TRACESTATE_HEADER: SpecSection = section("3.3", "Tracestate Header", "tracestate-header");
pub const TRACESTATE_HEADER_NAME: SpecSection = section("3.3.1", "Header Name", "header-name-0");
pub const TRACESTATE_FIELD_VALUES: SpecSection = section(
    "3.3.2",
    "tracestate Header Field Values",
    "tracestate-header-field-values",
);
pub const LIST: SpecSection = section("3.3.2.1", "list", "list");
pub const KEY: SpecSection = section("3.3.2.2.1", "Key", "key");
pub const VALUE: SpecSection = section("3.3.2.2.2", "Value", "value");
pub const COMBINED_HEADER_VALUE: SpecSection =
    section("3.3.3", "Combined Header Value", "combined-header-value");
pub const MUTATING_TRACEPARENT: SpecSection = section(
    "3.4",
    "Mutating the traceparent Field",
    "mutating-the-traceparent-field",
);
pub const MUTATING_TRACESTATE: SpecSection = section(
    "3.5",
    "Mutating the tracestate Field",
    "mutating-the-tracestate-field",
);
pub const NO_TRACEPARENT_RECEIVED: SpecSection = section(
    "4.1.1",
    "No traceparent Received",
    "no-traceparent-received",
);
pub const TRACEPARENT_RECEIVED: SpecSection = section(
    "4.1.2",
    "A traceparent is Received",
    "a-traceparent-is-received",
);
