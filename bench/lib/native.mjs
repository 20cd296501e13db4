// Native measurements through the `sim-bench` binary (src/bin/sim-bench.rs):
// - comparison point `sim_native_10k_ms`: the simulator compiled natively (10,000 lab requests
//   with heavy_calc, 40,000 spans), to show how much of the page's time is the simulator;
// - `critical_path_100k_ms` (issue 15): span tree + critical path + verdict of a 100,000-span
//   trace imported from the generated OTLP file, on a thread with wasm32's 1 MiB stack.
import { execFile } from 'node:child_process';

function run(cmd, args, cwd) {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, maxBuffer: 1 << 20, timeout: 15 * 60_000 }, (err, stdout, stderr) =>
      resolve({ ok: !err, signal: err?.signal ?? null, code: err?.code ?? 0, stdout, stderr: stderr || String(err ?? '') }),
    );
  });
}

const simBench = (root, args) => run('cargo', ['run', '--release', '--quiet', '--bin', 'sim-bench', '--', ...args], root);

const lastLine = (text) => text.trim().split('\n').at(-1);

/** `median X  min Y  max Z` after `label` in sim-bench's output, as numbers. */
export function parseSpread(stdout, label) {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`${escaped}: median ([\\d.]+)\\s+min ([\\d.]+)\\s+max ([\\d.]+)`).exec(stdout);
  return m ? { value: Number(m[1]), median: Number(m[1]), min: Number(m[2]), max: Number(m[3]) } : null;
}

/** Runs `cargo run --release --bin sim-bench -- --runs N`; `{ value: null, reason }` if it cannot. */
export async function measureNativeSim(root, runs) {
  const r = await simBench(root, ['--runs', String(runs)]);
  if (!r.ok) return { value: null, reason: `not measured: sim-bench failed: ${lastLine(r.stderr)}` };
  const wall = parseSpread(r.stdout, 'wall time ms');
  const spans = /spans per run: (\d+)/.exec(r.stdout);
  if (!wall) return { value: null, reason: 'not measured: sim-bench printed no "wall time ms" line' };
  return {
    ...wall,
    runs,
    spans: spans ? Number(spans[1]) : null,
    unit: 'ms',
    method: 'native simulator, no page: cargo run --release --bin sim-bench (src/bin/sim-bench.rs), in-process median',
  };
}

/** One trace file through `sim-bench --trace`: the timings, or why there are none. */
async function analyseFile(root, file, runs) {
  const r = await simBench(root, ['--trace', file, '--runs', String(runs)]);
  if (!r.ok) {
    const overflow = /overflow/i.test(r.stderr) || r.signal === 'SIGABRT' || r.signal === 'SIGSEGV';
    return {
      reason: overflow
        ? `the analysis overflowed a 1 MiB stack (recursion on span depth?): ${lastLine(r.stderr)}`
        : `sim-bench failed (${r.signal ?? `exit ${r.code}`}): ${lastLine(r.stderr)}`,
    };
  }
  const path = parseSpread(r.stdout, 'critical path + verdict ms');
  const analyze = parseSpread(r.stdout, 'analyze ms');
  const imported = /import ms: ([\d.]+)/.exec(r.stdout);
  const spans = /spans (\d+):/.exec(r.stdout);
  if (!path) return { reason: 'sim-bench printed no "critical path + verdict ms" line' };
  return {
    path,
    analyze,
    import_ms: imported ? Number(imported[1]) : null,
    spans: spans ? Number(spans[1]) : null,
    result: /: (critical path .*)/.exec(r.stdout)?.[1] ?? null,
  };
}

/**
 * `critical_path_100k_ms`: the median for the fan-out trace (the shape the issue names), with the
 * deep chain as a check that nothing recurses on depth: if the chain fails, the metric is null.
 * The figure (median, min, max) is that of the shape with the slower median.
 */
export async function measureCriticalPath(root, { fanOutFile, chainFile }, runs) {
  const wide = await analyseFile(root, fanOutFile, runs);
  if (wide.reason) return { value: null, reason: `not measured: fan-out trace: ${wide.reason}` };
  const deep = await analyseFile(root, chainFile, runs);
  if (deep.reason) return { value: null, reason: `not measured: 100,000-deep chain: ${deep.reason}`, fan_out: wide };
  const slower = wide.path.value >= deep.path.value ? wide.path : deep.path;
  return {
    ...slower,
    runs,
    slower_shape: slower === wide.path ? 'fan-out' : 'deep chain',
    unit: 'ms',
    method:
      'native, sim-bench --trace (src/bin/sim-bench.rs): the generated 100,000-span OTLP file imported with ' +
      'otlp::import_traces, then SpanTree::build + critical_path + verdict timed together on a 1 MiB-stack thread ' +
      '(wasm32 default); the slower of a fan-out trace (24,999 db calls) and a 100,000-deep chain',
    fan_out: wide,
    deep_chain: deep,
  };
}
