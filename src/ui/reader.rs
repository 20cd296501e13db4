//! Loads the reader, the page's second wasm module (`src/bin/reader/main.rs`), and calls its
//! exports: the scenario reader and the trace importer, which a cold load does without (issue
//! 11's cold-load guard, issue 15's `load_slow4g_ms`).
//!
//! - Where it is: `scripts/post-build.mjs` writes a module script (the loader) that imports
//!   the reader's wasm-bindgen glue, instantiates it, puts its exports on
//!   `globalThis.tracePlaygroundReader` and fires `trace-playground-reader` (or
//!   `trace-playground-reader-failed`); it names the loader, with a version, in
//!   `<meta name="trace-playground-reader">`. Module scripts from the page's own origin are
//!   what the Content-Security-Policy allows (`script-src 'self'`).
//! - [`ready`] adds that script once and resolves when the exports are there; [`call`] calls
//!   one synchronously, so the reducer stays synchronous once the reader is in
//!   (`crate::sim::file::reader`'s `Remote` over [`Bridge`]).

use crate::sim::file::reader::{install, Remote, Transport};
use js_sys::{Array, Function, Promise, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

const META: &str = "meta[name=\"trace-playground-reader\"]";
const GLOBAL: &str = "tracePlaygroundReader";
const READY_EVENT: &str = "trace-playground-reader";
const FAILED_EVENT: &str = "trace-playground-reader-failed";

thread_local! {
    /// The one load of the reader, shared by every caller of [`ready`].
    static LOAD: RefCell<Option<Promise>> = const { RefCell::new(None) };
}

/// Why the reader is not there, for a learner.
fn unavailable(why: &str) -> String {
    format!("The scenario reader and the trace importer could not load ({why}). Writing scenarios and importing traces need them: reload the page to try again. The lab still runs.")
}

/// Starts loading the reader (once) and waits until its exports can be called.
pub async fn ready() -> Result<(), String> {
    if exports().is_some() {
        return Ok(());
    }
    let load = LOAD.with(|load| load.borrow_mut().get_or_insert_with(start).clone());
    JsFuture::from(load)
        .await
        .map(|_| ())
        .map_err(|e| unavailable(&e.as_string().unwrap_or_else(|| format!("{e:?}"))))
}

/// Adds the loader script; the promise settles on the loader's event or the script's error.
fn start() -> Promise {
    Promise::new(&mut |resolve: Function, reject: Function| {
        let Some(window) = web_sys::window() else {
            let _ = reject.call1(&JsValue::NULL, &"no window".into());
            return;
        };
        let Some(document) = window.document() else {
            let _ = reject.call1(&JsValue::NULL, &"no document".into());
            return;
        };
        let src = document
            .query_selector(META)
            .ok()
            .flatten()
            .and_then(|meta| meta.get_attribute("content"));
        let Some(src) = src else {
            let _ = reject.call1(&JsValue::NULL, &"the page names no reader".into());
            return;
        };
        let on = |event: &str, settle: Function, why: Option<&'static str>| {
            let handler = Closure::once_into_js(move |e: web_sys::Event| {
                let detail = Reflect::get(&e, &"detail".into()).ok();
                let message = match (why, detail.and_then(|d| d.as_string())) {
                    (None, _) => JsValue::UNDEFINED,
                    (Some(_), Some(detail)) => detail.into(),
                    (Some(why), None) => why.into(),
                };
                let _ = settle.call1(&JsValue::NULL, &message);
            });
            (event.to_string(), handler)
        };
        let (ready, on_ready) = on(READY_EVENT, resolve, None);
        let (failed, on_failed) = on(FAILED_EVENT, reject.clone(), Some("it did not start"));
        let _ = window.add_event_listener_with_callback(&ready, on_ready.unchecked_ref());
        let _ = window.add_event_listener_with_callback(&failed, on_failed.unchecked_ref());
        let script = document.create_element("script");
        let Ok(script) = script else {
            let _ = reject.call1(&JsValue::NULL, &"no script element".into());
            return;
        };
        let _ = script.set_attribute("type", "module");
        let _ = script.set_attribute("src", &src);
        let (_, on_error) = on("error", reject, Some("its files did not download"));
        let _ = script.add_event_listener_with_callback("error", on_error.unchecked_ref());
        if let Some(head) = document.head() {
            let _ = head.append_child(&script);
        }
    })
}

/// The reader's exports, once loaded.
fn exports() -> Option<JsValue> {
    let value = Reflect::get(&js_sys::global(), &GLOBAL.into()).ok()?;
    (!value.is_undefined() && !value.is_null()).then_some(value)
}

/// Calls the reader's export `name` with `args`, synchronously. An export that throws has
/// stopped the reader (a Rust panic is a wasm trap there): the message says to reload.
pub fn call(name: &str, args: &[JsValue]) -> Result<JsValue, String> {
    let exports = exports().ok_or_else(|| "the reader has not loaded".to_string())?;
    let function: Function = Reflect::get(&exports, &name.into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or_else(|| format!("the reader has no `{name}`"))?;
    let args: Array = args.iter().collect();
    function.apply(&exports, &args).map_err(|e| {
        let why = (e.dyn_ref::<js_sys::Error>())
            .map(|error| format!("{}: {}", error.name(), error.message()))
            .or_else(|| e.as_string())
            .unwrap_or_else(|| format!("{e:?}"));
        format!("the reader stopped ({why}); reload the page to use it again")
    })
}

/// A call whose answer is a string (every export of the reader answers JSON text).
fn call_text(name: &str, args: &[JsValue]) -> Result<String, String> {
    call(name, args)?
        .as_string()
        .ok_or_else(|| format!("`{name}` answered something other than text"))
}

/// The scenario reader's exports, for `sim::file::reader::Remote`.
pub struct Bridge;

impl Transport for Bridge {
    fn parse(&self, text: &str, format: &str) -> Result<String, String> {
        call_text("parse_scenario", &[text.into(), format.into()])
    }
    fn set_switch(&self, text: &str, format: &str, name: &str, on: bool) -> Result<String, String> {
        call_text(
            "set_switch",
            &[text.into(), format.into(), name.into(), on.into()],
        )
    }
    fn set_workers(&self, t: &str, f: &str, service: &str, n: f64) -> Result<String, String> {
        call_text(
            "set_workers",
            &[t.into(), f.into(), service.into(), n.into()],
        )
    }
    fn pack(&self, text: &str) -> Result<String, String> {
        call_text("pack_scenario", &[text.into()])
    }
    fn unpack(&self, value: &str) -> Result<String, String> {
        call_text("unpack_scenario", &[value.into()])
    }
}

/// Loads the reader and makes it the page's scenario reader; `Err` says why it could not.
pub async fn install_scenario_reader() -> Result<(), String> {
    ready().await?;
    install(Some(Rc::new(Remote(Bridge))));
    Ok(())
}
