//! The simulator: a scenario (data) run through a virtual-time engine.

mod engine;
mod scenario;

pub use engine::{simulate, SimRun};
pub use scenario::{Call, Endpoint, Latency, Scenario, Service};
