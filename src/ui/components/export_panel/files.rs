//! "Download OTLP JSON" and "Import traces": the file side of the panel (browser APIs only;
//! encoding and parsing are `crate::otlp`). Importing runs in the reader, the page's second
//! wasm module (`crate::ui::reader`), which holds the importer: [`import_through_reader`],
//! also what restores the traces and outbox an earlier visit saved (`crate::ui::persist`).

use crate::otlp::{batch, ImportOutcome, ImportProgress, STEP_BYTES};
use crate::store::StoreLimits;
use crate::ui::reader;
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
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
    let Some(file) = read_file_js(input).await? else {
        return Ok(None);
    };
    let text = file.text.as_string();
    let text = text.ok_or_else(|| format!("Could not read {}. Nothing was changed.", file.name))?;
    Ok(Some((file.name, text)))
}

/// A chosen file's text as the browser read it: a JavaScript string, handed to the reader
/// module as it is, so a 50 MB import is never copied into this module's memory (which would
/// keep the pages it grew by).
pub struct JsFile {
    pub name: String,
    /// Its size in bytes (UTF-8, as the importer counts progress).
    pub size: usize,
    pub text: JsValue,
}

/// Reads the file chosen in `input` without copying its text into Rust.
pub async fn read_file_js(input: &HtmlInputElement) -> Result<Option<JsFile>, String> {
    let Some(file) = input.files().and_then(|files| files.get(0)) else {
        return Ok(None);
    };
    let name = file.name();
    let text = JsFuture::from(file.text())
        .await
        .ok()
        .filter(JsValue::is_string)
        .ok_or_else(|| format!("Could not read {name}. Nothing was changed."))?;
    Ok(Some(JsFile {
        name,
        size: file.size() as usize,
        text,
    }))
}

/// Imports `text` in steps of [`STEP_BYTES`], calling `on_progress` after each and letting
/// the browser render (the progress bar) between steps, so a 50 MB file does not freeze the
/// page. Traces beyond `limits` are left out as the store would evict them.
pub async fn import_in_steps(
    name: &str,
    text: &JsValue,
    limits: StoreLimits,
    on_progress: impl Fn(ImportProgress),
) -> Result<ImportOutcome, String> {
    import_through_reader(text, limits, on_progress)
        .await
        .map_err(|failure| match failure {
            ImportFailure::Problem(problem) => {
                format!("Could not import {name}: {problem}. Nothing was changed.")
            }
            ImportFailure::NoReader(why) => {
                format!("Could not import {name}. {why} Nothing was changed.")
            }
        })
}

/// Why an import through the reader gave no traces.
pub enum ImportFailure {
    /// The importer's problem with the text (with its JSON path and position), or the reader
    /// failed while importing.
    Problem(String),
    /// The reader could not load (its sentences, for a learner).
    NoReader(String),
}

/// Loads the reader if needed, then has it import `text` in steps as [`import_in_steps`]
/// describes; the traces come back as a batch (`crate::otlp::batch`).
pub async fn import_through_reader(
    text: &JsValue,
    limits: StoreLimits,
    on_progress: impl Fn(ImportProgress),
) -> Result<ImportOutcome, ImportFailure> {
    reader::ready().await.map_err(ImportFailure::NoReader)?;
    // JavaScript numbers are doubles: u64::MAX comes back as u64::MAX (the reader saturates).
    let start = [
        text.clone(),
        limits.max_traces.into(),
        (limits.max_spans as f64).into(),
    ];
    let handle = reader::call("import_start", &start)
        .and_then(|h| h.as_f64().ok_or_else(|| "no import handle".to_string()))
        .map_err(ImportFailure::Problem)? as u32;
    let outcome = steps(handle, on_progress).await;
    if outcome.is_err() {
        // Frees the text in the reader if the import is still open there (a step that failed
        // has already ended it).
        let _ = reader::call("import_drop", &[handle.into()]);
    }
    outcome.map_err(ImportFailure::Problem)
}

async fn steps(handle: u32, on_progress: impl Fn(ImportProgress)) -> Result<ImportOutcome, String> {
    let budget = u32::try_from(STEP_BYTES).unwrap_or(u32::MAX);
    loop {
        let progress = batch::read_progress(&call_text("import_step", handle, Some(budget))?)?;
        on_progress(progress);
        if progress.done {
            break;
        }
        crate::net::sleep_ms(0).await;
    }
    batch::read_outcome(&call_text("import_finish", handle, None)?)
}

/// Calls an import export of the reader; each answers JSON text.
fn call_text(export: &str, handle: u32, budget: Option<u32>) -> Result<String, String> {
    let args: Vec<JsValue> = std::iter::once(handle.into())
        .chain(budget.map(JsValue::from))
        .collect();
    reader::call(export, &args)?
        .as_string()
        .ok_or_else(|| format!("the reader's `{export}` answered something other than text"))
}
