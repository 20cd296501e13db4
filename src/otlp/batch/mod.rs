//! The batch: what an import sends back from the reader module (the second wasm, which holds
//! the importer) to the page, as JSON text, and the replies of the reader's import exports.
//!
//! The importer ([`crate::otlp::Importer`]) and the OTLP/Jaeger wire types' `Deserialize` code
//! weigh about 67 KB gzip (BENCHMARKS.md, "What the wasm is made of"), so they live in the
//! reader, loaded after the first paint; the page only decodes this simpler format with
//! `serde_json` ([`read_progress`], [`read_outcome`]), and only the reader writes it
//! (`encode`). Dead-code elimination keeps each half in the module that uses it.
//!
//! The format, compact because a 50 MB file's spans cross in it:
//! - `resources` and `scopes` once each, in tables; a span names its own by index, and the
//!   decoded spans share one `Arc` per table entry, as the importer's spans do;
//! - spans (and traces, events, links, attributes) as JSON arrays, not objects: no field names
//!   repeated per span;
//! - ids as lowercase hex of fixed width; nanoseconds as JSON integers (`u64`, exact);
//! - finite doubles as JSON numbers (serde_json writes the shortest text that reads back to the
//!   same bits, and reads it back exactly with its `float_roundtrip` feature), the rest (the
//!   infinities, NaN) by their bits in hex, so every double comes back bit for bit.
//!
//! A reply (`{"ok": ...}` or `{"error": "..."}`) carries either the value or the problem as the
//! importer words it ([`crate::otlp::ImportError`]'s text, with its JSON path and position).

mod decode;
mod encode;
#[cfg(test)]
mod tests;

pub use decode::{read_outcome, read_progress};
pub(crate) use encode::{error_reply, outcome_reply, progress_reply};

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;

/// One reply of a reader export: its value, or the problem a learner reads.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Reply<T> {
    Ok(T),
    Error(String),
}

/// The imported traces. `T` is the traces' list: written straight from the model by the reader
/// (`encode::TracesOut`), read as rows by the page (`Vec<TraceRow<Vec<SpanRow>>>`).
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Batch<'a, T> {
    resources: Vec<ResourceRow<'a>>,
    scopes: Vec<ScopeRow<'a>>,
    traces: T,
    /// Traces and spans left out to stay within the store's caps.
    left_out: (u64, u64),
}

/// `[service name, attributes, schema URL]`.
#[derive(Serialize, Deserialize)]
struct ResourceRow<'a>(Cow<'a, str>, Vec<Kv<'a>>, Cow<'a, str>);

/// `[name, version, schema URL]`.
#[derive(Serialize, Deserialize)]
struct ScopeRow<'a>(Cow<'a, str>, Cow<'a, str>, Cow<'a, str>);

/// `[trace id, spans]`; `S` as for [`Batch`]'s `T`.
#[derive(Serialize, Deserialize)]
struct TraceRow<S>(Hex<32>, S);

/// One span, its fields in this order (the trace id is its trace's).
#[derive(Serialize, Deserialize)]
struct SpanRow<'a>(
    // span id, parent span id (`null` for a root), trace flags, `tracestate`
    Hex<16>,
    Option<Hex<16>>,
    u8,
    Cow<'a, str>,
    // name, kind (OTLP's numbering), start and end (Unix nanoseconds)
    Cow<'a, str>,
    u8,
    u64,
    u64,
    // attributes, events, links
    Vec<Kv<'a>>,
    Vec<EventRow<'a>>,
    Vec<LinkRow<'a>>,
    // status code (OTLP's numbering), status message
    u8,
    Cow<'a, str>,
    // index in `resources`, index in `scopes`
    u32,
    u32,
    // the trace-context headers that crossed the wire, if the span keeps them
    Option<Cow<'a, [(String, String)]>>,
);

/// `[name, time (Unix nanoseconds), attributes]`.
#[derive(Serialize, Deserialize)]
struct EventRow<'a>(Cow<'a, str>, u64, Vec<Kv<'a>>);

/// `[trace id, span id, tracestate, attributes]`.
#[derive(Serialize, Deserialize)]
struct LinkRow<'a>(Hex<32>, Hex<16>, Cow<'a, str>, Vec<Kv<'a>>);

/// `[key, value]`.
#[derive(Serialize, Deserialize)]
struct Kv<'a>(Cow<'a, str>, Value<'a>);

/// An attribute value: `{"s": "text"}`, `{"i": 5}`, `{"d": 0.5}`, `{"n": "7ff0000000000000"}`
/// (a double that is not finite, by its bits), `{"b": true}`, `{"a": [...]}`,
/// `{"k": [[key, value], ...]}`, `{"x": [bytes]}`.
#[derive(Serialize, Deserialize)]
enum Value<'a> {
    #[serde(rename = "s")]
    Str(Cow<'a, str>),
    #[serde(rename = "i")]
    Int(i64),
    #[serde(rename = "d")]
    Double(f64),
    #[serde(rename = "n")]
    DoubleBits(Hex<16>),
    #[serde(rename = "b")]
    Bool(bool),
    #[serde(rename = "a")]
    Array(Vec<Value<'a>>),
    #[serde(rename = "k")]
    KvList(Vec<Kv<'a>>),
    #[serde(rename = "x")]
    Bytes(Cow<'a, [u8]>),
}

/// A number written as exactly `DIGITS` lowercase hex digits (ids: 32 for a trace, 16 for a
/// span, as W3C Trace Context writes them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Hex<const DIGITS: usize>(u128);

impl<const DIGITS: usize> Serialize for Hex<DIGITS> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&format!("{:0width$x}", self.0, width = DIGITS))
    }
}

impl<'de, const DIGITS: usize> Deserialize<'de> for Hex<DIGITS> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(HexVisitor::<DIGITS>)
    }
}

struct HexVisitor<const DIGITS: usize>;

impl<const DIGITS: usize> Visitor<'_> for HexVisitor<DIGITS> {
    type Value = Hex<DIGITS>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{DIGITS} lowercase hex digits")
    }
    fn visit_str<E: de::Error>(self, text: &str) -> Result<Hex<DIGITS>, E> {
        let digits = text.len() == DIGITS
            && text
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        match u128::from_str_radix(text, 16) {
            Ok(value) if digits => Ok(Hex(value)),
            _ => Err(E::invalid_value(de::Unexpected::Str(text), &self)),
        }
    }
}
