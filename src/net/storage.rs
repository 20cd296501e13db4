//! Browser storage IO for `crate::state::persist`: IndexedDB for the big records (traces,
//! outbox), localStorage for small text (settings, scenario). Only moves strings; every
//! decision (what, when, what a failure means) is in `crate::state::persist`.
//!
//! IndexedDB through `web-sys` directly (a request or transaction event becomes a `Promise`):
//! the wrapper crates add their own futures and serde layers for what here is get, put and
//! delete of strings. Spec: <https://www.w3.org/TR/IndexedDB/>. A `put` is one transaction:
//! if it fails (e.g. `QuotaExceededError`) it aborts and the previous value stays, so a full
//! quota loses nothing already kept.

use crate::state::persist::policy::SaveError;
use crate::state::persist::{SCENARIO_KEY, SETTINGS_KEY};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::js_sys::{Function, Promise};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransaction, IdbTransactionMode};

const DB_NAME: &str = "trace-playground";
const DB_VERSION: u32 = 1;
/// One object store of string values under fixed keys (`crate::state::persist::*_KEY`).
const STORE: &str = "saved";

/// Reads a record; `Ok(None)` when there is none.
pub async fn get(key: &str) -> Result<Option<String>, SaveError> {
    let db = open().await?;
    let tx = transaction(&db, IdbTransactionMode::Readonly)?;
    let store = tx.object_store(STORE).map_err(other)?;
    let request = store.get(&JsValue::from_str(key)).map_err(other)?;
    settle_request(&request).await?;
    let value = request.result().map_err(other)?;
    db.close();
    Ok(value.as_string())
}

/// Writes a record (all or nothing).
pub async fn put(key: &str, value: &str) -> Result<(), SaveError> {
    let db = open().await?;
    let tx = transaction(&db, IdbTransactionMode::Readwrite)?;
    let store = tx.object_store(STORE).map_err(other)?;
    store
        .put_with_key(&JsValue::from_str(value), &JsValue::from_str(key))
        .map_err(other)?;
    let done = settle_transaction(&tx).await;
    db.close();
    done
}

/// Deletes a record (no error when there is none).
pub async fn delete(key: &str) -> Result<(), SaveError> {
    let db = open().await?;
    let tx = transaction(&db, IdbTransactionMode::Readwrite)?;
    let store = tx.object_store(STORE).map_err(other)?;
    store.delete(&JsValue::from_str(key)).map_err(other)?;
    let done = settle_transaction(&tx).await;
    db.close();
    done
}

/// The saved settings query, if any.
pub fn load_settings() -> Option<String> {
    local_storage()?.get_item(SETTINGS_KEY).ok().flatten()
}

pub fn save_settings(query: &str) -> Result<(), SaveError> {
    set_local(SETTINGS_KEY, query)
}

/// The scenario record kept for the next visit (`crate::state::persist::scenario`).
pub fn load_scenario() -> Option<String> {
    local_storage()?.get_item(SCENARIO_KEY).ok().flatten()
}

pub fn save_scenario(text: &str) -> Result<(), SaveError> {
    set_local(SCENARIO_KEY, text)
}

/// Forgets the kept scenario: when the lab runs again (**Reset to the lab**).
pub fn clear_scenario() {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(SCENARIO_KEY);
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn set_local(key: &str, value: &str) -> Result<(), SaveError> {
    let storage = local_storage().ok_or_else(|| SaveError::Other("no localStorage".into()))?;
    storage.set_item(key, value).map_err(classify)
}

async fn open() -> Result<IdbDatabase, SaveError> {
    let factory = web_sys::window()
        .and_then(|w| w.indexed_db().ok().flatten())
        .ok_or_else(|| SaveError::Other("this browser offers no IndexedDB here".into()))?;
    let request: IdbOpenDbRequest = factory.open_with_u32(DB_NAME, DB_VERSION).map_err(other)?;
    // First open (or a new DB_VERSION): create the object store.
    let upgrade = wasm_bindgen::closure::Closure::once_into_js(move |event: web_sys::Event| {
        let db = event
            .target()
            .and_then(|t| t.dyn_into::<IdbRequest>().ok())
            .and_then(|r| r.result().ok())
            .and_then(|r| r.dyn_into::<IdbDatabase>().ok());
        if let Some(db) = db {
            if !db.object_store_names().contains(STORE) {
                let _ = db.create_object_store(STORE);
            }
        }
    });
    request.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
    settle_request(&request).await?;
    request.set_onupgradeneeded(None);
    request
        .result()
        .map_err(other)?
        .dyn_into::<IdbDatabase>()
        .map_err(other)
}

fn transaction(db: &IdbDatabase, mode: IdbTransactionMode) -> Result<IdbTransaction, SaveError> {
    db.transaction_with_str_and_mode(STORE, mode).map_err(other)
}

/// Waits for a request's `success` or `error` event.
async fn settle_request(request: &IdbRequest) -> Result<(), SaveError> {
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    let result = JsFuture::from(promise).await;
    request.set_onsuccess(None);
    request.set_onerror(None);
    match result {
        Ok(_) => Ok(()),
        Err(_) => Err(request.error().ok().flatten().map_or_else(
            || SaveError::Other("request failed".into()),
            |e| classify(e.into()),
        )),
    }
}

/// Waits for a transaction's `complete`, or its `error` / `abort` (a quota error aborts it).
async fn settle_transaction(tx: &IdbTransaction) -> Result<(), SaveError> {
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        tx.set_oncomplete(Some(&resolve));
        tx.set_onerror(Some(&reject));
        tx.set_onabort(Some(&reject));
    });
    let result = JsFuture::from(promise).await;
    match result {
        Ok(_) => Ok(()),
        Err(_) => Err(tx.error().map_or_else(
            || SaveError::Other("transaction aborted".into()),
            |e| classify(e.into()),
        )),
    }
}

/// `QuotaExceededError` (a `DOMException` name, also used by localStorage) or anything else.
fn classify(error: JsValue) -> SaveError {
    let name = error
        .dyn_ref::<web_sys::DomException>()
        .map(|e| e.name())
        .unwrap_or_default();
    if name == "QuotaExceededError" {
        SaveError::Quota
    } else {
        other(error)
    }
}

fn other(error: JsValue) -> SaveError {
    let text = error
        .dyn_ref::<web_sys::DomException>()
        .map(|e| format!("{}: {}", e.name(), e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| format!("{error:?}"));
    SaveError::Other(text)
}
