//! Head sampling as the SDK samplers named by `OTEL_TRACES_SAMPLER` do it, and what sampling
//! does (and does not) change in a run.
//! Spec: <https://opentelemetry.io/docs/specs/otel/trace/sdk/#built-in-samplers>.

mod sim_support;

use sim_support::*;
use std::collections::HashMap;
use trace_playground::model::{SpanId, SpanKind, TraceFlags, TraceId};
use trace_playground::propagation::SpanContext;
use trace_playground::sim::*;

fn parent(sampled: bool) -> SpanContext {
    SpanContext {
        trace_id: TraceId(1),
        span_id: SpanId(1),
        flags: TraceFlags::RANDOM.with_sampled(sampled),
        trace_state: String::new(),
    }
}

/// Low 8 bytes of the trace id decide `traceidratio`: 0x4000.. is exactly a quarter of 2^64.
const LOW_KEEP: TraceId = TraceId(0xffff_ffff_ffff_ffff_3fff_ffff_ffff_ffff);
const LOW_DROP: TraceId = TraceId(0x0000_0000_0000_0000_4000_0000_0000_0000);

/// (sampler, ratio, parent's sampled flag if there is a parent, trace id, decision, why)
type Decision = (SamplerKind, f64, Option<bool>, TraceId, bool, &'static str);

#[rustfmt::skip]
const DECISIONS: &[Decision] = &[
    (SamplerKind::AlwaysOn,  1.0, None,        LOW_DROP, true,  "always_on records everything"),
    (SamplerKind::AlwaysOn,  1.0, Some(false), LOW_DROP, true,  "always_on ignores the parent"),
    (SamplerKind::AlwaysOff, 1.0, Some(true),  LOW_KEEP, false, "always_off records nothing"),
    (SamplerKind::TraceIdRatio, 0.25, None, LOW_KEEP, true,  "low 8 bytes below 2^62: kept"),
    (SamplerKind::TraceIdRatio, 0.25, None, LOW_DROP, false, "low 8 bytes at 2^62: dropped"),
    (SamplerKind::TraceIdRatio, 0.25, Some(false), LOW_KEEP, true, "traceidratio ignores the parent flag"),
    (SamplerKind::TraceIdRatio, 0.0, None, TraceId(1), false, "ratio 0 keeps nothing, not even id 1"),
    (SamplerKind::TraceIdRatio, 1.0, None, TraceId(u128::MAX), true, "ratio 1 keeps everything, even all ones"),
    (SamplerKind::ParentBasedAlwaysOn,  1.0, None,        LOW_DROP, true,  "root: always_on"),
    (SamplerKind::ParentBasedAlwaysOn,  1.0, Some(false), LOW_KEEP, false, "unsampled parent: drop"),
    (SamplerKind::ParentBasedAlwaysOn,  1.0, Some(true),  LOW_DROP, true,  "sampled parent: record"),
    (SamplerKind::ParentBasedAlwaysOff, 1.0, None,        LOW_KEEP, false, "root: always_off"),
    (SamplerKind::ParentBasedAlwaysOff, 1.0, Some(true),  LOW_DROP, true,  "sampled parent wins over the root sampler"),
    (SamplerKind::ParentBasedTraceIdRatio, 0.25, None,        LOW_KEEP, true,  "root: ratio keeps"),
    (SamplerKind::ParentBasedTraceIdRatio, 0.25, None,        LOW_DROP, false, "root: ratio drops"),
    (SamplerKind::ParentBasedTraceIdRatio, 0.25, Some(true),  LOW_DROP, true,  "parent sampled: kept though the ratio would drop"),
    (SamplerKind::ParentBasedTraceIdRatio, 0.25, Some(false), LOW_KEEP, false, "parent unsampled: dropped though the ratio would keep"),
];

#[test]
fn samplers_decide_as_the_spec_says() {
    for (kind, ratio, parent_sampled, trace_id, expected, why) in DECISIONS {
        let sampler = Sampler::new(*kind, *ratio).unwrap();
        let parent = parent_sampled.map(parent);
        assert_eq!(
            sampler.should_sample(parent.as_ref(), *trace_id),
            *expected,
            "{why}"
        );
    }
}

#[test]
fn sampler_names_are_the_environment_variable_values() {
    #[rustfmt::skip]
    let names = [
        (SamplerKind::AlwaysOn, "always_on"), (SamplerKind::AlwaysOff, "always_off"),
        (SamplerKind::TraceIdRatio, "traceidratio"),
        (SamplerKind::ParentBasedAlwaysOn, "parentbased_always_on"),
        (SamplerKind::ParentBasedAlwaysOff, "parentbased_always_off"),
        (SamplerKind::ParentBasedTraceIdRatio, "parentbased_traceidratio"),
    ];
    for (kind, name) in names {
        assert_eq!(sampler_env_name(kind), name);
    }
    assert_eq!(
        SamplerKind::default(),
        SamplerKind::ParentBasedAlwaysOn,
        "the SDK default"
    );
}

fn sampled_fraction(kind: SamplerKind, ratio: f64, propagate: bool) -> (f64, Vec<SimRun>) {
    let options = LabOptions {
        sampler: kind,
        sampling_ratio: ratio,
        propagate,
        ..LabOptions::default()
    };
    let runs: Vec<SimRun> = (0..20)
        .map(|seed| run_lab(&options, seed, Arrival::default(), 500))
        .collect();
    let sampled: u32 = runs.iter().map(|r| r.sampled).sum();
    (f64::from(sampled) / 10_000.0, runs)
}

#[test]
fn traceidratio_keeps_about_the_ratio_over_many_seeded_runs() {
    for kind in [
        SamplerKind::TraceIdRatio,
        SamplerKind::ParentBasedTraceIdRatio,
    ] {
        let (fraction, runs) = sampled_fraction(kind, 0.25, true);
        // 10,000 Bernoulli(0.25) draws: σ ≈ 0.0043, so ±0.02 is over 4σ.
        assert!((fraction - 0.25).abs() < 0.02, "{kind:?} kept {fraction}");
        for run in &runs {
            assert_eq!(run.sampled + run.dropped, 500);
            let kept = run.requests.iter().filter(|r| r.sampled).count() as u32;
            assert_eq!(kept, run.sampled, "records agree with the counters");
            // With context propagated, B's decision is A's: whole traces or nothing.
            assert_eq!(
                run.spans.len() as u32,
                3 * run.sampled,
                "{kind:?}: 3 spans per kept trace"
            );
        }
    }
}

#[test]
fn each_service_decides_alone_when_context_is_not_propagated() {
    let (_, runs) = sampled_fraction(SamplerKind::ParentBasedTraceIdRatio, 0.5, false);
    let (mut a_only, mut b_only, mut both) = (0, 0, 0);
    for run in &runs {
        let mut per_request: HashMap<u64, (bool, bool)> = HashMap::new();
        for span in &run.spans {
            // Requests run one at a time, so a span belongs to the request whose time window
            // holds its start (the two traces share no id to pair them by).
            let record = run
                .requests
                .iter()
                .find(|r| (r.start_unix_nano..=r.end_unix_nano()).contains(&span.start_unix_nano))
                .unwrap();
            let entry = per_request.entry(record.start_unix_nano).or_default();
            if span.kind == SpanKind::Server {
                if span.service_name() == "service-a" {
                    entry.0 = true
                } else {
                    entry.1 = true
                }
            }
        }
        for (a, b) in per_request.values() {
            match (a, b) {
                (true, false) => a_only += 1,
                (false, true) => b_only += 1,
                (true, true) => both += 1,
                _ => {}
            }
        }
    }
    assert!(
        a_only > 500 && b_only > 500 && both > 500,
        "independent 50% decisions: {a_only} {b_only} {both}"
    );
}

#[test]
fn unsampled_requests_still_run_and_queue_but_record_no_spans() {
    let arrival = Arrival::Poisson { rps: 8.0 };
    let base = LabOptions {
        workers_b: Some(1),
        ..LabOptions::default()
    };
    let on = run_lab(&base, 12, arrival, 100);
    let off = run_lab(
        &LabOptions {
            sampler: SamplerKind::AlwaysOff,
            ..base.clone()
        },
        12,
        arrival,
        100,
    );
    assert!(off.spans.is_empty());
    assert_eq!((off.sampled, off.dropped), (0, 100));
    assert_eq!((on.sampled, on.dropped), (100, 0));
    for (a, b) in on.requests.iter().zip(&off.requests) {
        assert_eq!(
            a.duration_nanos, b.duration_nanos,
            "sampling changes what is kept, not timing"
        );
        assert_eq!(a.services, b.services, "same queue waits");
        assert_eq!(a.trace_id, b.trace_id);
        assert!(a.sampled && !b.sampled);
    }
    assert!(
        off.requests.iter().any(|r| r.queue_wait_at(1) > 0),
        "B's single worker made requests wait"
    );
}

#[test]
fn parent_based_always_off_drops_the_whole_trace() {
    let options = LabOptions {
        sampler: SamplerKind::ParentBasedAlwaysOff,
        ..LabOptions::default()
    };
    let run = run_lab(&options, 1, Arrival::default(), 50);
    assert!(run.spans.is_empty(), "B follows A's unsampled flag");
    assert_eq!(run.dropped, 50);
}
