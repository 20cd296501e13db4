// The benchmark runner (issue 7, "Benchmarks"): measures the release build in dist/ in headless
// Chromium and the OpenTelemetry JS baseline in the same browser, writes target/bench/results.json
// and the table in BENCHMARKS.md, and exits 1 when a measured figure misses its floor.
// Usually run through scripts/bench.sh, which builds what this needs first.
//
// Usage: node bench/run.mjs [--runs N] [--only bundle,load,otel,native,sim,open,export] [--no-profile] [--strict]
//                           [--dist DIR] [--no-markdown]
//   --strict       also fail when a metric could not be measured (for acceptance runs).
//   --dist DIR     measure another build (e.g. a trial merge) instead of ./dist.
//   --no-markdown  leave BENCHMARKS.md alone (results.json is still written).
import { existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { bundleSizes } from '../scripts/bundle-size.mjs';
import { launchBrowser } from '../e2e/harness.mjs';
import { buildOtelBundle, OTEL_BUNDLE, ROOT } from './otel/build.mjs';
import { runInNode } from './otel/node-run.mjs';
import { startCollector, startSite } from './lib/servers.mjs';
import { describeMachine } from './lib/machine.mjs';
import { summarize, round } from './lib/stats.mjs';
import { measureOtelJs } from './lib/otel-metric.mjs';
import { measureLoad } from './lib/app-load.mjs';
import { measureSim } from './lib/app-sim.mjs';
import { measureOpen } from './lib/app-open.mjs';
import { measureExport } from './lib/app-export.mjs';
import { measureNativeSim } from './lib/native.mjs';
import { wasmSizeReport } from './lib/wasm-size.mjs';
import { checkFloors, writeOutputs, FLOORS } from './lib/report.mjs';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    only: { type: 'string' },
    'no-profile': { type: 'boolean', default: false },
    strict: { type: 'boolean', default: false },
    dist: { type: 'string' },
    'no-markdown': { type: 'boolean', default: false },
  },
});
const RUNS = Math.max(1, Number(args.runs));
const ONLY = args.only ? new Set(args.only.split(',')) : null;
const PROFILE = !args['no-profile'];
const wants = (group) => !ONLY || ONLY.has(group);
const DIST = args.dist ? resolve(args.dist) : join(ROOT, 'dist');
const say = (msg) => console.log(`\x1b[1;35m[bench]\x1b[0m ${msg}`);

function distReason() {
  if (!existsSync(DIST)) return 'not measured: no dist/ (run trunk build --release --offline)';
  const files = readdirSync(DIST);
  for (const ext of ['.html', '.js', '.wasm', '.css']) {
    if (!files.some((f) => f.endsWith(ext))) return `not measured: dist/ has no ${ext} file`;
  }
  return null;
}

const skipped = (group) => ({ value: null, reason: `not measured: skipped (--only without ${group})` });

/** `otel / sim`, with the extreme ratios of the extreme runs as min and max. */
function ratio(otel, sim) {
  if (otel.value == null || sim.value == null) {
    return { value: null, reason: `not measured: needs ${otel.value == null ? 'otel_js_10k_ms' : 'sim_10k_ms'}` };
  }
  return {
    value: round(otel.value / sim.value, 2),
    min: round(otel.min / sim.max, 2),
    max: round(otel.max / sim.min, 2),
    runs: Math.min(otel.runs, sim.runs),
    unit: '× (median / median; min = fastest OTel / slowest sim)',
  };
}

/** Same attribute keys per span name in the app's exported spans and in the OTel JS baseline? */
function shapeCheck(appSample, otelKeys) {
  if (!appSample || !otelKeys) return { checked: false, reason: 'needs the export and otel_js metrics' };
  const differences = {};
  for (const [name, keys] of Object.entries(otelKeys)) {
    const app = appSample[name];
    if (!app) differences[name] = 'span name missing in the app export';
    else if (app.join() !== keys.join()) {
      differences[name] = { only_app: app.filter((k) => !keys.includes(k)), only_otel_js: keys.filter((k) => !app.includes(k)) };
    }
  }
  return { checked: true, same: Object.keys(differences).length === 0, differences };
}

async function main() {
  const metrics = Object.fromEntries(Object.keys(FLOORS).map((k) => [k, null]));
  const comparison = {};
  const noDist = distReason();

  say(`building the OpenTelemetry JS baseline bundle (esbuild)`);
  const otelBundle = await buildOtelBundle();

  if (!wants('bundle')) metrics.bundle_gz_bytes = skipped('bundle');
  else if (noDist) metrics.bundle_gz_bytes = { value: null, reason: noDist };
  else {
    const { rows, total } = bundleSizes(DIST);
    metrics.bundle_gz_bytes = { value: total, min: total, max: total, runs: 1, unit: 'B gzip -9 (html + js + wasm + css)', files: rows };
  }

  const collector = await startCollector();
  const site = await startSite({
    distDir: DIST,
    pagesDir: join(ROOT, 'bench', 'pages'),
    bundleDir: join(ROOT, 'target', 'bench', 'otel'),
    collectorPort: collector.port,
  });
  // CPU profiles use the build with wasm function names when it is the same build as DIST.
  const namesDir = join(ROOT, 'target', 'bench', 'dist-names');
  const sameBuild = (a, b) => existsSync(a) && existsSync(b) && readdirSync(a).filter((f) => f.endsWith('.js')).join() === readdirSync(b).filter((f) => f.endsWith('.js')).join();
  const namesSite = sameBuild(DIST, namesDir) ? await startSite({ distDir: namesDir, pagesDir: DIST, bundleDir: DIST, collectorPort: collector.port }) : null;
  if (!namesSite && PROFILE) say('no target/bench/dist-names matching dist/ (bench/build-names.sh): wasm functions in profiles will be unnamed');
  const profileUrl = namesSite?.url ?? site.url;
  if (namesSite && metrics.bundle_gz_bytes?.value != null) metrics.bundle_gz_bytes.wasm_code = wasmSizeReport(namesDir);
  const browser = await launchBrowser();
  const machine = describeMachine({ browserVersion: browser.version(), root: ROOT });
  try {
    const appMetric = async (group, fn) => {
      if (!wants(group)) return skipped(group);
      if (noDist) return { value: null, reason: noDist };
      say(`measuring ${group}`);
      try {
        return await fn();
      } catch (err) {
        // A driver that breaks on a changed UI must not hide the other metrics.
        return { value: null, reason: `not measured: ${group} failed: ${String(err.message).split('\n')[0]}` };
      }
    };
    metrics.load_ms = await appMetric('load', () => measureLoad(browser, site.url, { runs: Math.max(RUNS, 7) }));
    metrics.sim_10k_ms = await appMetric('sim', () => measureSim(browser, site.url, { runs: RUNS, profile: PROFILE, profileUrl }));
    if (wants('otel')) {
      say('measuring otel_js_10k_ms (OpenTelemetry JS SDK in the same Chromium)');
      metrics.otel_js_10k_ms = await measureOtelJs(browser, site.url, { runs: RUNS, profile: PROFILE });
      metrics.otel_js_10k_ms.bundle_bytes = otelBundle.bytes;
      say('measuring the same baseline in Node (comparison point)');
      const node = await runInNode(10_000, RUNS);
      comparison.otel_js_10k_node_ms = {
        ...summarize(node.samples),
        check_ok: node.check.ok,
        unit: 'ms',
        method: `the same OpenTelemetry JS code in Node ${process.version}, no browser (bench/otel/node-run.mjs)`,
      };
    } else metrics.otel_js_10k_ms = skipped('otel');
    if (wants('native')) {
      say('measuring the native simulator (sim-bench, comparison point)');
      comparison.sim_native_10k_ms = await measureNativeSim(ROOT, Math.max(RUNS, 7));
    }
    metrics.sim_ratio_vs_otel_js = ratio(metrics.otel_js_10k_ms, metrics.sim_10k_ms);
    metrics.open_10k_span_trace_ms = await appMetric('open', () => measureOpen(browser, site.url, { runs: RUNS, profile: PROFILE, profileUrl }));
    const exp = await appMetric('export', () => measureExport(browser, site.url, collector, { runs: RUNS, profile: PROFILE, profileUrl }));
    metrics.export_10k_spans_ms = { ...(exp.time ?? exp) };
    metrics.export_10k_lost = { ...(exp.lost ?? exp) };
    machine.load_avg_1m_at_end = Math.round(os.loadavg()[0] * 100) / 100;
    const busy = Math.max(machine.load_avg_1m_at_start, machine.load_avg_1m_at_end) > machine.cores;
    if (busy) console.warn(`[bench] the machine was busy (load average above ${machine.cores} cores): figures are pessimistic`);
    const results = {
      machine,
      metrics,
      comparison,
      shape_check: shapeCheck(exp.sample, metrics.otel_js_10k_ms?.attribute_keys),
    };
    const { missed, unmeasured } = checkFloors(metrics);
    writeOutputs(results, {
      jsonPath: join(ROOT, 'target', 'bench', 'results.json'),
      markdownPath: args['no-markdown'] ? null : join(ROOT, 'BENCHMARKS.md'),
    });
    for (const [name, m] of Object.entries(metrics)) {
      say(`${name.padEnd(24)} ${m.value == null ? 'not measured' : `${m.value} (min ${m.min}, max ${m.max}, ${m.runs} runs)`} ${m.meets_floor === false ? '  <-- MISSED its floor' : ''}`);
    }
    say(`wrote target/bench/results.json${args['no-markdown'] ? '' : ' and the table in BENCHMARKS.md'}`);
    for (const u of unmeasured) console.warn(`\x1b[1;33m[bench] ${u}\x1b[0m`);
    for (const m of missed) console.error(`\x1b[1;31m[bench] floor missed: ${m}\x1b[0m`);
    if (missed.length) return 1;
    if (args.strict && unmeasured.length) {
      console.error('[bench] --strict: some metrics were not measured');
      return 1;
    }
    return 0;
  } finally {
    await browser.close();
    await site.close();
    await namesSite?.close();
    await collector.close();
  }
}

process.exitCode = await main();
