//! The JSON reader and writer against RFC 8259 cases, and differentially against serde_json
//! (a test-only oracle here; the shipped code does not use it).

use super::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

fn one(text: &str) -> Result<Value, String> {
    match parse_documents(text) {
        Ok(mut docs) if docs.len() == 1 => Ok(docs.remove(0)),
        Ok(docs) => Err(format!("{} documents", docs.len())),
        Err(e) => Err(e.to_string()),
    }
}

#[rustfmt::skip]
const VALID: &[(&str, &str, &str)] = &[
    ("null",                         "null",                        "literal"),
    (" true ",                       "true",                        "whitespace around"),
    ("-0",                           "-0",                          "negative zero kept as written"),
    ("1.5e-3",                       "1.5e-3",                      "exponent"),
    (r#""a\"b\\c\/d\n""#,            r#""a\"b\\c/d\n""#,            "escapes (\\/ needs none on output)"),
    (r#""\u00e9\ud83d\ude80""#,      "\"é🚀\"",                     "\\u escapes with a surrogate pair"),
    (r#""\u0001""#,                  r#""\u0001""#,                 "control characters are re-escaped"),
    ("[1, [2, {}], []]",             "[1,[2,{}],[]]",               "nesting"),
    (r#"{"b":1,"a":{"c":null}}"#,    r#"{"b":1,"a":{"c":null}}"#,   "member order kept"),
];

#[test]
fn valid_documents_parse_and_print_back() {
    for (input, printed, why) in VALID {
        let value = one(input).unwrap_or_else(|e| panic!("{why}: {e}"));
        assert_eq!(value.to_string(), *printed, "{why}");
    }
}

#[rustfmt::skip]
const INVALID: &[(&str, &str, &str)] = &[
    ("",                  "",                                           "empty is zero documents, not an error"),
    ("{",                 "unexpected end of file at line 1 column 2",  "truncated object"),
    ("[1,]",              "unexpected character at line 1 column 4",    "trailing comma"),
    ("{\"a\" 1}",         "expected ':' at line 1 column 6",            "missing colon"),
    ("{1:2}",             "expected a string key at line 1 column 2",   "non-string key"),
    ("01",                "",                                           "leading zero reads as two documents"),
    ("1.",                "invalid number at line 1 column 3",          "bare decimal point"),
    ("-",                 "invalid number at line 1 column 2",          "bare minus"),
    ("\"abc",             "unterminated string at line 1 column 5",     "unterminated"),
    ("\"a\tb\"",          "control character in string at line 1 column 3", "raw tab in a string"),
    (r#""\x""#,           "invalid escape in string at line 1 column 3", "unknown escape"),
    (r#""\ud83d""#,       "unpaired surrogate in string",               "lone high surrogate"),
    ("[\n  tru\n]",       "unexpected character at line 2 column 3",    "line and column are counted"),
    ("NaN",               "unexpected character at line 1 column 1",    "not JSON"),
];

#[test]
fn invalid_documents_report_where() {
    for (input, expected, why) in INVALID {
        let got = match parse_documents(input) {
            Ok(docs) if docs.len() == 1 => panic!("{why}: parsed {input:?}"),
            // Zero or several documents: no error text, so only "" matches.
            Ok(_) => String::new(),
            Err(e) => e.to_string(),
        };
        assert!(
            got.contains(expected),
            "{why}: got {got:?}, expected {expected:?}"
        );
    }
}

#[test]
fn nesting_is_bounded_instead_of_overflowing_the_stack() {
    let deep = "[".repeat(100_000);
    assert!(parse_documents(&deep)
        .unwrap_err()
        .to_string()
        .starts_with("nested too deeply"));
    let ok = format!("{}{}", "[".repeat(100), "]".repeat(100));
    assert!(parse_documents(&ok).is_ok());
}

#[test]
fn several_documents_are_json_lines() {
    let docs = parse_documents("{\"a\":1}\n{\"a\":2}\n\n[]").unwrap();
    assert_eq!(docs.len(), 3);
    assert_eq!(docs[1].get("a"), Some(&Value::Number(Number("2".into()))));
}

#[rustfmt::skip]
const DOUBLES: &[(&str, Option<f64>, &str)] = &[
    ("0.25",     Some(0.25),       "exact binary fraction"),
    ("0.1",      Some(0.1),        "nearest double to 0.1"),
    ("-2.71875", Some(-2.71875),   "negative"),
    ("1e22",     Some(1e22),       "largest exact power of ten"),
    ("2.5E-5",   Some(2.5e-5),     "capital E, negative exponent"),
    ("123456789012345", Some(123456789012345.0), "15 digits"),
    ("1e-320",   Some(1e-320),     "subnormal"),
    ("",         None,             "empty"),
    ("1e",       None,             "exponent without digits"),
    ("abc",      None,             "not a number"),
    ("1.5x",     None,             "trailing junk"),
];

#[test]
fn decimal_numbers_read_as_the_nearest_double() {
    for (text, expected, why) in DOUBLES {
        assert_eq!(parse_f64(text), *expected, "{text:?}: {why}");
    }
    // Beyond 10^22 the documented bound is a few ulps.
    for (text, exact) in [
        ("1e300", 1e300),
        ("-7.25e-200", -7.25e-200),
        ("1.7976931348623157e308", f64::MAX),
    ] {
        let got = parse_f64(text).unwrap();
        assert!(
            (got - exact).abs() <= exact.abs() * 4.0 * f64::EPSILON,
            "{text}: {got} vs {exact}"
        );
    }
}

#[test]
fn escaping_reads_back_for_every_ascii_control_and_specials() {
    let mut text: String = (0u8..0x20).map(char::from).collect();
    text.push_str("\"\\/ plain é 🚀 \u{7f}");
    let mut mine = String::new();
    escape_into(&mut mine, &text);
    assert_eq!(
        serde_json::from_str::<String>(&mine).unwrap(),
        text,
        "our escaping reads back as the original"
    );
    assert!(
        mine.starts_with(r#""\u0000\u0001"#),
        "controls as \\u00XX: {mine}"
    );
    assert!(
        mine.ends_with("\\\"\\\\/ plain é 🚀 \u{7f}\""),
        "nothing else escaped: {mine}"
    );
}

/// Random JSON built with serde_json, printed by it, parsed by us: same structure.
#[test]
fn agrees_with_serde_json_on_random_documents() {
    fn random(rng: &mut StdRng, depth: u32) -> serde_json::Value {
        use serde_json::Value as J;
        match rng.random_range(0..if depth > 3 { 5 } else { 7 }) {
            0 => J::Null,
            1 => J::Bool(rng.random()),
            2 => J::from(rng.random::<i64>()),
            3 => J::from(rng.random_range(-1e6..1e6f64)),
            4 => J::String(
                (0..rng.random_range(0..12))
                    .map(|_| char::from_u32(rng.random_range(0..0x3000)).unwrap_or('x'))
                    .collect(),
            ),
            5 => J::Array(
                (0..rng.random_range(0..5))
                    .map(|_| random(rng, depth + 1))
                    .collect(),
            ),
            _ => J::Object(
                (0..rng.random_range(0..5))
                    .map(|i| (format!("k{i}"), random(rng, depth + 1)))
                    .collect(),
            ),
        }
    }
    fn same(ours: &Value, theirs: &serde_json::Value) -> bool {
        use serde_json::Value as J;
        match (ours, theirs) {
            (Value::Null, J::Null) => true,
            (Value::Bool(a), J::Bool(b)) => a == b,
            (Value::Number(a), J::Number(b)) => match (b.as_i64(), b.as_f64()) {
                (Some(i), _) => a.as_i64() == Some(i),
                (None, Some(f)) => a.as_f64().is_some_and(|x| (x - f).abs() <= f.abs() * 1e-15),
                _ => false,
            },
            (Value::String(a), J::String(b)) => a == b,
            (Value::Array(a), J::Array(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
            }
            (Value::Object(a), J::Object(b)) => {
                a.len() == b.len() && a.iter().all(|(k, v)| b.get(k).is_some_and(|w| same(v, w)))
            }
            _ => false,
        }
    }
    let mut rng = StdRng::seed_from_u64(2024);
    for _ in 0..500 {
        let doc = random(&mut rng, 0);
        let text = serde_json::to_string_pretty(&doc).unwrap();
        let ours = one(&text).unwrap();
        assert!(same(&ours, &doc), "{text}");
        // And our printing reads back in serde_json as the same document.
        let reread: serde_json::Value = serde_json::from_str(&ours.to_string()).unwrap();
        assert!(same(&ours, &reread));
    }
}
