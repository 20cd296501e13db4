//! The guide's questions: the bottleneck pick explained with the trace's own numbers, the red
//! spans of Challenge 2, why A's server span says 200, and where `heavy_calc` sits.

mod guide_support;

use guide_support::*;
use trace_playground::guide::*;
use trace_playground::model::{SpanId, SpanKind};
use trace_playground::sim::LabOptions;

#[test]
fn the_right_bottleneck_is_explained_with_the_critical_path_numbers() {
    let answer = check_bottleneck("service-b", &lab_247ms());
    assert!(answer.correct);
    assert_eq!(
        answer.explanation,
        "Right: service-b took 241 of 247 ms of this request's critical path (98 %)."
    );
}

#[test]
fn a_wrong_pick_is_told_its_own_share_and_the_right_one() {
    let answer = check_bottleneck("service-a", &lab_247ms());
    assert!(!answer.correct);
    assert_eq!(
        answer.explanation,
        "Not this time: service-a's own work was 6 of 247 ms of the critical path; \
         service-b took 241 of 247 ms of this request's critical path (98 %). \
         A caller's bar is long because it waits for the calls inside it."
    );
}

#[test]
fn a_pick_outside_the_trace_or_an_empty_trace_is_not_correct() {
    let outside = check_bottleneck("<b>db</b>", &lab_247ms());
    assert!(!outside.correct);
    assert!(
        outside
            .explanation
            .starts_with("\"<b>db</b>\" has no spans in this trace; service-b took 241"),
        "{}",
        outside.explanation
    );
    let empty = trace_playground::model::Trace::new(lab_247ms().trace_id, Vec::new());
    assert!(!check_bottleneck("service-b", &empty).correct);
}

#[test]
fn the_ten_service_verdict_blames_the_slow_service_not_the_gateway() {
    let trace = ten_service_trace();
    let right = check_bottleneck("pricing", &trace);
    assert!(right.correct, "{}", right.explanation);
    assert!(right.explanation.starts_with("Right: pricing took 410 of "));
    let gateway = check_bottleneck("gateway", &trace);
    assert!(!gateway.correct);
    assert!(gateway
        .explanation
        .contains("gateway's own work was 10 of "));
}

#[test]
fn red_spans_are_b_server_and_a_client_in_a_failed_lab_request() {
    let trace = error_trace();
    let a_client = find(&trace, "service-a", SpanKind::Client).span_id;
    let b_server = find(&trace, "service-b", SpanKind::Server).span_id;
    let a_server = find(&trace, "service-a", SpanKind::Server).span_id;

    let right = check_red_spans(&[b_server, a_client], &trace);
    assert!(right.correct);
    assert!(right
        .explanation
        .starts_with("Right: service-a: GET (client), service-b: GET /data (server)."));

    let missed = check_red_spans(&[b_server], &trace);
    assert!(!missed.correct);
    assert_eq!(
        missed.explanation,
        "Not quite. Also red: service-a: GET (client)."
    );

    let extra = check_red_spans(&[b_server, a_client, a_server], &trace);
    assert!(!extra.correct);
    assert_eq!(
        extra.explanation,
        "Not quite. Not red: service-a: GET / (server)."
    );

    assert!(
        !check_red_spans(&[SpanId(1)], &trace).correct,
        "an id from elsewhere"
    );
}

#[test]
fn a_trace_without_errors_has_no_red_spans_to_name() {
    let trace = lab_trace(&LabOptions::default(), 1);
    let answer = check_red_spans(&[], &trace);
    assert!(!answer.correct);
    assert!(answer.explanation.contains("Errors only"));
}

#[test]
fn span_choices_follow_the_trace_and_mark_errors() {
    let trace = error_trace();
    let choices = span_choices(&trace);
    let labels: Vec<(&str, bool)> = choices
        .iter()
        .map(|c| (c.label.as_str(), c.is_error))
        .collect();
    assert_eq!(
        labels,
        vec![
            ("service-a: GET / (server)", false),
            ("service-a: GET (client)", true),
            ("service-b: GET /data (server)", true),
        ]
    );
}

#[test]
fn exactly_one_why_200_answer_is_right_and_each_explains_itself() {
    let right: Vec<Why200> = Why200::ALL.into_iter().filter(|w| w.is_correct()).collect();
    assert_eq!(right, vec![Why200::AAnswered200]);
    assert_eq!(Why200::AAnswered200.explanation(), WHY_A_SAYS_200);
    assert!(WHY_A_SAYS_200.contains("requests.get does not raise on a 500"));
    assert!(WHY_A_SAYS_200.contains("only for a 5xx it answers"));
    for wrong in Why200::ALL.into_iter().filter(|w| !w.is_correct()) {
        assert!(wrong.explanation().starts_with("No: "), "{wrong:?}");
        assert_ne!(wrong.text(), Why200::AAnswered200.text());
    }
}

#[test]
fn heavy_calc_sits_under_b_server_span_with_scope_main() {
    let trace = lab_trace(
        &LabOptions {
            heavy_calc: true,
            ..LabOptions::default()
        },
        9,
    );
    let place = placement(&trace, "heavy_calc").expect("heavy_calc is in the trace");
    assert_eq!(
        place.parent,
        Some((
            "service-b".to_string(),
            "GET /data".to_string(),
            SpanKind::Server
        ))
    );
    assert_eq!(
        place.sentence("heavy_calc"),
        "heavy_calc is an internal span of service-b, a child of service-b's server span \
         GET /data, made by the tracer named __main__."
    );
    assert_eq!(placement(&lab_247ms(), "heavy_calc"), None);
}

#[test]
fn a_root_span_is_placed_without_a_parent() {
    let place = placement(&lab_247ms(), "GET /").expect("A's server span");
    assert_eq!(place.parent, None);
    assert_eq!(
        place.sentence("GET /"),
        "GET / is a server span of service-a, with no parent in this trace, made by the tracer named test."
    );
}
