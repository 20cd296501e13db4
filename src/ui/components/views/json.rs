//! The JSON panel: the trace as OTLP JSON (`crate::otlp::encode_traces`, what "Export" posts)
//! or as Jaeger JSON (`crate::view::trace_json`, what Jaeger UI shows), as text in a `<pre>`,
//! with Copy and Download. A big trace's text is long (about 400 bytes a span), so the page
//! shows its beginning and Copy and Download give all of it.

use super::PanelProps;
use crate::otlp::encode_traces;
use crate::ui::components::export_panel::files::download;
use crate::view::format;
use crate::view::json_text::pretty_json;
use crate::view::trace_json::jaeger_json;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

/// Characters of text shown; more would make the page slow to lay out and nobody reads it.
const SHOWN_BYTES: usize = 200_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Otlp,
    Jaeger,
}

impl Format {
    fn label(self) -> &'static str {
        match self {
            Format::Otlp => "OTLP JSON",
            Format::Jaeger => "Jaeger JSON",
        }
    }
}

#[function_component(JsonPanel)]
pub fn json_panel(p: &PanelProps) -> Html {
    let format = use_state(|| Format::Otlp);
    let message = use_state(String::new);
    let text = {
        let views = p.views.clone();
        use_memo((*format, views), |(format, views)| {
            let compact = match format {
                Format::Otlp => encode_traces([&*views.trace.0]),
                Format::Jaeger => jaeger_json(&views.trace),
            };
            let (shown, complete) = pretty_json(&compact, SHOWN_BYTES);
            (compact, shown, complete)
        })
    };
    let full = {
        let text = text.clone();
        move || {
            if text.2 {
                text.1.clone()
            } else {
                pretty_json(&text.0, usize::MAX).0
            }
        }
    };
    let copy = {
        let (full, message) = (full.clone(), message.clone());
        Callback::from(move |_| {
            let text = full();
            let message = message.clone();
            let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) else {
                message.set("The browser has no clipboard here.".into());
                return;
            };
            let promise = clipboard.write_text(&text);
            wasm_bindgen_futures::spawn_local(async move {
                message.set(match JsFuture::from(promise).await {
                    Ok(_) => format!("Copied {} characters.", format::count(text.len() as u64)),
                    Err(_) => "The browser did not allow copying; use Download instead.".into(),
                });
            });
        })
    };
    let save = {
        let (message, current) = (message.clone(), *format);
        let name = format!(
            "trace-{}.{}.json",
            p.views.trace.trace_id,
            if current == Format::Otlp {
                "otlp"
            } else {
                "jaeger"
            }
        );
        Callback::from(move |_| {
            if let Err(problem) = download(&name, &full()) {
                message.set(problem);
            } else {
                message.set(format!("Downloading {name}."));
            }
        })
    };
    let choose = |f: Format| {
        let (format, message) = (format.clone(), message.clone());
        Callback::from(move |_| {
            format.set(f);
            message.set(String::new());
        })
    };
    let (compact, shown, complete) = (&text.0, &text.1, text.2);
    html! {
        <div class="json-panel">
            <div class="panel-tools">
                <div class="toggle-group" role="group" aria-label="Format">
                    { for [Format::Otlp, Format::Jaeger].into_iter().map(|f| html! {
                        <button aria-pressed={(*format == f).to_string()} onclick={choose(f)}>{ f.label() }</button>
                    }) }
                </div>
                <button onclick={copy}>{ "Copy" }</button>
                <button onclick={save}>{ "Download" }</button>
                <span class="hint" role="status">{ (*message).clone() }</span>
            </div>
            if !complete {
                <p class="hint">{ format!("Showing only the beginning ({} characters). Copy and Download give the whole trace ({} characters before indenting).",
                    format::count(shown.len() as u64), format::count(compact.len() as u64)) }</p>
            }
            <pre class="json-text" tabindex="0" aria-label={format.label()}>{ shown.clone() }</pre>
        </div>
    }
}
