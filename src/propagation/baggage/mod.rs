//! W3C Baggage: application key/value pairs that travel with a request in the `baggage`
//! header, and the propagator `OTEL_PROPAGATORS=baggage` names.
//!
//! Spec: W3C Baggage, Candidate Recommendation Snapshot of 30 May 2024
//! (<https://www.w3.org/TR/baggage/>), §3.3 header content and §3.5 mutating baggage.
//!
//! - `list-member = key OWS "=" OWS value *( OWS ";" OWS property )`; keys are HTTP tokens,
//!   values `baggage-octet`s holding a percent-encoded UTF-8 string (§3.3.1.2–3). Values are
//!   decoded on the way in (invalid UTF-8 becomes U+FFFD) and encoded on the way out.
//! - Properties (§3.3.1.4) have no meaning in the spec; like OpenTelemetry's entry metadata
//!   they are carried as received.
//! - A member that breaks the grammar is dropped and the rest kept: "If a system determines
//!   that the value of a baggage entry is not in the format defined in this specification, it
//!   MAY remove that entry" (§3.5). A key may repeat on the wire; OpenTelemetry's baggage is a
//!   map, so the last value wins (in the first one's place).
//! - Limits (§3.3.2): every member MUST be propagated while the list has at most 64 members and
//!   8192 bytes; beyond, whole members MAY be dropped. The ABNF allows 180 members
//!   (`list-member 0*179( ... )`). We keep members in order up to 180 and 8192 bytes, both when
//!   reading and when writing, and drop the rest whole.

mod parse;

use super::percent;
use super::propagator::{self, Extracted, Outgoing, PropagatorKind, TextMapPropagator, Violation};
use crate::model::Headers;
use std::fmt;

pub(crate) use parse::is_tchar;
pub use parse::{parse_baggage, BaggageError, DroppedMember, ParsedBaggage, TokenProblem};

/// The header name (§3.1), sent lowercase.
pub const BAGGAGE: &str = "baggage";
/// The most list-members the grammar allows (`list-member 0*179( OWS "," OWS list-member )`).
pub const MAX_MEMBERS: usize = 180;
/// The size up to which every member MUST be propagated (§3.3.2); we keep no more.
pub const MAX_BYTES: usize = 8192;

/// One `;property` of a member: a key, and a value when it had `=`. Kept as received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaggageProperty {
    pub key: String,
    pub value: Option<String>,
}

/// One entry: its key, its decoded value, and its properties.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaggageEntry {
    pub key: String,
    pub value: String,
    pub properties: Vec<BaggageProperty>,
}

impl BaggageEntry {
    /// The list-member as sent: `key=encoded-value;prop=v;flag`.
    pub fn to_member(&self) -> String {
        let mut out = format!(
            "{}={}",
            self.key,
            percent::encode_baggage_value(&self.value)
        );
        for property in &self.properties {
            out.push(';');
            out.push_str(&property.key);
            if let Some(value) = &property.value {
                out.push('=');
                out.push_str(value);
            }
        }
        out
    }
}

/// Baggage: entries with unique keys, in the order first set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Baggage {
    entries: Vec<BaggageEntry>,
}

impl Baggage {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.entry(key).map(|e| e.value.as_str())
    }

    pub fn entry(&self, key: &str) -> Option<&BaggageEntry> {
        self.entries.iter().find(|e| e.key == key)
    }

    pub fn iter(&self) -> impl Iterator<Item = &BaggageEntry> {
        self.entries.iter()
    }

    /// Sets `key` to `value` (any text; it is percent-encoded when sent), replacing an existing
    /// entry in place. The key must be an HTTP token (§3.3.1.2).
    pub fn insert(&mut self, key: &str, value: &str) -> Result<(), BaggageError> {
        self.insert_entry(BaggageEntry {
            key: key.to_string(),
            value: value.to_string(),
            properties: Vec::new(),
        })
    }

    /// [`Baggage::insert`] with properties, which must follow the property grammar (§3.3.1.4).
    pub fn insert_entry(&mut self, entry: BaggageEntry) -> Result<(), BaggageError> {
        parse::validate_entry(&entry)?;
        self.put(entry);
        Ok(())
    }

    pub fn remove(&mut self, key: &str) -> Option<BaggageEntry> {
        let index = self.entries.iter().position(|e| e.key == key)?;
        Some(self.entries.remove(index))
    }

    /// Sets an already valid entry; the last value of a key wins, in the first one's place.
    pub(crate) fn put(&mut self, entry: BaggageEntry) {
        self.replace(entry);
    }

    /// [`Baggage::put`], returning the entry replaced.
    fn replace(&mut self, entry: BaggageEntry) -> Option<BaggageEntry> {
        match self.entries.iter_mut().find(|e| e.key == entry.key) {
            Some(slot) => Some(std::mem::replace(slot, entry)),
            None => {
                self.entries.push(entry);
                None
            }
        }
    }

    /// Every entry of `other` set over ours (what Jaeger's `uberctx-*` extraction does).
    pub(crate) fn merge(&mut self, other: Baggage) {
        for entry in other.entries {
            self.put(entry);
        }
    }

    /// The header value and the keys left out: members in order while the list stays within
    /// [`MAX_MEMBERS`] and [`MAX_BYTES`]; the first one that would not fit and every later one
    /// are dropped whole (§3.3.2: never part of a member).
    pub fn to_header_value_within_limits(&self) -> (String, Vec<String>) {
        let mut out = String::new();
        let mut kept = 0;
        let mut dropped = Vec::new();
        for entry in &self.entries {
            let member = entry.to_member();
            let size = out.len() + usize::from(kept > 0) + member.len();
            if !dropped.is_empty() || kept == MAX_MEMBERS || size > MAX_BYTES {
                dropped.push(entry.key.clone());
                continue;
            }
            if kept > 0 {
                out.push(',');
            }
            out.push_str(&member);
            kept += 1;
        }
        (out, dropped)
    }
}

impl fmt::Display for Baggage {
    /// The header value, within the limits (see [`Baggage::to_header_value_within_limits`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_header_value_within_limits().0)
    }
}

/// `OTEL_PROPAGATORS=baggage`.
#[derive(Clone, Copy, Debug, Default)]
pub struct BaggagePropagator;

impl TextMapPropagator for BaggagePropagator {
    fn fields(&self) -> &'static [&'static str] {
        &[BAGGAGE]
    }

    /// One `baggage` header; none for empty baggage.
    fn inject(&self, out: &Outgoing<'_>, headers: &mut Headers) {
        propagator::remove(headers, &[BAGGAGE]);
        let (value, _) = out.baggage.to_header_value_within_limits();
        if !value.is_empty() {
            headers.push((BAGGAGE.to_string(), value));
        }
    }

    /// Several `baggage` headers combine into one list (§3). A header with at least one valid
    /// member replaces the baggage found so far, as opentelemetry-java and -js do; one with none
    /// leaves it alone.
    fn extract(&self, headers: &Headers, into: &mut Extracted) {
        let fields: Vec<&str> = propagator::values(headers, BAGGAGE).collect();
        if fields.is_empty() {
            return;
        }
        let parsed = parse_baggage(&fields.join(","));
        for dropped in parsed.dropped {
            let rule = dropped.error.rule();
            into.problem(
                PropagatorKind::Baggage,
                Violation::new(BAGGAGE, dropped.error.to_string(), rule),
            );
        }
        if !parsed.baggage.is_empty() {
            into.baggage = parsed.baggage;
        }
    }
}
