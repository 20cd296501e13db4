//! Head sampling decisions, as the OpenTelemetry SDK samplers named by `OTEL_TRACES_SAMPLER`.
//!
//! Spec: <https://opentelemetry.io/docs/specs/otel/trace/sdk/#built-in-samplers> and the
//! environment variables in <https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/>.
//!
//! `traceidratio` decides from the trace id alone, exactly like the Python SDK the lab uses:
//! sampled when the id's low 8 bytes, read as an unsigned integer, are below
//! `round(ratio × 2^64)`. The low 8 bytes hold the 7 bytes W3C Level 2 requires to be random
//! (our ids are fully random and carry the random flag), so every service reaches the same
//! decision for a trace, and a fraction `ratio` of traces is kept.

use super::error::ConfigError;
use super::options::SamplerKind;
use crate::model::TraceId;
use crate::propagation::SpanContext;

/// A configured sampler: the kind and, for the ratio kinds, the precomputed bound.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sampler {
    kind: SamplerKind,
    /// `round(ratio × 2^64)`; up to 2^64 inclusive, hence u128.
    bound: u128,
}

impl Sampler {
    pub fn new(kind: SamplerKind, ratio: f64) -> Result<Sampler, ConfigError> {
        if !(0.0..=1.0).contains(&ratio) {
            return Err(ConfigError::SamplingRatio(ratio));
        }
        // ratio ≤ 1 keeps this ≤ 2^64, exact in f64 and in u128.
        let bound = (ratio * 18_446_744_073_709_551_616.0).round() as u128;
        Ok(Sampler { kind, bound })
    }

    pub fn kind(&self) -> SamplerKind {
        self.kind
    }

    /// `TraceIdRatioBased`: the low 8 bytes of the id against the bound.
    pub fn ratio_keeps(&self, trace_id: TraceId) -> bool {
        u128::from(trace_id.0 as u64) < self.bound
    }

    /// Whether a new span is recorded and exported. `parent` is the context of the span's
    /// parent (remote, from extracted headers, or the local parent span in the same service).
    pub fn should_sample(&self, parent: Option<&SpanContext>, trace_id: TraceId) -> bool {
        use SamplerKind::*;
        let root = match self.kind {
            AlwaysOn => return true,
            AlwaysOff => return false,
            TraceIdRatio => return self.ratio_keeps(trace_id),
            ParentBasedAlwaysOn => true,
            ParentBasedAlwaysOff => false,
            ParentBasedTraceIdRatio => self.ratio_keeps(trace_id),
        };
        // ParentBased defaults: follow the parent's sampled flag, remote or local alike.
        match parent {
            Some(p) => p.flags.is_sampled(),
            None => root,
        }
    }
}

/// The `OTEL_TRACES_SAMPLER` value for a sampler kind.
pub fn env_name(kind: SamplerKind) -> &'static str {
    match kind {
        SamplerKind::AlwaysOn => "always_on",
        SamplerKind::AlwaysOff => "always_off",
        SamplerKind::TraceIdRatio => "traceidratio",
        SamplerKind::ParentBasedAlwaysOn => "parentbased_always_on",
        SamplerKind::ParentBasedAlwaysOff => "parentbased_always_off",
        SamplerKind::ParentBasedTraceIdRatio => "parentbased_traceidratio",
    }
}
