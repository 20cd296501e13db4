//! The "Export to Jaeger" panel: OTLP endpoint, headers, Jaeger UI address, export / auto-export /
//! retry, the outbox counts and a status line, plus OTLP JSON download and trace import.
//!
//! Self-contained: its own `use_reducer` state; the page passes the traces in and takes
//! imported traces out through `on_import`. Spec and rules: `crate::export`, `crate::otlp`.
//! The user-facing guide is `docs/export-to-jaeger.md`.

mod driver;
pub mod files;

use super::open_in_jaeger;
use crate::export::{span_count_text, Snapshot, Tone, TRACES_PATH_DEFAULT};
use crate::model::{Trace, TraceId};
use crate::otlp::{ImportOutcome, ImportProgress};
use crate::store::StoreLimits;
use driver::{Driver, Settings};
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties)]
pub struct Props {
    /// All traces, in order of arrival.
    pub traces: Vec<Rc<Trace>>,
    /// The page's selected trace. The panel then offers "Selected trace only", which narrows
    /// "Export to Jaeger" and "Download OTLP JSON" to it (both act on all traces otherwise).
    #[prop_or_default]
    pub selected: Option<TraceId>,
    /// Receives the traces of a successfully imported file (never called for a bad file).
    pub on_import: Callback<Vec<Trace>>,
    /// The store's caps: an import leaves out what the store would evict anyway.
    #[prop_or_default]
    pub limits: StoreLimits,
    /// Told the running total of spans the collector accepted whenever it changes (the Lab
    /// guide's export step).
    #[prop_or_default]
    pub on_accepted: Callback<u64>,
}

/// By identity, not content: comparing 10,000-span traces field by field on every render of
/// the page would cost more than the render.
impl PartialEq for Props {
    fn eq(&self, other: &Self) -> bool {
        self.selected == other.selected
            && self.on_import == other.on_import
            && self.on_accepted == other.on_accepted
            && self.limits == other.limits
            && self.traces.len() == other.traces.len()
            && self
                .traces
                .iter()
                .zip(&other.traces)
                .all(|(a, b)| Rc::ptr_eq(a, b))
    }
}

/// What the panel renders besides the form fields, whose values live in the inputs
/// themselves and in the driver's settings (read when a batch is sent).
#[derive(Clone, Debug, PartialEq)]
struct PanelState {
    snapshot: Option<Snapshot>,
    /// "Selected trace only": export and download just the page's selected trace.
    selected_only: bool,
    /// The last import or download result.
    file_note: Option<(Tone, String)>,
    /// How far the import under way has come (`None` when none is).
    importing: Option<ImportProgress>,
}

enum PanelAction {
    Snapshot(Snapshot),
    SelectedOnly(bool),
    FileNote(Tone, String),
    Importing(Option<ImportProgress>),
}

impl Reducible for PanelState {
    type Action = PanelAction;

    fn reduce(self: Rc<Self>, action: PanelAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            PanelAction::Snapshot(s) => next.snapshot = Some(s),
            PanelAction::SelectedOnly(on) => next.selected_only = on,
            PanelAction::FileNote(tone, text) => next.file_note = Some((tone, text)),
            PanelAction::Importing(progress) => next.importing = progress,
        }
        Rc::new(next)
    }
}

/// The status line's classes for a tone.
fn status_class(tone: Tone) -> &'static str {
    match tone {
        Tone::Idle => "export-status idle",
        Tone::Busy => "export-status busy",
        Tone::Success => "export-status success",
        Tone::Warning => "export-status warning",
        Tone::Error => "export-status error",
    }
}

#[function_component(ExportPanel)]
pub fn export_panel(props: &Props) -> Html {
    let state = use_reducer(|| PanelState {
        snapshot: None,
        selected_only: false,
        file_note: None,
        importing: None,
    });
    // The trace the buttons act on, if the learner narrowed them to the selected one.
    let scope = props.selected.filter(|_| state.selected_only);
    let driver = {
        let dispatcher = state.dispatcher();
        use_memo((), move |_| {
            let on_snapshot =
                Callback::from(move |s| dispatcher.dispatch(PanelAction::Snapshot(s)));
            Driver::new(
                Settings {
                    endpoint: TRACES_PATH_DEFAULT.to_string(),
                    headers: String::new(),
                },
                on_snapshot,
            )
        })
    };
    let endpoint_ref = use_node_ref();
    let headers_ref = use_node_ref();
    let jaeger_ref = use_node_ref();

    // Auto-export looks at the list whenever it changes (cheap key: length and the ends).
    {
        let driver = driver.clone();
        let traces = props.traces.clone();
        let key = (
            traces.len(),
            traces.first().map(|t| t.trace_id),
            traces.last().map(|t| t.trace_id),
        );
        use_effect_with(key, move |_| driver.traces_changed(&traces));
    }

    // Both text fields feed the driver's settings, which a batch reads when it is sent.
    // The text fields feed the driver's settings (read when a batch is sent) and the links'
    // Jaeger UI address.
    let on_settings = {
        let (driver, refs) = (
            driver.clone(),
            [
                endpoint_ref.clone(),
                headers_ref.clone(),
                jaeger_ref.clone(),
            ],
        );
        Callback::from(move |_: InputEvent| {
            let [endpoint, headers, jaeger] = refs.each_ref().map(|r| {
                r.cast::<HtmlInputElement>()
                    .map(|i| i.value())
                    .unwrap_or_default()
            });
            driver.set_settings(Settings { endpoint, headers });
            if jaeger != open_in_jaeger::jaeger_ui() {
                open_in_jaeger::set_jaeger_ui(jaeger);
            }
        })
    };
    let on_export = {
        let (driver, traces, selected) = (driver.clone(), props.traces.clone(), scope);
        Callback::from(move |_| driver.export(&traces, selected))
    };
    let on_auto = {
        let (driver, traces) = (driver.clone(), props.traces.clone());
        Callback::from(move |e: Event| {
            driver.set_auto(
                e.target_unchecked_into::<HtmlInputElement>().checked(),
                &traces,
            )
        })
    };
    let on_selected_only = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            state.dispatch(PanelAction::SelectedOnly(on));
        })
    };
    let on_retry = {
        let driver = driver.clone();
        Callback::from(move |_| driver.retry())
    };
    let on_download = {
        let (state, traces, selected) = (state.clone(), props.traces.clone(), scope);
        Callback::from(move |_| {
            let (tone, text) = download(&traces, selected);
            state.dispatch(PanelAction::FileNote(tone, text));
        })
    };
    let on_import_file = {
        let (state, on_import, limits) = (state.clone(), props.on_import.clone(), props.limits);
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let (state, on_import) = (state.clone(), on_import.clone());
            yew::platform::spawn_local(async move {
                let note = match files::read_file_js(&input).await {
                    Ok(Some(files::JsFile { name, size, text })) => {
                        let dispatcher = state.dispatcher();
                        let on_progress =
                            move |p| dispatcher.dispatch(PanelAction::Importing(Some(p)));
                        on_progress(ImportProgress {
                            bytes_total: size,
                            ..ImportProgress::default()
                        });
                        crate::net::sleep_ms(0).await; // show the empty bar first
                        let result =
                            files::import_in_steps(&name, &text, limits, on_progress).await;
                        state.dispatch(PanelAction::Importing(None));
                        match result {
                            Ok(outcome) => {
                                let text = import_note(&name, &outcome, limits);
                                on_import.emit(outcome.traces);
                                Some((Tone::Success, text))
                            }
                            Err(problem) => Some((Tone::Error, problem)),
                        }
                    }
                    Ok(None) => None,
                    Err(problem) => Some((Tone::Error, problem)),
                };
                if let Some((tone, text)) = note {
                    state.dispatch(PanelAction::FileNote(tone, text));
                }
                // Clearing lets the same file be chosen again after fixing it.
                input.set_value("");
            });
        })
    };

    let snapshot = state.snapshot.clone().unwrap_or_else(|| driver.snapshot());
    {
        let on_accepted = props.on_accepted.clone();
        use_effect_with(snapshot.accepted, move |accepted| {
            on_accepted.emit(*accepted)
        });
    }
    html! {
        <section class="export-panel" aria-label="Export to Jaeger">
            <h3>{ "Export to Jaeger" }</h3>
            <div class="export-fields">
                <label>{ "OTLP endpoint" }
                    <input type="text" ref={endpoint_ref} value={TRACES_PATH_DEFAULT} oninput={on_settings.clone()}
                           placeholder="/v1/traces or http://localhost:4318/v1/traces" />
                </label>
                <label>{ "Headers" }
                    <input type="text" ref={headers_ref} oninput={on_settings.clone()} placeholder="key=value, e.g. authorization=Bearer%20abc" />
                </label>
                <label>{ "Jaeger UI" }
                    <input type="text" ref={jaeger_ref} value={crate::export::DEFAULT_JAEGER_UI} oninput={on_settings} />
                </label>
            </div>
            <p class="export-scope">{ scope_text(props.traces.len(), scope, driver.not_exported(&props.traces)) }</p>
            <div class="export-actions">
                <button class="primary" onclick={on_export}>{ "Export to Jaeger" }</button>
                <label class="inline"><input type="checkbox" onchange={on_auto} />{ "Auto-export" }</label>
                if props.selected.is_some() {
                    <label class="inline">
                        <input type="checkbox" checked={state.selected_only} onchange={on_selected_only} />{ "Selected trace only" }
                    </label>
                }
                <button onclick={on_retry} disabled={snapshot.waiting == 0}>{ "Retry" }</button>
                <span class="export-count">{ format!("{} waiting", span_count_text(snapshot.waiting)) }</span>
                <span class={if snapshot.dropped > 0 { "export-count warning" } else { "export-count" }}>
                    { format!("{} dropped (outbox full)", snapshot.dropped) }
                </span>
            </div>
            <p role="status" aria-label="Export status" class={status_class(snapshot.status.tone)}>{ snapshot.status.text }</p>
            <div class="export-files">
                <button onclick={on_download}>{ "Download OTLP JSON" }</button>
                <label>{ "Import traces" }
                    <input type="file" accept=".json,.jsonl,.ndjson,application/json" onchange={on_import_file}
                           disabled={state.importing.is_some()} />
                </label>
                if let Some(p) = state.importing {
                    // Bytes, not spans: the total is known before the first span is read.
                    <progress aria-label="Import progress" max={p.bytes_total.max(1).to_string()}
                              value={p.bytes_done.to_string()}>
                        { format!("{}%", p.bytes_done * 100 / p.bytes_total.max(1)) }
                    </progress>
                    <span class="export-count">{ format!("{} read", span_count_text(p.spans_read)) }</span>
                }
            </div>
            if let Some((tone, text)) = &state.file_note {
                <p role="status" aria-label="Import result" class={status_class(*tone)}>{ text.clone() }</p>
            }
        </section>
    }
}

/// What "Export to Jaeger" will send, so the learner (and a test) can tell before clicking.
fn scope_text(total: usize, scope: Option<TraceId>, not_exported: usize) -> String {
    let traces = if total == 1 {
        "1 trace".to_string()
    } else {
        format!("{total} traces")
    };
    match scope {
        Some(id) => format!("{traces} here; the buttons act on the selected trace {id} only."),
        None => format!("{traces} here, {not_exported} not exported yet."),
    }
}

/// What an import did, including what it left out to stay within the store's caps.
fn import_note(name: &str, outcome: &ImportOutcome, limits: StoreLimits) -> String {
    let spans: usize = outcome.traces.iter().map(|t| t.spans.len()).sum();
    let n = outcome.traces.len();
    let noun = if n == 1 { "trace" } else { "traces" };
    let mut text = format!(
        "Imported {n} {noun} ({}) from {name}.",
        span_count_text(spans as u64)
    );
    if outcome.left_out_traces > 0 {
        text.push_str(&format!(
            " {} older traces ({}) in the file were left out: the page keeps at most {} traces and {} spans.",
            outcome.left_out_traces,
            span_count_text(outcome.left_out_spans),
            limits.max_traces,
            limits.max_spans
        ));
    }
    text
}

/// Offers the selected trace (or all) as an OTLP JSON file; says what happened.
fn download(traces: &[Rc<Trace>], selected: Option<TraceId>) -> (Tone, String) {
    let chosen: Vec<&Trace> = traces
        .iter()
        .filter(|t| selected.is_none_or(|id| t.trace_id == id))
        .map(|t| t.as_ref())
        .collect();
    let (name, note) = match (selected, chosen.len()) {
        (_, 0) => {
            return (
                Tone::Idle,
                "Nothing to download yet: send a request first.".into(),
            )
        }
        (Some(id), _) => (
            format!("trace-{id}.otlp.json"),
            format!("Downloaded trace {id} as OTLP JSON."),
        ),
        (None, n) => (
            format!("traces-{n}.otlp.json"),
            format!("Downloaded {n} traces as OTLP JSON."),
        ),
    };
    match files::download(&name, &crate::otlp::encode_traces(chosen)) {
        Ok(()) => (Tone::Success, note),
        Err(problem) => (Tone::Error, problem),
    }
}
