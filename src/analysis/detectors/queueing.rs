//! Queueing: time requests spent waiting for a free worker, per service.
//!
//! The simulator records each wait as a span event [`QUEUED_EVENT`] on the SERVER span, with the
//! wait in [`QUEUE_WAIT_ATTR`] (nanoseconds) and the requests ahead in [`QUEUE_LENGTH_ATTR`]
//! (`docs/simulation.md`, "Load"; OpenTelemetry has no convention for server-side queueing).
//! A wait that is missing, zero, negative or not an integer is ignored.

use super::{Context, Finding, FindingKind};
use crate::analysis::format_duration;
use crate::model::{find_attr, AttrValue, Span};
use crate::order;
use crate::sim::{QUEUED_EVENT, QUEUE_LENGTH_ATTR, QUEUE_WAIT_ATTR};
use std::collections::BTreeMap;

/// The waits of one service.
#[derive(Default)]
struct Waits {
    spans: Vec<usize>,
    total: u64,
    longest: u64,
    most_ahead: u64,
}

/// One finding per service whose requests waited, the longest total wait first.
pub fn queueing(cx: &Context) -> Vec<Finding> {
    let mut by_service: BTreeMap<&str, Waits> = BTreeMap::new();
    for (i, span) in cx.spans.iter().enumerate() {
        let Some((wait, ahead)) = recorded_wait(span) else {
            continue;
        };
        let w = by_service.entry(span.service_name()).or_default();
        w.spans.push(i);
        w.total = w.total.saturating_add(wait);
        w.longest = w.longest.max(wait);
        w.most_ahead = w.most_ahead.max(ahead);
    }
    let mut found: Vec<(&str, Waits)> = by_service.into_iter().collect();
    // Stable: equal totals stay in name order.
    order::sort_by_key(&mut found, |(_, w)| std::cmp::Reverse(w.total));
    found
        .into_iter()
        .map(|(service, w)| {
            let requests = match w.spans.len() {
                1 => "1 request".to_string(),
                n => format!("{n} requests"),
            };
            let explanation = format!(
                "{requests} to {service} waited for a free worker, {} in all (longest {}, with \
                 up to {} ahead); the wait shows in the caller's client span, not as work in \
                 {service}.",
                format_duration(w.total),
                format_duration(w.longest),
                w.most_ahead
            );
            cx.finding(FindingKind::Queueing, explanation, w.spans, w.total)
        })
        .collect()
}

/// (wait, requests ahead) of a span's `queued` event, if it records a positive wait.
fn recorded_wait(span: &Span) -> Option<(u64, u64)> {
    let event = span.events.iter().find(|e| e.name == QUEUED_EVENT)?;
    let wait = match find_attr(&event.attributes, QUEUE_WAIT_ATTR)? {
        AttrValue::Int(n) => u64::try_from(*n).ok().filter(|&w| w > 0)?,
        _ => return None,
    };
    let ahead = match find_attr(&event.attributes, QUEUE_LENGTH_ATTR) {
        Some(AttrValue::Int(n)) => u64::try_from(*n).unwrap_or(0),
        _ => 0,
    };
    Some((wait, ahead))
}
