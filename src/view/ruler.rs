//! Time-ruler ticks: "nice" steps (1, 2 or 5 × 10^k nanoseconds) and labels in one unit
//! across the ruler, so `0 ms · 100 ms · 200 ms` rather than `0 · 0.1 s · 200 ms`.
//!
//! Offsets are nanoseconds from the trace start; the ruler covers the window `[from, to]`.

/// One tick mark on the ruler.
#[derive(Clone, Debug, PartialEq)]
pub struct Tick {
    /// Nanoseconds from the trace start.
    pub offset_nanos: u64,
    /// Position across the window, 0–100.
    pub percent: f64,
    pub label: String,
}

/// The smallest 1/2/5 × 10^k step that gives at most `max_ticks` intervals over `span`.
pub fn nice_step(span_nanos: u64, max_ticks: u32) -> u64 {
    let target = span_nanos.div_ceil(u64::from(max_ticks.max(1))).max(1);
    let mut magnitude: u64 = 1;
    loop {
        for factor in [1, 2, 5] {
            let step = magnitude.saturating_mul(factor);
            if step >= target {
                return step;
            }
        }
        match magnitude.checked_mul(10) {
            Some(next) => magnitude = next,
            None => return u64::MAX,
        }
    }
}

/// Ticks at multiples of a nice step inside `[from, to]`, labelled in the unit that suits `to`.
pub fn ticks(from_nanos: u64, to_nanos: u64, max_ticks: u32) -> Vec<Tick> {
    let span = to_nanos.saturating_sub(from_nanos);
    if span == 0 {
        return vec![Tick {
            offset_nanos: from_nanos,
            percent: 0.0,
            label: label(from_nanos, 1, to_nanos),
        }];
    }
    let step = nice_step(span, max_ticks);
    let mut at = from_nanos.div_ceil(step).saturating_mul(step);
    let mut out = Vec::new();
    while at <= to_nanos && out.len() <= max_ticks as usize + 1 {
        let percent = (at - from_nanos) as f64 / span as f64 * 100.0;
        out.push(Tick {
            offset_nanos: at,
            percent,
            label: label(at, step, to_nanos),
        });
        match at.checked_add(step) {
            Some(next) => at = next,
            None => break,
        }
    }
    out
}

/// Formats `at` in the unit chosen by the ruler's largest value, with as many decimals as
/// the step needs (a 0.2 ms step shows `0.4 ms`, a 50 ms step shows `50 ms`).
fn label(at: u64, step: u64, largest: u64) -> String {
    let (unit_nanos, unit) = match largest {
        0..=999 => (1, "ns"),
        1_000..=999_999 => (1_000, "µs"),
        1_000_000..=999_999_999 => (1_000_000, "ms"),
        _ => (1_000_000_000, "s"),
    };
    let mut decimals = 0_u32;
    let mut scale: u64 = 1;
    while decimals < 9 && !step.saturating_mul(scale).is_multiple_of(unit_nanos) {
        decimals += 1;
        scale *= 10;
    }
    let value = at as f64 / unit_nanos as f64;
    format!("{value:.prec$} {unit}", prec = decimals as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: u64 = 1_000_000;

    #[rustfmt::skip]
    const STEPS: &[(u64, u32, u64, &str)] = &[
        (384 * MS, 8,  50 * MS, "the lab's request: 50 ms steps"),
        (10 * MS,  10, MS,      "exact fit keeps the step"),
        (11 * MS,  10, 2 * MS,  "just over moves to the next nice step"),
        (7,        10, 1,       "tiny spans step by one nanosecond"),
        (0,        10, 1,       "an empty span still has a step"),
        (u64::MAX, 1,  u64::MAX,"huge spans do not overflow"),
    ];

    #[test]
    fn steps_are_one_two_five() {
        for (span, max, expected, why) in STEPS {
            assert_eq!(nice_step(*span, *max), *expected, "{why}");
        }
    }

    #[test]
    fn ticks_cover_the_window_with_one_unit() {
        let t = ticks(0, 384 * MS, 8);
        let labels: Vec<&str> = t.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(
            labels,
            ["0 ms", "50 ms", "100 ms", "150 ms", "200 ms", "250 ms", "300 ms", "350 ms"]
        );
        assert_eq!(t[0].percent, 0.0);
        assert!((t[1].percent - 50.0 / 384.0 * 100.0).abs() < 1e-9);
    }

    #[test]
    fn seconds_and_decimals_follow_the_step() {
        let t = ticks(0, 1_600 * MS, 8);
        assert_eq!(t[1].label, "0.2 s");
        assert_eq!(t.last().map(|t| t.label.as_str()), Some("1.6 s"));
        // Zoomed into 100.1–100.3 ms: 20 µs steps, two decimals of a millisecond.
        let z = ticks(100_100_000, 100_300_000, 10);
        assert_eq!(z[0].label, "100.10 ms");
        assert_eq!(z[1].label, "100.12 ms");
        assert!(z.iter().all(|t| (0.0..=100.0).contains(&t.percent)));
    }

    #[test]
    fn degenerate_windows() {
        assert_eq!(ticks(5, 5, 8).len(), 1);
        assert!(ticks(0, u64::MAX, 4).len() <= 6);
    }
}
