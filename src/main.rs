//! Wasm entry point: install the panic banner, then render the app.

/// Talc instead of the default dlmalloc: smaller in the wasm, and fast (see Cargo.toml).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[cfg(target_arch = "wasm32")]
fn main() {
    trace_playground::ui::panic_banner::install();
    // index.html's loading note (`#boot`) stands in while this module downloads; the app's
    // first frame replaces it. Both happen before the browser paints again, so no blank frame.
    if let Some(boot) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id("boot"))
    {
        boot.remove();
    }
    yew::Renderer::<trace_playground::ui::App>::new().render();
}

/// The app is a browser app; natively there is nothing to run (see `cargo test`).
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("trace-playground runs in the browser: see README.md (serve command).");
}
