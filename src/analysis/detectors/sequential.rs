//! Sequential calls that could run in parallel: a parent that calls several different targets
//! one after another, none overlapping. If no call needs another's answer, running them
//! together would cost about the longest one instead of their sum.
//!
//! Rule: under one parent, a maximal run of calls (in start order) where each starts at or after
//! every earlier call in the run ended, with at least two different targets. A run to a single
//! target is [`super::n_plus_one`]'s business; overlapping calls break the run.

use super::{list, Context, Finding, FindingKind};
use crate::analysis::format_duration;
use crate::order;

/// Target names listed in the sentence before "and N more".
const NAMES_SHOWN: usize = 3;

pub fn sequential_calls(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for parent in 0..cx.spans.len() {
        let calls = cx.calls_under(parent);
        let mut run: Vec<usize> = Vec::new();
        let mut run_end = 0;
        for c in calls {
            let (start, end) = cx.interval(c);
            if !run.is_empty() && start < run_end {
                report(cx, parent, &run, &mut out);
                run.clear();
            }
            run_end = if run.is_empty() {
                end
            } else {
                run_end.max(end)
            };
            run.push(c);
        }
        report(cx, parent, &run, &mut out);
    }
    out
}

fn report(cx: &Context, parent: usize, run: &[usize], out: &mut Vec<Finding>) {
    let mut targets: Vec<usize> = run.iter().map(|&c| cx.target(c)).collect();
    order::sort(&mut targets);
    targets.dedup();
    if targets.len() < 2 {
        return;
    }
    let durations = run.iter().map(|&c| {
        let (s, e) = cx.interval(c);
        e - s
    });
    let sum = durations.clone().fold(0u64, u64::saturating_add);
    let longest = durations.max().unwrap_or(0);
    // Name the first few targets in the order they were first called.
    let mut seen = vec![false; targets.len()];
    let mut names: Vec<String> = Vec::new();
    for &c in run {
        if let Ok(k) = targets.binary_search(&cx.target(c)) {
            if !seen[k] && names.len() < NAMES_SHOWN {
                names.push(cx.ops.label(targets[k]));
            }
            seen[k] = true;
        }
    }
    let explanation = format!(
        "{} made {} calls one after another to {} ({} in all); if none needs another's answer, \
         running them in parallel would take about {}, the longest of them.",
        cx.label(parent),
        run.len(),
        list(&names, targets.len()),
        format_duration(sum),
        format_duration(longest)
    );
    let mut spans = vec![parent];
    spans.extend_from_slice(run);
    out.push(cx.finding(
        FindingKind::SequentialCalls,
        explanation,
        spans,
        sum - longest,
    ));
}
