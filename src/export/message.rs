//! The status line's words: what happened, in terms a learner can act on.
//!
//! Each problem says what went wrong, the likely cause, and the fix. Where the browser hides
//! the cause (refused vs CORS), the message says so rather than guessing silently.

use super::endpoint::Target;
use super::outcome::Problem;

/// The Jaeger v2 / OpenTelemetry Collector setting that enables CORS on OTLP/HTTP.
pub const CORS_SETTING: &str = "receivers: otlp: protocols: http: cors: allowed_origins";

/// Longest body excerpt shown; collector errors are short, proxy error pages are not.
const BODY_LIMIT: usize = 300;

pub fn spans(n: u64) -> String {
    if n == 1 {
        "1 span".into()
    } else {
        format!("{n} spans")
    }
}

/// Describes a problem; `target` supplies the URL and the page origin for the advice.
pub fn describe(problem: &Problem, target: &Target) -> String {
    let url = &target.url;
    match problem {
        Problem::Unreachable if target.same_origin => format!(
            "No collector reachable: the request to {url} failed without any answer (this page's own server may be down)."
        ),
        Problem::Unreachable => format!(
            "No collector reachable at {url}: the connection failed. A browser reports a refused connection and a CORS \
             block the same way, but a follow-up probe got no answer either, so nothing seems to be listening there. \
             Start Jaeger (see \"Export to Jaeger\" in the README) or check the endpoint."
        ),
        Problem::ProxyCannotReach { status } => format!(
            "No collector reachable: this page's server answered {url} with HTTP {status} and no body, which is how its \
             proxy (trunk serve, forwarding to 127.0.0.1:4318) says nothing is listening behind it. Start Jaeger with \
             OTLP/HTTP on port 4318 (see \"Export to Jaeger\" in the README)."
        ),
        Problem::Cors => format!(
            "Blocked by CORS: something answers at {url}, but not with CORS headers that allow this page ({origin}), so \
             the browser withheld the reply. (Browsers do not say this outright; a probe found the server up, so CORS is \
             the likely cause.) Fix: use the same-origin endpoint /v1/traces, or enable CORS on Jaeger: {setting}{headers}.",
            origin = target.page_origin,
            setting = cors_fix(target),
            headers = if target.has_custom_headers { " and list your custom headers under allowed_headers" } else { "" },
        ),
        Problem::RefusedOrCors => format!(
            "Could not reach {url}: either nothing is listening there, or the collector does not allow this page ({origin}) \
             by CORS. A browser reports both the same way, so the page cannot tell which. Fix: start Jaeger, and use the \
             same-origin endpoint /v1/traces or enable CORS on Jaeger: {setting}.",
            origin = target.page_origin,
            setting = cors_fix(target),
        ),
        Problem::Timeout { after_ms } => format!(
            "Timed out: {url} did not answer within {}. The collector may be overloaded, or the endpoint may point at \
             something that is not an OTLP collector.",
            seconds(u64::from(*after_ms))
        ),
        Problem::Http { status, status_text, message } => {
            let reason = if status_text.is_empty() { reason_phrase(*status) } else { status_text.as_str() };
            let mut text = format!("The collector answered HTTP {status}{}{reason}", if reason.is_empty() { "" } else { " " });
            if !message.is_empty() {
                text.push_str(": ");
                text.push_str(&excerpt(message));
            }
            text.push('.');
            if let Some(hint) = http_hint(*status, target) {
                text.push(' ');
                text.push_str(hint);
            }
            text
        }
    }
}

fn cors_fix(target: &Target) -> String {
    format!("{CORS_SETTING}: [\"{}\"]", target.page_origin)
}

fn http_hint(status: u16, target: &Target) -> Option<&'static str> {
    match status {
        401 | 403 => Some("Check the Headers field (e.g. authorization=Bearer%20<token>)."),
        404 | 405 | 501 if target.same_origin => Some(
            "This page's server does not forward /v1/traces to a collector: serve it with scripts/serve.sh, or enter the \
             collector's full URL (e.g. http://localhost:4318/v1/traces).",
        ),
        404 => Some("Check the endpoint's path: OTLP/HTTP collectors take traces at /v1/traces."),
        415 => Some("The collector does not take JSON here: is this an OTLP/HTTP endpoint?"),
        _ => None,
    }
}

fn excerpt(message: &str) -> String {
    let flat: String = message.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.char_indices().nth(BODY_LIMIT) {
        Some((cut, _)) => format!("{}…", &flat[..cut]),
        None => flat,
    }
}

/// "1.2 s", "10 s", "250 ms": tenths of a second, and no ".0" when the tenths round to a
/// whole second (a 2,980 ms wait reads "3 s", not "3.0 s").
pub fn seconds(ms: u64) -> String {
    if ms < 1_000 {
        return format!("{ms} ms");
    }
    let tenths = ms.saturating_add(50) / 100;
    match tenths % 10 {
        0 => format!("{} s", tenths / 10),
        tenth => format!("{}.{tenth} s", tenths / 10),
    }
}

fn reason_phrase(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(url: &str, same_origin: bool) -> Target {
        Target {
            url: url.into(),
            same_origin,
            page_origin: "http://127.0.0.1:8080".into(),
            has_custom_headers: false,
        }
    }

    #[test]
    fn each_problem_has_its_own_actionable_message() {
        let direct = target("http://localhost:4318/v1/traces", false);
        let proxied = target("/v1/traces", true);
        #[rustfmt::skip]
        let cases: Vec<(Problem, &Target, &[&str], &str)> = vec![
            (Problem::Unreachable, &direct, &["No collector reachable at http://localhost:4318/v1/traces", "same way", "Start Jaeger"], "honest about refused vs CORS"),
            (Problem::ProxyCannotReach { status: 500 }, &proxied, &["No collector reachable", "HTTP 500", "127.0.0.1:4318"], "proxy with nothing behind"),
            (Problem::Cors, &direct, &["Blocked by CORS", "http://127.0.0.1:8080", "/v1/traces", "receivers: otlp: protocols: http: cors: allowed_origins: [\"http://127.0.0.1:8080\"]"], "the exact fix"),
            (Problem::RefusedOrCors, &direct, &["cannot tell", "allowed_origins"], "ambiguity said out loud"),
            (Problem::Timeout { after_ms: 10_000 }, &direct, &["Timed out", "within 10 s"], "timeout"),
            (Problem::Http { status: 400, status_text: "".into(), message: "unknown field \"flags\"".into() }, &direct, &["HTTP 400 Bad Request: unknown field \"flags\"."], "status and body"),
            (Problem::Http { status: 404, status_text: "Not Found".into(), message: "".into() }, &proxied, &["HTTP 404 Not Found.", "does not forward /v1/traces"], "static server without proxy"),
            (Problem::Http { status: 401, status_text: "".into(), message: "".into() }, &direct, &["Check the Headers field"], "auth hint"),
        ];
        for (problem, target, needles, why) in cases {
            let text = describe(&problem, target);
            for needle in needles {
                assert!(text.contains(needle), "{why}: {text:?} lacks {needle:?}");
            }
        }
    }

    #[test]
    fn long_bodies_are_cut_and_flattened() {
        let body = format!("<html>\n{}</html>", "x".repeat(1_000));
        let text = describe(
            &Problem::Http {
                status: 502,
                status_text: "".into(),
                message: body,
            },
            &target("u", false),
        );
        assert!(
            text.len() < 400 && text.contains('…') && !text.contains('\n'),
            "{text}"
        );
    }

    #[test]
    fn counts_and_durations_read_naturally() {
        assert_eq!(spans(1), "1 span");
        assert_eq!(spans(10_000), "10000 spans");
        assert_eq!(seconds(1_234), "1.2 s");
        assert_eq!(seconds(1_250), "1.3 s");
        assert_eq!(seconds(10_000), "10 s");
        assert_eq!(seconds(250), "250 ms");
        assert_eq!(seconds(999), "999 ms");
        // Rounds to a whole second: no ".0" (the e2e 429 test saw "3.0 s" for a 2.98 s wait).
        assert_eq!(seconds(2_980), "3 s");
        assert_eq!(seconds(3_049), "3 s");
        assert_eq!(seconds(3_050), "3.1 s");
        assert_eq!(seconds(3_600_000), "3600 s");
    }
}
