//! The Workers fields follow the scenario that runs, and setting one edits that scenario.

use super::{WorkerField, WorkerFields};
use crate::sim::file::{parse_scenario, Format};
use crate::state::{Action, State};
use crate::view::url::{self, Playback, ScenarioLink, Settings};
use std::rc::Rc;

fn state() -> Rc<State> {
    let settings = Settings {
        playback: Playback::Instant,
        ..Settings::default()
    };
    Rc::new(State::new(settings, Vec::new()))
}

fn set(service: &str, workers: Option<u32>) -> Action {
    Action::SetWorkers {
        service: service.into(),
        workers,
    }
}

fn field(id: &str, service: &str, workers: Option<u32>) -> WorkerField {
    WorkerField {
        id: id.into(),
        service: service.into(),
        workers,
    }
}

const TEN: [&str; 10] = [
    "gateway",
    "frontend",
    "cart",
    "catalog",
    "pricing",
    "inventory",
    "payment",
    "fraud",
    "shipping",
    "notification",
];

#[test]
fn the_lab_keeps_its_three_fields_and_their_link_keys() {
    let s = state();
    let WorkerFields {
        fields, editable, ..
    } = s.worker_fields();
    assert!(editable);
    assert_eq!(
        fields,
        [
            field("workers-a", "service-a", None),
            field("workers-b", "service-b", None),
            field("workers-db", "db", None),
        ]
    );
    let s = s.reduce(set("service-b", Some(1)));
    assert_eq!(s.settings.lab.workers_b, Some(1));
    assert_eq!(s.settings.scenario, ScenarioLink::Lab);
    assert!(url::encode(&s.settings).contains("workers_b=1"));
    // The lab's text follows, so the Scenario tab shows the limit.
    assert!(
        s.scenario.text.contains("    port: 5001\n    workers: 1\n"),
        "{}",
        s.scenario.text
    );
    assert_eq!(
        s.worker_fields().fields[1],
        field("workers-b", "service-b", Some(1))
    );
    // db's limit is kept for when Fan-out calls it.
    let s = s.reduce(set("db", Some(3)));
    assert_eq!(s.settings.lab.workers_db, Some(3));
    assert!(url::encode(&s.settings).contains("workers_db=3"));
}

#[test]
fn a_preset_has_one_field_per_service_and_a_field_edits_its_text() {
    let s = state().reduce(Action::LoadPreset("ten-services".into()));
    let fields = s.worker_fields();
    assert!(fields.editable);
    let names: Vec<&str> = fields.fields.iter().map(|f| f.service.as_str()).collect();
    assert_eq!(names, TEN);
    assert!(fields.fields.iter().all(|f| f.workers.is_none()));
    let ids: std::collections::BTreeSet<&str> =
        fields.fields.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids.len(), TEN.len(), "unique ids");

    let s = s.reduce(set("payment", Some(2)));
    assert!(
        s.scenario
            .text
            .contains("  - name: payment\n    workers: 2\n"),
        "{}",
        s.scenario.text
    );
    let payment = |s: &State| {
        (s.running_scenario().services.iter())
            .find(|x| &*x.name == "payment")
            .and_then(|x| x.workers)
    };
    assert_eq!(payment(&s), Some(2), "the run uses it");
    assert_eq!(
        s.worker_fields().fields[6],
        field("workers-6", "payment", Some(2))
    );
    // The link carries the edited text, so it reproduces the limit.
    let ScenarioLink::Custom(text) = &s.settings.scenario else {
        panic!("a written scenario: {:?}", s.settings.scenario);
    };
    assert_eq!(&**text, s.scenario.text.as_str());
    let linked = url::decode(&url::encode(&s.settings)).settings;
    assert_eq!(linked.scenario, s.settings.scenario);
    // Back to unlimited: written as such.
    let s = s.reduce(set("payment", None));
    assert!(s.scenario.text.contains("    workers: unlimited\n"));
    assert_eq!(payment(&s), None);
    let again = parse_scenario(&s.scenario.text, Format::Yaml).expect("valid");
    assert_eq!(again.title, "Ten services");
}

#[test]
fn what_changes_nothing_returns_the_same_state() {
    let lab = state();
    assert!(Rc::ptr_eq(
        &lab,
        &lab.clone().reduce(set("service-a", None))
    ));
    assert!(Rc::ptr_eq(
        &lab,
        &lab.clone().reduce(set("payment", Some(2)))
    ));
    let ten = state().reduce(Action::LoadPreset("ten-services".into()));
    assert!(Rc::ptr_eq(&ten, &ten.clone().reduce(set("pricing", None))));
    assert!(Rc::ptr_eq(
        &ten,
        &ten.clone().reduce(set("service-a", Some(2)))
    ));
}

#[test]
fn a_broken_text_makes_the_fields_read_only_with_the_last_valid_limits() {
    let s = state().reduce(Action::LoadPreset("ten-services".into()));
    let s = s.reduce(set("cart", Some(4)));
    let broken = s.scenario.text.replace("title:", "titel:");
    let s = s.reduce(Action::EditScenario(broken.clone()));
    let fields = s.worker_fields();
    assert!(!fields.editable);
    assert!(fields.hint.contains("has problems"), "{}", fields.hint);
    assert_eq!(fields.fields[2], field("workers-2", "cart", Some(4)));
    let same = s.clone().reduce(set("cart", Some(5)));
    assert!(Rc::ptr_eq(&s, &same));
    assert_eq!(same.scenario.text, broken);
}

#[test]
fn a_json_scenario_gets_its_limit_in_json() {
    let json = r#"{"services": [{"name": "solo", "endpoints": [{"route": "/", "steps": []}]}]}"#;
    let s = state().reduce(Action::OpenScenario {
        name: "solo.json".into(),
        text: json.into(),
    });
    let s = s.reduce(set("solo", Some(9)));
    assert_eq!(
        s.scenario.text,
        r#"{"services": [{"name": "solo", "workers": 9, "endpoints": [{"route": "/", "steps": []}]}]}"#
    );
    assert_eq!(
        s.worker_fields().fields,
        [field("workers-0", "solo", Some(9))]
    );
}
