//! The one place the app does network IO: OTLP/HTTP export with gloo-net.
//!
//! Spec: <https://opentelemetry.io/docs/specs/otlp/#otlphttp-request> — `POST` the JSON body
//! with `Content-Type: application/json` (exactly). Everything that decides anything (retry,
//! messages) is in `crate::export`; this module only turns a `fetch` into an [`Outcome`].
//!
//! Timeout: `AbortSignal.timeout()` (the browser's own timer-driven abort signal), so a hung
//! collector cannot hold a request forever; after a failure, `signal.aborted` tells a timeout
//! from other failures. Refused vs CORS: a failed `fetch` does not say which, so [`probe_reachable`] asks
//! the same URL again with `mode: "no-cors"`, which succeeds (opaquely) whenever any server
//! answers and fails only when none does.

pub mod storage;

use crate::export::{parse_retry_after, Outcome};
use gloo_net::http::{Request, RequestBuilder};
use std::time::Duration;
use web_sys::{AbortSignal, RequestMode};

/// One export request.
#[derive(Clone, Debug)]
pub struct PostRequest {
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
    pub timeout_ms: u32,
    /// Whether the URL is cross-origin; only then is a failure probed (same origin cannot be CORS).
    pub cross_origin: bool,
}

/// Waits `ms` milliseconds (a browser timer).
pub async fn sleep_ms(ms: u64) {
    yew::platform::time::sleep(Duration::from_millis(ms)).await;
}

/// POSTs an OTLP/HTTP JSON body and reports what came back. Never panics.
pub async fn post_otlp(request: &PostRequest) -> Outcome {
    let signal = AbortSignal::timeout_with_u32(request.timeout_ms);
    match send(request, &signal).await {
        Some(outcome) => outcome,
        None if signal.aborted() => Outcome::Timeout {
            after_ms: request.timeout_ms,
        },
        None => {
            let reachable = if request.cross_origin {
                Some(probe_reachable(&request.url).await)
            } else {
                None
            };
            Outcome::NoResponse { reachable }
        }
    }
}

/// `None` when `fetch` itself failed (no response at all).
async fn send(request: &PostRequest, signal: &AbortSignal) -> Option<Outcome> {
    let mut builder: RequestBuilder = Request::post(&request.url).abort_signal(Some(signal));
    for (name, value) in &request.headers {
        builder = builder.header(name, value);
    }
    let response = builder
        .header("Content-Type", "application/json")
        .body(request.body.as_str())
        .ok()?
        .send()
        .await
        .ok()?;
    // Retry-After may be an HTTP-date, a moment rather than a wait: it is read against the
    // clock now, as the answer arrives (RFC 9110 §10.2.3; parsing in `export::retry_after`).
    let answered_at_ms = crate::clock::now_unix_nanos() / 1_000_000;
    let retry_after_ms = response
        .headers()
        .get("retry-after")
        .and_then(|value| parse_retry_after(&value, answered_at_ms));
    // The body is part of the answer (error text, partial success); if reading it fails the
    // status still counts.
    let body = response.text().await.unwrap_or_default();
    Some(Outcome::Response {
        status: response.status(),
        status_text: response.status_text(),
        body,
        retry_after_ms,
    })
}

/// Does anything answer at `url`? A `no-cors` GET needs no CORS permission, so it resolves
/// (with an opaque response) whenever a server answers and rejects only when none does.
pub async fn probe_reachable(url: &str) -> bool {
    let signal = AbortSignal::timeout_with_u32(3_000);
    Request::get(url)
        .mode(RequestMode::NoCors)
        .abort_signal(Some(&signal))
        .send()
        .await
        .is_ok()
}
