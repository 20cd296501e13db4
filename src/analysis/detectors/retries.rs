//! Retries: the same call made again after it failed.
//!
//! Rule: under one parent, consecutive calls to the same target where each call starts after
//! the previous one ended and the previous one failed: its span or the callee's span has status
//! ERROR, or it answered HTTP 429 or 5xx (`http.response.status_code`, or the older
//! `http.status_code`). A repeat counts only if it asks for the same thing: when the calls carry
//! a URL (`url.full`, `http.url`, `http.target` or `url.path`), it must be the same URL, so a
//! loop fetching `/items/1`, `/items/2`, ... with one failure is not taken for a retry. The
//! chain ends at the first call that did not fail, or at a different request.

use super::{Context, Finding, FindingKind};
use crate::analysis::format_duration;
use crate::analysis::operations::callee_span;
use crate::model::{AttrValue, Span};
use crate::order;

const URL_KEYS: [&str; 4] = ["url.full", "http.url", "http.target", "url.path"];

pub fn retries(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for parent in 0..cx.spans.len() {
        let mut calls = cx.calls_under(parent);
        if calls.len() < 2 {
            continue;
        }
        // Stable sort: each target's calls stay in start order.
        order::sort_by_key(&mut calls, |&c| cx.target(c));
        for group in calls.chunk_by(|&a, &b| cx.target(a) == cx.target(b)) {
            let mut chain: Vec<usize> = Vec::new();
            for &c in group {
                let retried = chain.last().is_some_and(|&prev| {
                    failure(cx, prev).is_some()
                        && cx.interval(c).0 >= cx.interval(prev).1
                        && cx
                            .spans
                            .get(prev)
                            .zip(cx.spans.get(c))
                            .is_some_and(|(a, b)| same_request(a, b))
                });
                if !retried {
                    report(cx, parent, &chain, &mut out);
                    chain.clear();
                }
                chain.push(c);
            }
            report(cx, parent, &chain, &mut out);
        }
    }
    out
}

fn report(cx: &Context, parent: usize, chain: &[usize], out: &mut Vec<Finding>) {
    let (Some(&first), Some(&last)) = (chain.first(), chain.last()) else {
        return;
    };
    if chain.len() < 2 {
        return;
    }
    let why = failure(cx, first).unwrap_or_default();
    let outcome = if failure(cx, last).is_some() {
        "the last attempt failed too"
    } else {
        "the last attempt succeeded"
    };
    let cost = cx.interval(last).0.saturating_sub(cx.interval(first).0);
    let explanation = format!(
        "{} called {} {} times in a row because attempts failed (first: {why}) and were \
         retried; {outcome}, and the retries added {}.",
        cx.label(parent),
        cx.ops.label(cx.target(first)),
        chain.len(),
        format_duration(cost)
    );
    out.push(cx.finding(FindingKind::Retries, explanation, chain.to_vec(), cost));
}

/// Why call `i` failed ("HTTP 503", the status message, or "error"), or `None` if it did not.
fn failure(cx: &Context, i: usize) -> Option<String> {
    let callee = callee_span(cx.spans, cx.tree, i).and_then(|c| cx.spans.get(c));
    let spans = std::iter::once(cx.spans.get(i)?).chain(callee);
    let mut failed = false;
    let mut message = None;
    for span in spans {
        if let Some(code) = http_status(span).filter(|&c| c == 429 || c >= 500) {
            return Some(format!("HTTP {code}"));
        }
        failed |= span.is_error();
        if span.is_error() && !span.status.message.trim().is_empty() {
            message.get_or_insert_with(|| span.status.message.trim().to_string());
        }
    }
    failed.then(|| message.unwrap_or_else(|| "error".to_string()))
}

fn http_status(span: &Span) -> Option<i64> {
    match span
        .attr("http.response.status_code")
        .or_else(|| span.attr("http.status_code"))?
    {
        AttrValue::Int(code) => Some(*code),
        AttrValue::Str(text) => text.parse().ok(),
        _ => None,
    }
}

/// Same URL when both carry one; neither carrying one counts as the same request.
fn same_request(a: &Span, b: &Span) -> bool {
    let url = |s: &Span| {
        URL_KEYS
            .iter()
            .find_map(|k| s.attr(k))
            .map(|v| v.to_string())
    };
    url(a) == url(b)
}
