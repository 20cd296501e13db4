//! Native conformance server for the official W3C trace-context test suite.
//!
//! `cargo run --release --bin w3c-conformance -- --listen 127.0.0.1:PORT` serves `POST /test`
//! and propagates trace context per the W3C Trace Context Editor's Draft
//! (<https://w3c.github.io/trace-context/>) using this crate's `propagation` module.
//! How to run the suite against it: `docs/w3c-conformance.md`.
//!
//! It needs sockets and threads, so on wasm32 it compiles to a stub that says so.

#[cfg(not(target_arch = "wasm32"))]
mod w3c_conformance;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::process::exit(w3c_conformance::run(&args));
}

#[cfg(target_arch = "wasm32")]
fn main() {
    println!("w3c-conformance is a native tool: build it for the host, not wasm32.");
}
