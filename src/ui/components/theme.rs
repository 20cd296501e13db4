//! The theme toggle: a button named "Dark theme" that is pressed while the page is dark. The
//! page follows the system's setting until it is pressed; the choice is then remembered in
//! `localStorage` (`crate::view::theme` decides, `static/style.css` holds both palettes).

use crate::view::theme::{Theme, STORAGE_KEY};
use yew::prelude::*;

fn system_prefers_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// Sets `data-theme` on `<html>` for a choice, or removes it to follow the system.
fn apply(choice: Option<Theme>) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let _ = match choice {
        Some(theme) => root.set_attribute("data-theme", theme.name()),
        None => root.remove_attribute("data-theme"),
    };
}

#[function_component(ThemeToggle)]
pub fn theme_toggle() -> Html {
    let choice = use_state(|| {
        let stored = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
        Theme::from_stored(stored.as_deref())
    });
    use_effect_with(*choice, |choice| apply(*choice));
    let current = Theme::effective(*choice, system_prefers_dark());
    let onclick = {
        let choice = choice.clone();
        Callback::from(move |_| {
            let next = current.toggled();
            if let Some(s) = storage() {
                // A private window may refuse; the choice then lasts until reload.
                let _ = s.set_item(STORAGE_KEY, next.name());
            }
            choice.set(Some(next));
        })
    };
    html! {
        <button class="theme-toggle" aria-pressed={(current == Theme::Dark).to_string()} {onclick}>
            <span aria-hidden="true">{ if current == Theme::Dark { "☾ " } else { "☀ " } }</span>{ "Dark theme" }
        </button>
    }
}
