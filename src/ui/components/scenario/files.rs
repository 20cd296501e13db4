//! **Download scenario** and **Open scenario file**: the browser's file side of the editor.

use crate::state::Action;
use crate::ui::components::export_panel::files::{download_as, read_file};
use crate::ui::AppContext;
use web_sys::HtmlInputElement;
use yew::prelude::*;

pub fn download_button(state: &AppContext) -> Html {
    let onclick = {
        let state = state.clone();
        Callback::from(move |_| {
            let editor = &state.scenario;
            let name = super::file_name(&editor.loaded.title, editor.preset_id(), editor.format);
            if let Err(message) = download(&name, &editor.text) {
                state.dispatch(Action::AddNotices(vec![message]));
            }
        })
    };
    html! { <button {onclick}>{ "Download scenario" }</button> }
}

pub fn open_input(state: &AppContext) -> Html {
    let onchange = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let state = state.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match read_file(&input).await {
                    Ok(Some((name, text))) => state.dispatch(Action::OpenScenario { name, text }),
                    Ok(None) => {}
                    Err(message) => state.dispatch(Action::AddNotices(vec![message])),
                }
                // The same file can be opened again after an edit.
                input.set_value("");
            });
        })
    };
    html! {
        <span class="file-open">
            <label for="scenario-file">{ "Open scenario file" }</label>
            <input id="scenario-file" type="file" accept=".yaml,.yml,.json" {onchange} />
        </span>
    }
}

/// Offers the scenario text as a download, typed by its file name's extension.
fn download(file_name: &str, text: &str) -> Result<(), String> {
    let mime = if file_name.ends_with(".json") {
        "application/json"
    } else {
        "application/yaml"
    };
    download_as(file_name, text, mime)
}
