//! "Now" in unix nanoseconds: the one impure input of a simulation besides its seed.
//!
//! The simulator never calls this itself; callers pass the result in, so tests use a fixed time.

/// Wall-clock time in unix nanoseconds (JavaScript `Date.now()` in the browser).
#[cfg(target_arch = "wasm32")]
pub fn now_unix_nanos() -> u64 {
    // Date.now() is whole milliseconds; that is enough to anchor a run.
    (js_sys_now_ms() * 1_000_000.0) as u64
}

#[cfg(target_arch = "wasm32")]
fn js_sys_now_ms() -> f64 {
    #[wasm_bindgen::prelude::wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = Date, js_name = now)]
        fn date_now() -> f64;
    }
    date_now()
}

/// Wall-clock time in unix nanoseconds.
#[cfg(not(target_arch = "wasm32"))]
pub fn now_unix_nanos() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0)
}
