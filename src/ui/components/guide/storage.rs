//! `localStorage`, for the guide's progress and the groups' open state. Reading or writing may
//! fail (storage disabled, private mode, quota): the page then simply forgets, it never fails.

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The text kept under `key`, if any (and if storage can be read).
pub fn load(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

/// Keeps `value` under `key`; silently does nothing where storage is unavailable.
pub fn save(key: &str, value: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(key, value);
    }
}
