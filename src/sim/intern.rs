//! Interns strings derived from a scenario (`localhost:5001`, `http://localhost:5001/data`,
//! `GET /data`, ...) as `&'static str`, so the attribute templates cloned into every span hold
//! borrowed `Cow`s and cloning them allocates nothing.
//!
//! Each distinct string is leaked once and reused by every later run. The table is capped, so
//! the leak is bounded (a scenario built from options has a handful of distinct values); past
//! the cap strings are returned owned, which is only slower.

use crate::model::Str;
use std::borrow::Cow;
use std::sync::{Mutex, PoisonError};

/// At most this many distinct strings are ever leaked.
const MAX_INTERNED: usize = 4096;

/// Sorted, so lookups are a binary search; a `Vec` rather than a `BTreeSet` for wasm code size.
static TABLE: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());

/// A borrowed `'static` copy of `text` (owned past the cap).
pub(crate) fn intern(text: &str) -> Str {
    // A panic elsewhere while holding the lock cannot corrupt a set of leaked strings.
    let mut table = TABLE.lock().unwrap_or_else(PoisonError::into_inner);
    let at = match table.binary_search(&text) {
        Ok(found) => return Cow::Borrowed(table[found]),
        Err(at) => at,
    };
    if table.len() >= MAX_INTERNED {
        return Cow::Owned(text.to_owned());
    }
    let leaked: &'static str = Box::leak(text.to_owned().into_boxed_str());
    table.insert(at, leaked);
    Cow::Borrowed(leaked)
}

/// Keeps an already-static string as is; interns an owned one.
pub(crate) fn intern_str(text: &Str) -> Str {
    match text {
        Cow::Borrowed(s) => Cow::Borrowed(s),
        Cow::Owned(s) => intern(s),
    }
}
