//! The export state machine driven end to end by a scripted collector: each scenario from the
//! issue (success, Retry-After, refused, 400 with a body, partial success, timeouts, a full
//! outbox) ends with every span accepted exactly once, or visibly waiting, or visibly dropped.

use super::*;
use rand::rngs::StdRng;
use rand::SeedableRng;
use std::collections::{BTreeMap, VecDeque};

fn target() -> Target {
    check_endpoint("http://localhost:4318/v1/traces", "http://127.0.0.1:8080").unwrap()
}

fn ok() -> Outcome {
    Outcome::Response {
        status: 200,
        status_text: "OK".into(),
        body: "{}".into(),
        retry_after_ms: None,
    }
}

/// When the scripted collector's answers arrive: 2015-10-21T07:27:58Z, two seconds before the
/// HTTP-date used below.
const ANSWERED_AT_MS: u64 = 1_445_412_478_000;

/// A response whose `Retry-After` header (if any) is read as `crate::net` reads it: against the
/// clock when the answer arrives.
fn status(code: u16, body: &str, retry_after: Option<&str>) -> Outcome {
    Outcome::Response {
        status: code,
        status_text: String::new(),
        body: body.into(),
        retry_after_ms: retry_after.and_then(|v| parse_retry_after(v, ANSWERED_AT_MS)),
    }
}

/// Runs the shell's loop: sends go to `collector`, wakes happen at once but their delays are
/// added up as virtual time.
struct Harness {
    exporter: Exporter<u32>,
    rng: StdRng,
    requests: u32,
    waits_ms: Vec<u64>,
    /// Span id → times a 2xx response covered it.
    accepted: BTreeMap<u32, u32>,
    batch_sizes: Vec<usize>,
}

impl Harness {
    fn new(config: ExportConfig) -> Self {
        Harness {
            exporter: Exporter::new(config),
            rng: StdRng::seed_from_u64(3),
            requests: 0,
            waits_ms: Vec::new(),
            accepted: BTreeMap::new(),
            batch_sizes: Vec::new(),
        }
    }

    fn run(&mut self, first: Vec<Command<u32>>, collector: &mut dyn FnMut(u32, &[u32]) -> Outcome) {
        let mut queue: VecDeque<Command<u32>> = first.into();
        while let Some(command) = queue.pop_front() {
            let next = match command {
                Command::Send { batch, items } => {
                    self.requests += 1;
                    self.batch_sizes.push(items.len());
                    let outcome = collector(self.requests, &items);
                    if matches!(
                        outcome,
                        Outcome::Response {
                            status: 200..=299,
                            ..
                        }
                    ) {
                        for id in &items {
                            *self.accepted.entry(*id).or_default() += 1;
                        }
                    }
                    self.exporter
                        .on_outcome(batch, &outcome, &target(), &mut self.rng)
                }
                Command::WakeAfter { token, delay_ms } => {
                    self.waits_ms.push(delay_ms);
                    self.exporter.on_wake(token)
                }
            };
            queue.extend(next);
        }
    }

    fn export(
        &mut self,
        ids: std::ops::Range<u32>,
        collector: &mut dyn FnMut(u32, &[u32]) -> Outcome,
    ) {
        let commands = self.exporter.enqueue(ids.collect());
        self.run(commands, collector);
    }

    fn assert_each_accepted_once(&self, n: u32) {
        assert_eq!(self.accepted.len() as u32, n, "every span accepted");
        assert!(
            self.accepted.values().all(|&c| c == 1),
            "no span accepted twice"
        );
        assert_eq!(self.exporter.snapshot().waiting, 0, "outbox empty");
    }

    fn status(&self) -> String {
        self.exporter.snapshot().status.text
    }
}

#[test]
fn ten_thousand_spans_go_in_batches_of_at_most_512() {
    let mut h = Harness::new(ExportConfig::default());
    h.export(0..10_000, &mut |_, _| ok());
    h.assert_each_accepted_once(10_000);
    assert_eq!(h.requests, 20, "ceil(10000 / 512)");
    assert!(h.batch_sizes.iter().all(|&n| n <= 512));
    assert_eq!(h.status(), "Exported 10000 spans.");
    assert_eq!(h.exporter.snapshot().status.tone, Tone::Success);
}

#[test]
fn requests_run_a_few_at_a_time() {
    let mut exporter: Exporter<u32> = Exporter::new(ExportConfig::default());
    let commands = exporter.enqueue((0..5_000).collect());
    assert_eq!(commands.len(), 4, "max_in_flight requests start at once");
    assert_eq!(exporter.snapshot().in_flight_requests, 4);
    assert_eq!(
        exporter.snapshot().waiting,
        5_000,
        "in-flight spans still count as waiting"
    );
}

#[test]
fn a_503_with_retry_after_waits_exactly_that_long_then_succeeds() {
    let mut h = Harness::new(ExportConfig::default());
    h.export(0..100, &mut |n, _| {
        if n == 1 {
            status(503, "", Some("1"))
        } else {
            ok()
        }
    });
    assert_eq!(h.waits_ms, vec![1_000], "Retry-After: 1, no jitter");
    h.assert_each_accepted_once(100);
    assert_eq!(h.status(), "Exported 100 spans (after 1 retry).");
}

#[test]
fn a_429_with_an_http_date_waits_until_that_moment() {
    let mut h = Harness::new(ExportConfig::default());
    h.export(0..100, &mut |n, _| match n {
        1 => status(429, "", Some("Wed, 21 Oct 2015 07:28:00 GMT")),
        2 => status(503, "", Some("Wed, 21 Oct 2015 07:27:00 GMT")),
        _ => ok(),
    });
    assert_eq!(
        h.waits_ms,
        vec![2_000, 0],
        "two seconds ahead of the answer; a moment already past means at once"
    );
    h.assert_each_accepted_once(100);
    assert_eq!(h.status(), "Exported 100 spans (after 2 retries).");
}

#[test]
fn a_dead_collector_costs_one_attempt_per_round_and_then_recovers() {
    let config = ExportConfig::default();
    let mut h = Harness::new(config);
    // 4 batches in flight fail together twice; the third round works.
    let refused = Outcome::NoResponse {
        reachable: Some(false),
    };
    h.export(0..2_000, &mut |n, _| {
        if n <= 5 {
            refused.clone()
        } else {
            ok()
        }
    });
    assert_eq!(
        h.waits_ms.len(),
        2,
        "two backoff waits, not one per failed batch"
    );
    assert!(
        (800..=1_200).contains(&h.waits_ms[0]) && (1_200..=1_800).contains(&h.waits_ms[1]),
        "{:?}",
        h.waits_ms
    );
    h.assert_each_accepted_once(2_000);
    assert_eq!(h.status(), "Exported 2000 spans (after 2 retries).");
}

#[test]
fn attempts_are_bounded_and_the_retry_button_drains_the_outbox() {
    let mut h = Harness::new(ExportConfig::default());
    let refused = Outcome::NoResponse {
        reachable: Some(false),
    };
    h.export(0..700, &mut |_, _| refused.clone());
    assert_eq!(h.waits_ms.len(), 4, "5 attempts = 4 waits");
    let snap = h.exporter.snapshot();
    assert_eq!((snap.waiting, snap.status.tone), (700, Tone::Error));
    assert!(
        h.status()
            .starts_with("No collector reachable at http://localhost:4318/v1/traces"),
        "{}",
        h.status()
    );
    assert!(
        h.status()
            .contains("Gave up after 5 attempts; 700 spans waiting in the outbox — press Retry."),
        "{}",
        h.status()
    );
    let commands = h.exporter.retry_now();
    h.run(commands, &mut |_, _| ok());
    h.assert_each_accepted_once(700);
    assert_eq!(
        h.status(),
        "Exported 700 spans (after 5 retries).",
        "4 automatic + the button"
    );
}

#[test]
fn a_400_is_not_retried_shows_its_body_and_waits_for_the_learner() {
    let mut h = Harness::new(ExportConfig::default());
    h.export(0..10, &mut |_, _| {
        status(
            400,
            r#"{"code":3,"message":"json: unknown field \"flags\""}"#,
            None,
        )
    });
    assert_eq!(
        (h.requests, h.waits_ms.len()),
        (1, 0),
        "one request, no automatic retry"
    );
    assert!(
        h.status()
            .contains("HTTP 400 Bad Request: json: unknown field \"flags\"."),
        "{}",
        h.status()
    );
    assert!(
        h.status().contains("Not retried automatically"),
        "{}",
        h.status()
    );
    assert_eq!(h.exporter.snapshot().waiting, 10, "nothing lost");
    let commands = h.exporter.retry_now();
    h.run(commands, &mut |_, _| ok());
    h.assert_each_accepted_once(10);
    assert_eq!(h.status(), "Exported 10 spans (after 1 retry).");
}

#[test]
fn partial_success_is_reported_and_never_resent() {
    let mut h = Harness::new(ExportConfig::default());
    let body = r#"{"partialSuccess":{"rejectedSpans":"3","errorMessage":"3 spans too old"}}"#;
    h.export(0..600, &mut |n, _| {
        if n == 1 {
            status(200, body, None)
        } else {
            ok()
        }
    });
    h.assert_each_accepted_once(600);
    assert_eq!(h.requests, 2, "not resent");
    let snap = h.exporter.snapshot();
    assert_eq!(
        (snap.accepted, snap.rejected, snap.status.tone),
        (597, 3, Tone::Warning)
    );
    assert_eq!(snap.status.text, "Exported 597 spans; the collector rejected 3 spans (partial success: 3 spans too old), which are not resent.");
}

#[test]
fn a_timeout_is_retried() {
    let mut h = Harness::new(ExportConfig::default());
    h.export(0..5, &mut |n, _| {
        if n == 1 {
            Outcome::Timeout { after_ms: 10_000 }
        } else {
            ok()
        }
    });
    assert_eq!(h.waits_ms.len(), 1);
    h.assert_each_accepted_once(5);
}

#[test]
fn a_full_outbox_drops_the_oldest_and_says_so() {
    let config = ExportConfig {
        outbox_capacity: 1_000,
        ..ExportConfig::default()
    };
    let mut h = Harness::new(config);
    // Nothing answers while 1,500 spans arrive in three exports.
    let refused = Outcome::NoResponse {
        reachable: Some(false),
    };
    for chunk in [0..500, 500..1_000, 1_000..1_500] {
        h.export(chunk, &mut |_, _| refused.clone());
    }
    let snap = h.exporter.snapshot();
    assert_eq!((snap.waiting, snap.dropped), (1_000, 500));
    let commands = h.exporter.retry_now();
    h.run(commands, &mut |_, _| ok());
    assert_eq!(
        h.accepted.keys().next(),
        Some(&500),
        "the oldest 500 were the ones dropped"
    );
    assert_eq!(h.accepted.len(), 1_000);
    assert!(
        h.status()
            .contains("500 spans dropped because the outbox was full"),
        "{}",
        h.status()
    );
}

#[test]
fn a_stale_wake_does_nothing_after_retry_now() {
    let mut exporter: Exporter<u32> = Exporter::new(ExportConfig::default());
    let mut rng = StdRng::seed_from_u64(1);
    let [Command::Send { batch, .. }] = &exporter.enqueue(vec![1, 2])[..] else {
        panic!("one batch")
    };
    let wake = exporter.on_outcome(*batch, &status(503, "", None), &target(), &mut rng);
    let [Command::WakeAfter { token, .. }] = wake[..] else {
        panic!("a backoff wait")
    };
    let resend = exporter.retry_now();
    assert_eq!(resend.len(), 1, "Retry sends at once");
    assert!(
        exporter.on_wake(token).is_empty(),
        "the old timer must not send a second copy"
    );
}

#[test]
fn invalid_settings_hold_the_spans_until_retry() {
    let mut exporter: Exporter<u32> = Exporter::new(ExportConfig::default());
    exporter.hold("The OTLP endpoint is empty.".into());
    let commands = exporter.enqueue(vec![1]);
    assert_eq!(commands.len(), 1, "new spans after a hold try again");
    let mut held: Exporter<u32> = Exporter::new(ExportConfig::default());
    held.enqueue(vec![]);
    held.hold("Bad header.".into());
    assert_eq!(
        held.snapshot().status.text,
        "Bad header. 0 spans waiting in the outbox."
    );
}

#[test]
fn a_batch_the_shell_cannot_send_goes_back_and_stops_sending() {
    let mut exporter: Exporter<u32> = Exporter::new(ExportConfig {
        batch_max_spans: 2,
        ..ExportConfig::default()
    });
    let commands = exporter.enqueue(vec![1, 2, 3]);
    let [Command::Send { batch: first, .. }, Command::Send { batch: second, .. }] = commands[..]
    else {
        panic!("two batches")
    };
    exporter.hold_batch(first, "Header \"x\" needs the form key=value.".into());
    exporter.hold_batch(second, "Header \"x\" needs the form key=value.".into());
    let snap = exporter.snapshot();
    assert_eq!(
        (snap.waiting, snap.in_flight_requests, snap.status.tone),
        (3, 0, Tone::Error)
    );
    assert_eq!(
        snap.status.text,
        "Header \"x\" needs the form key=value. 3 spans waiting in the outbox."
    );
    let resend = exporter.retry_now();
    assert_eq!(
        resend,
        vec![
            Command::Send {
                batch: 3,
                items: vec![1, 2]
            },
            Command::Send {
                batch: 4,
                items: vec![3]
            }
        ],
        "same order as before"
    );
}
