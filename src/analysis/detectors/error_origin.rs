//! Error origin: the span where an error started, and the callers that only passed it on.
//!
//! The origin is the bottleneck verdict's ([`crate::analysis::verdict`]): the deepest error span
//! none of whose children failed, the one that ended first on a tie. Its error ancestors, up to
//! the first ancestor that did not fail, reported the error without causing it. Other error
//! spans with no failed child failed on their own and are counted.

use super::{list, Context, Finding, FindingKind};

/// Passers named in the sentence before "and N more".
const NAMES_SHOWN: usize = 3;

/// One finding for a trace with errors, none without.
pub fn error_origin(cx: &Context) -> Vec<Finding> {
    let Some(origin) = &cx.verdict.error_origin else {
        return Vec::new();
    };
    let failed = |i: usize| cx.spans.get(i).is_some_and(|s| s.is_error());
    let mut passers = Vec::new();
    let mut at = cx.tree.parent(origin.span_index);
    while let Some(p) = at.filter(|&p| failed(p)) {
        passers.push(p);
        at = cx.tree.parent(p);
    }
    let others = (0..cx.spans.len())
        .filter(|&i| failed(i) && i != origin.span_index)
        .filter(|&i| !cx.tree.children(i).iter().any(|&c| failed(c)))
        .count();

    let detail = cx
        .verdict
        .error_detail
        .as_ref()
        .map(|d| format!(" ({d})"))
        .unwrap_or_default();
    let names: Vec<String> = passers
        .iter()
        .take(NAMES_SHOWN)
        .map(|&p| cx.label(p))
        .collect();
    let passed = match passers.len() {
        0 => "no caller reported it as an error".to_string(),
        n => format!("{} only passed it on", list(&names, n)),
    };
    let more = match others {
        0 => String::new(),
        1 => "; 1 other span failed on its own".to_string(),
        n => format!("; {n} other spans failed on their own"),
    };
    let explanation = format!(
        "The error started in {} {}{detail}, and {passed}{more}.",
        origin.service, origin.name
    );
    let mut spans = vec![origin.span_index];
    spans.extend(passers);
    vec![cx.finding(
        FindingKind::ErrorOrigin,
        explanation,
        spans,
        origin.duration_nanos,
    )]
}
