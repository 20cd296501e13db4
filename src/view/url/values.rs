//! Reading and writing the value types of URL keys: flags, decimals, whole numbers, worker
//! limits and named choices. Readers trim, accept the spellings people type (`true`, `ON`,
//! `+5`), and say in a [`UrlProblem`] why a value was not used; writers give the short form a
//! link carries.

use super::{Playback, UrlProblem};
use crate::model::SpanId;
use crate::sim::{FanOutMode, SamplerKind, SemConv};
use crate::view::number::parse_decimal;

/// `OTEL_TRACES_SAMPLER` values.
pub const SAMPLERS: &[(SamplerKind, &str)] = &[
    (SamplerKind::AlwaysOn, "always_on"),
    (SamplerKind::AlwaysOff, "always_off"),
    (SamplerKind::TraceIdRatio, "traceidratio"),
    (SamplerKind::ParentBasedAlwaysOn, "parentbased_always_on"),
    (SamplerKind::ParentBasedAlwaysOff, "parentbased_always_off"),
    (
        SamplerKind::ParentBasedTraceIdRatio,
        "parentbased_traceidratio",
    ),
];

/// `OTEL_SEMCONV_STABILITY_OPT_IN` values; `legacy` stands for "not set".
pub const SEMCONVS: &[(SemConv, &str)] = &[
    (SemConv::Legacy, "legacy"),
    (SemConv::Http, "http"),
    (SemConv::HttpDup, "http/dup"),
];

pub const FAN_OUT_MODES: &[(FanOutMode, &str)] = &[
    (FanOutMode::Sequential, "sequential"),
    (FanOutMode::Parallel, "parallel"),
];

pub const PLAYBACKS: &[(Playback, &str)] = &[
    (Playback::RealTime, "realtime"),
    (Playback::Instant, "instant"),
];

/// The name of `value` in `table` (empty if it has none).
pub fn name_of<T: PartialEq + Copy>(table: &[(T, &'static str)], value: T) -> &'static str {
    table
        .iter()
        .find(|(v, _)| *v == value)
        .map_or("", |(_, n)| *n)
}

pub fn sampler_name(kind: SamplerKind) -> &'static str {
    name_of(SAMPLERS, kind)
}
pub fn semconv_name(semconv: SemConv) -> &'static str {
    name_of(SEMCONVS, semconv)
}
pub fn fan_out_mode_name(mode: FanOutMode) -> &'static str {
    name_of(FAN_OUT_MODES, mode)
}

/// `1`/`true`/`on`/`yes` or `0`/`false`/`off`/`no`, any case.
pub fn yes_no(value: &str) -> Result<bool, UrlProblem> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "on" | "yes" => Ok(true),
        "0" | "false" | "off" | "no" => Ok(false),
        _ => Err(UrlProblem::NotYesNo),
    }
}

/// A flag as a link writes it.
pub fn flag(on: bool) -> String {
    if on { "1" } else { "0" }.to_string()
}

/// A decimal in `min..=max` (no NaN, no infinities).
pub fn number(value: &str, min: f64, max: f64) -> Result<f64, UrlProblem> {
    let n = parse_decimal(value).ok_or(UrlProblem::NotANumber)?;
    if n < min || n > max {
        return Err(UrlProblem::OutOfRange {
            min: min.to_string(),
            max: max.to_string(),
        });
    }
    Ok(n)
}

/// A whole number in `min..=max`; a decimal says it is not whole, a negative or huge one that
/// it is out of range.
pub fn whole(value: &str, min: u64, max: u64) -> Result<u64, UrlProblem> {
    let text = value.trim();
    let out_of_range = || UrlProblem::OutOfRange {
        min: min.to_string(),
        max: max.to_string(),
    };
    let digits = text.strip_prefix('-').unwrap_or(text);
    let all_digits = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    let n: u64 = match text.parse() {
        Ok(n) => n,
        // "-5" or "99999999999999999999": a whole number, just not one that fits.
        Err(_) if all_digits => return Err(out_of_range()),
        Err(_) if parse_decimal(text).is_some() => return Err(UrlProblem::NotAWholeNumber),
        Err(_) => return Err(UrlProblem::NotANumber),
    };
    if n < min || n > max {
        return Err(out_of_range());
    }
    Ok(n)
}

/// A whole number that fits a `u32` range.
pub fn whole_u32(value: &str, (min, max): (u32, u32)) -> Result<u32, UrlProblem> {
    // The range is within u32, so the result is too.
    whole(value, u64::from(min), u64::from(max)).map(|n| n as u32)
}

/// One of `table`'s names, any case.
pub fn choice<T: Copy>(table: &[(T, &'static str)], value: &str) -> Result<T, UrlProblem> {
    table
        .iter()
        .find(|(_, name)| name.eq_ignore_ascii_case(value.trim()))
        .map(|(v, _)| *v)
        .ok_or_else(|| UrlProblem::NotAChoice {
            allowed: table.iter().map(|(_, n)| *n).collect(),
        })
}

/// Worker limit: `unlimited` (or empty) or 1–64, like gunicorn's sync workers.
pub fn workers(value: &str) -> Result<Option<u32>, UrlProblem> {
    let text = value.trim();
    if text.is_empty() || text.eq_ignore_ascii_case("unlimited") {
        return Ok(None);
    }
    whole_u32(text, (1, 64)).map(Some)
}

/// A worker limit as a link writes it.
pub fn workers_text(limit: Option<u32>) -> String {
    limit.map_or_else(|| "unlimited".to_string(), |n| n.to_string())
}

/// A span id: 1 to 16 hex digits, either case (Jaeger UI drops leading zeros), not all zeros.
pub fn span_id(value: &str) -> Result<SpanId, UrlProblem> {
    let text = value.trim();
    let hex = !text.is_empty() && text.len() <= 16 && text.bytes().all(|b| b.is_ascii_hexdigit());
    match hex.then(|| u64::from_str_radix(text, 16).ok()).flatten() {
        Some(id) if id != 0 => Ok(SpanId(id)),
        _ => Err(UrlProblem::NotASpanId),
    }
}
