//! The test service the official W3C trace-context suite drives: `POST /test` with a JSON array of
//! `{"url", "arguments"}`; for each item, `POST url` with `arguments` as the body, carrying the
//! trace context a participating service sends (W3C Trace Context Editor's Draft §4.1,
//! <https://w3c.github.io/trace-context/#processing-model>): the incoming trace continues with a
//! new parent-id per outgoing call, or restarts when the incoming `traceparent` is absent or invalid.
//! A `tracestate` that repeats a key is carried on without the repeats (§3.5).

use super::client;
use super::http::{self, Head, HttpError, NoLength};
use rand::{RngCore, SeedableRng};
use serde_json::{json, Value};
use std::io::BufReader;
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::Duration;
use trace_playground::model::Headers;
use trace_playground::propagation::{self, Extraction, TracestateOutcome};
// The simulator's generator: its stream for a seed is fixed (rand_xoshiro), so `--seed N` gives
// the same ids after a dependency upgrade, which `StdRng` does not promise.
use trace_playground::sim::SimRng;

/// Connections served at once; more get a 503 rather than an unbounded number of threads.
pub const MAX_CONNECTIONS: usize = 32;
/// Outgoing calls one `POST /test` may ask for.
pub const MAX_ACTIONS: usize = 100;
const IO_TIMEOUT: Duration = Duration::from_secs(10);

/// Serves connections until the listener fails for good. Each connection gets its own RNG drawn
/// from `seed`, so a seeded run produces the same ids for the same sequence of requests.
pub fn serve(listener: TcpListener, seed: u64) {
    let mut seeds = SimRng::seed_from_u64(seed);
    let active = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let stream = match stream {
            Ok(stream) => stream,
            Err(e) => {
                eprintln!("accept failed: {e}");
                continue;
            }
        };
        let connection_rng = SimRng::seed_from_u64(seeds.next_u64());
        let slot = Slot::take(&active);
        if slot.is_none() {
            refuse_busy(stream);
            continue;
        }
        let spawned = thread::Builder::new()
            .name("w3c-conformance-connection".to_string())
            .spawn(move || {
                let _slot = slot;
                handle_connection(stream, connection_rng);
            });
        if let Err(e) = spawned {
            eprintln!("cannot start a connection thread: {e}");
        }
    }
}

/// One of the [`MAX_CONNECTIONS`] places; released on drop, whatever happens in the thread.
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(active: &Arc<AtomicUsize>) -> Option<Slot> {
        let previous = active.fetch_add(1, Ordering::SeqCst);
        let slot = Slot(Arc::clone(active));
        (previous < MAX_CONNECTIONS).then_some(slot)
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

fn refuse_busy(stream: TcpStream) {
    let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
    let mut writer = stream;
    let body = json!({"error": "too many connections"}).to_string();
    let _ = http::write_response(&mut writer, 503, &[], "application/json", body.as_bytes());
}

/// A response: status, JSON body and any extra header.
pub struct Response {
    pub status: u16,
    pub body: Value,
    pub extra_headers: &'static [(&'static str, &'static str)],
}

impl Response {
    fn new(status: u16, body: Value) -> Self {
        Response {
            status,
            body,
            extra_headers: &[],
        }
    }

    fn error(status: u16, message: impl Into<String>) -> Self {
        Response::new(status, json!({ "error": message.into() }))
    }
}

fn handle_connection(stream: TcpStream, mut rng: SimRng) {
    if stream.set_read_timeout(Some(IO_TIMEOUT)).is_err()
        || stream.set_write_timeout(Some(IO_TIMEOUT)).is_err()
    {
        return;
    }
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    let response = match http::read_head(&mut reader) {
        Ok(head) => route(&head, &mut reader, &mut rng),
        Err(e) => match error_response(e) {
            Some(response) => response,
            None => return,
        },
    };
    let body = response.body.to_string();
    let _ = http::write_response(
        &mut writer,
        response.status,
        response.extra_headers,
        "application/json",
        body.as_bytes(),
    );
}

/// Maps a read failure to the answer it deserves; `None` when there is nobody to answer.
fn error_response(error: HttpError) -> Option<Response> {
    match error {
        HttpError::Closed | HttpError::Io(_) => None,
        HttpError::Malformed(_) => Some(Response::error(400, error.to_string())),
        HttpError::TooLarge("body") => Some(Response::error(413, error.to_string())),
        HttpError::TooLarge(_) => Some(Response::error(431, error.to_string())),
    }
}

fn route(head: &Head, reader: &mut BufReader<TcpStream>, rng: &mut SimRng) -> Response {
    let (method, target) = match http::parse_request_line(&head.start_line) {
        Ok(parts) => parts,
        Err(e) => return Response::error(400, e.to_string()),
    };
    let path = target.split('?').next().unwrap_or(target);
    if path != "/test" {
        return Response::error(404, "this server only serves POST /test");
    }
    if method != "POST" {
        let mut response = Response::error(405, "use POST /test");
        response.extra_headers = &[("Allow", "POST")];
        return response;
    }
    match http::read_body(reader, head, NoLength::Empty) {
        Ok(body) => run_test(&head.headers, &body, rng),
        Err(e) => {
            error_response(e).unwrap_or_else(|| Response::error(400, "request body unreadable"))
        }
    }
}

/// One item of the harness's instructions.
#[derive(Debug, PartialEq)]
pub struct Action {
    pub url: String,
    pub arguments: Value,
}

/// Validates the whole body before any call is made, so a bad request has no side effects.
pub fn parse_actions(body: &[u8]) -> Result<Vec<Action>, String> {
    let value: Value =
        serde_json::from_slice(body).map_err(|e| format!("body is not JSON: {e}"))?;
    let Value::Array(items) = value else {
        return Err("body must be a JSON array of {\"url\", \"arguments\"} objects".to_string());
    };
    if items.len() > MAX_ACTIONS {
        return Err(format!(
            "at most {MAX_ACTIONS} actions per request, got {}",
            items.len()
        ));
    }
    items
        .into_iter()
        .enumerate()
        .map(|(index, item)| {
            let Value::Object(mut fields) = item else {
                return Err(format!("item {index} is not an object"));
            };
            let Some(Value::String(url)) = fields.remove("url") else {
                return Err(format!("item {index} has no string \"url\""));
            };
            let arguments = match fields.remove("arguments") {
                None | Some(Value::Null) => json!([]),
                Some(arguments) => arguments,
            };
            Ok(Action { url, arguments })
        })
        .collect()
}

fn run_test(headers: &Headers, body: &[u8], rng: &mut SimRng) -> Response {
    let actions = match parse_actions(body) {
        Ok(actions) => actions,
        Err(message) => return Response::error(400, message),
    };
    let extraction = propagation::extract_detailed(headers);
    let incoming = extraction.span_context();
    let verdict = describe(&extraction);
    eprintln!("POST /test ({} call(s)): {verdict}", actions.len());
    let calls: Vec<Value> = actions
        .iter()
        .map(|action| {
            // Each outgoing call is a client span of its own, so each gets a fresh parent-id.
            let ctx = propagation::outgoing_context(incoming.as_ref(), rng);
            let mut out = Headers::new();
            propagation::inject(&ctx, &mut out);
            let sent: serde_json::Map<String, Value> = out
                .iter()
                .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                .collect();
            let outcome =
                match client::post_json(&action.url, action.arguments.to_string().as_bytes(), &out)
                {
                    Ok(status) => json!({ "status": status }),
                    Err(error) => {
                        eprintln!("  call to {} failed: {error}", action.url);
                        json!({ "error": error })
                    }
                };
            json!({ "url": action.url, "sent": sent, "outcome": outcome })
        })
        .collect();
    Response::new(200, json!({ "incoming": verdict, "calls": calls }))
}

/// One line saying what the processing model decided, for the log and the response body.
pub fn describe(extraction: &Extraction) -> String {
    let parent = match &extraction.traceparent {
        Ok(tp) => format!(
            "continue trace {} from parent {} (version {:02x}, flags {})",
            tp.trace_id, tp.parent_id, tp.version, tp.flags
        ),
        Err(e) => format!("new trace, because: {e}"),
    };
    let state = match &extraction.tracestate {
        TracestateOutcome::Absent => "no tracestate".to_string(),
        TracestateOutcome::IgnoredWithoutTraceparent => {
            "tracestate ignored without a valid traceparent".to_string()
        }
        TracestateOutcome::Valid(parsed) if parsed.discarded_duplicates.is_empty() => {
            format!("tracestate carried: {:?}", parsed.state.to_string())
        }
        TracestateOutcome::Valid(parsed) => {
            let repeats: Vec<String> = parsed
                .discarded_duplicates
                .iter()
                .map(|(key, value)| format!("{key}={value}"))
                .collect();
            format!(
                "tracestate carried: {:?}, without the repeated {:?} ({})",
                parsed.state.to_string(),
                repeats.join(","),
                propagation::spec::MUTATING_TRACESTATE
            )
        }
        TracestateOutcome::Invalid(e) => format!("tracestate discarded: {e}"),
    };
    format!("{parent}; {state}")
}
