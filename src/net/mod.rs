//! The one place the app does network IO: OTLP/HTTP export with gloo-net.
//!
//! Spec: <https://opentelemetry.io/docs/specs/otlp/#otlphttp-request> — `POST` the JSON body
//! with `Content-Type: application/json` (exactly). Everything that decides anything (retry,
//! messages) is in `crate::export`; this module only turns a `fetch` into an [`Outcome`].
//!
//! Timeout: an `AbortController` aborted by a timer, so a hung collector cannot hold a request
//! forever. Refused vs CORS: a failed `fetch` does not say which, so [`probe_reachable`] asks
//! the same URL again with `mode: "no-cors"`, which succeeds (opaquely) whenever any server
//! answers and fails only when none does.

use crate::export::Outcome;
use gloo_net::http::{Request, RequestBuilder};
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;
use web_sys::{AbortController, RequestMode};

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
    let Ok(controller) = AbortController::new() else {
        // No AbortController means no timeout; report that as a failed request, not a hang.
        return Outcome::NoResponse { reachable: None };
    };
    let timed_out = Rc::new(Cell::new(false));
    let finished = Rc::new(Cell::new(false));
    {
        let (controller, timed_out, finished) =
            (controller.clone(), timed_out.clone(), finished.clone());
        let timeout_ms = request.timeout_ms;
        yew::platform::spawn_local(async move {
            sleep_ms(u64::from(timeout_ms)).await;
            if !finished.get() {
                timed_out.set(true);
                controller.abort();
            }
        });
    }
    let outcome = send(request, &controller).await;
    finished.set(true);
    if timed_out.get() {
        return Outcome::Timeout {
            after_ms: request.timeout_ms,
        };
    }
    match outcome {
        Some(outcome) => outcome,
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
async fn send(request: &PostRequest, controller: &AbortController) -> Option<Outcome> {
    let signal = controller.signal();
    let mut builder: RequestBuilder = Request::post(&request.url).abort_signal(Some(&signal));
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
    // The body is part of the answer (error text, partial success); if reading it fails the
    // status still counts.
    let body = response.text().await.unwrap_or_default();
    Some(Outcome::Response {
        status: response.status(),
        status_text: response.status_text(),
        body,
        retry_after: response.headers().get("retry-after"),
    })
}

/// Does anything answer at `url`? A `no-cors` GET needs no CORS permission, so it resolves
/// (with an opaque response) whenever a server answers and rejects only when none does.
pub async fn probe_reachable(url: &str) -> bool {
    let controller = AbortController::new().ok();
    let signal = controller.as_ref().map(AbortController::signal);
    if let Some(controller) = controller.clone() {
        yew::platform::spawn_local(async move {
            sleep_ms(3_000).await;
            controller.abort();
        });
    }
    Request::get(url)
        .mode(RequestMode::NoCors)
        .abort_signal(signal.as_ref())
        .send()
        .await
        .is_ok()
}
