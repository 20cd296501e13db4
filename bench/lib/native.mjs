// Comparison point: the simulator compiled natively (the sim's own `sim-bench` binary,
// src/bin/sim-bench.rs: 10,000 lab requests with heavy_calc, 40,000 spans), to show how much of
// `sim_10k_ms` is the simulator and how much is wasm and the page around it.
import { execFile } from 'node:child_process';

function run(cmd, args, cwd) {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, maxBuffer: 1 << 20, timeout: 15 * 60_000 }, (err, stdout, stderr) =>
      resolve({ ok: !err, stdout, stderr: stderr || String(err ?? '') }),
    );
  });
}

/** Runs `cargo run --release --bin sim-bench -- --runs N`; `{ value: null, reason }` if it cannot. */
export async function measureNativeSim(root, runs) {
  const r = await run('cargo', ['run', '--release', '--quiet', '--bin', 'sim-bench', '--', '--runs', String(runs)], root);
  if (!r.ok) return { value: null, reason: `not measured: sim-bench failed: ${r.stderr.trim().split('\n').at(-1)}` };
  const wall = /wall time ms: median ([\d.]+)\s+min ([\d.]+)\s+max ([\d.]+)/.exec(r.stdout);
  const spans = /spans per run: (\d+)/.exec(r.stdout);
  if (!wall) return { value: null, reason: 'not measured: sim-bench printed no "wall time ms" line' };
  return {
    value: Number(wall[1]),
    min: Number(wall[2]),
    max: Number(wall[3]),
    runs,
    spans: spans ? Number(spans[1]) : null,
    unit: 'ms',
    method: 'native simulator, no page: cargo run --release --bin sim-bench (src/bin/sim-bench.rs), in-process median',
  };
}
