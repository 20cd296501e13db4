//! URL keys of the load experiment ([`LoadSettings`]): arrival pattern and its parameters, the
//! SLO and the trace store's caps. Same rules as the other keys (see [`super::fields`]): a bad
//! value keeps the default and yields a notice; defaults stay out of the link.

use super::fields::{choice, number, whole, Applied};
use super::UrlProblem;
use crate::lean::shortest;
use crate::view::load::{
    arrival_kind_name, ArrivalKind, LoadSettings, ARRIVAL_KINDS, BURST_INTERVAL_RANGE,
    BURST_SIZE_RANGE, CONCURRENCY_RANGE, RATE_RANGE, SLO_RANGE, STORE_SPANS_RANGE,
    STORE_TRACES_RANGE,
};

pub const KEYS: &[&str] = &[
    "arrival",
    "concurrency",
    "rate",
    "burst_size",
    "burst_interval_ms",
    "slo_ms",
    "store_traces",
    "store_spans",
];

fn kinds() -> Vec<(ArrivalKind, &'static str)> {
    ARRIVAL_KINDS
        .iter()
        .map(|(k, name, _)| (*k, *name))
        .collect()
}

/// Reads one key into `load`; on a bad value `load` keeps its default.
pub fn apply(load: &mut LoadSettings, key: &str, value: &str) -> Applied {
    let d = LoadSettings::default();
    let result: Result<(), (UrlProblem, String)> = match key {
        "arrival" => choice(&kinds(), value)
            .map(|v| load.arrival = v)
            .map_err(|e| (e, arrival_kind_name(d.arrival).into())),
        "concurrency" => whole(
            value,
            u64::from(CONCURRENCY_RANGE.0),
            u64::from(CONCURRENCY_RANGE.1),
        )
        .map(|v| load.concurrency = v as u32)
        .map_err(|e| (e, d.concurrency.to_string())),
        "rate" => number(value, RATE_RANGE.0, RATE_RANGE.1)
            .map(|v| load.rate_rps = v)
            .map_err(|e| (e, shortest(d.rate_rps))),
        "burst_size" => whole(
            value,
            u64::from(BURST_SIZE_RANGE.0),
            u64::from(BURST_SIZE_RANGE.1),
        )
        .map(|v| load.burst_size = v as u32)
        .map_err(|e| (e, d.burst_size.to_string())),
        "burst_interval_ms" => number(value, BURST_INTERVAL_RANGE.0, BURST_INTERVAL_RANGE.1)
            .map(|v| load.burst_interval_ms = v)
            .map_err(|e| (e, shortest(d.burst_interval_ms))),
        "slo_ms" => number(value, SLO_RANGE.0, SLO_RANGE.1)
            .map(|v| load.slo_ms = v)
            .map_err(|e| (e, shortest(d.slo_ms))),
        "store_traces" => whole(
            value,
            u64::from(STORE_TRACES_RANGE.0),
            u64::from(STORE_TRACES_RANGE.1),
        )
        .map(|v| load.store_traces = v as u32)
        .map_err(|e| (e, d.store_traces.to_string())),
        "store_spans" => whole(value, STORE_SPANS_RANGE.0, STORE_SPANS_RANGE.1)
            .map(|v| load.store_spans = v)
            .map_err(|e| (e, d.store_spans.to_string())),
        _ => return Applied::Unknown,
    };
    match result {
        Ok(()) => Applied::Known,
        Err((problem, fallback)) => Applied::Rejected { problem, fallback },
    }
}

/// The pairs to write, only for values not at their default.
pub fn pairs(load: &LoadSettings) -> Vec<(&'static str, String)> {
    let d = LoadSettings::default();
    let mut out = Vec::new();
    if load.arrival != d.arrival {
        out.push(("arrival", arrival_kind_name(load.arrival).to_string()));
    }
    if load.concurrency != d.concurrency {
        out.push(("concurrency", load.concurrency.to_string()));
    }
    if load.rate_rps != d.rate_rps {
        out.push(("rate", shortest(load.rate_rps)));
    }
    if load.burst_size != d.burst_size {
        out.push(("burst_size", load.burst_size.to_string()));
    }
    if load.burst_interval_ms != d.burst_interval_ms {
        out.push(("burst_interval_ms", shortest(load.burst_interval_ms)));
    }
    if load.slo_ms != d.slo_ms {
        out.push(("slo_ms", shortest(load.slo_ms)));
    }
    if load.store_traces != d.store_traces {
        out.push(("store_traces", load.store_traces.to_string()));
    }
    if load.store_spans != d.store_spans {
        out.push(("store_spans", load.store_spans.to_string()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::{decode, encode, Settings};
    use super::*;

    #[test]
    fn every_load_setting_round_trips() {
        let s = Settings {
            load: LoadSettings {
                arrival: ArrivalKind::Bursts,
                concurrency: 8,
                rate_rps: 2.5,
                burst_size: 25,
                burst_interval_ms: 750.0,
                slo_ms: 300.0,
                store_traces: 500,
                store_spans: 50_000,
            },
            ..Settings::default()
        };
        let query = encode(&s);
        for key in KEYS {
            assert!(query.contains(&format!("{key}=")), "{key} in {query}");
        }
        let back = decode(&query);
        assert_eq!(back.settings, s);
        assert!(back.notices.is_empty(), "{:?}", back.notices);
    }

    #[test]
    fn defaults_stay_out_of_the_link() {
        let query = encode(&Settings::default());
        for key in KEYS {
            assert!(!query.contains(&format!("{key}=")), "{key} in {query}");
        }
    }

    #[rustfmt::skip]
    const BAD: &[(&str, &str, &str)] = &[
        ("arrival", "sometimes",   "not a pattern"),
        ("concurrency", "0",       "no clients"),
        ("concurrency", "1.5",     "half a client"),
        ("rate", "0",              "a rate of 0 never sends"),
        ("rate", "NaN",            "not a number"),
        ("rate", "1e9",            "beyond 10,000 req/s"),
        ("burst_size", "0",        "an empty burst"),
        ("burst_interval_ms", "-1","negative interval"),
        ("slo_ms", "0",            "an SLO of 0 ms"),
        ("store_traces", "0",      "a store that keeps nothing"),
        ("store_spans", "10",      "too few spans for one fan-out trace"),
        ("store_spans", "999999999999", "more spans than a tab holds"),
    ];

    #[test]
    fn bad_values_fall_back_with_a_notice() {
        for (key, value, why) in BAD {
            let d = decode(&format!("{key}={value}&seed=3"));
            assert_eq!(d.settings.load, LoadSettings::default(), "{why}");
            assert_eq!(d.notices.len(), 1, "{why}");
            assert_eq!(d.notices[0].key, *key, "{why}");
        }
    }

    #[test]
    fn choice_names_are_case_insensitive() {
        let d = decode("arrival=Poisson&rate=3");
        assert_eq!(d.settings.load.arrival, ArrivalKind::Poisson);
        assert_eq!(d.settings.load.rate_rps, 3.0);
        assert!(d.notices.is_empty());
    }
}
