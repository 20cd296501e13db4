//! Citations into W3C Baggage, the Candidate Recommendation Snapshot of 30 May 2024
//! (<https://www.w3.org/TR/baggage/>), and the rules the inspector explains.

use super::{section_in, Rule, SpecDocument, SpecSection};

pub const DOCUMENT: SpecDocument = SpecDocument {
    name: "W3C Baggage",
    url: "https://www.w3.org/TR/baggage/",
    cite_as: "W3C Baggage ",
};

const fn baggage(number: &'static str, title: &'static str, anchor: &'static str) -> SpecSection {
    section_in(DOCUMENT, number, title, anchor)
}

pub const HEADER_NAME: SpecSection = baggage("3.1", "Header Name", "header-name");
pub const DEFINITION: SpecSection = baggage("3.3.1", "Definition", "definition");
pub const BAGGAGE_STRING: SpecSection = baggage("3.3.1.1", "baggage-string", "baggage-string");
pub const KEY: SpecSection = baggage("3.3.1.2", "key", "key");
pub const VALUE: SpecSection = baggage("3.3.1.3", "value", "value");
pub const PROPERTY: SpecSection = baggage("3.3.1.4", "property", "property");
pub const LIMITS: SpecSection = baggage("3.3.2", "Limits", "limits");
pub const MUTATING: SpecSection = baggage("3.5", "Mutating baggage", "mutating-baggage");

pub const LIST_RULE: Rule = Rule {
    section: BAGGAGE_STRING,
    summary: "The header is list-members separated by ',', with optional spaces and tabs; \
              several baggage headers combine into one list. A key may repeat on the wire; \
              OpenTelemetry keeps the last value.",
};
pub const MEMBER_RULE: Rule = Rule {
    section: DEFINITION,
    summary: "A list-member is key=value, then optional ;property items. A member that breaks \
              the grammar is dropped and the rest of the list kept (§3.5 lets a system remove \
              an entry that is not in the format).",
};
pub const KEY_RULE: Rule = Rule {
    section: KEY,
    summary: "A key is an HTTP token: one or more of A-Z, a-z, 0-9 and ! # $ % & ' * + - . ^ _ \
              ` | ~. Spaces and tabs around it are not part of it.",
};
pub const VALUE_RULE: Rule = Rule {
    section: VALUE,
    summary: "A value is printable US-ASCII except space, '\"', ',', ';' and '\\'. Anything else, \
              and '%' itself, is percent-encoded as UTF-8 (%20 for a space). Decoding replaces \
              byte sequences that are not UTF-8 with U+FFFD.",
};
pub const PROPERTY_RULE: Rule = Rule {
    section: PROPERTY,
    summary: "Properties follow the value, each after ';': key=value or a key alone, with the \
              same key and value grammar. The spec gives them no meaning; OpenTelemetry carries \
              them as opaque metadata.",
};
pub const LIMITS_RULE: Rule = Rule {
    section: LIMITS,
    summary: "Every member MUST be propagated while the list has at most 64 members and 8192 \
              bytes; beyond that whole members MAY be dropped, never part of one. The grammar \
              allows 180 members. This playground keeps up to 180 members and 8192 bytes.",
};

/// Every baggage rule, in the order the header is read.
pub const RULES: [Rule; 6] = [
    LIST_RULE,
    MEMBER_RULE,
    KEY_RULE,
    VALUE_RULE,
    PROPERTY_RULE,
    LIMITS_RULE,
];
