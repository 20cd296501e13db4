//! What the page keeps across a reload (issue 12, "Keep and share"), as plain serde types, and
//! every decision about it as a pure function; `crate::net::storage` only moves the text in and
//! out of the browser (IndexedDB for traces and the outbox, localStorage for settings).
//!
//! - Spans are kept as an OTLP/HTTP JSON body (`crate::otlp::encode_traces`, read back with
//!   `crate::otlp::Importer`): one definition of a span on disk and on the wire
//!   (<https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding>).
//! - Every record carries [`VERSION`]; a record of another version, or one that does not read,
//!   gives a fresh start and a notice, never a panic.
//! - Bounded: traces by the store's caps (what is saved is the store, and a restore goes
//!   through the importer with the caps), the outbox by its capacity, load history by
//!   [`crate::view::load_history::MAX_RECORDS`].
//! - [`policy`]: when to save (after changes settle) and what a full quota does.
//! - [`scenario`]: the scenario kept for the next visit, and which scenario a page starts with
//!   (the link's, else the kept one, else the lab).

mod history;
pub mod policy;
pub mod scenario;
#[cfg(test)]
mod tests;

pub use history::SavedRun;

use super::State;
use crate::model::{Headers, Span, Trace};
use crate::otlp::Importer;
use crate::store::{StoreLimits, TraceStore};
use crate::view::load_history::LoadHistory;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::collections::HashMap;
use std::rc::Rc;

/// The format of every saved record; bump it when a saved shape changes meaning.
pub const VERSION: u32 = 1;
/// IndexedDB keys (one object store, string values).
pub const TRACES_KEY: &str = "traces";
pub const OUTBOX_KEY: &str = "outbox";
/// localStorage keys: small text only.
pub const SETTINGS_KEY: &str = "trace-playground.settings";
pub const SCENARIO_KEY: &str = "trace-playground.scenario";

/// The traces record: the store, the load history and the counters that keep request ids
/// unique after a reload (without `next_request`, the next request of the same seed would get
/// the id of a kept trace and join it).
#[derive(Serialize, Deserialize)]
pub struct SavedTraces {
    pub version: u32,
    pub seed: u64,
    pub next_request: u64,
    pub sampled_requests: u64,
    pub dropped_requests: u64,
    /// An OTLP `ExportTraceServiceRequest`; `None` when the store is empty (the importer
    /// rightly refuses a body without spans).
    pub otlp: Option<Box<RawValue>>,
    #[serde(default)]
    pub history: Vec<SavedRun>,
    /// What OTLP does not carry, per span that has it: trace flags beyond "sampled" (the W3C
    /// random bit) and the headers that crossed the wire (shown in span detail).
    #[serde(default)]
    pub extras: Vec<SpanExtra>,
}

/// trace id, span id, trace flags, wire headers.
pub type SpanExtra = (u128, u64, u8, Option<Headers>);

/// The outbox record: spans not yet accepted by a collector, oldest first.
#[derive(Serialize, Deserialize)]
pub struct SavedOutbox {
    pub version: u32,
    pub otlp: Box<RawValue>,
}

/// Just the version, read first so that a record of another version is named as such.
#[derive(Deserialize)]
struct Probe {
    version: u32,
}

/// What [`restore`] read, for [`super::Action::Restore`].
#[derive(Clone, Debug, Default)]
pub struct Restored {
    pub seed: u64,
    pub next_request: u64,
    pub sampled_requests: u64,
    pub dropped_requests: u64,
    /// Oldest first.
    pub traces: Vec<Trace>,
    pub history: LoadHistory,
}

/// Serialises the part of `state` that survives a reload. Runs still going are saved as
/// cancelled with what they have so far (a reload ends them).
pub fn snapshot(state: &State) -> String {
    let otlp = (!state.store.is_empty())
        .then(|| crate::otlp::encode_traces(state.store.iter().map(|t| t.as_ref())))
        .and_then(|json| RawValue::from_string(json).ok());
    let saved = SavedTraces {
        version: VERSION,
        seed: state.settings.seed,
        next_request: state.next_request,
        sampled_requests: state.sampled_requests,
        dropped_requests: state.dropped_requests,
        otlp,
        history: history::save(&state.load_history),
        extras: state
            .store
            .iter()
            .flat_map(|t| t.spans.iter())
            .filter(|s| s.flags.0 != 1 || s.wire_headers.is_some())
            .map(|s| (s.trace_id.0, s.span_id.0, s.flags.0, s.wire_headers.clone()))
            .collect(),
    };
    // Only strings, numbers and a raw value already checked by serde_json: cannot fail.
    serde_json::to_string(&saved).unwrap_or_default()
}

/// Reads a traces record, keeping at most what `limits` allow (the newest traces). `Err` is the
/// notice to show; the page then starts fresh.
pub fn restore(text: &str, limits: StoreLimits) -> Result<Restored, String> {
    let what = "The traces saved on an earlier visit";
    check_version(text, what)?;
    let saved: SavedTraces = serde_json::from_str(text).map_err(|e| unreadable(what, &e))?;
    let mut traces = match &saved.otlp {
        Some(otlp) => read_spans(otlp.get(), limits).map_err(|e| unreadable(what, &e))?,
        None => Vec::new(),
    };
    let extras: HashMap<(u128, u64), (u8, Option<Headers>)> = saved
        .extras
        .into_iter()
        .map(|(trace, span, flags, headers)| ((trace, span), (flags, headers)))
        .collect();
    for span in traces.iter_mut().flat_map(|t| t.spans.iter_mut()) {
        if let Some((flags, headers)) = extras.get(&(span.trace_id.0, span.span_id.0)) {
            span.flags = crate::model::TraceFlags(*flags);
            span.wire_headers.clone_from(headers);
        }
    }
    Ok(Restored {
        seed: saved.seed,
        next_request: saved.next_request,
        sampled_requests: saved.sampled_requests,
        dropped_requests: saved.dropped_requests,
        traces,
        history: history::restore(saved.history),
    })
}

/// Serialises the outbox's spans (oldest first); `None` when it is empty (delete the record).
pub fn snapshot_outbox<'a>(spans: impl IntoIterator<Item = &'a Span>) -> Option<String> {
    let mut spans = spans.into_iter().peekable();
    spans.peek()?;
    let otlp = RawValue::from_string(crate::otlp::encode_spans(spans)).ok()?;
    serde_json::to_string(&SavedOutbox {
        version: VERSION,
        otlp,
    })
    .ok()
}

/// Reads an outbox record: at most `capacity` spans, the newest (as the outbox itself drops the
/// oldest when full), grouped in traces.
pub fn restore_outbox(text: &str, capacity: u32) -> Result<Vec<Trace>, String> {
    let what = "The export outbox saved on an earlier visit";
    check_version(text, what)?;
    let saved: SavedOutbox = serde_json::from_str(text).map_err(|e| unreadable(what, &e))?;
    let limits = StoreLimits {
        max_traces: u32::MAX,
        max_spans: u64::from(capacity.max(1)),
    };
    read_spans(saved.otlp.get(), limits).map_err(|e| unreadable(what, &e))
}

/// The query to read settings from at start: the link's when it carries a seed (a shared or
/// reloaded link says exactly what to show), else the saved settings, else the link's anyway.
pub fn settings_query(link: &str, saved: Option<String>) -> String {
    if crate::view::url::decode(link).seed_from_link {
        return link.to_string();
    }
    saved.unwrap_or_else(|| link.to_string())
}

fn check_version(text: &str, what: &str) -> Result<(), String> {
    let probe: Probe = serde_json::from_str(text).map_err(|e| unreadable(what, &e))?;
    if probe.version != VERSION {
        return Err(format!(
            "{what} were written by another version of the page (format {}, this page reads {VERSION}); starting without them.",
            probe.version
        ));
    }
    Ok(())
}

fn unreadable(what: &str, why: &dyn std::fmt::Display) -> String {
    format!("{what} could not be read ({why}); starting without them.")
}

/// The importer, with caps: traces beyond them (the oldest) are left out as they appear.
fn read_spans(otlp: &str, limits: StoreLimits) -> Result<Vec<Trace>, crate::otlp::ImportError> {
    let mut importer = Importer::new(otlp, limits);
    while !importer.step(usize::MAX)?.done {}
    Ok(importer.finish()?.traces)
}

impl State {
    /// Adds what an earlier visit kept. Whatever this visit did before the restore landed stays
    /// and counts as newer; the caps then evict the oldest, as for any arrival.
    pub(super) fn restore_saved(&mut self, restored: Restored) {
        let mut store = TraceStore::new(self.store.limits());
        let count = restored.traces.len();
        store.add_traces(restored.traces);
        let current = std::mem::take(&mut self.store);
        store.absorb(Rc::unwrap_or_clone(current));
        self.store = Rc::new(store);
        if restored.seed == self.settings.seed {
            self.next_request = self.next_request.max(restored.next_request);
        }
        self.sampled_requests += restored.sampled_requests;
        self.dropped_requests += restored.dropped_requests;
        if self.load_history.is_empty() {
            self.load_history = restored.history;
        }
        if count > 0 {
            self.status = format!("Restored {count} traces from your last visit.");
        }
    }

    /// What [`snapshot`] depends on: saving again is needed only when this changes.
    pub fn save_key(&self) -> policy::SaveKey {
        policy::SaveKey {
            store_revision: self.store.revision(),
            history_revision: self.load_history.revision(),
            next_request: self.next_request,
            traces: self.store.len(),
            running: self.load.is_some(),
        }
    }
}
