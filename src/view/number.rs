//! Decimal numbers as people type them (`20`, `7.5`, `.25`, `-3`), parsed without the standard
//! library's general float parser, whose tables would add about 20 kB to the page for inputs
//! that never need exponents or 17 significant digits.

/// Parses an optional sign, digits and an optional fraction (surrounding spaces allowed).
/// The result is the correctly rounded value for up to 15 significant digits, so it equals
/// `str::parse::<f64>` there, and `format!("{x}")` of such a value parses back to `x`.
pub fn parse_decimal(text: &str) -> Option<f64> {
    let text = text.trim();
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (whole, fraction) = body.split_once('.').unwrap_or((body, ""));
    let digits_ok = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !digits_ok(whole) || !digits_ok(fraction) {
        return None;
    }
    // Integer mantissa and power of ten: exact while it stays below 2^53.
    let mut mantissa: u64 = 0;
    let mut scale: u32 = 0;
    for b in whole.bytes().chain(fraction.bytes()) {
        mantissa = mantissa.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
    }
    if mantissa > (1 << 53) {
        return None;
    }
    scale += fraction.len() as u32;
    if scale > 22 {
        return None;
    }
    // One correctly rounded division of two exact values.
    let value = mantissa as f64 / 10f64.powi(scale as i32);
    Some(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[rustfmt::skip]
    const CASES: &[(&str, Option<f64>, &str)] = &[
        ("20",      Some(20.0),  "whole number"),
        (" 7.5 ",   Some(7.5),   "fraction, spaces trimmed"),
        (".25",     Some(0.25),  "no whole part"),
        ("3.",      Some(3.0),   "dot while typing"),
        ("-3",      Some(-3.0),  "negative (ranges reject it later)"),
        ("+5",      Some(5.0),   "explicit plus"),
        ("0.1",     Some(0.1),   "the classic inexact decimal rounds like parse"),
        ("",        None,        "empty"),
        (".",       None,        "a lone dot"),
        ("1e3",     None,        "no exponents"),
        ("1.2.3",   None,        "two dots"),
        ("abc",     None,        "letters"),
        ("NaN",     None,        "not a number"),
        ("99999999999999999999", None, "too many digits to be exact"),
    ];

    #[test]
    fn parses_what_people_type() {
        for (text, expected, why) in CASES {
            assert_eq!(parse_decimal(text), *expected, "{why}");
        }
    }

    #[test]
    fn agrees_with_the_standard_parser_and_round_trips() {
        for text in [
            "0.3",
            "12.345",
            "100",
            "0.05",
            "1234567.125",
            "0.000001",
            "2.675",
        ] {
            let ours = parse_decimal(text);
            assert_eq!(ours, text.parse::<f64>().ok(), "{text}");
            let shown = ours.map(|v| v.to_string());
            assert_eq!(
                shown.as_deref().and_then(parse_decimal),
                ours,
                "{text} round trip"
            );
        }
    }
}
