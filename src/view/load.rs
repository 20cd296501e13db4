//! The load experiment's settings (issue 7, "Load and queueing"): how **Run load** sends its
//! requests, the SLO threshold the latency panel marks, and the trace store's caps.
//!
//! Arrival patterns are the simulator's [`Arrival`] (see `docs/simulation.md`, "Load"): a
//! closed loop of back-to-back clients, or an open loop at a rate (constant, Poisson, bursts).
//! Worker limits live in [`crate::sim::LabOptions`] because they shape the scenario.

use crate::sim::{Arrival, MAX_CONCURRENCY, MAX_WORKERS};
use crate::store::StoreLimits;

/// Which [`Arrival`] pattern **Run load** uses; its parameters are kept separately so that
/// switching patterns back and forth keeps what the learner typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ArrivalKind {
    #[default]
    BackToBack,
    Constant,
    Poisson,
    Bursts,
}

/// (kind, URL value, visible text) of each pattern.
pub const ARRIVAL_KINDS: &[(ArrivalKind, &str, &str)] = &[
    (ArrivalKind::BackToBack, "back-to-back", "back-to-back"),
    (ArrivalKind::Constant, "constant", "constant rate"),
    (ArrivalKind::Poisson, "poisson", "Poisson"),
    (ArrivalKind::Bursts, "bursts", "bursts"),
];

/// The URL value of a pattern.
pub fn arrival_kind_name(kind: ArrivalKind) -> &'static str {
    ARRIVAL_KINDS
        .iter()
        .find(|(k, _, _)| *k == kind)
        .map_or("", |(_, name, _)| name)
}

/// Inclusive ranges the controls and the URL accept.
pub const CONCURRENCY_RANGE: (u32, u32) = (1, MAX_CONCURRENCY);
pub const RATE_RANGE: (f64, f64) = (0.1, 10_000.0);
pub const BURST_SIZE_RANGE: (u32, u32) = (1, 10_000);
pub const BURST_INTERVAL_RANGE: (f64, f64) = (1.0, 600_000.0);
pub const SLO_RANGE: (f64, f64) = (1.0, 600_000.0);
pub const STORE_TRACES_RANGE: (u32, u32) = (1, 100_000);
/// A 10,004-span fan-out trace must fit; a million spans is about what a tab holds comfortably.
pub const STORE_SPANS_RANGE: (u64, u64) = (1_000, 1_000_000);

#[derive(Clone, Debug, PartialEq)]
pub struct LoadSettings {
    pub arrival: ArrivalKind,
    /// Back-to-back clients.
    pub concurrency: u32,
    /// Requests per second for constant and Poisson arrivals.
    pub rate_rps: f64,
    pub burst_size: u32,
    pub burst_interval_ms: f64,
    /// Requests slower than this are over the SLO.
    pub slo_ms: f64,
    pub store_traces: u32,
    pub store_spans: u64,
}

impl Default for LoadSettings {
    fn default() -> Self {
        let store = StoreLimits::default();
        LoadSettings {
            arrival: ArrivalKind::BackToBack,
            concurrency: 1,
            rate_rps: 10.0,
            burst_size: 10,
            burst_interval_ms: 1_000.0,
            // B alone takes up to 500 ms: unloaded requests meet it, queued ones do not.
            slo_ms: 500.0,
            store_traces: store.max_traces,
            store_spans: store.max_spans,
        }
    }
}

impl LoadSettings {
    /// The simulator's arrival pattern for these settings.
    pub fn arrival(&self) -> Arrival {
        match self.arrival {
            ArrivalKind::BackToBack => Arrival::BackToBack {
                concurrency: self.concurrency,
            },
            ArrivalKind::Constant => Arrival::Constant { rps: self.rate_rps },
            ArrivalKind::Poisson => Arrival::Poisson { rps: self.rate_rps },
            ArrivalKind::Bursts => Arrival::Bursts {
                size: self.burst_size,
                interval_ms: self.burst_interval_ms,
            },
        }
    }

    pub fn store_limits(&self) -> StoreLimits {
        StoreLimits {
            max_traces: self.store_traces,
            max_spans: self.store_spans,
        }
    }

    /// The SLO threshold in nanoseconds (a negative or NaN value reads as 0).
    pub fn slo_nanos(&self) -> u64 {
        ms_to_nanos(self.slo_ms)
    }
}

/// Requests per second an arrival pattern offers, or `None` for back-to-back clients: a closed
/// loop sends as fast as it is answered, so its rate is an outcome, not an input.
pub fn offered_rps(arrival: &Arrival) -> Option<f64> {
    match *arrival {
        Arrival::BackToBack { .. } => None,
        Arrival::Constant { rps } | Arrival::Poisson { rps } => Some(rps),
        Arrival::Bursts { size, interval_ms } => {
            (interval_ms > 0.0).then(|| f64::from(size) * 1_000.0 / interval_ms)
        }
    }
}

/// "Poisson, 8 req/s", "back-to-back, 4 clients", "bursts of 10 every 1000 ms".
pub fn describe_arrival(arrival: &Arrival) -> String {
    match *arrival {
        Arrival::BackToBack { concurrency: 1 } => "back-to-back, 1 client".into(),
        Arrival::BackToBack { concurrency } => format!("back-to-back, {concurrency} clients"),
        Arrival::Constant { rps } => format!("constant, {} req/s", number(rps)),
        Arrival::Poisson { rps } => format!("Poisson, {} req/s", number(rps)),
        Arrival::Bursts { size, interval_ms } => {
            format!("bursts of {size} every {} ms", number(interval_ms))
        }
    }
}

/// "service-a ∞ · service-b 1 · db ∞": worker limits as a run's label.
pub fn describe_workers(limits: &[(&str, Option<u32>)]) -> String {
    limits
        .iter()
        .map(|(service, w)| match w {
            Some(n) => format!("{service} {n}"),
            None => format!("{service} ∞"),
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// A number without a trailing `.0`, to at most two decimals: `10`, `2.5`, `0.33`.
pub fn number(value: f64) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.into()
    }
}

/// A worker limit as typed: `Some(None)` for empty (unlimited), `Some(Some(n))` for 1–64
/// (gunicorn-like sync workers), `None` for anything else.
pub fn parse_workers(text: &str) -> Option<Option<u32>> {
    let text = text.trim();
    if text.is_empty() {
        return Some(None);
    }
    let n: u32 = text.parse().ok()?;
    (1..=MAX_WORKERS).contains(&n).then_some(Some(n))
}

fn ms_to_nanos(ms: f64) -> u64 {
    // `as` saturates and maps NaN to 0, so no input can panic here.
    (ms * 1e6).round() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[rustfmt::skip]
    const OFFERED: &[(Arrival, Option<f64>, &str)] = &[
        (Arrival::BackToBack { concurrency: 4 },            None,        "closed loop: the rate is an outcome"),
        (Arrival::Constant { rps: 12.5 },                   Some(12.5),  "constant rate as given"),
        (Arrival::Poisson { rps: 3.0 },                     Some(3.0),   "Poisson mean rate as given"),
        (Arrival::Bursts { size: 10, interval_ms: 500.0 },  Some(20.0),  "10 every half second is 20/s"),
        (Arrival::Bursts { size: 10, interval_ms: 0.0 },    None,        "no interval, no rate (never divides by 0)"),
    ];

    #[test]
    fn offered_rate_of_each_pattern() {
        for (arrival, expected, why) in OFFERED {
            assert_eq!(offered_rps(arrival), *expected, "{why}");
        }
    }

    #[test]
    fn settings_pick_the_pattern_and_its_own_parameters() {
        let mut s = LoadSettings {
            concurrency: 3,
            rate_rps: 7.0,
            burst_size: 5,
            burst_interval_ms: 250.0,
            ..LoadSettings::default()
        };
        assert_eq!(s.arrival(), Arrival::BackToBack { concurrency: 3 });
        s.arrival = ArrivalKind::Constant;
        assert_eq!(s.arrival(), Arrival::Constant { rps: 7.0 });
        s.arrival = ArrivalKind::Poisson;
        assert_eq!(s.arrival(), Arrival::Poisson { rps: 7.0 });
        s.arrival = ArrivalKind::Bursts;
        assert_eq!(
            s.arrival(),
            Arrival::Bursts {
                size: 5,
                interval_ms: 250.0
            }
        );
    }

    #[test]
    fn defaults_are_valid_for_the_simulator_and_the_store() {
        let s = LoadSettings::default();
        assert!(s.arrival().validate().is_ok());
        assert_eq!(s.store_limits(), StoreLimits::default());
        assert_eq!(s.slo_nanos(), 500_000_000);
        for kind in ARRIVAL_KINDS.iter().map(|k| k.0) {
            let s = LoadSettings {
                arrival: kind,
                ..LoadSettings::default()
            };
            assert!(s.arrival().validate().is_ok(), "{kind:?}");
        }
    }

    #[test]
    fn slo_conversion_never_panics() {
        let mut s = LoadSettings {
            slo_ms: f64::NAN,
            ..LoadSettings::default()
        };
        assert_eq!(s.slo_nanos(), 0);
        s.slo_ms = -5.0;
        assert_eq!(s.slo_nanos(), 0);
        s.slo_ms = f64::INFINITY;
        assert_eq!(s.slo_nanos(), u64::MAX);
        s.slo_ms = 0.25;
        assert_eq!(s.slo_nanos(), 250_000);
    }

    #[test]
    fn descriptions_read_naturally() {
        assert_eq!(
            describe_arrival(&Arrival::BackToBack { concurrency: 1 }),
            "back-to-back, 1 client"
        );
        assert_eq!(
            describe_arrival(&Arrival::Poisson { rps: 8.0 }),
            "Poisson, 8 req/s"
        );
        assert_eq!(
            describe_arrival(&Arrival::Bursts {
                size: 10,
                interval_ms: 1000.0
            }),
            "bursts of 10 every 1000 ms"
        );
        assert_eq!(
            describe_workers(&[("service-a", None), ("service-b", Some(1))]),
            "service-a ∞ · service-b 1"
        );
        assert_eq!(number(2.5), "2.5");
        assert_eq!(number(10.0), "10");
        assert_eq!(number(1.0 / 3.0), "0.33");
        assert_eq!(number(0.0), "0");
    }

    #[rustfmt::skip]
    const WORKERS: &[(&str, Option<Option<u32>>, &str)] = &[
        ("",       Some(None),     "empty is unlimited, like Flask's threaded server"),
        ("  ",     Some(None),     "blank is empty"),
        ("1",      Some(Some(1)),  "one sync worker"),
        (" 64 ",   Some(Some(64)), "the most the simulator allows, spaces ignored"),
        ("0",      None,           "no workers would never answer"),
        ("65",     None,           "above the limit"),
        ("-1",     None,           "negative"),
        ("2.5",    None,           "half a worker"),
        ("many",   None,           "not a number"),
    ];

    #[test]
    fn worker_limits_as_typed() {
        for (text, expected, why) in WORKERS {
            assert_eq!(parse_workers(text), *expected, "{why}");
        }
    }

    #[test]
    fn every_kind_has_a_distinct_url_name() {
        let names: Vec<&str> = ARRIVAL_KINDS
            .iter()
            .map(|k| arrival_kind_name(k.0))
            .collect();
        assert_eq!(names, ["back-to-back", "constant", "poisson", "bursts"]);
    }
}
