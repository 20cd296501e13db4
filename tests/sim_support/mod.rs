//! Helpers shared by the `sim_*` integration tests.
#![allow(dead_code)] // each test crate uses a different subset of these helpers

use std::collections::HashMap;
use trace_playground::model::{AttrValue, Span, SpanId, SpanKind};
use trace_playground::sim::{simulate, Arrival, LabOptions, RunSettings, Scenario, SimRun};

/// A fixed anchor: 2023-11-14T22:13:20Z.
pub const START: u64 = 1_700_000_000_000_000_000;
pub const MS: u64 = 1_000_000;

/// Runs the lab with `options` (scenario and run settings both from them).
pub fn run_lab(options: &LabOptions, seed: u64, arrival: Arrival, requests: u32) -> SimRun {
    let scenario = Scenario::lab_with(options).expect("valid options");
    simulate(
        &scenario,
        &RunSettings::from(options),
        seed,
        START,
        arrival,
        requests,
    )
    .expect("valid run")
}

/// One request, one at a time.
pub fn run_one(options: &LabOptions, seed: u64) -> SimRun {
    run_lab(options, seed, Arrival::default(), 1)
}

pub fn find<'a>(spans: &'a [Span], service: &str, kind: SpanKind) -> Vec<&'a Span> {
    spans
        .iter()
        .filter(|s| s.service_name() == service && s.kind == kind)
        .collect()
}

pub fn only<'a>(spans: &'a [Span], service: &str, kind: SpanKind) -> &'a Span {
    let found = find(spans, service, kind);
    assert_eq!(
        found.len(),
        1,
        "expected one {kind:?} span in {service}, got {}",
        found.len()
    );
    found[0]
}

pub fn keys(span: &Span) -> Vec<&str> {
    span.attributes.iter().map(|kv| kv.key.as_ref()).collect()
}

pub fn str_attr<'a>(span: &'a Span, key: &str) -> Option<&'a str> {
    match span.attr(key) {
        Some(AttrValue::Str(s)) => Some(s.as_ref()),
        _ => None,
    }
}

pub fn int_attr(span: &Span, key: &str) -> Option<i64> {
    match span.attr(key) {
        Some(AttrValue::Int(i)) => Some(*i),
        _ => None,
    }
}

/// Every span with a parent in `spans` starts strictly after it and ends strictly before it.
/// Returns how many parent/child pairs were checked.
pub fn assert_strictly_nested(spans: &[Span]) -> usize {
    let by_id: HashMap<SpanId, &Span> = spans.iter().map(|s| (s.span_id, s)).collect();
    let mut pairs = 0;
    for child in spans {
        let Some(parent) = child.parent_span_id.and_then(|p| by_id.get(&p)) else {
            continue;
        };
        assert_eq!(
            child.trace_id, parent.trace_id,
            "child {} of {}",
            child.name, parent.name
        );
        assert!(
            child.start_unix_nano > parent.start_unix_nano,
            "{} {} starts at {} not after its parent {} {} at {}",
            child.service_name(),
            child.name,
            child.start_unix_nano,
            parent.service_name(),
            parent.name,
            parent.start_unix_nano
        );
        assert!(
            child.end_unix_nano < parent.end_unix_nano,
            "{} {} ends at {} not before its parent {} {} at {}",
            child.service_name(),
            child.name,
            child.end_unix_nano,
            parent.service_name(),
            parent.name,
            parent.end_unix_nano
        );
        pairs += 1;
    }
    pairs
}

/// The value at quantile `q` (nearest rank) of `values`.
pub fn quantile(mut values: Vec<u64>, q: f64) -> u64 {
    assert!(!values.is_empty());
    values.sort_unstable();
    let rank = ((q * values.len() as f64).ceil() as usize).clamp(1, values.len());
    values[rank - 1]
}
