//! Durations and shares written the way a person reads them: "370 ms", "1.2 s", "96 %".
//!
//! Rules: pick the largest unit in which the value is at least 1 (ns, µs, ms, s); show one
//! decimal below 10 in that unit ("2.5 ms", "1.2 s") and whole numbers from 10 up ("370 ms").
//! A trailing ".0" is dropped ("2 ms"). Rounding is to nearest.

/// A display unit: its name and its size in nanoseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Unit(&'static str, u64);

const UNITS: [Unit; 4] = [
    Unit("ns", 1),
    Unit("µs", 1_000),
    Unit("ms", 1_000_000),
    Unit("s", 1_000_000_000),
];

/// The unit `nanos` reads best in. Rounding can carry into the next unit (999.96 ms → "1 s").
fn unit_for(nanos: u64) -> Unit {
    let mut chosen = UNITS[0];
    for unit in UNITS {
        if nanos >= unit.1 {
            chosen = unit;
        }
    }
    if let Some(next) = UNITS.iter().find(|u| u.1 > chosen.1) {
        // Would this print as 1000 of the chosen unit? Then say 1 of the next one.
        if number_in(nanos, chosen) == "1000" {
            return *next;
        }
    }
    chosen
}

/// `nanos` expressed in `unit`, without the unit name.
fn number_in(nanos: u64, unit: Unit) -> String {
    let value = nanos as f64 / unit.1 as f64;
    if unit.1 == 1 || value >= 9.95 {
        format!("{}", value.round() as u64)
    } else {
        let text = format!("{value:.1}");
        text.strip_suffix(".0").map(str::to_string).unwrap_or(text)
    }
}

/// "370 ms", "1.2 s", "250 µs", "0 ns".
pub fn format_duration(nanos: u64) -> String {
    let unit = unit_for(nanos);
    format!("{} {}", number_in(nanos, unit), unit.0)
}

/// Two durations in the unit of the larger: "370 of 384 ms", "0.4 of 1.2 s".
pub fn format_duration_pair(part: u64, whole: u64) -> String {
    let unit = unit_for(part.max(whole));
    format!(
        "{} of {} {}",
        number_in(part, unit),
        number_in(whole, unit),
        unit.0
    )
}

/// `part / whole` as a whole percentage with a space before the sign ("96 %"); a share that
/// rounds to 0 but is not 0 reads "<1 %", one that rounds to 100 but is not all reads ">99 %".
pub fn format_share(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "0 %".to_string();
    }
    let percent = part as f64 * 100.0 / whole as f64;
    let rounded = percent.round() as u64;
    if rounded == 0 && part > 0 {
        "<1 %".to_string()
    } else if rounded >= 100 && part < whole {
        ">99 %".to_string()
    } else {
        format!("{rounded} %")
    }
}
