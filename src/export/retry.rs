//! When to retry an export, and how long to wait first.
//!
//! Spec: OTLP/HTTP "Failures" and "Throttling" (<https://opentelemetry.io/docs/specs/otlp/#failures-1>):
//! 429, 502, 503, 504 are retryable; all other 4xx and 5xx MUST NOT be retried; `Retry-After`
//! should be honoured; otherwise exponential backoff with jitter. Network errors are retried
//! like the SDK exporters do.
//!
//! Numbers follow the OpenTelemetry Java exporter's `RetryPolicy` defaults (5 attempts, 1 s
//! initial backoff, ×1.5, 5 s cap), with ±20 % jitter as in gRPC's connection backoff.
//! A server's `Retry-After` (either form, see `retry_after.rs`) wins over backoff.

use rand::Rng;

/// What to do with a response status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusClass {
    Success,
    Retryable,
    /// Retrying the same request cannot help; the learner must change something.
    Permanent,
}

/// OTLP/HTTP's classification of a response status code.
pub fn classify_status(status: u16) -> StatusClass {
    match status {
        200..=299 => StatusClass::Success,
        429 | 502 | 503 | 504 => StatusClass::Retryable,
        _ => StatusClass::Permanent,
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RetryPolicy {
    /// Total attempts for a batch, the first included.
    pub max_attempts: u32,
    pub initial_backoff_ms: u64,
    pub max_backoff_ms: u64,
    pub multiplier: f64,
    /// Fraction of the delay added or removed at random (0.2 = ±20 %).
    pub jitter: f64,
    /// Upper bound on a server's `Retry-After`, so a typo cannot park the exporter for days
    /// (the learner can still press Retry at any time).
    pub max_retry_after_ms: u64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 5,
            initial_backoff_ms: 1_000,
            max_backoff_ms: 5_000,
            multiplier: 1.5,
            jitter: 0.2,
            max_retry_after_ms: 3_600_000,
        }
    }
}

impl RetryPolicy {
    /// The wait before the next attempt after `failed_attempts` consecutive failures (1 after
    /// the first), or `None` when the attempts are used up. `retry_after_ms` (from the server)
    /// wins over backoff, without jitter: the server said when.
    pub fn next_delay_ms(
        &self,
        failed_attempts: u32,
        retry_after_ms: Option<u64>,
        rng: &mut impl Rng,
    ) -> Option<u64> {
        if failed_attempts == 0 || failed_attempts >= self.max_attempts {
            return None;
        }
        if let Some(ms) = retry_after_ms {
            return Some(ms.min(self.max_retry_after_ms));
        }
        let exponent = i32::try_from(failed_attempts - 1).unwrap_or(i32::MAX);
        let base = (self.initial_backoff_ms as f64 * self.multiplier.powi(exponent))
            .min(self.max_backoff_ms as f64);
        // NaN stays NaN through clamp and fails `> 0.0` below: no jitter.
        let jitter = self.jitter.clamp(0.0, 1.0);
        let factor = if jitter > 0.0 {
            rng.random_range(1.0 - jitter..=1.0 + jitter)
        } else {
            1.0
        };
        Some((base * factor).round().max(0.0) as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::StdRng;
    use rand::SeedableRng;

    #[rustfmt::skip]
    const STATUSES: &[(u16, StatusClass, &str)] = &[
        (200, StatusClass::Success,   "OK"),
        (202, StatusClass::Success,   "any 2xx is success"),
        (400, StatusClass::Permanent, "bad request: the body is wrong, resending cannot help"),
        (401, StatusClass::Permanent, "auth: fix the Headers field"),
        (403, StatusClass::Permanent, "forbidden"),
        (404, StatusClass::Permanent, "wrong path"),
        (413, StatusClass::Permanent, "too large: not in the retryable list"),
        (429, StatusClass::Retryable, "too many requests: throttling"),
        (500, StatusClass::Permanent, "OTLP says other 5xx must not be retried"),
        (502, StatusClass::Retryable, "bad gateway"),
        (503, StatusClass::Retryable, "unavailable"),
        (504, StatusClass::Retryable, "gateway timeout"),
        (301, StatusClass::Permanent, "a redirect fetch did not follow"),
    ];

    #[test]
    fn statuses_are_classified_as_otlp_http_says() {
        for (status, class, why) in STATUSES {
            assert_eq!(classify_status(*status), *class, "{status}: {why}");
        }
    }

    #[test]
    fn backoff_grows_by_the_multiplier_up_to_the_cap_within_the_jitter() {
        let policy = RetryPolicy {
            max_attempts: 10,
            ..RetryPolicy::default()
        };
        let mut rng = StdRng::seed_from_u64(7);
        #[rustfmt::skip]
        let expected_base = [(1, 1_000.0), (2, 1_500.0), (3, 2_250.0), (4, 3_375.0), (5, 5_000.0), (9, 5_000.0)];
        for (failures, base) in expected_base {
            for _ in 0..50 {
                let delay = policy.next_delay_ms(failures, None, &mut rng).unwrap() as f64;
                assert!(
                    delay >= base * 0.8 - 1.0 && delay <= base * 1.2 + 1.0,
                    "failures {failures}: {delay} not within ±20% of {base}"
                );
            }
        }
    }

    #[test]
    fn jitter_comes_from_the_rng_so_runs_reproduce() {
        let policy = RetryPolicy::default();
        let delays = |seed| {
            let mut rng = StdRng::seed_from_u64(seed);
            (1..5)
                .map(|n| policy.next_delay_ms(n, None, &mut rng))
                .collect::<Vec<_>>()
        };
        assert_eq!(delays(1), delays(1));
        assert_ne!(delays(1), delays(2), "different seeds jitter differently");
    }

    #[test]
    fn attempts_are_bounded_and_retry_after_wins_without_jitter() {
        let policy = RetryPolicy::default();
        let mut rng = StdRng::seed_from_u64(1);
        assert_eq!(
            policy.next_delay_ms(4, Some(2_000), &mut rng),
            Some(2_000),
            "server's wait, exactly"
        );
        assert_eq!(
            policy.next_delay_ms(5, Some(2_000), &mut rng),
            None,
            "5 attempts used up"
        );
        assert_eq!(
            policy.next_delay_ms(0, None, &mut rng),
            None,
            "nothing failed yet"
        );
        assert_eq!(
            policy.next_delay_ms(1, Some(u64::MAX), &mut rng),
            Some(3_600_000),
            "capped at an hour"
        );
        let no_jitter = RetryPolicy {
            jitter: 0.0,
            ..policy
        };
        assert_eq!(no_jitter.next_delay_ms(2, None, &mut rng), Some(1_500));
    }
}
