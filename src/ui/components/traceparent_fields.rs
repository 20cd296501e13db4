//! A `traceparent` (and `tracestate`) decoded into its fields, or the rule it breaks: shared
//! by the span detail (headers on the wire) and the Traceparent inspector. Parsing is the
//! propagation core's; this only displays.

use crate::model::{SpanId, TraceFlags, TraceId};
use crate::propagation;
use yew::prelude::*;

/// The fields of a valid `traceparent`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Decoded {
    pub version: u8,
    pub trace_id: TraceId,
    pub parent_id: SpanId,
    pub flags: TraceFlags,
}

/// The one call into the parser, so its API can change in one place.
pub fn decode(value: &str) -> Result<Decoded, String> {
    propagation::parse_traceparent(value)
        .map(|ctx| Decoded {
            version: 0,
            trace_id: ctx.trace_id,
            parent_id: ctx.span_id,
            flags: ctx.flags,
        })
        .ok_or_else(|| "not a valid version-00 traceparent".to_string())
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub value: AttrValue,
    /// When set, say whether the decoded trace id is this one.
    #[prop_or_default]
    pub expected_trace: Option<TraceId>,
}

#[function_component(TraceparentFields)]
pub fn traceparent_fields(p: &Props) -> Html {
    match decode(&p.value) {
        Err(rule) => {
            html! { <p class="error-text parse-error">{ format!("Invalid traceparent: {rule}") }</p> }
        }
        Ok(d) => {
            let yes_no = |b: bool| if b { "yes" } else { "no" };
            html! {
                <dl class="decoded">
                    <div><dt>{ "Version" }</dt><dd><code>{ format!("{:02x}", d.version) }</code></dd></div>
                    <div><dt>{ "Trace ID" }</dt><dd><code>{ d.trace_id.to_string() }</code>
                        if let Some(expected) = p.expected_trace {
                            <span class="hint">{ if expected == d.trace_id { " ✓ this trace" } else { " ✗ a different trace" } }</span>
                        }
                    </dd></div>
                    <div><dt>{ "Parent ID" }</dt><dd><code>{ d.parent_id.to_string() }</code></dd></div>
                    <div><dt>{ "Flags" }</dt><dd>
                        <code>{ d.flags.to_string() }</code>
                        { format!(" sampled: {}, random trace id: {}", yes_no(d.flags.is_sampled()), yes_no(d.flags.is_random())) }
                    </dd></div>
                </dl>
            }
        }
    }
}
