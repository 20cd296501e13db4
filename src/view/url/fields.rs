//! The table of URL keys: how each one is read into [`Settings`] and written back out.
//! Names of choices are the ones OpenTelemetry uses (`OTEL_TRACES_SAMPLER`,
//! `OTEL_SEMCONV_STABILITY_OPT_IN`), so a learner can carry them over to a real deployment.

use super::{Playback, Settings, UrlProblem, MAX_REQUESTS};
use crate::lean::shortest;
use crate::sim::{FanOutMode, LabOptions, SamplerKind, SemConv, MAX_FAN_OUT};
use crate::view::number::parse_decimal;

pub const SEED: &str = "seed";

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

const PLAYBACKS: &[(Playback, &str)] = &[
    (Playback::RealTime, "realtime"),
    (Playback::Instant, "instant"),
];

fn name_of<T: PartialEq + Copy>(table: &[(T, &'static str)], value: T) -> &'static str {
    table
        .iter()
        .find(|(v, _)| *v == value)
        .map(|(_, n)| *n)
        .unwrap_or("")
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

const KEYS: &[&str] = &[
    "heavy_calc",
    "random_500s",
    "error_rate",
    "sampler",
    "sampling_ratio",
    "semconv",
    "propagate",
    "delay_ms",
    "workers_a",
    "workers_b",
    "workers_db",
    "fan_out",
    "fan_out_mode",
    SEED,
    "requests",
    "playback",
];

pub fn is_known(key: &str) -> bool {
    KEYS.contains(&key) || super::load_fields::KEYS.contains(&key)
}

pub enum Applied {
    Known,
    Unknown,
    Rejected {
        problem: UrlProblem,
        fallback: String,
    },
}

/// Reads one key into `settings`; on a bad value `settings` keeps its default.
pub fn apply(settings: &mut Settings, key: &str, value: &str) -> Applied {
    let lab = &mut settings.lab;
    let defaults = Settings::default();
    let d = &defaults.lab;
    let result = match key {
        "heavy_calc" => yes_no(value)
            .map(|v| lab.heavy_calc = v)
            .map_err(|e| (e, d.heavy_calc.to_string())),
        "random_500s" => yes_no(value)
            .map(|v| lab.random_500s = v)
            .map_err(|e| (e, d.random_500s.to_string())),
        "propagate" => yes_no(value)
            .map(|v| lab.propagate = v)
            .map_err(|e| (e, d.propagate.to_string())),
        "error_rate" => number(value, 0.0, 100.0)
            .map(|v| lab.error_rate_percent = v)
            .map_err(|e| (e, shortest(d.error_rate_percent))),
        "sampling_ratio" => number(value, 0.0, 1.0)
            .map(|v| lab.sampling_ratio = v)
            .map_err(|e| (e, shortest(d.sampling_ratio))),
        "delay_ms" => number(value, 0.0, 10_000.0)
            .map(|v| lab.network_delay_ms = v)
            .map_err(|e| (e, shortest(d.network_delay_ms))),
        "sampler" => choice(SAMPLERS, value)
            .map(|v| lab.sampler = v)
            .map_err(|e| (e, sampler_name(d.sampler).into())),
        "semconv" => choice(SEMCONVS, value)
            .map(|v| lab.semconv = v)
            .map_err(|e| (e, semconv_name(d.semconv).into())),
        "fan_out_mode" => choice(FAN_OUT_MODES, value)
            .map(|v| lab.fan_out_mode = v)
            .map_err(|e| (e, fan_out_mode_name(d.fan_out_mode).into())),
        "workers_a" => workers(value)
            .map(|v| lab.workers_a = v)
            .map_err(|e| (e, "unlimited".into())),
        "workers_b" => workers(value)
            .map(|v| lab.workers_b = v)
            .map_err(|e| (e, "unlimited".into())),
        "workers_db" => workers(value)
            .map(|v| lab.workers_db = v)
            .map_err(|e| (e, "unlimited".into())),
        "fan_out" => whole(value, 0, u64::from(MAX_FAN_OUT))
            .map(|v| lab.fan_out = v as u32)
            .map_err(|e| (e, d.fan_out.to_string())),
        "requests" => whole(value, 1, u64::from(MAX_REQUESTS))
            .map(|v| settings.requests = v as u32)
            .map_err(|e| (e, defaults.requests.to_string())),
        "playback" => choice(PLAYBACKS, value)
            .map(|v| settings.playback = v)
            .map_err(|e| (e, name_of(PLAYBACKS, defaults.playback).into())),
        SEED => whole(value, 0, u64::MAX)
            .map(|v| settings.seed = v)
            .map_err(|e| (e, "a new random seed".into())),
        _ => return super::load_fields::apply(&mut settings.load, key, value),
    };
    match result {
        Ok(()) => Applied::Known,
        Err((problem, fallback)) => Applied::Rejected { problem, fallback },
    }
}

/// The pairs to write: the seed always, the rest only when not at their default.
pub fn pairs(settings: &Settings) -> Vec<(String, String)> {
    let d = Settings::default();
    let (lab, dl): (&LabOptions, &LabOptions) = (&settings.lab, &d.lab);
    let mut out: Vec<(&str, String)> = Vec::new();
    let flag = |b: bool| if b { "1".to_string() } else { "0".to_string() };
    let workers_text = |w: Option<u32>| w.map_or("unlimited".to_string(), |n| n.to_string());
    if lab.heavy_calc != dl.heavy_calc {
        out.push(("heavy_calc", flag(lab.heavy_calc)));
    }
    if lab.random_500s != dl.random_500s {
        out.push(("random_500s", flag(lab.random_500s)));
    }
    if lab.error_rate_percent != dl.error_rate_percent {
        out.push(("error_rate", shortest(lab.error_rate_percent)));
    }
    if lab.sampler != dl.sampler {
        out.push(("sampler", sampler_name(lab.sampler).to_string()));
    }
    if lab.sampling_ratio != dl.sampling_ratio {
        out.push(("sampling_ratio", shortest(lab.sampling_ratio)));
    }
    if lab.semconv != dl.semconv {
        out.push(("semconv", semconv_name(lab.semconv).to_string()));
    }
    if lab.propagate != dl.propagate {
        out.push(("propagate", flag(lab.propagate)));
    }
    if lab.network_delay_ms != dl.network_delay_ms {
        out.push(("delay_ms", shortest(lab.network_delay_ms)));
    }
    if lab.workers_a != dl.workers_a {
        out.push(("workers_a", workers_text(lab.workers_a)));
    }
    if lab.workers_b != dl.workers_b {
        out.push(("workers_b", workers_text(lab.workers_b)));
    }
    if lab.workers_db != dl.workers_db {
        out.push(("workers_db", workers_text(lab.workers_db)));
    }
    if lab.fan_out != dl.fan_out {
        out.push(("fan_out", lab.fan_out.to_string()));
    }
    if lab.fan_out_mode != dl.fan_out_mode {
        out.push((
            "fan_out_mode",
            fan_out_mode_name(lab.fan_out_mode).to_string(),
        ));
    }
    if settings.requests != d.requests {
        out.push(("requests", settings.requests.to_string()));
    }
    if settings.playback != d.playback {
        out.push((
            "playback",
            name_of(PLAYBACKS, settings.playback).to_string(),
        ));
    }
    out.extend(super::load_fields::pairs(&settings.load));
    out.push((SEED, settings.seed.to_string()));
    out.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

fn yes_no(value: &str) -> Result<bool, UrlProblem> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "on" | "yes" => Ok(true),
        "0" | "false" | "off" | "no" => Ok(false),
        _ => Err(UrlProblem::NotYesNo),
    }
}

pub(super) fn number(value: &str, min: f64, max: f64) -> Result<f64, UrlProblem> {
    let n = parse_decimal(value).ok_or(UrlProblem::NotANumber)?;
    if n < min || n > max {
        return Err(UrlProblem::OutOfRange {
            min: shortest(min),
            max: shortest(max),
        });
    }
    Ok(n)
}

pub(super) fn whole(value: &str, min: u64, max: u64) -> Result<u64, UrlProblem> {
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

pub(super) fn choice<T: Copy>(table: &[(T, &'static str)], value: &str) -> Result<T, UrlProblem> {
    table
        .iter()
        .find(|(_, name)| name.eq_ignore_ascii_case(value.trim()))
        .map(|(v, _)| *v)
        .ok_or_else(|| UrlProblem::NotAChoice {
            allowed: table.iter().map(|(_, n)| *n).collect(),
        })
}

/// Worker limit: `unlimited` (or empty) or 1–64, like gunicorn's sync workers.
fn workers(value: &str) -> Result<Option<u32>, UrlProblem> {
    let text = value.trim();
    if text.is_empty() || text.eq_ignore_ascii_case("unlimited") {
        return Ok(None);
    }
    whole(text, 1, 64).map(|n| Some(n as u32))
}
