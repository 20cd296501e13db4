//! The reader module's import exports: the page hands a trace file's text over, steps the
//! import between frames (its progress bar), then takes the traces back as a batch
//! (`trace_playground::otlp::batch`). The logic is the lib's [`ImportSessions`], tested
//! natively; these only wrap it for JavaScript. Every reply is JSON text, `{"ok": ...}` or
//! `{"error": "..."}`, so a bad file is a value, never a thrown exception.
//!
//! Only wasm32 has `wasm_bindgen`; a native build of this binary has nothing to export.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use trace_playground::otlp::ImportSessions;
use trace_playground::store::StoreLimits;
use wasm_bindgen::prelude::wasm_bindgen;

thread_local! {
    /// The imports going on, by handle (a restore and a chosen file may overlap).
    static SESSIONS: RefCell<ImportSessions> = RefCell::new(ImportSessions::default());
}

/// Starts importing `text`, keeping at most `max_traces` traces and `max_spans` spans (the
/// newest, as the store would); reads nothing yet. Returns the import's handle (never 0).
/// `max_spans` is a double because JavaScript numbers are; it is a whole number up to 2^53,
/// and anything larger means "no cap".
#[wasm_bindgen]
pub fn import_start(text: String, max_traces: u32, max_spans: f64) -> u32 {
    // `as` saturates: a NaN reads as 0 (the importer still keeps the newest trace), +inf and
    // anything past u64's range as u64::MAX.
    let limits = StoreLimits {
        max_traces,
        max_spans: max_spans as u64,
    };
    SESSIONS.with_borrow_mut(|s| s.start(text, limits))
}

/// Reads about `budget` more bytes: `{"ok": progress}`, or `{"error": problem}` (which ends
/// the import).
#[wasm_bindgen]
pub fn import_step(handle: u32, budget: u32) -> String {
    SESSIONS.with_borrow_mut(|s| s.step(handle, budget as usize))
}

/// Ends the import: `{"ok": batch}` once a step said it is done, or `{"error": problem}`.
#[wasm_bindgen]
pub fn import_finish(handle: u32) -> String {
    SESSIONS.with_borrow_mut(|s| s.finish(handle))
}

/// Ends the import without a result (the page gave up on it), freeing its text.
#[wasm_bindgen]
pub fn import_drop(handle: u32) {
    SESSIONS.with_borrow_mut(|s| s.drop_import(handle));
}
