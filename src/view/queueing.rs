//! The wait for a worker recorded on a SERVER span, so the Gantt can draw it in front of the
//! span and the tooltip can name it.
//!
//! The simulator records a wait as a span event `queued` at the moment a worker picked the
//! request up, with `playground.queue.wait_ns` and `playground.queue.length` (see
//! `docs/simulation.md`, "Load"; OpenTelemetry has no convention for server-side queueing).

use crate::analysis::format_duration;
use crate::model::{find_attr, AttrValue, Span};
use crate::sim::{QUEUED_EVENT, QUEUE_LENGTH_ATTR, QUEUE_WAIT_ATTR};

/// A recorded wait: how long, and how many requests were ahead on arrival.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QueueWait {
    pub wait_nanos: u64,
    pub ahead: Option<u64>,
}

/// The span's wait for a worker, if it recorded one with a positive duration. Malformed
/// attributes (negative, wrong type) are ignored rather than trusted.
pub fn queue_wait(span: &Span) -> Option<QueueWait> {
    let event = span.events.iter().find(|e| e.name == QUEUED_EVENT)?;
    let wait_nanos = match find_attr(&event.attributes, QUEUE_WAIT_ATTR)? {
        AttrValue::Int(n) => u64::try_from(*n).ok()?,
        _ => return None,
    };
    let ahead = match find_attr(&event.attributes, QUEUE_LENGTH_ATTR) {
        Some(AttrValue::Int(n)) => u64::try_from(*n).ok(),
        _ => None,
    };
    (wait_nanos > 0).then_some(QueueWait { wait_nanos, ahead })
}

/// How much of a trace was spent waiting for workers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TraceQueueing {
    /// The span that waited longest (index into the trace's spans).
    pub span_index: usize,
    pub longest: QueueWait,
    pub waited_spans: u64,
    pub total_wait_nanos: u64,
}

/// The trace's waits for workers, or `None` when no span waited.
pub fn trace_queueing(spans: &[Span]) -> Option<TraceQueueing> {
    let mut out: Option<TraceQueueing> = None;
    for (i, wait) in spans
        .iter()
        .enumerate()
        .filter_map(|(i, s)| Some((i, queue_wait(s)?)))
    {
        let q = out.get_or_insert(TraceQueueing {
            span_index: i,
            longest: wait,
            waited_spans: 0,
            total_wait_nanos: 0,
        });
        q.waited_spans += 1;
        q.total_wait_nanos = q.total_wait_nanos.saturating_add(wait.wait_nanos);
        if wait.wait_nanos > q.longest.wait_nanos {
            q.span_index = i;
            q.longest = wait;
        }
    }
    out
}

/// One sentence for the trace view: the wait does not belong to the service that waited, it
/// shows as the caller's CLIENT span waiting for an answer.
pub fn queue_sentence(spans: &[Span], q: &TraceQueueing) -> String {
    let Some(span) = spans.get(q.span_index) else {
        return String::new();
    };
    let ahead = match q.longest.ahead {
        Some(1) => " (1 request ahead of it)".to_string(),
        Some(n) => format!(" ({n} requests ahead of it)"),
        None => String::new(),
    };
    let lead = format!(
        "{} {} waited {} for a free worker before it started{ahead}",
        span.service_name(),
        span.name,
        format_duration(q.longest.wait_nanos)
    );
    let more = if q.waited_spans > 1 {
        format!(
            "; {} server spans waited, {} in all",
            q.waited_spans,
            format_duration(q.total_wait_nanos)
        )
    } else {
        String::new()
    };
    format!(
        "Queued: {lead}{more}. The wait shows as the caller's client span, not as work in {}.",
        span.service_name()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Event, KeyValue};
    use crate::sim::{simulate, Arrival, LabOptions, RunSettings, Scenario};

    /// A real SERVER span of an unloaded request (no events), to attach test events to.
    fn plain_span() -> Span {
        let run = simulate(
            &Scenario::lab(),
            &RunSettings::default(),
            1,
            0,
            Arrival::default(),
            1,
        )
        .expect("valid run");
        let mut span = run.spans.into_iter().next().expect("the lab makes spans");
        span.events.clear();
        span
    }

    fn event(attrs: Vec<KeyValue>) -> Span {
        let mut span = plain_span();
        span.events.push(Event {
            name: QUEUED_EVENT.into(),
            time_unix_nano: 0,
            attributes: attrs,
        });
        span
    }

    #[test]
    fn reads_the_wait_and_the_queue_length() {
        let span = event(vec![
            KeyValue::int(QUEUE_WAIT_ATTR, 1_500),
            KeyValue::int(QUEUE_LENGTH_ATTR, 3),
        ]);
        assert_eq!(
            queue_wait(&span),
            Some(QueueWait {
                wait_nanos: 1_500,
                ahead: Some(3)
            })
        );
    }

    #[test]
    fn ignores_missing_zero_negative_and_mistyped_waits() {
        assert_eq!(queue_wait(&plain_span()), None, "no event");
        assert_eq!(queue_wait(&event(vec![])), None, "no wait attribute");
        let zero = event(vec![KeyValue::int(QUEUE_WAIT_ATTR, 0)]);
        assert_eq!(queue_wait(&zero), None, "zero wait");
        let negative = event(vec![KeyValue::int(QUEUE_WAIT_ATTR, -5)]);
        assert_eq!(queue_wait(&negative), None, "negative wait");
        let text = event(vec![KeyValue::new(
            QUEUE_WAIT_ATTR,
            AttrValue::Str("5".into()),
        )]);
        assert_eq!(queue_wait(&text), None, "wrong type");
    }

    #[test]
    fn the_longest_wait_of_a_trace_and_the_total() {
        let wait = |n: i64, ahead: i64| {
            event(vec![
                KeyValue::int(QUEUE_WAIT_ATTR, n),
                KeyValue::int(QUEUE_LENGTH_ATTR, ahead),
            ])
        };
        let spans = vec![
            plain_span(),
            wait(3_000_000, 1),
            wait(9_000_000, 4),
            wait(1, 0),
        ];
        let q = trace_queueing(&spans).expect("waits");
        assert_eq!(q.span_index, 2);
        assert_eq!(q.longest.ahead, Some(4));
        assert_eq!((q.waited_spans, q.total_wait_nanos), (3, 12_000_001));
        let s = queue_sentence(&spans, &q);
        assert!(s.contains("waited 9 ms for a free worker before it started (4 requests ahead of it); 3 server spans waited, 12 ms in all."), "{s}");
        assert_eq!(trace_queueing(&spans[..1]), None, "no waits, no sentence");
    }

    #[test]
    fn a_simulated_overload_records_waits_on_b_server_spans() {
        let options = LabOptions {
            workers_b: Some(1),
            ..LabOptions::default()
        };
        let scenario = Scenario::lab_with(&options).expect("valid lab");
        let run = simulate(
            &scenario,
            &RunSettings::from(&options),
            7,
            1_000,
            Arrival::Constant { rps: 50.0 },
            10,
        )
        .expect("valid run");
        let waits: Vec<QueueWait> = run.spans.iter().filter_map(queue_wait).collect();
        assert!(!waits.is_empty(), "50 req/s on one worker must queue");
        // The 10th request's trace waited behind the other 9.
        let last = run.spans.last().map(|s| s.trace_id).expect("spans");
        let trace: Vec<Span> = run
            .spans
            .iter()
            .filter(|s| s.trace_id == last)
            .cloned()
            .collect();
        let q = trace_queueing(&trace).expect("the last request waited");
        assert_eq!(q.waited_spans, 1);
        assert_eq!(q.total_wait_nanos, q.longest.wait_nanos);
        let sentence = queue_sentence(&trace, &q);
        assert!(
            sentence.starts_with("Queued: service-b GET /data waited "),
            "{sentence}"
        );
        assert!(
            sentence.ends_with("not as work in service-b."),
            "{sentence}"
        );
        for span in run.spans.iter().filter(|s| queue_wait(s).is_some()) {
            assert_eq!(span.service_name(), "service-b");
            assert_eq!(span.name, "GET /data");
        }
    }
}
