//! W3C Baggage, Candidate Recommendation Snapshot of 30 May 2024
//! (<https://www.w3.org/TR/baggage/>): the list-member grammar, percent-decoding, properties,
//! limits, and what happens to bad members. Every row cites its section; every dropped member
//! says why.

use trace_playground::model::Headers;
use trace_playground::propagation::baggage::{
    parse_baggage, BaggageError as E, TokenProblem, MAX_BYTES, MAX_MEMBERS,
};
use trace_playground::propagation::percent::BadPercent;
use trace_playground::propagation::{
    decode_header, Baggage, BaggageEntry, BaggageProperty, PropagatorKind, Propagators,
};

/// (key, decoded value, properties as `k` or `k=v`).
type Entry = (&'static str, &'static str, &'static [&'static str]);

fn entries(baggage: &Baggage) -> Vec<(String, String, Vec<String>)> {
    baggage
        .iter()
        .map(|e| {
            let props = e
                .properties
                .iter()
                .map(|p| match &p.value {
                    Some(v) => format!("{}={v}", p.key),
                    None => p.key.clone(),
                })
                .collect();
            (e.key.clone(), e.value.clone(), props)
        })
        .collect()
}

fn expected(list: &[Entry]) -> Vec<(String, String, Vec<String>)> {
    list.iter()
        .map(|(k, v, p)| {
            (
                k.to_string(),
                v.to_string(),
                p.iter().map(|s| s.to_string()).collect(),
            )
        })
        .collect()
}

/// (header value, entries kept, members dropped, rule).
#[rustfmt::skip]
const VALID: &[(&str, &[Entry], usize, &str)] = &[
    ("userId=alice,serverNode=DF%2028,isProduction=false", &[("userId", "alice", &[]), ("serverNode", "DF 28", &[]), ("isProduction", "false", &[])], 0, "§3.4 the single-header example"),
    ("userId=Am%C3%A9lie", &[("userId", "Amélie", &[])], 0, "§3.4 a value outside baggage-octet, percent-encoded as UTF-8"),
    ("key1=value1;property1;property2, key2 = value2, key3=value3; propertyKey=propertyValue", &[("key1", "value1", &["property1", "property2"]), ("key2", "value2", &[]), ("key3", "value3", &["propertyKey=propertyValue"])], 0, "§3.3.3 the example with properties and optional whitespace"),
    ("userId =   alice", &[("userId", "alice", &[])], 0, "§3.4 names and values may begin and end with spaces"),
    ("k=\t v \t", &[("k", "v", &[])], 0, "§3.3.1.3 OWS is spaces and tabs"),
    ("k=", &[("k", "", &[])], 0, "§3.3.1 value = *baggage-octet: it may be empty"),
    ("k=a=b==", &[("k", "a=b==", &[])], 0, "§3.3.1.3 a value MAY contain any number of '='"),
    ("k=1+1", &[("k", "1+1", &[])], 0, "§3.3.1.3 '+' is a baggage-octet, not an encoded space"),
    ("k=aa%ffcc", &[("k", "aa\u{fffd}cc", &[])], 0, "§3.3.1.3 sequences that are not UTF-8 are replaced with U+FFFD"),
    ("k=%c3", &[("k", "\u{fffd}", &[])], 0, "§3.3.1.3 a truncated UTF-8 sequence too"),
    ("k=%41%2c%3B", &[("k", "A,;", &[])], 0, "§3.3.1.3 code points that need no encoding MAY be encoded; either case"),
    ("!#$%&'*+-.^_`|~09AZaz=v", &[("!#$%&'*+-.^_`|~09AZaz", "v", &[])], 0, "§3.3.1.2 every token character"),
    ("k=v;p1=a=b;p2", &[("k", "v", &["p1=a=b", "p2"])], 0, "§3.3.1.4 a property value may hold '='"),
    ("k=v;p=%20", &[("k", "v", &["p=%20"])], 0, "§3.3.1.4 properties are carried as received"),
    ("a=1,a=2,b=3,a=4", &[("a", "4", &[]), ("b", "3", &[])], 0, "§3.3.1.1 a repeated key: OpenTelemetry keeps the last value"),
    (",a=1,,b=2,", &[("a", "1", &[]), ("b", "2", &[])], 0, "§3 combined headers may leave empty members; they are skipped"),
    ("", &[], 0, "an empty header carries nothing"),
    ("bad,k=v", &[("k", "v", &[])], 1, "§3.5 a member not in the format MAY be removed; the rest is kept"),
];

#[test]
fn valid_members_are_read_and_decoded() {
    for (input, kept, dropped, why) in VALID {
        let parsed = parse_baggage(input);
        assert_eq!(entries(&parsed.baggage), expected(kept), "{why}: {input:?}");
        assert_eq!(
            parsed.dropped.len(),
            *dropped,
            "{why}: {:?}",
            parsed.dropped
        );
    }
    assert_eq!(parse_baggage("a=1,a=2,b=3,a=4").repeated_keys, ["a"]);
}

fn key(k: &str, problem: TokenProblem) -> E {
    E::InvalidKey {
        key: k.to_string(),
        problem,
    }
}

fn value(k: &str, column: u32, found: char) -> E {
    E::InvalidValue {
        key: k.to_string(),
        column,
        found,
    }
}

fn property(k: &str, p: &str) -> E {
    E::InvalidProperty {
        key: k.to_string(),
        property: p.to_string(),
    }
}

/// (member, why it is dropped). Each is also sent between two good members, which survive.
#[rustfmt::skip]
fn invalid() -> Vec<(&'static str, E, &'static str)> {
    use TokenProblem::{Empty, InvalidCharacter as C};
    vec![
        ("foo", E::MissingEquals { member: "foo".into() }, "§3.3.1 a list-member is key=value"),
        ("=v", key("", Empty), "§3.3.1.2 a key is a token: at least one character"),
        ("fo o=v", key("fo o", C { column: 3, found: ' ' }), "§3.3.1.2 no space inside a key"),
        ("k\"=v", key("k\"", C { column: 2, found: '"' }), "§3.3.1.2 '\"' is no token character"),
        ("k/=v", key("k/", C { column: 2, found: '/' }), "§3.3.1.2 '/' is a separator, no token character"),
        ("ké=v", key("ké", C { column: 2, found: 'é' }), "§3.3.1.2 keys are ASCII"),
        ("k=a b", value("k", 2, ' '), "§3.3.1.3 a space inside a value is encoded"),
        ("k=a\"b", value("k", 2, '"'), "§3.3.1.3 DQUOTE is no baggage-octet"),
        ("k=a\\b", value("k", 2, '\\'), "§3.3.1.3 backslash is no baggage-octet"),
        ("k=é", value("k", 1, 'é'), "§3.3.1.3 code points outside baggage-octet MUST be percent-encoded"),
        ("k=a\u{7f}", value("k", 2, '\u{7f}'), "§3.3.1.3 DEL is a control character"),
        ("k=val%", E::BadPercent { key: "k".into(), problem: BadPercent { column: 4 } }, "§3.3.1.3 '%' itself MUST be percent-encoded"),
        ("k=%zz", E::BadPercent { key: "k".into(), problem: BadPercent { column: 1 } }, "§3.3.1.3 '%' starts two hex digits"),
        ("k=v;", property("k", ""), "§3.3.1.4 an empty property"),
        ("k=v;p q", property("k", "p q"), "§3.3.1.4 a property key is a token"),
        ("k=v;=x", property("k", "=x"), "§3.3.1.4 a property key is not empty"),
        ("k=v;p=a b", property("k", "p=a b"), "§3.3.1.4 a property value is baggage-octets"),
    ]
}

#[test]
fn bad_members_are_dropped_with_their_rule_and_the_rest_kept() {
    for (member, error, why) in invalid() {
        let parsed = parse_baggage(member);
        assert!(parsed.baggage.is_empty(), "{why}");
        assert_eq!(parsed.dropped.len(), 1, "{why}");
        assert_eq!(parsed.dropped[0].error, error, "{why}: {member:?}");
        let message = error.to_string();
        assert!(
            message.ends_with(&format!("({})", error.section())),
            "{why}: {message}"
        );
        assert!(
            error
                .section()
                .url()
                .starts_with("https://www.w3.org/TR/baggage/#"),
            "{why}"
        );
        let around = parse_baggage(&format!("a=1,{member},b=2"));
        assert_eq!(
            entries(&around.baggage),
            expected(&[("a", "1", &[]), ("b", "2", &[])]),
            "{why}: neighbours kept"
        );
    }
    assert_eq!(
        parse_baggage("k=a b").dropped[0].error.to_string(),
        "value of \"k\" contains ' ' at character 2: values are printable ASCII except space, '\"', ',', ';' and '\\'; anything else is percent-encoded (W3C Baggage §3.3.1.3 value)"
    );
}

fn members(n: usize) -> String {
    (0..n)
        .map(|i| format!("k{i}=v"))
        .collect::<Vec<_>>()
        .join(",")
}

#[test]
fn limits_drop_whole_members_past_180_or_8192_bytes() {
    // §3.3.2 MUST propagate up to 64 members and 8192 bytes; the grammar allows 180.
    assert_eq!(
        parse_baggage(&members(64)).baggage.len(),
        64,
        "§3.3.2 64 members MUST be kept"
    );
    let full = parse_baggage(&members(MAX_MEMBERS));
    assert_eq!(
        (full.baggage.len(), full.dropped.len()),
        (180, 0),
        "§3.3.1 180 members: list-member 0*179"
    );
    let over = parse_baggage(&members(MAX_MEMBERS + 2));
    assert_eq!(
        over.baggage.len(),
        180,
        "§3.3.2 members past the limit MAY be dropped"
    );
    assert_eq!(
        over.dropped[0].error,
        E::TooManyMembers { key: "k180".into() }
    );
    assert_eq!(over.dropped.len(), 2);
    let exact = format!("a={}", "0123456789".repeat(819));
    assert_eq!(exact.len(), MAX_BYTES);
    assert_eq!(
        parse_baggage(&exact).baggage.len(),
        1,
        "§3.3.2 8192 bytes MUST be kept (the test suite's long entry)"
    );
    let long = format!("a={}x", "0123456789".repeat(819));
    assert_eq!(
        parse_baggage(&long).dropped[0].error,
        E::TooManyBytes { key: "a".into() },
        "§3.3.2 never a partial member"
    );
    let mixed = format!("a={},b={},c=1", "x".repeat(8000), "y".repeat(300));
    let parsed = parse_baggage(&mixed);
    assert_eq!(entries(&parsed.baggage).len(), 1);
    let dropped: Vec<&E> = parsed.dropped.iter().map(|d| &d.error).collect();
    assert_eq!(
        dropped,
        [
            &E::TooManyBytes { key: "b".into() },
            &E::TooManyBytes { key: "c".into() }
        ],
        "the member that does not fit and every later one"
    );
    assert!(parsed.dropped[0]
        .error
        .to_string()
        .ends_with("(W3C Baggage §3.3.2 Limits)"));
}

#[test]
fn values_are_encoded_on_the_way_out_and_limits_hold_there_too() {
    let mut baggage = Baggage::new();
    baggage.insert("userId", "Amélie").unwrap();
    baggage.insert("serverNode", "DF 28").unwrap();
    baggage.insert("odd", "100%,;\"\\=").unwrap();
    baggage
        .insert_entry(BaggageEntry {
            key: "k".into(),
            value: "v".into(),
            properties: vec![
                BaggageProperty {
                    key: "p".into(),
                    value: Some("1".into()),
                },
                BaggageProperty {
                    key: "flag".into(),
                    value: None,
                },
            ],
        })
        .unwrap();
    assert_eq!(
        baggage.to_string(),
        "userId=Am%C3%A9lie,serverNode=DF%2028,odd=100%25%2C%3B%22%5C=,k=v;p=1;flag",
        "§3.3.1.3 outside baggage-octet and '%' are encoded"
    );
    assert_eq!(
        parse_baggage(&baggage.to_string()).baggage,
        baggage,
        "what is written reads back the same"
    );
    baggage.insert("userId", "bob").unwrap();
    assert_eq!(
        baggage.get("userId"),
        Some("bob"),
        "setting a key again replaces its value in place"
    );
    assert_eq!(
        baggage.iter().next().map(|e| e.key.as_str()),
        Some("userId")
    );
    assert!(
        matches!(baggage.insert("bad key", "v"), Err(E::InvalidKey { .. })),
        "§3.3.1.2 keys are tokens"
    );
    assert!(
        matches!(
            baggage.insert_entry(BaggageEntry {
                key: "k".into(),
                value: "v".into(),
                properties: vec![BaggageProperty {
                    key: "p".into(),
                    value: Some("a b".into())
                }]
            }),
            Err(E::InvalidProperty { .. })
        ),
        "§3.3.1.4"
    );
    let mut big = Baggage::new();
    for i in 0..200 {
        big.insert(&format!("k{i}"), "v").unwrap();
    }
    let (value, dropped) = big.to_header_value_within_limits();
    assert_eq!(
        value.split(',').count(),
        MAX_MEMBERS,
        "§3.3.2 inject keeps 180"
    );
    assert_eq!(dropped.len(), 20);
    assert_eq!(dropped[0], "k180");
}

fn headers(list: &[(&str, &str)]) -> Headers {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn the_propagator_combines_headers_and_keeps_good_members() {
    let baggage_only = Propagators::new([PropagatorKind::Baggage]);
    let got = baggage_only.extract(&headers(&[
        ("baggage", "userId=alice"),
        ("Baggage", "serverNode=DF%2028,bad,isProduction=false"),
    ]));
    assert_eq!(
        entries(&got.baggage),
        expected(&[
            ("userId", "alice", &[]),
            ("serverNode", "DF 28", &[]),
            ("isProduction", "false", &[])
        ]),
        "§3.4 context split into multiple headers"
    );
    assert_eq!(got.problems.len(), 1, "the bad member is reported");
    assert_eq!(
        got.problems[0].violation.summary,
        Some(trace_playground::propagation::spec::baggage::MEMBER_RULE.summary)
    );
    assert_eq!(got.context, None, "baggage carries no span context");
    let mut out = Headers::new();
    baggage_only.inject(
        &trace_playground::propagation::SpanContext {
            trace_id: Default::default(),
            span_id: Default::default(),
            flags: Default::default(),
            trace_state: String::new(),
        },
        &got.baggage,
        &mut out,
    );
    assert_eq!(
        out,
        headers(&[(
            "baggage",
            "userId=alice,serverNode=DF%2028,isProduction=false"
        )]),
        "§3 one header, sent on without the bad member; no span needed"
    );
    let mut none = Headers::new();
    baggage_only.inject(
        &trace_playground::propagation::SpanContext {
            trace_id: Default::default(),
            span_id: Default::default(),
            flags: Default::default(),
            trace_state: String::new(),
        },
        &Baggage::new(),
        &mut none,
    );
    assert!(none.is_empty(), "no baggage, no header");
}

#[test]
fn the_decoder_lists_entries_and_dropped_members() {
    let decoded = decode_header("baggage", "userId=Am%C3%A9lie,bad member,k=v;p=1");
    let fields: Vec<(&str, &str)> = decoded
        .fields
        .iter()
        .map(|f| (f.name.as_str(), f.value.as_str()))
        .collect();
    assert_eq!(fields, [("userId", "Amélie"), ("k", "v")]);
    assert!(decoded.fields[1].meaning.contains("p=1"));
    assert_eq!(decoded.violations.len(), 1);
    assert_eq!(
        decoded.violations[0].section.url(),
        "https://www.w3.org/TR/baggage/#definition"
    );
    assert!(!decoded.is_valid());
    assert!(decode_header("BAGGAGE", "a=1").is_valid());
    assert!(decode_header("baggage", "a=1,a=2").notes[0].contains("last value"));
}
