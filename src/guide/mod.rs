//! The Lab guide (issue 14): the lab "Distributed Tracing with Jaeger" as steps the page walks a
//! learner through and ticks by itself when it sees them done.
//!
//! Pure core, no browser APIs; the panel in `ui` only renders it:
//! - [`steps`]: the guides as data (title, instruction, the lab's code, why it matters, parts).
//! - [`snippets`]: the lab's code and commands (`service-a.py`, `service-b.py`, the challenges,
//!   `opentelemetry-instrument` with its `OTEL_*` variables, curl, Jaeger 1.38's compose file).
//! - [`facts`]: [`GuideFacts`], what the page tells the guide about its state.
//! - [`checks`]: [`is_done`] and [`part_done`], pure functions of the facts.
//! - [`answers`]: the questions (name the bottleneck, which spans are red, why A says 200),
//!   checked against the open trace and explained.
//! - [`progress`]: what was seen done, skipped steps, **Start over**, and the `localStorage` text.
//!
//! How the page uses it, on each state change:
//! ```
//! use trace_playground::guide::{GuideFacts, Progress, STORAGE_KEY};
//! let mut progress = Progress::load(None); // localStorage.getItem(STORAGE_KEY)
//! let facts = GuideFacts { trace_count: 1, ..GuideFacts::default() };
//! let newly_done = progress.observe(&facts);
//! assert_eq!(progress.summary(progress.guide), "1 of 9 steps done");
//! assert_eq!(newly_done.len(), 1);
//! let _keep = (STORAGE_KEY, progress.to_storage()); // localStorage.setItem
//! ```

pub mod answers;
pub mod checks;
pub mod facts;
pub mod progress;
pub mod snippets;
pub mod steps;

pub use answers::{
    check_bottleneck, check_red_spans, placement, span_choices, Answer, Placement, SpanChoice,
    WHY_A_SAYS_200,
};
pub use checks::{is_done, kept_as_expected, part_done, parts_done, received_traceparents};
pub use facts::{GuideFacts, LabFacts, RequestFacts, SamplingTally, SearchFacts, Why200};
pub use progress::{Progress, StepStatus, STORAGE_KEY};
pub use snippets::Snippet;
pub use steps::{GuideId, Part, Step, StepId, LAB_STEPS, TEN_SERVICE_STEPS};
