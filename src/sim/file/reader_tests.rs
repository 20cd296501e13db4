//! The main module's [`Remote`] reader, over a transport that calls the reader module's
//! [`answer`] functions, must give exactly what [`Direct`] gives: for every preset, for broken
//! texts, and for the text edits.

use super::*;
use crate::sim::presets::PRESETS;

/// The reader module's exports, called in-process (what the JavaScript bridge does in the page).
struct InProcess;

impl Transport for InProcess {
    fn parse(&self, text: &str, format: &str) -> Result<String, String> {
        Ok(answer::parse(text, format))
    }
    fn set_switch(&self, text: &str, format: &str, name: &str, on: bool) -> Result<String, String> {
        Ok(answer::set_switch(text, format, name, on))
    }
    fn set_workers(&self, t: &str, f: &str, service: &str, n: f64) -> Result<String, String> {
        Ok(answer::set_workers(t, f, service, n))
    }
    fn pack(&self, text: &str) -> Result<String, String> {
        Ok(answer::pack(text))
    }
    fn unpack(&self, value: &str) -> Result<String, String> {
        Ok(answer::unpack(value))
    }
}

/// A reader module that is gone (its call throws) or answers garbage.
struct Failing(Result<String, String>);

impl Transport for Failing {
    fn parse(&self, _: &str, _: &str) -> Result<String, String> {
        self.0.clone()
    }
    fn set_switch(&self, _: &str, _: &str, _: &str, _: bool) -> Result<String, String> {
        self.0.clone()
    }
    fn set_workers(&self, _: &str, _: &str, _: &str, _: f64) -> Result<String, String> {
        self.0.clone()
    }
    fn pack(&self, _: &str) -> Result<String, String> {
        self.0.clone()
    }
    fn unpack(&self, _: &str) -> Result<String, String> {
        self.0.clone()
    }
}

#[test]
fn every_preset_reads_the_same_through_the_modules_boundary() {
    for preset in PRESETS {
        let direct = Direct.parse(preset.text, Format::Yaml);
        assert!(direct.is_ok(), "{}", preset.id);
        assert_eq!(
            Remote(InProcess).parse(preset.text, Format::Yaml),
            direct,
            "{}",
            preset.id
        );
    }
}

#[test]
fn broken_texts_give_the_same_problems_with_their_positions() {
    let rows = [
        // a syntax error (YAML: a tab cannot indent)
        ("services:\n\t- name: a\n", Format::Yaml),
        // an unknown key with a suggestion
        ("title: x\nservces: []\n", Format::Yaml),
        // a call to a service that does not exist (validate, positioned by locate)
        (
            "services:\n  - name: a\n    endpoints:\n      - route: /\n        steps:\n          - call: b/x\n",
            Format::Yaml,
        ),
        ("{\"services\": 3}", Format::Json),
    ];
    for (text, format) in rows {
        let direct = Direct.parse(text, format);
        let errors = direct.clone().expect_err(text);
        assert!(!errors.is_empty());
        assert_eq!(Remote(InProcess).parse(text, format), direct, "{text}");
    }
}

#[test]
fn the_text_edits_cross_the_boundary_unchanged() {
    let lab = PRESETS[0].text;
    for on in [true, false] {
        assert_eq!(
            Remote(InProcess).set_switch(lab, Format::Yaml, "heavy_calc", on),
            Direct.set_switch(lab, Format::Yaml, "heavy_calc", on)
        );
    }
    // an unknown switch is a problem on both sides
    let unknown = Direct.set_switch(lab, Format::Yaml, "nope", true);
    assert!(unknown.is_err());
    assert_eq!(
        Remote(InProcess).set_switch(lab, Format::Yaml, "nope", true),
        unknown
    );
    // a limit, unlimited, and 0 (out of range: refused, not read as unlimited)
    for workers in [Some(3), None, Some(0), Some(u32::MAX)] {
        let direct = Direct.set_workers(lab, Format::Yaml, "service-b", workers);
        let remote = Remote(InProcess).set_workers(lab, Format::Yaml, "service-b", workers);
        assert_eq!(remote, direct, "{workers:?}");
    }
    assert!(Direct
        .set_workers(lab, Format::Yaml, "service-b", Some(0))
        .is_err());
}

#[test]
fn link_values_pack_and_unpack_the_same_through_the_boundary() {
    for preset in PRESETS {
        let packed = Remote(InProcess).pack(preset.text);
        assert_eq!(packed, Direct.pack(preset.text));
        let packed = packed.expect("packs");
        assert!(packed.starts_with("z."));
        assert_eq!(
            Remote(InProcess).unpack(&packed).as_deref(),
            Ok(preset.text)
        );
    }
    for bad in ["z.!!!", "nope", "z.AAAA"] {
        let direct = Direct.unpack(bad);
        assert!(direct.is_err(), "{bad}");
        assert_eq!(Remote(InProcess).unpack(bad), direct, "{bad}");
    }
}

#[test]
fn a_failed_call_or_an_unreadable_answer_is_a_problem_that_says_so() {
    let rows = [
        Failing(Err("TypeError: reader is not loaded".into())),
        Failing(Ok("not json".into())),
        Failing(Ok(String::new())),
    ];
    let stopped = Remote(Failing(Err(
        "the reader stopped (RuntimeError: unreachable); reload the page to use it again".into(),
    )));
    let errors = stopped.parse("title: x", Format::Yaml).unwrap_err();
    assert_eq!(
        errors[0].message.matches("reload the page").count(),
        1,
        "said once"
    );
    for transport in rows {
        let reader = Remote(transport);
        let errors = reader.parse("title: x", Format::Yaml).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert!(errors[0]
            .message
            .starts_with("the scenario reader failed ("));
        assert!(errors[0].message.ends_with("reload the page to try again"));
        let edit = reader
            .set_switch("title: x", Format::Yaml, "a", true)
            .unwrap_err();
        assert!(edit.message.contains("the scenario reader failed"));
        assert_eq!(
            reader.pack("title: x"),
            None,
            "no link value rather than a wrong one"
        );
        let unpacked = reader.unpack("z.AAAA").unwrap_err();
        assert!(
            unpacked.contains("the scenario reader failed"),
            "{unpacked}"
        );
    }
}

#[test]
fn natively_the_reader_is_there_and_a_test_can_take_it_away() {
    assert!(reader().is_some());
    install(None);
    assert!(reader().is_none());
    install(Some(Rc::new(Direct)));
    assert!(reader().is_some());
}

/// What the line scan gives is what the parse gives, or nothing (never a different title).
#[test]
fn a_plain_title_line_reads_as_the_parse_reads_it_and_anything_else_reads_as_none() {
    let rows = [
        (
            "title: Kept across reloads\nservices: []\n",
            Some("Kept across reloads"),
        ),
        ("title: A: b\n", None),
        ("title: \"quoted\"\n", None),
        ("title: x # a comment\n", None),
        ("title: |\n  block\n", None),
        ("  title: nested\n", None),
        ("{\"title\": \"json\"}", None),
        ("services: []\n", None),
    ];
    for (text, expected) in rows {
        assert_eq!(
            super::super::plain_top_level(text, "title").as_deref(),
            expected,
            "{text}"
        );
    }
    for preset in PRESETS {
        let loaded = Direct.parse(preset.text, Format::Yaml).unwrap();
        assert_eq!(
            super::super::plain_top_level(preset.text, "title"),
            Some(loaded.title)
        );
    }
}
