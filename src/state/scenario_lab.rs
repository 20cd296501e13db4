//! The lab as a scenario without the scenario reader (issue 11: the reader is a second wasm
//! module that arrives after the first paint, see `crate::sim::file::reader`), so the page
//! starts, runs the lab and moves its controls with no YAML parsed:
//!
//! - [`lab_loaded`]: what the reader would make of [`lab_text`], built from the options
//!   (`Scenario::lab_with`, which the lab has always run as); `scenario_lab_tests.rs` checks it
//!   equals the parsed text for every control;
//! - [`lab_text`]: the lab preset with the options written in, by plain text replacement of
//!   lines the preset is known to have (the same tests compare it with the reader's
//!   `set_switch`);
//! - [`lab_options_of`]: which options a text describes, if it describes the lab; this one
//!   needs the reader (it parses the text), and is only asked after a parse.

use crate::sim::file::reader::ScenarioReader;
use crate::sim::file::{Format, LoadedScenario, Switch, Traffic};
use crate::sim::presets::LAB;
use crate::sim::{Arrival, FanOutMode, LabOptions, Scenario, Step, DB_PORT};

/// The lab preset's switches, as `lab.yaml` writes them (checked by a test).
const LAB_SWITCHES: [(&str, &str); 2] = [
    (
        "heavy_calc",
        "Challenge 1: a manual heavy_calc span in service-b",
    ),
    (
        "random_500s",
        "Challenge 2: service-b answers 500 at random",
    ),
];

/// The lab with `options`, as the reader reads [`lab_text`] of them.
pub fn lab_loaded(o: &LabOptions) -> LoadedScenario {
    LoadedScenario {
        // Read from the preset's plain `title:` / `lesson:` lines, so they are written once.
        title: LAB.title(),
        lesson: LAB.lesson(),
        // The options come from the controls and links, which keep them in range; should they
        // not be, the lab's defaults run (as `running_scenario` does).
        scenario: Scenario::lab_with(o).unwrap_or_else(|_| Scenario::lab()),
        traffic: Traffic {
            arrival: Arrival::default(),
            requests: 1,
        },
        switches: LAB_SWITCHES
            .iter()
            .map(|(name, label)| Switch {
                name: name.to_string(),
                label: label.to_string(),
                enabled: match *name {
                    "heavy_calc" => o.heavy_calc,
                    _ => o.random_500s,
                },
            })
            .collect(),
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
        text = turn_lab_switch(&text, name, on);
    }
    text
}

/// The first `enabled: false` after the switch's `- name:` line, turned on (the lab preset
/// writes every switch off, each with its `enabled:` line).
fn turn_lab_switch(text: &str, name: &str, on: bool) -> String {
    const OFF: &str = "enabled: false";
    let Some(at) = text.find(&format!("- name: {name}\n")) else {
        return text.to_string();
    };
    match text[at..].find(OFF) {
        Some(offset) if on => {
            let start = at + offset;
            format!(
                "{}enabled: true{}",
                &text[..start],
                &text[start + OFF.len()..]
            )
        }
        _ => text.to_string(),
    }
}

/// The lab options a valid text describes, if it describes the lab (the same scenario, title,
/// lesson, switches and traffic as [`lab_text`] of those options); `base` gives what a text
/// does not carry (sampler, semantic conventions, propagation).
pub fn lab_options_of(
    reader: &dyn ScenarioReader,
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
    let error_rate = reader
        .set_switch(text, Format::Yaml, "random_500s", true)
        .ok()
        .and_then(|t| reader.parse(&t, Format::Yaml).ok())
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
    // `lab_loaded` is what a parse of `lab_text(&candidate)` gives (tests), without a parse.
    (lab_loaded(&candidate) == *loaded).then_some(candidate)
}

#[cfg(test)]
#[path = "scenario_lab_tests.rs"]
mod tests;
