//! The outbox across a reload: restored (held until Retry) when the panel starts, saved after
//! its contents settle. Rules in `crate::state::persist`; IO in `crate::net::storage`.

use super::{Driver, SpanRef};
use crate::export::{ExportConfig, StatusLine, Tone};
use crate::model::Trace;
use crate::net::storage;
use crate::state::persist::{self, policy, OUTBOX_KEY};
use crate::ui::persist::Unrestored;
use std::rc::Rc;

#[derive(Default)]
pub struct OutboxSaver {
    restored: bool,
    /// (waiting, accepted, rejected, dropped) when last saved.
    saved_key: (u64, u64, u64, u64),
    debounce: policy::Debounce,
    timer_set: bool,
    quota: policy::QuotaGuard,
}

impl Driver {
    /// Reads the saved outbox; saving starts only after this, so an empty start cannot
    /// overwrite it.
    pub(super) fn restoring(self: Rc<Self>) -> Rc<Self> {
        let this = self.clone();
        yew::platform::spawn_local(async move {
            let capacity = ExportConfig::default().outbox_capacity;
            let (problem, later) = match storage::get(OUTBOX_KEY).await {
                Ok(Some(text)) => match crate::ui::persist::restore_outbox(&text, capacity).await {
                    Ok(traces) => {
                        this.restore_items(traces);
                        (None, false)
                    }
                    Err(Unrestored::Notice(notice)) => (Some(notice), false),
                    Err(Unrestored::Later(notice)) => (Some(notice), true),
                },
                Ok(None) => (None, false),
                Err(policy::SaveError::Quota) => (None, false),
                Err(policy::SaveError::Other(why)) => (
                    Some(format!(
                        "The export outbox of an earlier visit could not be read ({why})."
                    )),
                    false,
                ),
            };
            if let Some(text) = problem {
                this.engine.borrow_mut().set_status(StatusLine {
                    tone: Tone::Warning,
                    text,
                });
            }
            if later {
                // The reader did not load: the saved outbox waits for the next visit, so this
                // one does not save over it.
                this.publish();
                return;
            }
            let key = this.outbox_key();
            let mut saver = this.saver.borrow_mut();
            saver.restored = true;
            saver.saved_key = key;
            drop(saver);
            this.publish();
        });
        self
    }

    fn restore_items(&self, traces: Vec<Trace>) {
        let traces: Vec<Rc<Trace>> = traces.into_iter().map(Rc::new).collect();
        self.exported
            .borrow_mut()
            .extend(traces.iter().map(|t| t.trace_id));
        let items: Vec<SpanRef> = traces.iter().flat_map(SpanRef::all_of).collect();
        self.engine.borrow_mut().restore(items);
    }

    fn outbox_key(&self) -> (u64, u64, u64, u64) {
        let s = self.snapshot();
        (s.waiting, s.accepted, s.rejected, s.dropped)
    }

    /// After every published change: schedule a save if the outbox's contents changed. An
    /// emptied outbox is saved (deleted) at once.
    pub(super) fn outbox_changed(self: &Rc<Self>) {
        let key = self.outbox_key();
        let mut saver = self.saver.borrow_mut();
        if !saver.restored || key == saver.saved_key {
            return;
        }
        let urgency = if key.0 == 0 {
            policy::Urgency::Now
        } else {
            policy::Urgency::Settle
        };
        if let Some(delay) = saver.debounce.change(now_ms(), urgency) {
            if !saver.timer_set {
                saver.timer_set = true;
                let this = self.clone();
                crate::ui::browser::after(delay as u32, move || this.save_tick());
            }
        }
    }

    fn save_tick(self: Rc<Self>) {
        let mut saver = self.saver.borrow_mut();
        saver.timer_set = false;
        match saver.debounce.due(now_ms()) {
            None => {}
            Some(0) => {
                saver.debounce.saved();
                saver.saved_key = self.outbox_key();
                drop(saver);
                self.save();
            }
            Some(ms) => {
                saver.timer_set = true;
                let this = self.clone();
                crate::ui::browser::after(ms as u32, move || this.save_tick());
            }
        }
    }

    fn save(self: Rc<Self>) {
        let text = {
            let engine = self.engine.borrow();
            persist::snapshot_outbox(engine.pending().filter_map(SpanRef::span))
        };
        let bytes = text.as_ref().map_or(0, String::len);
        if !self.saver.borrow().quota.should_try(bytes) {
            return;
        }
        yew::platform::spawn_local(async move {
            let result = match text {
                Some(text) => storage::put(OUTBOX_KEY, &text).await,
                None => storage::delete(OUTBOX_KEY).await,
            };
            let notice = self
                .saver
                .borrow_mut()
                .quota
                .record("the export outbox", bytes, result);
            if let Some(text) = notice {
                self.engine.borrow_mut().set_status(StatusLine {
                    tone: Tone::Warning,
                    text,
                });
                self.publish();
            }
        });
    }
}

fn now_ms() -> u64 {
    crate::clock::now_unix_nanos() / 1_000_000
}
