//! How a [`Latency`] becomes a duration: the arithmetic that turns the run's random stream into
//! nanoseconds, written here rather than taken from `rand_distr`, whose algorithms may change in
//! any release and with them every shared link's traces.
//!
//! - **Uniform** `min..=max` (whole nanoseconds): one `SimRng::random_range`, as the lab has
//!   always drawn; equal bounds draw nothing.
//! - A uniform real `u` in `[0, 1)`: the top 53 bits of one `next_u64`, times 2⁻⁵³ (exact).
//! - **Normal** (mean μ, sd σ): the Box–Muller transform (G. Box, M. Muller, "A note on the
//!   generation of random normal deviates", Ann. Math. Statist. 29 (1958)) on two such draws
//!   `u₁, u₂`: `z = √(−2 ln(1 − u₁)) · cos(2π u₂)`, one standard normal per pair (the sine
//!   half is dropped, so no state is carried between draws). The duration is `μ + σz`, cut at
//!   0. `σ = 0` draws nothing.
//! - **Log-normal** from its median `p50` and 99th percentile `p99`: `μ = ln p50`,
//!   `σ = (ln p99 − ln p50) / z₀.₉₉` with `z₀.₉₉ = 2.326347874040841` (the standard normal's
//!   0.99 quantile), and the duration `exp(μ + σz)` with `z` as above. `p99 = p50` draws nothing.
//!
//! Durations are rounded to whole nanoseconds and capped at [`MAX_DURATION_MS`]. `ln`, `cos` and
//! `exp` come from the platform's math library, which may differ from another platform's in the
//! last bit; after rounding to nanoseconds that almost never shows, and never between two runs
//! of the same build (the page always runs the same wasm).

use super::compile::{ms_to_ns, NsRange};
use super::error::MAX_DURATION_MS;
use super::scenario::Latency;
use super::SimRng;

/// The standard normal distribution's 0.99 quantile, Φ⁻¹(0.99).
pub const Z_99: f64 = 2.326_347_874_040_841;

/// A duration distribution in nanoseconds, ready to draw from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum NsDist {
    /// Uniform over whole nanoseconds, both ends included.
    Uniform(NsRange),
    /// Normal, in nanoseconds, cut at 0.
    Normal { mean: f64, sd: f64 },
    /// Log-normal: `exp(mu + sigma z)` nanoseconds.
    LogNormal { mu: f64, sigma: f64 },
}

impl NsDist {
    /// The run form of a checked latency (finite, non-negative; log-normal median positive).
    pub fn from(latency: &Latency) -> NsDist {
        match *latency {
            Latency::Uniform { min_ms, max_ms } => NsDist::Uniform(NsRange {
                min: ms_to_ns(min_ms),
                max: ms_to_ns(max_ms),
            }),
            Latency::Normal { mean_ms, sd_ms } => NsDist::Normal {
                mean: mean_ms * 1e6,
                sd: sd_ms * 1e6,
            },
            Latency::LogNormal { p50_ms, p99_ms } => {
                let mu = (p50_ms * 1e6).ln();
                let sigma = (p99_ms / p50_ms).ln() / Z_99;
                NsDist::LogNormal { mu, sigma }
            }
        }
    }

    pub fn draw(self, rng: &mut SimRng) -> u64 {
        match self {
            NsDist::Uniform(range) => range.draw(rng),
            NsDist::Normal { mean, sd } if sd > 0.0 => to_ns(mean + sd * standard_normal(rng)),
            NsDist::Normal { mean, .. } => to_ns(mean),
            NsDist::LogNormal { mu, sigma } if sigma > 0.0 => {
                to_ns((mu + sigma * standard_normal(rng)).exp())
            }
            NsDist::LogNormal { mu, .. } => to_ns(mu.exp()),
        }
    }
}

/// Nanoseconds as a real number to whole nanoseconds in `0..=MAX_DURATION_MS`; NaN gives 0.
fn to_ns(ns: f64) -> u64 {
    ns.clamp(0.0, MAX_DURATION_MS * 1e6).round() as u64
}

/// A uniform real in `[0, 1)` from the top 53 bits of one 64-bit output.
pub(crate) fn unit(rng: &mut SimRng) -> f64 {
    const SCALE: f64 = 1.0 / (1u64 << 53) as f64;
    (rand::RngCore::next_u64(rng) >> 11) as f64 * SCALE
}

/// One standard normal deviate by Box–Muller (see the module docs).
fn standard_normal(rng: &mut SimRng) -> f64 {
    // 1 - u1 lies in (0, 1], so its logarithm is finite.
    let u1 = unit(rng);
    let u2 = unit(rng);
    (-2.0 * (1.0 - u1).ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn sample(latency: Latency, n: usize) -> Vec<f64> {
        let dist = NsDist::from(&latency);
        let mut rng = SimRng::seed_from_u64(11);
        let mut v: Vec<f64> = (0..n).map(|_| dist.draw(&mut rng) as f64 / 1e6).collect();
        v.sort_by(f64::total_cmp);
        v
    }

    fn quantile(sorted: &[f64], q: f64) -> f64 {
        sorted[((sorted.len() as f64 - 1.0) * q).round() as usize]
    }

    #[test]
    fn a_normal_has_its_mean_and_spread() {
        let v = sample(Latency::normal(100.0, 10.0), 20_000);
        let mean = v.iter().sum::<f64>() / v.len() as f64;
        let var = v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / v.len() as f64;
        assert!((mean - 100.0).abs() < 0.5, "mean {mean}");
        assert!((var.sqrt() - 10.0).abs() < 0.3, "sd {}", var.sqrt());
        // About 68 % within one sd (a transform that returned uniforms would give 58 %).
        let inside = v.iter().filter(|x| (**x - 100.0).abs() <= 10.0).count();
        let share = inside as f64 / v.len() as f64;
        assert!((0.66..0.70).contains(&share), "{share}");
    }

    #[test]
    fn a_normal_is_cut_at_zero() {
        let v = sample(Latency::normal(1.0, 5.0), 2_000);
        assert_eq!(v[0], 0.0);
        assert!(v.iter().all(|x| *x >= 0.0));
    }

    #[test]
    fn a_log_normal_has_the_median_and_p99_it_was_given() {
        let v = sample(Latency::log_normal(20.0, 200.0), 40_000);
        let (p50, p99) = (quantile(&v, 0.5), quantile(&v, 0.99));
        assert!((p50 - 20.0).abs() < 0.6, "p50 {p50}");
        assert!((p99 - 200.0).abs() < 15.0, "p99 {p99}");
    }

    #[test]
    fn degenerate_distributions_are_constant_and_draw_nothing() {
        for latency in [
            Latency::fixed(7.0),
            Latency::normal(7.0, 0.0),
            Latency::log_normal(7.0, 7.0),
        ] {
            let mut rng = SimRng::seed_from_u64(1);
            let before = rng.clone();
            assert_eq!(
                NsDist::from(&latency).draw(&mut rng),
                7_000_000,
                "{latency:?}"
            );
            assert_eq!(rng, before, "{latency:?} drew from the stream");
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_durations() {
        let draw = || sample(Latency::log_normal(5.0, 80.0), 100);
        assert_eq!(draw(), draw());
    }
}
