//! The simulator: a scenario (data) run through a virtual-time engine.

mod engine;
mod options;
mod scenario;

pub use engine::{simulate, SimRun};
pub use options::{FanOutMode, LabOptions, SamplerKind, SemConv};
pub use scenario::{Call, Endpoint, Latency, Scenario, Service};
