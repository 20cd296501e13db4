//! Importing trace files into [`Trace`]s: OTLP JSON and Jaeger UI's JSON download.
//!
//! Accepted inputs (detected from the content, not the file name):
//! - OTLP JSON (<https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding>), read
//!   through [`crate::otlp::wire`]: one `ExportTraceServiceRequest` (what "Download OTLP JSON"
//!   writes), or JSON Lines of them (what the Collector's `file` exporter writes).
//! - Jaeger's JSON (the UI's "Download JSON" and `/api/traces`' `{"data":[...]}`, a bare trace
//!   object, or an array of traces), read through [`jaeger::wire`].
//!
//! Import is all or nothing: the first problem is reported with its JSON path and position
//! ([`ImportError`]), and no traces are returned, so a bad file changes nothing.
//!
//! Big files (tens of MB) are read in steps so the page can show progress between them: an
//! [`Importer`] first splits a document into per-span pieces (`serde_json`'s `RawValue`, one
//! pass that checks the syntax), then reads a budget of span bytes per [`Importer::step`].
//! Traces beyond the store's caps are left out as they appear ([`collect`]).

mod collect;
pub(crate) mod jaeger;
mod otlp;
mod outline;
mod path;

pub use path::ImportError;

use crate::model::Trace;
use crate::otlp::wire;
use crate::store::StoreLimits;
use collect::Collector;
use outline::{Document, OpenTrace, Work};
use path::{offset_in, read, read_first};
use serde_json::value::RawValue;

/// How far an import has come, for a progress bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct ImportProgress {
    pub bytes_done: usize,
    pub bytes_total: usize,
    /// Spans read so far, and the traces and spans kept of them (within the caps).
    pub spans_read: u64,
    pub traces_kept: usize,
    pub spans_kept: u64,
    pub done: bool,
}

/// What an import produced.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ImportOutcome {
    /// Sorted by start time.
    pub traces: Vec<Trace>,
    /// Traces (and their spans) the file held beyond the store's caps, oldest first, left out.
    pub left_out_traces: u64,
    pub left_out_spans: u64,
}

/// Span bytes read per [`Importer::step`] when the caller has no better number: a few
/// milliseconds of work in the browser.
pub const STEP_BYTES: usize = 512 * 1024;

/// Reads every trace in `text` in one go, with no caps. Fails without partial results on the
/// first problem, and when the file holds no spans at all (almost always the wrong file).
pub fn import_traces(text: &str) -> Result<Vec<Trace>, ImportError> {
    let limits = StoreLimits {
        max_traces: u32::MAX,
        max_spans: u64::MAX,
    };
    let mut importer = Importer::new(text, limits);
    while !importer.step(usize::MAX)?.done {}
    importer.finish().map(|outcome| outcome.traces)
}

/// Reads a file in steps; see the module docs.
pub struct Importer<'a> {
    text: &'a str,
    /// Where the next document starts; `None` once every document has been taken.
    next_document: Option<usize>,
    documents: usize,
    /// Whether the file holds more than one document (then paths name the document).
    several: bool,
    work: Option<Work<'a>>,
    collector: Collector,
    progress: ImportProgress,
}

impl<'a> Importer<'a> {
    /// Does no work yet: the first [`step`](Self::step) starts reading.
    pub fn new(text: &'a str, limits: StoreLimits) -> Self {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        Importer {
            text,
            next_document: Some(0),
            documents: 0,
            several: false,
            work: None,
            collector: Collector::new(limits),
            progress: ImportProgress {
                bytes_total: text.len(),
                ..ImportProgress::default()
            },
        }
    }

    pub fn progress(&self) -> ImportProgress {
        self.progress
    }

    /// Reads about `budget` bytes of spans (at least one span, or one document's outline).
    pub fn step(&mut self, budget: usize) -> Result<ImportProgress, ImportError> {
        let mut spent = 0;
        while spent < budget && !self.progress.done {
            match self.work.take() {
                None => spent += self.open_next_document()?,
                Some(work) => {
                    self.work = self.read_spans(work, budget.saturating_sub(spent), &mut spent)?;
                }
            }
        }
        self.progress.traces_kept = self.collector.trace_count();
        self.progress.spans_kept = self.collector.span_count();
        Ok(self.progress)
    }

    /// The traces, once [`step`](Self::step) has reported `done`.
    pub fn finish(self) -> Result<ImportOutcome, ImportError> {
        if self.progress.spans_read == 0 {
            let problem = if self.documents == 0 {
                "the file is empty"
            } else {
                "the file contains no spans"
            };
            return Err(ImportError::new("$", problem));
        }
        let (traces, left_out_traces, left_out_spans) = self.collector.finish();
        Ok(ImportOutcome {
            traces,
            left_out_traces,
            left_out_spans,
        })
    }

    /// Takes the next JSON document (a file may hold several, one per line) and outlines it.
    /// Returns the bytes it covered.
    fn open_next_document(&mut self) -> Result<usize, ImportError> {
        let Some(start) = self.next_document else {
            self.progress.done = true;
            self.progress.bytes_done = self.text.len();
            return Ok(0);
        };
        let rest = self.text.get(start..).unwrap_or_default();
        let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<Document>();
        let document = match stream.next() {
            None => {
                self.next_document = None;
                return Ok(0);
            }
            Some(Ok(document)) => document,
            Some(Err(_)) => return Err(self.diagnose(rest.trim_start())),
        };
        let end = start + stream.byte_offset();
        let taken = rest.get(..stream.byte_offset()).unwrap_or_default();
        let begin = end - taken.trim_start().len();
        self.next_document = Some(end);
        self.documents += 1;
        if self.documents == 1 {
            let after = self.text.get(end..).unwrap_or_default();
            self.several = !after.trim().is_empty();
        }
        self.work = Some(outline::outline(self.text, document, begin, |root| {
            self.path(root)
        })?);
        self.progress.bytes_done = begin;
        Ok(end - begin)
    }

    /// Says where the document at the start of `rest` goes wrong: a syntax error, found by
    /// walking it with the path tracked, or else a value of the wrong type at the top.
    fn diagnose(&mut self, rest: &str) -> ImportError {
        if self.documents > 0 {
            self.documents += 1;
        }
        let at = || self.path("$");
        match read_first::<path::Walk>(self.text, rest, at) {
            Err(e) => e,
            Ok(_) => match read_first::<Document>(self.text, rest, at) {
                Err(e) => e,
                Ok(_) => ImportError::new(at(), "is not valid JSON")
                    .located(self.text, offset_in(self.text, rest)),
            },
        }
    }

    /// `$` for the only document, `document N: $` in a file of several.
    fn path(&self, root: &str) -> String {
        if self.several {
            format!("document {}: {root}", self.documents.max(1))
        } else {
            root.to_string()
        }
    }

    /// Reads spans of `work` until `budget` bytes are spent; returns the work left, if any.
    fn read_spans(
        &mut self,
        mut work: Work<'a>,
        budget: usize,
        spent: &mut usize,
    ) -> Result<Option<Work<'a>>, ImportError> {
        let start = *spent;
        while *spent - start < budget.max(1) {
            let Some(piece) = self.next_span(&mut work)? else {
                return Ok(None);
            };
            *spent += piece;
        }
        Ok(Some(work))
    }

    /// Reads one span of `work`; returns its size in bytes, or `None` when `work` is done.
    fn next_span(&mut self, work: &mut Work<'a>) -> Result<Option<usize>, ImportError> {
        let text = self.text;
        match work {
            Work::Otlp {
                groups,
                group,
                span,
            } => loop {
                let Some(g) = groups.get(*group) else {
                    return Ok(None);
                };
                let Some(raw) = g.spans.get(*span) else {
                    (*group, *span) = (*group + 1, 0);
                    continue;
                };
                let k = *span;
                let at = || {
                    let (rs, ss) = g.at;
                    self.path(&format!(
                        "$.resourceSpans[{rs}].scopeSpans[{ss}].spans[{k}]"
                    ))
                };
                let read_span: wire::Span = read(text, raw.get(), at)?;
                let model =
                    otlp::span(read_span, &g.resource, &g.scope).map_err(|(field, problem)| {
                        ImportError::new(format!("{}.{field}", at()), problem)
                            .located(text, offset_in(text, raw.get()))
                    })?;
                *span += 1;
                return Ok(Some(self.took(raw.get(), model)));
            },
            Work::Jaeger {
                list,
                traces,
                trace,
                open,
            } => loop {
                if let Some(t) = open {
                    let Some(raw) = t.spans.get(t.next) else {
                        *open = None;
                        *trace += 1;
                        continue;
                    };
                    let at = format!("{}.spans[{}]", t.at, t.next);
                    let read_span: jaeger::wire::Span = read(text, raw.get(), || at.clone())?;
                    let model = jaeger::span(text, read_span, &t.processes, &mut t.scopes, &at)
                        .map_err(|e| e.located(text, offset_in(text, raw.get())))?;
                    t.next += 1;
                    return Ok(Some(self.took(raw.get(), model)));
                }
                let Some(raw) = traces.get(*trace) else {
                    return Ok(None);
                };
                let at = match list {
                    Some(list) => self.path(&format!("${list}[{trace}]")),
                    None => self.path("$"),
                };
                let outline: jaeger::wire::Trace<'a, &'a RawValue> =
                    read(text, raw.get(), || at.clone())?;
                let processes = jaeger::processes(text, outline.processes, &at)
                    .map_err(|e| e.located(text, offset_in(text, raw.get())))?;
                *open = Some(OpenTrace {
                    at,
                    spans: outline.spans,
                    next: 0,
                    processes,
                    scopes: Vec::new(),
                });
            },
        }
    }

    /// Keeps a span read from `raw`; returns `raw`'s size.
    fn took(&mut self, raw: &str, span: crate::model::Span) -> usize {
        self.collector.push(span);
        self.progress.spans_read += 1;
        self.progress.bytes_done = offset_in(self.text, raw) + raw.len();
        raw.len()
    }
}

#[cfg(test)]
mod fuzz_tests;
#[cfg(test)]
mod tests;
