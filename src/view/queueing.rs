//! The wait for a worker recorded on a SERVER span, so the Gantt can draw it in front of the
//! span and the tooltip can name it.
//!
//! The simulator records a wait as a span event `queued` at the moment a worker picked the
//! request up, with `playground.queue.wait_ns` and `playground.queue.length` (see
//! `docs/simulation.md`, "Load"; OpenTelemetry has no convention for server-side queueing).

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
        for span in run.spans.iter().filter(|s| queue_wait(s).is_some()) {
            assert_eq!(span.service_name(), "service-b");
            assert_eq!(span.name, "GET /data");
        }
    }
}
