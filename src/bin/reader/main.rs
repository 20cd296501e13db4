//! The reader: the page's second wasm module, fetched after the first paint (issue 11's
//! 600,000-byte cold-load guard; issue 15's `load_slow4g_ms`).
//!
//! It holds what a learner needs only once they write a scenario or import a file: the YAML
//! parser and the scenario checks (`trace_playground::sim::file`). Its exports take and return
//! strings: JSON answers whose shapes the library defines on both ends
//! (`sim::file::reader::answer` here, `sim::file::reader::Remote` in the main module), so the
//! logic stays in the library, tested natively, and this file only binds it.
//!
//! Built by trunk as a `data-type="worker"` asset with wasm-bindgen's `web` target (so trunk
//! writes no preload for it); `scripts/post-build.mjs` writes the module script that starts it
//! and tells the page where it is; `src/ui/reader.rs` loads it.

/// The same allocator as the main module (src/main.rs).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// The trace importer's exports (`import_start`, `import_step`, `import_finish`, `import_drop`).
mod import;

#[cfg(target_arch = "wasm32")]
mod scenario {
    use trace_playground::sim::file::reader::answer;
    use wasm_bindgen::prelude::*;

    /// `sim::file::parse_scenario`, answered as JSON.
    #[wasm_bindgen]
    pub fn parse_scenario(text: &str, format: &str) -> String {
        answer::parse(text, format)
    }

    /// `sim::file::set_switch`, answered as JSON.
    #[wasm_bindgen]
    pub fn set_switch(text: &str, format: &str, name: &str, on: bool) -> String {
        answer::set_switch(text, format, name, on)
    }

    /// `view::url::scenario::compress`, answered as JSON.
    #[wasm_bindgen]
    pub fn pack_scenario(text: &str) -> String {
        answer::pack(text)
    }

    /// `view::url::scenario::decompress`, answered as JSON.
    #[wasm_bindgen]
    pub fn unpack_scenario(value: &str) -> String {
        answer::unpack(value)
    }

    /// `sim::file::set_workers`, answered as JSON (`workers` negative: unlimited).
    #[wasm_bindgen]
    pub fn set_workers(text: &str, format: &str, service: &str, workers: f64) -> String {
        answer::set_workers(text, format, service, workers)
    }
}

/// The exports only bind; there is nothing to start.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the reader is the page's second wasm module: see README.md (serve command).");
}
