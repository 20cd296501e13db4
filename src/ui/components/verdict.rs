//! The bottleneck verdict from the analysis core, one sentence, with a way to jump to the
//! span it names (the slow span, or where the error started); under it, the patterns the
//! detectors found (`crate::analysis::detectors`), each in one sentence with a button that
//! highlights the spans it is about in the timeline.

use crate::analysis::detectors::Finding;
use crate::analysis::TraceAnalysis;
use yew::prelude::*;

pub fn verdict_view(
    analysis: &TraceAnalysis,
    findings: &[Finding],
    on_select: &Callback<Option<usize>>,
    on_highlight: &Callback<usize>,
) -> Html {
    let v = &analysis.verdict;
    let jump = |index: usize, label: String| {
        let on_select = on_select.clone();
        html! {
            <button class="link" onclick={Callback::from(move |_| on_select.emit(Some(index)))}>{ label }</button>
        }
    };
    html! {
        <section class={classes!("verdict", v.error_origin.is_some().then_some("has-error"))} aria-label="Bottleneck verdict">
            <p class="verdict-sentence">{ v.sentence.clone() }</p>
            <p class="verdict-actions">
                if let Some(top) = &v.top_span {
                    { jump(top.span_index, format!("Show {}", top.name)) }
                }
                if let Some(origin) = &v.error_origin {
                    { jump(origin.span_index, format!("Show where the error started ({} {})", origin.service, origin.name)) }
                }
                <span class="legend"><span class="legend-critical" aria-hidden="true"></span>{ "Critical path: the spans that set the request's duration" }</span>
            </p>
            if !findings.is_empty() {
                <h3 class="findings-heading">{ "Patterns found" }</h3>
                <ul class="findings" aria-label="Patterns found">
                    { for findings.iter().enumerate().map(|(k, f)| {
                        let onclick = on_highlight.reform(move |_| k);
                        let n = f.span_indices.len();
                        html! {
                            <li class="finding">
                                <strong class="finding-title">{ format!("{}:", f.kind.title()) }</strong>{ " " }
                                <span class="finding-text">{ f.explanation.clone() }</span>{ " " }
                                <button class="link" {onclick}
                                    aria-label={format!("Highlight the {n} spans of {}", f.kind.title())}>
                                    { if n == 1 { "Highlight its span".to_string() } else { format!("Highlight its {n} spans") } }
                                </button>
                            </li>
                        }
                    }) }
                </ul>
            }
        </section>
    }
}
