//! The ten-service guide's checks ("which of ten services is to blame?"), on a hand-built
//! checkout trace in which `pricing` does 400 ms of its own work.

mod guide_support;

use guide_support::*;
use trace_playground::guide::*;
use trace_playground::model::Trace;
use trace_playground::sim::LabOptions;

fn opened(trace: &Trace) -> GuideFacts<'_> {
    GuideFacts {
        trace_count: 1,
        opened_trace: Some(trace),
        ..GuideFacts::default()
    }
}

#[test]
fn ten_services_steps() {
    let ten = ten_service_trace();
    let lab_one = lab_trace(&LabOptions::default(), 2);
    assert!(is_done(StepId::TenSendRequest, &opened(&ten)));
    assert!(
        !is_done(StepId::TenSendRequest, &opened(&lab_one)),
        "two services"
    );

    let blame = |trace, pick| GuideFacts {
        bottleneck_pick: Some(pick),
        ..opened(trace)
    };
    assert!(is_done(StepId::TenBlame, &blame(&ten, "pricing")));
    assert!(
        !is_done(StepId::TenBlame, &blame(&ten, "gateway")),
        "the longest bar only waits"
    );
    assert!(
        !is_done(StepId::TenBlame, &blame(&lab_one, "service-b")),
        "not a ten-service trace"
    );

    let searched = |service, min_duration_set| GuideFacts {
        last_search: Some(SearchFacts {
            service,
            errors_only: false,
            min_duration_set,
            results: 3,
        }),
        ..opened(&ten)
    };
    assert!(is_done(StepId::TenSearchSlow, &searched("pricing", true)));
    assert!(
        !is_done(StepId::TenSearchSlow, &searched("pricing", false)),
        "no Min duration"
    );
    assert!(
        !is_done(StepId::TenSearchSlow, &searched("gateway", true)),
        "not the slow one"
    );
}

#[test]
fn parts_done_lists_only_the_guides_own_parts() {
    let ten = ten_service_trace();
    let facts = GuideFacts {
        bottleneck_pick: Some("pricing"),
        ..opened(&ten)
    };
    let lab_parts = parts_done(GuideId::Lab, &facts);
    assert!(lab_parts.contains(&Part::TraceExists) && lab_parts.contains(&Part::TraceOpened));
    assert!(!lab_parts.contains(&Part::TenBlameNamed));
    let ten_parts = parts_done(GuideId::TenServices, &facts);
    assert_eq!(ten_parts, vec![Part::TenServiceTrace, Part::TenBlameNamed]);
}
