//! Clock times and counts as people read them: `14:03:07.120`, `10,000`. (Durations are the
//! analysis core's `format_duration`, so every view writes them the same way.)

const NS_PER_MS: u64 = 1_000_000;

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

    #[test]
    fn clock_time_applies_the_offset_and_wraps_days() {
        let t = 1_700_000_000_123_000_000; // 2023-11-14 22:13:20.123 UTC
        assert_eq!(clock_time(t, 0), "22:13:20.123");
        assert_eq!(clock_time(t, 120), "00:13:20.123");
        assert_eq!(clock_time(t, -60), "21:13:20.123");
        assert_eq!(clock_time(0, -60), "23:00:00.000");
    }

    #[test]
    fn counts_are_grouped() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(10_000), "10,000");
        assert_eq!(count(1_234_567), "1,234,567");
    }
}
