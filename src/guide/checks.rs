//! The step checks: pure functions of [`GuideFacts`], one per [`Part`] (issue 14, "Done means":
//! "The step checks are pure functions of the page state").
//!
//! A check answers "is this visible on the page right now?". Remembering what was seen, so a
//! step stays ticked when the learner moves on, is [`super::progress`]'s job.

use super::answers::{check_bottleneck, check_red_spans};
use super::facts::{GuideFacts, SamplingTally};
use super::steps::{GuideId, Part, StepId};
use crate::analysis::{analyze, SpanTree};
use crate::model::{Span, SpanId, SpanKind, Trace};
use crate::propagation::{extract_detailed, TRACEPARENT};
use crate::sim::SamplerKind;
use std::collections::BTreeSet;

/// The service the lab's step 2 searches for.
pub const LAB_ENTRY_SERVICE: &str = "service-a";
/// The name of Challenge 1's manual span.
pub const HEAVY_CALC: &str = "heavy_calc";
/// Requests the sampling step asks for.
pub const SAMPLING_REQUESTS: u64 = 20;
/// The ratio the sampling step asks for.
pub const SAMPLING_RATIO: f64 = 0.5;
/// Services a trace must touch to count as the ten-service preset's.
pub const TEN_SERVICES: usize = 10;

/// True when every part of `step` is visible in `facts` now.
pub fn is_done(step: StepId, facts: &GuideFacts) -> bool {
    step.parts().iter().all(|(part, _)| part_done(*part, facts))
}

/// The parts of `guide` that are visible in `facts` now.
pub fn parts_done(guide: GuideId, facts: &GuideFacts) -> Vec<Part> {
    guide
        .steps()
        .iter()
        .flat_map(|s| s.parts.iter().map(|(p, _)| *p))
        .filter(|p| part_done(*p, facts))
        .collect()
}

/// True when `part` is visible in `facts` now.
pub fn part_done(part: Part, f: &GuideFacts) -> bool {
    let trace = f.opened_trace.filter(|t| !t.spans.is_empty());
    let search = f.last_search.filter(|s| s.results > 0);
    match part {
        Part::TraceExists => f.trace_count > 0,
        Part::SearchedServiceA => search.is_some_and(|s| s.service == LAB_ENTRY_SERVICE),
        Part::TraceOpened => trace.is_some(),
        Part::BottleneckNamed => match (trace, f.bottleneck_pick) {
            (Some(t), Some(pick)) => check_bottleneck(pick, t).correct,
            _ => false,
        },
        Part::HeavyCalcOpened => f.lab.heavy_calc && trace.is_some_and(has_heavy_calc),
        Part::ErrorTraceFound => {
            f.lab.random_500s
                && search.is_some_and(|s| s.errors_only)
                && trace.is_some_and(|t| t.error_count() > 0)
        }
        Part::RedSpansNamed => match (trace, f.red_pick) {
            (Some(t), Some(pick)) => check_red_spans(pick, t).correct,
            _ => false,
        },
        Part::Why200Answered => f.why_200_pick.is_some_and(|w| w.is_correct()),
        Part::TraceparentDecoded => trace.is_some_and(|t| traceparent_decoded(t, f)),
        Part::PropagationSplit => f
            .last_request
            .is_some_and(|r| !r.propagated && r.traces >= 2),
        Part::SampledAboutHalf => sampled_about_half(&f.sampling),
        Part::KeptTraceWhole => {
            is_ratio_sampler(f.lab.sampler)
                && f.lab.sampling_ratio < 1.0
                && trace.is_some_and(is_whole)
        }
        Part::SpansAccepted => f.exported_spans > 0,
        Part::TenServiceTrace => trace.is_some_and(is_ten_service),
        Part::TenBlameNamed => match (trace.filter(|t| is_ten_service(t)), f.bottleneck_pick) {
            (Some(t), Some(pick)) => check_bottleneck(pick, t).correct,
            _ => false,
        },
        Part::SlowServiceSearched => match (trace.filter(|t| is_ten_service(t)), search) {
            (Some(t), Some(s)) => {
                s.min_duration_set && analyze(t).verdict.service.as_deref() == Some(s.service)
            }
            _ => false,
        },
    }
}

fn has_heavy_calc(trace: &Trace) -> bool {
    trace.spans.iter().any(|s| s.name == HEAVY_CALC)
}

/// The samplers `OTEL_TRACES_SAMPLER_ARG` applies to.
pub fn is_ratio_sampler(sampler: SamplerKind) -> bool {
    matches!(
        sampler,
        SamplerKind::TraceIdRatio | SamplerKind::ParentBasedTraceIdRatio
    )
}

/// Ratio 0.5, at least 20 requests under it, and the kept count "about half".
fn sampled_about_half(t: &SamplingTally) -> bool {
    is_ratio_sampler(t.sampler)
        && (t.ratio - SAMPLING_RATIO).abs() < 1e-9
        && t.requests >= SAMPLING_REQUESTS
        && kept_as_expected(t.kept, t.requests, t.ratio)
}

/// True when `kept` of `requests` is within three standard deviations of `requests × ratio`.
///
/// Each trace id is sampled independently with probability `ratio`, so the kept count is
/// binomial; three standard deviations hold the count in all but about 0.3 % of runs (20
/// requests at 0.5: 4 to 16 kept), while a sampler that keeps everything or nothing fails.
pub fn kept_as_expected(kept: u64, requests: u64, ratio: f64) -> bool {
    if requests == 0 || !(0.0..=1.0).contains(&ratio) {
        return false;
    }
    let n = requests as f64;
    let expected = n * ratio;
    let sd = (n * ratio * (1.0 - ratio)).sqrt();
    (kept as f64 - expected).abs() <= 3.0 * sd
}

/// Server spans of `trace` that received a valid `traceparent`, with the header as it arrived.
pub fn received_traceparents(trace: &Trace) -> Vec<(SpanId, &str)> {
    trace
        .spans
        .iter()
        .filter_map(received_traceparent)
        .collect()
}

/// The valid `traceparent` a server span received, as it arrived.
fn received_traceparent(span: &Span) -> Option<(SpanId, &str)> {
    if span.kind != SpanKind::Server {
        return None;
    }
    let headers = span.wire_headers.as_ref()?;
    extract_detailed(headers).traceparent.ok()?;
    let (_, value) = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(TRACEPARENT))?;
    Some((span.span_id, value.as_str()))
}

/// The learner sees a received `traceparent` decoded: they selected a span that received one
/// (its detail decodes it), or pasted that header into the Header inspector. Only the selected
/// span is looked at, and the trace is scanned only when the inspector holds text, so a
/// 100,000-span trace costs nothing on most renders.
fn traceparent_decoded(trace: &Trace, f: &GuideFacts) -> bool {
    let selected = f.selected_span.is_some_and(|id| {
        trace
            .spans
            .iter()
            .filter(|s| s.span_id == id)
            .any(|s| received_traceparent(s).is_some())
    });
    let pasted = || {
        f.inspector_traceparent
            .map(str::trim)
            .filter(|text| !text.is_empty())
            .is_some_and(|text| {
                trace
                    .spans
                    .iter()
                    .filter_map(received_traceparent)
                    .any(|(_, value)| value.trim() == text)
            })
    };
    selected || pasted()
}

/// A whole trace: more than one service, one true root, and every other span's parent present.
pub fn is_whole(trace: &Trace) -> bool {
    let tree = SpanTree::build(&trace.spans);
    let roots = tree.roots().len();
    service_count(trace) >= 2 && roots == 1 && tree.orphan_count() == 0
}

pub fn service_count(trace: &Trace) -> usize {
    // Built by insert, not `collect` (which sorts its input first: one more copy of std's sort
    // in the page, see `crate::order`).
    let mut services = BTreeSet::new();
    services.extend(trace.spans.iter().map(|s| s.service_name()));
    services.len()
}

fn is_ten_service(trace: &Trace) -> bool {
    service_count(trace) >= TEN_SERVICES
}

#[cfg(test)]
mod tests {
    use super::*;

    #[rustfmt::skip]
    const KEPT: &[(u64, u64, f64, bool, &str)] = &[
        (10, 20, 0.5, true,  "exactly half"),
        (4,  20, 0.5, true,  "3 sd below: 10 - 6.7"),
        (16, 20, 0.5, true,  "3 sd above"),
        (3,  20, 0.5, false, "more than 3 sd below"),
        (17, 20, 0.5, false, "more than 3 sd above"),
        (20, 20, 0.5, false, "everything kept is not a 0.5 sampler"),
        (0,  20, 0.5, false, "nothing kept"),
        (0,  0,  0.5, false, "no requests: nothing to judge"),
        (20, 20, 1.0, true,  "ratio 1 keeps all (sd 0)"),
        (5,  10, 1.5, false, "ratio outside 0-1"),
    ];

    #[test]
    fn kept_counts_within_three_standard_deviations() {
        for (kept, requests, ratio, expected, why) in KEPT {
            assert_eq!(
                kept_as_expected(*kept, *requests, *ratio),
                *expected,
                "{why}"
            );
        }
    }
}
