//! Lean stand-ins for a few std conveniences that are heavy in the wasm bundle: the shortest
//! decimal of an `f64` ([`shortest`]), fixed-point decimals ([`fixed`]), quoting for messages
//! ([`quoted`]) and clamping ([`clamp`]).
//!
//! Why: `format!("{x:.1}")`, `{:?}` and `f64::clamp` look free but pull in core's float
//! formatting (Grisu/Dragon4 with bignums), Unicode printability tables, and `Debug` for f64
//! into the wasm; the budget in BENCHMARKS.md counts every byte. Each helper documents where
//! its output may differ from the std version.

mod shortest;

pub use shortest::shortest;

/// `value` limited to `lo..=hi`, like `f64::clamp`, except that NaN gives `lo` and `lo > hi`
/// does not panic (it gives `hi`). `f64::clamp`'s panic message formats floats with `Debug`,
/// which links core's float formatting into the wasm.
#[allow(clippy::manual_clamp)] // the point is not to call f64::clamp
pub fn clamp(value: f64, lo: f64, hi: f64) -> f64 {
    value.max(lo).min(hi)
}

/// `text` in double quotes, with `"`, `\\` and control characters escaped the way `{:?}`
/// escapes them (`\"`, `\\`, `\n`, `\r`, `\t`, `\0`, `\u{1b}`), for messages that quote what a
/// user typed. Unlike `{:?}` every other character is written as is (`{:?}` also escapes
/// unprintable Unicode, using tables that are large in the wasm).
pub fn quoted(text: &str) -> Quoted<'_> {
    Quoted(text)
}

/// `c` in single quotes, escaped like `{:?}` of a char (`'\\''` for a quote); see [`quoted`].
pub fn quoted_char(c: char) -> QuotedChar {
    QuotedChar(c)
}

/// See [`quoted`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quoted<'a>(&'a str);

/// See [`quoted_char`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuotedChar(char);

/// Writes `c` escaped as inside `quote` marks (the other kind of quote stays as is).
fn write_escaped(f: &mut std::fmt::Formatter<'_>, c: char, quote: char) -> std::fmt::Result {
    use std::fmt::Write;
    match c {
        '\\' => f.write_str("\\\\"),
        '\n' => f.write_str("\\n"),
        '\r' => f.write_str("\\r"),
        '\t' => f.write_str("\\t"),
        '\0' => f.write_str("\\0"),
        c if c == quote => write!(f, "\\{c}"),
        c if c.is_control() => write!(f, "\\u{{{:x}}}", u32::from(c)),
        c => f.write_char(c),
    }
}

impl std::fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("\"")?;
        for c in self.0.chars() {
            write_escaped(f, c, '"')?;
        }
        f.write_str("\"")
    }
}

impl std::fmt::Display for QuotedChar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("'")?;
        write_escaped(f, self.0, '\'')?;
        f.write_str("'")
    }
}

/// `value` with exactly `decimals` digits after the point, like `format!("{value:.N}")`, for
/// numbers people read (percentages, rates) and CSS/SVG coordinates.
///
/// Why not `{:.N}`: core's exact float formatting (Grisu with a Dragon4 fallback over bignums)
/// is several KB of wasm; this scales to an integer and writes that. Rounding is half away from
/// zero on the scaled binary value, so it can differ from `{:.N}` (round half to even on the
/// exact binary value) only where the scaled value is within rounding error of a tie — a last
/// digit no reader depends on. A scaled value past 2^64 saturates (no view shows numbers that
/// size); NaN and infinities read `NaN`, `inf`, `-inf` like `{}`. At most 9 decimals.
pub fn fixed(value: f64, decimals: u32) -> Fixed {
    Fixed(value, decimals.min(9))
}

/// See [`fixed`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fixed(f64, u32);

impl std::fmt::Display for Fixed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Fixed(value, decimals) = *self;
        if value.is_nan() {
            return f.write_str("NaN");
        }
        if value.is_infinite() {
            return f.write_str(if value > 0.0 { "inf" } else { "-inf" });
        }
        let scale = 10_u64.pow(decimals);
        // `as u64` saturates; rounding half away from zero, as f64::round does.
        let scaled = (value.abs() * scale as f64).round() as u64;
        let (whole, fraction) = (scaled / scale, scaled % scale);
        // "-0.0" only where a negative value is still non-zero after rounding.
        let sign = if value < 0.0 && scaled != 0 { "-" } else { "" };
        if decimals == 0 {
            write!(f, "{sign}{whole}")
        } else {
            write!(
                f,
                "{sign}{whole}.{fraction:0width$}",
                width = decimals as usize
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[rustfmt::skip]
    const CASES: &[(f64, u32, &str, &str)] = &[
        (0.0,         1, "0.0",      "zero keeps its decimals"),
        (1.0,         0, "1",        "no decimals, no point"),
        (2.5,         1, "2.5",      "exact value"),
        (12.345678,   3, "12.346",   "rounds up"),
        (12.3444,     3, "12.344",   "rounds down"),
        (99.96,       1, "100.0",    "rounding carries into the whole part"),
        (0.04,        1, "0.0",      "small positive rounds to zero"),
        (-0.04,       1, "0.0",      "small negative rounding to zero has no sign"),
        (-3.456,      2, "-3.46",    "negative"),
        (0.005,       1, "0.0",      "far below half"),
        (50.0,        3, "50.000",   "pads the fraction"),
        (0.001,       3, "0.001",    "leading zeros in the fraction"),
        (1e30,        1, "1844674407370955161.5", "saturates past 2^64 after scaling (documented)"),
        (f64::NAN,    1, "NaN",      "not a number"),
        (f64::INFINITY, 2, "inf",    "infinity"),
        (f64::NEG_INFINITY, 2, "-inf", "negative infinity"),
    ];

    #[test]
    fn fixed_table() {
        for (value, decimals, expected, why) in CASES {
            let got = fixed(*value, *decimals).to_string();
            assert_eq!(got, *expected, "{why}: {value} to {decimals}");
        }
    }

    #[test]
    fn agrees_with_core_formatting_away_from_ties() {
        // Values on a grid that is never a rounding tie at 1, 2 or 3 decimals.
        for i in -20_000_i64..20_000 {
            let value = i as f64 * 0.0137 + 0.00011;
            for decimals in 1..=3 {
                let width = decimals as usize;
                let core = format!("{value:.width$}");
                let core = if core.trim_start_matches(['-', '0', '.']).is_empty() {
                    core.trim_start_matches('-').to_string()
                } else {
                    core
                };
                assert_eq!(
                    fixed(value, decimals).to_string(),
                    core,
                    "{value} to {decimals}"
                );
            }
        }
    }

    #[test]
    fn quoted_matches_debug_for_ordinary_text() {
        #[rustfmt::skip]
        let cases = [
            "", "plain", "with space", "quote\"inside", "back\\slash", "new\nline",
            "tab\there", "cr\rhere", "esc\u{1b}", "nul\u{0}", "µs and μs", "emoji 🚀", "00-abc-01",
        ];
        for text in cases {
            assert_eq!(quoted(text).to_string(), format!("{text:?}"), "{text}");
            for c in text.chars() {
                assert_eq!(quoted_char(c).to_string(), format!("{c:?}"), "{c}");
            }
        }
        for c in ['\'', '"', 'Z'] {
            assert_eq!(quoted_char(c).to_string(), format!("{c:?}"), "{c}");
        }
    }

    #[test]
    fn clamp_limits_and_handles_nan() {
        #[rustfmt::skip]
        let cases = [
            (0.5, 0.0, 1.0, 0.5, "inside"),
            (-1.0, 0.0, 1.0, 0.0, "below"),
            (7.0, 0.0, 1.0, 1.0, "above"),
            (f64::NAN, 0.0, 1.0, 0.0, "NaN gives the lower bound"),
            (0.5, 1.0, 0.0, 0.0, "crossed bounds give the upper one"),
        ];
        for (value, lo, hi, expected, why) in cases {
            assert_eq!(clamp(value, lo, hi), expected, "{why}");
        }
    }
}
