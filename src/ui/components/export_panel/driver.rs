//! Runs the pure [`Exporter`] in the browser: carries out its commands (POST a batch with
//! `crate::net`, wait for a backoff timer) and feeds the outcomes back.
//!
//! The exporter lives in a `RefCell` shared by the panel and its in-flight tasks, because
//! results arrive asynchronously and must see the latest state; the panel's reducer only holds
//! the [`Snapshot`] it renders, which `publish` sends after every change.

use crate::export::{
    check_endpoint, parse_headers, Command, ExportConfig, Exporter, Snapshot, StatusLine, Tone,
    DEFAULT_TIMEOUT_MS,
};
use crate::model::{Span, Trace, TraceId};
use crate::net::{self, PostRequest};
use crate::sim::SimRng;
use rand::SeedableRng;
use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::rc::Rc;
use yew::Callback;

/// Shortest gap between two status updates while an export streams (see `Driver::publish`).
const PUBLISH_EVERY_MS: u64 = 100;

/// A span in the outbox: its trace stays shared, so queueing 10,000 spans copies no span.
#[derive(Clone, Debug)]
pub struct SpanRef {
    trace: Rc<Trace>,
    index: u32,
}

impl SpanRef {
    fn span(&self) -> Option<&Span> {
        self.trace.spans.get(self.index as usize)
    }

    fn all_of(trace: &Rc<Trace>) -> impl Iterator<Item = SpanRef> + '_ {
        (0..trace.spans.len() as u32).map(|index| SpanRef {
            trace: trace.clone(),
            index,
        })
    }
}

/// What the learner typed, read when a batch is sent (not when it was queued).
#[derive(Clone, Debug, Default)]
pub struct Settings {
    pub endpoint: String,
    pub headers: String,
}

pub struct Driver {
    engine: RefCell<Exporter<SpanRef>>,
    settings: RefCell<Settings>,
    timeout_ms: u32,
    page_origin: String,
    /// Traces already queued by "Export" or auto-export (so they go once).
    exported: RefCell<HashSet<TraceId>>,
    /// Traces auto-export has looked at (those present when it was switched on count as seen).
    auto_seen: RefCell<HashSet<TraceId>>,
    auto_on: Cell<bool>,
    last_publish_ms: Cell<u64>,
    publish_pending: Cell<bool>,
    rng: RefCell<SimRng>,
    on_snapshot: Callback<Snapshot>,
    /// Keeps the outbox across a reload (`saver.rs`).
    saver: RefCell<saver::OutboxSaver>,
}

impl Driver {
    pub fn new(settings: Settings, on_snapshot: Callback<Snapshot>) -> Rc<Self> {
        let location = web_sys::window().map(|w| w.location());
        Rc::new(Driver {
            engine: RefCell::new(Exporter::new(ExportConfig::default())),
            settings: RefCell::new(settings),
            timeout_ms: test_timeout_ms().unwrap_or(DEFAULT_TIMEOUT_MS),
            page_origin: location.and_then(|l| l.origin().ok()).unwrap_or_default(),
            exported: RefCell::default(),
            auto_seen: RefCell::default(),
            auto_on: Cell::new(false),
            last_publish_ms: Cell::new(0),
            publish_pending: Cell::new(false),
            // Only the backoff jitter uses this; the clock is a fine seed for that.
            rng: RefCell::new(SimRng::seed_from_u64(crate::clock::now_unix_nanos())),
            on_snapshot,
            saver: RefCell::default(),
        })
        .restoring()
    }

    /// How many of `traces` have not been queued for export yet.
    pub fn not_exported(&self, traces: &[Rc<Trace>]) -> usize {
        let exported = self.exported.borrow();
        traces
            .iter()
            .filter(|t| !exported.contains(&t.trace_id))
            .count()
    }

    pub fn snapshot(&self) -> Snapshot {
        self.engine.borrow().snapshot()
    }

    /// Sends the snapshot to the panel, at most every `PUBLISH_EVERY_MS` while batches stream
    /// in (each status change costs a page layout, which is slow next to a 10,000-row table),
    /// and always once more after the last change, so the final word is never held back long.
    fn publish(self: &Rc<Self>) {
        let now_ms = crate::clock::now_unix_nanos() / 1_000_000;
        let since = now_ms.saturating_sub(self.last_publish_ms.get());
        if since >= PUBLISH_EVERY_MS {
            self.last_publish_ms.set(now_ms);
            self.on_snapshot.emit(self.snapshot());
            self.outbox_changed();
        } else if !self.publish_pending.replace(true) {
            let this = self.clone();
            yew::platform::spawn_local(async move {
                net::sleep_ms(PUBLISH_EVERY_MS - since).await;
                this.publish_pending.set(false);
                this.last_publish_ms
                    .set(crate::clock::now_unix_nanos() / 1_000_000);
                this.on_snapshot.emit(this.snapshot());
                this.outbox_changed();
            });
        }
    }

    pub fn set_settings(&self, settings: Settings) {
        *self.settings.borrow_mut() = settings;
    }

    /// "Export to Jaeger": the selected trace (again, if asked), or every trace not yet exported.
    pub fn export(self: &Rc<Self>, traces: &[Rc<Trace>], selected: Option<TraceId>) {
        let chosen: Vec<&Rc<Trace>> = match selected {
            Some(id) => traces.iter().filter(|t| t.trace_id == id).collect(),
            None => {
                let exported = self.exported.borrow();
                traces
                    .iter()
                    .filter(|t| !exported.contains(&t.trace_id))
                    .collect()
            }
        };
        if chosen.is_empty() {
            let text = if traces.is_empty() {
                "No traces yet: send a request first.".to_string()
            } else {
                format!(
                    "Nothing new to export: all {} traces were exported already.",
                    traces.len()
                )
            };
            self.engine.borrow_mut().set_status(StatusLine {
                tone: Tone::Idle,
                text,
            });
            self.publish();
            return;
        }
        self.enqueue(&chosen);
    }

    fn enqueue(self: &Rc<Self>, traces: &[&Rc<Trace>]) {
        self.exported
            .borrow_mut()
            .extend(traces.iter().map(|t| t.trace_id));
        let items: Vec<SpanRef> = traces.iter().flat_map(|t| SpanRef::all_of(t)).collect();
        let commands = self.engine.borrow_mut().enqueue(items);
        self.run(commands);
    }

    /// Turning auto-export on: traces already there are not exported (the button does that).
    pub fn set_auto(&self, on: bool, traces: &[Rc<Trace>]) {
        self.auto_on.set(on);
        if on {
            self.auto_seen
                .borrow_mut()
                .extend(traces.iter().map(|t| t.trace_id));
        }
    }

    /// Called whenever the trace list changes: exports each trace once, as it first appears.
    pub fn traces_changed(self: &Rc<Self>, traces: &[Rc<Trace>]) {
        if !self.auto_on.get() {
            return;
        }
        let fresh: Vec<&Rc<Trace>> = {
            let mut seen = self.auto_seen.borrow_mut();
            let exported = self.exported.borrow();
            traces
                .iter()
                .filter(|t| seen.insert(t.trace_id) && !exported.contains(&t.trace_id))
                .collect()
        };
        if !fresh.is_empty() {
            self.enqueue(&fresh);
        }
    }

    /// The Retry button.
    pub fn retry(self: &Rc<Self>) {
        let commands = self.engine.borrow_mut().retry_now();
        self.run(commands);
    }

    fn run(self: &Rc<Self>, commands: Vec<Command<SpanRef>>) {
        for command in commands {
            match command {
                Command::Send { batch, items } => self.send(batch, items),
                Command::WakeAfter { token, delay_ms } => {
                    let this = self.clone();
                    yew::platform::spawn_local(async move {
                        net::sleep_ms(delay_ms).await;
                        let next = this.engine.borrow_mut().on_wake(token);
                        this.run(next);
                    });
                }
            }
        }
        self.publish();
    }

    fn send(self: &Rc<Self>, batch: u64, items: Vec<SpanRef>) {
        let settings = self.settings.borrow().clone();
        let checked = check_endpoint(&settings.endpoint, &self.page_origin)
            .and_then(|target| parse_headers(&settings.headers).map(|headers| (target, headers)));
        let (mut target, headers) = match checked {
            Ok(ok) => ok,
            Err(problem) => {
                self.engine.borrow_mut().hold_batch(batch, problem);
                return;
            }
        };
        target.has_custom_headers = !headers.is_empty();
        let body = crate::otlp::encode_spans(items.iter().filter_map(SpanRef::span));
        let request = PostRequest {
            url: target.url.clone(),
            headers,
            body,
            timeout_ms: self.timeout_ms,
            cross_origin: !target.same_origin,
        };
        let this = self.clone();
        yew::platform::spawn_local(async move {
            let outcome = net::post_otlp(&request).await;
            let next = {
                let mut rng = this.rng.borrow_mut();
                this.engine
                    .borrow_mut()
                    .on_outcome(batch, &outcome, &target, &mut *rng)
            };
            this.run(next);
        });
    }
}

mod saver;

/// The request timeout is 10 s; browser tests of the timeout message shorten it with
/// `?test-export-timeout-ms=N` in the page URL, which nobody types by accident.
fn test_timeout_ms() -> Option<u32> {
    let search = web_sys::window()?.location().search().ok()?;
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix("test-export-timeout-ms="))
        .and_then(|v| v.parse().ok())
        .filter(|ms| *ms > 0)
}
