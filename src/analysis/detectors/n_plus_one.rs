//! N+1: a parent that calls the same operation many times, one call after another — typically
//! a loop that fetches items one by one where one batched call (or a join) would do
//! (<https://docs.sentry.io/product/issues/issue-details/performance-issues/n-one-queries/>
//! describes the pattern; its thresholds differ).
//!
//! Rule: under one parent, at least [`N_PLUS_ONE_MIN_CALLS`] calls to the same target where each
//! starts at or after the previous one ended. Calls that overlap (a parallel fan-out) break the
//! run, so a parallel fan-out never fires; calls to other targets in between do not.

use super::{Context, Finding, FindingKind};
use crate::analysis::format_duration;
use crate::order;

/// Fewest sequential calls to one target that count as N+1. Below 5 a few lookups in a row are
/// ordinary code (the lab's `db` makes 2 per request).
pub const N_PLUS_ONE_MIN_CALLS: usize = 5;

/// One finding per run of sequential calls to one target under one parent.
pub fn n_plus_one(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for parent in 0..cx.spans.len() {
        let mut calls = cx.calls_under(parent);
        if calls.len() < N_PLUS_ONE_MIN_CALLS {
            continue;
        }
        // Children come in start order and the sort is stable: each target's calls stay in it.
        order::sort_by_key(&mut calls, |&c| cx.target(c));
        for group in calls.chunk_by(|&a, &b| cx.target(a) == cx.target(b)) {
            let mut run: Vec<usize> = Vec::new();
            let mut run_end = 0;
            for &c in group {
                let (start, end) = cx.interval(c);
                if !run.is_empty() && start < run_end {
                    report(cx, parent, &run, &mut out);
                    run.clear();
                }
                run.push(c);
                run_end = end;
            }
            report(cx, parent, &run, &mut out);
        }
    }
    out
}

fn report(cx: &Context, parent: usize, run: &[usize], out: &mut Vec<Finding>) {
    let (Some(&first), Some(&last)) = (run.first(), run.last()) else {
        return;
    };
    if run.len() < N_PLUS_ONE_MIN_CALLS {
        return;
    }
    let wall = cx.interval(last).1.saturating_sub(cx.interval(first).0);
    let explanation = format!(
        "{} called {} {} times one after another ({} from the first call to the last): the \
         N+1 pattern, where one batched call would do the work of all of them.",
        cx.label(parent),
        cx.ops.label(cx.target(first)),
        run.len(),
        format_duration(wall)
    );
    let mut spans = vec![parent];
    spans.extend_from_slice(run);
    out.push(cx.finding(FindingKind::NPlusOne, explanation, spans, wall));
}
