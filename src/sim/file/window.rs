//! The rules for when things happen: incidents (a window in which an endpoint misbehaves) and
//! traffic (how requests arrive).

use super::error::quote_all;
use super::locate::Path;
use super::types::{IncidentFile, Pattern, ScenarioFile, TrafficFile};
use super::validate::{check_rate, resolve_target, Report};
use crate::sim::{MAX_CONCURRENCY, MAX_REQUESTS};
use std::collections::BTreeMap;

pub(super) fn check_incident(
    file: &ScenarioFile,
    i: &IncidentFile,
    path: &Path,
    switches: &[&str],
    report: &mut Report,
) {
    if let Err(why) = resolve_target(file, &i.target) {
        report.add(path.key("target"), why);
    }
    report.duration(path.key("from"), "an incident's start", i.from.0, false);
    report.duration(path.key("for"), "an incident's length", i.lasts.0, true);
    if let Some(latency) = &i.latency {
        report.latency(path.key("latency"), &latency.0);
    }
    match i.error_rate {
        Some(rate) => check_rate(rate.0, i.status, path, "error_rate", report),
        None if i.latency.is_none() => report.add(
            path.clone(),
            "an incident changes nothing without a `latency`, an `error_rate`, or both: add one",
        ),
        None => {
            for (key, given) in [("status", i.status.is_some()), ("body", i.body.is_some())] {
                if given {
                    report.add(path.key(key), format!("`{key}` describes the incident's errors: add an `error_rate` or remove it"));
                }
            }
        }
    }
    report.switch_ref(path, &i.when, &i.unless, switches);
}

pub(super) fn check_traffic(t: &TrafficFile, path: &Path, report: &mut Report) {
    let (name, wants): (&str, &[&str]) = match t.pattern {
        Pattern::BackToBack => ("back-to-back", &["concurrency"]),
        Pattern::Constant => ("constant", &["rps"]),
        Pattern::Poisson => ("poisson", &["rps"]),
        Pattern::Bursts => ("bursts", &["size", "every"]),
    };
    let given: BTreeMap<&str, bool> = [
        ("concurrency", t.concurrency.is_some()),
        ("rps", t.rps.is_some()),
        ("size", t.size.is_some()),
        ("every", t.every.is_some()),
    ]
    .into_iter()
    .collect();
    for (key, is_given) in &given {
        if *is_given && !wants.contains(key) {
            report.add(
                path.key(key),
                format!(
                    "`{key}` does not apply to the {name} pattern, which takes {}",
                    quote_all(wants)
                ),
            );
        }
        // Back-to-back defaults to one client; the open-loop patterns need their numbers.
        if !*is_given && wants.contains(key) && t.pattern != Pattern::BackToBack {
            report.add(
                path.clone(),
                format!("the {name} pattern needs `{key}`: add it"),
            );
        }
    }
    let count = |key: &str, n: Option<u32>, max: u32, report: &mut Report| {
        if let Some(n) = n.filter(|n| *n == 0 || *n > max) {
            report.add(
                path.key(key),
                format!("{key} must be between 1 and {max}, got {n}"),
            );
        }
    };
    count("requests", t.requests, MAX_REQUESTS, report);
    count("concurrency", t.concurrency, MAX_CONCURRENCY, report);
    count("size", t.size, MAX_REQUESTS, report);
    if let Some(rps) = t.rps.filter(|r| !(r.is_finite() && *r > 0.0)) {
        report.add(
            path.key("rps"),
            format!("rps must be a positive number of requests per second, got {rps}"),
        );
    }
    if let Some(every) = t.every {
        report.duration(
            path.key("every"),
            "the interval between bursts",
            every.0,
            true,
        );
    }
}
