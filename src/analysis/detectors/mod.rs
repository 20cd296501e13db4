//! Pattern detectors: each names a pattern in one trace with a one-sentence explanation and the
//! spans it is about, so the page can say what Jaeger leaves to the eye (issue 13, "A verdict
//! that names the pattern").
//!
//! - [`n_plus_one`]: many sequential calls to the same operation under one parent;
//! - [`sequential_calls`]: sibling calls to different targets that never overlap;
//! - [`queueing`]: time spent waiting for a worker (the simulator's `queued` events), per service;
//! - [`retries`]: the same call repeated after it failed;
//! - [`error_origin`]: the span where an error started, and the callers that only passed it on;
//! - [`critical_path_share`]: each service's share of the critical path.
//!
//! Calls and their targets are [`super::operations`]'s. Every detector is O(n log n) in spans,
//! iterative, and silent on a trace without its pattern.

mod critical_share;
mod error_origin;
mod n_plus_one;
mod queueing;
mod retries;
mod sequential;

pub use critical_share::critical_path_share;
pub use error_origin::error_origin;
pub use n_plus_one::{n_plus_one, N_PLUS_ONE_MIN_CALLS};
pub use queueing::queueing;
pub use retries::retries;
pub use sequential::sequential_calls;

use super::operations::{call_targets, Operations};
use super::{critical_path, verdict, CriticalPath, SpanTree, TraceAnalysis, Verdict};
use crate::model::{Span, SpanId};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FindingKind {
    NPlusOne,
    SequentialCalls,
    Queueing,
    Retries,
    ErrorOrigin,
    CriticalPathShare,
}

impl FindingKind {
    /// A short heading for the finding.
    pub fn title(self) -> &'static str {
        match self {
            FindingKind::NPlusOne => "N+1 calls",
            FindingKind::SequentialCalls => "Sequential calls",
            FindingKind::Queueing => "Queueing",
            FindingKind::Retries => "Retries",
            FindingKind::ErrorOrigin => "Error origin",
            FindingKind::CriticalPathShare => "Critical path share",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub kind: FindingKind,
    /// One sentence.
    pub explanation: String,
    /// The spans the finding is about (indices into the trace's spans), most telling first.
    pub span_indices: Vec<usize>,
    /// The same spans by id, for links that highlight them.
    pub span_ids: Vec<SpanId>,
    /// The time at stake (what the pattern costs or holds), to rank findings.
    pub nanos: u64,
}

/// One trace's spans with what every detector needs, computed once.
pub struct Context<'a> {
    pub spans: &'a [Span],
    pub tree: &'a SpanTree,
    pub path: &'a CriticalPath,
    /// The bottleneck verdict, whose error origin [`error_origin`] builds on.
    pub verdict: &'a Verdict,
    pub ops: Operations,
    /// Call target of each span (`None`: not a call), indexed like `spans`.
    pub targets: Vec<Option<usize>>,
}

impl<'a> Context<'a> {
    /// `tree`, `path` and `verdict` must be built from `spans`.
    pub fn new(
        spans: &'a [Span],
        tree: &'a SpanTree,
        path: &'a CriticalPath,
        verdict: &'a Verdict,
    ) -> Context<'a> {
        let ops = Operations::build(spans);
        let targets = call_targets(spans, tree, &ops);
        Context {
            spans,
            tree,
            path,
            verdict,
            ops,
            targets,
        }
    }

    /// The context of a trace already analysed with [`super::analyze`].
    pub fn from_analysis(spans: &'a [Span], analysis: &'a TraceAnalysis) -> Context<'a> {
        Context::new(
            spans,
            &analysis.tree,
            &analysis.critical_path,
            &analysis.verdict,
        )
    }

    /// The calls among `parent`'s children, in start order.
    fn calls_under(&self, parent: usize) -> Vec<usize> {
        self.tree
            .children(parent)
            .iter()
            .copied()
            .filter(|&c| self.targets.get(c).copied().flatten().is_some())
            .collect()
    }

    fn target(&self, span: usize) -> usize {
        self.targets
            .get(span)
            .copied()
            .flatten()
            .unwrap_or(usize::MAX)
    }

    /// "service operation" of span `i`.
    fn label(&self, i: usize) -> String {
        self.ops.label(self.ops.of(i))
    }

    /// `(start, end)` of span `i`, an end before the start read as the start.
    fn interval(&self, i: usize) -> (u64, u64) {
        self.spans.get(i).map_or((0, 0), |s| {
            (s.start_unix_nano, s.end_unix_nano.max(s.start_unix_nano))
        })
    }

    fn finding(
        &self,
        kind: FindingKind,
        explanation: String,
        spans: Vec<usize>,
        nanos: u64,
    ) -> Finding {
        let span_ids = spans
            .iter()
            .filter_map(|&i| self.spans.get(i).map(|s| s.span_id))
            .collect();
        Finding {
            kind,
            explanation,
            span_indices: spans,
            span_ids,
            nanos,
        }
    }
}

/// Every detector's findings for one trace, detector by detector in the order of the module docs.
pub fn detect_all(cx: &Context) -> Vec<Finding> {
    let mut out = n_plus_one(cx);
    out.extend(sequential_calls(cx));
    out.extend(queueing(cx));
    out.extend(retries(cx));
    out.extend(error_origin(cx));
    out.extend(critical_path_share(cx));
    out
}

/// [`detect_all`] for spans without an analysis at hand.
pub fn detect(spans: &[Span]) -> Vec<Finding> {
    let tree = SpanTree::build(spans);
    let path = critical_path(spans, &tree);
    let verdict = verdict(spans, &tree, &path);
    detect_all(&Context::new(spans, &tree, &path, &verdict))
}

/// "a, b and c" when `first` holds all `total` names, else "a, b, c and 4 more".
fn list(first: &[String], total: usize) -> String {
    let more = total.saturating_sub(first.len());
    match first {
        [] if more > 0 => format!("{more} more"),
        [] => String::new(),
        [one] if more == 0 => one.clone(),
        _ if more > 0 => format!("{} and {more} more", first.join(", ")),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_as_english() {
        let names = |n: usize| (1..=n).map(|k| format!("s{k}")).collect::<Vec<_>>();
        assert_eq!(list(&names(0), 0), "");
        assert_eq!(list(&names(1), 1), "s1");
        assert_eq!(list(&names(3), 3), "s1, s2 and s3");
        assert_eq!(list(&names(3), 5), "s1, s2, s3 and 2 more");
        assert_eq!(list(&names(1), 2), "s1 and 1 more");
    }
}
