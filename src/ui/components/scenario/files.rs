//! **Download scenario** and **Open scenario file**: the browser's file side of the editor.

use crate::state::Action;
use crate::ui::AppContext;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, HtmlInputElement, Url};
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

/// Offers `text` as a download named `file_name`.
fn download(file_name: &str, text: &str) -> Result<(), String> {
    let fail = |what: &str| format!("Could not start the download ({what}).");
    let parts = wasm_bindgen::JsValue::from(vec![wasm_bindgen::JsValue::from_str(text)]);
    let options = BlobPropertyBag::new();
    options.set_type(if file_name.ends_with(".json") {
        "application/json"
    } else {
        "application/yaml"
    });
    let blob =
        Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|_| fail("Blob"))?;
    let url = Url::create_object_url_with_blob(&blob).map_err(|_| fail("object URL"))?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| fail("no document"))?;
    let anchor: HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| fail("link"))?
        .dyn_into()
        .map_err(|_| fail("link"))?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    let _ = Url::revoke_object_url(&url);
    Ok(())
}

/// The chosen file's name and text; `Ok(None)` when none was chosen.
async fn read_file(input: &HtmlInputElement) -> Result<Option<(String, String)>, String> {
    let Some(file) = input.files().and_then(|files| files.get(0)) else {
        return Ok(None);
    };
    let name = file.name();
    let text = JsFuture::from(file.text())
        .await
        .ok()
        .and_then(|value| value.as_string())
        .ok_or_else(|| format!("Could not read {name}. The scenario was not changed."))?;
    Ok(Some((name, text)))
}
