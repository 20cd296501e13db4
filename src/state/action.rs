//! What can happen to the page: every change of [`super::State`] is one of these, applied by
//! [`super::State::reduce`]. Time is an input: actions that run or place a simulation carry
//! the wall clock's "now" (`crate::clock`), so the reducer stays pure and tests fix the time.

use super::search::SearchForm;
use super::views::{Highlight, TraceSet, TraceTab};
use super::{Group, GuideAction, HeaderInspectorInput, Page};
use crate::model::{SpanId, Trace, TraceId};
use crate::view::url::Settings;

#[derive(Clone, Debug)]
pub enum Action {
    SetSettings(Settings),
    /// Run one request starting now. With instant playback it lands at once, moved back so
    /// that it ends by `now_unix_nano`.
    SendRequest {
        now_unix_nano: u64,
    },
    /// The in-flight request with this ticket has "arrived" (real-time playback).
    Land {
        ticket: u64,
        now_unix_nano: u64,
    },
    StartLoad {
        now_unix_nano: u64,
    },
    /// Simulate the next chunk of the load run with this ticket; the last chunk releases the
    /// run, ending by `now_unix_nano`.
    LoadChunk {
        ticket: u64,
        now_unix_nano: u64,
    },
    /// Stop the load run, keeping what it simulated (ending by `now_unix_nano`).
    CancelLoad {
        now_unix_nano: u64,
    },
    ClearTraces,
    /// Traces from an import (the export panel's `on_import`).
    ImportTraces(Vec<Trace>),
    ShowPage(Page),
    /// Open a trace in the store (an id not in the store changes nothing).
    OpenTrace(TraceId),
    /// Select a span of the open trace, or none (a span not in it changes nothing).
    SelectSpan(Option<SpanId>),
    SetSearch(SearchForm),
    AddNotices(Vec<String>),
    DismissNotice(u64),
    /// Forget the load runs' records and chart points.
    ClearLoadHistory,
    /// What an earlier visit saved (`super::persist`), read when the page opens.
    Restore(Box<super::persist::Restored>),
    // The scenario editor (issue 12).
    /// The editor's text changed (typed, or a switch turned).
    EditScenario(String),
    /// A file was opened: its name gives the format.
    OpenScenario {
        name: String,
        text: String,
    },
    /// Load the preset with this id (an unknown id changes nothing).
    LoadPreset(String),
    /// **Reset to the lab**: the lab with its default options.
    ResetScenario,
    /// The scenario reader (a second wasm module, `crate::sim::file::reader`) has loaded: a
    /// text waiting for it is read now.
    ReaderReady,
    /// A **Workers** field: the worker limit of a service of the scenario that runs (`None`:
    /// unlimited), in the lab's options or the written scenario's text.
    SetWorkers {
        service: String,
        workers: Option<u32>,
    },
    /// **Run**: a load run with the scenario's own traffic.
    RunScenario {
        now_unix_nano: u64,
    },
    /// Show one view of the open trace (issue 13).
    ShowTraceTab(TraceTab),
    /// Pick out spans of the open trace in the timeline, and show the timeline; `None` clears.
    Highlight(Option<Highlight>),
    /// Tick (`true`) or untick a stored trace for comparison.
    TickCompare(TraceId, bool),
    /// Search only these traces (a service map edge's), on the search page.
    SearchTraces(TraceSet),
    /// The Lab guide (issue 14): the learner's progress and answers, and what it is told.
    Guide(GuideAction),
    /// The Header inspector's input as typed.
    SetHeaderInspector(HeaderInspectorInput),
    /// Open or close a group of controls (Lab settings, Load, Export).
    SetGroupOpen(Group, bool),
}
