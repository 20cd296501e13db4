//! The overview above the Gantt chart: every span (sampled for big traces) as a thin line, the
//! zoom window drawn over it. Drag across it to zoom into that time range; from the keyboard,
//! arrows pan, `+`/`-` zoom and `0` shows the whole trace.

use crate::analysis::TraceAnalysis;
use crate::model::Trace;
use crate::ui::shared::Shared;
use crate::view::colour::{service_colour, ERROR};
use crate::view::window::TimeWindow;
use web_sys::Element;
use yew::prelude::*;

/// At most this many spans are drawn (about one per pixel row of the 44 px overview); big
/// traces are sampled evenly in tree order.
const MAX_LINES: usize = 40;
/// Spans at the start of the tree order that are always drawn.
const HEAD_LINES: usize = 8;
const WIDTH: f64 = 1000.0;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub trace: Shared<Trace>,
    pub analysis: Shared<TraceAnalysis>,
    pub window: TimeWindow,
    pub on_change: Callback<TimeWindow>,
}

#[function_component(Minimap)]
pub fn minimap(p: &Props) -> Html {
    let duration = p.trace.duration_nanos();
    let area = use_node_ref();
    // (start, current) fractions of an ongoing drag.
    let drag = use_state(|| None::<(f64, f64)>);
    let lines = use_memo(
        (p.trace.clone(), p.analysis.clone()),
        |(trace, analysis)| {
            let order = analysis.tree.preorder();
            // The top of the tree (the request itself) always, then an even sample of the rest.
            let (head, rest) = order.split_at(order.len().min(HEAD_LINES));
            let stride = rest.len().div_ceil(MAX_LINES - HEAD_LINES).max(1);
            let start = trace.start_unix_nano();
            let total = trace.duration_nanos().max(1) as f64;
            head.iter()
                .chain(rest.iter().step_by(stride))
                .filter_map(|&i| trace.spans.get(i))
                .map(|s| {
                    let x = s.start_unix_nano.saturating_sub(start) as f64 / total * WIDTH;
                    let w = (s.duration_nanos() as f64 / total * WIDTH).max(2.0);
                    let colour = if s.is_error() {
                        ERROR
                    } else {
                        service_colour(s.service_name())
                    };
                    (x, w, colour)
                })
                .collect::<Vec<_>>()
        },
    );
    let fraction = {
        let area = area.clone();
        move |e: &MouseEvent| {
            let Some(el) = area.cast::<Element>() else {
                return 0.0;
            };
            let rect = el.get_bounding_client_rect();
            if rect.width() <= 0.0 {
                return 0.0;
            }
            ((f64::from(e.client_x()) - rect.left()) / rect.width()).clamp(0.0, 1.0)
        }
    };
    let onmousedown = {
        let (drag, fraction) = (drag.clone(), fraction.clone());
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            let f = fraction(&e);
            drag.set(Some((f, f)));
        })
    };
    let onmousemove = {
        let (drag, fraction) = (drag.clone(), fraction.clone());
        Callback::from(move |e: MouseEvent| {
            if let Some((start, _)) = *drag {
                drag.set(Some((start, fraction(&e))));
            }
        })
    };
    let finish = {
        let (drag, on_change) = (drag.clone(), p.on_change.clone());
        Callback::from(move |e: MouseEvent| {
            if let Some((start, _)) = *drag {
                let end = fraction(&e);
                // A click without a drag does not zoom.
                if (end - start).abs() > 0.005 {
                    on_change.emit(TimeWindow::from_fractions(start, end, duration));
                }
                drag.set(None);
            }
        })
    };
    let onkeydown = {
        let (window, on_change) = (p.window, p.on_change.clone());
        Callback::from(move |e: KeyboardEvent| {
            let next = match e.key().as_str() {
                "ArrowLeft" => window.pan(-0.25, duration),
                "ArrowRight" => window.pan(0.25, duration),
                "+" | "=" => window.zoom(0.5, duration),
                "-" | "_" => window.zoom(2.0, duration),
                "0" | "Escape" => TimeWindow::full(duration),
                _ => return,
            };
            e.prevent_default();
            on_change.emit(next);
        })
    };
    let (lo, hi) = match *drag {
        Some((a, b)) => (a.min(b), a.max(b)),
        None => p.window.fractions(duration),
    };
    let rows = lines.len().max(1) as f64;
    html! {
        <div class="minimap" ref={area} tabindex="0" role="group"
            aria-label="Overview: drag to zoom into a time range; arrow keys pan, + and - zoom, 0 shows everything"
            {onmousedown} {onmousemove} onmouseup={finish.clone()} onmouseleave={finish} {onkeydown}>
            <svg width="100%" height="100%" viewBox={format!("0 0 {} {}", WIDTH, rows)} preserveAspectRatio="none" aria-hidden="true">
                { for lines.iter().enumerate().map(|(k, (x, w, colour))| html! {
                    <rect x={format!("{:.1}", *x)} y={k.to_string()} width={format!("{:.1}", *w)} height="0.8" fill={*colour} />
                }) }
                <rect class="shade" x="0" y="0" width={format!("{:.1}", lo * WIDTH)} height={rows.to_string()} />
                <rect class="shade" x={format!("{:.1}", hi * WIDTH)} y="0" width={format!("{:.1}", (1.0 - hi) * WIDTH)} height={rows.to_string()} />
            </svg>
            <div class={classes!("minimap-window", (drag.is_some() || !p.window.is_full(duration)).then_some("zoomed"))} style={format!("left: {:.3}%; width: {:.3}%", lo * 100.0, (hi - lo) * 100.0)}></div>
        </div>
    }
}
