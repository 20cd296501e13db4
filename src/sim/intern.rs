//! Interns strings derived from a scenario (`localhost:5001`, `http://localhost:5001/data`,
//! `GET /data`, ...) as `&'static str`, so the attribute templates cloned into every span hold
//! borrowed `Cow`s and cloning them allocates nothing.
//!
//! Each distinct string is leaked once and reused by every later run. The table is capped, so
//! the leak is bounded (a scenario built from options has a handful of distinct values); past
//! the cap strings are returned owned, which is only slower.

use crate::model::Str;
use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::{Mutex, PoisonError};

/// At most this many distinct strings are ever leaked.
const MAX_INTERNED: usize = 4096;

static TABLE: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());

/// A borrowed `'static` copy of `text` (owned past the cap).
pub(crate) fn intern(text: &str) -> Str {
    // A panic elsewhere while holding the lock cannot corrupt a set of leaked strings.
    let mut table = TABLE.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(&hit) = table.get(text) {
        return Cow::Borrowed(hit);
    }
    if table.len() >= MAX_INTERNED {
        return Cow::Owned(text.to_owned());
    }
    let leaked: &'static str = Box::leak(text.to_owned().into_boxed_str());
    table.insert(leaked);
    Cow::Borrowed(leaked)
}

/// Keeps an already-static string as is; interns an owned one.
pub(crate) fn intern_str(text: &Str) -> Str {
    match text {
        Cow::Borrowed(s) => Cow::Borrowed(s),
        Cow::Owned(s) => intern(s),
    }
}
