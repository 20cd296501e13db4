//! "Open in Jaeger": a link to the trace's page in the Jaeger UI (`<jaeger ui>/trace/<id>`),
//! using the address in the export panel's "Jaeger UI" field.
//!
//! The address is page-wide state kept here rather than in a Yew context: a context needs a
//! provider component around the page and a hook in every link, which cost more WebAssembly
//! than this whole feature's links are worth. When the field changes, [`set_jaeger_ui`]
//! rewrites the links already on the page; new links read the current address.

use crate::export::{jaeger_trace_url, DEFAULT_JAEGER_UI};
use crate::model::TraceId;
use std::cell::RefCell;
use wasm_bindgen::JsCast;
use yew::prelude::*;

thread_local! {
    static JAEGER_UI: RefCell<String> = RefCell::new(DEFAULT_JAEGER_UI.to_string());
}

/// The Jaeger UI address links use now.
pub fn jaeger_ui() -> String {
    JAEGER_UI.with(|base| base.borrow().clone())
}

/// Changes the address and updates every "Open in Jaeger" link on the page.
pub fn set_jaeger_ui(base: String) {
    JAEGER_UI.with(|current| *current.borrow_mut() = base.clone());
    let Some(links) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector_all("a.open-in-jaeger").ok())
    else {
        return;
    };
    for i in 0..links.length() {
        let Some(link) = links
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        let id = link
            .get_attribute("data-trace-id")
            .and_then(|id| TraceId::from_hex(&id).ok());
        if let Some(href) = id.and_then(|id| jaeger_trace_url(&base, id)) {
            let _ = link.set_attribute("href", &href);
        }
    }
}

/// The link for one trace (a plain function: it has no state of its own).
pub fn open_in_jaeger(trace_id: TraceId) -> Html {
    // An address that is not http(s) gets no link rather than a link somewhere odd; the
    // field's own hint says what is wrong.
    let href = jaeger_trace_url(&jaeger_ui(), trace_id).unwrap_or_default();
    html! {
        <a class="open-in-jaeger" {href} data-trace-id={trace_id.to_string()} target="_blank" rel="noopener noreferrer">
            { "Open in Jaeger" }
        </a>
    }
}
