//! The scenario editor's state (issue 12, "The editor"): the text as typed, its problems, and
//! the last valid scenario, which keeps running while an edit is broken.
//!
//! The lab and its controls: while the scenario is the lab ([`ScenarioLink::Lab`]), it runs as
//! `Scenario::lab_with(options)` exactly as before scenarios existed, and its text is
//! [`lab_text`] of the same options, so the controls and the text never disagree. A text
//! edit that still describes the lab (checked by equality of the parsed scenarios, see
//! [`lab_options_of`]) moves the controls; any other edit makes the scenario a written one.
//! Switch controls (`heavy_calc`, `random_500s`) also turn a written scenario's switches of the
//! same name, through `set_switch`.
//!
//! Texts are read by the scenario reader (`crate::sim::file::reader`), which in the browser
//! arrives after the first paint. Until it is there, a text that needs it waits in the editor
//! ([`ScenarioEditor::waiting`]) and is read by [`Action::ReaderReady`](super::Action); the
//! lab never waits ([`super::scenario_lab`]).

use super::driver::LoadJob;
pub use super::scenario_lab::{lab_loaded, lab_options_of, lab_text};
use super::State;
use crate::sim::file::reader::reader;
use crate::sim::file::{FileError, Format, LoadedScenario};
use crate::sim::presets::PRESETS;
use crate::sim::{Arrival, LabOptions, Scenario};
use crate::view::url::ScenarioLink;
use std::rc::Rc;

/// What the editor shows.
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioEditor {
    /// The text as typed (possibly broken).
    pub text: String,
    pub format: Format,
    /// The text's problems, in text order (empty when it is valid).
    pub errors: Vec<FileError>,
    /// The last valid scenario: what runs.
    pub loaded: Rc<LoadedScenario>,
    /// The text waits for the scenario reader; `Some(true)` when it is the one the page
    /// started with (a link's or the kept one), which gives way to the lab if it does not read.
    pub waiting: Option<bool>,
}

impl Default for ScenarioEditor {
    fn default() -> Self {
        ScenarioEditor::lab(&LabOptions::default())
    }
}

impl ScenarioEditor {
    /// The lab with `options`: its text and what it runs, built without the reader.
    fn lab(options: &LabOptions) -> ScenarioEditor {
        ScenarioEditor::valid(lab_text(options), Format::Yaml, lab_loaded(options))
    }

    fn valid(text: String, format: Format, loaded: LoadedScenario) -> ScenarioEditor {
        ScenarioEditor {
            text,
            format,
            errors: Vec::new(),
            loaded: Rc::new(loaded),
            waiting: None,
        }
    }

    /// The id of the preset the text is, unmodified.
    pub fn preset_id(&self) -> Option<&'static str> {
        PRESETS.iter().find(|p| p.text == self.text).map(|p| p.id)
    }
}

/// Why a run cannot start yet: the scenario that should run is still waiting for its reader.
pub const WAITING_FOR_READER: &str = "The scenario is still loading (the scenario reader arrives a moment after the page); try again in a moment.";

impl State {
    /// The editor's text changed (typed, a preset, a file): parse it; a valid text becomes the
    /// scenario that runs, a broken one only shows its problems. Without the reader yet, the
    /// text waits for it.
    pub(super) fn edit_scenario(&mut self, text: String, format: Format) {
        self.read_scenario(text, format, false);
    }

    fn read_scenario(&mut self, text: String, format: Format, at_start: bool) {
        let Some(reader) = reader() else {
            return self.wait_for_reader(text, format, at_start);
        };
        self.scenario.waiting = None;
        match reader.parse(&text, format) {
            Err(errors) if at_start && self.settings.scenario != ScenarioLink::Lab => {
                // A link's or the kept scenario that this page does not accept: the lab runs,
                // and the text stays in the editor with its problems, to be fixed or replaced.
                let first = errors.first().map(ToString::to_string).unwrap_or_default();
                self.push_notices(vec![format!(
                    "The scenario this page opened with has {} problem(s), the first: {first}. The lab runs instead; the text is in the Scenario tab.",
                    errors.len()
                )]);
                self.scenario_rebases = self.scenario_rebases.wrapping_add(1);
                self.run_lab();
                self.scenario.text = text;
                self.scenario.format = format;
                self.scenario.errors = errors;
            }
            Err(errors) => {
                self.status = format!(
                    "The scenario has {} problem(s); the last valid one keeps running.",
                    errors.len()
                );
                self.scenario.errors = errors;
                self.scenario.text = text;
                self.scenario.format = format;
            }
            Ok(loaded) => {
                let lab = lab_options_of(&*reader, &text, &loaded, &self.settings.lab);
                if let Some(options) = lab {
                    self.settings.lab = options;
                    self.settings.scenario = ScenarioLink::Lab;
                } else {
                    self.settings.scenario = match PRESETS.iter().find(|p| p.text == text) {
                        Some(p) => ScenarioLink::Preset(p.id),
                        None => ScenarioLink::Custom(text.as_str().into()),
                    };
                }
                self.status = format!("Scenario: {}.", loaded.title);
                self.scenario = ScenarioEditor::valid(text, format, loaded);
            }
        }
    }

    /// `text` waits in the editor until the reader arrives ([`Self::reader_ready`]).
    fn wait_for_reader(&mut self, text: String, format: Format, at_start: bool) {
        self.status = "Loading the scenario reader…".into();
        self.scenario.text = text;
        self.scenario.format = format;
        self.scenario.errors.clear();
        self.scenario.waiting = Some(at_start);
    }

    /// The lab runs, with the options the page has.
    fn run_lab(&mut self) {
        self.settings.scenario = ScenarioLink::Lab;
        self.scenario = ScenarioEditor::lab(&self.settings.lab);
    }

    /// The scenario reader has arrived: a waiting text is read now.
    pub(super) fn reader_ready(&mut self) {
        if let ScenarioLink::Packed(value) = &self.settings.scenario {
            self.unpack_link(value.clone());
        } else if let Some(at_start) = self.scenario.waiting {
            let (text, format) = (
                std::mem::take(&mut self.scenario.text),
                self.scenario.format,
            );
            self.read_scenario(text, format, at_start);
        }
    }

    /// A link's packed scenario, now that the reader can unpack it: read as the starting
    /// scenario, or the lab with a notice when the value is broken.
    fn unpack_link(&mut self, value: Rc<str>) {
        let Some(reader) = reader() else {
            return;
        };
        self.scenario_rebases = self.scenario_rebases.wrapping_add(1);
        match reader.unpack(&value) {
            Ok(text) => {
                self.settings.scenario = ScenarioLink::Custom(text.as_str().into());
                let format = Format::guess(&text);
                self.read_scenario(text, format, true);
            }
            Err(why) => {
                self.push_notices(vec![format!(
                    "This link's scenario could not be read ({why}). The lab runs instead."
                )]);
                self.run_lab();
            }
        }
    }

    /// The scenario the page starts with, from the link's settings.
    pub(super) fn scenario_from_settings(&mut self) {
        let text = match &self.settings.scenario {
            ScenarioLink::Lab => None,
            ScenarioLink::Preset(id) => crate::sim::presets::preset(id).map(|p| p.text.to_string()),
            ScenarioLink::Custom(text) => Some(text.to_string()),
            ScenarioLink::Packed(_) => {
                // Unpacked by the reader once it is there (`reader_ready`).
                self.wait_for_reader(String::new(), Format::Yaml, true);
                return self.reader_ready();
            }
        };
        match text {
            Some(text) => {
                let format = Format::guess(&text);
                self.read_scenario(text, format, true);
            }
            None => self.run_lab(),
        }
    }

    /// After the controls changed the lab options: the lab's text follows them; a written
    /// scenario's switches of the same names follow the switch controls.
    pub(super) fn follow_controls(&mut self, old: &LabOptions) {
        let new = self.settings.lab.clone();
        if self.settings.scenario == ScenarioLink::Lab {
            let text = lab_text(&new);
            if lab_text(old) != text {
                self.scenario = ScenarioEditor::valid(text, Format::Yaml, lab_loaded(&new));
            }
            return;
        }
        let Some(reader) = reader() else {
            // A written scenario still waiting for the reader: its switches are read from the
            // text once it is there; the controls have changed only the lab options.
            return;
        };
        let mut text = self.scenario.text.clone();
        for (name, was, is) in [
            ("heavy_calc", old.heavy_calc, new.heavy_calc),
            ("random_500s", old.random_500s, new.random_500s),
        ] {
            if was != is {
                if let Ok(changed) = reader.set_switch(&text, self.scenario.format, name, is) {
                    text = changed;
                }
            }
        }
        if text != self.scenario.text {
            self.edit_scenario(text, self.scenario.format);
        }
    }

    /// Back to the lab with its default options (the run settings are kept).
    pub(super) fn reset_scenario(&mut self) {
        let run = &self.settings.lab;
        self.settings.lab = LabOptions {
            semconv: run.semconv,
            sampler: run.sampler,
            sampling_ratio: run.sampling_ratio,
            propagate: run.propagate,
            ..LabOptions::default()
        };
        self.settings.scenario = ScenarioLink::Lab;
        self.scenario = ScenarioEditor::default();
        self.scenario_resets = self.scenario_resets.wrapping_add(1);
        self.status = "Scenario reset to the lab.".into();
    }

    /// A run of the scenario that runs: the lab through `Scenario::lab_with` (its spans exactly
    /// as before scenarios), any other through the parsed scenario.
    pub(super) fn scenario_job(
        &self,
        first: u64,
        requests: u32,
        now: u64,
        arrival: Arrival,
    ) -> Result<LoadJob, String> {
        let (lab, seed) = (&self.settings.lab, self.settings.seed);
        if self.scenario.waiting.is_some() && self.settings.scenario != ScenarioLink::Lab {
            return Err(WAITING_FOR_READER.into());
        }
        match self.settings.scenario {
            ScenarioLink::Lab => LoadJob::with_arrival(lab, seed, first, requests, now, arrival),
            _ => LoadJob::for_scenario(
                &self.scenario.loaded.scenario,
                &lab.run_settings(),
                seed,
                first,
                requests,
                now,
                arrival,
            ),
        }
    }

    /// The scenario that runs: the lab as its controls set it, or the editor's last valid one.
    pub fn running_scenario(&self) -> std::borrow::Cow<'_, Scenario> {
        match self.settings.scenario {
            ScenarioLink::Lab => match Scenario::lab_with(&self.settings.lab) {
                Ok(s) => std::borrow::Cow::Owned(s),
                Err(_) => std::borrow::Cow::Borrowed(&self.scenario.loaded.scenario),
            },
            _ => std::borrow::Cow::Borrowed(&self.scenario.loaded.scenario),
        }
    }

    /// Each service of the scenario that runs, with its worker limit.
    pub fn scenario_workers(&self) -> Vec<(String, Option<u32>)> {
        (self.running_scenario().services.iter())
            .map(|s| (s.name.to_string(), s.workers))
            .collect()
    }
}

#[cfg(test)]
#[path = "scenario_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "scenario_waiting_tests.rs"]
mod waiting_tests;
