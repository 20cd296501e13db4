//! Reading what an OTLP/HTTP collector answers.
//!
//! Spec: <https://opentelemetry.io/docs/specs/otlp/#otlphttp-response>.
//! - Success (2xx) carries an `ExportTraceServiceResponse`; `partialSuccess` with a non-zero
//!   `rejectedSpans` means some spans were refused for good (the client must not retry them);
//!   `{}` and `{"partialSuccess":{}}` mean everything was accepted.
//! - Failure (4xx/5xx) carries a `google.rpc.Status` whose `message` explains the problem.

use crate::otlp::json::{parse_documents, Value};

/// The parts of a success response that matter to a learner.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ExportResponse {
    /// Spans the collector refused (0 for full success).
    pub rejected_spans: u64,
    /// The collector's explanation; may be non-empty as a warning even with 0 rejected.
    pub error_message: String,
}

/// Parses a 2xx body. An empty or non-JSON body counts as full success: some collectors
/// answer `200` with no body, and the status code is what the spec makes authoritative.
pub fn parse_export_response(body: &str) -> ExportResponse {
    let Some(value) = single_document(body) else {
        return ExportResponse::default();
    };
    let Some(partial) = value.get("partialSuccess") else {
        return ExportResponse::default();
    };
    ExportResponse {
        rejected_spans: partial.get("rejectedSpans").and_then(json_u64).unwrap_or(0),
        error_message: partial
            .get("errorMessage")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
    }
}

/// The human part of an error body: `google.rpc.Status.message` when the body is one,
/// otherwise the body itself (e.g. a proxy's HTML or plain text), trimmed.
pub fn error_body_message(body: &str) -> String {
    let from_status = single_document(body)
        .and_then(|v| v.get("message").and_then(Value::as_str).map(str::to_string));
    from_status.unwrap_or_else(|| body.trim().to_string())
}

/// The body as one JSON document, if it is exactly that.
fn single_document(body: &str) -> Option<Value> {
    let mut documents = parse_documents(body).ok()?;
    if documents.len() == 1 {
        documents.pop()
    } else {
        None
    }
}

/// A proto3 JSON 64-bit integer: a decimal string, or (leniently) a JSON number.
pub(crate) fn json_u64(value: &Value) -> Option<u64> {
    match value {
        Value::String(s) => s.trim().parse().ok(),
        Value::Number(n) => n.as_u64().or_else(|| {
            // Some writers print integral counts as floats ("3.0").
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f < 1.8e19)
                .map(|f| f as u64)
        }),
        _ => None,
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
