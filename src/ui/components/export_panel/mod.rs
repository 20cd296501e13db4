//! The "Export to Jaeger" panel: OTLP endpoint, headers, Jaeger UI address, export / auto-export /
//! retry, the outbox counts and a status line, plus OTLP JSON download and trace import.
//!
//! Self-contained: its own `use_reducer` state; the page passes the traces in and takes
//! imported traces out through `on_import`. Spec and rules: `crate::export`, `crate::otlp`.
//! The user-facing guide is `docs/export-to-jaeger.md`.

mod driver;
mod files;
mod settings;

pub use settings::{ExportSettingsProvider, JaegerUi};

use crate::export::{span_count_text, Snapshot, Tone, TRACES_PATH_DEFAULT};
use crate::model::{Trace, TraceId};
use driver::{Driver, Settings};
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties)]
pub struct Props {
    /// All traces, in order of arrival.
    pub traces: Vec<Rc<Trace>>,
    /// When set, "Export to Jaeger" and "Download OTLP JSON" act on this trace only.
    #[prop_or_default]
    pub selected: Option<TraceId>,
    /// Receives the traces of a successfully imported file (never called for a bad file).
    pub on_import: Callback<Vec<Trace>>,
}

/// By identity, not content: comparing 10,000-span traces field by field on every render of
/// the page would cost more than the render.
impl PartialEq for Props {
    fn eq(&self, other: &Self) -> bool {
        self.selected == other.selected
            && self.on_import == other.on_import
            && self.traces.len() == other.traces.len()
            && self
                .traces
                .iter()
                .zip(&other.traces)
                .all(|(a, b)| Rc::ptr_eq(a, b))
    }
}

#[derive(Clone, Debug, PartialEq)]
struct PanelState {
    endpoint: String,
    headers: String,
    auto_export: bool,
    snapshot: Option<Snapshot>,
    /// The last import or download result.
    file_note: Option<(Tone, String)>,
}

enum PanelAction {
    Endpoint(String),
    Headers(String),
    AutoExport(bool),
    Snapshot(Snapshot),
    FileNote(Tone, String),
}

impl Reducible for PanelState {
    type Action = PanelAction;

    fn reduce(self: Rc<Self>, action: PanelAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            PanelAction::Endpoint(v) => next.endpoint = v,
            PanelAction::Headers(v) => next.headers = v,
            PanelAction::AutoExport(v) => next.auto_export = v,
            PanelAction::Snapshot(s) if self.snapshot.as_ref() == Some(&s) => return self,
            PanelAction::Snapshot(s) => next.snapshot = Some(s),
            PanelAction::FileNote(tone, text) => next.file_note = Some((tone, text)),
        }
        Rc::new(next)
    }
}

fn tone_class(tone: Tone) -> &'static str {
    match tone {
        Tone::Idle => "idle",
        Tone::Busy => "busy",
        Tone::Success => "success",
        Tone::Warning => "warning",
        Tone::Error => "error",
    }
}

fn input_value(event: &InputEvent) -> String {
    event.target_unchecked_into::<HtmlInputElement>().value()
}

#[function_component(ExportPanel)]
pub fn export_panel(props: &Props) -> Html {
    let state = use_reducer(|| PanelState {
        endpoint: TRACES_PATH_DEFAULT.to_string(),
        headers: String::new(),
        auto_export: false,
        snapshot: None,
        file_note: None,
    });
    let driver = {
        let dispatcher = state.dispatcher();
        use_memo((), move |_| {
            let settings = Settings {
                endpoint: TRACES_PATH_DEFAULT.to_string(),
                headers: String::new(),
            };
            Driver::new(
                settings,
                Callback::from(move |s| dispatcher.dispatch(PanelAction::Snapshot(s))),
            )
        })
    };
    let jaeger = JaegerUi::from_context(use_context::<JaegerUi>());

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

    let on_endpoint = {
        let (state, driver) = (state.clone(), driver.clone());
        Callback::from(move |e: InputEvent| {
            let endpoint = input_value(&e);
            driver.set_settings(Settings {
                endpoint: endpoint.clone(),
                headers: state.headers.clone(),
            });
            state.dispatch(PanelAction::Endpoint(endpoint));
        })
    };
    let on_headers = {
        let (state, driver) = (state.clone(), driver.clone());
        Callback::from(move |e: InputEvent| {
            let headers = input_value(&e);
            driver.set_settings(Settings {
                endpoint: state.endpoint.clone(),
                headers: headers.clone(),
            });
            state.dispatch(PanelAction::Headers(headers));
        })
    };
    let on_jaeger_ui = {
        let set = jaeger.set.clone();
        Callback::from(move |e: InputEvent| set.emit(input_value(&e)))
    };
    let on_export = {
        let (driver, traces, selected) = (driver.clone(), props.traces.clone(), props.selected);
        Callback::from(move |_| driver.export(&traces, selected))
    };
    let on_auto = {
        let (state, driver, traces) = (state.clone(), driver.clone(), props.traces.clone());
        Callback::from(move |e: Event| {
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            driver.set_auto(on, &traces);
            state.dispatch(PanelAction::AutoExport(on));
        })
    };
    let on_retry = {
        let driver = driver.clone();
        Callback::from(move |_| driver.retry())
    };
    let on_download = {
        let (state, traces, selected) = (state.clone(), props.traces.clone(), props.selected);
        Callback::from(move |_| download(&state, &traces, selected))
    };
    let on_import_file = {
        let (state, on_import) = (state.clone(), props.on_import.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let (state, on_import) = (state.clone(), on_import.clone());
            yew::platform::spawn_local(async move {
                match files::read_and_import(&input).await {
                    Ok(Some((name, traces))) => {
                        let spans: usize = traces.iter().map(|t| t.spans.len()).sum();
                        let text = format!(
                            "Imported {} {} ({}) from {name}.",
                            traces.len(),
                            if traces.len() == 1 { "trace" } else { "traces" },
                            span_count_text(spans as u64)
                        );
                        on_import.emit(traces);
                        state.dispatch(PanelAction::FileNote(Tone::Success, text));
                    }
                    Ok(None) => {}
                    Err(problem) => state.dispatch(PanelAction::FileNote(Tone::Error, problem)),
                }
                // Clearing lets the same file be chosen again after fixing it.
                input.set_value("");
            });
        })
    };

    let snapshot = state.snapshot.clone().unwrap_or_else(|| driver.snapshot());
    html! {
        <section class="export-panel" aria-label="Export to Jaeger">
            <h2>{ "Export to Jaeger" }</h2>
            <div class="export-fields">
                <label>{ "OTLP endpoint" }
                    <input type="text" value={state.endpoint.clone()} oninput={on_endpoint} spellcheck="false"
                           placeholder="/v1/traces or http://localhost:4318/v1/traces" />
                </label>
                <label>{ "Headers" }
                    <input type="text" value={state.headers.clone()} oninput={on_headers} spellcheck="false"
                           placeholder="key=value, e.g. authorization=Bearer%20abc" />
                </label>
                <label>{ "Jaeger UI" }
                    <input type="text" value={jaeger.base.clone()} oninput={on_jaeger_ui} spellcheck="false" />
                </label>
            </div>
            <div class="export-actions">
                <button class="primary" onclick={on_export}
                        title={ if props.selected.is_some() { "Export the selected trace" } else { "Export every trace not exported yet" } }>
                    { "Export to Jaeger" }
                </button>
                <label class="inline"><input type="checkbox" checked={state.auto_export} onchange={on_auto} />{ "Auto-export" }</label>
                <button onclick={on_retry} disabled={snapshot.waiting == 0}>{ "Retry" }</button>
                <span class="export-count" aria-label="Outbox">{ format!("{} waiting", span_count_text(snapshot.waiting)) }</span>
                <span class={classes!("export-count", (snapshot.dropped > 0).then_some("warning"))}>
                    { format!("{} dropped (outbox full)", snapshot.dropped) }
                </span>
            </div>
            <p role="status" aria-label="Export status" class={classes!("export-status", tone_class(snapshot.status.tone))}>
                { snapshot.status.text.clone() }
            </p>
            <div class="export-files">
                <button onclick={on_download}>{ "Download OTLP JSON" }</button>
                <label>{ "Import traces" }
                    <input type="file" accept=".json,.jsonl,.ndjson,application/json" onchange={on_import_file} />
                </label>
            </div>
            if let Some((tone, text)) = &state.file_note {
                <p role="status" aria-label="Import result" class={classes!("export-status", tone_class(*tone))}>{ text.clone() }</p>
            }
        </section>
    }
}

fn download(state: &UseReducerHandle<PanelState>, traces: &[Rc<Trace>], selected: Option<TraceId>) {
    let chosen: Vec<&Trace> = traces
        .iter()
        .filter(|t| selected.is_none_or(|id| t.trace_id == id))
        .map(|t| t.as_ref())
        .collect();
    let (name, note) = match (selected, chosen.len()) {
        (_, 0) => {
            state.dispatch(PanelAction::FileNote(
                Tone::Idle,
                "Nothing to download yet: send a request first.".into(),
            ));
            return;
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
    let json = crate::otlp::encode_traces(chosen);
    match files::download(&name, &json) {
        Ok(()) => state.dispatch(PanelAction::FileNote(Tone::Success, note)),
        Err(problem) => state.dispatch(PanelAction::FileNote(Tone::Error, problem)),
    }
}
