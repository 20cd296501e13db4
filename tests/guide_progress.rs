//! Progress through the guides: ticks stay ticked, skipped steps stay open without blocking,
//! Start over, and the localStorage text (round trip, and garbage read as fresh progress).

mod guide_support;

use guide_support::*;
use trace_playground::guide::*;
use trace_playground::model::SpanKind;
use trace_playground::sim::LabOptions;

fn one_trace() -> GuideFacts<'static> {
    GuideFacts {
        trace_count: 1,
        ..GuideFacts::default()
    }
}

#[test]
fn a_first_visit_opens_the_panel_on_the_lab_guide_with_nothing_done() {
    let progress = Progress::load(None);
    assert!(progress.panel_open);
    assert_eq!(progress.guide, GuideId::Lab);
    assert_eq!(progress.summary(GuideId::Lab), "0 of 9 steps done");
    assert_eq!(progress.summary(GuideId::TenServices), "0 of 3 steps done");
    assert_eq!(progress.current(GuideId::Lab), Some(StepId::SendRequest));
}

#[test]
fn a_step_once_ticked_stays_ticked_and_is_announced_once() {
    let mut progress = Progress::fresh();
    assert_eq!(progress.observe(&one_trace()), vec![StepId::SendRequest]);
    assert_eq!(progress.observe(&one_trace()), vec![], "already done");
    assert_eq!(
        progress.observe(&GuideFacts::default()),
        vec![],
        "traces cleared"
    );
    assert_eq!(progress.status(StepId::SendRequest), StepStatus::Done);
    assert_eq!(progress.summary(GuideId::Lab), "1 of 9 steps done");
    assert_eq!(progress.current(GuideId::Lab), Some(StepId::FindTraces));
}

#[test]
fn a_step_of_several_parts_is_done_when_each_was_seen_even_at_different_times() {
    let trace = lab_trace(&LabOptions::default(), 11);
    let b_server = find(&trace, "service-b", SpanKind::Server).span_id;
    let mut progress = Progress::fresh();
    let decoded = GuideFacts {
        opened_trace: Some(&trace),
        selected_span: Some(b_server),
        ..GuideFacts::default()
    };
    progress.observe(&decoded);
    assert!(progress.is_part_done(Part::TraceparentDecoded));
    assert_eq!(progress.status(StepId::Propagation), StepStatus::Open);
    // Later, with propagation off, B's span has no traceparent any more; the tick stays.
    let split = GuideFacts {
        last_request: Some(RequestFacts {
            traces: 2,
            propagated: false,
        }),
        ..GuideFacts::default()
    };
    let newly = progress.observe(&split);
    assert_eq!(newly, vec![StepId::Propagation]);
}

#[test]
fn a_skipped_step_stays_open_without_blocking_the_next_and_can_still_be_done() {
    let mut progress = Progress::fresh();
    progress.skip(StepId::SendRequest);
    assert_eq!(progress.status(StepId::SendRequest), StepStatus::Skipped);
    assert_eq!(progress.current(GuideId::Lab), Some(StepId::FindTraces));
    assert_eq!(progress.skipped_count(GuideId::Lab), 1);
    assert_eq!(progress.summary(GuideId::Lab), "0 of 9 steps done");

    let searched = GuideFacts {
        last_search: Some(SearchFacts {
            service: "service-a",
            errors_only: false,
            min_duration_set: false,
            results: 1,
        }),
        ..GuideFacts::default()
    };
    assert_eq!(
        progress.observe(&searched),
        vec![StepId::FindTraces],
        "not blocked"
    );

    progress.observe(&one_trace());
    assert_eq!(progress.status(StepId::SendRequest), StepStatus::Done);
    assert_eq!(progress.skipped_count(GuideId::Lab), 0);

    progress.skip(StepId::SendRequest);
    assert_eq!(
        progress.status(StepId::SendRequest),
        StepStatus::Done,
        "done cannot be skipped"
    );

    progress.skip(StepId::OpenTrace);
    progress.unskip(StepId::OpenTrace);
    assert_eq!(progress.status(StepId::OpenTrace), StepStatus::Open);
}

#[test]
fn observing_ticks_only_the_guide_on_show() {
    let ten = ten_service_trace();
    let facts = GuideFacts {
        trace_count: 1,
        opened_trace: Some(&ten),
        ..GuideFacts::default()
    };
    let mut progress = Progress::fresh();
    progress.guide = GuideId::TenServices;
    assert_eq!(progress.observe(&facts), vec![StepId::TenSendRequest]);
    assert_eq!(progress.done_count(GuideId::Lab), 0);
    progress.guide = GuideId::Lab;
    assert_eq!(
        progress.observe(&facts),
        vec![StepId::SendRequest, StepId::OpenTrace]
    );
}

#[test]
fn start_over_forgets_one_guide_only() {
    let ten = ten_service_trace();
    let mut progress = Progress::fresh();
    progress.guide = GuideId::TenServices;
    progress.observe(&GuideFacts {
        opened_trace: Some(&ten),
        ..GuideFacts::default()
    });
    progress.guide = GuideId::Lab;
    progress.observe(&one_trace());
    progress.skip(StepId::Sampling);
    progress.panel_open = false;

    progress.start_over(GuideId::Lab);
    assert_eq!(progress.done_count(GuideId::Lab), 0);
    assert_eq!(progress.skipped_count(GuideId::Lab), 0);
    assert_eq!(progress.done_count(GuideId::TenServices), 1);
    assert!(
        !progress.panel_open,
        "the panel stays as the learner left it"
    );
}

#[test]
fn progress_survives_the_storage_round_trip() {
    let mut progress = Progress::fresh();
    progress.observe(&one_trace());
    progress.skip(StepId::HeavyCalc);
    progress.panel_open = false;
    progress.guide = GuideId::TenServices;
    let text = progress.to_storage();
    assert_eq!(
        text,
        r#"{"v":1,"open":false,"guide":"ten-services","parts":["trace-exists"],"skipped":["heavy-calc"]}"#
    );
    assert_eq!(Progress::load(Some(&text)), progress);
}

#[rustfmt::skip]
const GARBAGE: &[(&str, &str)] = &[
    ("",                                   "empty"),
    ("null",                               "JSON null"),
    ("{",                                  "cut off"),
    ("[1,2]",                              "an array"),
    ("\"progress\"",                       "a string"),
    ("{\"v\":1}",                          "fields missing"),
    ("{\"v\":2,\"open\":false,\"guide\":\"lab\",\"parts\":[\"trace-exists\"]}", "another version"),
    ("{\"v\":1,\"open\":\"no\",\"guide\":\"lab\"}", "open is not a bool"),
    ("{\"v\":1,\"open\":false,\"guide\":\"lab\",\"parts\":7}", "parts is not a list"),
    ("{\"v\":1,\"open\":false,\"guide\":\"lab\",\"parts\":[1]}", "a part is not a string"),
    ("{\"v\":-1,\"open\":false,\"guide\":\"lab\"}", "negative version"),
    ("\u{0}\u{ffff}<script>",              "binary and markup"),
];

#[test]
fn garbage_in_storage_gives_fresh_progress() {
    for (text, why) in GARBAGE {
        assert_eq!(Progress::load(Some(text)), Progress::fresh(), "{why}");
    }
    let huge = format!(
        r#"{{"v":1,"open":false,"guide":"lab","parts":[{}"trace-exists"]}}"#,
        "\"x\",".repeat(5_000)
    );
    assert_eq!(
        Progress::load(Some(&huge)),
        Progress::fresh(),
        "too long to be ours"
    );
    let deep = "[".repeat(8_000);
    assert_eq!(
        Progress::load(Some(&deep)),
        Progress::fresh(),
        "deep nesting"
    );
}

#[test]
fn unknown_names_are_dropped_and_the_rest_kept() {
    let text = r#"{"v":1,"open":false,"guide":"a-future-guide","parts":["trace-exists","from-the-future"],"skipped":["sampling","nope"],"extra":1}"#;
    let progress = Progress::load(Some(text));
    assert!(!progress.panel_open);
    assert_eq!(progress.guide, GuideId::Lab, "unknown guide: the lab");
    assert!(progress.is_part_done(Part::TraceExists));
    assert_eq!(progress.done_count(GuideId::Lab), 1);
    assert_eq!(progress.status(StepId::Sampling), StepStatus::Skipped);
    assert_eq!(progress.skipped_count(GuideId::Lab), 1);
}
