//! **Send request**: one request, played in real time by default (Lab settings has the switch),
//! on the learner's first screen next to the guide (issue 14). **Run load** and its knobs sit in
//! the Load group (`load_controls`).

use crate::analysis::format_duration;
use crate::clock;
use crate::state::Action;
use crate::ui::AppContext;
use crate::view::format;
use crate::view::url::ScenarioLink;
use yew::prelude::*;

pub fn request_panel(state: &AppContext) -> Html {
    let send = {
        let state = state.clone();
        Callback::from(move |_| {
            state.dispatch(Action::SendRequest {
                now_unix_nano: clock::now_unix_nanos(),
            })
        })
    };
    // The lab's request, or one through whatever scenario runs (Scenario tab).
    let hint = match state.settings.scenario {
        ScenarioLink::Lab => {
            "One request: service-a GET / calls service-b GET /data, like curl localhost:5000."
        }
        _ => "One request through the scenario that runs (Scenario tab).",
    };
    let in_flight = state
        .in_flight
        .as_ref()
        .map(|f| (f.ticket, f.duration_nanos));
    html! {
        <section class="panel requests" aria-labelledby="requests-heading">
            <h2 id="requests-heading">{ "Requests" }</h2>
            <div class="field">
                <button class="primary" onclick={send} disabled={in_flight.is_some()}
                    aria-describedby="send-hint">{ "Send request" }</button>
                <p class="hint" id="send-hint">{ hint }</p>
            </div>
            if let Some((ticket, nanos)) = in_flight {
                <div class="in-flight" key={ticket.to_string()}>
                    <span>{ format!("Request in flight… {}", format_duration(nanos)) }</span>
                    <span class="in-flight-bar" aria-hidden="true">
                        <span style={format!("animation-duration: {}ms", nanos / 1_000_000)} />
                    </span>
                </div>
            }
            <p class="counts">
                { format!("{} sampled, {} dropped requests", format::count(state.sampled_requests), format::count(state.dropped_requests)) }
            </p>
        </section>
    }
}
