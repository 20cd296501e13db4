//! The lab without the reader must be exactly the lab with it: for every control, what
//! [`lab_loaded`] builds equals the parse of [`lab_text`], and [`lab_text`]'s switch lines equal
//! what the reader's `set_switch` writes.

use super::*;
use crate::sim::file::reader::Direct;
use crate::sim::file::set_switch;

fn lab(change: impl FnOnce(&mut LabOptions)) -> LabOptions {
    let mut o = LabOptions::default();
    change(&mut o);
    o
}

fn rows() -> Vec<LabOptions> {
    vec![
        LabOptions::default(),
        lab(|o| o.heavy_calc = true),
        lab(|o| o.random_500s = true),
        lab(|o| {
            o.heavy_calc = true;
            o.random_500s = true;
            o.error_rate_percent = 37.5;
        }),
        lab(|o| o.network_delay_ms = 12.25),
        lab(|o| {
            o.workers_a = Some(2);
            o.workers_b = Some(1);
        }),
        lab(|o| {
            o.fan_out = 20;
            o.fan_out_mode = FanOutMode::Parallel;
            o.workers_db = Some(3);
            o.heavy_calc = true;
        }),
    ]
}

#[test]
fn the_lab_built_without_the_reader_is_the_parsed_lab_text() {
    for options in rows() {
        let text = lab_text(&options);
        let parsed = Direct
            .parse(&text, Format::Yaml)
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(lab_loaded(&options), parsed, "{options:?}\n{text}");
    }
}

#[test]
fn the_lab_switch_lines_are_what_set_switch_writes() {
    for options in rows() {
        let mut off = options.clone();
        (off.heavy_calc, off.random_500s) = (false, false);
        let mut expected = lab_text(&off);
        for (name, on) in [
            ("heavy_calc", options.heavy_calc),
            ("random_500s", options.random_500s),
        ] {
            expected = set_switch(&expected, Format::Yaml, name, on).expect("the lab has it");
        }
        assert_eq!(lab_text(&options), expected, "{options:?}");
    }
}

#[test]
fn a_switch_the_text_lacks_leaves_the_text_as_it_is() {
    assert_eq!(
        turn_lab_switch("title: x\n", "heavy_calc", true),
        "title: x\n"
    );
    let no_line = "switches:\n  - name: heavy_calc\n    enabled: true\n";
    assert_eq!(turn_lab_switch(no_line, "heavy_calc", true), no_line);
}

#[test]
fn the_lab_options_read_back_from_the_text_without_a_second_parse() {
    for options in rows() {
        let text = lab_text(&options);
        let loaded = lab_loaded(&options);
        assert_eq!(
            lab_options_of(&Direct, &text, &loaded, &LabOptions::default()),
            Some(options.clone())
        );
    }
    // A written scenario is not the lab.
    let ten = crate::sim::presets::preset("ten-services").unwrap();
    let loaded = Direct.parse(ten.text, Format::Yaml).unwrap();
    assert_eq!(
        lab_options_of(&Direct, ten.text, &loaded, &LabOptions::default()),
        None
    );
}
