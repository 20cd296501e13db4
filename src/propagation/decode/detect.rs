//! Which header a pasted line is: its name when the line has one (`b3: 80f1…-e457…-1`, as span
//! detail and HTTP logs print headers), the name the learner picked, or else the value's shape.
//!
//! Shapes follow each format's grammar loosely, so that a header that breaks one rule is still
//! recognised and the decoder can name the rule: W3C Trace Context `traceparent` is
//! `version-trace_id-parent_id-flags` with 2, 32 and 16 characters
//! (<https://w3c.github.io/trace-context/#traceparent-header-field-values>); B3's single header
//! starts with a 16- or 32-character TraceId then a 16-character SpanId, or is a sampling state
//! alone (<https://github.com/openzipkin/b3-propagation#single-header>); Jaeger's
//! `uber-trace-id` has `:`-separated fields, possibly URL-encoded
//! (<https://www.jaegertracing.io/sdk-migration/#propagation-format>); a `key=value` list is
//! W3C Baggage (<https://www.w3.org/TR/baggage/>) or a `tracestate`. Where two formats share a
//! shape the detection says which others it could be.

use super::{decode_header, Decoded, HeaderKind};
use crate::propagation::baggage::is_tchar;
use crate::propagation::propagator::trim_ows;

/// How the inspector knew which header a line is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Detection {
    /// The line starts with the header's name.
    Named,
    /// The learner picked it from the menu.
    Picked,
    /// Told by the value's shape; `alternatives` share that shape.
    Shape { alternatives: Vec<HeaderKind> },
    /// Neither a known name nor a known shape.
    Unrecognised,
}

/// One pasted line, decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inspection {
    /// The header name the value was decoded as: as written on the line, or the kind's.
    pub name: String,
    pub value: String,
    pub detection: Detection,
    pub decoded: Decoded,
    /// Why the line could not be decoded as picked or pasted, when it could not.
    pub problem: Option<String>,
}

impl Inspection {
    /// The one-line reading ([`Decoded::summary`]) of a header that breaks no rule (the
    /// violations say the rest in full); none for an unrecognised value, nor for a Jaeger
    /// baggage value without its key.
    pub fn summary(&self) -> Option<String> {
        let d = &self.decoded;
        let unread = self.detection == Detection::Unrecognised
            || (d.header == HeaderKind::UberCtx && d.fields.is_empty());
        (!unread && d.violations.is_empty()).then(|| d.summary())
    }
}

/// `name: value` when `line` starts with a header name: an HTTP token followed by `:`. A bare
/// value that merely contains `:` (an `uber-trace-id`) is not split: its first field is all
/// hex digits and no propagation header is named so.
pub fn split_header_line(line: &str) -> Option<(&str, &str)> {
    let (name, value) = line.split_once(':')?;
    let name = trim_ows(name);
    let is_token = !name.is_empty() && name.chars().all(is_tchar);
    let known = HeaderKind::from_name(name) != HeaderKind::Unknown;
    let all_hex = name.chars().all(|c| c.is_ascii_hexdigit());
    (is_token && (known || !all_hex)).then(|| (name, trim_ows(value)))
}

/// The header a bare value looks like, and the others that share its shape.
pub fn detect_kind(value: &str) -> (HeaderKind, Vec<HeaderKind>) {
    use HeaderKind as K;
    let value = trim_ows(value);
    let hexish = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_hexdigit());
    let dashed: Vec<&str> = value.split('-').collect();
    let lens: Vec<usize> = dashed.iter().map(|p| p.len()).collect();
    if lens.len() >= 4 && lens[..3] == [2, 32, 16] && hexish(dashed[0]) {
        return (K::Traceparent, vec![]);
    }
    if (2..=4).contains(&lens.len())
        && matches!(lens[0], 16 | 32)
        && lens[1] == 16
        && hexish(dashed[0])
    {
        return (K::B3, vec![]);
    }
    let lower = value.to_ascii_lowercase();
    let colon = lower.contains(':') || lower.contains("%3a");
    if colon && lower.split([':', '%']).next().is_some_and(hexish) {
        return (K::UberTraceId, vec![]);
    }
    match value {
        "d" => return (K::B3, vec![]),
        "0" | "1" => return (K::B3, vec![K::B3Sampled, K::B3Flags]),
        "true" | "false" => return (K::B3Sampled, vec![]),
        _ => {}
    }
    if hexish(value) && value.len() == 32 {
        return (K::B3TraceId, vec![]);
    }
    if hexish(value) && value.len() == 16 {
        return (K::B3SpanId, vec![K::B3TraceId, K::B3ParentSpanId]);
    }
    if value.contains('=') {
        return list_kind(value);
    }
    (K::Unknown, vec![])
}

/// A `key=value` list: baggage unless something only a `tracestate` allows shows up.
fn list_kind(value: &str) -> (HeaderKind, Vec<HeaderKind>) {
    use HeaderKind as K;
    // Properties and percent-encoding are baggage's (W3C Baggage §3.3.1.3-4).
    if value.contains(';') || value.contains('%') {
        return (K::Baggage, vec![]);
    }
    let keys = value
        .split(',')
        .filter_map(|m| m.split_once('=').map(|(k, _)| trim_ows(k)));
    let mut tracestate_only = false;
    for key in keys {
        // '@' and '/' are tracestate key characters but not HTTP token ones (§3.3.2.2.1).
        if key.contains(['@', '/']) {
            tracestate_only = true;
        }
        // A tracestate key is lowercase (§3.3.2.2.1); a baggage key is any token.
        if key.chars().any(|c| c.is_ascii_uppercase()) {
            return (K::Baggage, vec![]);
        }
    }
    // A tracestate value may hold a space (§3.3.2.2.2); a baggage-octet may not.
    let spaced_value = value
        .split(',')
        .filter_map(|m| m.split_once('=').map(|(_, v)| trim_ows(v)))
        .any(|v| v.contains(' '));
    if tracestate_only || spaced_value {
        (K::Tracestate, vec![])
    } else {
        (K::Baggage, vec![K::Tracestate])
    }
}

/// Decodes what the learner pasted: one header per non-blank line, `name: value` or a bare
/// value; a bare value is read as `picked` when the learner picked a header, else by shape.
pub fn inspect(text: &str, picked: Option<HeaderKind>) -> Vec<Inspection> {
    text.lines()
        .map(trim_ows)
        .filter(|line| !line.trim().is_empty())
        .map(|line| inspect_line(line, picked))
        .collect()
}

fn inspect_line(line: &str, picked: Option<HeaderKind>) -> Inspection {
    let (name, value, detection) = match (split_header_line(line), picked) {
        (Some((name, value)), _) => (name.to_string(), value, Detection::Named),
        (None, Some(HeaderKind::UberCtx)) => {
            return Inspection {
                name: HeaderKind::UberCtx.name().to_string(),
                value: line.to_string(),
                detection: Detection::Picked,
                decoded: Decoded::new(HeaderKind::UberCtx),
                problem: Some(
                    "a Jaeger baggage key is part of the header's name: paste the line as \
                     uberctx-{key}: {value}, for example uberctx-user-id: alice"
                        .to_string(),
                ),
            };
        }
        (None, Some(kind)) if kind != HeaderKind::Unknown => {
            (kind.name().to_string(), line, Detection::Picked)
        }
        (None, _) => match detect_kind(line) {
            (HeaderKind::Unknown, _) => (String::new(), line, Detection::Unrecognised),
            (kind, alternatives) => (
                kind.name().to_string(),
                line,
                Detection::Shape { alternatives },
            ),
        },
    };
    let decoded = decode_header(&name, value);
    let problem = match (&detection, picked) {
        (Detection::Unrecognised, _) => Some(
            "not a header this inspector recognises by its shape: paste it as name: value, \
             or pick the header"
                .to_string(),
        ),
        (Detection::Named, Some(kind)) if kind != HeaderKind::Unknown && decoded.header != kind => {
            Some(format!(
                "read as {name}, the name on the line, not as the {} picked",
                kind.name()
            ))
        }
        _ => None,
    };
    Inspection {
        name,
        value: value.to_string(),
        detection,
        decoded,
        problem,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use HeaderKind as K;

    /// (bare value, detected kind, the shape rule the row follows).
    #[rustfmt::skip]
    const SHAPES: &[(&str, HeaderKind, &str)] = &[
        ("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", K::Traceparent, "TC §3.2.2: 2-32-16-2"),
        ("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", K::Traceparent, "TC §3.2.2: uppercase still recognised, then rejected"),
        ("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-ext", K::Traceparent, "TC §3.2.4: a later version has more fields"),
        ("80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1", K::B3, "B3 Single Header: TraceId-SpanId-SamplingState"),
        ("80f198ee56343ba8-e457b5a2e4d86bd1", K::B3, "B3 Single Header: 64-bit TraceId, sampling optional"),
        ("80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1-05e3ac9a4f6e3b90", K::B3, "B3 Single Header: with ParentSpanId"),
        ("d", K::B3, "B3 Single Header: debug alone is b3's alone"),
        ("1", K::B3, "B3 Single Header: a decision alone (or X-B3-Sampled / X-B3-Flags)"),
        ("true", K::B3Sampled, "B3 Multiple Headers › Sampling State: lenient true"),
        ("4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:0:01", K::UberTraceId, "Jaeger Value: four ':' fields"),
        ("4bf92f3577b34da6a3ce929d0e0e4736%3A00f067aa0ba902b7%3A0%3A01", K::UberTraceId, "Jaeger Value: URL-encoded"),
        ("4bf92f:00f067", K::UberTraceId, "Jaeger Value: too few fields is still Jaeger's, then rejected"),
        ("463ac35c9f6413ad48485a3953bb6124", K::B3TraceId, "B3 Identifiers: 32 hex is a TraceId"),
        ("a2fb4a1d1a96d312", K::B3SpanId, "B3 Identifiers: 16 hex, a SpanId (or a 64-bit TraceId)"),
        ("userId=alice,serverNode=DF%2028", K::Baggage, "W3C Baggage §3.3.1.3: percent-encoding"),
        ("k=v;prop=1", K::Baggage, "W3C Baggage §3.3.1.4: properties"),
        ("userId=alice", K::Baggage, "W3C Baggage §3.3.1.2: uppercase key is a token, not a tracestate key"),
        ("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE", K::Baggage, "ambiguous: baggage first, tracestate offered"),
        ("tenant@vendor=x,other=1", K::Tracestate, "TC §3.3.2.2.1: '@' is a tracestate key character"),
        ("vendor=a b", K::Tracestate, "TC §3.3.2.2.2: a space inside a value"),
        ("hello world", K::Unknown, "no format has this shape"),
        ("", K::Unknown, "nothing"),
    ];

    #[test]
    fn bare_values_are_told_by_their_shape() {
        for (value, kind, rule) in SHAPES {
            assert_eq!(detect_kind(value).0, *kind, "{rule}: {value:?}");
        }
        assert_eq!(
            detect_kind("rojo=00f067aa0ba902b7").1,
            vec![K::Tracestate],
            "an ambiguous list names the other reading"
        );
        assert_eq!(
            detect_kind("a2fb4a1d1a96d312").1,
            vec![K::B3TraceId, K::B3ParentSpanId]
        );
    }

    /// A line, how it splits, and why.
    type LineRow = (
        &'static str,
        Option<(&'static str, &'static str)>,
        &'static str,
    );

    #[rustfmt::skip]
    const LINES: &[LineRow] = &[
        ("b3: 80f198ee56343ba8-e457b5a2e4d86bd1", Some(("b3", "80f198ee56343ba8-e457b5a2e4d86bd1")), "name: value"),
        ("X-B3-Sampled:1", Some(("X-B3-Sampled", "1")), "no space after the colon"),
        ("uber-trace-id: 4bf9:00f0:0:1", Some(("uber-trace-id", "4bf9:00f0:0:1")), "the value keeps its colons"),
        ("4bf92f3577b34da6:00f067aa0ba902b7:0:01", None, "a bare uber-trace-id: hex is no header name"),
        ("x-request-id: abc", Some(("x-request-id", "abc")), "an unknown name is still a name"),
        ("k=v:1", None, "'=' is not a token character: a bare baggage value"),
        ("no colon here", None, "no name"),
    ];

    #[test]
    fn a_line_with_a_name_is_split_at_its_first_colon() {
        for (line, split, why) in LINES {
            assert_eq!(split_header_line(line), *split, "{why}");
        }
    }

    #[test]
    fn pasted_lines_are_decoded_by_name_pick_or_shape() {
        let text = "traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\n\n\
                    tracestate: rojo=00f067aa0ba902b7\n  80f198ee56343ba8-e457b5a2e4d86bd1-0  \n";
        let found = inspect(text, None);
        let kinds: Vec<HeaderKind> = found.iter().map(|i| i.decoded.header).collect();
        assert_eq!(kinds, [K::Traceparent, K::Tracestate, K::B3]);
        assert_eq!(found[0].detection, Detection::Named);
        assert_eq!(found[1].detection, Detection::Named, "name beats shape");
        assert_eq!(
            found[2].detection,
            Detection::Shape {
                alternatives: vec![]
            }
        );
        assert_eq!(found[2].value, "80f198ee56343ba8-e457b5a2e4d86bd1-0");
        assert!(found
            .iter()
            .all(|i| i.decoded.is_valid() && i.problem.is_none()));

        // A pick reads an ambiguous value as the learner means it.
        let picked = inspect("rojo=00f067aa0ba902b7", Some(K::Tracestate));
        assert_eq!(picked[0].decoded.header, K::Tracestate);
        assert_eq!(picked[0].detection, Detection::Picked);
        // ...but a name on the line wins, and the inspector says so.
        let named = inspect("baggage: a=1", Some(K::Tracestate));
        assert_eq!(named[0].decoded.header, K::Baggage);
        assert!(named[0]
            .problem
            .as_deref()
            .unwrap()
            .contains("not as the tracestate picked"));
    }

    #[test]
    fn what_cannot_be_read_says_what_to_do() {
        let unknown = inspect("hello world", None);
        assert_eq!(unknown[0].detection, Detection::Unrecognised);
        assert!(unknown[0]
            .problem
            .as_deref()
            .unwrap()
            .contains("name: value"));
        assert_eq!(unknown[0].summary(), None, "nothing was read");
        let key = inspect("alice", Some(K::UberCtx));
        assert!(key[0]
            .problem
            .as_deref()
            .unwrap()
            .contains("uberctx-{key}: {value}"));
        assert_eq!(key[0].summary(), None, "no key, nothing read");
        let named = inspect("uberctx-user-id: alice", Some(K::UberCtx));
        assert!(named[0].decoded.is_valid() && named[0].problem.is_none());
        assert_eq!(
            named[0].summary().as_deref(),
            Some("Jaeger (deprecated in OpenTelemetry): baggage user-id = alice")
        );
        let broken = inspect("uber-trace-id: 1:2", None);
        assert_eq!(broken[0].summary(), None, "its violation says it");
        assert_eq!(broken[0].decoded.violations.len(), 1);
        let other = inspect("x-request-id: 42", None);
        assert!(other[0]
            .summary()
            .unwrap()
            .starts_with("not a propagation header"));
        assert!(
            inspect(" \n\t\n", None).is_empty(),
            "blank lines are skipped"
        );
    }
}
