use super::fields::{FIELDS, SEED};
use super::*;
use crate::sim::{FanOutMode, SamplerKind, SemConv};
use crate::view::load::{ArrivalKind, LoadSettings};
use std::collections::HashSet;

/// A value other than the default for every key, as a link writes it.
#[rustfmt::skip]
const NON_DEFAULT: &[(&str, &str)] = &[
    ("heavy_calc", "1"), ("random_500s", "1"), ("error_rate", "5.5"),
    ("sampler", "parentbased_traceidratio"), ("sampling_ratio", "0.25"), ("semconv", "http/dup"),
    ("propagate", "0"), ("delay_ms", "7.5"), ("workers_a", "4"), ("workers_b", "1"),
    ("workers_db", "64"), ("fan_out", "20"), ("fan_out_mode", "parallel"), ("requests", "250"),
    ("playback", "instant"), ("arrival", "poisson"), ("concurrency", "8"), ("rate", "2.5"),
    ("burst_size", "25"), ("burst_interval_ms", "750"), ("slo_ms", "300"),
    ("store_traces", "500"), ("store_spans", "50000"), ("scenario", "one-worker"),
    ("span", "00f067aa0ba902b7"), ("seed", "42"),
];

#[test]
fn keys_are_unique_and_every_one_has_a_round_trip_case() {
    let keys: HashSet<&str> = FIELDS.iter().map(|f| f.key).collect();
    assert_eq!(keys.len(), FIELDS.len(), "a key spelled twice");
    let covered: HashSet<&str> = NON_DEFAULT.iter().map(|(k, _)| *k).collect();
    assert_eq!(keys, covered);
}

#[test]
fn every_field_round_trips_on_its_own() {
    for (key, value) in NON_DEFAULT {
        let d = decode(&format!("{key}={value}"));
        assert!(d.notices.is_empty(), "{key}: {:?}", d.notices);
        assert_ne!(
            d.settings,
            Settings::default(),
            "{key}={value} changed something"
        );
        let field = fields::find(key).expect("a known key");
        assert_eq!((field.write)(&d.settings), *value, "{key} writes as read");
        let pairs = form_decode(&encode(&d.settings));
        assert!(
            pairs.contains(&(key.to_string(), value.to_string())),
            "{key} in {pairs:?}"
        );
        assert_eq!(decode(&encode(&d.settings)).settings, d.settings, "{key}");
    }
}

#[test]
fn all_fields_together_round_trip() {
    let query: Vec<(String, String)> = NON_DEFAULT
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let d = decode(&form_encode(&query));
    assert!(d.notices.is_empty(), "{:?}", d.notices);
    assert_eq!(
        form_decode(&encode(&d.settings)),
        query,
        "every key, in table order"
    );
}

/// A bad value for every key, and why it is bad.
#[rustfmt::skip]
const BAD_EVERY_KEY: &[(&str, &str, &str)] = &[
    ("heavy_calc", "maybe", "it must be 1 or 0 (true or false)"),
    ("random_500s", "2", "it must be 1 or 0 (true or false)"),
    ("error_rate", "abc", "it is not a number"),
    ("sampler", "sometimes", "it must be one of always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off, parentbased_traceidratio"),
    ("sampling_ratio", "1.5", "it must be between 0 and 1"),
    ("semconv", "http2", "it must be one of legacy, http, http/dup"),
    ("propagate", "", "it must be 1 or 0 (true or false)"),
    ("delay_ms", "10001", "it must be between 0 and 10000"),
    ("workers_a", "0", "it must be between 1 and 64"),
    ("workers_b", "65", "it must be between 1 and 64"),
    ("workers_db", "2.5", "it is not a whole number"),
    ("fan_out", "25001", "it must be between 0 and 25000"),
    ("fan_out_mode", "random", "it must be one of sequential, parallel"),
    ("requests", "0", "it must be between 1 and 10000"),
    ("playback", "slow", "it must be one of realtime, instant"),
    ("arrival", "sometimes", "it must be one of back-to-back, constant, poisson, bursts"),
    ("concurrency", "1.5", "it is not a whole number"),
    ("rate", "0", "it must be between 0.1 and 10000"),
    ("burst_size", "0", "it must be between 1 and 10000"),
    ("burst_interval_ms", "-1", "it must be between 1 and 600000"),
    ("slo_ms", "NaN", "it is not a number"),
    ("store_traces", "0", "it must be between 1 and 100000"),
    ("store_spans", "999999999999", "it must be between 1000 and 1000000"),
    ("span", "0000000000000000", "it is not a span id (1 to 16 hex digits)"),
    ("scenario", "shop", "it is neither a preset (lab, ten-services, n-plus-one, one-worker, retry-storm, broken-propagation, incident) nor a compressed scenario"),
    ("seed", "banana", "it is not a number"),
];

#[test]
fn a_bad_value_of_any_key_falls_back_to_its_default_with_a_notice() {
    let keys: HashSet<&str> = BAD_EVERY_KEY.iter().map(|(k, _, _)| *k).collect();
    assert_eq!(keys.len(), FIELDS.len(), "one bad case per key");
    for (key, value, problem) in BAD_EVERY_KEY {
        let d = decode(&form_encode(&[(key.to_string(), value.to_string())]));
        assert_eq!(
            d.settings,
            Settings::default(),
            "{key}={value}: nothing changes"
        );
        assert_eq!(d.notices.len(), 1, "{key}={value}");
        let notice = &d.notices[0];
        assert_eq!((notice.key.as_str(), notice.value.as_str()), (*key, *value));
        assert_eq!(notice.problem.to_string(), *problem, "{key}={value}");
        let field = fields::find(key).expect("a known key");
        let fallback = match *key {
            SEED => "a new random seed".to_string(),
            "span" => "no span".to_string(),
            _ => (field.write)(&Settings::default()),
        };
        assert_eq!(
            notice.fallback, fallback,
            "{key}: the default, as a link writes it"
        );
        assert!(notice
            .to_string()
            .ends_with(&format!("using {fallback} instead.")));
    }
}

#[test]
fn every_load_setting_round_trips() {
    let s = Settings {
        load: LoadSettings {
            arrival: ArrivalKind::Bursts,
            concurrency: 8,
            rate_rps: 2.5,
            burst_size: 25,
            burst_interval_ms: 750.0,
            slo_ms: 300.0,
            store_traces: 500,
            store_spans: 50_000,
        },
        ..Settings::default()
    };
    let back = decode(&encode(&s));
    assert_eq!(back.settings, s);
    assert!(back.notices.is_empty(), "{:?}", back.notices);
}

#[test]
fn choice_names_are_case_insensitive() {
    let d = decode("arrival=Poisson&rate=3&fan_out_mode=PARALLEL");
    assert_eq!(d.settings.load.arrival, ArrivalKind::Poisson);
    assert_eq!(d.settings.load.rate_rps, 3.0);
    assert_eq!(d.settings.lab.fan_out_mode, FanOutMode::Parallel);
    assert!(d.notices.is_empty());
}

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

mod scenario_link {
    //! The `scenario` key (issue 12): a preset by id, a written scenario compressed, too long
    //! ones left out.
    use super::super::scenario::{compress, decompress, too_long_for_link, MAX_SCENARIO_IN_LINK};
    use super::super::{decode, encode, ScenarioLink, Settings};
    use crate::sim::presets::LAB;

    #[test]
    fn a_preset_is_linked_by_its_id_and_the_lab_is_left_out() {
        let s = Settings {
            scenario: ScenarioLink::Preset("retry-storm"),
            ..Settings::default()
        };
        assert!(
            encode(&s).contains("scenario=retry-storm"),
            "{}",
            encode(&s)
        );
        assert_eq!(decode(&encode(&s)).settings, s);
        assert!(!encode(&Settings::default()).contains("scenario"));
        assert_eq!(decode("scenario=lab").settings.scenario, ScenarioLink::Lab);
    }

    #[test]
    fn a_written_scenario_round_trips_compressed() {
        let text = LAB.text.replace("The lab", "My lab");
        let s = Settings {
            scenario: ScenarioLink::Custom(text.as_str().into()),
            ..Settings::default()
        };
        let query = encode(&s);
        assert!(query.contains("scenario=z."), "{query}");
        // Shorter than the text: deflate pays off.
        assert!(
            query.len() < text.len(),
            "{} vs {}",
            query.len(),
            text.len()
        );
        let back = decode(&query);
        assert!(back.notices.is_empty(), "{:?}", back.notices);
        assert_eq!(back.settings, s);
        assert_eq!(decompress(&compress(&text)).as_deref(), Ok(text.as_str()));
    }

    #[test]
    fn bad_scenario_values_fall_back_to_the_lab_with_a_notice() {
        let rows = [
            ("nonsense", "neither a preset"),
            ("z.!!!", "base64url"),
            ("z.AAAA", "inflate"),
        ];
        for (value, says) in rows {
            let d = decode(&format!("scenario={value}"));
            assert_eq!(d.settings.scenario, ScenarioLink::Lab, "{value}");
            let notice = d
                .notices
                .first()
                .map(ToString::to_string)
                .unwrap_or_default();
            assert!(notice.contains(says), "{value}: {notice}");
            assert!(notice.contains("using lab instead"), "{notice}");
        }
        // A compressed text that does not parse names its first problem.
        let d = decode(&format!("scenario={}", compress("servces: []")));
        let notice = d
            .notices
            .first()
            .map(ToString::to_string)
            .unwrap_or_default();
        assert!(notice.contains("line 1"), "{notice}");
    }

    #[test]
    fn a_scenario_too_long_for_a_link_stays_out_of_it() {
        // Pseudo-random comments do not compress: far above the limit.
        let mut text = LAB.text.to_string();
        let mut x: u64 = 7;
        for _ in 0..1_500 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            text.push_str(&format!("# {x:016x}\n"));
        }
        let s = Settings {
            scenario: ScenarioLink::Custom(text.as_str().into()),
            ..Settings::default()
        };
        let len = too_long_for_link(&s).expect("too long");
        assert!(len > MAX_SCENARIO_IN_LINK);
        // The link names the browser's kept record instead (persist::scenario::start).
        assert!(encode(&s).contains("scenario=kept"), "{}", encode(&s));
        let short = Settings {
            scenario: ScenarioLink::Custom(LAB.text.into()),
            ..Settings::default()
        };
        assert_eq!(too_long_for_link(&short), None);
    }
}

#[rustfmt::skip]
const SPAN_LINKS: &[(&str, Option<u64>, &str)] = &[
    ("span=00f067aa0ba902b7", Some(0x00f0_67aa_0ba9_02b7), "16 lowercase hex digits, as the page writes"),
    ("span=F067AA0BA902B7",   Some(0x00f0_67aa_0ba9_02b7), "Jaeger UI drops leading zeros; either case"),
    ("uiFind=f067aa0ba902b7", Some(0x00f0_67aa_0ba9_02b7), "Jaeger UI's uiFind is read as span"),
    ("span=%2000f067aa0ba902b7%20", Some(0x00f0_67aa_0ba9_02b7), "surrounding blanks are trimmed"),
    ("span=00f067aa0ba902b7a", None, "17 digits are no span id"),
    ("span=g0",               None, "not hex"),
    ("uiFind=",               None, "empty"),
];

#[test]
fn a_link_names_a_span_by_span_or_ui_find() {
    for (query, expected, why) in SPAN_LINKS {
        let d = decode(query);
        assert_eq!(d.settings.span.map(|s| s.0), *expected, "{why}");
        assert_eq!(d.notices.is_empty(), expected.is_some(), "{why}");
    }
    let s = decode("uiFind=f067aa0ba902b7&seed=3").settings;
    assert_eq!(
        merge_query("uiFind=f067aa0ba902b7&seed=3", &s),
        "span=00f067aa0ba902b7&seed=3",
        "uiFind is rewritten as span, never written itself"
    );
}
