//! The scenario editor's state (issue 12): the lab's text follows its controls and back, a
//! broken edit keeps the last valid scenario running, presets and written scenarios run.

use super::{lab_options_of, lab_text};
use crate::sim::file::{parse_scenario, Format};
use crate::sim::presets::{LAB, PRESETS};
use crate::sim::{FanOutMode, LabOptions, Scenario};
use crate::state::{Action, State};
use crate::view::url::{Playback, ScenarioLink, Settings};
use std::rc::Rc;

const NOW: u64 = 1_700_000_000_000_000_000;

fn state() -> Rc<State> {
    let settings = Settings {
        playback: Playback::Instant,
        ..Settings::default()
    };
    Rc::new(State::new(settings, Vec::new()))
}

fn lab(change: impl Fn(&mut LabOptions)) -> LabOptions {
    let mut o = LabOptions::default();
    change(&mut o);
    o
}

#[test]
fn the_default_lab_text_is_the_lab_preset() {
    assert_eq!(lab_text(&LabOptions::default()), LAB.text);
    assert_eq!(state().scenario.text, LAB.text);
    assert_eq!(state().settings.scenario, ScenarioLink::Lab);
}

/// Every control the lab has, written into the text, gives exactly `Scenario::lab_with` (so
/// the lab's spans cannot change), and the text reads back as the same options.
#[test]
fn the_lab_text_describes_the_lab_options_and_reads_back() {
    let rows = [
        lab(|o| o.heavy_calc = true),
        lab(|o| o.random_500s = true),
        lab(|o| {
            o.random_500s = true;
            o.error_rate_percent = 37.5;
        }),
        lab(|o| o.error_rate_percent = 3.0),
        lab(|o| o.network_delay_ms = 12.25),
        lab(|o| o.network_delay_ms = 0.0),
        lab(|o| {
            o.workers_a = Some(2);
            o.workers_b = Some(1);
        }),
        lab(|o| o.fan_out = 5),
        lab(|o| {
            o.fan_out = 20;
            o.fan_out_mode = FanOutMode::Parallel;
            o.workers_db = Some(3);
        }),
    ];
    for options in rows {
        let text = lab_text(&options);
        let loaded = parse_scenario(&text, Format::Yaml).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            loaded.scenario,
            Scenario::lab_with(&options).unwrap(),
            "{options:?}\n{text}"
        );
        let back = lab_options_of(
            &crate::sim::file::reader::Direct,
            &text,
            &loaded,
            &LabOptions::default(),
        );
        assert_eq!(back, Some(options.clone()), "{text}");
    }
}

#[test]
fn a_lab_control_rewrites_the_text_and_a_lab_edit_moves_the_control() {
    let s = state();
    let mut settings = s.settings.clone();
    settings.lab.heavy_calc = true;
    settings.lab.workers_b = Some(4);
    let s = s.reduce(Action::SetSettings(settings));
    assert!(
        s.scenario.text.contains("enabled: true"),
        "{}",
        s.scenario.text
    );
    assert!(s.scenario.text.contains("workers: 4"));
    assert_eq!(s.settings.scenario, ScenarioLink::Lab);
    // Typing the lab's delay moves the Network delay control.
    let text = s
        .scenario
        .text
        .replace("network_delay: 2ms", "network_delay: 7ms");
    let s = s.reduce(Action::EditScenario(text));
    assert_eq!(s.settings.lab.network_delay_ms, 7.0);
    assert_eq!(s.settings.scenario, ScenarioLink::Lab);
    assert!(s.scenario.errors.is_empty());
}

#[test]
fn a_broken_edit_keeps_the_last_valid_scenario_running_and_names_the_line() {
    let s = state().reduce(Action::LoadPreset("ten-services".into()));
    assert_eq!(s.settings.scenario, ScenarioLink::Preset("ten-services"));
    let running = s.scenario.loaded.clone();
    let broken = s.scenario.text.replacen("services:", "servces:", 1);
    let line = broken
        .lines()
        .position(|l| l.starts_with("servces:"))
        .unwrap()
        + 1;
    let s = s.reduce(Action::EditScenario(broken.clone()));
    assert_eq!(s.scenario.text, broken);
    let first = &s.scenario.errors[0];
    assert_eq!(first.at.map(|p| p.line), Some(line), "{first}");
    assert!(first.message.contains("services"), "{first}");
    assert_eq!(s.scenario.loaded, running);
    assert_eq!(s.settings.scenario, ScenarioLink::Preset("ten-services"));
    // It still runs: ten services in the trace.
    let s = s.reduce(Action::SendRequest { now_unix_nano: NOW });
    let trace = s.selected().expect("a trace opened");
    let services: std::collections::BTreeSet<_> = trace
        .spans
        .iter()
        .map(|sp| sp.service_name().to_string())
        .collect();
    assert!(services.contains("pricing"), "{services:?}");
    // The fix makes it a written scenario again (the text differs from the preset's).
    let fixed = broken.replacen("servces:", "services:", 1) + "\n# mine\n";
    let s = s.reduce(Action::EditScenario(fixed.clone()));
    assert!(s.scenario.errors.is_empty());
    assert_eq!(
        s.settings.scenario,
        ScenarioLink::Custom(fixed.as_str().into())
    );
}

#[test]
fn every_preset_loads_and_sends_a_request() {
    for preset in PRESETS {
        let s = state().reduce(Action::LoadPreset(preset.id.into()));
        assert!(s.scenario.errors.is_empty(), "{}", preset.id);
        assert_eq!(s.scenario.loaded.lesson, preset.load().unwrap().lesson);
        let s = s.reduce(Action::SendRequest { now_unix_nano: NOW });
        assert!(!s.store.is_empty(), "{}: {}", preset.id, s.status);
    }
}

#[test]
fn run_uses_the_scenarios_traffic() {
    let s = state().reduce(Action::LoadPreset("incident".into()));
    let requests = s.scenario.loaded.traffic.requests;
    assert!(requests > 1);
    let s = s.reduce(Action::RunScenario { now_unix_nano: NOW });
    assert_eq!(
        s.load.as_ref().map(|l| l.total),
        Some(requests),
        "{}",
        s.status
    );
}

#[test]
fn switch_controls_turn_a_written_scenarios_switches() {
    let text = LAB.text.replace("title: The lab", "title: My lab");
    let s = state().reduce(Action::EditScenario(text));
    assert!(matches!(s.settings.scenario, ScenarioLink::Custom(_)));
    let mut settings = s.settings.clone();
    settings.lab.random_500s = true;
    let s = s.reduce(Action::SetSettings(settings));
    let on = s
        .scenario
        .loaded
        .switches
        .iter()
        .find(|w| w.name == "random_500s");
    assert_eq!(on.map(|w| w.enabled), Some(true));
    assert!(s.scenario.text.contains("title: My lab"));
}

#[test]
fn reset_returns_to_the_lab_and_keeps_the_run_settings() {
    let s = state().reduce(Action::LoadPreset("retry-storm".into()));
    let mut settings = s.settings.clone();
    settings.lab.propagate = false;
    settings.lab.workers_a = Some(3);
    let s = s
        .reduce(Action::SetSettings(settings))
        .reduce(Action::ResetScenario);
    assert_eq!(s.settings.scenario, ScenarioLink::Lab);
    assert_eq!(s.scenario.text, LAB.text);
    assert!(!s.settings.lab.propagate);
    assert_eq!(s.settings.lab.workers_a, None);
}

#[test]
fn an_opened_json_file_is_read_as_json() {
    let json = crate::sim::file::to_json(LAB.text, Format::Yaml).unwrap();
    let json = json.replace("The lab", "JSON lab");
    let s = state().reduce(Action::OpenScenario {
        name: "mine.json".into(),
        text: json,
    });
    assert_eq!(s.scenario.format, Format::Json);
    assert_eq!(s.scenario.loaded.title, "JSON lab");
}
