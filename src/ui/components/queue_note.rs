//! Under the verdict, when a trace waited for workers (issue 7): which server span waited, how
//! long, and where that time shows up. The verdict attributes time to spans; a wait belongs to
//! no span of the service that waited, so without this line the caller looks slow.

use crate::model::Trace;
use crate::view::queueing::{queue_sentence, trace_queueing};
use yew::prelude::*;

pub fn queue_note(trace: &Trace, on_select: &Callback<Option<usize>>) -> Html {
    let Some(q) = trace_queueing(&trace.spans) else {
        return html! {};
    };
    let onclick = {
        let (on_select, index) = (on_select.clone(), q.span_index);
        Callback::from(move |_| on_select.emit(Some(index)))
    };
    html! {
        <section class="queue-note" aria-label="Queueing">
            <p>{ queue_sentence(&trace.spans, &q) }</p>
            <button class="link" {onclick}>{ "Show the span that waited" }</button>
        </section>
    }
}
