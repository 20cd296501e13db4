//! What the page keeps across a reload (issue 12, "Keep and share"), as plain serde types, and
//! every decision about it as a pure function; `crate::net::storage` only moves the text in and
//! out of the browser (IndexedDB for traces and the outbox, localStorage for settings).
//!
//! - Spans are kept as an OTLP/HTTP JSON body (`crate::otlp::encode_traces`): one definition of
//!   a span on disk and on the wire
//!   (<https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding>). A restore reads a
//!   record in two parts: the envelope here ([`read_traces`], [`read_outbox`]), and its spans,
//!   which the page has the importer read in the reader module (`crate::otlp::batch`; the
//!   importer is not in the page's own wasm) and hands back to [`TracesRecord::restore`] or
//!   [`OutboxRecord::restore`].
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
#[cfg(test)]
mod policy_tests;
pub mod scenario;
#[cfg(test)]
mod tests;

pub use history::SavedRun;

use super::State;
use crate::model::{Headers, Span, Trace};
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

/// What [`TracesRecord::restore`] gives, for [`super::Action::Restore`].
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

/// A traces record read up to its spans: the envelope of [`SavedTraces`].
pub struct TracesRecord(SavedTraces);

const TRACES: &str = "The traces saved on an earlier visit";
const OUTBOX: &str = "The export outbox saved on an earlier visit";

/// Reads a traces record's envelope. `Err` is the notice to show; the page then starts fresh.
pub fn read_traces(text: &str) -> Result<TracesRecord, String> {
    check_version(text, TRACES)?;
    let saved: SavedTraces = serde_json::from_str(text).map_err(|e| unreadable(TRACES, &e))?;
    Ok(TracesRecord(saved))
}

impl TracesRecord {
    /// The OTLP JSON body of the saved spans, to import with the store's caps (the newest
    /// traces are kept); `None` when the store was empty.
    pub fn spans(&self) -> Option<&str> {
        self.0.otlp.as_deref().map(RawValue::get)
    }

    /// The restore, given what importing [`spans`](Self::spans) gave (no spans when it was
    /// `None`); `Err(problem)` from the import, or the returned `Err`, is the notice to show.
    pub fn restore(self, spans: Result<Vec<Trace>, String>) -> Result<Restored, String> {
        let saved = self.0;
        let mut traces = spans.map_err(|problem| unreadable(TRACES, &problem))?;
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
}

/// The notice when saved spans cannot be restored now because the importer is not there
/// (`why`): the record stays for the next visit, and this visit saves over it no more.
pub fn kept_for_later(what: Kept, why: &str) -> String {
    let (what, it) = match what {
        Kept::Traces => (TRACES, ("They stay", "them")),
        Kept::Outbox => (OUTBOX, ("It stays", "it")),
    };
    let (stays, over) = it;
    format!("{what} could not be restored now: {why} {stays} saved for your next visit; until then this visit does not save over {over}.")
}

/// Which record [`kept_for_later`] speaks of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kept {
    Traces,
    Outbox,
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

/// An outbox record read up to its spans.
pub struct OutboxRecord(SavedOutbox);

/// Reads an outbox record's envelope. `Err` is the notice to show.
pub fn read_outbox(text: &str) -> Result<OutboxRecord, String> {
    check_version(text, OUTBOX)?;
    let saved: SavedOutbox = serde_json::from_str(text).map_err(|e| unreadable(OUTBOX, &e))?;
    Ok(OutboxRecord(saved))
}

impl OutboxRecord {
    /// The OTLP JSON body of the saved spans, to import with [`outbox_limits`].
    pub fn spans(&self) -> &str {
        self.0.otlp.get()
    }

    /// The spans the outbox held, given what importing [`spans`](Self::spans) gave;
    /// `Err` is the notice to show.
    pub fn restore(self, spans: Result<Vec<Trace>, String>) -> Result<Vec<Trace>, String> {
        spans.map_err(|problem| unreadable(OUTBOX, &problem))
    }
}

/// The caps an outbox's spans are imported with: at most `capacity` spans, the newest (as the
/// outbox itself drops the oldest when full), grouped in traces.
pub fn outbox_limits(capacity: u32) -> StoreLimits {
    StoreLimits {
        max_traces: u32::MAX,
        max_spans: u64::from(capacity.max(1)),
    }
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
