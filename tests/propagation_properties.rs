//! Property tests with a seeded `StdRng`: the W3C Trace Context parsers (Editor's Draft,
//! <https://w3c.github.io/trace-context/>) never panic on arbitrary bytes or unicode, agree
//! with independent positional reference checks on thousands of mutated headers, keep the
//! left-most entry of a repeated `tracestate` key and every other member, and format→parse
//! round-trips for random valid contexts and tracestates.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use trace_playground::model::{Headers, SpanId, TraceFlags, TraceId};
use trace_playground::propagation::{
    extract, extract_detailed, inject, parse_traceparent, parse_tracestate,
    parse_tracestate_detailed, SpanContext, TraceParent,
};

const ALPHABET: &[char] = &[
    '0', '1', '9', 'a', 'f', 'g', 'A', 'F', 'z', '-', '-', '-', ',', ',', '=', '=', '@', ' ', '\t',
    '_', '*', '/', '.', ';', '\r', '\n', '\0', '~', 'é', '７', '😀',
];
/// `keychar` (§3.3.2.2.1); the first 36 (`lcalpha / DIGIT`) may also start a key.
const KEY_CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789_-*/@";

fn pick<T: Copy>(rng: &mut StdRng, items: &[T]) -> T {
    items[rng.random_range(0..items.len())]
}

/// A length that is usually short but sometimes reaches `max`, to hit both cheap and limit cases.
fn length(rng: &mut StdRng, min: usize, max: usize) -> usize {
    if rng.random_bool(0.8) {
        rng.random_range(min..=max.min(min + 8))
    } else {
        rng.random_range(min..=max)
    }
}

fn random_traceparent(rng: &mut StdRng) -> String {
    let version: u8 = if rng.random_bool(0.6) {
        0
    } else {
        rng.random()
    };
    let trace: u128 = if rng.random_bool(0.05) {
        0
    } else {
        rng.random()
    };
    let parent: u64 = if rng.random_bool(0.05) {
        0
    } else {
        rng.random()
    };
    let suffix = if rng.random_bool(0.3) {
        format!("-{}", rng.random::<u16>())
    } else {
        String::new()
    };
    format!(
        "{version:02x}-{trace:032x}-{parent:016x}-{:02x}{suffix}",
        rng.random::<u8>()
    )
}

/// `( lcalpha / DIGIT ) 0*255 ( keychar )`, often with '@' where Level 1 forbade it.
fn random_key(rng: &mut StdRng) -> String {
    let mut key = String::new();
    key.push(char::from(pick(rng, &KEY_CHARS[..36])));
    (1..length(rng, 1, 256)).for_each(|_| key.push(char::from(pick(rng, KEY_CHARS))));
    if rng.random_bool(0.3) {
        // One or more '@' anywhere after the first character, even last.
        let mut chars: Vec<char> = key.chars().collect();
        for _ in 0..rng.random_range(1..=3) {
            if chars.len() > 1 {
                let at = rng.random_range(1..chars.len());
                chars[at] = '@';
            } else {
                chars.push('@');
            }
        }
        key = chars.into_iter().collect();
    }
    key
}

fn random_value(rng: &mut StdRng) -> String {
    let size = length(rng, 1, 256);
    let mut value: String = (0..size).map(|_| printable(rng)).collect();
    if value.ends_with(' ') {
        value.pop();
        value.push('x');
    }
    value
}

/// A value character: printable ASCII except ',' and '='.
fn printable(rng: &mut StdRng) -> char {
    loop {
        let c = char::from(rng.random_range(0x20u8..=0x7e));
        if c != ',' && c != '=' {
            return c;
        }
    }
}

/// Unique keys, at most 32 members, left-most first.
fn random_members(rng: &mut StdRng) -> Vec<(String, String)> {
    let mut members: Vec<(String, String)> = Vec::new();
    for _ in 0..rng.random_range(0..=32) {
        let key = random_key(rng);
        if members.iter().all(|(k, _)| *k != key) {
            members.push((key, random_value(rng)));
        }
    }
    members
}

/// Serializes with random optional whitespace and empty members, all of which are legal.
fn noisy_tracestate(rng: &mut StdRng, members: &[(String, String)]) -> String {
    let ows = |rng: &mut StdRng| -> String {
        (0..rng.random_range(0..3))
            .map(|_| pick(rng, &[' ', '\t']))
            .collect()
    };
    let mut text = ows(rng);
    for (i, (k, v)) in members.iter().enumerate() {
        if i > 0 || rng.random_bool(0.1) {
            text.push_str(&format!("{},{}", ows(rng), ows(rng)));
        }
        text.push_str(&format!("{k}={v}{}", ows(rng)));
    }
    text
}

fn mutate(rng: &mut StdRng, text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..rng.random_range(1..=3) {
        let at = rng.random_range(0..=chars.len());
        match rng.random_range(0..5) {
            0 if at < chars.len() => chars[at] = pick(rng, ALPHABET),
            1 => chars.insert(at, pick(rng, ALPHABET)),
            2 if at < chars.len() => {
                chars.remove(at);
            }
            3 => chars.truncate(at),
            _ if at < chars.len() => chars[at] = chars[at].to_ascii_uppercase(),
            _ => {}
        }
    }
    chars.into_iter().collect()
}

fn arbitrary_text(rng: &mut StdRng) -> String {
    match rng.random_range(0..5) {
        0 => {
            let bytes: Vec<u8> = (0..rng.random_range(0..120))
                .map(|_| rng.random())
                .collect();
            String::from_utf8_lossy(&bytes).into_owned()
        }
        1 => (0..rng.random_range(0..120))
            .map(|_| pick(rng, ALPHABET))
            .collect(),
        2 => (0..rng.random_range(0..40))
            .filter_map(|_| char::from_u32(rng.random_range(0..0x11_0000)))
            .collect(),
        // Valid headers, kept intact a third of the time, otherwise edited near their boundaries.
        3 => {
            let valid = random_traceparent(rng);
            if rng.random_bool(0.3) {
                valid
            } else {
                mutate(rng, &valid)
            }
        }
        _ => {
            let members = random_members(rng);
            let valid = noisy_tracestate(rng, &members);
            if rng.random_bool(0.3) {
                valid
            } else {
                mutate(rng, &valid)
            }
        }
    }
}

/// §3.2.4 applied literally, by byte position: the shape every accepted value must have.
fn reference_traceparent(text: &str) -> Option<(u8, u128, u64, u8)> {
    if text.starts_with([' ', '\t']) || text.ends_with([' ', '\t']) {
        return None;
    }
    let b = text.as_bytes();
    let hex = |from: usize, to: usize| -> Option<u128> {
        let part = b.get(from..to)?;
        part.iter()
            .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(c))
            .then_some(())?;
        u128::from_str_radix(std::str::from_utf8(part).ok()?, 16).ok()
    };
    let version = hex(0, 2)? as u8;
    let length_ok = if version == 0 {
        b.len() == 55
    } else {
        b.len() == 55 || b.get(55) == Some(&b'-')
    };
    if version == 0xff || !length_ok || b[2] != b'-' || b[35] != b'-' || b[52] != b'-' {
        return None;
    }
    let (trace, parent, flags) = (hex(3, 35)?, hex(36, 52)? as u64, hex(53, 55)? as u8);
    (trace != 0 && parent != 0).then_some((version, trace, parent, flags))
}

/// §3.3.2 written independently of the crate: count (as received), key grammar, value grammar,
/// and a repeated key keeping its left-most entry (§3.5).
fn reference_tracestate(text: &str) -> Option<Vec<(String, String)>> {
    let key_ok = |k: &str| {
        (1..=256).contains(&k.len())
            && k.bytes()
                .next()
                .is_some_and(|c| KEY_CHARS[..36].contains(&c))
            && k.bytes().all(|c| KEY_CHARS.contains(&c))
    };
    let value_ok = |v: &str| {
        (1..=256).contains(&v.len())
            && !v.ends_with(' ')
            && v.bytes()
                .all(|c| (0x20..=0x7e).contains(&c) && c != b',' && c != b'=')
    };
    let mut members: Vec<(String, String)> = Vec::new();
    let mut count = 0;
    for member in text
        .split(',')
        .map(|m| m.trim_matches([' ', '\t']))
        .filter(|m| !m.is_empty())
    {
        let (key, value) = member.split_once('=')?;
        if !key_ok(key) || !value_ok(value) {
            return None;
        }
        count += 1;
        if members.iter().all(|(k, _)| k != key) {
            members.push((key.to_string(), value.to_string()));
        }
    }
    (count <= 32).then_some(members)
}

#[test]
fn parsers_never_panic_and_agree_with_the_reference_on_arbitrary_input() {
    let mut rng = StdRng::seed_from_u64(0x7ace_c0de);
    let (mut accepted_tp, mut accepted_ts) = (0, 0);
    for _ in 0..20_000 {
        let text = arbitrary_text(&mut rng);
        let traceparent = parse_traceparent(&text);
        let got = traceparent
            .as_ref()
            .ok()
            .map(|t| (t.version, t.trace_id.0, t.parent_id.0, t.flags.0));
        assert_eq!(got, reference_traceparent(&text), "traceparent {text:?}");
        match traceparent {
            Ok(_) => accepted_tp += 1,
            Err(e) => assert!(e.to_string().contains("(§"), "uncited: {e}"),
        }
        let tracestate = parse_tracestate(&text);
        let got = tracestate.as_ref().ok().map(|t| {
            t.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        });
        assert_eq!(got, reference_tracestate(&text), "tracestate {text:?}");
        match tracestate {
            Ok(state) => {
                accepted_ts += 1;
                assert!(state.len() <= 32);
                assert_eq!(
                    parse_tracestate(&state.to_string()),
                    Ok(state.clone()),
                    "re-parse {text:?}"
                );
            }
            Err(e) => assert!(e.to_string().contains("(§"), "uncited: {e}"),
        }
        let wire: Headers = vec![
            ("traceparent".into(), text.clone()),
            ("tracestate".into(), text.clone()),
        ];
        let detail = extract_detailed(&wire);
        assert_eq!(detail.span_context(), extract(&wire));
    }
    // The generator must exercise both outcomes, or the agreement above proves little.
    assert!(
        accepted_tp > 500 && accepted_ts > 500,
        "accepted {accepted_tp} traceparents, {accepted_ts} tracestates"
    );
}

#[test]
fn traceparent_format_then_parse_round_trips() {
    let mut rng = StdRng::seed_from_u64(55);
    for _ in 0..5_000 {
        let trace = TraceId(rng.random_range(1..=u128::MAX));
        let parent = SpanId(rng.random_range(1..=u64::MAX));
        let flags = TraceFlags(rng.random());
        let text = TraceParent::new(trace, parent, flags).to_string();
        assert_eq!(text.len(), 55);
        let expected = TraceParent::new(trace, parent, TraceFlags(flags.0 & 0x03));
        assert_eq!(parse_traceparent(&text), Ok(expected), "{text}");
    }
}

#[test]
fn higher_versions_round_trip_their_known_fields() {
    let mut rng = StdRng::seed_from_u64(56);
    for _ in 0..5_000 {
        let version = rng.random_range(1..=0xfe_u8);
        let (trace, parent, flags) = (
            rng.random_range(1..=u128::MAX),
            rng.random_range(1..=u64::MAX),
            rng.random::<u8>(),
        );
        let suffix = if rng.random_bool(0.5) {
            format!("-{}", random_value(&mut rng).replace(' ', "-"))
        } else {
            String::new()
        };
        let text = format!("{version:02x}-{trace:032x}-{parent:016x}-{flags:02x}{suffix}");
        let parsed = parse_traceparent(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(
            (
                parsed.version,
                parsed.trace_id.0,
                parsed.parent_id.0,
                parsed.flags.0
            ),
            (version, trace, parent, flags)
        );
    }
}

#[test]
fn tracestate_format_then_parse_round_trips() {
    let mut rng = StdRng::seed_from_u64(57);
    for _ in 0..2_000 {
        let members = random_members(&mut rng);
        let noisy = noisy_tracestate(&mut rng, &members);
        let parsed = parse_tracestate(&noisy).unwrap_or_else(|e| panic!("{noisy:?}: {e}"));
        let got: Vec<(String, String)> = parsed
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(got, members, "{noisy:?}");
        assert_eq!(parse_tracestate(&parsed.to_string()), Ok(parsed));
    }
}

#[test]
fn inject_then_extract_round_trips_random_contexts() {
    let mut rng = StdRng::seed_from_u64(58);
    for _ in 0..2_000 {
        let members = random_members(&mut rng);
        let trace_state = members
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(",");
        let ctx = SpanContext {
            trace_id: TraceId(rng.random_range(1..=u128::MAX)),
            span_id: SpanId(rng.random_range(1..=u64::MAX)),
            flags: TraceFlags(rng.random::<u8>() & 0x03),
            trace_state,
        };
        let mut wire = Headers::new();
        inject(&ctx, &mut wire);
        assert_eq!(extract(&wire), Some(ctx));
    }
}

#[test]
fn repeated_keys_are_discarded_and_every_other_member_kept() {
    let mut rng = StdRng::seed_from_u64(59);
    let mut with_repeats = 0;
    for _ in 0..2_000 {
        let mut members = random_members(&mut rng);
        members.truncate(20);
        // Wire order: the originals, with repeats of earlier keys slipped in after them.
        let mut wire: Vec<(String, String, bool)> = members
            .iter()
            .map(|(k, v)| (k.clone(), v.clone(), false))
            .collect();
        if !members.is_empty() {
            for _ in 0..rng.random_range(0..=(32 - members.len()).min(6)) {
                let original = rng.random_range(0..members.len());
                let position = wire
                    .iter()
                    .position(|(k, _, repeat)| !repeat && *k == members[original].0)
                    .expect("the original is on the wire");
                let at = rng.random_range(position + 1..=wire.len());
                wire.insert(
                    at,
                    (members[original].0.clone(), random_value(&mut rng), true),
                );
            }
        }
        let text = wire
            .iter()
            .map(|(k, v, _)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(" ,");
        let parsed = parse_tracestate_detailed(&text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        let kept: Vec<(String, String)> = parsed
            .state
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(
            kept, members,
            "§3.5 the left-most entries, in order: {text:?}"
        );
        let repeats: Vec<(String, String)> = wire
            .into_iter()
            .filter(|(_, _, repeat)| *repeat)
            .map(|(k, v, _)| (k, v))
            .collect();
        with_repeats += usize::from(!repeats.is_empty());
        assert_eq!(parsed.discarded_duplicates, repeats, "{text:?}");
    }
    assert!(with_repeats > 500, "only {with_repeats} lists had repeats");
}
