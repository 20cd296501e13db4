//! Keeps the page across a reload (`crate::state::persist` decides, `crate::net::storage`
//! stores): one effect restores on mount, one saves when the state's version changes. The
//! scenario that runs is kept as it changes, and forgotten when it is the lab again (**Reset
//! to the lab**); [`start`] picks the scenario a page starts with.
//!
//! Saving waits for the restore to finish, so an early save of the still-empty page cannot
//! overwrite what the last visit kept. Saved spans are read by the importer in the reader
//! module (loaded after the first paint; only when there are spans to read): if the reader
//! cannot load, the record stays for the next visit and this visit does not save over it.

use super::browser;
use super::components::export_panel::files::{import_through_reader, ImportFailure};
use crate::clock;
use crate::model::Trace;
use crate::net::storage;
use crate::state::persist::{self, policy, scenario, Kept, Restored, TRACES_KEY};
use crate::state::{Action, State};
use crate::store::StoreLimits;
use crate::view::url;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Default)]
struct Saver {
    restored: bool,
    handle: Option<UseReducerHandle<State>>,
    saved_key: policy::SaveKey,
    saved_settings: Option<String>,
    debounce: policy::Debounce,
    timer_set: bool,
    /// A save waits for an idle period: a second one is not queued.
    save_queued: bool,
    quota: policy::QuotaGuard,
    settings_quota: policy::QuotaGuard,
    /// The record of the scenario that ran when last looked at (`Some(None)`: the lab); `None`
    /// before the first look. The page's starting scenario writes nothing: a link that opens
    /// the lab (or a preset) leaves a written scenario kept from the last visit alone until the
    /// learner runs another one (`persist::scenario::start` tells them so).
    kept_scenario: Option<Option<String>>,
    /// `State::scenario_resets` when last looked at.
    resets_seen: u32,
    /// `State::scenario_rebases` when last looked at.
    rebases_seen: u32,
    scenario_quota: policy::QuotaGuard,
}

type Shared = Rc<RefCell<Saver>>;

/// Restores on mount, saves after changes settle.
#[hook]
pub fn use_persist(state: &UseReducerHandle<State>) {
    let saver: Shared = use_mut_ref(Saver::default);
    {
        let (saver, state) = (saver.clone(), state.clone());
        use_effect_with((), move |_| restore(saver, state));
    }
    let saver = saver.clone();
    let state = state.clone();
    use_effect_with(state.version, move |_| changed(&saver, state));
}

fn restore(saver: Shared, state: UseReducerHandle<State>) {
    let limits = state.store.limits();
    yew::platform::spawn_local(async move {
        match storage::get(TRACES_KEY).await {
            Ok(Some(text)) => match restore_traces(&text, limits).await {
                Ok(restored) => state.dispatch(Action::Restore(Box::new(restored))),
                Err(Unrestored::Notice(notice)) => state.dispatch(Action::AddNotices(vec![notice])),
                Err(Unrestored::Later(notice)) => {
                    // Saving stays off (`restored` false): the record waits for a visit with
                    // the reader.
                    state.dispatch(Action::AddNotices(vec![notice]));
                    return;
                }
            },
            Ok(None) => {}
            Err(policy::SaveError::Quota) => {}
            Err(policy::SaveError::Other(why)) => {
                state.dispatch(Action::AddNotices(vec![format!(
                "Traces from an earlier visit could not be read ({why}); starting without them."
            )]))
            }
        }
        saver.borrow_mut().restored = true;
        changed(&saver, state);
    });
}

/// Why a saved record was not restored.
pub(crate) enum Unrestored {
    /// It does not read (the notice to show): the page starts without it.
    Notice(String),
    /// The reader could not load (the notice to show): the record is kept for the next visit.
    Later(String),
}

/// A saved traces record: its envelope here, its spans through the reader.
async fn restore_traces(text: &str, limits: StoreLimits) -> Result<Restored, Unrestored> {
    let record = persist::read_traces(text).map_err(Unrestored::Notice)?;
    let spans = match record.spans() {
        None => Ok(Vec::new()),
        Some(otlp) => import(otlp, limits, Kept::Traces).await?,
    };
    record.restore(spans).map_err(Unrestored::Notice)
}

/// A saved outbox record (`capacity`: the outbox's), for the export panel's driver.
pub(crate) async fn restore_outbox(text: &str, capacity: u32) -> Result<Vec<Trace>, Unrestored> {
    let record = persist::read_outbox(text).map_err(Unrestored::Notice)?;
    let spans = import(
        record.spans(),
        persist::outbox_limits(capacity),
        Kept::Outbox,
    )
    .await?;
    record.restore(spans).map_err(Unrestored::Notice)
}

/// Saved spans through the reader: the traces, or the importer's problem for the record's
/// notice; `Err` when the reader is not there.
async fn import(
    otlp: &str,
    limits: StoreLimits,
    what: Kept,
) -> Result<Result<Vec<Trace>, String>, Unrestored> {
    match import_through_reader(&wasm_bindgen::JsValue::from_str(otlp), limits, |_| {}).await {
        Ok(outcome) => Ok(Ok(outcome.traces)),
        Err(ImportFailure::Problem(problem)) => Ok(Err(problem)),
        Err(ImportFailure::NoReader(why)) => {
            Err(Unrestored::Later(persist::kept_for_later(what, &why)))
        }
    }
}

/// A new state version: save settings at once (small), traces after changes settle.
fn changed(saver: &Shared, state: UseReducerHandle<State>) {
    let settings = url::encode(&state.settings);
    let mut s = saver.borrow_mut();
    if s.saved_settings.as_ref() != Some(&settings) {
        let result = storage::save_settings(&settings);
        if let Some(notice) = s
            .settings_quota
            .record("the settings", settings.len(), result)
        {
            state.dispatch(Action::AddNotices(vec![notice]));
        }
        s.saved_settings = Some(settings);
    }
    keep_scenario(&mut s, &state);
    let urgency = policy::urgency(&s.saved_key, &state.save_key());
    s.handle = Some(state);
    if !s.restored {
        return;
    }
    if let Some(delay) = s.debounce.change(now_ms(), urgency) {
        if !s.timer_set {
            s.timer_set = true;
            let saver = saver.clone();
            browser::after(delay as u32, move || tick(saver));
        }
    }
}

/// Keeps the scenario that runs (small: localStorage, at once), or forgets it for the lab.
fn keep_scenario(s: &mut Saver, state: &UseReducerHandle<State>) {
    let record = scenario::keep(&state.settings);
    let reset =
        std::mem::replace(&mut s.resets_seen, state.scenario_resets) != state.scenario_resets;
    let rebased =
        std::mem::replace(&mut s.rebases_seen, state.scenario_rebases) != state.scenario_rebases;
    // The first look, or a change the learner did not make (`State::scenario_rebases`: a link's
    // packed scenario unpacked, or a starting one that gave way to the lab): what is kept stays.
    if s.kept_scenario.is_none() || rebased {
        s.kept_scenario = Some(record);
        return;
    }
    keep_changed(s, state, record, reset);
}

/// After the first look: a learner's change of scenario is kept (or, for the lab, forgotten).
fn keep_changed(
    s: &mut Saver,
    state: &UseReducerHandle<State>,
    record: Option<String>,
    reset: bool,
) {
    let Some(last) = &s.kept_scenario else {
        return;
    };
    // Reset to the lab forgets a kept scenario even when the lab already ran (one kept from an
    // earlier visit, which a link to the lab leaves alone).
    if *last == record && !(reset && record.is_none()) {
        return;
    }
    match &record {
        Some(text) if s.scenario_quota.should_try(text.len()) => {
            let result = storage::save_scenario(text);
            if let Some(notice) = s.scenario_quota.record("the scenario", text.len(), result) {
                state.dispatch(Action::AddNotices(vec![notice]));
            }
        }
        Some(_) => {}
        None => storage::clear_scenario(),
    }
    s.kept_scenario = Some(record);
}

/// The debounce timer: save if due, else wait the rest.
fn tick(saver: Shared) {
    let mut s = saver.borrow_mut();
    s.timer_set = false;
    match s.debounce.due(now_ms()) {
        None => {}
        Some(0) if s.save_queued => {}
        Some(0) => {
            // When the page is quiet: encoding a big store takes long enough to drop frames of
            // a scroll or a load run that is still going (issue 15).
            s.save_queued = true;
            let saver = saver.clone();
            when_quiet(
                Box::new(move || {
                    let mut s = saver.borrow_mut();
                    s.save_queued = false;
                    save(&mut s, &saver);
                }),
                now_ms(),
            );
        }
        Some(ms) => {
            s.timer_set = true;
            let saver = saver.clone();
            browser::after(ms as u32, move || tick(saver));
        }
    }
}

fn save(s: &mut Saver, saver: &Shared) {
    let Some(state) = s.handle.clone() else {
        return;
    };
    s.debounce.saved();
    s.saved_key = state.save_key();
    let text = persist::snapshot(&state);
    let bytes = text.len();
    if !s.quota.should_try(bytes) {
        return;
    }
    let saver = saver.clone();
    yew::platform::spawn_local(async move {
        let result = storage::put(TRACES_KEY, &text).await;
        let notice = saver.borrow_mut().quota.record("the traces", bytes, result);
        if let Some(notice) = notice {
            state.dispatch(Action::AddNotices(vec![notice]));
        }
    });
}

/// An idle period at least this long (ms) means the browser is drawing no frames: it grants up
/// to 50 ms when nothing is pending, less than a frame during a scroll or an animation.
const QUIET_MS: f64 = 40.0;
/// After this long (ms) a waiting save runs: in the next idle period, however short, or when
/// the browser grants none (a background tab, or a page that draws no frames, may run no idle
/// callbacks at all), at this deadline (`requestIdleCallback`'s `timeout`), so a reload never
/// finds the traces unsaved for longer than this.
const MAX_WAIT_MS: u64 = 5_000;

/// Runs `f` in an idle period long enough to say the page is quiet (no scroll or animation
/// going on), or at the latest `MAX_WAIT_MS` after `since_ms`; after a turn where
/// `requestIdleCallback` is missing.
fn when_quiet(f: Box<dyn FnOnce()>, since_ms: u64) {
    let waited = now_ms().saturating_sub(since_ms);
    let deadline = MAX_WAIT_MS.saturating_sub(waited).max(1) as u32;
    browser::when_idle(Some(deadline), 0, move |left| {
        let busy = left.is_some_and(|ms| ms < QUIET_MS);
        if busy && now_ms().saturating_sub(since_ms) < MAX_WAIT_MS {
            when_quiet(f, since_ms);
        } else {
            f();
        }
    });
}

fn now_ms() -> u64 {
    clock::now_unix_nanos() / 1_000_000
}

/// The settings to start from: the link's if it carries a seed, else the saved ones; the
/// link's scenario, else the one kept on the last visit (`persist::scenario::start`).
pub fn start() -> scenario::Start {
    scenario::start(
        &browser::query_string(),
        storage::load_settings(),
        storage::load_scenario().as_deref(),
    )
}
