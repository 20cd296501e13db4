//! Native benchmark of the simulation core: 10,000 lab requests with `heavy_calc` on
//! (40,000 spans), several runs, median / min / max wall time and spans per second.
//!
//! `cargo run --release --bin sim-bench [-- --runs N --requests N --fan-out N]`
//! (see `docs/simulation.md`). Wall-clock time is measured here, in the binary, never in tests.

use std::time::Instant;
use trace_playground::sim::{simulate, Arrival, LabOptions, RunSettings, Scenario};

struct Args {
    runs: u32,
    requests: u32,
    fan_out: u32,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        runs: 7,
        requests: 10_000,
        fan_out: 0,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        let n: u32 = value
            .parse()
            .map_err(|_| format!("{flag}: not a number: {value}"))?;
        match flag.as_str() {
            "--runs" => args.runs = n.max(1),
            "--requests" => args.requests = n,
            "--fan-out" => args.fan_out = n,
            _ => {
                return Err(format!(
                    "unknown flag {flag} (use --runs, --requests, --fan-out)"
                ))
            }
        }
    }
    Ok(args)
}

fn main() {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("sim-bench: {message}");
            std::process::exit(2);
        }
    };
    let options = LabOptions {
        heavy_calc: true,
        fan_out: args.fan_out,
        ..LabOptions::default()
    };
    let scenario = match Scenario::lab_with(&options) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("sim-bench: {e}");
            std::process::exit(2);
        }
    };
    let settings = RunSettings::from(&options);
    let start = 1_700_000_000_000_000_000;
    let mut times_ms = Vec::new();
    let mut spans = 0usize;
    for run in 0..args.runs {
        let began = Instant::now();
        let result = simulate(
            &scenario,
            &settings,
            u64::from(run),
            start,
            Arrival::default(),
            args.requests,
        );
        let elapsed = began.elapsed().as_secs_f64() * 1000.0;
        match result {
            Ok(r) => {
                spans = r.spans.len();
                // Keep the result alive until timed, then drop it outside the timing.
                std::hint::black_box(&r);
            }
            Err(e) => {
                eprintln!("sim-bench: {e}");
                std::process::exit(2);
            }
        }
        times_ms.push(elapsed);
    }
    times_ms.sort_by(f64::total_cmp);
    let median = times_ms[times_ms.len() / 2];
    let (min, max) = (times_ms[0], times_ms[times_ms.len() - 1]);
    println!(
        "sim-bench: {} requests, heavy_calc on, fan-out {}, {} runs",
        args.requests, args.fan_out, args.runs
    );
    println!("spans per run: {spans}");
    println!("wall time ms: median {median:.2}  min {min:.2}  max {max:.2}");
    println!("spans/s (median): {:.0}", spans as f64 / (median / 1000.0));
}
