//! Each guide step's check (issue 14, "Done means"): a page state where the step is done and
//! states where it is not, with real lab traces from the simulator where the step is about them.

mod guide_support;

use guide_support::*;
use trace_playground::guide::*;
use trace_playground::model::{SpanId, SpanKind, Trace};
use trace_playground::sim::{LabOptions, SamplerKind};

fn lab(options: &LabOptions) -> LabFacts {
    LabFacts::from(options)
}

fn search(service: &str, errors_only: bool, results: usize) -> SearchFacts<'_> {
    SearchFacts {
        service,
        errors_only,
        min_duration_set: false,
        results,
    }
}

fn opened(trace: &Trace) -> GuideFacts<'_> {
    GuideFacts {
        trace_count: 1,
        opened_trace: Some(trace),
        ..GuideFacts::default()
    }
}

#[test]
fn step_1_send_request_is_done_once_a_trace_exists() {
    let done = GuideFacts {
        trace_count: 1,
        ..GuideFacts::default()
    };
    assert!(is_done(StepId::SendRequest, &done));
    assert!(!is_done(StepId::SendRequest, &GuideFacts::default()));
}

#[test]
fn step_2_find_traces_needs_a_search_for_service_a_that_found_traces() {
    let with = |s| GuideFacts {
        last_search: Some(s),
        ..GuideFacts::default()
    };
    assert!(is_done(
        StepId::FindTraces,
        &with(search("service-a", false, 3))
    ));
    assert!(
        !is_done(StepId::FindTraces, &with(search("service-b", false, 3))),
        "other service"
    );
    assert!(
        !is_done(StepId::FindTraces, &with(search("", false, 3))),
        "all services"
    );
    assert!(
        !is_done(StepId::FindTraces, &with(search("service-a", false, 0))),
        "nothing found"
    );
    assert!(
        !is_done(StepId::FindTraces, &GuideFacts::default()),
        "no search ran"
    );
}

#[test]
fn step_3_open_trace_needs_a_trace_with_spans_open() {
    let trace = lab_trace(&LabOptions::default(), 1);
    assert!(is_done(StepId::OpenTrace, &opened(&trace)));
    let empty = Trace::new(trace.trace_id, Vec::new());
    assert!(!is_done(StepId::OpenTrace, &opened(&empty)));
    assert!(!is_done(StepId::OpenTrace, &GuideFacts::default()));
}

#[test]
fn step_4_name_the_bottleneck_is_checked_against_the_verdict() {
    let trace = lab_trace(&LabOptions::default(), 3);
    let pick = |p| GuideFacts {
        bottleneck_pick: Some(p),
        ..opened(&trace)
    };
    // In the lab B sleeps 100–500 ms while A only forwards: B is the bottleneck.
    assert!(is_done(StepId::NameBottleneck, &pick("service-b")));
    assert!(!is_done(StepId::NameBottleneck, &pick("service-a")));
    assert!(
        !is_done(StepId::NameBottleneck, &pick("db")),
        "not in the trace"
    );
    assert!(
        !is_done(StepId::NameBottleneck, &opened(&trace)),
        "no answer yet"
    );
    let no_trace = GuideFacts {
        bottleneck_pick: Some("service-b"),
        ..GuideFacts::default()
    };
    assert!(
        !is_done(StepId::NameBottleneck, &no_trace),
        "nothing to check against"
    );
}

#[test]
fn step_5_heavy_calc_needs_the_switch_on_and_a_trace_with_the_span_open() {
    let heavy = LabOptions {
        heavy_calc: true,
        ..LabOptions::default()
    };
    let with_span = lab_trace(&heavy, 5);
    let without_span = lab_trace(&LabOptions::default(), 5);
    let facts = |trace, options: &LabOptions| GuideFacts {
        lab: lab(options),
        ..opened(trace)
    };
    assert!(is_done(StepId::HeavyCalc, &facts(&with_span, &heavy)));
    assert!(
        !is_done(StepId::HeavyCalc, &facts(&without_span, &heavy)),
        "switch on, but the open trace was made before"
    );
    assert!(
        !is_done(
            StepId::HeavyCalc,
            &facts(&with_span, &LabOptions::default())
        ),
        "an old heavy_calc trace with the switch off"
    );
}

fn red_span_ids(trace: &Trace) -> Vec<SpanId> {
    trace
        .spans
        .iter()
        .filter(|s| s.is_error())
        .map(|s| s.span_id)
        .collect()
}

#[test]
fn step_6_random_500s_needs_an_errors_only_find_and_both_answers() {
    let options = LabOptions {
        random_500s: true,
        ..LabOptions::default()
    };
    let trace = error_trace();
    let red = red_span_ids(&trace);
    let done = GuideFacts {
        lab: lab(&options),
        last_search: Some(search("service-a", true, 2)),
        red_pick: Some(&red),
        why_200_pick: Some(Why200::AAnswered200),
        ..opened(&trace)
    };
    assert!(is_done(StepId::RandomErrors, &done));

    let not_errors_only = GuideFacts {
        last_search: Some(search("service-a", false, 2)),
        ..done
    };
    assert!(!is_done(StepId::RandomErrors, &not_errors_only));
    assert!(!part_done(Part::ErrorTraceFound, &not_errors_only));

    let switch_off = GuideFacts {
        lab: LabFacts::default(),
        ..done
    };
    assert!(!part_done(Part::ErrorTraceFound, &switch_off));

    let never_fails = LabOptions {
        error_rate_percent: 0.0,
        ..options.clone()
    };
    let ok_trace = lab_trace(&never_fails, 1);
    assert_eq!(ok_trace.error_count(), 0);
    let ok_open = GuideFacts {
        opened_trace: Some(&ok_trace),
        ..done
    };
    assert!(
        !part_done(Part::ErrorTraceFound, &ok_open),
        "the open trace has no error"
    );

    let only_b = vec![find(&trace, "service-b", SpanKind::Server).span_id];
    let half_right = GuideFacts {
        red_pick: Some(&only_b),
        ..done
    };
    assert!(
        !is_done(StepId::RandomErrors, &half_right),
        "A's client span is red too"
    );
    assert!(part_done(Part::ErrorTraceFound, &half_right));

    let wrong_why = GuideFacts {
        why_200_pick: Some(Why200::StatusTravelsInTraceparent),
        ..done
    };
    assert!(!is_done(StepId::RandomErrors, &wrong_why));
}

#[test]
fn step_7_propagation_needs_a_decoded_traceparent_and_a_split_request() {
    let trace = lab_trace(&LabOptions::default(), 11);
    let b_server = find(&trace, "service-b", SpanKind::Server);
    let a_server = find(&trace, "service-a", SpanKind::Server);
    let split = RequestFacts {
        traces: 2,
        propagated: false,
    };
    let done = GuideFacts {
        selected_span: Some(b_server.span_id),
        last_request: Some(split),
        ..opened(&trace)
    };
    assert!(is_done(StepId::Propagation, &done));

    let a_selected = GuideFacts {
        selected_span: Some(a_server.span_id),
        ..done
    };
    assert!(
        !part_done(Part::TraceparentDecoded, &a_selected),
        "curl sent no traceparent"
    );

    let (_, received) = received_traceparents(&trace)[0];
    let pasted = GuideFacts {
        selected_span: None,
        inspector_traceparent: Some(received),
        ..done
    };
    assert!(
        part_done(Part::TraceparentDecoded, &pasted),
        "B's header in the inspector"
    );
    let example = GuideFacts {
        inspector_traceparent: Some("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
        ..pasted
    };
    assert!(
        !part_done(Part::TraceparentDecoded, &example),
        "not the header B received"
    );

    let one_trace = GuideFacts {
        last_request: Some(RequestFacts {
            traces: 1,
            propagated: true,
        }),
        ..done
    };
    assert!(!is_done(StepId::Propagation, &one_trace));
}

#[test]
fn propagation_off_really_makes_two_traces_and_b_receives_no_traceparent() {
    let off = LabOptions {
        propagate: false,
        ..LabOptions::default()
    };
    let traces = lab_traces(&off, 11);
    assert_eq!(traces.len(), 2);
    let facts = GuideFacts {
        last_request: Some(RequestFacts {
            traces: traces.len(),
            propagated: off.propagate,
        }),
        ..GuideFacts::default()
    };
    assert!(part_done(Part::PropagationSplit, &facts));
    for trace in &traces {
        assert!(received_traceparents(trace).is_empty());
    }
}

fn half_sampler() -> LabOptions {
    LabOptions {
        sampler: SamplerKind::ParentBasedTraceIdRatio,
        sampling_ratio: 0.5,
        ..LabOptions::default()
    }
}

#[test]
fn step_8_sampling_is_done_after_20_requests_at_half_and_a_whole_kept_trace() {
    let options = half_sampler();
    let run = lab_run(&options, 21, 20);
    let kept = run.requests.iter().filter(|r| r.sampled).count() as u64;
    let mut tally = SamplingTally::default();
    tally.record(options.sampler, options.sampling_ratio, 20, kept);
    let traces = Trace::group(run.spans);
    assert_eq!(traces.len() as u64, kept, "every kept request is one trace");
    assert!(
        traces.iter().all(|t| t.spans.len() == 3),
        "all or nothing per trace"
    );

    let done = GuideFacts {
        lab: lab(&options),
        sampling: tally,
        ..opened(&traces[0])
    };
    assert!(is_done(StepId::Sampling, &done), "{kept} of 20 kept");

    let mut nineteen = SamplingTally::default();
    nineteen.record(options.sampler, 0.5, 19, 10);
    assert!(!part_done(
        Part::SampledAboutHalf,
        &GuideFacts {
            sampling: nineteen,
            ..done
        }
    ));

    let mut all_on = SamplingTally::default();
    all_on.record(SamplerKind::ParentBasedAlwaysOn, 1.0, 20, 20);
    assert!(!part_done(
        Part::SampledAboutHalf,
        &GuideFacts {
            sampling: all_on,
            ..done
        }
    ));

    let default_sampler = GuideFacts {
        lab: LabFacts::default(),
        ..done
    };
    assert!(
        !part_done(Part::KeptTraceWhole, &default_sampler),
        "no ratio sampler"
    );

    // Propagation off with the default sampler: B's spans always form a trace of their own.
    let b_only = lab_traces(
        &LabOptions {
            propagate: false,
            ..LabOptions::default()
        },
        4,
    )
    .into_iter()
    .find(|t| t.spans.iter().all(|s| s.service_name() == "service-b"))
    .expect("with propagation off, B's spans form a trace of their own");
    let partial = GuideFacts {
        opened_trace: Some(&b_only),
        ..done
    };
    assert!(
        !part_done(Part::KeptTraceWhole, &partial),
        "one service only"
    );
}

#[test]
fn the_sampling_tally_starts_again_when_the_sampler_changes() {
    let mut tally = SamplingTally::default();
    tally.record(SamplerKind::ParentBasedAlwaysOn, 1.0, 15, 15);
    tally.record(SamplerKind::ParentBasedTraceIdRatio, 0.5, 10, 4);
    tally.record(SamplerKind::ParentBasedTraceIdRatio, 0.5, 10, 6);
    assert_eq!((tally.requests, tally.kept), (20, 10));
    tally.record(SamplerKind::ParentBasedTraceIdRatio, 0.25, 1, 5);
    assert_eq!(
        (tally.requests, tally.kept),
        (1, 1),
        "new ratio; kept never exceeds requests"
    );
}

#[test]
fn step_9_export_is_done_when_the_collector_accepted_spans() {
    let accepted = GuideFacts {
        exported_spans: 4,
        ..GuideFacts::default()
    };
    assert!(is_done(StepId::ExportToJaeger, &accepted));
    assert!(!is_done(StepId::ExportToJaeger, &GuideFacts::default()));
}
