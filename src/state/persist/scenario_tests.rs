//! Which scenario a page starts with (the link's, the kept one, the lab), and what is kept.

use super::{keep, start, ScenarioSource};
use crate::sim::presets::{self, LAB};
use crate::state::{Action, State};
use crate::view::url::{self, scenario::compress, ScenarioLink, Settings};
use std::rc::Rc;

const MINE: &str = "title: Mine\nservices:\n  - name: solo\n    endpoints:\n      - route: /\n        steps:\n          - work: 5ms\n";

/// The kept record: the scenario text itself.
fn kept(text: &str) -> String {
    text.to_string()
}

fn custom(text: &str) -> ScenarioLink {
    ScenarioLink::Custom(text.into())
}

/// (case, link, saved settings, kept record, source, scenario, a notice containing).
type StartRow = (
    &'static str,
    String,
    Option<String>,
    Option<String>,
    ScenarioSource,
    ScenarioLink,
    &'static str,
);

#[test]
fn the_link_wins_then_the_kept_scenario_then_the_lab() {
    let mine_link = format!("seed=3&scenario={}", compress(MINE));
    let other = MINE.replace("Mine", "Other");
    let rows: Vec<StartRow> = vec![
        ("a link's preset beats the kept one", "seed=3&scenario=incident".into(), None, Some(kept(MINE)),
            ScenarioSource::Link, ScenarioLink::Preset("incident"), ""),
        ("a link's written scenario beats the kept one", mine_link.clone(), None, Some(kept(&other)),
            ScenarioSource::Link, custom(MINE), ""),
        ("a link naming the lab beats the kept one", "seed=3&scenario=lab".into(), None, Some(kept(MINE)),
            ScenarioSource::Link, ScenarioLink::Lab, ""),
        ("a bad link value is the link's word: the lab, with the link's notice", "seed=3&scenario=nope".into(), None,
            Some(kept(MINE)), ScenarioSource::Link, ScenarioLink::Lab, ""),
        ("a link without a scenario is the lab, and says the kept one is still there", "seed=3".into(), None,
            Some(kept(MINE)), ScenarioSource::Default, ScenarioLink::Lab,
            "This link names no scenario, so the lab runs. Your scenario from the last visit (Mine) stays kept"),
        ("scenario=kept brings back the kept one", "seed=3&scenario=kept".into(), None, Some(kept(MINE)),
            ScenarioSource::Kept, custom(MINE), "Your scenario from the last visit is back: Mine."),
        ("a kept preset comes back as that preset's text", "seed=3&scenario=kept".into(), None,
            Some(kept(presets::preset("retry-storm").expect("preset").text)), ScenarioSource::Kept,
            custom(presets::preset("retry-storm").expect("preset").text), "is back: Retry storm"),
        ("scenario=kept where nothing is kept: the lab, and why", "seed=3&scenario=kept".into(), None, None,
            ScenarioSource::Default, ScenarioLink::Lab, "too long for a link, so it stayed in the browser that made it"),
        ("saved settings with a scenario are a link's", "".into(), Some("seed=9&scenario=one-worker".into()),
            Some(kept(MINE)), ScenarioSource::Link, ScenarioLink::Preset("one-worker"), ""),
        ("saved settings naming the kept one bring it back", "".into(), Some("seed=9&scenario=kept".into()),
            Some(kept(MINE)), ScenarioSource::Kept, custom(MINE), "is back: Mine"),
        ("nothing kept: the lab", "seed=3".into(), None, None, ScenarioSource::Default, ScenarioLink::Lab, ""),
        ("garbage: the lab, and why", "seed=3&scenario=kept".into(), None, Some("<b>not a scenario".into()),
            ScenarioSource::Default, ScenarioLink::Lab,
            "The scenario kept from your last visit has 1 problem(s) this page does not accept (the first: "),
        ("a text this page refuses: the lab, and its first problem", "seed=3&scenario=kept".into(), None,
            Some(kept("services:\n  - name: a\n    wrokers: 2\n")), ScenarioSource::Default, ScenarioLink::Lab,
            "has 1 problem(s) this page does not accept (the first: line 3, column 5:"),
    ];
    for (case, link, saved, record, source, scenario, notice) in rows {
        let s = start(&link, saved, record.as_deref());
        assert_eq!(s.source, source, "{case}");
        assert_eq!(s.decoded.settings.scenario, scenario, "{case}");
        if notice.is_empty() {
            assert!(s.notices.is_empty(), "{case}: {:?}", s.notices);
        } else {
            assert_eq!(s.notices.len(), 1, "{case}");
            assert!(s.notices[0].contains(notice), "{case}: {}", s.notices[0]);
        }
    }
}

#[test]
fn the_rest_of_the_settings_still_come_from_the_link() {
    let s = start("seed=77&workers_b=2&heavy_calc=1", None, Some(&kept(MINE)));
    assert_eq!(s.decoded.settings.seed, 77);
    assert!(s.decoded.seed_from_link);
    assert_eq!(s.decoded.settings.lab.workers_b, Some(2));
    assert!(s.decoded.settings.lab.heavy_calc);
    let bad = start("seed=77&scenario=nope", None, None);
    assert_eq!(bad.decoded.notices.len(), 1, "the link's own notice stays");
}

/// What is kept mirrors what runs; the lab keeps nothing, so Reset to the lab forgets it.
#[test]
fn what_runs_is_what_is_kept_and_the_lab_keeps_nothing() {
    let page = Rc::new(State::new(Settings::default(), Vec::new()));
    assert_eq!(keep(&page.settings), None);
    let edited = page.clone().reduce(Action::EditScenario(MINE.into()));
    let record = keep(&edited.settings).expect("kept");
    let again = start("seed=1&scenario=kept", None, Some(&record));
    assert_eq!(again.decoded.settings.scenario, custom(MINE));
    // The page built from it runs the same text.
    let restored = State::new(again.decoded.settings, again.notices);
    assert_eq!(restored.scenario.text, MINE);
    assert_eq!(restored.scenario.loaded.title, "Mine");
    assert_eq!(restored.notices.len(), 1);

    let preset = page.clone().reduce(Action::LoadPreset("incident".into()));
    let record = keep(&preset.settings).expect("kept");
    let restored = State::new(
        start("seed=1&scenario=kept", None, Some(&record))
            .decoded
            .settings,
        Vec::new(),
    );
    assert_eq!(
        restored.settings.scenario,
        ScenarioLink::Preset("incident"),
        "a preset again"
    );

    let reset = edited.reduce(Action::ResetScenario);
    assert_eq!(
        keep(&reset.settings),
        None,
        "Reset to the lab forgets the kept scenario"
    );
    // Pressed while the lab runs, it still counts as a press: the shell forgets a scenario
    // kept from an earlier visit (which a link to the lab left alone).
    let lab_page = Rc::new(State::new(Settings::default(), Vec::new()));
    let pressed = lab_page.clone().reduce(Action::ResetScenario);
    assert_eq!(keep(&pressed.settings), keep(&lab_page.settings));
    assert_eq!(pressed.scenario_resets, lab_page.scenario_resets + 1);
    // An edit that is the lab again (here: its default text) also keeps nothing.
    let lab_again = preset.reduce(Action::EditScenario(LAB.text.into()));
    assert_eq!(lab_again.settings.scenario, ScenarioLink::Lab);
    assert_eq!(keep(&lab_again.settings), None);
}

/// A scenario too long for a link: the link says `scenario=kept`, and the kept record brings it
/// back (a link that leaves the scenario out is the lab).
#[test]
fn a_scenario_too_long_for_a_link_survives_through_the_kept_record() {
    let mut text = String::from("title: Long\nservices:\n");
    for i in 0..40 {
        text.push_str(&format!(
            "  - name: s{i}\n    resource:\n      note: \"{}\"\n    endpoints:\n      - route: /\n        steps:\n          - work: 1ms\n",
            (0..60).map(|k| format!("{:x}", (i * 7919 + k * 104_729) % 65_521)).collect::<String>()
        ));
    }
    let page = Rc::new(State::new(Settings::default(), Vec::new()))
        .reduce(Action::EditScenario(text.clone()));
    assert!(
        page.scenario.errors.is_empty(),
        "{:?}",
        page.scenario.errors
    );
    assert!(url::scenario::too_long_for_link(&page.settings).is_some());
    let link = url::encode(&page.settings);
    assert!(link.contains("scenario=kept"), "{link}");
    let s = start(&link, None, keep(&page.settings).as_deref());
    assert_eq!(s.source, ScenarioSource::Kept);
    assert_eq!(s.decoded.settings.scenario, custom(&text));
}
