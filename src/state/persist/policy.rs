//! When to save and what a failed save does: pure rules, driven by the shell with a clock.
//!
//! - Debounce: a load run or a burst of requests changes the state many times a second;
//!   serialising 200,000 spans per change would freeze the page. Save once changes have
//!   settled for [`SETTLE_MS`], but never later than [`MAX_WAIT_MS`] after the first unsaved
//!   change (so a long stream of changes is still saved). Clearing saves at once: a reload
//!   right after **Clear traces** must not bring the traces back.
//! - Quota: a save that does not fit leaves the previous record as it was (an IndexedDB
//!   transaction that fails changes nothing), shows one notice, and the page keeps working.
//!   The same or a bigger payload is not tried again (it would fail again, with another
//!   notice); a smaller one is, and a success forgets the failure.

/// Quiet time after the last change before saving.
pub const SETTLE_MS: u64 = 800;
/// Longest a change waits to be saved while changes keep coming.
pub const MAX_WAIT_MS: u64 = 5_000;

/// What a saved traces record depends on (see `State::save_key`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SaveKey {
    pub store_revision: u64,
    pub history_revision: u64,
    pub next_request: u64,
    pub traces: usize,
    pub running: bool,
}

/// How soon a change should be saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Urgency {
    /// Nothing saved changed.
    None,
    /// After changes settle.
    Settle,
    /// At once: the store was emptied.
    Now,
}

/// How urgent saving is after the state went from `saved` to `next`. A load run in progress
/// waits for its end (its traces reach the store only then).
pub fn urgency(saved: &SaveKey, next: &SaveKey) -> Urgency {
    if saved == next {
        Urgency::None
    } else if next.traces == 0 && saved.traces > 0 {
        Urgency::Now
    } else if next.running {
        Urgency::None
    } else {
        Urgency::Settle
    }
}

/// The debounce timer's state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Debounce {
    /// When the oldest unsaved change happened.
    first_change_ms: Option<u64>,
    last_change_ms: u64,
    /// A change that must not wait (the store was emptied) is pending.
    urgent: bool,
}

impl Debounce {
    /// A change at `now_ms`; returns how long to wait before asking [`Debounce::due`].
    pub fn change(&mut self, now_ms: u64, urgency: Urgency) -> Option<u64> {
        match urgency {
            Urgency::None => None,
            Urgency::Now => {
                self.first_change_ms = Some(self.first_change_ms.unwrap_or(now_ms));
                self.last_change_ms = now_ms;
                self.urgent = true;
                Some(0)
            }
            Urgency::Settle => {
                let first = *self.first_change_ms.get_or_insert(now_ms);
                self.last_change_ms = now_ms;
                Some(SETTLE_MS.min((first + MAX_WAIT_MS).saturating_sub(now_ms)))
            }
        }
    }

    /// `None`: nothing to save; `Some(0)`: save now; `Some(ms)`: ask again in `ms`.
    pub fn due(&self, now_ms: u64) -> Option<u64> {
        let first = self.first_change_ms?;
        if self.urgent {
            return Some(0);
        }
        let settled_at = self.last_change_ms.saturating_add(SETTLE_MS);
        let deadline = first.saturating_add(MAX_WAIT_MS);
        Some(settled_at.min(deadline).saturating_sub(now_ms))
    }

    /// The save was started; changes from now on wait for the next one.
    pub fn saved(&mut self) {
        self.first_change_ms = None;
        self.urgent = false;
    }
}

/// Why a save failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveError {
    /// The browser's storage quota (`QuotaExceededError`).
    Quota,
    /// Anything else (private mode without storage, a blocked database...), with its text.
    Other(String),
}

/// Remembers a quota failure so a payload that cannot fit is not tried over and over.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct QuotaGuard {
    failed_bytes: Option<usize>,
}

impl QuotaGuard {
    /// Whether to try saving `bytes`: always, unless the last attempt of at least that size
    /// ran out of room. Emptier payloads (after Clear traces) always go.
    pub fn should_try(&self, bytes: usize) -> bool {
        self.failed_bytes.is_none_or(|failed| bytes < failed)
    }

    /// Records an attempt's result; returns the notice to show, if any (once per failure).
    pub fn record(
        &mut self,
        what: &str,
        bytes: usize,
        result: Result<(), SaveError>,
    ) -> Option<String> {
        match result {
            Ok(()) => {
                self.failed_bytes = None;
                None
            }
            Err(SaveError::Quota) => {
                let first = self.failed_bytes.is_none();
                self.failed_bytes = Some(self.failed_bytes.map_or(bytes, |b| b.min(bytes)));
                first.then(|| quota_notice(what, bytes))
            }
            Err(SaveError::Other(why)) => Some(format!(
                "Could not save {what} for the next visit ({why}). The page keeps working; what was saved before is kept."
            )),
        }
    }
}

/// The message for a save that did not fit.
pub fn quota_notice(what: &str, bytes: usize) -> String {
    format!(
        "Browser storage is full: {what} ({:.1} MB) could not be saved for the next visit. What was saved before is kept and the page keeps working; Clear traces or lower the trace cap to make room.",
        bytes as f64 / 1_000_000.0
    )
}
