//! Native benchmarks of the pure core, run by `bench/` (BENCHMARKS.md):
//!
//! - the simulator: 10,000 lab requests with `heavy_calc` on (40,000 spans), several runs,
//!   median / min / max wall time and spans per second
//!   (`cargo run --release --bin sim-bench [-- --runs N --requests N --fan-out N]`);
//! - the analysis of one big trace (issue 15, `critical_path_100k_ms`): with `--trace FILE`, the
//!   OTLP JSON file is imported with the page's own importer and each trace in it is analysed
//!   `--runs` times — span tree, critical path and verdict, timed together, and the whole
//!   `analysis::analyze` separately. It runs on a thread with a 1 MiB stack, the default stack of
//!   a Rust wasm32 module, so a recursion on span depth that would overflow in the page
//!   overflows here too (the process then aborts, and the runner reports it).
//!
//! Wall-clock time is measured here, in the binary, never in tests.

use std::time::Instant;
use trace_playground::analysis::{analyze, critical_path, verdict, SpanTree};
use trace_playground::model::Trace;
use trace_playground::sim::{simulate, Arrival, LabOptions, RunSettings, Scenario};

/// The stack of the analysis thread: rustc's default for wasm32-unknown-unknown (1 MiB).
const WASM_STACK_BYTES: usize = 1 << 20;

struct Args {
    runs: u32,
    requests: u32,
    fan_out: u32,
    trace: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        runs: 7,
        requests: 10_000,
        fan_out: 0,
        trace: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        if flag == "--trace" {
            args.trace = Some(value);
            continue;
        }
        let n: u32 = value
            .parse()
            .map_err(|_| format!("{flag}: not a number: {value}"))?;
        match flag.as_str() {
            "--runs" => args.runs = n.max(1),
            "--requests" => args.requests = n,
            "--fan-out" => args.fan_out = n,
            _ => {
                return Err(format!(
                    "unknown flag {flag} (use --runs, --requests, --fan-out, --trace FILE)"
                ))
            }
        }
    }
    Ok(args)
}

/// Median, min and max of the samples (sorted in place).
fn spread(samples: &mut [f64]) -> (f64, f64, f64) {
    samples.sort_by(f64::total_cmp);
    (
        samples[samples.len() / 2],
        samples[0],
        samples[samples.len() - 1],
    )
}

fn millis_since(began: Instant) -> f64 {
    began.elapsed().as_secs_f64() * 1000.0
}

fn bench_simulator(args: &Args) -> Result<(), String> {
    let options = LabOptions {
        heavy_calc: true,
        fan_out: args.fan_out,
        ..LabOptions::default()
    };
    let scenario = Scenario::lab_with(&options).map_err(|e| e.to_string())?;
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
        let elapsed = millis_since(began);
        let result = result.map_err(|e| e.to_string())?;
        spans = result.spans.len();
        // Keep the result alive until timed, then drop it outside the timing.
        std::hint::black_box(&result);
        drop(result);
        times_ms.push(elapsed);
    }
    let (median, min, max) = spread(&mut times_ms);
    println!(
        "sim-bench: {} requests, heavy_calc on, fan-out {}, {} runs",
        args.requests, args.fan_out, args.runs
    );
    println!("spans per run: {spans}");
    println!("wall time ms: median {median:.2}  min {min:.2}  max {max:.2}");
    println!("spans/s (median): {:.0}", spans as f64 / (median / 1000.0));
    Ok(())
}

/// Times tree + critical path + verdict, then `analyze`, `runs` times on one trace.
fn bench_trace(trace: &Trace, runs: u32) {
    let spans = &trace.spans;
    let mut path_ms = Vec::new();
    let mut analyze_ms = Vec::new();
    let mut summary = String::new();
    for _ in 0..runs {
        let began = Instant::now();
        let tree = SpanTree::build(spans);
        let path = critical_path(spans, &tree);
        let found = verdict(spans, &tree, &path);
        path_ms.push(millis_since(began));
        summary = format!(
            "critical path {} segments, verdict {:?} {:.3}",
            path.segments.len(),
            found.service,
            found.share
        );
        std::hint::black_box((&tree, &path, &found));

        let began = Instant::now();
        let analysis = analyze(trace);
        analyze_ms.push(millis_since(began));
        std::hint::black_box(&analysis);
    }
    let (median, min, max) = spread(&mut path_ms);
    println!("trace {} spans {}: {summary}", trace.trace_id, spans.len());
    println!("critical path + verdict ms: median {median:.2}  min {min:.2}  max {max:.2}");
    let (median, min, max) = spread(&mut analyze_ms);
    println!("analyze ms: median {median:.2}  min {min:.2}  max {max:.2}");
}

fn bench_trace_file(path: &str, runs: u32) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let began = Instant::now();
    let traces =
        trace_playground::otlp::import_traces(&text).map_err(|e| format!("{path}: {e}"))?;
    println!(
        "import ms: {:.2} ({} bytes, {} traces)",
        millis_since(began),
        text.len(),
        traces.len()
    );
    drop(text);
    let worker = std::thread::Builder::new()
        .name("analysis (1 MiB stack, as wasm32)".into())
        .stack_size(WASM_STACK_BYTES)
        .spawn(move || {
            for trace in &traces {
                bench_trace(trace, runs);
            }
        })
        .map_err(|e| format!("cannot start the analysis thread: {e}"))?;
    worker
        .join()
        .map_err(|_| "the analysis thread panicked".to_string())
}

fn main() {
    let outcome = parse_args().and_then(|args| match &args.trace {
        Some(path) => bench_trace_file(path, args.runs),
        None => bench_simulator(&args),
    });
    if let Err(message) = outcome {
        eprintln!("sim-bench: {message}");
        std::process::exit(2);
    }
}
