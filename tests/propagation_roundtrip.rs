//! Property tests with a seeded `StdRng` for every `OTEL_PROPAGATORS` format (OpenTelemetry
//! Propagators API, <https://opentelemetry.io/docs/specs/otel/context/api-propagators/>):
//! inject then extract round-trips what each format carries (W3C Trace Context: the whole span
//! context; B3 and Jaeger: the ids, sampled and debug; W3C Baggage and Jaeger `uberctx-*`: the
//! baggage), and random, often nearly valid, headers never make a propagator or the Header
//! inspector's decoder panic, every context extracted is valid, and what is re-injected reads
//! back without a problem.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use trace_playground::model::{Headers, SpanId, TraceFlags, TraceId};
use trace_playground::propagation::{
    decode_header, Baggage, Extracted, HeaderKind, Outgoing, PropagatorKind as K, Propagators,
    SpanContext,
};

const TOKEN: &[u8] =
    b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~";

fn random_context(rng: &mut StdRng) -> SpanContext {
    let state = if rng.random_bool(0.5) {
        format!("v{}={}", rng.random_range(0..99), rng.random::<u16>())
    } else {
        String::new()
    };
    SpanContext {
        trace_id: TraceId((rng.random_range(1..=u128::MAX) >> rng.random_range(0..100)).max(1)),
        span_id: SpanId((rng.random_range(1..=u64::MAX) >> rng.random_range(0..60)).max(1)),
        flags: TraceFlags(rng.random_range(0..4)),
        trace_state: state,
    }
}

fn random_text(rng: &mut StdRng) -> String {
    const CHARS: &[char] = &[
        'a', 'Z', '0', ' ', '%', ',', ';', '=', '"', '\\', '/', ':', '-', '+', 'é', '😀', '\t', '~',
    ];
    (0..rng.random_range(0..12))
        .map(|_| CHARS[rng.random_range(0..CHARS.len())])
        .collect()
}

/// Keys lowercase when Jaeger carries them: header names do not keep case on the wire.
fn random_baggage(rng: &mut StdRng, lowercase: bool) -> Baggage {
    let mut baggage = Baggage::new();
    for _ in 0..rng.random_range(0..6) {
        let mut key: String = (0..rng.random_range(1..8))
            .map(|_| char::from(TOKEN[rng.random_range(0..TOKEN.len())]))
            .collect();
        if lowercase {
            key = key.to_ascii_lowercase();
        }
        baggage.insert(&key, &random_text(rng)).unwrap();
    }
    baggage
}

#[test]
fn inject_then_extract_round_trips_what_each_format_carries() {
    let mut rng = StdRng::seed_from_u64(0x0b3_ba66);
    for _ in 0..2000 {
        let context = random_context(&mut rng);
        let debug = rng.random_bool(0.2);
        for kind in K::KNOWN {
            let baggage = random_baggage(&mut rng, kind == K::Jaeger);
            let propagators = Propagators::new([kind]);
            let mut wire = Headers::new();
            propagators.inject_outgoing(
                &Outgoing {
                    context: &context,
                    baggage: &baggage,
                    debug,
                },
                &mut wire,
            );
            let back = propagators.extract(&wire);
            assert!(
                back.problems.is_empty(),
                "{kind}: {wire:?} {:?}",
                back.problems
            );
            match kind {
                K::TraceContext => assert_eq!(
                    back.context.as_ref(),
                    Some(&context),
                    "{kind}: every field, tracestate included"
                ),
                K::Baggage => {
                    assert_eq!(back.context, None);
                    assert_eq!(back.baggage, baggage, "{kind}: {wire:?}");
                }
                K::None => {
                    assert!(wire.is_empty(), "none: nothing injected, got {wire:?}");
                    assert_eq!(back, Extracted::default(), "none: nothing extracted");
                }
                K::B3 | K::B3Multi | K::Jaeger => {
                    let got = back.context.as_ref().expect("a context");
                    assert_eq!(
                        (got.trace_id, got.span_id),
                        (context.trace_id, context.span_id),
                        "{kind}: ids"
                    );
                    assert_eq!(
                        got.flags.is_sampled(),
                        context.flags.is_sampled() || debug,
                        "{kind}: sampled (debug implies it)"
                    );
                    assert_eq!(back.debug, debug, "{kind}: debug");
                    if kind == K::Jaeger {
                        assert_eq!(back.baggage, baggage, "{kind}: uberctx baggage");
                    }
                }
            }
        }
    }
}

fn garbage(rng: &mut StdRng) -> String {
    const PIECES: &[&str] = &[
        "0",
        "1",
        "d",
        "f",
        "F",
        "00f067aa0ba902b7",
        "4bf92f3577b34da6a3ce929d0e0e4736",
        "-",
        ":",
        "%",
        "%3A",
        "%zz",
        ",",
        ";",
        "=",
        " ",
        "\t",
        "é",
        "😀",
        "\0",
        "true",
        "ff",
        "k",
        "uberctx-",
    ];
    (0..rng.random_range(0..14))
        .map(|_| PIECES[rng.random_range(0..PIECES.len())])
        .collect()
}

/// A value shaped like the header's format, from random ids, then often mutated.
fn plausible(rng: &mut StdRng, name: &str) -> String {
    let trace = format!(
        "{:032x}",
        rng.random::<u128>() >> (rng.random_range(0..2) * 64)
    );
    let span = format!("{:016x}", rng.random::<u64>());
    let pick = |rng: &mut StdRng, options: &[&str]| {
        options[rng.random_range(0..options.len())].to_string()
    };
    let value = match name.to_ascii_lowercase().as_str() {
        "traceparent" => format!("00-{trace}-{span}-{:02x}", rng.random::<u8>()),
        "tracestate" => format!("k{}=v,x@y=1", rng.random::<u8>()),
        "b3" => format!(
            "{}-{span}-{}",
            &trace[rng.random_range(0..2) * 16..],
            pick(rng, &["1", "0", "d"])
        ),
        "x-b3-traceid" => trace,
        "x-b3-spanid" | "x-b3-parentspanid" => span,
        "x-b3-sampled" => pick(rng, &["1", "0", "true", "false"]),
        "x-b3-flags" => pick(rng, &["1", "0"]),
        "uber-trace-id" => format!(
            "{}:{}:0:{:x}",
            trace.trim_start_matches('0'),
            span.trim_start_matches('0'),
            rng.random_range(0..4)
        ),
        _ => format!("k=v%20{};p", rng.random::<u8>()),
    };
    if rng.random_bool(0.5) {
        return value;
    }
    let mut chars: Vec<char> = value.chars().collect();
    let garbage: Vec<char> = garbage(rng).chars().collect();
    let at = rng.random_range(0..=chars.len());
    let cut = rng.random_range(0..=(chars.len() - at).min(3));
    chars.splice(at..at + cut, garbage);
    chars.into_iter().collect()
}

#[test]
fn random_headers_never_panic_and_every_context_is_valid() {
    const NAMES: &[&str] = &[
        "traceparent",
        "tracestate",
        "baggage",
        "b3",
        "B3",
        "x-b3-traceid",
        "X-B3-SpanId",
        "x-b3-parentspanid",
        "x-b3-sampled",
        "x-b3-flags",
        "uber-trace-id",
        "uberctx-k",
        "uberctx-",
        "UBERCTX-é",
        "other",
    ];
    let mut rng = StdRng::seed_from_u64(0x09a4_ba9e);
    let everything = Propagators::from_env_value("tracecontext,baggage,b3,b3multi,jaeger").unwrap();
    let (mut contexts, mut problems) = (0, 0);
    for _ in 0..20_000 {
        let list: Headers = (0..rng.random_range(0..6))
            .map(|_| {
                let name = NAMES[rng.random_range(0..NAMES.len())];
                let value = if rng.random_bool(0.2) {
                    garbage(&mut rng)
                } else {
                    plausible(&mut rng, name)
                };
                (name.to_string(), value)
            })
            .collect();
        let got = everything.extract(&list);
        problems += got.problems.len();
        if let Some(context) = &got.context {
            contexts += 1;
            assert!(
                context.trace_id.is_valid() && context.span_id.is_valid(),
                "{list:?}"
            );
            assert!(got.source.is_some());
        }
        for (name, value) in &list {
            let decoded = decode_header(name, value);
            assert_eq!(
                decoded.is_valid(),
                decoded.header != HeaderKind::Unknown && decoded.violations.is_empty()
            );
            for violation in &decoded.violations {
                assert!(violation.section.url().contains('#'), "{violation}");
            }
        }
        let mut out = Headers::new();
        everything.inject(
            &got.context.clone().unwrap_or_else(|| SpanContext {
                trace_id: TraceId(1),
                span_id: SpanId(1),
                flags: TraceFlags(1),
                trace_state: String::new(),
            }),
            &got.baggage,
            &mut out,
        );
        let again = everything.extract(&out);
        assert!(
            again.problems.is_empty(),
            "what we write, we read: {out:?} {:?}",
            again.problems
        );
    }
    eprintln!("{contexts} contexts and {problems} problems from 20000 random header maps");
    assert!(
        contexts > 1000 && problems > 10_000,
        "the generator reaches both valid and invalid headers"
    );
}
