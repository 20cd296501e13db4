//! What one export request came back with, and what that means: accepted, worth retrying,
//! or a problem the learner has to fix. Turning it into words is `message.rs`'s job.

use super::endpoint::Target;
use super::retry::{classify_status, StatusClass};
use crate::otlp::{error_body_message, parse_export_response, ExportResponse};

/// One POST as the network layer saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The collector (or a proxy in front of it) answered.
    Response {
        status: u16,
        status_text: String,
        body: String,
        /// The wait its `Retry-After` asked for, if it sent one that parses. The network shell
        /// reads it with [`super::parse_retry_after`] against the clock when the answer
        /// arrives, since the HTTP-date form is a moment, not a duration.
        retry_after_ms: Option<u64>,
    },
    /// No answer within the timeout; the request was aborted.
    Timeout { after_ms: u32 },
    /// `fetch` failed without a response. Browsers report a refused connection, a DNS failure
    /// and a CORS block identically (a `TypeError`), on purpose. `reachable` is what a follow-up
    /// `no-cors` probe of the same URL found: `Some(true)` = something answers there (so CORS
    /// is the likely cause), `Some(false)` = nothing answers, `None` = not probed.
    NoResponse { reachable: Option<bool> },
}

/// Why spans were not accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Nothing answers at the endpoint.
    Unreachable,
    /// Same-origin endpoint whose server answered 500/502 with no body: what `trunk serve`'s
    /// proxy (and most dev proxies) do when nothing listens behind `/v1/traces`.
    ProxyCannotReach {
        status: u16,
    },
    /// Cross-origin, and something answers: the browser withheld the response for lack of CORS.
    Cors,
    /// Cross-origin, and the browser does not say why (refused or CORS); not probed.
    RefusedOrCors,
    Timeout {
        after_ms: u32,
    },
    Http {
        status: u16,
        status_text: String,
        message: String,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Accepted(ExportResponse),
    Retry {
        problem: Problem,
        retry_after_ms: Option<u64>,
    },
    /// Not retried automatically; spans stay in the outbox for a manual Retry.
    Fail {
        problem: Problem,
    },
}

/// Applies the OTLP/HTTP rules (see `retry.rs`) to an outcome for `target`.
pub fn judge(outcome: &Outcome, target: &Target) -> Verdict {
    match outcome {
        Outcome::Response {
            status,
            status_text,
            body,
            retry_after_ms,
        } => {
            let retry_after_ms = *retry_after_ms;
            if target.same_origin && matches!(status, 500 | 502) && body.trim().is_empty() {
                // A dev proxy's "backend refused" is a network error in disguise: retry it.
                return Verdict::Retry {
                    problem: Problem::ProxyCannotReach { status: *status },
                    retry_after_ms,
                };
            }
            let problem = || Problem::Http {
                status: *status,
                status_text: status_text.clone(),
                message: error_body_message(body),
            };
            match classify_status(*status) {
                StatusClass::Success => Verdict::Accepted(parse_export_response(body)),
                StatusClass::Retryable => Verdict::Retry {
                    problem: problem(),
                    retry_after_ms,
                },
                StatusClass::Permanent => Verdict::Fail { problem: problem() },
            }
        }
        Outcome::Timeout { after_ms } => Verdict::Retry {
            problem: Problem::Timeout {
                after_ms: *after_ms,
            },
            retry_after_ms: None,
        },
        Outcome::NoResponse { reachable } => {
            let problem = match (target.same_origin, reachable) {
                // Same origin cannot be a CORS block, and the page's own server is down.
                (true, _) | (false, Some(false)) => Problem::Unreachable,
                (false, Some(true)) => Problem::Cors,
                (false, None) => Problem::RefusedOrCors,
            };
            Verdict::Retry {
                problem,
                retry_after_ms: None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(same_origin: bool) -> Target {
        Target {
            url: "x".into(),
            same_origin,
            page_origin: "http://127.0.0.1:8080".into(),
            has_custom_headers: false,
        }
    }

    fn response(status: u16, body: &str, retry_after_ms: Option<u64>) -> Outcome {
        Outcome::Response {
            status,
            status_text: String::new(),
            body: body.into(),
            retry_after_ms,
        }
    }

    fn kind(verdict: &Verdict) -> String {
        match verdict {
            Verdict::Accepted(r) => format!("accepted rejected={}", r.rejected_spans),
            Verdict::Retry {
                problem,
                retry_after_ms,
            } => format!("retry {problem:?} after={retry_after_ms:?}"),
            Verdict::Fail { problem } => format!("fail {problem:?}"),
        }
    }

    #[test]
    fn outcomes_are_judged_by_the_otlp_rules() {
        #[rustfmt::skip]
        let cases: Vec<(Outcome, bool, &str, &str)> = vec![
            (response(200, "{}", None), false, "accepted rejected=0", "plain success"),
            (response(200, r#"{"partialSuccess":{"rejectedSpans":"2","errorMessage":"x"}}"#, None), false, "accepted rejected=2", "partial success is not retried"),
            (response(503, "", Some(1_000)), false, "retry Http { status: 503, status_text: \"\", message: \"\" } after=Some(1000)", "503 honours Retry-After"),
            (response(429, "{\"message\":\"slow\"}", None), true, "retry Http { status: 429, status_text: \"\", message: \"slow\" } after=None", "throttled"),
            (response(400, "{\"code\":3,\"message\":\"bad\"}", None), false, "fail Http { status: 400, status_text: \"\", message: \"bad\" }", "400 shows the rpc status message"),
            (response(500, "", None), true, "retry ProxyCannotReach { status: 500 } after=None", "trunk's proxy with nothing behind it"),
            (response(502, "", None), true, "retry ProxyCannotReach { status: 502 } after=None", "another dev proxy's way to say it"),
            (response(500, "", None), false, "fail Http { status: 500, status_text: \"\", message: \"\" }", "cross-origin 500 is the collector's own answer"),
            (response(500, "oops", None), true, "fail Http { status: 500, status_text: \"\", message: \"oops\" }", "a 500 with a body is a real error"),
            (Outcome::Timeout { after_ms: 10_000 }, false, "retry Timeout { after_ms: 10000 } after=None", "timeouts are retried"),
            (Outcome::NoResponse { reachable: None }, true, "retry Unreachable after=None", "same origin: cannot be CORS"),
            (Outcome::NoResponse { reachable: Some(false) }, false, "retry Unreachable after=None", "probe: nothing listens"),
            (Outcome::NoResponse { reachable: Some(true) }, false, "retry Cors after=None", "probe: something answers, so CORS"),
            (Outcome::NoResponse { reachable: None }, false, "retry RefusedOrCors after=None", "cannot tell"),
        ];
        for (outcome, same_origin, expected, why) in cases {
            assert_eq!(
                kind(&judge(&outcome, &target(same_origin))),
                expected,
                "{why}"
            );
        }
    }
}
