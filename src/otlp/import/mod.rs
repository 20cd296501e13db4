//! Importing trace files into [`Trace`]s: OTLP JSON and Jaeger UI's JSON download.
//!
//! Accepted inputs (detected from the content, not the file name):
//! - OTLP JSON as defined by <https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding>:
//!   one `ExportTraceServiceRequest` (what "Download OTLP JSON" writes), or JSON Lines of them
//!   (what the Collector's `file` exporter writes: <https://github.com/open-telemetry/opentelemetry-collector-contrib/tree/main/exporter/fileexporter>).
//!   The pre-2022 names `instrumentationLibrarySpans` / `instrumentationLibrary` are accepted too.
//! - Jaeger's JSON (the UI's "Download JSON" and the `/api/traces` response `{"data":[...]}`),
//!   whose model is `internal/uimodel/model.go` in <https://github.com/jaegertracing/jaeger>.
//!
//! Import is all or nothing: the first problem is reported with where it is, and no traces are
//! returned, so a bad file changes nothing.

mod jaeger;
mod otlp;
mod path;
mod values;

use crate::model::Trace;
use crate::otlp::json::Value;
use std::fmt;

/// Why a file could not be imported: the first problem, and where in the file it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    /// A JSON path such as `resourceSpans[0].scopeSpans[0].spans[3].traceId` (may be empty).
    pub at: String,
    pub problem: String,
}

impl ImportError {
    pub(crate) fn new(at: impl Into<String>, problem: impl Into<String>) -> Self {
        ImportError {
            at: at.into(),
            problem: problem.into(),
        }
    }

    pub(crate) fn at(at: &path::Path, problem: impl Into<String>) -> Self {
        ImportError {
            at: at.to_string(),
            problem: problem.into(),
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.at.is_empty() {
            f.write_str(&self.problem)
        } else {
            write!(f, "{}: {}", self.at, self.problem)
        }
    }
}

/// Reads every trace in `text`. Fails without partial results on the first problem, and
/// when the file holds no spans at all (an empty import is almost always the wrong file).
pub fn import_traces(text: &str) -> Result<Vec<Trace>, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let documents = crate::otlp::json::parse_documents(text)
        .map_err(|e| ImportError::new("", format!("not valid JSON ({e})")))?;
    let mut spans = Vec::new();
    for (index, document) in documents.iter().enumerate() {
        // JSON Lines files number their documents; a single document needs no prefix.
        let prefix = if index == 0 {
            String::new()
        } else {
            format!("line {}: ", index + 1)
        };
        read_document(document, &mut spans)
            .map_err(|e| ImportError::new(format!("{prefix}{}", e.at), e.problem))?;
    }
    if documents.is_empty() {
        return Err(ImportError::new("", "the file is empty"));
    }
    if spans.is_empty() {
        return Err(ImportError::new("", "the file contains no spans"));
    }
    Ok(Trace::group(spans))
}

fn read_document(document: &Value, spans: &mut Vec<crate::model::Span>) -> Result<(), ImportError> {
    match document {
        Value::Object(_) if document.get("resourceSpans").is_some() => {
            otlp::read_request(document, spans)
        }
        Value::Object(_) if document.get("data").is_some() => {
            jaeger::read_response(document, spans)
        }
        Value::Object(_)
            if document.get("traceID").is_some() && document.get("spans").is_some() =>
        {
            jaeger::read_trace(document, &path::Path::Root, spans)
        }
        Value::Array(items) if items.iter().all(|t| t.get("traceID").is_some()) => {
            jaeger::read_traces(items, &path::Path::Root, spans)
        }
        _ => Err(ImportError::new(
            "",
            "not a trace file: expected OTLP JSON (an object with \"resourceSpans\") or a Jaeger \
             JSON download (an object with \"data\")",
        )),
    }
}

#[cfg(test)]
mod tests;
