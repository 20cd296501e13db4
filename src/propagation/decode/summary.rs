//! A decoded header in one line — which format, which trace and span, sampled or not — for
//! span detail's list of the headers that crossed the wire; and, per header kind, the format's
//! name and the rules the Header inspector lists.
//!
//! Formats: W3C Trace Context (<https://w3c.github.io/trace-context/>), W3C Baggage
//! (<https://www.w3.org/TR/baggage/>), B3 (<https://github.com/openzipkin/b3-propagation>),
//! Jaeger (<https://www.jaegertracing.io/sdk-migration/#propagation-format>, deprecated in
//! OpenTelemetry).

use super::{Decoded, HeaderKind};
use crate::propagation::spec::{self, Rule};

/// How many keys a one-line summary of a list names before "…".
const LISTED_KEYS: usize = 4;

impl HeaderKind {
    /// The format the header belongs to, as a learner would name it.
    pub fn format(self) -> &'static str {
        match self {
            HeaderKind::Traceparent | HeaderKind::Tracestate => "W3C Trace Context",
            HeaderKind::Baggage => "W3C Baggage",
            HeaderKind::B3 => "B3 single header",
            HeaderKind::B3TraceId
            | HeaderKind::B3SpanId
            | HeaderKind::B3ParentSpanId
            | HeaderKind::B3Sampled
            | HeaderKind::B3Flags => "B3 multiple headers",
            HeaderKind::UberTraceId | HeaderKind::UberCtx => "Jaeger (deprecated in OpenTelemetry)",
            HeaderKind::Unknown => "not a propagation header",
        }
    }

    /// Whether the header can carry the caller's position (a trace or span id), so that a
    /// receiver could continue the trace from it; `baggage`, `tracestate` and `uberctx-*` only
    /// travel beside one.
    pub fn carries_context(self) -> bool {
        matches!(
            self,
            HeaderKind::Traceparent
                | HeaderKind::B3
                | HeaderKind::B3TraceId
                | HeaderKind::B3SpanId
                | HeaderKind::UberTraceId
        )
    }

    /// The rules of the header's format in plain words, each linking its section, in the order
    /// the header is read. `traceparent`'s single rejection is shown with its own section.
    pub fn rules(self) -> &'static [Rule] {
        match self {
            HeaderKind::Tracestate => &spec::TRACESTATE_RULES,
            HeaderKind::Baggage => &spec::baggage::RULES,
            HeaderKind::B3
            | HeaderKind::B3TraceId
            | HeaderKind::B3SpanId
            | HeaderKind::B3ParentSpanId
            | HeaderKind::B3Sampled
            | HeaderKind::B3Flags => &spec::b3::RULES,
            HeaderKind::UberTraceId | HeaderKind::UberCtx => &spec::jaeger::RULES,
            HeaderKind::Traceparent | HeaderKind::Unknown => &[],
        }
    }
}

impl Decoded {
    /// One line: the format, then what the header carries — `W3C Trace Context: trace
    /// 4bf9…4736, span 00f0…02b7, sampled` — or the first rule it breaks.
    pub fn summary(&self) -> String {
        let format = self.header.format();
        if self.header == HeaderKind::Unknown {
            return "not a propagation header: no OpenTelemetry propagator reads it".to_string();
        }
        if let Some(first) = self.violations.first() {
            // A baggage header keeps its valid members; say how many were dropped.
            let more = match self.violations.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            let kept = match (self.header, self.fields.len()) {
                (HeaderKind::Baggage, n) if n > 0 => format!("; {} kept", entries(n)),
                _ => String::new(),
            };
            return format!("{format}: invalid, {}{more}{kept}", first.message);
        }
        let mut parts = Vec::new();
        let c = &self.context;
        if let Some(trace) = c.trace_id {
            parts.push(format!("trace {trace}"));
        }
        if let Some(span) = c.span_id {
            parts.push(format!("span {span}"));
        }
        match self.header {
            HeaderKind::B3ParentSpanId => {
                parts.push("parent span, read and ignored".to_string());
            }
            HeaderKind::Tracestate => parts.push(format!(
                "{}{}",
                vendor_entries(self.fields.len()),
                listed(self)
            )),
            HeaderKind::Baggage => {
                parts.push(format!("{}{}", entries(self.fields.len()), listed(self)));
            }
            HeaderKind::UberCtx => {
                if let Some(f) = self.fields.first() {
                    parts.push(format!("baggage {} = {}", f.name, f.value));
                }
            }
            _ => {}
        }
        match (c.sampled, c.debug) {
            (_, true) => parts.push("sampled (debug)".to_string()),
            (Some(true), false) => parts.push("sampled".to_string()),
            (Some(false), false) => parts.push("not sampled".to_string()),
            (None, false) => {
                if matches!(self.header, HeaderKind::B3) {
                    parts.push("sampling deferred to the receiver".to_string());
                }
            }
        }
        if self.header == HeaderKind::B3Flags && !c.debug {
            parts.push("not debug, ignored".to_string());
        }
        format!("{format}: {}", parts.join(", "))
    }
}

fn entries(n: usize) -> String {
    match n {
        1 => "1 entry".to_string(),
        n => format!("{n} entries"),
    }
}

fn vendor_entries(n: usize) -> String {
    match n {
        1 => "1 vendor entry".to_string(),
        n => format!("{n} vendor entries"),
    }
}

/// ` (a, b, c)`: the first keys of a list header, or nothing for an empty one.
fn listed(decoded: &Decoded) -> String {
    if decoded.fields.is_empty() {
        return String::new();
    }
    let keys: Vec<&str> = decoded
        .fields
        .iter()
        .take(LISTED_KEYS)
        .map(|f| f.name.as_str())
        .collect();
    let more = if decoded.fields.len() > LISTED_KEYS {
        ", …"
    } else {
        ""
    };
    format!(" ({}{more})", keys.join(", "))
}

#[cfg(test)]
mod tests {
    use super::super::decode_header;
    use super::*;

    /// (header, value, the summary, the rule or section the row follows).
    #[rustfmt::skip]
    const SUMMARIES: &[(&str, &str, &str, &str)] = &[
        ("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "W3C Trace Context: trace 4bf92f3577b34da6a3ce929d0e0e4736, span 00f067aa0ba902b7, sampled",
            "Trace Context §3.2.2 traceparent fields; §3.2.2.5.1 sampled flag"),
        ("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00",
            "W3C Trace Context: trace 4bf92f3577b34da6a3ce929d0e0e4736, span 00f067aa0ba902b7, not sampled",
            "Trace Context §3.2.2.5.1: flag bit 0 clear"),
        ("tracestate", "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE",
            "W3C Trace Context: 2 vendor entries (rojo, congo)",
            "Trace Context §3.3.2.1 list"),
        ("baggage", "a=1,b=2,c=3,d=4,e=5",
            "W3C Baggage: 5 entries (a, b, c, d, …)",
            "W3C Baggage §3.3.1 list of members"),
        ("baggage", "userId=alice,bad member",
            "W3C Baggage: invalid, ",
            "W3C Baggage §3.5: a bad member is dropped, the rest kept"),
        ("b3", "80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-d",
            "B3 single header: trace 80f198ee56343ba864fe8b2a57d3eff7, span e457b5a2e4d86bd1, sampled (debug)",
            "B3 Single Header: d is debug"),
        ("b3", "80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1",
            "B3 single header: trace 80f198ee56343ba864fe8b2a57d3eff7, span e457b5a2e4d86bd1, sampling deferred to the receiver",
            "B3 Single Header: sampling state optional (defer)"),
        ("b3", "0", "B3 single header: not sampled", "B3 Single Header: a decision alone"),
        ("X-B3-TraceId", "a3ce929d0e0e4736",
            "B3 multiple headers: trace 0000000000000000a3ce929d0e0e4736",
            "B3 Identifiers: a 64-bit TraceId is left-padded"),
        ("x-b3-spanid", "a2fb4a1d1a96d312", "B3 multiple headers: span a2fb4a1d1a96d312",
            "B3 Multiple Headers › SpanId"),
        ("x-b3-parentspanid", "0020000000000001",
            "B3 multiple headers: parent span, read and ignored",
            "OpenTelemetry B3 requirements: ParentSpanId is not used"),
        ("x-b3-sampled", "0", "B3 multiple headers: not sampled", "B3 Multiple Headers › Sampling State"),
        ("x-b3-flags", "1", "B3 multiple headers: sampled (debug)", "B3 Debug Flag: implies accept"),
        ("x-b3-flags", "2", "B3 multiple headers: not debug, ignored", "B3 Debug Flag: other values ignored"),
        ("uber-trace-id", "4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:0:03",
            "Jaeger (deprecated in OpenTelemetry): trace 4bf92f3577b34da6a3ce929d0e0e4736, span 00f067aa0ba902b7, sampled (debug)",
            "Jaeger Trace/Span Identity › Value: flags 0x01|0x02"),
        ("uberctx-user-id", "value%201",
            "Jaeger (deprecated in OpenTelemetry): baggage user-id = value 1",
            "Jaeger Baggage › Value Encoding: URL-decoded"),
        ("x-request-id", "abc", "not a propagation header: no OpenTelemetry propagator reads it",
            "not one of OTEL_PROPAGATORS' headers"),
    ];

    #[test]
    fn each_header_reads_in_one_line() {
        for (name, value, summary, rule) in SUMMARIES {
            let got = decode_header(name, value).summary();
            assert!(got.starts_with(summary), "{rule}: {got:?}");
        }
    }

    #[test]
    fn an_invalid_header_names_the_rule_in_its_line() {
        let line = decode_header("uber-trace-id", "abc:def").summary();
        assert!(line.starts_with("Jaeger (deprecated in OpenTelemetry): invalid, "));
        assert!(
            line.ends_with("(Jaeger Trace/Span Identity › Value)"),
            "{line}"
        );
        let bag = decode_header("baggage", "k=v,bad member,also bad,x=1").summary();
        assert!(bag.contains("(and 1 more); 2 entries kept"), "{bag}");
        let upper = decode_header(
            "traceparent",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
        )
        .summary();
        assert!(upper.contains("uppercase hex is invalid"), "{upper}");
        assert!(upper.ends_with("(§3.2.2.3 trace-id)"), "{upper}");
    }

    #[test]
    fn every_known_header_names_its_format_and_rules() {
        for kind in HeaderKind::INSPECTABLE {
            assert_ne!(kind.format(), HeaderKind::Unknown.format(), "{kind:?}");
            for rule in kind.rules() {
                assert_eq!(
                    Some(rule.section.document),
                    kind.spec().map(|s| s.document),
                    "{kind:?}: rules from its own spec"
                );
            }
        }
        assert!(HeaderKind::UberTraceId.format().contains("deprecated"));
        let carriers: Vec<HeaderKind> = HeaderKind::INSPECTABLE
            .into_iter()
            .filter(|k| k.carries_context())
            .collect();
        assert_eq!(
            carriers,
            [
                HeaderKind::Traceparent,
                HeaderKind::B3,
                HeaderKind::B3TraceId,
                HeaderKind::B3SpanId,
                HeaderKind::UberTraceId
            ],
            "the headers a propagator reads a span context from"
        );
        assert_eq!(HeaderKind::Tracestate.rules().len(), 5);
    }
}
