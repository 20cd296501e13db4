//! The bottleneck verdict from the analysis core, one sentence, with a way to jump to the
//! span it names (the slow span, or where the error started).

use crate::analysis::TraceAnalysis;
use yew::prelude::*;

pub fn verdict_view(analysis: &TraceAnalysis, on_select: &Callback<Option<usize>>) -> Html {
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
        </section>
    }
}
