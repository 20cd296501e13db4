//! Every setting of the page and the seed, as a URL query string, so that a reload or a shared
//! link reproduces the same traces (trace ids derive from the seed and the request index).
//!
//! Decoding never fails: a value that does not parse, or is out of range, falls back to the
//! default and yields a [`UrlNotice`] that the page shows. Query syntax follows the WHATWG
//! `application/x-www-form-urlencoded` rules (<https://url.spec.whatwg.org/#urlencoded-parsing>).
//! Keys the page does not know are kept untouched when the page rewrites the query.

//!
//! Every key is spelled once, in [`fields::FIELDS`]: one descriptor per key (how to read it,
//! how to write it, whether it is always written) drives decoding, encoding and defaults.

mod codec;
pub mod fields;
pub mod scenario;
#[cfg(test)]
mod tests;
mod values;

pub use codec::{form_decode, form_encode};
pub use values::{
    fan_out_mode_name, sampler_name, semconv_name, FAN_OUT_MODES, SAMPLERS, SEMCONVS,
};

use crate::model::SpanId;
use crate::sim::LabOptions;
use crate::view::load::LoadSettings;
pub use scenario::ScenarioLink;
use std::fmt;

/// How a single **Send request** plays out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Playback {
    /// Wait the simulated duration before the trace appears, like a real curl.
    #[default]
    RealTime,
    /// Show the trace at once.
    Instant,
}

/// Everything the URL carries.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub lab: LabOptions,
    /// Trace ids and durations derive from this and the request index.
    pub seed: u64,
    /// The **Requests** field of **Run load** (1–10,000).
    pub requests: u32,
    pub playback: Playback,
    /// Arrival pattern, SLO and store caps of the load experiment (issue 7).
    pub load: LoadSettings,
    /// Which scenario runs (issue 12): the lab, a preset, or a written one.
    pub scenario: ScenarioLink,
    /// The span a link points at (`span=`, or Jaeger UI's `uiFind=`): the selected span, or
    /// one the page opens when its trace arrives (issue 13).
    pub span: Option<SpanId>,
}

pub const DEFAULT_REQUESTS: u32 = 100;
pub const MAX_REQUESTS: u32 = 10_000;

impl Default for Settings {
    fn default() -> Self {
        Settings {
            lab: LabOptions::default(),
            seed: 1,
            requests: DEFAULT_REQUESTS,
            playback: Playback::RealTime,
            load: LoadSettings::default(),
            scenario: ScenarioLink::Lab,
            span: None,
        }
    }
}

/// Why a URL value was not used.
#[derive(Clone, Debug, PartialEq)]
pub enum UrlProblem {
    NotANumber,
    NotAWholeNumber,
    OutOfRange {
        min: String,
        max: String,
    },
    NotAChoice {
        allowed: Vec<&'static str>,
    },
    NotYesNo,
    /// The `scenario` value, with what is wrong with it.
    BadScenario(String),
    NotASpanId,
}

impl fmt::Display for UrlProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UrlProblem::NotANumber => f.write_str("it is not a number"),
            UrlProblem::NotAWholeNumber => f.write_str("it is not a whole number"),
            UrlProblem::OutOfRange { min, max } => write!(f, "it must be between {min} and {max}"),
            UrlProblem::NotAChoice { allowed } => {
                write!(f, "it must be one of {}", allowed.join(", "))
            }
            UrlProblem::NotYesNo => f.write_str("it must be 1 or 0 (true or false)"),
            UrlProblem::BadScenario(why) => f.write_str(why),
            UrlProblem::NotASpanId => f.write_str("it is not a span id (1 to 16 hex digits)"),
        }
    }
}

/// A value from the link that was replaced by the default.
#[derive(Clone, Debug, PartialEq)]
pub struct UrlNotice {
    pub key: String,
    pub value: String,
    pub problem: UrlProblem,
    /// What is used instead, as text.
    pub fallback: String,
}

impl fmt::Display for UrlNotice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "The link's {}={:?} was ignored because {}; using {} instead.",
            self.key, self.value, self.problem, self.fallback
        )
    }
}

/// The result of reading a query string.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    pub settings: Settings,
    /// False when the link had no usable seed: the page then picks one and writes it back,
    /// so that from then on a reload reproduces the traces.
    pub seed_from_link: bool,
    pub notices: Vec<UrlNotice>,
}

/// Reads settings from a query string (with or without the leading `?`).
pub fn decode(query: &str) -> Decoded {
    let mut settings = Settings::default();
    let mut seed_from_link = false;
    let mut notices = Vec::new();
    for (key, value) in form_decode(query) {
        // Keys the page does not know (another tool's parameters, test hooks) are not its
        // business.
        let Some(field) = fields::find(&key) else {
            continue;
        };
        match (field.read)(&mut settings, &value) {
            Ok(()) => seed_from_link |= key == fields::SEED,
            Err(problem) => notices.push(UrlNotice {
                key,
                value,
                problem,
                fallback: field.fallback_text(),
            }),
        }
    }
    Decoded {
        settings,
        seed_from_link,
        notices,
    }
}

/// The query string for `settings`: the seed always, other settings only when they differ
/// from the default (short links). Without the leading `?`.
pub fn encode(settings: &Settings) -> String {
    form_encode(&fields::pairs(settings))
}

/// Rewrites `existing` with `settings`: known keys are replaced, unknown keys (another tool's
/// parameters, test hooks) are kept in place. Without the leading `?`.
pub fn merge_query(existing: &str, settings: &Settings) -> String {
    let mut out: Vec<(String, String)> = form_decode(existing)
        .into_iter()
        .filter(|(key, _)| fields::find(key).is_none())
        .collect();
    out.extend(fields::pairs(settings));
    form_encode(&out)
}
