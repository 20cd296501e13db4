//! Save → restore round trips and bad stored data (the save policy's rules: `policy_tests.rs`).

use super::*;
use crate::model::TraceId;
use crate::otlp::batch::{read_outcome, read_progress};
use crate::otlp::{ImportSessions, STEP_BYTES};
use crate::state::tests::{finish_load, run, settings, start, NOW};
use crate::state::Action;
use crate::view::url::Playback;

/// A page with `n` instant requests sent.
fn with_requests(n: u64) -> Rc<State> {
    let actions = (0..n).map(|i| Action::SendRequest {
        now_unix_nano: NOW + i * 1_000_000_000,
    });
    run(start(settings(Playback::Instant)), actions)
}

/// What the page does with the reader: the spans go through an import session and come back
/// as a batch (`crate::otlp::batch`), as they cross from the reader module.
fn import(otlp: &str, limits: StoreLimits) -> Result<Vec<Trace>, String> {
    let mut sessions = ImportSessions::default();
    let handle = sessions.start(otlp.to_string(), limits);
    while !read_progress(&sessions.step(handle, STEP_BYTES))?.done {}
    read_outcome(&sessions.finish(handle)).map(|outcome| outcome.traces)
}

/// A traces record restored as the page restores it: envelope, then spans through the reader.
fn restore(text: &str, limits: StoreLimits) -> Result<Restored, String> {
    let record = read_traces(text)?;
    let spans = record
        .spans()
        .map_or(Ok(Vec::new()), |otlp| import(otlp, limits));
    record.restore(spans)
}

fn restore_outbox(text: &str, capacity: u32) -> Result<Vec<Trace>, String> {
    let record = read_outbox(text)?;
    let spans = import(record.spans(), outbox_limits(capacity));
    record.restore(spans)
}

fn traces_of(state: &State) -> Vec<Trace> {
    state.store.iter().map(|t| (**t).clone()).collect()
}

fn restored_page(text: &str) -> Rc<State> {
    let restored = restore(text, StoreLimits::default()).expect("reads back");
    start(settings(Playback::Instant)).reduce(Action::Restore(Box::new(restored)))
}

#[test]
fn traces_and_counters_come_back_exactly() {
    let before = with_requests(3);
    let after = restored_page(&snapshot(&before));
    assert_eq!(
        traces_of(&after),
        traces_of(&before),
        "same spans, same bits"
    );
    assert_eq!(after.next_request, 3);
    assert_eq!(after.sampled_requests, before.sampled_requests);
    assert_eq!(after.status, "Restored 3 traces from your last visit.");
}

#[test]
fn the_next_request_after_a_restore_gets_a_new_trace() {
    let before = with_requests(2);
    let after = restored_page(&snapshot(&before)).reduce(Action::SendRequest {
        now_unix_nano: NOW + 10_000_000_000,
    });
    assert_eq!(after.store.len(), 3, "request #2, not a second copy of #0");
}

#[test]
fn a_restore_keeps_requests_sent_before_it_landed_as_the_newest() {
    let saved = snapshot(&with_requests(2));
    let restored = restore(&saved, StoreLimits::default()).expect("reads");
    let mut s = settings(Playback::Instant);
    s.seed = 99;
    let page = start(s).reduce(Action::SendRequest { now_unix_nano: NOW });
    let fresh = page.store.latest().map(|t| t.trace_id);
    let page = page.reduce(Action::Restore(Box::new(restored)));
    assert_eq!(page.store.len(), 3);
    assert_eq!(page.store.latest().map(|t| t.trace_id), fresh);
    assert_eq!(
        page.next_request, 1,
        "another seed's numbering is not taken over"
    );
}

#[test]
fn a_restore_is_bounded_by_the_store_caps() {
    let saved = snapshot(&with_requests(5));
    let limits = StoreLimits {
        max_traces: 2,
        max_spans: 1_000,
    };
    let restored = restore(&saved, limits).expect("reads");
    assert_eq!(restored.traces.len(), 2, "the two newest of five");
    let newest = with_requests(5).store.latest().map(|t| t.trace_id);
    assert_eq!(restored.traces.last().map(|t| t.trace_id), newest);
}

#[test]
fn an_empty_page_saves_and_restores_as_empty() {
    let page = start(settings(Playback::Instant));
    let restored = restore(&snapshot(&page), StoreLimits::default()).expect("reads");
    assert!(restored.traces.is_empty());
    let same = Rc::clone(&page).reduce(Action::Restore(Box::new(restored)));
    assert!(
        Rc::ptr_eq(&same, &page),
        "nothing to restore changes nothing"
    );
}

#[test]
fn load_history_comes_back_with_its_chart_points() {
    let mut s = settings(Playback::Instant);
    s.requests = 20;
    let page = start(s.clone()).reduce(Action::StartLoad { now_unix_nano: NOW });
    let page = finish_load(page, NOW);
    let restored = restore(&snapshot(&page), StoreLimits::default()).expect("reads");
    let after = start(s).reduce(Action::Restore(Box::new(restored)));
    let runs = |p: &State| -> Vec<(u32, u64, Option<f64>)> {
        p.load_history
            .runs()
            .map(|r| (r.number, r.kept(), r.point.map(|p| p.p99_nanos as f64)))
            .collect()
    };
    assert_eq!(runs(&after), runs(&page));
    assert_eq!(after.load_history.curve(), page.load_history.curve());
    let a: Vec<_> = after
        .load_history
        .runs()
        .flat_map(|r| r.records().cloned())
        .collect();
    let b: Vec<_> = page
        .load_history
        .runs()
        .flat_map(|r| r.records().cloned())
        .collect();
    assert_eq!(a, b, "every record, field for field");
}

#[test]
fn bad_stored_data_gives_a_fresh_start_and_a_notice() {
    let good = snapshot(&with_requests(1));
    let other_version = good.replacen(r#""version":1"#, r#""version":7"#, 1);
    // Each row: stored text, a part of the notice it must give.
    let rows: Vec<(&str, &str)> = vec![
        ("", "could not be read"),
        ("not json", "could not be read"),
        ("[]", "could not be read"),
        (r#"{"version":"1"}"#, "could not be read"),
        (
            &other_version,
            "another version of the page (format 7, this page reads 1)",
        ),
        (r#"{"version":1}"#, "could not be read"),
        (
            r#"{"version":1,"seed":1,"next_request":0,"sampled_requests":0,"dropped_requests":0,"otlp":{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"zz"}]}]}]}}"#,
            "could not be read",
        ),
        (&good[..good.len() / 2], "could not be read"),
    ];
    for (text, expected) in rows {
        let notice = restore(text, StoreLimits::default()).err();
        let notice = notice.unwrap_or_else(|| panic!("{text:?} must not restore"));
        assert!(notice.contains(expected), "{text:?}: {notice}");
        assert!(
            notice.starts_with("The traces saved on an earlier visit"),
            "{notice}"
        );
        assert!(notice.ends_with("starting without them."), "{notice}");
    }
}

#[test]
fn only_a_record_with_spans_needs_the_importer_and_its_problem_is_named() {
    let empty = read_traces(&snapshot(&start(settings(Playback::Instant)))).expect("reads");
    assert_eq!(
        empty.spans(),
        None,
        "an empty store: the reader is not loaded for it"
    );
    let record = read_traces(&snapshot(&with_requests(1))).expect("reads");
    assert!(record
        .spans()
        .is_some_and(|otlp| otlp.starts_with(r#"{"resourceSpans":"#)));
    let problem = "$.resourceSpans[0].scopeSpans[0].spans[0].traceId: must be 32 hex digits";
    let notice = record
        .restore(Err(problem.into()))
        .err()
        .unwrap_or_default();
    assert_eq!(
        notice,
        format!("The traces saved on an earlier visit could not be read ({problem}); starting without them.")
    );
    let why = "The reader could not load (offline).";
    assert_eq!(
        kept_for_later(Kept::Traces, why),
        format!("The traces saved on an earlier visit could not be restored now: {why} They stay saved for your next visit; until then this visit does not save over them.")
    );
    let later = kept_for_later(Kept::Outbox, why);
    assert!(later.starts_with("The export outbox saved on an earlier visit could not be restored now: The reader could not load (offline). It stays saved"), "{later}");
    assert!(later.ends_with("does not save over it."), "{later}");
}

#[test]
fn the_outbox_round_trips_and_keeps_the_newest_within_its_capacity() {
    let page = with_requests(2);
    let spans: Vec<&Span> = page.store.iter().flat_map(|t| t.spans.iter()).collect();
    let total = spans.len();
    let text = snapshot_outbox(spans.iter().copied()).expect("non-empty");
    let back = restore_outbox(&text, 50_000).expect("reads");
    let ids = |ts: &[Trace]| -> Vec<(TraceId, Vec<crate::model::SpanId>)> {
        ts.iter()
            .map(|t| (t.trace_id, t.spans.iter().map(|s| s.span_id).collect()))
            .collect()
    };
    assert_eq!(
        ids(&back),
        ids(&traces_of(&page)),
        "every span, for the collector"
    );
    let bounded = restore_outbox(&text, 3).expect("reads");
    let kept: usize = bounded.iter().map(|t| t.spans.len()).sum();
    assert!(kept <= 3 && kept > 0, "kept {kept} of {total}");
    assert_eq!(
        bounded.last().map(|t| t.trace_id),
        page.store.latest().map(|t| t.trace_id)
    );
    assert_eq!(
        snapshot_outbox(std::iter::empty()),
        None,
        "empty: delete the record"
    );
    let bad = restore_outbox(r#"{"version":2,"otlp":{}}"#, 10).expect_err("other version");
    assert!(
        bad.starts_with(
            "The export outbox saved on an earlier visit were written by another version"
        ),
        "{bad}"
    );
}

#[test]
fn a_link_with_a_seed_wins_over_saved_settings() {
    let saved = Some("seed=5&requests=7".to_string());
    // Each row: the link's query, the query settings are read from.
    let rows = [
        ("?seed=9", "?seed=9"),
        ("", "seed=5&requests=7"),
        ("?test-panic=1", "seed=5&requests=7"),
        ("?seed=bad", "seed=5&requests=7"),
    ];
    for (link, expected) in rows {
        assert_eq!(settings_query(link, saved.clone()), expected, "{link}");
    }
    assert_eq!(
        settings_query("?x=1", None),
        "?x=1",
        "nothing saved: the link as it is"
    );
}

#[test]
fn a_restored_outbox_waits_for_retry_and_lists_every_unaccepted_item() {
    use crate::export::{Command, ExportConfig, Exporter, Tone};
    let mut exporter: Exporter<u32> = Exporter::new(ExportConfig {
        batch_max_spans: 2,
        max_in_flight: 1,
        ..ExportConfig::default()
    });
    exporter.restore(vec![]);
    assert_eq!(
        exporter.snapshot().status.text,
        "Nothing exported yet.",
        "nothing kept: no note"
    );
    exporter.restore(vec![1, 2, 3]);
    let snap = exporter.snapshot();
    assert_eq!(snap.waiting, 3);
    assert_eq!(snap.status.tone, Tone::Warning);
    assert_eq!(
        snap.status.text,
        "3 spans waiting in the outbox from your last visit: press Retry to send them."
    );
    let commands = exporter.retry_now();
    assert!(matches!(&commands[..], [Command::Send { items, .. }] if items == &vec![1, 2]));
    let pending: Vec<u32> = exporter.pending().copied().collect();
    assert_eq!(
        pending,
        vec![1, 2, 3],
        "in flight first, then the outbox: all saved"
    );
}
