//! The shortest decimal that reads back as a given `f64`, written the way `format!("{x}")`
//! writes it (no exponent: `0.1`, `1`, `1e21` as `1000000000000000000000`).
//!
//! Why not `{}`: core's float printing (Grisu with a Dragon4 fallback, plus the exact-precision
//! paths every `f64` `Display` links) is about 13 KB of wasm. This does the same job with exact
//! integer arithmetic and no tables, at some cost in speed (microseconds per number; the page
//! formats at most a few thousand).
//!
//! Method: a finite `x = m · 2^e` reads back from any decimal strictly inside the interval
//! halfway to its neighbours (`(m ∓ ½) · 2^e`; the boundaries too when `m` is even, as parsing
//! rounds ties to even); the lower gap is half as wide when `m` is a power of two. All three
//! points are written exactly in decimal (a dyadic rational has a finite expansion), and the
//! candidates with 1, 2, 3, … significant digits nearest to `x` are tried in turn: the first
//! one inside the interval is the answer, the nearer of the two when both are (the larger on
//! an exact tie, as core does). See Steele &
//! White, "How to print floating-point numbers accurately" (PLDI 1990), for the criterion.

use std::cmp::Ordering;

/// `value` as the shortest decimal that reads back exactly; see the module docs.
pub fn shortest(value: f64) -> String {
    if value.is_nan() {
        return "NaN".to_string();
    }
    if value.is_infinite() {
        return if value > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    let sign = if value.is_sign_negative() { "-" } else { "" };
    if value == 0.0 {
        return format!("{sign}0");
    }
    let bits = value.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1 << 52) - 1);
    let (m, e) = if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1 << 52), biased - 1075)
    };
    // Interval ends and the value, all as integers times 2^(e - 2).
    let narrow_below = fraction == 0 && biased > 1;
    let low = if narrow_below { 4 * m - 1 } else { 4 * m - 2 };
    let (mid, high) = (4 * m, 4 * m + 2);
    let scale = e - 2;
    let [low, mid, high] = [low, mid, high].map(|n| exact_digits(n, scale));
    // Same length for all: one extra leading zero leaves room for a carry when rounding up.
    let width = high.digits.len() + 1;
    let pad = |d: &Digits| {
        let mut out = vec![0u8; width - d.digits.len()];
        out.extend_from_slice(&d.digits);
        out
    };
    let (low, mid, high, point) = (pad(&low), pad(&mid), pad(&high), width - mid.fraction);
    let inclusive = m % 2 == 0;
    let inside = |c: &[u8]| {
        let above = c.cmp(&low[..]);
        let below = c.cmp(&high[..]);
        (above == Ordering::Greater || inclusive && above == Ordering::Equal)
            && (below == Ordering::Less || inclusive && below == Ordering::Equal)
    };
    let first = mid.iter().position(|&d| d != 0).unwrap_or(0);
    for keep in first + 1..=width {
        let down = truncated(&mid, keep);
        let up = rounded_up(&down, keep);
        // The nearer of the two first; on a tie, the larger (as core's Dragon4 does).
        let up_nearer = distance(&up, &mid) <= distance(&mid, &down);
        let (near, far) = if up_nearer { (up, down) } else { (down, up) };
        for candidate in [near, far] {
            if inside(&candidate) {
                return format!("{sign}{}", render(&candidate, point));
            }
        }
    }
    // Unreachable: `mid` itself (all digits kept) is inside the interval.
    format!("{sign}{}", render(&mid, point))
}

/// A non-negative number as decimal digits (most significant first) and how many of them are
/// after the decimal point.
struct Digits {
    digits: Vec<u8>,
    fraction: usize,
}

/// `n · 2^scale` written exactly in decimal.
fn exact_digits(n: u64, scale: i32) -> Digits {
    // Base 10^9 limbs, least significant first.
    let mut limbs = vec![
        (n % 1_000_000_000) as u32,
        (n / 1_000_000_000 % 1_000_000_000) as u32,
    ];
    limbs.push((n / 1_000_000_000_000_000_000) as u32);
    let (factor, times, fraction) = if scale >= 0 {
        (2_u64, scale.unsigned_abs(), 0)
    } else {
        // n / 2^k = n · 5^k / 10^k.
        (5_u64, scale.unsigned_abs(), scale.unsigned_abs() as usize)
    };
    // Multiply by factor^times, a few factors at a time (5^13 and 2^29 fit in 32 bits).
    let step = if factor == 5 { 13 } else { 29 };
    let mut left = times;
    while left > 0 {
        let now = left.min(step);
        multiply(&mut limbs, factor.pow(now));
        left -= now;
    }
    let mut digits = Vec::with_capacity(limbs.len() * 9);
    for limb in limbs.iter().rev() {
        for shift in (0..9).rev() {
            digits.push((limb / 10_u32.pow(shift) % 10) as u8);
        }
    }
    // Exactly the digits after the point plus the significant ones before it (at least one).
    let significant = digits.iter().position(|&d| d != 0).unwrap_or(digits.len());
    let needed = (digits.len() - significant).max(fraction + 1);
    if needed > digits.len() {
        let mut padded = vec![0u8; needed - digits.len()];
        padded.extend_from_slice(&digits);
        digits = padded;
    }
    Digits {
        digits: digits.split_off(digits.len() - needed),
        fraction,
    }
}

fn multiply(limbs: &mut Vec<u32>, by: u64) {
    let mut carry = 0_u64;
    for limb in limbs.iter_mut() {
        let product = u64::from(*limb) * by + carry;
        *limb = (product % 1_000_000_000) as u32;
        carry = product / 1_000_000_000;
    }
    while carry > 0 {
        limbs.push((carry % 1_000_000_000) as u32);
        carry /= 1_000_000_000;
    }
}

/// `digits` with everything after the first `keep` set to zero.
fn truncated(digits: &[u8], keep: usize) -> Vec<u8> {
    let mut out = digits.to_vec();
    out[keep..].iter_mut().for_each(|d| *d = 0);
    out
}

/// `truncated` plus one unit in its last kept place (the leading zero pad absorbs a carry).
fn rounded_up(truncated: &[u8], keep: usize) -> Vec<u8> {
    let mut out = truncated.to_vec();
    for d in out[..keep].iter_mut().rev() {
        if *d == 9 {
            *d = 0;
        } else {
            *d += 1;
            break;
        }
    }
    out
}

/// `a - b` for equal-length digit strings with `a >= b`, as digits.
fn distance(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8; a.len()];
    let mut borrow = 0;
    for i in (0..a.len()).rev() {
        let mut d = i16::from(a[i]) - i16::from(b[i]) - borrow;
        borrow = i16::from(d < 0);
        if d < 0 {
            d += 10;
        }
        out[i] = d as u8;
    }
    out
}

/// Digits with the point before index `point`, without leading or trailing zeros.
fn render(digits: &[u8], point: usize) -> String {
    let text = |ds: &[u8]| ds.iter().map(|d| char::from(b'0' + d)).collect::<String>();
    let whole = text(&digits[..point]);
    let whole = whole.trim_start_matches('0');
    let fraction = text(&digits[point..]);
    let fraction = fraction.trim_end_matches('0');
    match (whole.is_empty(), fraction.is_empty()) {
        (_, true) if whole.is_empty() => "0".to_string(),
        (_, true) => whole.to_string(),
        (true, false) => format!("0.{fraction}"),
        (false, false) => format!("{whole}.{fraction}"),
    }
}

#[cfg(test)]
mod tests {
    use super::shortest;
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};

    #[rustfmt::skip]
    const CASES: &[(f64, &str, &str)] = &[
        (0.1,                    "0.1",       "the classic inexact decimal"),
        (0.25,                   "0.25",      "exact binary fraction"),
        (1.0,                    "1",         "integers have no point"),
        (-2.5,                   "-2.5",      "negative"),
        (0.0,                    "0",         "zero"),
        (-0.0,                   "-0",        "negative zero keeps its sign, like {}"),
        (100.0,                  "100",       "trailing zeros of an integer"),
        (1e21,                   "1000000000000000000000", "no exponent, like {}"),
        (1e-7,                   "0.0000001", "small, no exponent"),
        (0.30000000000000004,    "0.30000000000000004", "needs all 17 digits"),
        (f64::NAN,               "NaN",       "not a number"),
        (f64::NEG_INFINITY,      "-inf",      "negative infinity"),
    ];

    #[test]
    fn shortest_table() {
        for (value, expected, why) in CASES {
            assert_eq!(shortest(*value), *expected, "{why}");
        }
    }

    #[test]
    fn agrees_with_core_display_on_random_doubles() {
        let mut rng = StdRng::seed_from_u64(0x5407);
        for i in 0..10_000 {
            // Alternate raw bit patterns (every exponent) with everyday magnitudes.
            let value = if i % 2 == 0 {
                f64::from_bits(rng.random())
            } else {
                rng.random_range(-1e6..1e6) / 10_f64.powi(rng.random_range(0..8))
            };
            if value.is_nan() {
                continue;
            }
            assert_eq!(
                shortest(value),
                format!("{value}"),
                "bits {:#x}",
                value.to_bits()
            );
        }
    }

    #[test]
    fn extremes_agree_with_core_display() {
        for value in [
            f64::MAX,
            f64::MIN_POSITIVE,
            5e-324,
            -5e-324,
            f64::EPSILON,
            9007199254740993.0,
        ] {
            assert_eq!(
                shortest(value),
                format!("{value}"),
                "{:#x}",
                value.to_bits()
            );
        }
    }

    #[test]
    fn powers_of_two_use_the_narrower_lower_gap() {
        for exp in -1070..1020 {
            let value = 2_f64.powi(exp);
            assert_eq!(shortest(value), format!("{value}"), "2^{exp}");
        }
    }
}
