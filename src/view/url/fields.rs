//! The table of URL keys: every key spelled once, with how its value is read into [`Settings`]
//! and written back. Defaults come from [`Settings::default`] through the same writer: a key is
//! left out of a link while it writes as its default does, and a bad value falls back to the
//! default, named as a link would write it. Names of choices are the ones OpenTelemetry uses
//! (`OTEL_TRACES_SAMPLER`, `OTEL_SEMCONV_STABILITY_OPT_IN`), so a learner can carry them over
//! to a real deployment.

use super::values::{
    choice, flag, name_of, number, span_id, whole, whole_u32, workers, workers_text, yes_no,
    FAN_OUT_MODES, PLAYBACKS, SAMPLERS, SEMCONVS,
};
use super::{Settings, UrlProblem, MAX_REQUESTS};
use crate::sim::MAX_FAN_OUT;
use crate::view::load::{
    arrival_kind_name, ArrivalKind, ARRIVAL_KINDS, BURST_INTERVAL_RANGE, BURST_SIZE_RANGE,
    CONCURRENCY_RANGE, RATE_RANGE, SLO_RANGE, STORE_SPANS_RANGE, STORE_TRACES_RANGE,
};

/// One URL key.
pub struct Field {
    pub key: &'static str,
    /// Reads a link's value into the settings; on a bad value they are left as they were.
    pub read: fn(&mut Settings, &str) -> Result<(), UrlProblem>,
    /// The value as a link writes it.
    pub write: fn(&Settings) -> String,
    /// Written even at its default (the seed: a link without one cannot reproduce traces).
    pub always: bool,
    /// What a bad value falls back to, when that is not the default as written.
    pub fallback: Option<&'static str>,
    /// Another tool's name for the same key, read but never written (Jaeger UI's `uiFind`).
    pub alias: Option<&'static str>,
}

const fn field(
    key: &'static str,
    read: fn(&mut Settings, &str) -> Result<(), UrlProblem>,
    write: fn(&Settings) -> String,
) -> Field {
    Field {
        key,
        read,
        write,
        always: false,
        fallback: None,
        alias: None,
    }
}

pub const SEED: &str = "seed";

/// Every key, in the order a link lists them (the seed last).
#[rustfmt::skip]
pub const FIELDS: &[Field] = &[
    field("heavy_calc",
        |s, v| yes_no(v).map(|v| s.lab.heavy_calc = v),
        |s| flag(s.lab.heavy_calc)),
    field("random_500s",
        |s, v| yes_no(v).map(|v| s.lab.random_500s = v),
        |s| flag(s.lab.random_500s)),
    field("error_rate",
        |s, v| number(v, 0.0, 100.0).map(|v| s.lab.error_rate_percent = v),
        |s| s.lab.error_rate_percent.to_string()),
    field("sampler",
        |s, v| choice(SAMPLERS, v).map(|v| s.lab.sampler = v),
        |s| name_of(SAMPLERS, s.lab.sampler).to_string()),
    field("sampling_ratio",
        |s, v| number(v, 0.0, 1.0).map(|v| s.lab.sampling_ratio = v),
        |s| s.lab.sampling_ratio.to_string()),
    field("semconv",
        |s, v| choice(SEMCONVS, v).map(|v| s.lab.semconv = v),
        |s| name_of(SEMCONVS, s.lab.semconv).to_string()),
    field("propagate",
        |s, v| yes_no(v).map(|v| s.lab.propagate = v),
        |s| flag(s.lab.propagate)),
    field("delay_ms",
        |s, v| number(v, 0.0, 10_000.0).map(|v| s.lab.network_delay_ms = v),
        |s| s.lab.network_delay_ms.to_string()),
    field("workers_a",
        |s, v| workers(v).map(|v| s.lab.workers_a = v),
        |s| workers_text(s.lab.workers_a)),
    field("workers_b",
        |s, v| workers(v).map(|v| s.lab.workers_b = v),
        |s| workers_text(s.lab.workers_b)),
    field("workers_db",
        |s, v| workers(v).map(|v| s.lab.workers_db = v),
        |s| workers_text(s.lab.workers_db)),
    field("fan_out",
        |s, v| whole_u32(v, (0, MAX_FAN_OUT)).map(|v| s.lab.fan_out = v),
        |s| s.lab.fan_out.to_string()),
    field("fan_out_mode",
        |s, v| choice(FAN_OUT_MODES, v).map(|v| s.lab.fan_out_mode = v),
        |s| name_of(FAN_OUT_MODES, s.lab.fan_out_mode).to_string()),
    field("requests",
        |s, v| whole_u32(v, (1, MAX_REQUESTS)).map(|v| s.requests = v),
        |s| s.requests.to_string()),
    field("playback",
        |s, v| choice(PLAYBACKS, v).map(|v| s.playback = v),
        |s| name_of(PLAYBACKS, s.playback).to_string()),
    field("arrival",
        |s, v| choice(&arrival_kinds(), v).map(|v| s.load.arrival = v),
        |s| arrival_kind_name(s.load.arrival).to_string()),
    field("concurrency",
        |s, v| whole_u32(v, CONCURRENCY_RANGE).map(|v| s.load.concurrency = v),
        |s| s.load.concurrency.to_string()),
    field("rate",
        |s, v| number(v, RATE_RANGE.0, RATE_RANGE.1).map(|v| s.load.rate_rps = v),
        |s| s.load.rate_rps.to_string()),
    field("burst_size",
        |s, v| whole_u32(v, BURST_SIZE_RANGE).map(|v| s.load.burst_size = v),
        |s| s.load.burst_size.to_string()),
    field("burst_interval_ms",
        |s, v| number(v, BURST_INTERVAL_RANGE.0, BURST_INTERVAL_RANGE.1).map(|v| s.load.burst_interval_ms = v),
        |s| s.load.burst_interval_ms.to_string()),
    field("slo_ms",
        |s, v| number(v, SLO_RANGE.0, SLO_RANGE.1).map(|v| s.load.slo_ms = v),
        |s| s.load.slo_ms.to_string()),
    field("store_traces",
        |s, v| whole_u32(v, STORE_TRACES_RANGE).map(|v| s.load.store_traces = v),
        |s| s.load.store_traces.to_string()),
    field("store_spans",
        |s, v| whole(v, STORE_SPANS_RANGE.0, STORE_SPANS_RANGE.1).map(|v| s.load.store_spans = v),
        |s| s.load.store_spans.to_string()),
    field("scenario", super::scenario::read, super::scenario::write),
    Field { alias: Some("uiFind"), fallback: Some("no span"), ..field("span",
        |s, v| span_id(v).map(|v| s.span = Some(v)),
        |s| s.span.map(|id| id.to_string()).unwrap_or_default()) },
    Field {
        always: true,
        fallback: Some("a new random seed"),
        ..field(SEED,
            |s, v| whole(v, 0, u64::MAX).map(|v| s.seed = v),
            |s| s.seed.to_string())
    },
];

/// (kind, URL value) of each arrival pattern.
fn arrival_kinds() -> Vec<(ArrivalKind, &'static str)> {
    ARRIVAL_KINDS
        .iter()
        .map(|(kind, name, _)| (*kind, *name))
        .collect()
}

/// The field of `key` (or of its alias), if the page knows it.
pub fn find(key: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.key == key || f.alias == Some(key))
}

impl Field {
    /// What replaces a bad value, as the notice names it.
    pub fn fallback_text(&self) -> String {
        match self.fallback {
            Some(text) => text.to_string(),
            None => (self.write)(&Settings::default()),
        }
    }
}

/// The pairs a link carries: the seed always, every other key only when not at its default.
pub fn pairs(settings: &Settings) -> Vec<(String, String)> {
    let defaults = Settings::default();
    FIELDS
        .iter()
        .filter_map(|f| {
            let value = (f.write)(settings);
            (f.always || value != (f.write)(&defaults)).then(|| (f.key.to_string(), value))
        })
        .collect()
}
