// A comparison point outside the browser: the same OpenTelemetry JS baseline run in Node (same V8
// engine family, no page). Usage: node bench/otel/node-run.mjs [requests] [runs] [minimal|simple]
// Prints JSON: per-run milliseconds and the shape check of the last run. With the minimal
// processor (the fair race) the first WARMUPS runs warm the JIT and are not counted.
import { timeLabWithOtel } from './lab-otel.mjs';

export const WARMUPS = 3;

export async function runInNode(requests = 10_000, runs = 5, { processor = 'simple' } = {}) {
  const warmups = processor === 'minimal' ? WARMUPS : 0;
  const samples = [];
  let check = null;
  for (let i = 0; i < warmups + runs; i++) {
    const r = await timeLabWithOtel(requests, { heavyCalc: true, seed: i + 1, processor });
    if (i >= warmups) samples.push(r.ms);
    check = r.check;
  }
  return { samples, check, warmups };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const requests = Number(process.argv[2] ?? 10_000);
  const runs = Number(process.argv[3] ?? 5);
  console.log(JSON.stringify(await runInNode(requests, runs, { processor: process.argv[4] ?? 'simple' })));
}
