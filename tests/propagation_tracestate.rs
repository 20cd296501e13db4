//! `tracestate` parsing and mutation against the W3C Trace Context Editor's Draft §3.3 and §3.5
//! (<https://w3c.github.io/trace-context/#tracestate-header>), one case per rule.

use trace_playground::propagation::{
    parse_tracestate, parse_tracestate_detailed, KeyProblem, TraceState, TracestateError,
    ValueProblem,
};

fn ok(members: &[(&str, &str)]) -> Result<Vec<(String, String)>, TracestateError> {
    Ok(members
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect())
}

fn bad_key(key: &str, problem: KeyProblem) -> Result<Vec<(String, String)>, TracestateError> {
    Err(TracestateError::InvalidKey {
        key: key.to_string(),
        problem,
    })
}

fn bad_value(key: &str, problem: ValueProblem) -> Result<Vec<(String, String)>, TracestateError> {
    Err(TracestateError::InvalidValue {
        key: key.to_string(),
        problem,
    })
}

fn members(n: usize) -> String {
    (1..=n)
        .map(|i| format!("bar{i:02}={i:02}"))
        .collect::<Vec<_>>()
        .join(",")
}

const ALL_KEY_CHARS: &str = "abcdefghijklmnopqrstuvwxyz0123456789_-*/@";

fn all_value_chars() -> String {
    (0x20u8..=0x7e)
        .map(char::from)
        .filter(|c| *c != ',' && *c != '=')
        .collect()
}

type Case = (
    String,
    Result<Vec<(String, String)>, TracestateError>,
    &'static str,
);

#[rustfmt::skip]
fn cases() -> Vec<Case> {
    use KeyProblem as K;
    use ValueProblem as V;
    let s = |t: &str| t.to_string();
    let z = |n: usize| "z".repeat(n);
    vec![
        (s(""), ok(&[]), "§3.3.2 vendors MUST accept an empty tracestate"),
        (s(" , ,\t,"), ok(&[]), "§3.3.2 empty and whitespace-only list-members are allowed"),
        (s("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"), ok(&[("rojo", "00f067aa0ba902b7"), ("congo", "t61rcWkgMzE")]), "§3.3.4 example with two vendors"),
        (s("foo=1 \t , \t bar=2,\t \tbaz=3"), ok(&[("foo", "1"), ("bar", "2"), ("baz", "3")]), "§3.3.2 spaces and tabs around members are ignored"),
        (s("foo= bar"), ok(&[("foo", " bar")]), "§3.3.2.2.2 leading spaces are part of the value"),
        (s("foo=1 "), ok(&[("foo", "1")]), "§3.3.2.2.2 trailing spaces are optional whitespace, not value"),
        (s("a=1,,b=2,"), ok(&[("a", "1"), ("b", "2")]), "§3.3.2 empty members between and after (combined headers)"),
        (s("tenant@system=x"), ok(&[("tenant@system", "x")]), "§3.3.2.2.1 '@' after the first character"),
        (s("1foo=1"), ok(&[("1foo", "1")]), "§3.3.2.2.1 a key may start with a digit: ( lcalpha / DIGIT )"),
        (s("0tenant@sys=x"), ok(&[("0tenant@sys", "x")]), "§3.3.2.2.1 a digit first, '@' later"),
        (s("foo@=1,bar=2"), ok(&[("foo@", "1"), ("bar", "2")]), "§3.3.2.2.1 '@' may be the last character"),
        (s("foo@@bar=1"), ok(&[("foo@@bar", "1")]), "§3.3.2.2.1 '@' any number of times"),
        (s("foo@bar@baz=1,bar=2"), ok(&[("foo@bar@baz", "1"), ("bar", "2")]), "§3.3.2.2.1 no tenant@system split any more"),
        (format!("t@{}=1", "v".repeat(15)), Ok(vec![(format!("t@{}", "v".repeat(15)), s("1"))]), "§3.3.2.2.1 no 14-character limit after '@'"),
        (format!("{}@v=1", "t".repeat(242)), Ok(vec![(format!("{}@v", "t".repeat(242)), s("1"))]), "§3.3.2.2.1 no 241-character limit before '@'"),
        (format!("{}@{}=1", "t".repeat(241), "v".repeat(14)), Ok(vec![(format!("{}@{}", "t".repeat(241), "v".repeat(14)), s("1"))]), "§3.3.2.2.1 a Level 1 tenant@system key is still a key"),
        (format!("{}=1", z(256)), Ok(vec![(z(256), s("1"))]), "§3.3.2.2.1 a key of 256 characters: 1 + 0*255"),
        (format!("a{}=1", "@".repeat(255)), Ok(vec![(format!("a{}", "@".repeat(255)), s("1"))]), "§3.3.2.2.1 256 characters, 255 of them '@'"),
        (format!("{ALL_KEY_CHARS}={}", all_value_chars()), Ok(vec![(s(ALL_KEY_CHARS), all_value_chars())]), "§3.3.2.2 every allowed key and value character"),
        (format!("k={}", "v".repeat(256)), Ok(vec![(s("k"), "v".repeat(256))]), "§3.3.2.2.2 a value of 256 characters"),
        (members(32), Ok((1..=32).map(|i| (format!("bar{i:02}"), format!("{i:02}"))).collect()), "§3.3.2 32 list-members are allowed"),
        (s("foo=1,foo=1"), ok(&[("foo", "1")]), "§3.5 a repeated key (same value): the repeat is discarded, not the list"),
        (s("foo=1,bar=2,foo=2"), ok(&[("foo", "1"), ("bar", "2")]), "§3.5 a repeated key (other value): the left-most entry stays"),
        (s("a=1,b=2,a=3,c=4,b=5"), ok(&[("a", "1"), ("b", "2"), ("c", "4")]), "§3.5 several repeats: every other member kept, in order"),
        (format!("{},bar01=x", members(31)), Ok((1..=31).map(|i| (format!("bar{i:02}"), format!("{i:02}"))).collect()), "§3.3.2 32 members on the wire, one a repeat: within the limit"),
        (s("foo"), Err(TracestateError::MissingEquals { member: s("foo") }), "§3.3.2.1 a list-member is key=value"),
        (s("foo=1,bar"), Err(TracestateError::MissingEquals { member: s("bar") }), "§3.3.2.1 every member, not only the first"),
        (s("foo="), bad_value("foo", V::Empty), "§3.3.2.2.2 a value has at least one character"),
        (s("foo=   "), bad_value("foo", V::Empty), "§3.3.2.2.2 a value of spaces only is empty"),
        (s("foo=,bar=3"), bad_value("foo", V::Empty), "§3.3.2.2.2 one empty value invalidates the list"),
        (s("foo=bar=baz"), bad_value("foo", V::InvalidCharacter { column: 4, found: '=' }), "§3.3.2.2.2 '=' is not allowed in a value"),
        (s("foo=a\tb"), bad_value("foo", V::InvalidCharacter { column: 2, found: '\t' }), "§3.3.2.2.2 a tab is not printable ASCII"),
        (s("foo=é"), bad_value("foo", V::InvalidCharacter { column: 1, found: 'é' }), "§3.3.2.2.2 values are ASCII"),
        (format!("k={}", "v".repeat(257)), bad_value("k", V::TooLong { length: 257 }), "§3.3.2.2.2 at most 256 characters"),
        (s("=1"), bad_key("", K::Empty), "§3.3.2.2.1 a key is not empty"),
        (s("FOO=1"), bad_key("FOO", K::BadFirstCharacter { found: 'F' }), "§3.3.2.2.1 keys are lowercase"),
        (s("fOo=1"), bad_key("fOo", K::InvalidCharacter { column: 2, found: 'O' }), "§3.3.2.2.1 every key character is lowercase"),
        (s("foo =1"), bad_key("foo ", K::InvalidCharacter { column: 4, found: ' ' }), "§3.3.2.2.1 no space between key and '='"),
        (s("foo.bar=1"), bad_key("foo.bar", K::InvalidCharacter { column: 4, found: '.' }), "§3.3.2.2.1 '.' is not a key character"),
        (s("@foo=1,bar=2"), bad_key("@foo", K::BadFirstCharacter { found: '@' }), "§3.3.2.2.1 '@' may not come first"),
        (s("_t@v=1"), bad_key("_t@v", K::BadFirstCharacter { found: '_' }), "§3.3.2.2.1 '_' may not come first"),
        (s("t@v.x=1"), bad_key("t@v.x", K::InvalidCharacter { column: 4, found: '.' }), "§3.3.2.2.1 after '@' the same key characters"),
        (format!("{}=1", z(257)), bad_key(&format!("{}…", z(40)), K::TooLong { length: 257 }), "§3.3.2.2.1 a key has at most 256 characters"),
        (format!("{}@v=1", "t".repeat(255)), bad_key(&format!("{}…", "t".repeat(40)), K::TooLong { length: 257 }), "§3.3.2.2.1 '@' counts towards the 256"),
        (members(33), Err(TracestateError::TooManyMembers { found: 33 }), "§3.3.2 at most 32 list-members"),
        (format!("{},,", members(40)), Err(TracestateError::TooManyMembers { found: 40 }), "§3.3.2 the count ignores empty members"),
        (format!("{},bar01=x", members(32)), Err(TracestateError::TooManyMembers { found: 33 }), "§3.3.2 the limit counts the list as received, repeats included"),
    ]
}

#[test]
fn tracestate_rules_follow_the_spec() {
    for (input, expected, why) in cases() {
        let got = parse_tracestate(&input).map(|state| {
            state
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        });
        assert_eq!(got, expected, "{why}: {input:?}");
    }
}

#[test]
fn every_rejection_cites_its_section() {
    for (input, _, why) in cases() {
        if let Err(error) = parse_tracestate(&input) {
            let citation = format!("(§{} {})", error.section().number, error.section().title);
            assert!(error.to_string().ends_with(&citation), "{why}: {error}");
        }
    }
}

#[test]
fn messages_say_what_to_fix() {
    let message = |input: &str| parse_tracestate(input).expect_err(input).to_string();
    assert_eq!(
        message("@vendor=1"),
        "key \"@vendor\" starts with '@': a key starts with a lowercase letter a-z or a digit 0-9 (§3.3.2.2.1 Key)"
    );
    assert_eq!(
        message("fOo=1"),
        "key \"fOo\" contains 'O' at character 2: keys allow only a-z, 0-9, '_', '-', '*', '/' and '@' (keys are lowercase) (§3.3.2.2.1 Key)"
    );
    assert_eq!(
        message(&format!("{}=1", "k".repeat(300))),
        format!(
            "key \"{}…\" is 300 characters long; a key has at most 256 (§3.3.2.2.1 Key)",
            "k".repeat(40)
        )
    );
    let mut ts = state("foo=1");
    assert_eq!(
        ts.insert("foo", "2").expect_err("duplicate").to_string(),
        "key \"foo\" is already in the list: adding it again would repeat it, so update it instead (§3.5 Mutating the tracestate Field)"
    );
}

/// Key/value pairs as a table cell.
type Pairs = &'static [(&'static str, &'static str)];

/// Repeated keys (§3.5 "vendors MAY also discard duplicate keys that were not generated by
/// them"): the input, the list kept, the members discarded.
#[rustfmt::skip]
const DUPLICATES: &[(&str, &str, Pairs, &str)] = &[
    ("foo=1,bar=2", "foo=1,bar=2", &[], "§3.3.3 no repeat, nothing discarded"),
    ("foo=1,foo=1", "foo=1", &[("foo", "1")], "§3.5 an identical repeat"),
    ("congo=second,rojo=r,congo=first", "congo=second,rojo=r", &[("congo", "first")], "§3.3.3 the left-most entry is the latest position"),
    ("a=1,a=2,a=3", "a=1", &[("a", "2"), ("a", "3")], "§3.5 every later repeat, in wire order"),
    ("x@y=1, x@y=2 ,z=3", "x@y=1,z=3", &[("x@y", "2")], "§3.5 keys compared after optional whitespace is removed"),
];

#[test]
fn repeated_keys_keep_the_left_most_entry_and_report_the_rest() {
    for (input, kept, discarded, why) in DUPLICATES {
        let parsed = parse_tracestate_detailed(input).unwrap_or_else(|e| panic!("{why}: {e}"));
        assert_eq!(parsed.state.to_string(), *kept, "{why}");
        let expected: Vec<(String, String)> = discarded
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(parsed.discarded_duplicates, expected, "{why}");
        assert_eq!(
            parse_tracestate(input),
            Ok(parsed.state),
            "{why}: same list either way"
        );
    }
}

#[test]
fn every_error_explains_its_rule_at_its_own_section() {
    for (input, _, why) in cases() {
        if let Err(error) = parse_tracestate(&input) {
            assert_eq!(error.rule().section, error.section(), "{why}");
            assert!(!error.rule().summary.is_empty(), "{why}");
        }
    }
    let duplicate = TracestateError::DuplicateKey { key: "k".into() };
    assert_eq!(duplicate.rule().section, duplicate.section());
    assert!(duplicate.rule().summary.contains("discards the later ones"));
}

fn state(text: &str) -> TraceState {
    parse_tracestate(text).expect(text)
}

#[test]
fn update_moves_the_key_to_the_front() {
    let mut ts = state("a=1,b=2,c=3");
    assert_eq!(ts.update("c", "9"), Ok(None));
    assert_eq!(
        ts.to_string(),
        "c=9,a=1,b=2",
        "§3.5 a modified key moves to the left"
    );
    assert_eq!(ts.update("d", "4"), Ok(None));
    assert_eq!(
        ts.to_string(),
        "d=4,c=9,a=1,b=2",
        "§3.5 a new key is added on the left"
    );
    assert_eq!(ts.get("c"), Some("9"));
}

#[test]
fn insert_adds_new_keys_only() {
    let mut ts = state("congo=t61rcWkgMzE");
    assert_eq!(ts.insert("rojo", "00f067aa0ba902b7"), Ok(None));
    assert_eq!(
        ts.to_string(),
        "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE",
        "§3.1 rojo adds its entry to the left"
    );
    let duplicate = ts.insert("congo", "x");
    assert_eq!(
        duplicate,
        Err(TracestateError::DuplicateKey {
            key: "congo".into()
        }),
        "§3.5 adding must not duplicate a key"
    );
    assert_eq!(
        ts.to_string(),
        "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE",
        "a refused insert changes nothing"
    );
}

#[rustfmt::skip]
const BAD_MEMBERS: &[(&str, &str, &str)] = &[
    ("Bad", "v", "§3.3.2.2.1 uppercase key"),
    ("", "v", "§3.3.2.2.1 empty key"),
    ("k", "", "§3.3.2.2.2 empty value"),
    ("k", "v ", "§3.3.2.2.2 value ends with a space"),
    ("k", "a,b", "§3.3.2.2.2 ',' in a value"),
    ("k", "a=b", "§3.3.2.2.2 '=' in a value"),
];

#[test]
fn invalid_members_are_refused_by_insert_and_update() {
    for (key, value, why) in BAD_MEMBERS {
        let mut ts = state("a=1");
        assert!(ts.insert(key, value).is_err(), "insert: {why}");
        assert!(ts.update(key, value).is_err(), "update: {why}");
        assert_eq!(ts.to_string(), "a=1", "unchanged after refusal: {why}");
    }
    let mut ts = TraceState::new();
    assert_eq!(
        ts.update("k", "v "),
        Err(TracestateError::InvalidValue {
            key: "k".into(),
            problem: ValueProblem::TrailingSpace
        })
    );
}

#[test]
fn a_full_list_drops_its_right_most_member() {
    let mut ts = parse_tracestate(&members(32)).expect("32 members");
    assert_eq!(
        ts.insert("new", "1"),
        Ok(Some(("bar32".to_string(), "32".to_string())))
    );
    assert_eq!(ts.len(), 32, "§3.3.2 the list never exceeds 32 members");
    assert_eq!(ts.iter().next(), Some(("new", "1")));
    assert_eq!(
        ts.update("bar01", "x"),
        Ok(None),
        "updating an existing key needs no room"
    );
    assert_eq!(ts.iter().next(), Some(("bar01", "x")));
    assert_eq!(
        ts.update("newer", "2"),
        Ok(Some(("bar31".to_string(), "31".to_string())))
    );
}

#[test]
fn remove_deletes_one_member() {
    let mut ts = state("a=1,b=2,c=3");
    assert_eq!(ts.remove("b"), Some("2".to_string()));
    assert_eq!(ts.remove("b"), None, "already gone");
    assert_eq!(
        ts.to_string(),
        "a=1,c=3",
        "§3.5 order of the others is preserved"
    );
    assert_eq!(ts.get("b"), None);
}

#[test]
fn display_and_from_str_round_trip() {
    let ts: TraceState = " rojo=1 ,, congo= x\t".parse().expect("valid");
    assert_eq!(
        ts.to_string(),
        "rojo=1,congo= x",
        "serialized without optional whitespace"
    );
    assert_eq!(ts.to_string().parse::<TraceState>(), Ok(ts.clone()));
    assert!(TraceState::new().is_empty() && TraceState::new().to_string().is_empty());
}
