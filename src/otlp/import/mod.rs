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
mod session;

pub use path::ImportError;
pub use session::ImportSessions;

use crate::model::{Span, Trace};
use crate::otlp::wire;
use crate::store::StoreLimits;
use collect::Collector;
use outline::{Document, OpenTrace, Piece, Work};
use path::{offset_in, read, read_first};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::borrow::Cow;

/// How far an import has come, for a progress bar. Serde: it crosses from the reader module to
/// the page as JSON (`crate::otlp::batch`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
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

/// Reads a file in steps; see the module docs. It borrows its text ([`Importer::new`]) or owns
/// it ([`Importer::owned`]): an owning importer can be kept between calls, as the reader module
/// keeps one per import while the page shows progress (`src/bin/reader/import.rs`).
pub struct Importer<'a> {
    text: Cow<'a, str>,
    /// Where the next document starts; `None` once every document has been taken.
    next_document: Option<usize>,
    documents: usize,
    /// Whether the file holds more than one document (then paths name the document).
    several: bool,
    work: Option<Work>,
    collector: Collector,
    progress: ImportProgress,
}

impl<'a> Importer<'a> {
    /// Does no work yet: the first [`step`](Self::step) starts reading.
    pub fn new(text: &'a str, limits: StoreLimits) -> Self {
        let text = text.strip_prefix(BOM).unwrap_or(text);
        Self::start(Cow::Borrowed(text), limits)
    }

    fn start(text: Cow<'a, str>, limits: StoreLimits) -> Self {
        Importer {
            next_document: Some(0),
            documents: 0,
            several: false,
            work: None,
            collector: Collector::new(limits),
            progress: ImportProgress {
                bytes_total: text.len(),
                ..ImportProgress::default()
            },
            text,
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
        let text: &str = &self.text;
        let rest = text.get(start..).unwrap_or_default();
        let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<Document>();
        let document = match stream.next() {
            None => {
                self.next_document = None;
                return Ok(0);
            }
            Some(Ok(document)) => document,
            Some(Err(_)) => return Err(self.diagnose(start)),
        };
        let end = start + stream.byte_offset();
        let taken = rest.get(..stream.byte_offset()).unwrap_or_default();
        let begin = end - taken.trim_start().len();
        let first = self.documents == 0;
        let several =
            self.several || (first && !text.get(end..).unwrap_or_default().trim().is_empty());
        let documents = self.documents + 1;
        let path = |root: &str| document_path(several, documents, root);
        let work = outline::outline(text, document, begin, path)?;
        self.next_document = Some(end);
        self.documents = documents;
        self.several = several;
        self.work = Some(work);
        self.progress.bytes_done = begin;
        Ok(end - begin)
    }

    /// Says where the document at `start` (after white space) goes wrong: a syntax error, found
    /// by walking it with the path tracked, or else a value of the wrong type at the top.
    fn diagnose(&mut self, start: usize) -> ImportError {
        if self.documents > 0 {
            self.documents += 1;
        }
        let text: &str = &self.text;
        let rest = text.get(start..).unwrap_or_default().trim_start();
        let at = || self.path("$");
        match read_first::<path::Walk>(text, rest, at) {
            Err(e) => e,
            Ok(_) => match read_first::<Document>(text, rest, at) {
                Err(e) => e,
                Ok(_) => {
                    ImportError::new(at(), "is not valid JSON").located(text, offset_in(text, rest))
                }
            },
        }
    }

    /// `$` for the only document, `document N: $` in a file of several.
    fn path(&self, root: &str) -> String {
        document_path(self.several, self.documents, root)
    }

    /// Reads spans of `work` until `budget` bytes are spent; returns the work left, if any.
    fn read_spans(
        &mut self,
        mut work: Work,
        budget: usize,
        spent: &mut usize,
    ) -> Result<Option<Work>, ImportError> {
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
    fn next_span(&mut self, work: &mut Work) -> Result<Option<usize>, ImportError> {
        let (piece, span) = match self.read_next(work)? {
            Some(read) => read,
            None => return Ok(None),
        };
        self.collector.push(span);
        self.progress.spans_read += 1;
        self.progress.bytes_done = piece.end;
        Ok(Some(piece.len()))
    }

    /// The next span of `work` as the model has it, and where it was in the file.
    fn read_next(&self, work: &mut Work) -> Result<Option<(Piece, Span)>, ImportError> {
        let text: &str = &self.text;
        let slice = |piece: &Piece| text.get(piece.clone()).unwrap_or_default();
        match work {
            Work::Otlp {
                groups,
                group,
                span,
            } => loop {
                let Some(g) = groups.get(*group) else {
                    return Ok(None);
                };
                let Some(piece) = g.spans.get(*span) else {
                    (*group, *span) = (*group + 1, 0);
                    continue;
                };
                let raw = slice(piece);
                let k = *span;
                let at = || {
                    let (rs, ss) = g.at;
                    self.path(&format!(
                        "$.resourceSpans[{rs}].scopeSpans[{ss}].spans[{k}]"
                    ))
                };
                let read_span: wire::Span = read(text, raw, at)?;
                let model =
                    otlp::span(read_span, &g.resource, &g.scope).map_err(|(field, problem)| {
                        ImportError::new(format!("{}.{field}", at()), problem)
                            .located(text, piece.start)
                    })?;
                *span += 1;
                return Ok(Some((piece.clone(), model)));
            },
            Work::Jaeger {
                list,
                traces,
                trace,
                open,
            } => loop {
                if let Some(t) = open {
                    let Some(piece) = t.spans.get(t.next).cloned() else {
                        *open = None;
                        *trace += 1;
                        continue;
                    };
                    let at = format!("{}.spans[{}]", t.at, t.next);
                    let read_span: jaeger::wire::Span = read(text, slice(&piece), || at.clone())?;
                    let model = jaeger::span(text, read_span, &t.processes, &mut t.scopes, &at)
                        .map_err(|e| e.located(text, piece.start))?;
                    t.next += 1;
                    return Ok(Some((piece, model)));
                }
                let Some(piece) = traces.get(*trace) else {
                    return Ok(None);
                };
                let at = match list {
                    Some(list) => self.path(&format!("${list}[{trace}]")),
                    None => self.path("$"),
                };
                let outline: jaeger::wire::Trace<'_, &RawValue> =
                    read(text, slice(piece), || at.clone())?;
                let processes = jaeger::processes(text, outline.processes, &at)
                    .map_err(|e| e.located(text, piece.start))?;
                *open = Some(OpenTrace {
                    at,
                    spans: outline::pieces(text, outline.spans),
                    next: 0,
                    processes,
                    scopes: Vec::new(),
                });
            },
        }
    }
}

impl Importer<'static> {
    /// An importer that owns `text`, so it can be kept between calls.
    pub fn owned(mut text: String, limits: StoreLimits) -> Self {
        if text.starts_with(BOM) {
            text.replace_range(..BOM.len_utf8(), "");
        }
        Self::start(Cow::Owned(text), limits)
    }
}

/// A byte order mark some editors write at the start of a UTF-8 file; not part of the JSON.
const BOM: char = '\u{feff}';

/// `$` for the only document, `document N: $` in a file of several.
fn document_path(several: bool, documents: usize, root: &str) -> String {
    if several {
        format!("document {}: {root}", documents.max(1))
    } else {
        root.to_string()
    }
}

#[cfg(test)]
mod fuzz_tests;
#[cfg(test)]
mod tests;
