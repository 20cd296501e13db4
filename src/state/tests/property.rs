//! Issue 11, "Nothing trusted, nothing lost": random (seeded) action sequences from random
//! states never panic and keep the state's invariants (see `crate::state`'s module docs).
//! Settings, caps and action mixes are drawn wide, including caps and values no control offers,
//! because the reducer must hold whatever it is given.

use super::{Action, State, NOW, SECOND};
use crate::model::{SpanId, Trace, TraceId};
use crate::sim::{FanOutMode, LabOptions, SamplerKind, SemConv};
use crate::state::driver::LoadJob;
use crate::state::{Page, SearchForm};
use crate::view::load::{ArrivalKind, LoadSettings};
use crate::view::url::{Playback, Settings};
use std::collections::HashSet;
use std::rc::Rc;

/// SplitMix64 (<https://prng.di.unimi.it/splitmix64.c>): the test's own generator, so a seed
/// reproduces a failing sequence whatever `rand` release is in use.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0; the bias is irrelevant here).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }
    fn workers(&mut self) -> Option<u32> {
        self.chance(50).then(|| 1 + self.below(3) as u32)
    }
}

fn random_settings(rng: &mut Rng) -> Settings {
    let lab = LabOptions {
        heavy_calc: rng.chance(50),
        random_500s: rng.chance(50),
        error_rate_percent: rng.below(101) as f64,
        semconv: rng.pick(&[SemConv::Legacy, SemConv::Http, SemConv::HttpDup]),
        sampler: rng.pick(&[
            SamplerKind::AlwaysOn,
            SamplerKind::AlwaysOff,
            SamplerKind::TraceIdRatio,
            SamplerKind::ParentBasedAlwaysOn,
            SamplerKind::ParentBasedTraceIdRatio,
        ]),
        sampling_ratio: rng.below(11) as f64 / 10.0,
        propagate: rng.chance(80),
        network_delay_ms: rng.below(20) as f64,
        workers_a: rng.workers(),
        workers_b: rng.workers(),
        workers_db: rng.workers(),
        fan_out: if rng.chance(30) {
            rng.below(25) as u32
        } else {
            0
        },
        fan_out_mode: rng.pick(&[FanOutMode::Sequential, FanOutMode::Parallel]),
    };
    let load = LoadSettings {
        arrival: rng.pick(&[
            ArrivalKind::BackToBack,
            ArrivalKind::Constant,
            ArrivalKind::Poisson,
            ArrivalKind::Bursts,
        ]),
        concurrency: 1 + rng.below(4) as u32,
        rate_rps: 0.5 + rng.below(200) as f64,
        burst_size: 1 + rng.below(10) as u32,
        burst_interval_ms: 1.0 + rng.below(2_000) as f64,
        slo_ms: 1.0 + rng.below(1_000) as f64,
        // Small caps, below what the controls allow, so eviction happens all the time.
        store_traces: 1 + rng.below(12) as u32,
        store_spans: 1 + rng.below(400),
    };
    Settings {
        lab,
        // A few seeds, so sequences return to a seed and repeat its trace ids.
        seed: rng.below(4),
        requests: 1 + rng.below(60) as u32,
        playback: rng.pick(&[Playback::Instant, Playback::RealTime]),
        load,
        scenario: Default::default(),
        span: None,
    }
}

/// Traces as an import would bring them: simulated, ending by `now`; sometimes copies of
/// traces already stored (a re-import joins them).
fn random_import(rng: &mut Rng, state: &State, now: u64) -> Vec<Trace> {
    if rng.chance(30) {
        return state.store.iter().take(2).map(|t| (**t).clone()).collect();
    }
    let requests = rng.below(3) as u32 + 1;
    let Ok(mut job) = LoadJob::new(&LabOptions::default(), rng.next(), 0, requests, now) else {
        return Vec::new();
    };
    let mut chunk = job.advance(u32::MAX);
    chunk.place_before(now);
    Trace::group(chunk.spans)
}

fn random_action(rng: &mut Rng, state: &State, now: u64) -> Action {
    let now_unix_nano = now;
    let stored_id = |rng: &mut Rng| {
        let n = state.store.len() as u64;
        match n {
            0 => TraceId(u128::from(rng.next())),
            _ => state
                .store
                .iter()
                .nth(rng.below(n) as usize)
                .map_or(TraceId(1), |t| t.trace_id),
        }
    };
    // A running load gets most of the turns, as the page's timer gives it.
    if let Some(load) = state.load.as_ref().filter(|_| rng.chance(70)) {
        return Action::LoadChunk {
            ticket: load.ticket,
            now_unix_nano,
        };
    }
    match rng.below(17) {
        0 => Action::SetSettings(random_settings(rng)),
        1 => {
            let mut s = state.settings.clone();
            s.playback = rng.pick(&[Playback::Instant, Playback::RealTime]);
            s.load.store_traces = 1 + rng.below(12) as u32;
            Action::SetSettings(s)
        }
        2 | 3 => Action::SendRequest { now_unix_nano },
        4 => Action::Land {
            ticket: match (&state.in_flight, rng.chance(80)) {
                (Some(f), true) => f.ticket,
                _ => rng.below(50),
            },
            now_unix_nano,
        },
        5 => Action::StartLoad { now_unix_nano },
        6 => Action::LoadChunk {
            ticket: rng.below(50),
            now_unix_nano,
        },
        7 => Action::CancelLoad { now_unix_nano },
        8 => Action::ClearTraces,
        9 => Action::ImportTraces(random_import(rng, state, now)),
        10 => Action::ShowPage(rng.pick(&[
            Page::Search,
            Page::Trace,
            Page::HeaderInspector,
            Page::Latency,
        ])),
        11 | 12 => Action::OpenTrace(stored_id(rng)),
        13 => {
            let spans: Vec<SpanId> = state
                .selected()
                .map(|t| t.spans.iter().map(|s| s.span_id).collect())
                .unwrap_or_default();
            Action::SelectSpan(match rng.below(3) {
                0 => None,
                1 if !spans.is_empty() => Some(rng.pick(&spans)),
                _ => Some(SpanId(rng.next())),
            })
        }
        14 => Action::SetSearch(SearchForm {
            service: rng.pick(&["", "service-a", "service-b", "nobody"]).into(),
            min_duration: rng.pick(&["", "1ms", "300", "-1s"]).into(),
            tags: rng.pick(&["", "error=true", "broken"]).into(),
            limit: rng.below(30) as u32,
            ..SearchForm::default()
        }),
        15 => Action::AddNotices((0..rng.below(3)).map(|k| format!("notice {k}")).collect()),
        _ => match rng.below(2) {
            0 => Action::DismissNotice(match state.notices.first() {
                Some(n) if rng.chance(70) => n.id,
                _ => rng.below(100),
            }),
            _ => Action::ClearLoadHistory,
        },
    }
}

/// What must hold after every action. `latest_now` is the latest clock any action carried.
fn check(state: &State, latest_now: u64, context: &str) {
    let store = &state.store;
    let limits = store.limits();
    assert_eq!(
        limits,
        state.settings.load.store_limits(),
        "{context}: caps follow settings"
    );
    let spans: u64 = store.iter().map(|t| t.spans.len() as u64).sum();
    assert_eq!(store.span_count(), spans, "{context}: span count");
    if store.len() > 1 {
        assert!(
            store.len() as u64 <= u64::from(limits.max_traces),
            "{context}: trace cap"
        );
        assert!(spans <= limits.max_spans, "{context}: span cap");
    }
    let mut ids = HashSet::new();
    for trace in store.iter() {
        assert!(
            ids.insert(trace.trace_id),
            "{context}: one entry per trace id"
        );
        assert!(
            trace.spans.iter().all(|s| s.trace_id == trace.trace_id),
            "{context}"
        );
        assert!(
            trace
                .spans
                .windows(2)
                .all(|w| w[0].start_unix_nano <= w[1].start_unix_nano),
            "{context}: spans in start order"
        );
        assert!(
            trace.spans.iter().all(|s| s.end_unix_nano <= latest_now),
            "{context}: a span ends in the future"
        );
        assert!(store.get(trace.trace_id).is_some(), "{context}: index");
    }
    match state.selected_trace {
        Some(id) => {
            let trace = store
                .get(id)
                .unwrap_or_else(|| panic!("{context}: open trace missing"));
            if let Some(span) = state.selected_span {
                assert!(
                    trace.spans.iter().any(|s| s.span_id == span),
                    "{context}: span"
                );
            }
        }
        None => assert_eq!(state.selected_span, None, "{context}: span without trace"),
    }
    if let Some(load) = &state.load {
        assert!(load.done <= load.total, "{context}: progress");
        let run = state.load_history.run(load.history_run).map(|r| r.status);
        assert_eq!(
            run,
            Some(crate::view::load_history::RunStatus::Running),
            "{context}"
        );
    }
    let notice_ids: HashSet<u64> = state.notices.iter().map(|n| n.id).collect();
    assert_eq!(
        notice_ids.len(),
        state.notices.len(),
        "{context}: notice ids unique"
    );
    assert!(
        state.notices.iter().all(|n| n.id <= state.tickets),
        "{context}: ticket source"
    );
}

/// What the run went through, so the test fails if it stops reaching the interesting paths.
#[derive(Default, Debug)]
struct Seen {
    actions: u64,
    noops: u64,
    finished_loads: u64,
    cancelled_loads: u64,
    evictions: u64,
    closed_by_eviction: u64,
    landed_in_real_time: u64,
}

#[test]
fn random_action_sequences_keep_the_invariants() {
    const SEQUENCES: u64 = 250;
    const STEPS: u64 = 40;
    let mut seen = Seen::default();
    for sequence in 0..SEQUENCES {
        let mut rng = Rng(sequence);
        let notices = (0..rng.below(3))
            .map(|k| format!("link notice {k}"))
            .collect();
        let mut state = Rc::new(State::new(random_settings(&mut rng), notices));
        let mut now = NOW + rng.below(1_000) * SECOND;
        check(&state, now, &format!("sequence {sequence}, start"));
        for step in 0..STEPS {
            now += rng.below(3 * SECOND / 2);
            let action = random_action(&mut rng, &state, now);
            let context = format!("sequence {sequence}, step {step}, {action:?}");
            let context = &context[..context.len().min(300)];
            let before = Rc::clone(&state);
            let (was_loading, in_flight) = (before.load.is_some(), before.in_flight.clone());
            let evicted = before.store.evicted_traces();
            state = Rc::clone(&state).reduce(action);
            seen.actions += 1;
            if Rc::ptr_eq(&state, &before) {
                seen.noops += 1;
                assert_eq!(state.version, before.version, "{context}");
            } else {
                assert_eq!(
                    state.version,
                    before.version + 1,
                    "{context}: one version per change"
                );
                assert!(
                    Rc::ptr_eq(&state.store, &before.store)
                        || state.store.revision() != before.store.revision(),
                    "{context}: a new store has a new revision"
                );
            }
            check(&state, now, context);
            if was_loading && state.load.is_none() {
                if state.status.starts_with("Ran ") {
                    seen.finished_loads += 1;
                } else {
                    seen.cancelled_loads += 1;
                }
            }
            if state.store.evicted_traces() > evicted {
                seen.evictions += 1;
                if before.selected_trace.is_some() && state.selected_trace.is_none() {
                    seen.closed_by_eviction += 1;
                }
            }
            if in_flight.is_some() && state.in_flight.is_none() && !state.store.is_empty() {
                seen.landed_in_real_time += 1;
            }
        }
    }
    assert_eq!(seen.actions, SEQUENCES * STEPS);
    assert!(seen.noops > 0 && seen.noops < seen.actions, "{seen:?}");
    assert!(
        seen.finished_loads > 10 && seen.cancelled_loads > 0,
        "{seen:?}"
    );
    assert!(
        seen.evictions > 10 && seen.closed_by_eviction > 0,
        "{seen:?}"
    );
    assert!(seen.landed_in_real_time > 0, "{seen:?}");
}
