//! The `w3c-conformance` binary against the contract the official W3C trace-context suite checks,
//! with the `tracestate` rules as the current Editor's Draft states them
//! (<https://w3c.github.io/trace-context/>; see `docs/w3c-conformance.md`): a local harness sends
//! `POST /test` with trace headers and records the callbacks the service makes.

mod w3c_conformance_harness;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::HashSet;
use w3c_conformance_harness::{Harness, Service};

const TRACE: &str = "12345678901234567890123456789012";
const PARENT: &str = "1234567890123456";
const TP_01: &str = "00-12345678901234567890123456789012-1234567890123456-01";
const TP_00: &str = "00-12345678901234567890123456789012-1234567890123456-00";
/// `'z' * 257 + '=1'`, as the official suite sends it (the length is checked below).
const KEY_257: &str = "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz=1";
const _: () = assert!(KEY_257.len() == 257 + 2);

enum Expect {
    /// Same trace id, new parent id, these flags, this tracestate (None: no header).
    Continue {
        flags: &'static str,
        tracestate: Option<&'static str>,
    },
    /// A new trace: another trace id, flags sampled+random, no tracestate.
    Restart,
}

use Expect::{Continue, Restart};

type HeaderList = &'static [(&'static str, &'static str)];

#[rustfmt::skip]
const CASES: &[(HeaderList, Expect, &str)] = &[
    (&[("traceparent", TP_01)], Continue { flags: "01", tracestate: None }, "§3.4 update parent-id, keep the trace"),
    (&[("traceparent", TP_00), ("tracestate", "foo=1,bar=2")], Continue { flags: "00", tracestate: Some("foo=1,bar=2") }, "§3.5 tracestate carried, unsampled kept"),
    (&[("TrAcEpArEnT", TP_01), ("TRACESTATE", "foo=1")], Continue { flags: "01", tracestate: Some("foo=1") }, "§3.2.1/§3.3.1 names are case-insensitive"),
    (&[("traceparent", "\t 00-12345678901234567890123456789012-1234567890123456-01 \t")], Continue { flags: "01", tracestate: None }, "OWS around the header value"),
    (&[("traceparent", "cc-12345678901234567890123456789012-1234567890123456-01-what-the-future-will-be-like")], Continue { flags: "01", tracestate: None }, "§3.2.4 higher version, downgraded to 00"),
    (&[("traceparent", "00-12345678901234567890123456789012-1234567890123456-ff")], Continue { flags: "03", tracestate: None }, "§3.2.2.5.3 unknown flags sent as zero"),
    (&[("traceparent", "00-12345678901234567890123456789012-1234567890123456-02")], Continue { flags: "02", tracestate: None }, "§3.2.2.5.2 random flag kept with the trace id"),
    (&[("traceparent", TP_00), ("tracestate", "foo=1,bar=2"), ("tracestate", "rojo=1,congo=2"), ("tracestate", "baz=3")], Continue { flags: "00", tracestate: Some("foo=1,bar=2,rojo=1,congo=2,baz=3") }, "§3.3.2 several fields combined in order"),
    (&[("traceparent", TP_00), ("tracestate", ""), ("tracestate", "foo=1")], Continue { flags: "00", tracestate: Some("foo=1") }, "§3.3.2 empty field tolerated"),
    (&[("traceparent", TP_00), ("tracestate", "foo=1"), ("tracestate", "foo=2")], Continue { flags: "00", tracestate: Some("foo=1") }, "§3.5 key repeated across fields: the repeat discarded, the list kept"),
    (&[("traceparent", TP_00), ("tracestate", "foo=1,bar=2,foo=1")], Continue { flags: "00", tracestate: Some("foo=1,bar=2") }, "§3.5 key repeated in one field: the rest kept in order"),
    (&[("traceparent", TP_00), ("tracestate", "foo=,bar=3")], Continue { flags: "00", tracestate: None }, "§3.3.2.2.2 empty value: tracestate discarded"),
    (&[("traceparent", TP_00), ("tracestate", "foo=1"), ("tracestate", "t@vvvvvvvvvvvvvvv=1")], Continue { flags: "00", tracestate: Some("foo=1,t@vvvvvvvvvvvvvvv=1") }, "§3.3.2.2.1 15 characters after '@': a key now"),
    (&[("traceparent", TP_00), ("tracestate", "foo@=1,bar=2")], Continue { flags: "00", tracestate: Some("foo@=1,bar=2") }, "§3.3.2.2.1 '@' last: a key now"),
    (&[("traceparent", TP_00), ("tracestate", "foo@bar@baz=1,bar=2")], Continue { flags: "00", tracestate: Some("foo@bar@baz=1,bar=2") }, "§3.3.2.2.1 two '@': a key now"),
    (&[("traceparent", TP_00), ("tracestate", "@foo=1,bar=2")], Continue { flags: "00", tracestate: None }, "§3.3.2.2.1 '@' first: tracestate discarded"),
    (&[("traceparent", TP_00), ("tracestate", "foo=1"), ("tracestate", KEY_257)], Continue { flags: "00", tracestate: None }, "§3.3.2.2.1 a 257-character key: tracestate discarded"),
    (&[("traceparent", TP_00), ("trace-state", "foo=1")], Continue { flags: "00", tracestate: None }, "§3.3.1 'trace-state' is not tracestate"),
    (&[], Restart, "§4.1.1 no traceparent"),
    (&[("tracestate", "foo=1")], Restart, "§4.1.1 tracestate alone is discarded"),
    (&[("trace-parent", TP_01)], Restart, "§3.2.1 'trace-parent' is not traceparent"),
    (&[("traceparent", TP_01), ("traceparent", "00-12345678901234567890123456789011-1234567890123456-01")], Restart, "§3.2.2 duplicated traceparent"),
    (&[("traceparent", "ff-12345678901234567890123456789012-1234567890123456-01")], Restart, "§3.2.2.1 version ff is invalid"),
    (&[("traceparent", "00-12345678901234567890123456789012-1234567890123456-01-extra")], Restart, "§3.2.2.2 version 00 has no extra fields"),
    (&[("traceparent", "cc-12345678901234567890123456789012-1234567890123456-01.what")], Restart, "§3.2.4 flags must end at '-' or the end"),
    (&[("traceparent", "00-1234567890123456789012345678901A-1234567890123456-01"), ("tracestate", "foo=1")], Restart, "§3.2.2.3 uppercase hex; tracestate dropped too"),
    (&[("traceparent", "00-00000000000000000000000000000000-1234567890123456-01")], Restart, "§3.2.2.3 all-zero trace-id"),
    (&[("traceparent", "00-12345678901234567890123456789012-0000000000000000-01")], Restart, "§3.2.2.4 all-zero parent-id"),
    (&[("traceparent", "00-123456789012345678901234567890123-1234567890123456-01")], Restart, "§3.2.2.3 trace-id too long"),
    (&[("traceparent", "00-12345678901234567890123456789012-1234567890123456-1")], Restart, "§3.2.2.5 trace-flags too short"),
];

#[test]
fn the_service_continues_valid_contexts_and_restarts_invalid_ones() {
    let (service, harness) = (Service::start(), Harness::start());
    for (index, (headers, expect, why)) in CASES.iter().enumerate() {
        let url = harness.url(&index.to_string());
        let (status, answer) = service.post_test(
            headers,
            &format!(r#"[{{"url": "{url}", "arguments": []}}]"#),
        );
        assert_eq!(status, 200, "{why}: {answer}");
        let callback = harness.next();
        assert_eq!(callback.path, format!("/cb/{index}"), "{why}");
        assert_eq!(
            callback.body, "[]",
            "{why}: arguments are the callback body"
        );
        let (trace, parent, flags) = callback.traceparent();
        assert_eq!(
            answer["calls"][0]["sent"]["traceparent"],
            format!("00-{trace}-{parent}-{flags}"),
            "{why}"
        );
        assert_eq!(answer["calls"][0]["outcome"]["status"], 200, "{why}");
        match expect {
            Continue {
                flags: expected_flags,
                tracestate,
            } => {
                assert_eq!(trace, TRACE, "{why}: trace id kept");
                assert_ne!(parent, PARENT, "{why}: a new parent id");
                assert_eq!(flags, *expected_flags, "{why}: flags");
                assert_eq!(
                    callback.tracestate().as_deref(),
                    *tracestate,
                    "{why}: tracestate"
                );
            }
            Restart => {
                assert!(
                    !trace.starts_with("1234567890123456789012345678901"),
                    "{why}: new trace id, got {trace}"
                );
                assert_eq!(
                    flags, "03",
                    "{why}: a new trace is sampled and its id random"
                );
                assert_eq!(
                    callback.tracestate(),
                    None,
                    "{why}: no tracestate on a restart"
                );
            }
        }
    }
}

#[test]
fn the_verdict_names_the_discarded_repeats() {
    let (service, harness) = (Service::start(), Harness::start());
    let body = format!(r#"[{{"url": "{}"}}]"#, harness.url("repeats"));
    let headers = [
        ("traceparent", TP_00),
        ("tracestate", "congo=2,rojo=1,congo=1"),
    ];
    let (status, answer) = service.post_test(&headers, &body);
    assert_eq!(status, 200);
    assert_eq!(
        harness.next().tracestate().as_deref(),
        Some("congo=2,rojo=1")
    );
    let verdict = answer["incoming"].as_str().expect("a verdict");
    assert!(
        verdict.ends_with(
            r#"tracestate carried: "congo=2,rojo=1", without the repeated "congo=1" (§3.5 Mutating the tracestate Field)"#
        ),
        "{verdict}"
    );
}

#[test]
fn each_outgoing_call_gets_its_own_parent_id() {
    let (service, harness) = (Service::start(), Harness::start());
    let body = format!(
        r#"[{{"url": "{}"}}, {{"url": "{}", "arguments": [{{"url": "x"}}]}}, {{"url": "{}", "arguments": null}}]"#,
        harness.url("a"),
        harness.url("b"),
        harness.url("c")
    );
    let (status, _) = service.post_test(&[("traceparent", TP_01)], &body);
    assert_eq!(status, 200);
    let callbacks = [harness.next(), harness.next(), harness.next()];
    let paths: Vec<&str> = callbacks.iter().map(|c| c.path.as_str()).collect();
    assert_eq!(
        paths,
        ["/cb/a", "/cb/b", "/cb/c"],
        "calls are made in order"
    );
    assert_eq!(
        callbacks[1].body, r#"[{"url":"x"}]"#,
        "arguments are sent as the body"
    );
    let ids: Vec<_> = callbacks.iter().map(|c| c.traceparent()).collect();
    assert!(ids
        .iter()
        .all(|(trace, parent, _)| trace == TRACE && parent != PARENT));
    let parents: HashSet<&String> = ids.iter().map(|(_, parent, _)| parent).collect();
    assert_eq!(
        parents.len(),
        3,
        "three client spans, three parent ids: {ids:?}"
    );
}

#[test]
fn restarted_traces_differ_per_request() {
    let (service, harness) = (Service::start(), Harness::start());
    let mut traces = HashSet::new();
    for i in 0..3 {
        let body = format!(r#"[{{"url": "{}"}}]"#, harness.url(&i.to_string()));
        assert_eq!(service.post_test(&[], &body).0, 200);
        traces.insert(harness.next().traceparent().0);
    }
    assert_eq!(
        traces.len(),
        3,
        "each request without a parent starts its own trace: {traces:?}"
    );
}

#[test]
fn bad_requests_get_4xx_and_make_no_calls() {
    let (service, harness) = (Service::start(), Harness::start());
    let half_bad = format!(r#"[{{"url": "{}"}}, 5]"#, harness.url("never"));
    let half_bad = format!(
        "POST /test HTTP/1.1\r\nContent-Length: {}\r\n\r\n{half_bad}",
        half_bad.len()
    );
    #[rustfmt::skip]
    let cases: Vec<(String, u16, &str)> = vec![
        ("POST /test HTTP/1.1\r\nContent-Length: 8\r\n\r\nnot json".into(), 400, "body is not JSON"),
        ("POST /test HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}".into(), 400, "body is not an array"),
        (half_bad, 400, "one bad item: the whole request is refused before any call"),
        ("GET /test HTTP/1.1\r\n\r\n".into(), 405, "only POST"),
        ("POST /other HTTP/1.1\r\nContent-Length: 2\r\n\r\n[]".into(), 404, "only /test"),
        ("complete garbage\r\n\r\n".into(), 400, "not a request line"),
        ("POST /test HTTP/1.1\r\nno colon here\r\n\r\n".into(), 400, "header line without ':'"),
        ("POST /test HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\n".into(), 413, "body over the limit"),
        ("POST /test HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n[]".into(), 400, "conflicting lengths"),
        ("POST /test HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n[]".into(), 400, "both framings"),
        ("POST /test HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n".into(), 400, "bad chunk size"),
        ("POST /test HTTP/1.1\r\nContent-Length: 10\r\n\r\n[]".into(), 400, "body shorter than announced"),
    ];
    for (raw, status, why) in &cases {
        assert_eq!(service.send_raw(raw.as_bytes()).0, *status, "{why}");
    }
    let body = format!(r#"[{{"url": "{}"}}]"#, harness.url("after"));
    assert_eq!(
        service.post_test(&[], &body).0,
        200,
        "still serving after bad requests"
    );
    assert_eq!(
        harness.next().path,
        "/cb/after",
        "no call was made for any refused request"
    );
}

#[test]
fn chunked_bodies_are_accepted() {
    let (service, harness) = (Service::start(), Harness::start());
    let body = format!(r#"[{{"url": "{}"}}]"#, harness.url("chunked"));
    let (first, second) = body.split_at(5);
    let raw = format!(
        "POST /test HTTP/1.1\r\nTransfer-Encoding: chunked\r\ntraceparent: {TP_01}\r\n\r\n{:x};ext=1\r\n{first}\r\n{:x}\r\n{second}\r\n0\r\nTrailer: x\r\n\r\n",
        first.len(),
        second.len()
    );
    assert_eq!(service.send_raw(raw.as_bytes()).0, 200);
    let callback = harness.next();
    assert_eq!(
        (callback.path.as_str(), callback.traceparent().0.as_str()),
        ("/cb/chunked", TRACE)
    );
}

#[test]
fn failed_callbacks_are_reported_and_do_not_stop_the_others() {
    let (service, harness) = (Service::start(), Harness::start());
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port");
    let body = format!(
        r#"[{{"url": "http://{closed}/gone"}}, {{"url": "https://example.invalid/"}}, {{"url": "{}"}}]"#,
        harness.url("alive")
    );
    let (status, answer) = service.post_test(&[("traceparent", TP_01)], &body);
    assert_eq!(status, 200);
    assert!(
        answer["calls"][0]["outcome"]["error"].is_string(),
        "{answer}"
    );
    assert!(
        answer["calls"][1]["outcome"]["error"]
            .as_str()
            .is_some_and(|e| e.contains("http://")),
        "{answer}"
    );
    assert_eq!(answer["calls"][2]["outcome"]["status"], 200, "{answer}");
    assert_eq!(harness.next().path, "/cb/alive");
}

#[test]
fn random_bytes_never_take_the_service_down() {
    let (service, harness) = (Service::start(), Harness::start());
    let mut rng = StdRng::seed_from_u64(99);
    for _ in 0..100 {
        let length = rng.random_range(0..600);
        let mut bytes: Vec<u8> = (0..length).map(|_| rng.random()).collect();
        if rng.random_bool(0.5) {
            // Also reach the header parser and the body reader, not only the request line.
            let mut prefix = b"POST /test HTTP/1.1\r\n".to_vec();
            prefix.append(&mut bytes);
            bytes = prefix;
        }
        let (status, _) = service.send_raw(&bytes);
        assert!(
            status == 0 || (400..500).contains(&status),
            "garbage answered with {status}"
        );
    }
    let body = format!(r#"[{{"url": "{}"}}]"#, harness.url("survivor"));
    assert_eq!(service.post_test(&[], &body).0, 200);
    assert_eq!(harness.next().path, "/cb/survivor");
}
