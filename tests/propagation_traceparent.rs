//! `traceparent` parsing and formatting against the W3C Trace Context Editor's Draft §3.2
//! (<https://w3c.github.io/trace-context/#traceparent-header>), one case per rule.

use trace_playground::model::{SpanId, TraceFlags, TraceId};
use trace_playground::propagation::{
    format_traceparent, parse_traceparent, SpanContext, TraceParent, TraceparentError,
    TraceparentField,
};

const T: u128 = 0x4bf92f3577b34da6a3ce929d0e0e4736;
const P: u64 = 0x00f067aa0ba902b7;

enum Expect {
    Ok { version: u8, flags: u8 },
    Err(TraceparentError),
}

use TraceparentField::{ParentId, TraceFlags as Flags, TraceId as Trace, Version};

fn wrong_length(field: TraceparentField, expected: u32, found: u32, text: &str) -> Expect {
    Expect::Err(TraceparentError::WrongLength {
        field,
        expected,
        found,
        text: text.to_string(),
    })
}

fn bad_char(field: TraceparentField, column: u32, found: char) -> Expect {
    Expect::Err(TraceparentError::InvalidCharacter {
        field,
        column,
        found,
    })
}

#[rustfmt::skip]
fn cases() -> Vec<(&'static str, Expect, &'static str)> {
    vec![
        ("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", Expect::Ok { version: 0, flags: 0x01 }, "§3.2.3 example: caller sampled"),
        ("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00", Expect::Ok { version: 0, flags: 0x00 }, "§3.2.3 example: caller did not sample"),
        ("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-02", Expect::Ok { version: 0, flags: 0x02 }, "§3.2.2.5.2 random trace id flag alone"),
        ("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03", Expect::Ok { version: 0, flags: 0x03 }, "§3.2.2.5 sampled and random together"),
        ("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-ff", Expect::Ok { version: 0, flags: 0xff }, "§3.2.2.5.3 undefined flag bits are not an error on input"),
        ("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", Expect::Ok { version: 0xcc, flags: 0x01 }, "§3.2.4 a higher version is parsed with the 00 layout"),
        ("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-the-future-will-be-like", Expect::Ok { version: 0xcc, flags: 0x01 }, "§3.2.4 fields after the flags of a higher version are ignored"),
        ("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-09-", Expect::Ok { version: 0x01, flags: 0x09 }, "§3.2.4 flags of a higher version may be followed by '-'"),
        ("fe-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-é", Expect::Ok { version: 0xfe, flags: 0x01 }, "§3.2.4 unknown fields are not interpreted, even non-ASCII"),
        ("", Expect::Err(TraceparentError::Empty), "§3.2.2 an empty value is no traceparent"),
        (" \t ", Expect::Err(TraceparentError::Empty), "§3.2.2 whitespace alone is no traceparent"),
        (" 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", Expect::Err(TraceparentError::SurroundingWhitespace), "§3.2.2 the raw value has no surrounding whitespace"),
        ("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\t", Expect::Err(TraceparentError::SurroundingWhitespace), "§3.2.2 trailing tab is not part of the value"),
        ("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", Expect::Err(TraceparentError::ForbiddenVersion), "§3.2.2.1 version ff is invalid"),
        ("0-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", wrong_length(Version, 2, 1, "0"), "§3.2.2.1 version is 2 hex digits (too short)"),
        ("000-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", wrong_length(Version, 2, 3, "000"), "§3.2.2.1 version is 2 hex digits (too long)"),
        (".0-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", bad_char(Version, 1, '.'), "§3.2.2.1 version is hex"),
        ("0A-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", bad_char(Version, 2, 'A'), "§3.2.2.1 version is lowercase hex (HEXDIGLC)"),
        ("00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01", bad_char(Version, 3, '_'), "§3.2.2 the delimiter is '-'"),
        ("00", Expect::Err(TraceparentError::MissingField { field: Trace }), "§3.2.2.2 version-format follows the version"),
        ("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", bad_char(Trace, 5, 'B'), "§3.2.2.3 trace-id is lowercase hex"),
        ("00-00000000000000000000000000000000-00f067aa0ba902b7-01", Expect::Err(TraceparentError::AllZero { field: Trace }), "§3.2.2.3 all-zero trace-id is invalid"),
        ("00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01", wrong_length(Trace, 32, 31, "4bf92f3577b34da6a3ce929d0e0e473"), "§3.2.2.3 trace-id is 32 hex digits (too short)"),
        ("00-4bf92f3577b34da6a3ce929d0e0e47361-00f067aa0ba902b7-01", wrong_length(Trace, 32, 33, "4bf92f3577b34da6a3ce929d0e0e47361"), "§3.2.2.3 trace-id is 32 hex digits (too long)"),
        ("00--00f067aa0ba902b7-01", wrong_length(Trace, 32, 0, ""), "§3.2.2.3 trace-id may not be empty"),
        ("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", Expect::Err(TraceparentError::AllZero { field: ParentId }), "§3.2.2.4 all-zero parent-id is invalid"),
        ("00-4bf92f3577b34da6a3ce929d0e0e4736-00F067aa0ba902b7-01", bad_char(ParentId, 39, 'F'), "§3.2.2.4 parent-id is lowercase hex"),
        ("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b-01", wrong_length(ParentId, 16, 15, "00f067aa0ba902b"), "§3.2.2.4 parent-id is 16 hex digits (too short)"),
        ("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b77-01", wrong_length(ParentId, 16, 17, "00f067aa0ba902b77"), "§3.2.2.4 parent-id is 16 hex digits (too long)"),
        ("00-4bf92f3577b34da6a3ce929d0e0e4736", Expect::Err(TraceparentError::MissingField { field: ParentId }), "§3.2.2.2 parent-id follows the trace-id"),
        ("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7", Expect::Err(TraceparentError::MissingField { field: Flags }), "§3.2.2.2 trace-flags follow the parent-id"),
        ("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1", wrong_length(Flags, 2, 1, "1"), "§3.2.2.5 trace-flags are 2 hex digits (too short)"),
        ("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-001", wrong_length(Flags, 2, 3, "001"), "§3.2.2.5 trace-flags are 2 hex digits (too long)"),
        ("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g", bad_char(Flags, 55, 'g'), "§3.2.2.5 trace-flags are hex"),
        ("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01.", bad_char(Flags, 56, '.'), "§3.2.2.2 version 00 is exactly 55 characters"),
        ("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\n", bad_char(Flags, 56, '\n'), "§3.2.2.2 a line break is not part of the value"),
        ("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-", Expect::Err(TraceparentError::TrailingData { extra: "-".into() }), "§3.2.2.2 version 00 has exactly four fields"),
        ("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-the-future-will-be-like", Expect::Err(TraceparentError::TrailingData { extra: "-what-the-future-will-be-like".into() }), "§3.2.4 only a higher version may add fields"),
        ("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01.what-the-future-will-be-like", bad_char(Flags, 56, '.'), "§3.2.4 flags of a higher version end at '-' or the end"),
        ("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7", Expect::Err(TraceparentError::MissingField { field: Flags }), "§3.2.4 a higher version shorter than 55 characters is invalid"),
        ("cc-00000000000000000000000000000000-00f067aa0ba902b7-01", Expect::Err(TraceparentError::AllZero { field: Trace }), "§3.2.4 a higher version still needs a valid trace-id"),
        ("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b７-01", bad_char(ParentId, 52, '７'), "§3.2.2.4 a full-width digit is not a hex digit"),
    ]
}

#[test]
fn traceparent_rules_follow_the_spec() {
    for (input, expected, why) in cases() {
        let got = parse_traceparent(input);
        match expected {
            Expect::Ok { version, flags } => assert_eq!(
                got,
                Ok(TraceParent {
                    version,
                    trace_id: TraceId(T),
                    parent_id: SpanId(P),
                    flags: TraceFlags(flags)
                }),
                "{why}: {input:?}"
            ),
            Expect::Err(error) => assert_eq!(got, Err(error), "{why}: {input:?}"),
        }
    }
}

#[test]
fn every_rejection_names_its_rule_and_cites_its_section() {
    for (input, expected, why) in cases() {
        if let (Err(error), Expect::Err(_)) = (parse_traceparent(input), expected) {
            let text = error.to_string();
            let citation = format!("(§{} {})", error.section().number, error.section().title);
            assert!(
                text.ends_with(&citation),
                "{why}: {text:?} should end with {citation:?}"
            );
            assert!(
                error
                    .section()
                    .url()
                    .starts_with("https://w3c.github.io/trace-context/#"),
                "{why}"
            );
        }
    }
}

#[rustfmt::skip]
const MESSAGES: &[(&str, &str)] = &[
    ("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "version ff is forbidden: no traceparent with it is valid (§3.2.2.1 version)"),
    ("00-00000000000000000000000000000000-00f067aa0ba902b7-01", "trace-id is all zeros, a value the spec reserves as invalid (§3.2.2.3 trace-id)"),
    ("00-4bf92f3577b34da6a3ce929d0e0e4736-00F067aa0ba902b7-01", "parent-id contains 'F' at character 39: only lowercase hex digits 0-9 and a-f are allowed (uppercase hex is invalid) (§3.2.2.4 parent-id)"),
    ("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-001", "trace-flags must be exactly 2 lowercase hex digits, found 3 (\"001\") (§3.2.2.5 trace-flags)"),
    ("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x", "version 00 is exactly 55 characters with four fields, but data follows the trace-flags: \"-x\" (only a higher version may add fields) (§3.2.2.2 version-format)"),
];

#[test]
fn inspector_messages_read_as_sentences() {
    for (input, message) in MESSAGES {
        let error = parse_traceparent(input).expect_err(input);
        assert_eq!(error.to_string(), *message, "{input}");
    }
}

#[test]
fn long_garbage_is_quoted_shortened() {
    let input = format!("00-{}-00f067aa0ba902b7-01", "a".repeat(10_000));
    let text = parse_traceparent(&input)
        .expect_err("10k-digit trace-id")
        .to_string();
    assert!(text.contains("found 10000"), "{text}");
    assert!(
        text.len() < 200,
        "message stays short: {} bytes",
        text.len()
    );
}

#[rustfmt::skip]
const FORMAT_CASES: &[(u128, u64, u8, &str, &str)] = &[
    (T, P, 0x01, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "§3.2.3 the sampled example"),
    (1, 1, 0x00, "00-00000000000000000000000000000001-0000000000000001-00", "§3.2.2.3 ids are zero-padded to fixed width"),
    (T, P, 0x03, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03", "§3.2.2.5.2 the random flag is emitted"),
    (T, P, 0xff, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03", "§3.2.2.5.3 undefined flags are sent as zero"),
    (T, P, 0x04, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00", "§3.2.2.5.3 bit 2 alone is cleared"),
];

#[test]
fn formatting_emits_version_00_with_known_flags_only() {
    for (trace, span, flags, expected, why) in FORMAT_CASES {
        let ctx = SpanContext {
            trace_id: TraceId(*trace),
            span_id: SpanId(*span),
            flags: TraceFlags(*flags),
            trace_state: String::new(),
        };
        assert_eq!(format_traceparent(&ctx), *expected, "{why}");
    }
}

#[test]
fn a_higher_version_is_re_emitted_as_version_00() {
    let parsed = parse_traceparent("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0f-extra")
        .expect("forward-compatible parse");
    assert_eq!(parsed.version, 0xcc);
    assert!(parsed.is_sampled() && parsed.is_random());
    assert_eq!(
        parsed.to_string(),
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03"
    );
    let ctx = parsed.span_context("k=v".into());
    assert_eq!(
        ctx.flags,
        TraceFlags(0x03),
        "§4.1.2 unknown flags are not carried into the context"
    );
    assert_eq!(
        (ctx.trace_id, ctx.span_id, ctx.trace_state.as_str()),
        (TraceId(T), SpanId(P), "k=v")
    );
}
