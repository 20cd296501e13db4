//! Citations into the specs the propagators implement, so every rejection can say which rule it
//! enforces, and the rules the inspector explains in plain words.
//!
//! W3C Trace Context sections live here; links go to the current Editor's Draft
//! (<https://w3c.github.io/trace-context/>), whose section numbers and anchors are those of
//! Level 2 (<https://www.w3.org/TR/trace-context-2/>). The other formats have their own files:
//! [`b3`] (openzipkin/b3-propagation), [`jaeger`] (Jaeger's propagation format), [`baggage`]
//! (W3C Baggage) and [`otel`] (the OpenTelemetry Propagators API and `OTEL_PROPAGATORS`). They
//! live in one place so a renumbering in a later draft is a one-file change.

pub mod b3;
pub mod baggage;
pub mod jaeger;
pub mod otel;

use std::fmt;

/// A published spec: its name, the page its anchors point into, and how a citation names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpecDocument {
    pub name: &'static str,
    pub url: &'static str,
    /// Put before a section in a citation. Empty for W3C Trace Context, the playground's first
    /// spec, whose citations (`§3.2.2.1 version`) every existing message already ends with.
    pub cite_as: &'static str,
}

/// The Editor's Draft every W3C Trace Context [`SpecSection`] anchor points into.
pub const SPEC_URL: &str = "https://w3c.github.io/trace-context/";

pub const TRACE_CONTEXT: SpecDocument = SpecDocument {
    name: "W3C Trace Context",
    url: SPEC_URL,
    cite_as: "",
};

/// A section of a spec: its number (empty where the document numbers nothing), its title and
/// its anchor on the published page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpecSection {
    pub document: SpecDocument,
    pub number: &'static str,
    pub title: &'static str,
    pub anchor: &'static str,
}

impl SpecSection {
    /// A link to the section on the published page.
    pub fn url(&self) -> String {
        format!("{}#{}", self.document.url, self.anchor)
    }

    /// The section with its document named, for a page that cites several specs:
    /// `W3C Trace Context §3.2.2.1 version`, `B3 Propagation: Single Header`.
    pub fn citation(&self) -> String {
        if self.number.is_empty() {
            format!("{}: {}", self.document.name, self.title)
        } else {
            format!("{} §{} {}", self.document.name, self.number, self.title)
        }
    }
}

impl fmt::Display for SpecSection {
    /// `§3.2.2.1 version`, `W3C Baggage §3.3.1.2 key`, `B3 Single Header`: short enough to end
    /// an error message.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.number.is_empty() {
            write!(f, "{}{}", self.document.cite_as, self.title)
        } else {
            write!(
                f,
                "{}§{} {}",
                self.document.cite_as, self.number, self.title
            )
        }
    }
}

/// A section of W3C Trace Context.
const fn section(number: &'static str, title: &'static str, anchor: &'static str) -> SpecSection {
    section_in(TRACE_CONTEXT, number, title, anchor)
}

/// A section of any document.
pub(crate) const fn section_in(
    document: SpecDocument,
    number: &'static str,
    title: &'static str,
    anchor: &'static str,
) -> SpecSection {
    SpecSection {
        document,
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

/// A rule as the inspector explains it: where it is written and what it asks, in plain words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    pub section: SpecSection,
    pub summary: &'static str,
}

pub const TRACESTATE_LIST_RULE: Rule = Rule {
    section: LIST,
    summary: "The list is key=value members separated by ','. Spaces and tabs around a \
              member are ignored, and so are empty members, so several tracestate headers \
              can be joined with ','.",
};
pub const TRACESTATE_MEMBER_COUNT_RULE: Rule = Rule {
    section: TRACESTATE_FIELD_VALUES,
    summary: "A list has at most 32 members. A receiver drops a longer list as a whole and \
              keeps the trace.",
};
pub const TRACESTATE_KEY_RULE: Rule = Rule {
    section: KEY,
    summary: "A key starts with a lowercase letter a-z or a digit 0-9, followed by up to 255 \
              of a-z, 0-9, '_', '-', '*', '/' and '@': at most 256 characters. '@' may appear \
              anywhere after the first character, any number of times; Level 1's \
              tenant@system form, with its 241- and 14-character parts, is gone.",
};
pub const TRACESTATE_VALUE_RULE: Rule = Rule {
    section: VALUE,
    summary: "A value has 1 to 256 printable ASCII characters (0x20-0x7E) except ',' and '=', \
              and does not end with a space. Leading spaces belong to the value; trailing \
              ones are optional whitespace.",
};
pub const TRACESTATE_DUPLICATE_RULE: Rule = Rule {
    section: MUTATING_TRACESTATE,
    summary: "Only one entry per key is allowed (§3.3.3), and adding a key must not repeat \
              it. A received list that repeats a key is not thrown away: a vendor may pass \
              the pairs on as they are or discard the repeats. This playground keeps the \
              left-most entry, the vendor's latest position since entries are added on the \
              left, and discards the later ones.",
};

/// Every `tracestate` rule, in the order the header is read.
pub const TRACESTATE_RULES: [Rule; 5] = [
    TRACESTATE_LIST_RULE,
    TRACESTATE_MEMBER_COUNT_RULE,
    TRACESTATE_KEY_RULE,
    TRACESTATE_VALUE_RULE,
    TRACESTATE_DUPLICATE_RULE,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracestate_rules_link_into_the_draft_one_section_each() {
        for (i, rule) in TRACESTATE_RULES.iter().enumerate() {
            assert!(rule.section.url().starts_with(SPEC_URL), "{}", rule.section);
            assert!(
                TRACESTATE_RULES[..i]
                    .iter()
                    .all(|other| other.section != rule.section),
                "{} explained twice",
                rule.section
            );
        }
        assert_eq!(
            TRACESTATE_KEY_RULE.section.url(),
            "https://w3c.github.io/trace-context/#key"
        );
        // The key rule states what changed from Level 1: '@' anywhere, 256 in all.
        for fact in ["digit", "'@'", "256", "tenant@system"] {
            assert!(TRACESTATE_KEY_RULE.summary.contains(fact), "{fact}");
        }
        assert!(TRACESTATE_DUPLICATE_RULE.summary.contains("left-most"));
    }

    #[test]
    fn every_format_rule_links_into_its_own_document() {
        let tables: [(&[Rule], &[SpecDocument]); 4] = [
            (&b3::RULES, &[b3::DOCUMENT]),
            (&jaeger::RULES, &[jaeger::DOCUMENT]),
            (&baggage::RULES, &[baggage::DOCUMENT]),
            (&otel::RULES, &[otel::PROPAGATORS_API, otel::ENVIRONMENT]),
        ];
        for (rules, documents) in tables {
            for rule in rules {
                let document = rule.section.document;
                assert!(documents.contains(&document), "{}", rule.section);
                assert!(rule.section.url().starts_with(document.url));
                assert!(!rule.section.anchor.is_empty() && !rule.summary.is_empty());
                assert!(rule.section.to_string().starts_with(document.cite_as));
            }
        }
        assert_eq!(
            baggage::KEY.citation(),
            "W3C Baggage §3.3.1.2 key",
            "a numbered section of another spec"
        );
        assert_eq!(b3::SINGLE_HEADER.to_string(), "B3 Single Header");
        assert_eq!(
            b3::SINGLE_HEADER.citation(),
            "B3 Propagation: Single Header"
        );
        assert_eq!(
            TRACE_ID.to_string(),
            "§3.2.2.3 trace-id",
            "Trace Context cites as before"
        );
        assert_eq!(
            otel::OTEL_PROPAGATORS_RULE.section.url(),
            "https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/#general-sdk-configuration"
        );
        assert!(jaeger::DEPRECATED_RULE.summary.contains("Deprecated"));
    }
}
