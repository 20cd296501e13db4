//! The few browser APIs the shell uses besides rendering, in one place: the URL's query,
//! timers, the local UTC offset and a random seed.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// `location.search`, with its leading `?` (empty when there is none).
pub fn query_string() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// Replaces the query in the address bar without a navigation or a history entry, keeping
/// the path and the hash.
pub fn replace_query(query: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let hash = window.location().hash().unwrap_or_default();
    let path = window.location().pathname().unwrap_or_default();
    let url = if query.is_empty() {
        format!("{path}{hash}")
    } else {
        format!("{path}?{query}{hash}")
    };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// Runs `f` once after `ms` milliseconds (0 = after the browser has had a turn: rendering,
/// input), so long work can be cut into chunks that keep the page responsive.
pub fn after(ms: u32, f: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let callback = Closure::once_into_js(f);
    let delay = i32::try_from(ms).unwrap_or(i32::MAX);
    let _ = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), delay);
}

/// Runs `f` in the browser's next idle period (`requestIdleCallback`), with the time that
/// period has left in ms; at the latest after `deadline_ms` when given (its `timeout` option),
/// with 0 ms left. Where `requestIdleCallback` is missing, after `fallback_ms`, with `None`.
pub fn when_idle(
    deadline_ms: Option<u32>,
    fallback_ms: i32,
    f: impl FnOnce(Option<f64>) + 'static,
) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let callback = Closure::once_into_js(move |deadline: JsValue| {
        f(deadline
            .dyn_ref::<web_sys::IdleDeadline>()
            .map(web_sys::IdleDeadline::time_remaining))
    });
    let options = web_sys::IdleRequestOptions::new();
    if let Some(ms) = deadline_ms {
        options.set_timeout(ms);
    }
    if window
        .request_idle_callback_with_options(callback.unchecked_ref(), &options)
        .is_err()
    {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
            callback.unchecked_ref(),
            fallback_ms,
        );
    }
}

#[wasm_bindgen]
extern "C" {
    type Date;
    #[wasm_bindgen(constructor)]
    fn new() -> Date;
    #[wasm_bindgen(method, js_name = getTimezoneOffset)]
    fn timezone_offset(this: &Date) -> f64;
}

/// Minutes to add to UTC for local time (JavaScript's `getTimezoneOffset` has the other sign).
pub fn utc_offset_minutes() -> i32 {
    -(Date::new().timezone_offset() as i32)
}

/// A fresh seed for a page opened without one: short, so the link stays readable.
pub fn random_seed() -> u64 {
    let mut bytes = [0u8; 8];
    if getrandom::fill(&mut bytes).is_err() {
        bytes = crate::clock::now_unix_nanos().to_le_bytes();
    }
    u64::from_le_bytes(bytes) % 1_000_000
}
