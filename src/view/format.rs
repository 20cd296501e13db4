//! Durations and clock times as people read them: `384.2 ms`, `1.25 s`, `850 µs`, `14:03:07.120`.

const NS_PER_US: u64 = 1_000;
const NS_PER_MS: u64 = 1_000_000;
const NS_PER_S: u64 = 1_000_000_000;

/// A duration with a unit picked so the number stays short (three or four significant digits).
pub fn duration(nanos: u64) -> String {
    if nanos < NS_PER_US {
        format!("{nanos} ns")
    } else if nanos < NS_PER_MS {
        trimmed(nanos as f64 / NS_PER_US as f64, 1, "µs")
    } else if nanos < NS_PER_S {
        trimmed(nanos as f64 / NS_PER_MS as f64, 1, "ms")
    } else {
        trimmed(nanos as f64 / NS_PER_S as f64, 2, "s")
    }
}

/// `value` with at most `decimals` decimals, trailing zeros dropped (`384.0` → `384`).
fn trimmed(value: f64, decimals: usize, unit: &str) -> String {
    let mut text = format!("{value:.decimals$}");
    if text.contains('.') {
        while text.ends_with('0') {
            text.pop();
        }
        if text.ends_with('.') {
            text.pop();
        }
    }
    format!("{text} {unit}")
}

/// Milliseconds with one decimal, for sentences and tables (`370.4`).
pub fn millis(nanos: u64) -> String {
    format!("{:.1}", nanos as f64 / NS_PER_MS as f64)
}

/// Time of day `HH:MM:SS.mmm` at a UTC offset in minutes (the browser's local offset,
/// passed in so this stays pure).
pub fn clock_time(unix_nanos: u64, utc_offset_minutes: i32) -> String {
    let millis_total = (unix_nanos / NS_PER_MS) as i128 + i128::from(utc_offset_minutes) * 60_000;
    let day_ms = millis_total.rem_euclid(86_400_000);
    let (h, rest) = (day_ms / 3_600_000, day_ms % 3_600_000);
    let (m, rest) = (rest / 60_000, rest % 60_000);
    let (s, ms) = (rest / 1000, rest % 1000);
    format!("{h:02}:{m:02}:{s:02}.{ms:03}")
}

/// An integer with thin grouping (`10,000`), for counts.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[rustfmt::skip]
    const DURATIONS: &[(u64, &str, &str)] = &[
        (0,             "0 ns",     "zero is shown, not hidden"),
        (999,           "999 ns",   "below a microsecond stays in ns"),
        (1_500,         "1.5 µs",   "microseconds keep one decimal"),
        (850_000,       "850 µs",   "trailing .0 is dropped"),
        (384_210_000,   "384.2 ms", "the lab's typical request"),
        (100_000_000,   "100 ms",   "heavy_calc's whole 100 ms"),
        (999_960_000,   "1000 ms",  "rounding stays in the unit it started in"),
        (1_250_000_000, "1.25 s",   "seconds keep two decimals"),
        (60_000_000_000,"60 s",     "a minute is still seconds"),
    ];

    #[test]
    fn durations_pick_a_readable_unit() {
        for (nanos, expected, why) in DURATIONS {
            assert_eq!(duration(*nanos), *expected, "{why}");
        }
    }

    #[test]
    fn clock_time_applies_the_offset_and_wraps_days() {
        let t = 1_700_000_000_123_000_000; // 2023-11-14 22:13:20.123 UTC
        assert_eq!(clock_time(t, 0), "22:13:20.123");
        assert_eq!(clock_time(t, 120), "00:13:20.123");
        assert_eq!(clock_time(t, -60), "21:13:20.123");
        assert_eq!(clock_time(0, -60), "23:00:00.000");
    }

    #[test]
    fn counts_and_millis() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(10_000), "10,000");
        assert_eq!(count(1_234_567), "1,234,567");
        assert_eq!(millis(370_440_000), "370.4");
    }
}
