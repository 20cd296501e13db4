//! Notices about the link or the settings (a bad value that fell back to its default), shown
//! until dismissed. Text only: a notice may quote the URL, which anyone can write.

use crate::state::Action;
use crate::ui::AppContext;
use yew::prelude::*;

pub fn notices(state: &AppContext) -> Html {
    if state.notices.is_empty() {
        return html! {};
    }
    html! {
        <ul class="notices" aria-label="Notices">
            { for state.notices.iter().map(|n| {
                let id = n.id;
                let dismiss = {
                    let state = state.clone();
                    Callback::from(move |_| state.dispatch(Action::DismissNotice(id)))
                };
                html! {
                    <li class="notice" key={id.to_string()}>
                        <span>{ n.text.clone() }</span>
                        <button class="dismiss" onclick={dismiss} aria-label="Dismiss notice">{ "×" }</button>
                    </li>
                }
            }) }
        </ul>
    }
}
