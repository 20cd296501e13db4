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

use super::driver::LoadJob;
use super::State;
use crate::sim::file::{parse_scenario, set_switch, FileError, Format, LoadedScenario};
use crate::sim::presets::{LAB, PRESETS};
use crate::sim::{Arrival, FanOutMode, LabOptions, Scenario, Step, DB_PORT};
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
}

impl Default for ScenarioEditor {
    fn default() -> Self {
        ScenarioEditor::valid(LAB.text.to_string(), Format::Yaml, lab_loaded(LAB.text))
    }
}

impl ScenarioEditor {
    fn valid(text: String, format: Format, loaded: LoadedScenario) -> ScenarioEditor {
        ScenarioEditor {
            text,
            format,
            errors: Vec::new(),
            loaded: Rc::new(loaded),
        }
    }

    /// The id of the preset the text is, unmodified.
    pub fn preset_id(&self) -> Option<&'static str> {
        PRESETS.iter().find(|p| p.text == self.text).map(|p| p.id)
    }
}

/// The lab's text: generated from trusted options, so it parses; the built-in lab is the
/// fallback should it ever not (tests check every generated shape).
fn lab_loaded(text: &str) -> LoadedScenario {
    parse_scenario(text, Format::Yaml)
        .or_else(|_| LAB.load())
        .unwrap_or_else(|_| unreachable_lab())
}

/// `tests/presets.rs` keeps the lab preset valid; this is never reached.
fn unreachable_lab() -> LoadedScenario {
    LoadedScenario {
        title: "The lab".into(),
        lesson: String::new(),
        scenario: Scenario::lab(),
        traffic: crate::sim::file::Traffic {
            arrival: Arrival::default(),
            requests: 1,
        },
        switches: Vec::new(),
    }
}

/// The lab preset's text with `options` written in: switches, network delay, error rate,
/// worker limits and the fan-out to `db`. With default options it is the preset's text.
pub fn lab_text(o: &LabOptions) -> String {
    let workers = |w: Option<u32>| w.map_or(String::new(), |w| format!("    workers: {w}\n"));
    let fan_out = if o.fan_out > 0 {
        let mode = match o.fan_out_mode {
            FanOutMode::Sequential => "sequential",
            FanOutMode::Parallel => "parallel",
        };
        format!(
            "          - call: db/query\n            count: {}\n            mode: {mode}\n",
            o.fan_out
        )
    } else {
        String::new()
    };
    let db = if o.fan_out > 0 {
        format!(
            "  - name: db\n    port: {DB_PORT}\n{}    endpoints:\n      - route: /query\n        \
             body: \"[]\"\n        steps:\n          - db: SELECT id, value FROM items WHERE \
             id = ?\n          - db: SELECT tag FROM item_tags WHERE item_id = ?\n",
            workers(o.workers_db)
        )
    } else {
        String::new()
    };
    let mut text = LAB.text.to_string();
    for (from, to) in [
        (
            "network_delay: 2ms",
            format!("network_delay: {}ms", o.network_delay_ms),
        ),
        ("rate: 20%", format!("rate: {}%", o.error_rate_percent)),
        (
            "    port: 5000\n",
            format!("    port: 5000\n{}", workers(o.workers_a)),
        ),
        (
            "    port: 5001\n",
            format!("    port: 5001\n{}", workers(o.workers_b)),
        ),
        (
            "          - work: 100ms..500ms\n",
            format!("{fan_out}          - work: 100ms..500ms\n"),
        ),
    ] {
        text = text.replacen(from, &to, 1);
    }
    text.push_str(&db);
    for (name, on) in [("heavy_calc", o.heavy_calc), ("random_500s", o.random_500s)] {
        if let Ok(changed) = set_switch(&text, Format::Yaml, name, on) {
            text = changed;
        }
    }
    text
}

/// The lab options a valid text describes, if it describes the lab (the same scenario, title,
/// lesson, switches and traffic as [`lab_text`] of those options); `base` gives what a text
/// does not carry (sampler, semantic conventions, propagation).
pub fn lab_options_of(
    text: &str,
    loaded: &LoadedScenario,
    base: &LabOptions,
) -> Option<LabOptions> {
    let services = &loaded.scenario.services;
    let service = |name: &str| services.iter().find(|s| &*s.name == name);
    let (a, b) = (service("service-a")?, service("service-b")?);
    let switch = |name: &str| loaded.switches.iter().any(|s| s.name == name && s.enabled);
    let fan_out = b.endpoints.first().and_then(|e| {
        e.steps.iter().find_map(|step| match step {
            Step::Call(call) if &*call.target.service == "db" => Some((call.count, call.mode)),
            _ => None,
        })
    });
    // The error rate is in the scenario only while `random_500s` is on: read it with it on.
    let error_rate = set_switch(text, Format::Yaml, "random_500s", true)
        .ok()
        .and_then(|t| parse_scenario(&t, Format::Yaml).ok())
        .and_then(|l| {
            let b = l
                .scenario
                .services
                .iter()
                .find(|s| &*s.name == "service-b")?;
            b.endpoints.first()?.error.as_ref().map(|e| e.rate_percent)
        })?;
    let candidate = LabOptions {
        heavy_calc: switch("heavy_calc"),
        random_500s: switch("random_500s"),
        error_rate_percent: error_rate,
        network_delay_ms: loaded.scenario.network_delay_ms,
        workers_a: a.workers,
        workers_b: b.workers,
        workers_db: service("db").and_then(|s| s.workers),
        fan_out: fan_out.map_or(0, |f| f.0),
        fan_out_mode: fan_out.map_or(base.fan_out_mode, |f| f.1),
        ..base.clone()
    };
    let expected = parse_scenario(&lab_text(&candidate), Format::Yaml).ok()?;
    (expected == *loaded).then_some(candidate)
}

impl State {
    /// The editor's text changed (typed, a preset, a file): parse it; a valid text becomes the
    /// scenario that runs, a broken one only shows its problems.
    pub(super) fn edit_scenario(&mut self, text: String, format: Format) {
        match parse_scenario(&text, format) {
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
                if let Some(options) = lab_options_of(&text, &loaded, &self.settings.lab) {
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

    /// The scenario the page starts with, from the link's settings.
    pub(super) fn scenario_from_settings(&mut self) {
        let text = match &self.settings.scenario {
            ScenarioLink::Lab => lab_text(&self.settings.lab),
            ScenarioLink::Preset(id) => crate::sim::presets::preset(id)
                .map_or_else(|| lab_text(&self.settings.lab), |p| p.text.to_string()),
            ScenarioLink::Custom(text) => text.to_string(),
        };
        let format = Format::guess(&text);
        self.edit_scenario(text, format);
    }

    /// After the controls changed the lab options: the lab's text follows them; a written
    /// scenario's switches of the same names follow the switch controls.
    pub(super) fn follow_controls(&mut self, old: &LabOptions) {
        let new = self.settings.lab.clone();
        if self.settings.scenario == ScenarioLink::Lab {
            if lab_text(old) != lab_text(&new) {
                let text = lab_text(&new);
                self.scenario =
                    ScenarioEditor::valid(text.clone(), Format::Yaml, lab_loaded(&text));
            }
            return;
        }
        let mut text = self.scenario.text.clone();
        for (name, was, is) in [
            ("heavy_calc", old.heavy_calc, new.heavy_calc),
            ("random_500s", old.random_500s, new.random_500s),
        ] {
            if was != is {
                if let Ok(changed) = set_switch(&text, self.scenario.format, name, is) {
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
