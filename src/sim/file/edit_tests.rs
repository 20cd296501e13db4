//! `set_workers`: every layout a scenario may be written in keeps its text and changes only
//! the one worker limit.

use super::set_workers;
use crate::sim::file::{parse_scenario, Format};
use crate::sim::presets::PRESETS;

const YAML: &str = "\
title: Two
services:
  # the caller
  - name: front
    port: 5000
    endpoints:
      - route: /
        steps:
          - call: back/data
  - name: back
    port: 5001
    workers: 2 # a small pool
    endpoints:
      - route: /data
        steps:
          - work: 10ms
";

const JSON: &str = r#"{
  "title": "Two",
  "services": [
    {"name": "front", "port": 5000,
     "endpoints": [{"route": "/", "steps": [{"call": "back/data"}]}]},
    {"name": "back", "workers": 2,
     "endpoints": [{"route": "/data", "steps": [{"work": "10ms"}]}]}
  ]
}"#;

fn workers_of(text: &str, format: Format) -> Vec<(String, Option<u32>)> {
    let loaded = parse_scenario(text, format).expect("valid");
    loaded
        .scenario
        .services
        .iter()
        .map(|s| (s.name.to_string(), s.workers))
        .collect()
}

fn w(pairs: &[(&str, Option<u32>)]) -> Vec<(String, Option<u32>)> {
    pairs.iter().map(|(n, w)| (n.to_string(), *w)).collect()
}

/// (text, format, service, new limit, the line that must appear, every service's limits after).
type LayoutRow<'a> = (
    &'a str,
    Format,
    &'a str,
    Option<u32>,
    &'a str,
    &'a [(&'a str, Option<u32>)],
);

#[test]
fn each_layout_gets_exactly_the_new_limit() {
    let rows: &[LayoutRow] = &[
        // An existing value is rewritten in place; its comment stays.
        (
            YAML,
            Format::Yaml,
            "back",
            Some(7),
            "    workers: 7 # a small pool\n",
            &[("front", None), ("back", Some(7))],
        ),
        (
            YAML,
            Format::Yaml,
            "back",
            None,
            "    workers: unlimited # a small pool\n",
            &[("front", None), ("back", None)],
        ),
        // A missing one goes on the line after `- name:`, indented like `name`.
        (
            YAML,
            Format::Yaml,
            "front",
            Some(3),
            "  - name: front\n    workers: 3\n    port: 5000\n",
            &[("front", Some(3)), ("back", Some(2))],
        ),
        // JSON: in place, quoted `"unlimited"`, or added after the name in the same object.
        (
            JSON,
            Format::Json,
            "back",
            Some(64),
            "{\"name\": \"back\", \"workers\": 64,",
            &[("front", None), ("back", Some(64))],
        ),
        (
            JSON,
            Format::Json,
            "back",
            None,
            "\"workers\": \"unlimited\"",
            &[("front", None), ("back", None)],
        ),
        (
            JSON,
            Format::Json,
            "front",
            Some(1),
            "{\"name\": \"front\", \"workers\": 1, \"port\": 5000,",
            &[("front", Some(1)), ("back", Some(2))],
        ),
    ];
    for (text, format, service, limit, line, after) in rows {
        let edited = set_workers(text, *format, service, *limit).expect("edits");
        assert!(edited.contains(line), "{service} {limit:?}: {edited}");
        assert_eq!(
            workers_of(&edited, *format),
            w(after),
            "{service} {limit:?}"
        );
        // Nothing else moved: undoing the edit's lines gives back the same length change only.
        assert!(edited.len().abs_diff(text.len()) <= line.len(), "{edited}");
    }
}

#[test]
fn unlimited_where_nothing_is_written_leaves_the_text_alone() {
    let same = set_workers(YAML, Format::Yaml, "front", None).expect("edits");
    assert_eq!(same, YAML);
}

#[test]
fn a_quoted_name_key_and_a_name_on_the_last_line_still_take_the_limit() {
    let quoted =
        "services:\n  - \"name\": solo\n    endpoints:\n      - route: /\n        steps: []\n";
    let edited = set_workers(quoted, Format::Yaml, "solo", Some(4)).expect("edits");
    assert!(
        edited.contains("  - \"name\": solo\n    workers: 4\n"),
        "{edited}"
    );
    assert_eq!(workers_of(&edited, Format::Yaml), w(&[("solo", Some(4))]));
    let last = "services:\n  - endpoints: [{route: /, steps: []}]\n    name: solo";
    let edited = set_workers(last, Format::Yaml, "solo", Some(4)).expect("edits");
    assert_eq!(edited, format!("{last}\n    workers: 4\n"));
}

#[test]
fn every_preset_takes_a_limit_on_every_service() {
    for preset in PRESETS {
        let loaded = preset.load().expect("preset");
        for service in &loaded.scenario.services {
            let edited = set_workers(preset.text, Format::Yaml, &service.name, Some(5))
                .unwrap_or_else(|e| panic!("{} {}: {e}", preset.id, service.name));
            let after = parse_scenario(&edited, Format::Yaml).expect("valid");
            for (b, a) in loaded
                .scenario
                .services
                .iter()
                .zip(&after.scenario.services)
            {
                let want = if a.name == service.name {
                    Some(5)
                } else {
                    b.workers
                };
                assert_eq!(a.workers, want, "{} {}", preset.id, a.name);
            }
        }
    }
}

/// Each refusal names what is wrong and what to do.
#[test]
fn bad_requests_are_refused_with_a_message() {
    let rows: &[(&str, &str, Option<u32>, &str)] = &[
        (
            YAML,
            "bak",
            Some(2),
            "there is no service named `bak`; did you mean `back`?",
        ),
        (
            YAML,
            "back",
            Some(0),
            "workers must be between 1 and 64, or unlimited; got 0",
        ),
        (
            YAML,
            "back",
            Some(65),
            "workers must be between 1 and 64, or unlimited; got 65",
        ),
        ("services: [", "back", Some(2), ""),
    ];
    for (text, service, limit, message) in rows {
        let error = set_workers(text, Format::Yaml, service, *limit).expect_err("refused");
        assert!(error.to_string().contains(message), "{error}");
    }
    // A name the page cannot point at (an alias of the title's anchor): the text is left
    // alone and the message says what to write.
    let alias =
        "title: &n front\nservices:\n  - name: *n\n    endpoints: [{route: /, steps: []}]\n";
    assert_eq!(workers_of(alias, Format::Yaml), w(&[("front", None)]));
    let error = set_workers(alias, Format::Yaml, "front", Some(2)).expect_err("refused");
    assert!(
        error
            .to_string()
            .contains("write `workers: 2` in it by hand"),
        "{error}"
    );
}
