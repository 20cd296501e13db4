//! Reading what an OTLP/HTTP collector answers.
//!
//! Spec: <https://opentelemetry.io/docs/specs/otlp/#otlphttp-response>.
//! - Success (2xx) carries an `ExportTraceServiceResponse`; `partialSuccess` with a non-zero
//!   `rejectedSpans` means some spans were refused for good (the client must not retry them);
//!   `{}` and `{"partialSuccess":{}}` mean everything was accepted.
//! - Failure (4xx/5xx) carries a `google.rpc.Status` whose `message` explains the problem.

use super::wire::{ExportTraceServiceResponse, RpcStatus};

/// The parts of a success response that matter to a learner.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ExportResponse {
    /// Spans the collector refused (0 for full success).
    pub rejected_spans: u64,
    /// The collector's explanation; may be non-empty as a warning even with 0 rejected.
    pub error_message: String,
}

/// Parses a 2xx body. An empty, non-JSON or unreadable body counts as full success: some
/// collectors answer `200` with no body, and the status code is what the spec makes
/// authoritative.
pub fn parse_export_response(body: &str) -> ExportResponse {
    match serde_json::from_str::<ExportTraceServiceResponse>(body) {
        Ok(response) => ExportResponse {
            rejected_spans: response.partial_success.rejected_spans,
            error_message: response.partial_success.error_message.into_owned(),
        },
        Err(_) => ExportResponse::default(),
    }
}

/// The human part of an error body: `google.rpc.Status.message` when the body is one,
/// otherwise the body itself (e.g. a proxy's HTML or plain text), trimmed.
pub fn error_body_message(body: &str) -> String {
    match serde_json::from_str::<RpcStatus>(body) {
        Ok(status) if !status.message.is_empty() => status.message.into_owned(),
        _ => body.trim().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[rustfmt::skip]
    const CASES: &[(&str, u64, &str, &str)] = &[
        ("{}",                                        0, "",     "empty object is full success"),
        ("",                                          0, "",     "empty body is full success"),
        (r#"{"partialSuccess":{}}"#,                 0, "",     "empty partialSuccess is full success"),
        (r#"{"partialSuccess":{"rejectedSpans":"3","errorMessage":"bad ts"}}"#, 3, "bad ts", "int64 as string"),
        (r#"{"partialSuccess":{"rejectedSpans":7}}"#, 7, "",     "int64 as number (lenient)"),
        (r#"{"partialSuccess":{"errorMessage":"slow down"}}"#, 0, "slow down", "warning without rejections"),
        ("<html>ok</html>",                           0, "",     "non-JSON 2xx body"),
        (r#"{"partialSuccess":{"rejectedSpans":"x"}}"#, 0, "",   "unparsable count reads as 0, not a crash"),
        (r#"{"partialSuccess":{"rejectedSpans":null,"errorMessage":null}}"#, 0, "", "proto3 JSON: null is the default"),
        (r#"{"partialSuccess":{"rejectedSpans":"2"},"extra":[1]}"#, 2, "", "unknown fields are ignored"),
    ];

    #[test]
    fn success_bodies_parse_per_the_spec() {
        for (body, rejected, message, why) in CASES {
            let parsed = parse_export_response(body);
            assert_eq!(parsed.rejected_spans, *rejected, "{why}");
            assert_eq!(parsed.error_message, *message, "{why}");
        }
    }

    #[test]
    fn error_bodies_show_the_status_message_or_the_raw_text() {
        assert_eq!(
            error_body_message(r#"{"code":3,"message":"unknown field \"flags\""}"#),
            "unknown field \"flags\""
        );
        assert_eq!(error_body_message("  Bad Gateway\n"), "Bad Gateway");
        assert_eq!(error_body_message(""), "");
    }
}
