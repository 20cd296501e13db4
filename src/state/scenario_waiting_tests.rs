//! Texts waiting for the scenario reader (a second wasm module in the browser, here taken away
//! with `reader::install(None)`): the lab never waits; a link's scenario waits, refuses to run
//! as something else meanwhile, and runs once the reader is there; a typed text waits and is
//! read then; a link's scenario that does not read gives way to the lab with a notice and its
//! text kept.

use crate::sim::file::reader::{install, Direct};
use crate::sim::presets::preset;
use crate::state::scenario::WAITING_FOR_READER;
use crate::state::{Action, State};
use crate::view::url::{Playback, ScenarioLink, Settings};
use std::rc::Rc;

const NOW: u64 = 1_700_000_000_000_000_000;

fn starting_with(scenario: ScenarioLink) -> Rc<State> {
    let settings = Settings {
        playback: Playback::Instant,
        scenario,
        ..Settings::default()
    };
    Rc::new(State::new(settings, Vec::new()))
}

fn send(state: &Rc<State>) -> Rc<State> {
    state
        .clone()
        .reduce(Action::SendRequest { now_unix_nano: NOW })
}

fn without_reader<T>(f: impl FnOnce() -> T) -> T {
    install(None);
    let out = f();
    install(Some(Rc::new(Direct)));
    out
}

#[test]
fn the_lab_runs_before_the_reader_arrives() {
    let s = without_reader(|| send(&starting_with(ScenarioLink::Lab)));
    assert_eq!(s.scenario.waiting, None);
    assert_eq!(s.store.len(), 1, "the request ran");
    assert_eq!(s.scenario.loaded.title, "The lab");
}

#[test]
fn a_preset_link_waits_for_the_reader_and_runs_once_it_is_there() {
    let ten = preset("ten-services").unwrap();
    let (waiting, sent) = without_reader(|| {
        let s = starting_with(ScenarioLink::Preset(ten.id));
        let sent = send(&s);
        (s, sent)
    });
    assert_eq!(waiting.scenario.waiting, Some(true));
    assert_eq!(waiting.scenario.text, ten.text, "the editor shows the text");
    assert_eq!(waiting.settings.scenario, ScenarioLink::Preset(ten.id));
    assert!(!waiting.worker_fields().editable);
    // Not the lab in the preset's place: nothing runs, and the page says why.
    assert_eq!(sent.store.len(), 0);
    assert!(sent.notices.iter().any(|n| n.text == WAITING_FOR_READER));

    let ready = waiting.reduce(Action::ReaderReady);
    assert_eq!(ready.scenario.waiting, None);
    assert_eq!(ready.scenario.loaded.title, "Ten services");
    assert_eq!(ready.settings.scenario, ScenarioLink::Preset(ten.id));
    assert_eq!(send(&ready).store.len(), 1);
    // A second arrival changes nothing.
    assert!(Rc::ptr_eq(
        &ready,
        &ready.clone().reduce(Action::ReaderReady)
    ));
}

#[test]
fn a_text_typed_before_the_reader_is_read_when_it_arrives() {
    let text = preset("one-worker").unwrap().text.to_string();
    let typed = without_reader(|| {
        starting_with(ScenarioLink::Lab).reduce(Action::EditScenario(text.clone()))
    });
    assert_eq!(typed.scenario.waiting, Some(false));
    assert_eq!(
        typed.settings.scenario,
        ScenarioLink::Lab,
        "the lab still runs"
    );
    assert_eq!(send(&typed).store.len(), 1, "and answers");
    let ready = typed.reduce(Action::ReaderReady);
    assert_eq!(ready.settings.scenario, ScenarioLink::Preset("one-worker"));
    assert_eq!(ready.scenario.loaded.title, "One worker");
}

#[test]
fn a_link_scenario_that_does_not_read_gives_way_to_the_lab_and_keeps_its_text() {
    let broken = "title: Mine\nservices:\n  - name: a\n    endpoints:\n      - route: /\n        steps:\n          - call: nowhere/x\n";
    let waiting = without_reader(|| starting_with(ScenarioLink::Custom(broken.into())));
    assert_eq!(waiting.scenario.waiting, Some(true));
    let ready = waiting.clone().reduce(Action::ReaderReady);
    assert_eq!(ready.settings.scenario, ScenarioLink::Lab);
    assert_eq!(
        ready.scenario_rebases,
        waiting.scenario_rebases + 1,
        "not a learner's choice"
    );
    assert_eq!(ready.scenario.text, broken, "the text stays, to be fixed");
    assert!(!ready.scenario.errors.is_empty());
    assert_eq!(ready.scenario.loaded.title, "The lab");
    let notice = ready.notices.last().expect("a notice").text.clone();
    assert!(
        notice.starts_with("The scenario this page opened with has 1 problem(s)"),
        "{notice}"
    );
    assert!(notice.contains("nowhere"), "{notice}");
    assert_eq!(send(&ready).store.len(), 1, "the lab runs");
}

/// A link's written scenario (`scenario=z.…`) before the reader: the link keeps its value as
/// it is; the reader unpacks it and it runs, with the page's kept record left alone
/// (`scenario_rebases`); a broken value gives the lab and says why.
#[test]
fn a_packed_link_waits_for_the_reader_to_unpack_it() {
    let text = preset("one-worker")
        .unwrap()
        .text
        .replace("One worker", "My worker");
    let value = crate::view::url::scenario::compress(&text);
    let query = format!("playback=instant&scenario={value}");
    let (waiting, link) = without_reader(|| {
        let decoded = crate::view::url::decode(&query);
        assert!(decoded.notices.is_empty(), "{:?}", decoded.notices);
        let state = Rc::new(State::new(decoded.settings, Vec::new()));
        let link = crate::view::url::encode(&state.settings);
        (state, link)
    });
    assert_eq!(
        waiting.settings.scenario,
        ScenarioLink::Packed(value.as_str().into())
    );
    assert!(link.contains(&value), "the link keeps its value: {link}");
    assert_eq!(waiting.scenario.waiting, Some(true));
    assert!(send(&waiting)
        .notices
        .iter()
        .any(|n| n.text == WAITING_FOR_READER));

    let ready = waiting.clone().reduce(Action::ReaderReady);
    assert_eq!(
        ready.settings.scenario,
        ScenarioLink::Custom(text.as_str().into())
    );
    assert_eq!(ready.scenario.loaded.title, "My worker");
    assert_eq!(ready.scenario.text, text);
    assert_eq!(ready.scenario_rebases, waiting.scenario_rebases + 1);
    assert_eq!(send(&ready).store.len(), 1);

    let broken = without_reader(|| {
        let decoded = crate::view::url::decode("playback=instant&scenario=z.!!!");
        Rc::new(State::new(decoded.settings, Vec::new()))
    });
    let ready = broken.reduce(Action::ReaderReady);
    assert_eq!(ready.settings.scenario, ScenarioLink::Lab);
    let notice = &ready.notices.last().expect("a notice").text;
    assert!(
        notice.starts_with("This link's scenario could not be read ("),
        "{notice}"
    );
    assert_eq!(send(&ready).store.len(), 1, "the lab runs");
}
