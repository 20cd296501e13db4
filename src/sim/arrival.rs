//! When requests arrive: a closed loop of clients (back-to-back, like a `curl` loop) or an open
//! loop at a rate (constant, Poisson, bursts), the load patterns of issue 7.
//!
//! Open-loop arrival times do not depend on how fast the services answer, so under overload the
//! queue grows; back-to-back clients wait for each answer, so they never overload a service
//! beyond their own concurrency.

use super::compile::ms_to_ns;
use super::error::{ConfigError, MAX_CONCURRENCY, MAX_REQUESTS};
use crate::sim::SimRng;

/// Gap between an answer and a back-to-back client's next request (the next `curl` starting).
pub const BACK_TO_BACK_GAP_NS: u64 = 1_000_000;

/// How requests arrive at the entry service.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Arrival {
    /// `concurrency` clients, each sending its next request [`BACK_TO_BACK_GAP_NS`] after the
    /// previous answer; all start at the run's start time.
    BackToBack { concurrency: u32 },
    /// Evenly spaced, `rps` requests per second.
    Constant { rps: f64 },
    /// A Poisson process: exponential inter-arrival times with mean `1 / rps` seconds.
    Poisson { rps: f64 },
    /// `size` requests at once every `interval_ms`.
    Bursts { size: u32, interval_ms: f64 },
}

impl Default for Arrival {
    /// One request at a time, as a learner clicking **Send request**.
    fn default() -> Self {
        Arrival::BackToBack { concurrency: 1 }
    }
}

impl Arrival {
    pub fn validate(&self) -> Result<(), ConfigError> {
        match *self {
            Arrival::BackToBack { concurrency } => {
                if concurrency == 0 || concurrency > MAX_CONCURRENCY {
                    return Err(ConfigError::Concurrency(concurrency));
                }
            }
            Arrival::Constant { rps } | Arrival::Poisson { rps } => {
                if !rps.is_finite() || rps <= 0.0 {
                    return Err(ConfigError::ArrivalRate(rps));
                }
            }
            Arrival::Bursts { size, interval_ms } => {
                if size == 0 || size > MAX_REQUESTS {
                    return Err(ConfigError::BurstSize(size));
                }
                if !interval_ms.is_finite() || interval_ms <= 0.0 {
                    return Err(ConfigError::BurstInterval(interval_ms));
                }
            }
        }
        Ok(())
    }
}

/// Arrival times of an open-loop pattern, produced in order (Poisson needs the previous one).
#[derive(Clone, Debug)]
pub(crate) struct OpenLoop {
    arrival: Arrival,
    start: u64,
    previous: u64,
    /// Its own stream, so arrival times do not shift when service behaviour changes.
    rng: SimRng,
}

impl OpenLoop {
    pub fn new(arrival: Arrival, start: u64, rng: SimRng) -> OpenLoop {
        OpenLoop {
            arrival,
            start,
            previous: start,
            rng,
        }
    }

    /// The arrival time of request `index`; call with 0, 1, 2, ... in order.
    pub fn time_of(&mut self, index: u32) -> u64 {
        let i = f64::from(index);
        let time = match self.arrival {
            Arrival::Constant { rps } => self.start.saturating_add(secs_to_ns(i / rps)),
            Arrival::Poisson { rps } if index > 0 => {
                // 1 - U lies in (0, 1], so its logarithm is finite.
                let u: f64 = self.rng.random();
                self.previous
                    .saturating_add(secs_to_ns(-(1.0 - u).ln() / rps))
            }
            Arrival::Bursts { size, interval_ms } => {
                let burst = f64::from(index / size.max(1));
                self.start.saturating_add(ms_to_ns(burst * interval_ms))
            }
            Arrival::Poisson { .. } | Arrival::BackToBack { .. } => self.start,
        };
        self.previous = time;
        time
    }
}

fn secs_to_ns(secs: f64) -> u64 {
    (secs * 1e9).round() as u64
}
