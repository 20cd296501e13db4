//! The learner's progress through the guides: which parts the page has seen done, which steps
//! were skipped, which guide is shown and whether the panel is open; kept in `localStorage` as
//! a small JSON string (issue 14: "Progress is kept in the browser, with Start over").
//!
//! Rules:
//! - A part once seen done stays done (until **Start over**): the learner may switch
//!   `heavy_calc` off again, or open another trace, without losing the tick.
//! - A step is done when all its parts are. A skipped step stays open and does not block the
//!   steps after it; if it gets done later, it is done.
//! - Stored text is untrusted: anything that is not our JSON (or too long) gives fresh progress,
//!   unknown step or part names are dropped, and nothing here panics.

use super::checks::parts_done;
use super::facts::GuideFacts;
use super::steps::{GuideId, Part, StepId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The `localStorage` key the page keeps the progress under.
pub const STORAGE_KEY: &str = "trace-playground.guide";
/// The stored format's version; another version is read as fresh progress.
pub const FORMAT_VERSION: u32 = 1;
/// Longer stored text is not ours: every part and step name together is well under 1,000 bytes.
const MAX_STORED_BYTES: usize = 8_192;

/// Where a step stands, for its tick box.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepStatus {
    Done,
    /// The learner chose to skip it; it is still open.
    Skipped,
    Open,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Progress {
    /// The panel is open: true on a first visit, then as the learner left it.
    pub panel_open: bool,
    /// The guide the panel shows.
    pub guide: GuideId,
    parts: BTreeSet<Part>,
    skipped: BTreeSet<StepId>,
}

impl Default for Progress {
    fn default() -> Self {
        Progress::fresh()
    }
}

/// The JSON kept in `localStorage`: names, not enum numbers, so a later version can add steps.
#[derive(Serialize, Deserialize)]
struct Stored {
    v: u32,
    open: bool,
    guide: String,
    #[serde(default)]
    parts: Vec<String>,
    #[serde(default)]
    skipped: Vec<String>,
}

impl Progress {
    /// A first visit: nothing done, the lab guide, the panel open.
    pub fn fresh() -> Progress {
        Progress {
            panel_open: true,
            guide: GuideId::Lab,
            parts: BTreeSet::new(),
            skipped: BTreeSet::new(),
        }
    }

    /// Reads what [`Progress::to_storage`] wrote; `None` (a first visit) or anything else gives
    /// fresh progress.
    pub fn load(stored: Option<&str>) -> Progress {
        stored.and_then(Progress::parse).unwrap_or_default()
    }

    fn parse(text: &str) -> Option<Progress> {
        if text.len() > MAX_STORED_BYTES {
            return None;
        }
        let stored: Stored = serde_json::from_str(text).ok()?;
        if stored.v != FORMAT_VERSION {
            return None;
        }
        // Sets built by insert, not `collect` (which sorts first: another copy of std's sort
        // per element type, `crate::order`).
        let (mut parts, mut skipped) = (BTreeSet::new(), BTreeSet::new());
        parts.extend(stored.parts.iter().filter_map(|k| Part::from_key(k)));
        skipped.extend(stored.skipped.iter().filter_map(|k| StepId::from_key(k)));
        Some(Progress {
            panel_open: stored.open,
            guide: GuideId::from_key(&stored.guide).unwrap_or_default(),
            parts,
            skipped,
        })
    }

    /// The text to keep under [`STORAGE_KEY`].
    pub fn to_storage(&self) -> String {
        let stored = Stored {
            v: FORMAT_VERSION,
            open: self.panel_open,
            guide: self.guide.key().to_string(),
            parts: self.parts.iter().map(|p| p.key().to_string()).collect(),
            skipped: self.skipped.iter().map(|s| s.key().to_string()).collect(),
        };
        // Strings, bools and a number only: serialising cannot fail; fall back to "" (read back
        // as fresh progress) rather than panic if it ever did.
        serde_json::to_string(&stored).unwrap_or_default()
    }

    /// Ticks every part of the shown guide that `facts` show done now. Returns the steps that
    /// became done by it, in guide order (for a polite announcement).
    pub fn observe(&mut self, facts: &GuideFacts) -> Vec<StepId> {
        let before: Vec<StepId> = self.done_steps(self.guide);
        self.parts.extend(parts_done(self.guide, facts));
        let after = self.done_steps(self.guide);
        for step in &after {
            self.skipped.remove(step);
        }
        after.into_iter().filter(|s| !before.contains(s)).collect()
    }

    pub fn is_part_done(&self, part: Part) -> bool {
        self.parts.contains(&part)
    }

    pub fn is_step_done(&self, step: StepId) -> bool {
        let parts = step.parts();
        !parts.is_empty() && parts.iter().all(|(p, _)| self.parts.contains(p))
    }

    pub fn status(&self, step: StepId) -> StepStatus {
        if self.is_step_done(step) {
            StepStatus::Done
        } else if self.skipped.contains(&step) {
            StepStatus::Skipped
        } else {
            StepStatus::Open
        }
    }

    /// Skips a step that is not done; it stays open and can still be done.
    pub fn skip(&mut self, step: StepId) {
        if !self.is_step_done(step) {
            self.skipped.insert(step);
        }
    }

    /// Takes a skipped step back.
    pub fn unskip(&mut self, step: StepId) {
        self.skipped.remove(&step);
    }

    /// The step to work on: the first in `guide` that is neither done nor skipped.
    pub fn current(&self, guide: GuideId) -> Option<StepId> {
        guide
            .steps()
            .iter()
            .map(|s| s.id)
            .find(|s| self.status(*s) == StepStatus::Open)
    }

    fn done_steps(&self, guide: GuideId) -> Vec<StepId> {
        guide
            .steps()
            .iter()
            .map(|s| s.id)
            .filter(|s| self.is_step_done(*s))
            .collect()
    }

    pub fn done_count(&self, guide: GuideId) -> usize {
        self.done_steps(guide).len()
    }

    pub fn skipped_count(&self, guide: GuideId) -> usize {
        guide
            .steps()
            .iter()
            .filter(|s| self.status(s.id) == StepStatus::Skipped)
            .count()
    }

    /// "N of M steps done".
    pub fn summary(&self, guide: GuideId) -> String {
        format!(
            "{} of {} steps done",
            self.done_count(guide),
            guide.steps().len()
        )
    }

    /// **Start over**: forgets what was done and skipped in `guide`; the other guide and the
    /// panel's state stay.
    pub fn start_over(&mut self, guide: GuideId) {
        for step in guide.steps() {
            self.skipped.remove(&step.id);
            for (part, _) in step.parts {
                self.parts.remove(part);
            }
        }
    }
}
