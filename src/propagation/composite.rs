//! The composite propagator a service runs, built from `OTEL_PROPAGATORS` names.
//!
//! Specs: OpenTelemetry Propagators API, "Composite Propagator"
//! (<https://opentelemetry.io/docs/specs/otel/context/api-propagators/#composite-propagator>),
//! and the `OTEL_PROPAGATORS` variable
//! (<https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/#general-sdk-configuration>).
//!
//! - Inject runs every propagator in the order given; extract runs each in turn over the same
//!   [`Extracted`], so a later one that finds a valid span context replaces an earlier one's,
//!   and one that finds nothing valid changes nothing.
//! - Names: `tracecontext`, `baggage`, `b3`, `b3multi`, `jaeger`, `none`, case-sensitive, spaces
//!   around them ignored. "Values MUST be deduplicated in order to register a Propagator only
//!   once" (the first place counts). `none` anywhere means no propagation, as the Go, Java and
//!   JavaScript SDKs read it. An empty list is an unset variable ("The SDK MUST interpret an
//!   empty value of an environment variable the same way as when the variable is unset"):
//!   the default `tracecontext,baggage`.
//! - An unknown name is an error that lists the known ones; the spec's third-party `xray` and
//!   `ottrace` get their own message. `jaeger` works and comes with a deprecation note, as SDKs
//!   log one.

use super::baggage::Baggage;
use super::propagator::{Extracted, Outgoing, PropagatorKind};
use super::spec::otel;
use super::SpanContext;
use crate::model::Headers;
use std::fmt;

/// The `OTEL_PROPAGATORS` default.
pub const DEFAULT_PROPAGATORS: [PropagatorKind; 2] = PropagatorKind::DEFAULT;

/// Names the spec lists that this playground does not implement (third-party formats).
const NOT_IMPLEMENTED: [&str; 2] = ["xray", "ottrace"];

/// The propagators of one service, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Propagators {
    kinds: Vec<PropagatorKind>,
    notes: Vec<ConfigNote>,
}

impl Default for Propagators {
    /// `tracecontext,baggage`, what an SDK uses when `OTEL_PROPAGATORS` is unset.
    fn default() -> Self {
        Propagators::new(DEFAULT_PROPAGATORS)
    }
}

/// Something worth telling whoever wrote the list, which does not stop it from working.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigNote {
    /// A name given again: registered once, at its first place.
    Repeated { name: &'static str },
    /// `none` among other names: nothing is propagated.
    NoneTurnsOff { others: Vec<&'static str> },
    /// No names: the default applies.
    EmptyMeansDefault,
    /// A deprecated format (Jaeger).
    Deprecated { kind: PropagatorKind },
}

impl fmt::Display for ConfigNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigNote::Repeated { name } => {
                write!(
                    f,
                    "{name:?} is listed more than once: it is registered once"
                )
            }
            ConfigNote::NoneTurnsOff { others } => write!(
                f,
                "\"none\" means no propagation, so {} {} ignored",
                others.join(", "),
                if others.len() == 1 { "is" } else { "are" }
            ),
            ConfigNote::EmptyMeansDefault => {
                f.write_str("no propagators given: the default tracecontext,baggage applies")
            }
            ConfigNote::Deprecated { kind } => write!(
                f,
                "{kind} is deprecated in OpenTelemetry: use tracecontext (W3C Trace Context), \
                 which every current SDK reads"
            ),
        }
    }
}

/// A name `OTEL_PROPAGATORS` cannot take here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PropagatorsError {
    /// Not a propagator name at all; `suggestion` when it looks like one (wrong case, a typo).
    Unknown {
        name: String,
        suggestion: Option<&'static str>,
    },
    /// A third-party format the spec names but the playground does not implement.
    NotImplemented { name: &'static str },
}

impl PropagatorsError {
    pub fn rule(&self) -> super::spec::Rule {
        otel::OTEL_PROPAGATORS_RULE
    }
}

impl fmt::Display for PropagatorsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PropagatorsError::Unknown { name, suggestion } => {
                write!(f, "unknown propagator {name:?}")?;
                if let Some(suggestion) = suggestion {
                    write!(f, " (did you mean {suggestion:?}?)")?;
                }
                write!(f, ": the known names are {}", known_names())?;
            }
            PropagatorsError::NotImplemented { name } => write!(
                f,
                "{name:?} is a third-party propagator this playground does not implement: use \
                 one of {}",
                known_names()
            )?,
        }
        write!(f, " ({})", otel::GENERAL_SDK_CONFIGURATION)
    }
}

impl std::error::Error for PropagatorsError {}

/// `tracecontext, baggage, b3, b3multi, jaeger and none`.
fn known_names() -> String {
    let names: Vec<&str> = PropagatorKind::KNOWN.iter().map(|k| k.name()).collect();
    match names.split_last() {
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

impl Propagators {
    /// The propagators `OTEL_PROPAGATORS` names, e.g. `from_env_names(&["tracecontext", "b3"])`.
    pub fn from_env_names<S: AsRef<str>>(names: &[S]) -> Result<Self, PropagatorsError> {
        let mut kinds = Vec::with_capacity(names.len());
        for raw in names {
            let name = raw.as_ref().trim();
            if !name.is_empty() {
                kinds.push(PropagatorKind::from_name(name).ok_or_else(|| unknown(name))?);
            }
        }
        Ok(Self::configured(&kinds))
    }

    /// What an SDK builds from a list of names already read (a scenario's `propagators`):
    /// each registered once, `none` anywhere turning them all off, an empty list meaning the
    /// default, with a note for each of these and for a deprecated format.
    pub fn configured(list: &[PropagatorKind]) -> Self {
        let mut kinds: Vec<PropagatorKind> = Vec::new();
        let mut notes = Vec::new();
        let mut none = false;
        for &kind in list {
            if kind == PropagatorKind::None {
                none = true;
            } else if kinds.contains(&kind) {
                let note = ConfigNote::Repeated { name: kind.name() };
                if !notes.contains(&note) {
                    notes.push(note);
                }
            } else {
                kinds.push(kind);
            }
        }
        if none {
            if !kinds.is_empty() {
                notes.push(ConfigNote::NoneTurnsOff {
                    others: kinds.iter().map(|k| k.name()).collect(),
                });
            }
            return Propagators {
                kinds: Vec::new(),
                notes,
            };
        }
        if kinds.is_empty() {
            notes.push(ConfigNote::EmptyMeansDefault);
            kinds.extend(DEFAULT_PROPAGATORS);
        }
        notes.extend(
            kinds
                .iter()
                .filter(|k| k.is_deprecated())
                .map(|&kind| ConfigNote::Deprecated { kind }),
        );
        Propagators { kinds, notes }
    }

    /// The value of `OTEL_PROPAGATORS` itself: comma-separated names.
    pub fn from_env_value(value: &str) -> Result<Self, PropagatorsError> {
        let names: Vec<&str> = value.split(',').collect();
        Self::from_env_names(&names)
    }

    /// These formats in this order, each once; none at all if `none` is among them.
    pub fn new(kinds: impl IntoIterator<Item = PropagatorKind>) -> Self {
        let mut unique: Vec<PropagatorKind> = Vec::new();
        for kind in kinds {
            if kind == PropagatorKind::None {
                return Propagators::none();
            }
            if !unique.contains(&kind) {
                unique.push(kind);
            }
        }
        Propagators {
            kinds: unique,
            notes: Vec::new(),
        }
    }

    /// `OTEL_PROPAGATORS=none`.
    pub fn none() -> Self {
        Propagators {
            kinds: Vec::new(),
            notes: Vec::new(),
        }
    }

    pub fn kinds(&self) -> &[PropagatorKind] {
        &self.kinds
    }

    pub fn is_none(&self) -> bool {
        self.kinds.is_empty()
    }

    /// Warnings about the list it was built from.
    pub fn notes(&self) -> &[ConfigNote] {
        &self.notes
    }

    /// Every header the propagators inject, in order, each once.
    pub fn fields(&self) -> Vec<&'static str> {
        let mut fields = Vec::new();
        for field in self.kinds.iter().flat_map(|k| k.fields()) {
            if !fields.contains(field) {
                fields.push(*field);
            }
        }
        fields
    }

    /// Writes every format's headers for a request sent for span `context`.
    pub fn inject(&self, context: &SpanContext, baggage: &Baggage, headers: &mut Headers) {
        self.inject_outgoing(
            &Outgoing {
                context,
                baggage,
                debug: false,
            },
            headers,
        );
    }

    /// [`Propagators::inject`] with the debug flag (see [`Extracted::outgoing`]).
    pub fn inject_outgoing(&self, out: &Outgoing<'_>, headers: &mut Headers) {
        for kind in &self.kinds {
            kind.propagator().inject(out, headers);
        }
    }

    /// Reads an incoming request: each format in order, a later valid context overriding.
    pub fn extract(&self, headers: &Headers) -> Extracted {
        let mut extracted = Extracted::default();
        for kind in &self.kinds {
            kind.propagator().extract(headers, &mut extracted);
        }
        extracted
    }
}

fn unknown(name: &str) -> PropagatorsError {
    if let Some(&known) = NOT_IMPLEMENTED.iter().find(|n| **n == name) {
        return PropagatorsError::NotImplemented { name: known };
    }
    let suggestion = PropagatorKind::KNOWN
        .map(|k| k.name())
        .into_iter()
        .map(|known| (edit_distance(&name.to_ascii_lowercase(), known), known))
        // At most a third of the name changed: `B3` suggests `b3`, `w3c` suggests nothing.
        .filter(|(distance, known)| distance * 3 <= known.len())
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, known)| known);
    PropagatorsError::Unknown {
        name: super::traceparent::shorten(name),
        suggestion,
    }
}

/// Levenshtein distance, enough to catch `tracecontex` or `B3Multi`; bounded by the names'
/// length, so input size does not matter.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().take(32).collect();
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = if ca == cb {
                previous
            } else {
                1 + previous.min(row[j]).min(row[j + 1])
            };
            previous = current;
        }
    }
    row[b.len()]
}
