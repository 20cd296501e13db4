//! Golden runs: a seed and settings pinned to the exact trace ids, span ids, parent links, span
//! names, durations and statuses they give, so that a dependency upgrade (rand_xoshiro, rand) or
//! a change to the simulator's arithmetic that would silently change what a shared link shows
//! fails here first (issue 11, "a shared link that stays true").
//!
//! What is pinned is what a learner sees of a run apart from attributes and wall-clock
//! placement: another change may rename attributes or move where a run sits in time, and
//! neither changes which traces a link reproduces. Each span is one line:
//! `trace-id span-id <- parent-id (or "root") kind "name" duration-ns STATUS`, in the order the
//! simulator emits them; each request record is
//! `#index trace-id duration-ns http-status error|ok`.
//!
//! The expected values were printed by this code (the failure message prints the actual lines
//! in the same form) when the simulator moved to `rand_xoshiro`, checked against the invariants
//! below, and pasted here. If a change is meant to alter runs, re-pin from the printed lines and
//! say so in the commit: every shared link made before it will show other traces.

use trace_playground::model::{Span, SpanKind, StatusCode};
use trace_playground::sim::{Arrival, LabOptions, RunSettings, Scenario, SimRun, Simulation};

/// Any start works: nothing below depends on it (durations are differences).
const START: u64 = 1_700_000_000_000_000_000;

fn run(options: &LabOptions, seed: u64, requests: u32) -> SimRun {
    let scenario = Scenario::lab_with(options).expect("valid lab options");
    Simulation::new(
        &scenario,
        &RunSettings::from(options),
        seed,
        START,
        Arrival::default(),
        requests,
    )
    .expect("valid run")
    .run_to_end()
}

fn kind(kind: SpanKind) -> &'static str {
    match kind {
        SpanKind::Server => "SERVER",
        SpanKind::Client => "CLIENT",
        SpanKind::Internal => "INTERNAL",
        SpanKind::Producer => "PRODUCER",
        SpanKind::Consumer => "CONSUMER",
    }
}

fn status(code: StatusCode) -> &'static str {
    match code {
        StatusCode::Unset => "UNSET",
        StatusCode::Ok => "OK",
        StatusCode::Error => "ERROR",
    }
}

fn span_line(span: &Span) -> String {
    let parent = span
        .parent_span_id
        .map_or_else(|| "root".to_string(), |p| p.to_string());
    format!(
        "{} {} <- {parent} {} [{}] {} {}",
        span.trace_id,
        span.span_id,
        kind(span.kind),
        span.name.as_ref(),
        span.duration_nanos(),
        status(span.status.code),
    )
}

fn record_lines(run: &SimRun) -> Vec<String> {
    run.requests
        .iter()
        .map(|r| {
            let services: Vec<String> = r
                .services
                .iter()
                .map(|s| format!("{}/{}", s.invocations, s.errors))
                .collect();
            format!(
                "#{} {} {} {} {} {}",
                r.index,
                r.trace_id,
                r.duration_nanos,
                r.status_code,
                if r.error { "error" } else { "ok" },
                services.join(" "),
            )
        })
        .collect()
}

/// Compares line by line; on a difference prints every actual line, ready to paste.
fn assert_golden(what: &str, actual: &[String], expected: &[&str]) {
    if actual != expected {
        let listing: String = actual.iter().map(|l| format!("    {l:?},\n")).collect();
        panic!(
            "{what} differs from its golden (first difference at line {}); actual:\n{listing}",
            actual
                .iter()
                .zip(expected)
                .position(|(a, e)| a != e)
                .unwrap_or(actual.len().min(expected.len()))
        );
    }
}

/// What must hold of any lab run, so the pinned lines are a plausible run and not just any
/// text: every parent is a span of the same trace emitted before it, one root per trace.
fn check_structure(run: &SimRun) {
    for (i, span) in run.spans.iter().enumerate() {
        match span.parent_span_id {
            None => assert_eq!(span.kind, SpanKind::Server, "roots are A's SERVER spans"),
            Some(parent) => assert!(
                run.spans[..i]
                    .iter()
                    .any(|p| p.span_id == parent && p.trace_id == span.trace_id),
                "parent of span {i} precedes it in its trace"
            ),
        }
    }
    let roots = run.spans.iter().filter(|s| s.parent_span_id.is_none());
    assert_eq!(roots.count(), run.requests.len(), "one root per request");
}

#[rustfmt::skip]
const ONE_SEND: &[&str] = &[
    "968d9f004e50de7dcb231c3874846a73 201718ff221a3556 <- root SERVER [GET /] 266487692 UNSET",
    "968d9f004e50de7dcb231c3874846a73 eeefd63219b4a0d4 <- 201718ff221a3556 CLIENT [GET] 266184474 UNSET",
    "968d9f004e50de7dcb231c3874846a73 d99b8e00792f360d <- eeefd63219b4a0d4 SERVER [GET /data] 261675534 UNSET",
];

#[rustfmt::skip]
const ONE_SEND_RECORDS: &[&str] = &[
    "#0 968d9f004e50de7dcb231c3874846a73 266487692 200 ok 1/0 1/0",
];

#[test]
fn the_lab_with_one_send_request_is_pinned() {
    let run = run(&LabOptions::default(), 42, 1);
    check_structure(&run);
    let lines: Vec<String> = run.spans.iter().map(span_line).collect();
    assert_golden("lab, one Send, seed 42", &lines, ONE_SEND);
    assert_golden("its record", &record_lines(&run), ONE_SEND_RECORDS);
}

#[rustfmt::skip]
const BOTH_CHALLENGES: &[&str] = &[
    "77385b627c22c489f6b263f2f5790376 b951f9b3621ea380 <- root SERVER [GET /] 244428080 UNSET",
    "77385b627c22c489f6b263f2f5790376 12c2b9fdd9c111ed <- b951f9b3621ea380 CLIENT [GET] 243519175 ERROR",
    "77385b627c22c489f6b263f2f5790376 2c061aa41969ae7e <- 12c2b9fdd9c111ed SERVER [GET /data] 239229503 ERROR",
    "77385b627c22c489f6b263f2f5790376 7ea068f1c1c8824f <- 2c061aa41969ae7e INTERNAL [heavy_calc] 100000000 UNSET",
];

#[rustfmt::skip]
const BOTH_CHALLENGES_RECORDS: &[&str] = &[
    "#0 77385b627c22c489f6b263f2f5790376 244428080 200 error 1/0 1/1",
];

fn both_challenges() -> LabOptions {
    LabOptions {
        heavy_calc: true,
        random_500s: true,
        ..LabOptions::default()
    }
}

#[test]
fn the_lab_with_both_challenges_is_pinned() {
    let run = run(&both_challenges(), 7, 1);
    check_structure(&run);
    let lines: Vec<String> = run.spans.iter().map(span_line).collect();
    assert_golden("lab, both challenges, seed 7", &lines, BOTH_CHALLENGES);
    assert_golden("its record", &record_lines(&run), BOTH_CHALLENGES_RECORDS);
}

#[rustfmt::skip]
const LOAD_20: &[&str] = &[
    "ceecac21bb20bc65bf8964d6922c13c4 fa80bc903817a43f <- root SERVER [GET /] 553154691 UNSET",
    "ceecac21bb20bc65bf8964d6922c13c4 61e3796efc475bf7 <- fa80bc903817a43f CLIENT [GET] 552626160 UNSET",
    "ceecac21bb20bc65bf8964d6922c13c4 d114509c08f1dfb6 <- 61e3796efc475bf7 SERVER [GET /data] 547826648 UNSET",
    "ceecac21bb20bc65bf8964d6922c13c4 5acbf68ebcd36810 <- d114509c08f1dfb6 INTERNAL [heavy_calc] 100000000 UNSET",
    "7c1647bb95b78a8aaa51e7916ebbd00c 9b2b8ef64ef76778 <- root SERVER [GET /] 467261987 UNSET",
    "7c1647bb95b78a8aaa51e7916ebbd00c 5c2c56d281dfeda2 <- 9b2b8ef64ef76778 CLIENT [GET] 466611308 UNSET",
    "7c1647bb95b78a8aaa51e7916ebbd00c 811d9f2eb45b6984 <- 5c2c56d281dfeda2 SERVER [GET /data] 462025265 UNSET",
    "7c1647bb95b78a8aaa51e7916ebbd00c a27560c174641ac3 <- 811d9f2eb45b6984 INTERNAL [heavy_calc] 100000000 UNSET",
    "4ae48c4f89ada6c519b5aa818a6d6e9c 805d85c77d8ff6f6 <- root SERVER [GET /] 458886580 UNSET",
    "4ae48c4f89ada6c519b5aa818a6d6e9c 2a309e22a2e125c7 <- 805d85c77d8ff6f6 CLIENT [GET] 458515674 UNSET",
    "4ae48c4f89ada6c519b5aa818a6d6e9c e9bfc27f28635951 <- 2a309e22a2e125c7 SERVER [GET /data] 453791789 UNSET",
    "4ae48c4f89ada6c519b5aa818a6d6e9c 45095a6d6f41efd8 <- e9bfc27f28635951 INTERNAL [heavy_calc] 100000000 UNSET",
    "19b7e82bc40b2a91f0b6b99b992f71a6 9ed332e8fabceec4 <- root SERVER [GET /] 599948445 UNSET",
    "19b7e82bc40b2a91f0b6b99b992f71a6 b72b4d4f551cbd38 <- 9ed332e8fabceec4 CLIENT [GET] 599369244 UNSET",
    "19b7e82bc40b2a91f0b6b99b992f71a6 03fe32850ad25087 <- b72b4d4f551cbd38 SERVER [GET /data] 594804423 UNSET",
    "19b7e82bc40b2a91f0b6b99b992f71a6 6da36ac3ccdaa0a3 <- 03fe32850ad25087 INTERNAL [heavy_calc] 100000000 UNSET",
    "5ed96bd017dfb68c337a52ffa9da100f 5f89abc0a462c570 <- root SERVER [GET /] 454521035 UNSET",
    "5ed96bd017dfb68c337a52ffa9da100f a6179535afccb518 <- 5f89abc0a462c570 CLIENT [GET] 453956652 ERROR",
    "5ed96bd017dfb68c337a52ffa9da100f b58547def90e7f0b <- a6179535afccb518 SERVER [GET /data] 449337377 ERROR",
    "5ed96bd017dfb68c337a52ffa9da100f 2d70dc8a658fceb4 <- b58547def90e7f0b INTERNAL [heavy_calc] 100000000 UNSET",
    "f395cfe8a0e86ca8e2d911030ec2d118 e13d245f0a10d989 <- root SERVER [GET /] 539878381 UNSET",
    "f395cfe8a0e86ca8e2d911030ec2d118 303b669018b237cd <- e13d245f0a10d989 CLIENT [GET] 539194427 UNSET",
    "f395cfe8a0e86ca8e2d911030ec2d118 066b2da696191c24 <- 303b669018b237cd SERVER [GET /data] 534659618 UNSET",
    "f395cfe8a0e86ca8e2d911030ec2d118 e180458e5c0cc6f1 <- 066b2da696191c24 INTERNAL [heavy_calc] 100000000 UNSET",
    "ce234995c22f4088910decb6e86e2707 50b80576d2afce85 <- root SERVER [GET /] 395541346 UNSET",
    "ce234995c22f4088910decb6e86e2707 8851ac533e9cf24f <- 50b80576d2afce85 CLIENT [GET] 395068945 UNSET",
    "ce234995c22f4088910decb6e86e2707 7de0c3794ee0c613 <- 8851ac533e9cf24f SERVER [GET /data] 390546054 UNSET",
    "ce234995c22f4088910decb6e86e2707 05231634e88347f8 <- 7de0c3794ee0c613 INTERNAL [heavy_calc] 100000000 UNSET",
    "451b8c2e19d3d9366a9fed9a0954f39b a57bb5df02733ae5 <- root SERVER [GET /] 238352814 UNSET",
    "451b8c2e19d3d9366a9fed9a0954f39b 595bc063a071ccb7 <- a57bb5df02733ae5 CLIENT [GET] 237493572 ERROR",
    "451b8c2e19d3d9366a9fed9a0954f39b df7829df7067ab0d <- 595bc063a071ccb7 SERVER [GET /data] 232918431 ERROR",
    "451b8c2e19d3d9366a9fed9a0954f39b 7a0edf6f52ff81a4 <- df7829df7067ab0d INTERNAL [heavy_calc] 100000000 UNSET",
    "13bddaac54c67cda20a3f36a31e0dda9 55e0361161840348 <- root SERVER [GET /] 422078723 UNSET",
    "13bddaac54c67cda20a3f36a31e0dda9 912d8584efeee8a8 <- 55e0361161840348 CLIENT [GET] 421507752 UNSET",
    "13bddaac54c67cda20a3f36a31e0dda9 553460a13f21b932 <- 912d8584efeee8a8 SERVER [GET /data] 417122850 UNSET",
    "13bddaac54c67cda20a3f36a31e0dda9 b66082af667e9771 <- 553460a13f21b932 INTERNAL [heavy_calc] 100000000 UNSET",
    "03d281b429db95b3f38d9fedf89ffd41 462f48657c8ee3d6 <- root SERVER [GET /] 583098512 UNSET",
    "03d281b429db95b3f38d9fedf89ffd41 d4b7bf20f25f9414 <- 462f48657c8ee3d6 CLIENT [GET] 582531945 UNSET",
    "03d281b429db95b3f38d9fedf89ffd41 efd6ad7c95365113 <- d4b7bf20f25f9414 SERVER [GET /data] 577640273 UNSET",
    "03d281b429db95b3f38d9fedf89ffd41 0bea75fd218a31d7 <- efd6ad7c95365113 INTERNAL [heavy_calc] 100000000 UNSET",
    "3ec91a17b12bf4ef8100d0115732522e 4a8114d26186dfb2 <- root SERVER [GET /] 365109218 UNSET",
    "3ec91a17b12bf4ef8100d0115732522e 7f2ff31dbc681a4b <- 4a8114d26186dfb2 CLIENT [GET] 364513635 UNSET",
    "3ec91a17b12bf4ef8100d0115732522e dc538a95909887bf <- 7f2ff31dbc681a4b SERVER [GET /data] 360021276 UNSET",
    "3ec91a17b12bf4ef8100d0115732522e afc9c01f765dc0b6 <- dc538a95909887bf INTERNAL [heavy_calc] 100000000 UNSET",
    "5070adb812105cf8a9b5ccb8da29525b 7c5de4b7bb43aba1 <- root SERVER [GET /] 582386248 UNSET",
    "5070adb812105cf8a9b5ccb8da29525b 9bc05b3a7b1c4e4c <- 7c5de4b7bb43aba1 CLIENT [GET] 581842738 UNSET",
    "5070adb812105cf8a9b5ccb8da29525b 1107a33a692d18b3 <- 9bc05b3a7b1c4e4c SERVER [GET /data] 577110631 UNSET",
    "5070adb812105cf8a9b5ccb8da29525b f76813ea95a9f893 <- 1107a33a692d18b3 INTERNAL [heavy_calc] 100000000 UNSET",
    "ca8d7b5a6d402c86fab8d4b34aa72332 407ee3b70fa2f069 <- root SERVER [GET /] 549410526 UNSET",
    "ca8d7b5a6d402c86fab8d4b34aa72332 0f62215ca0e0bd6d <- 407ee3b70fa2f069 CLIENT [GET] 548722754 UNSET",
    "ca8d7b5a6d402c86fab8d4b34aa72332 66dd6216212a75e8 <- 0f62215ca0e0bd6d SERVER [GET /data] 543909091 UNSET",
    "ca8d7b5a6d402c86fab8d4b34aa72332 41eee7c32d5fdb49 <- 66dd6216212a75e8 INTERNAL [heavy_calc] 100000000 UNSET",
    "d290c37348405ac2713c099bc9d6f77d 43a50816bc23981e <- root SERVER [GET /] 405372543 UNSET",
    "d290c37348405ac2713c099bc9d6f77d 31332eeea796b065 <- 43a50816bc23981e CLIENT [GET] 404990053 UNSET",
    "d290c37348405ac2713c099bc9d6f77d 4135e01f56d112d7 <- 31332eeea796b065 SERVER [GET /data] 400146334 UNSET",
    "d290c37348405ac2713c099bc9d6f77d facb2032fd969928 <- 4135e01f56d112d7 INTERNAL [heavy_calc] 100000000 UNSET",
    "372378d2519be0707400c1d15869e3f0 9ed63f57f0a16474 <- root SERVER [GET /] 212968139 UNSET",
    "372378d2519be0707400c1d15869e3f0 43bd1ce189062966 <- 9ed63f57f0a16474 CLIENT [GET] 212316494 UNSET",
    "372378d2519be0707400c1d15869e3f0 89284b2c24c34894 <- 43bd1ce189062966 SERVER [GET /data] 207581251 UNSET",
    "372378d2519be0707400c1d15869e3f0 4c7bacc3d08030d0 <- 89284b2c24c34894 INTERNAL [heavy_calc] 100000000 UNSET",
    "774851caf32119665dc53db322af7fb1 e583dee4b8b382b6 <- root SERVER [GET /] 490668107 UNSET",
    "774851caf32119665dc53db322af7fb1 08ae67e61a155a72 <- e583dee4b8b382b6 CLIENT [GET] 490176166 UNSET",
    "774851caf32119665dc53db322af7fb1 f014c43e2443e40c <- 08ae67e61a155a72 SERVER [GET /data] 485528530 UNSET",
    "774851caf32119665dc53db322af7fb1 897c677a5c72af0d <- f014c43e2443e40c INTERNAL [heavy_calc] 100000000 UNSET",
    "8f5f25db66ddd6acd9cb2e30e335aa74 c8e34a2512981f78 <- root SERVER [GET /] 589681451 UNSET",
    "8f5f25db66ddd6acd9cb2e30e335aa74 fce441b9c6581b5d <- c8e34a2512981f78 CLIENT [GET] 589092763 UNSET",
    "8f5f25db66ddd6acd9cb2e30e335aa74 9432e294dfe773df <- fce441b9c6581b5d SERVER [GET /data] 584510467 UNSET",
    "8f5f25db66ddd6acd9cb2e30e335aa74 ccaee56c504ee1b5 <- 9432e294dfe773df INTERNAL [heavy_calc] 100000000 UNSET",
    "b949e708fdaf0a04d46ab02eb26f93f6 3a6b738e0e3f944b <- root SERVER [GET /] 251341037 UNSET",
    "b949e708fdaf0a04d46ab02eb26f93f6 2dccf886dc71611a <- 3a6b738e0e3f944b CLIENT [GET] 250918460 UNSET",
    "b949e708fdaf0a04d46ab02eb26f93f6 413919dc653ef2d7 <- 2dccf886dc71611a SERVER [GET /data] 246286660 UNSET",
    "b949e708fdaf0a04d46ab02eb26f93f6 ac7e20544141ce4b <- 413919dc653ef2d7 INTERNAL [heavy_calc] 100000000 UNSET",
    "5025eacc87e6fd0ce24736f830126757 86d8586e5dcee654 <- root SERVER [GET /] 466098996 UNSET",
    "5025eacc87e6fd0ce24736f830126757 7c053fb2eb26399a <- 86d8586e5dcee654 CLIENT [GET] 465460264 UNSET",
    "5025eacc87e6fd0ce24736f830126757 a324857f369f70d7 <- 7c053fb2eb26399a SERVER [GET /data] 461021131 UNSET",
    "5025eacc87e6fd0ce24736f830126757 ff2182896ab7575d <- a324857f369f70d7 INTERNAL [heavy_calc] 100000000 UNSET",
    "5532a1cc24fd8bec463fe4ceb2bfa20a df8ccf5c446bc16c <- root SERVER [GET /] 246743895 UNSET",
    "5532a1cc24fd8bec463fe4ceb2bfa20a e5889c3eebff9e6d <- df8ccf5c446bc16c CLIENT [GET] 246244225 ERROR",
    "5532a1cc24fd8bec463fe4ceb2bfa20a 5e8e730df410e8c8 <- e5889c3eebff9e6d SERVER [GET /data] 241709880 ERROR",
    "5532a1cc24fd8bec463fe4ceb2bfa20a baf581fb3a1eb915 <- 5e8e730df410e8c8 INTERNAL [heavy_calc] 100000000 UNSET",
];

#[rustfmt::skip]
const LOAD_20_RECORDS: &[&str] = &[
    "#0 ceecac21bb20bc65bf8964d6922c13c4 553154691 200 ok 1/0 1/0",
    "#1 7c1647bb95b78a8aaa51e7916ebbd00c 467261987 200 ok 1/0 1/0",
    "#2 4ae48c4f89ada6c519b5aa818a6d6e9c 458886580 200 ok 1/0 1/0",
    "#3 19b7e82bc40b2a91f0b6b99b992f71a6 599948445 200 ok 1/0 1/0",
    "#4 5ed96bd017dfb68c337a52ffa9da100f 454521035 200 error 1/0 1/1",
    "#5 f395cfe8a0e86ca8e2d911030ec2d118 539878381 200 ok 1/0 1/0",
    "#6 ce234995c22f4088910decb6e86e2707 395541346 200 ok 1/0 1/0",
    "#7 451b8c2e19d3d9366a9fed9a0954f39b 238352814 200 error 1/0 1/1",
    "#8 13bddaac54c67cda20a3f36a31e0dda9 422078723 200 ok 1/0 1/0",
    "#9 03d281b429db95b3f38d9fedf89ffd41 583098512 200 ok 1/0 1/0",
    "#10 3ec91a17b12bf4ef8100d0115732522e 365109218 200 ok 1/0 1/0",
    "#11 5070adb812105cf8a9b5ccb8da29525b 582386248 200 ok 1/0 1/0",
    "#12 ca8d7b5a6d402c86fab8d4b34aa72332 549410526 200 ok 1/0 1/0",
    "#13 d290c37348405ac2713c099bc9d6f77d 405372543 200 ok 1/0 1/0",
    "#14 372378d2519be0707400c1d15869e3f0 212968139 200 ok 1/0 1/0",
    "#15 774851caf32119665dc53db322af7fb1 490668107 200 ok 1/0 1/0",
    "#16 8f5f25db66ddd6acd9cb2e30e335aa74 589681451 200 ok 1/0 1/0",
    "#17 b949e708fdaf0a04d46ab02eb26f93f6 251341037 200 ok 1/0 1/0",
    "#18 5025eacc87e6fd0ce24736f830126757 466098996 200 ok 1/0 1/0",
    "#19 5532a1cc24fd8bec463fe4ceb2bfa20a 246743895 200 error 1/0 1/1",
];

#[test]
fn a_load_run_of_20_requests_with_random_500s_is_pinned() {
    let run = run(&both_challenges(), 2024, 20);
    check_structure(&run);
    assert_eq!(run.requests.len(), 20);
    let lines: Vec<String> = run.spans.iter().map(span_line).collect();
    assert_golden("load of 20, both challenges, seed 2024", &lines, LOAD_20);
    assert_golden("its records", &record_lines(&run), LOAD_20_RECORDS);
}
