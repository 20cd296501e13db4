//! "Download OTLP JSON" and "Import traces": the file side of the panel (browser APIs only;
//! encoding and parsing are `crate::otlp`).

use crate::otlp::{ImportError, ImportOutcome, ImportProgress, Importer, STEP_BYTES};
use crate::store::StoreLimits;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, HtmlInputElement, Url};

/// Offers `json` as a download named `file_name`. Returns a message if the browser refused.
pub fn download(file_name: &str, json: &str) -> Result<(), String> {
    download_as(file_name, json, "application/json")
}

/// Offers `text` as a download named `file_name` with the MIME type `mime`.
pub fn download_as(file_name: &str, text: &str, mime: &str) -> Result<(), String> {
    let fail = |what: &str| format!("Could not start the download ({what}).");
    // A one-element JS array: the Blob's parts.
    let parts = wasm_bindgen::JsValue::from(vec![wasm_bindgen::JsValue::from_str(text)]);
    let options = BlobPropertyBag::new();
    options.set_type(mime);
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
    // The click has handed the blob to the download manager; the URL can go.
    let _ = Url::revoke_object_url(&url);
    Ok(())
}

/// Reads the file chosen in `input` as text. `Ok(None)` when no file was chosen.
pub async fn read_file(input: &HtmlInputElement) -> Result<Option<(String, String)>, String> {
    let Some(file) = input.files().and_then(|files| files.get(0)) else {
        return Ok(None);
    };
    let name = file.name();
    let text = JsFuture::from(file.text())
        .await
        .ok()
        .and_then(|value| value.as_string())
        .ok_or_else(|| format!("Could not read {name}. Nothing was changed."))?;
    Ok(Some((name, text)))
}

/// Imports `text` in steps of [`STEP_BYTES`], calling `on_progress` after each and letting
/// the browser render (the progress bar) between steps, so a 50 MB file does not freeze the
/// page. Traces beyond `limits` are left out as the store would evict them.
pub async fn import_in_steps(
    name: &str,
    text: &str,
    limits: StoreLimits,
    on_progress: impl Fn(ImportProgress),
) -> Result<ImportOutcome, String> {
    let failed = |e: ImportError| format!("Could not import {name}: {e}. Nothing was changed.");
    let mut importer = Importer::new(text, limits);
    loop {
        let progress = importer.step(STEP_BYTES).map_err(failed)?;
        on_progress(progress);
        if progress.done {
            break;
        }
        crate::net::sleep_ms(0).await;
    }
    importer.finish().map_err(failed)
}
