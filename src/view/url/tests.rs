use super::*;
use crate::sim::{FanOutMode, SamplerKind, SemConv};

#[test]
fn an_empty_query_gives_defaults_and_asks_for_a_seed() {
    let d = decode("");
    assert_eq!(d.settings, Settings::default());
    assert!(!d.seed_from_link);
    assert!(d.notices.is_empty());
}

#[test]
fn every_setting_round_trips_through_the_url() {
    let mut s = Settings::default();
    s.lab.heavy_calc = true;
    s.lab.random_500s = true;
    s.lab.error_rate_percent = 100.0;
    s.lab.sampler = SamplerKind::ParentBasedTraceIdRatio;
    s.lab.sampling_ratio = 0.25;
    s.lab.semconv = SemConv::HttpDup;
    s.lab.propagate = false;
    s.lab.network_delay_ms = 7.5;
    s.lab.workers_a = Some(4);
    s.lab.workers_b = Some(1);
    s.lab.workers_db = Some(64);
    s.lab.fan_out = 5000;
    s.lab.fan_out_mode = FanOutMode::Parallel;
    s.seed = u64::MAX;
    s.requests = 10_000;
    s.playback = Playback::Instant;
    let query = encode(&s);
    assert!(query.contains("semconv=http/dup"), "readable: {query}");
    let back = decode(&format!("?{query}"));
    assert_eq!(back.settings, s);
    assert!(back.seed_from_link);
    assert!(back.notices.is_empty(), "{:?}", back.notices);
}

#[test]
fn defaults_stay_out_of_the_link_except_the_seed() {
    let s = Settings {
        seed: 42,
        ..Settings::default()
    };
    assert_eq!(encode(&s), "seed=42");
}

#[rustfmt::skip]
const BAD: &[(&str, &str, &str)] = &[
    ("error_rate=abc",        "error_rate",     "it is not a number"),
    ("error_rate=150",        "error_rate",     "it must be between 0 and 100"),
    ("error_rate=NaN",        "error_rate",     "it is not a number"),
    ("sampling_ratio=2",      "sampling_ratio", "it must be between 0 and 1"),
    ("heavy_calc=maybe",      "heavy_calc",     "it must be 1 or 0 (true or false)"),
    ("sampler=sometimes",     "sampler",        "it must be one of always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off, parentbased_traceidratio"),
    ("semconv=http2",         "semconv",        "it must be one of legacy, http, http/dup"),
    ("seed=-1",               "seed",           "it must be between 0 and 18446744073709551615"),
    ("seed=1.5",              "seed",           "it is not a whole number"),
    ("seed=18446744073709551616", "seed",       "it must be between 0 and 18446744073709551615"),
    ("requests=2.5",          "requests",       "it is not a whole number"),
    ("requests=0",            "requests",       "it must be between 1 and 10000"),
    ("requests=10001",        "requests",       "it must be between 1 and 10000"),
    ("workers_b=65",          "workers_b",      "it must be between 1 and 64"),
    ("delay_ms=-3",           "delay_ms",       "it must be between 0 and 10000"),
    ("playback=slow",         "playback",       "it must be one of realtime, instant"),
];

#[test]
fn bad_values_fall_back_to_defaults_with_a_notice() {
    for (query, key, problem) in BAD {
        let d = decode(query);
        assert_eq!(d.notices.len(), 1, "{query}");
        let notice = &d.notices[0];
        assert_eq!(notice.key, *key, "{query}");
        assert_eq!(notice.problem.to_string(), *problem, "{query}");
        let expected = Settings {
            seed: d.settings.seed,
            ..Settings::default()
        };
        assert_eq!(d.settings, expected, "{query}: nothing else changes");
    }
}

#[test]
fn a_bad_seed_is_reported_and_not_taken_from_the_link() {
    let d = decode("seed=banana&heavy_calc=1");
    assert!(!d.seed_from_link, "the page must pick a fresh seed");
    assert!(d.settings.lab.heavy_calc, "other values still apply");
    assert_eq!(
        d.notices[0].to_string(),
        "The link's seed=\"banana\" was ignored because it is not a number; using a new random seed instead."
    );
}

#[test]
fn lenient_spellings_are_accepted() {
    let d = decode(
        "?heavy_calc=true&propagate=off&sampler=ALWAYS_ON&workers_a=unlimited&error_rate=+5",
    );
    assert!(d.notices.is_empty(), "{:?}", d.notices);
    assert!(d.settings.lab.heavy_calc && !d.settings.lab.propagate);
    assert_eq!(d.settings.lab.sampler, SamplerKind::AlwaysOn);
    assert_eq!(d.settings.lab.workers_a, None);
    assert_eq!(
        d.settings.lab.error_rate_percent, 5.0,
        "`+` is a space, trimmed"
    );
}

#[test]
fn unknown_keys_are_ignored_and_kept_on_rewrite() {
    let d = decode("test-panic=1&utm_source=x");
    assert!(d.notices.is_empty());
    let s = Settings {
        seed: 9,
        ..Settings::default()
    };
    assert_eq!(
        merge_query("?test-panic=1&seed=3&heavy_calc=1", &s),
        "test-panic=1&seed=9"
    );
}

#[test]
fn form_codec_handles_escapes_and_garbage() {
    assert_eq!(
        form_decode("a=b%20c&semconv=http%2Fdup&k&=v&&x=%zz&y=%E2%82%AC&z=%FF"),
        vec![
            ("a".to_string(), "b c".to_string()),
            ("semconv".to_string(), "http/dup".to_string()),
            ("k".to_string(), String::new()),
            (String::new(), "v".to_string()),
            ("x".to_string(), "%zz".to_string()),
            ("y".to_string(), "€".to_string()),
            ("z".to_string(), "\u{fffd}".to_string()),
        ]
    );
    let pairs = vec![("k y".to_string(), "a&b=c/€".to_string())];
    let text = form_encode(&pairs);
    assert_eq!(text, "k%20y=a%26b%3Dc/%E2%82%AC");
    assert_eq!(form_decode(&text), pairs);
}

#[test]
fn sampler_names_are_the_simulators() {
    for (kind, name) in SAMPLERS {
        assert_eq!(*name, crate::sim::sampler_env_name(*kind));
    }
}
