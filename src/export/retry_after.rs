//! `Retry-After` in both its forms, as a wait in milliseconds.
//!
//! Spec: RFC 9110 §10.2.3 (<https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3>):
//! `Retry-After = HTTP-date / delay-seconds`, `delay-seconds = 1*DIGIT`. HTTP-date is
//! §5.6.7 (<https://www.rfc-editor.org/rfc/rfc9110#section-5.6.7>): the preferred IMF-fixdate
//! (`Sun, 06 Nov 1994 08:49:37 GMT`), and the obsolete RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`)
//! and asctime (`Sun Nov  6 08:49:37 1994`) forms, which "a recipient that parses a timestamp
//! value in an HTTP header field MUST accept".
//!
//! A date means "retry after this moment", so the wait is that moment minus now; the clock is
//! an input (`now_unix_ms`), read by the network shell when the answer arrives, so this stays
//! pure and testable. A date already past means "retry at once". HTTP-date is case-sensitive
//! (§5.6.7) and is read strictly; anything else gives `None` and the exporter falls back to
//! its own backoff. The weekday is checked to be a day name but not against the date: the
//! date says when, and a sender's wrong weekday is no reason to hammer it with backoff.

/// The wait `value` asks for, in milliseconds, at wall-clock time `now_unix_ms`, or `None`
/// when it is neither delay-seconds nor an HTTP-date.
pub fn parse_retry_after(value: &str, now_unix_ms: u64) -> Option<u64> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // All digits, so the only failure is overflow: "very long", capped by the policy.
        return Some(
            value
                .parse::<u64>()
                .map_or(u64::MAX, |s| s.saturating_mul(1_000)),
        );
    }
    let now_s = i64::try_from(now_unix_ms / 1_000).ok()?;
    let at_s = http_date_unix_seconds(value, year_of(now_s))?;
    let wait_ms = i128::from(at_s) * 1_000 - i128::from(now_unix_ms);
    Some(u64::try_from(wait_ms.max(0)).unwrap_or(u64::MAX))
}

/// An HTTP-date (any of the three forms) as unix seconds. `current_year` resolves RFC 850's
/// two-digit years.
fn http_date_unix_seconds(text: &str, current_year: i64) -> Option<i64> {
    let (weekday, rest) = text.split_once([',', ' '])?;
    let date = if text.as_bytes().get(weekday.len()) == Some(&b',') {
        let rest = rest.strip_prefix(' ')?;
        if DAY_NAMES.contains(&weekday) {
            imf_fixdate(rest)?
        } else if LONG_DAY_NAMES.contains(&weekday) {
            rfc850_date(rest, current_year)?
        } else {
            return None;
        }
    } else if DAY_NAMES.contains(&weekday) {
        asctime_date(rest)?
    } else {
        return None;
    };
    date.unix_seconds()
}

const DAY_NAMES: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const LONG_DAY_NAMES: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

struct DateTime {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
}

impl DateTime {
    /// Unix seconds, or `None` for an impossible date (31 Feb, hour 24). Second 60 is allowed
    /// (§5.6.7 `second = 2DIGIT`, "00-60" for a leap second) and counts as the next second.
    fn unix_seconds(&self) -> Option<i64> {
        let valid = (1..=12).contains(&self.month)
            && (1..=days_in_month(self.year, self.month)).contains(&self.day)
            && self.hour <= 23
            && self.minute <= 59
            && self.second <= 60;
        valid.then(|| {
            days_from_civil(self.year, self.month, self.day) * 86_400
                + i64::from(self.hour * 3_600 + self.minute * 60 + self.second)
        })
    }
}

/// `date1 SP time-of-day SP GMT`, `date1 = day SP month SP year` (`06 Nov 1994 08:49:37 GMT`).
fn imf_fixdate(rest: &str) -> Option<DateTime> {
    let mut parts = rest.split(' ');
    let day = digits(parts.next()?, 2)?;
    let month = month(parts.next()?)?;
    let year = digits(parts.next()?, 4)?;
    let (hour, minute, second) = time_of_day(parts.next()?)?;
    (parts.next()? == "GMT" && parts.next().is_none()).then_some(DateTime {
        year: i64::from(year),
        month,
        day,
        hour,
        minute,
        second,
    })
}

/// `date2 SP time-of-day SP GMT`, `date2 = day "-" month "-" 2DIGIT` (`06-Nov-94 08:49:37 GMT`).
fn rfc850_date(rest: &str, current_year: i64) -> Option<DateTime> {
    let mut parts = rest.split(' ');
    let mut date = parts.next()?.split('-');
    let day = digits(date.next()?, 2)?;
    let month = month(date.next()?)?;
    let two_digit_year = digits(date.next()?, 2)?;
    if date.next().is_some() {
        return None;
    }
    let (hour, minute, second) = time_of_day(parts.next()?)?;
    (parts.next()? == "GMT" && parts.next().is_none()).then_some(DateTime {
        year: full_year(two_digit_year, current_year),
        month,
        day,
        hour,
        minute,
        second,
    })
}

/// `date3 SP time-of-day SP year`, `date3 = month SP ( 2DIGIT / ( SP DIGIT ))`
/// (`Nov  6 08:49:37 1994`: a one-digit day is padded with a space, so two spaces).
fn asctime_date(rest: &str) -> Option<DateTime> {
    let month = month(rest.get(..3)?)?;
    let rest = rest.get(3..)?.strip_prefix(' ')?;
    let (day, rest) = match rest.strip_prefix(' ') {
        Some(one_digit) => (digits(one_digit.get(..1)?, 1)?, one_digit.get(1..)?),
        None => (digits(rest.get(..2)?, 2)?, rest.get(2..)?),
    };
    let mut parts = rest.strip_prefix(' ')?.split(' ');
    let (hour, minute, second) = time_of_day(parts.next()?)?;
    let year = digits(parts.next()?, 4)?;
    parts.next().is_none().then_some(DateTime {
        year: i64::from(year),
        month,
        day,
        hour,
        minute,
        second,
    })
}

/// `hour ":" minute ":" second`, two digits each.
fn time_of_day(text: &str) -> Option<(u32, u32, u32)> {
    let mut parts = text.split(':');
    let hms = (
        digits(parts.next()?, 2)?,
        digits(parts.next()?, 2)?,
        digits(parts.next()?, 2)?,
    );
    parts.next().is_none().then_some(hms)
}

/// Exactly `width` ASCII digits.
fn digits(text: &str, width: usize) -> Option<u32> {
    (text.len() == width && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

fn month(text: &str) -> Option<u32> {
    let index = MONTHS.iter().position(|m| *m == text)?;
    u32::try_from(index + 1).ok()
}

/// RFC 9110 §5.6.7: a two-digit year "that appears to be more than 50 years in the future"
/// is "the most recent year in the past that had the same last two digits". So: the year
/// with these last two digits in `current - 49 ..= current + 50`.
fn full_year(two_digits: u32, current_year: i64) -> i64 {
    let candidate = current_year - current_year.rem_euclid(100) + i64::from(two_digits);
    if candidate > current_year + 50 {
        candidate - 100
    } else if candidate <= current_year - 50 {
        candidate + 100
    } else {
        candidate
    }
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`,
/// <https://howardhinnant.github.io/date_algorithms.html#days_from_civil>).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let m = i64::from(month);
    let day_of_year = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The calendar year of unix second `s` (for RFC 850's two-digit years).
fn year_of(s: i64) -> i64 {
    // Hinnant's `civil_from_days`, year part only.
    let z = s.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    year_of_era + era * 400 + i64::from(mp >= 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 1994-11-06T08:49:37Z, the RFC's own example instant, in unix milliseconds.
    const RFC_EXAMPLE_MS: u64 = 784_111_777_000;
    /// Two seconds before it: the example dates ask for a 2 s wait.
    const NOW: u64 = RFC_EXAMPLE_MS - 2_000;

    #[rustfmt::skip]
    const CASES: &[(&str, Option<u64>, &str)] = &[
        ("120",                             Some(120_000), "§10.2.3 delay-seconds: `Retry-After: 120`"),
        ("1",                               Some(1_000),   "§10.2.3 delay-seconds, one digit"),
        ("0",                               Some(0),       "§10.2.3 delay-seconds 0: retry at once"),
        (" 30 ",                            Some(30_000),  "§5.5 field values are trimmed of surrounding whitespace"),
        ("99999999999999999999999",         Some(u64::MAX), "§10.2.3 1*DIGIT has no limit: overflow reads as very long (the policy caps it)"),
        ("-1",                              None,          "§10.2.3 delay-seconds is 1*DIGIT: no sign"),
        ("1.5",                             None,          "§10.2.3 delay-seconds is 1*DIGIT: no fraction"),
        ("",                                None,          "§10.2.3 neither form: empty"),
        ("Sun, 06 Nov 1994 08:49:37 GMT",   Some(2_000),   "§5.6.7 IMF-fixdate, the RFC's example"),
        ("Sun, 06 Nov 1994 08:49:35 GMT",   Some(0),       "§10.2.3 a date already past: retry at once"),
        ("Sun, 06 Nov 1994 08:49:36 GMT",   Some(1_000),   "§5.6.7 IMF-fixdate, one second later"),
        ("Mon, 07 Nov 1994 08:49:35 GMT",   Some(86_400_000), "§5.6.7 IMF-fixdate across midnight"),
        ("Sat, 06 Nov 1994 08:49:37 GMT",   Some(2_000),   "§5.6.7 day-name is not checked against the date (the date says when)"),
        ("Sunday, 06-Nov-94 08:49:37 GMT",  Some(2_000),   "§5.6.7 obsolete RFC 850 form, which recipients MUST accept"),
        ("Sunday, 06-Nov-94 08:49:37 UTC",  None,          "§5.6.7 rfc850-date ends in GMT"),
        ("Sun Nov  6 08:49:37 1994",        Some(2_000),   "§5.6.7 obsolete asctime form, one-digit day after two spaces"),
        ("Sun Nov 06 08:49:37 1994",        Some(2_000),   "§5.6.7 asctime date3 also allows 2DIGIT"),
        ("Sun Nov 6 08:49:37 1994",         None,          "§5.6.7 asctime: a one-digit day needs its padding space"),
        ("sun, 06 nov 1994 08:49:37 gmt",   None,          "§5.6.7 HTTP-date is case-sensitive"),
        ("Sun, 6 Nov 1994 08:49:37 GMT",    None,          "§5.6.7 IMF-fixdate day is 2DIGIT"),
        ("Sun, 06 Nov 94 08:49:37 GMT",     None,          "§5.6.7 IMF-fixdate year is 4DIGIT"),
        ("Sun, 06 Nov 1994 08:49:37 UTC",   None,          "§5.6.7 IMF-fixdate ends in GMT"),
        ("Sun, 06 Nov 1994 08:49:37",       None,          "§5.6.7 IMF-fixdate: GMT is required"),
        ("Sun, 06 Nov 1994 08:49:37 GMT x", None,          "§5.6.7 nothing after GMT"),
        ("Sun, 06 Nov 1994 8:49:37 GMT",    None,          "§5.6.7 hour is 2DIGIT"),
        ("Sun, 06 Nov 1994 24:00:00 GMT",   None,          "§5.6.7 hour 00-23"),
        ("Sun, 06 Nov 1994 08:60:00 GMT",   None,          "§5.6.7 minute 00-59"),
        ("Sun, 06 Nov 1994 08:49:60 GMT",   Some(25_000),  "§5.6.7 second 00-60: a leap second is allowed"),
        ("Sun, 31 Feb 1994 08:49:37 GMT",   None,          "§5.6.7 day must exist in its month"),
        ("Sun, 06 Foo 1994 08:49:37 GMT",   None,          "§5.6.7 month is one of twelve names"),
        ("Xyz, 06 Nov 1994 08:49:37 GMT",   None,          "§5.6.7 day-name is one of seven names"),
        ("Sunday, 06 Nov 1994 08:49:37 GMT", None,         "§5.6.7 a long day-name goes only with rfc850's dashes"),
        ("Sun, 06-Nov-94 08:49:37 GMT",     None,          "§5.6.7 a short day-name goes only with IMF-fixdate"),
        ("Sun,06 Nov 1994 08:49:37 GMT",    None,          "§5.6.7 a space follows the comma"),
        ("Sun, 06 Nov 1994 08:49:37 GMT ",  Some(2_000),   "§5.5 trailing whitespace is not part of the value"),
    ];

    #[test]
    fn retry_after_reads_both_forms_as_rfc_9110_says() {
        for (value, expected, why) in CASES {
            assert_eq!(parse_retry_after(value, NOW), *expected, "{value:?}: {why}");
        }
    }

    #[test]
    fn the_wait_is_the_date_minus_now() {
        let value = "Thu, 01 Jan 2026 00:00:10 GMT";
        let midnight_ms = 1_767_225_600_000; // 2026-01-01T00:00:00Z
        assert_eq!(parse_retry_after(value, midnight_ms), Some(10_000));
        assert_eq!(
            parse_retry_after(value, midnight_ms + 9_750),
            Some(250),
            "milliseconds of now count"
        );
        assert_eq!(parse_retry_after(value, midnight_ms + 60_000), Some(0));
    }

    /// RFC 9110 §5.6.7: "Recipients of a timestamp value in rfc850-date format, which uses a
    /// two-digit year, MUST interpret a timestamp that appears to be more than 50 years in the
    /// future as representing the most recent year in the past that had the same last two digits."
    #[rustfmt::skip]
    const TWO_DIGIT_YEARS: &[(u32, i64, i64, &str)] = &[
        (94, 1994, 1994, "this year"),
        (26, 2025, 2026, "next year"),
        (75, 2025, 2075, "exactly 50 years ahead is not more than 50"),
        (76, 2025, 1976, "51 years ahead: the most recent past year instead"),
        (99, 2025, 1999, "the 1990s from the 2020s"),
        (10, 2095, 2110, "15 years ahead across a century"),
        (45, 2095, 2145, "50 years ahead across a century"),
        (46, 2095, 2046, "51 years ahead across a century: past"),
    ];

    #[test]
    fn rfc850_two_digit_years_are_never_more_than_50_years_ahead() {
        for (two_digits, current, expected, why) in TWO_DIGIT_YEARS {
            assert_eq!(
                full_year(*two_digits, *current),
                *expected,
                "{two_digits} in {current}: {why}"
            );
        }
    }

    #[test]
    fn calendar_arithmetic_matches_known_instants() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(
            days_from_civil(2000, 3, 1),
            11_017,
            "after a 400-year leap day"
        );
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        assert_eq!(year_of(0), 1970);
        assert_eq!(year_of(784_111_777), 1994);
        assert_eq!(year_of(1_767_225_599), 2025, "the last second of 2025");
        assert_eq!(year_of(1_767_225_600), 2026);
        assert_eq!(days_in_month(1900, 2), 28, "century, not a leap year");
        assert_eq!(days_in_month(2000, 2), 29, "400th year is");
    }

    #[test]
    fn no_input_panics() {
        // Truncations of every accepted form, and odd bytes, at the extremes of the clock.
        let forms = [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
        ];
        for form in forms {
            for cut in 0..=form.len() {
                for now in [0, NOW, u64::MAX] {
                    let _ = parse_retry_after(&form[..cut], now);
                    let _ = parse_retry_after(&form[cut..], now);
                }
            }
        }
        assert_eq!(
            parse_retry_after("Sun Nov  6 08:49:37 1994", u64::MAX),
            Some(0),
            "the far future: long past"
        );
        assert_eq!(
            parse_retry_after("Sun Nov é 08:49:37 1994", NOW),
            None,
            "multi-byte text does not split a char"
        );
        assert_eq!(
            parse_retry_after("Mon, 01 Jan 9999 00:00:00 GMT", 0).map(|ms| ms > 0),
            Some(true)
        );
    }
}
