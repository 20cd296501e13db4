//! Duration over time, one dot per matching trace (Jaeger's search scatter plot): slow traces
//! stand out at the top, error traces are red. Clicking a dot opens the trace; the result list
//! below offers the same traces to the keyboard.

use crate::analysis::format_duration;
use crate::model::{Trace, TraceId};
use crate::state::{Action, State};
use crate::view::scatter::ScatterLayout;
use std::rc::Rc;
use yew::prelude::*;

/// The plot of `traces` laid out as `plot` (one point per trace, same order).
pub fn scatter_plot(
    dispatch: &UseReducerDispatcher<State>,
    selected: Option<TraceId>,
    traces: &[Rc<Trace>],
    plot: &ScatterLayout,
) -> Html {
    if traces.is_empty() {
        return html! {};
    }
    html! {
        <figure class="plot">
            <div class="plot-frame">
                <div class="plot-y" aria-hidden="true">
                    { for plot.y_labels.iter().map(|l| html! {
                        <span style={format!("top: {:.2}%", l.at)}>{ l.label.clone() }</span>
                    }) }
                </div>
                <div class="plot-area">
                    <svg class="plot-svg" width="100%" height="100%" aria-hidden="true">
                        { for plot.y_labels.iter().map(|l| html! {
                            <line class="grid" x1="0" x2="100%" y1={format!("{:.2}%", l.at)} y2={format!("{:.2}%", l.at)} />
                        }) }
                        { for traces.iter().zip(plot.points.iter()).map(|(trace, p)| {
                            let id = trace.trace_id;
                            let onclick = {
                                let dispatch = dispatch.clone();
                                Callback::from(move |_| dispatch.dispatch(Action::OpenTrace(id)))
                            };
                            let errors = trace.error_count();
                            let mut class = classes!("dot");
                            if errors > 0 { class.push("error"); }
                            if selected == Some(id) { class.push("selected"); }
                            let title = format!("{} — {}{}", id, format_duration(trace.duration_nanos()),
                                if errors > 0 { format!(", {errors} error spans") } else { String::new() });
                            html! {
                                <circle {class} cx={format!("{:.2}%", p.x)} cy={format!("{:.2}%", p.y)} r="5" {onclick}>
                                    <title>{ title }</title>
                                </circle>
                            }
                        }) }
                    </svg>
                    <div class="plot-x" aria-hidden="true">
                        { for plot.x_labels.iter().map(|l| html! {
                            <span style={format!("left: {:.2}%", l.at)}>{ l.label.clone() }</span>
                        }) }
                    </div>
                </div>
            </div>
            <figcaption class="hint">
                { "Each dot is a trace: later to the right, slower higher; red ones had errors. Click a dot to open it." }
            </figcaption>
        </figure>
    }
}
