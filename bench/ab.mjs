// A/B of two release builds on the Run load path (issue 15's "measure each step A/B"), not part
// of scripts/bench.sh. Builds alternate page by page; in each fresh page, as bench/lib/app-sim.mjs
// does: settle, the cold run, "Clear traces" and Run load until WARM_UP_RUNS runs were made, then
// the warmed run. For the cold and the warmed run it records the wall time to the painted results
// and the renderer main thread's CPU time (the sum of `tdur` of its top-level trace events over
// the run: barely moved by other processes, unlike wall time on a shared machine).
//   node bench/ab.mjs --a dist-old --b dist --rounds 12 [--store-traces 10000] [--requests 10000]
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { launchBrowser } from '../e2e/harness.mjs';
import { startSite } from './lib/servers.mjs';
import { openApp, prepareLoad } from './lib/app-page.mjs';
import { runLoadAndWait, WARM_UP_RUNS, SETTLE_MS } from './lib/app-sim.mjs';
import { summarize } from './lib/stats.mjs';
import { sampleLoad } from './lib/machine.mjs';

const { values: args } = parseArgs({
  options: {
    a: { type: 'string' },
    b: { type: 'string' },
    rounds: { type: 'string', default: '10' },
    'store-traces': { type: 'string' },
    requests: { type: 'string', default: '10000' },
  },
});
if (!args.a || !args.b) throw new Error('usage: node bench/ab.mjs --a DIR --b DIR [--rounds N]');
const requests = Number(args.requests);
const storeTraces = args['store-traces'] ? Number(args['store-traces']) : null;

/** Main-thread CPU (ms): `tdur` of the top-level complete events of CrRendererMain. */
function mainThreadCpu(trace) {
  const events = trace.traceEvents ?? trace;
  const main = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const slices = events.filter((e) => e.ph === 'X' && typeof e.dur === 'number' && main.has(`${e.pid}:${e.tid}`)).sort((x, y) => x.ts - y.ts || y.dur - x.dur);
  let end = -Infinity;
  let us = 0;
  for (const e of slices) {
    if (e.ts >= end) {
      us += e.tdur ?? e.dur;
      end = e.ts + e.dur;
    }
  }
  return us / 1000;
}

async function timedRun(browser, page, run) {
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  const r = await runLoadAndWait(page, run, { requests });
  const cpu = mainThreadCpu(JSON.parse((await browser.stopTracing()).toString('utf8')));
  return { wall: r.paintedMs, cpu, stored: r.storedMs };
}

async function clear(page) {
  await page.getByRole('button', { name: 'Clear traces', exact: true }).first().click();
  await page.getByText(/No traces yet/).first().waitFor({ timeout: 10_000 });
}

const browser = await launchBrowser();
const sites = {};
for (const k of ['a', 'b']) sites[k] = await startSite({ distDir: resolve(args[k]), pagesDir: '.', bundleDir: '.', collectorPort: 1 });
const samples = { a: { cold: [], coldCpu: [], warm: [], warmCpu: [], coldStored: [] }, b: { cold: [], coldCpu: [], warm: [], warmCpu: [], coldStored: [] } };
const load = sampleLoad(5_000);
try {
  for (let round = 0; round <= Number(args.rounds); round++) {
    const order = round % 2 ? ['b', 'a'] : ['a', 'b'];
    for (const k of order) {
      const { context, page } = await openApp(browser, sites[k].url);
      try {
        const { missing, run } = await prepareLoad(page, { requests, storeTraces });
        if (missing.length) throw new Error(`${k}: missing ${missing.join(', ')}`);
        await page.waitForTimeout(SETTLE_MS);
        const cold = await timedRun(browser, page, run);
        for (let i = 1; i < WARM_UP_RUNS; i++) {
          await clear(page);
          await runLoadAndWait(page, run, { requests });
        }
        await clear(page);
        const warm = await timedRun(browser, page, run);
        if (round === 0) continue; // warms the browser process
        const s = samples[k];
        s.cold.push(cold.wall);
        s.coldCpu.push(cold.cpu);
        s.warm.push(warm.wall);
        s.warmCpu.push(warm.cpu);
        if (cold.stored != null) s.coldStored.push(cold.stored);
        console.error(`round ${round} ${k}: cold ${cold.wall.toFixed(1)} ms (cpu ${cold.cpu.toFixed(1)}), warm ${warm.wall.toFixed(1)} ms (cpu ${warm.cpu.toFixed(1)})`);
      } finally {
        await context.close();
      }
    }
  }
} finally {
  await browser.close();
  for (const k of ['a', 'b']) await sites[k].close?.();
}
const loads = load.stop();
const out = {};
const brief = (v) => (v.length ? (({ median, min, max, runs }) => ({ median, min, max, runs }))(summarize(v)) : null);
for (const k of ['a', 'b']) out[k] = Object.fromEntries(Object.entries(samples[k]).map(([m, v]) => [m, brief(v)]));
console.log(JSON.stringify({ a: args.a, b: args.b, requests, storeTraces, load: loads, ...out }, null, 1));
