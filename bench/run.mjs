// The benchmark runner (issues 7 and 15): measures the release build in dist/ in headless Chromium
// and the OpenTelemetry JS baseline in the same browser, writes target/bench/results.json and the
// table in BENCHMARKS.md, and exits 1 when a floor is missed or (by default, "strict") a metric
// could not be measured. Usually run through scripts/bench.sh, which builds what this needs first.
//
// Usage: node bench/run.mjs [--runs N] [--only GROUPS] [--no-profile] [--lenient]
//                           [--slow4g-cpu N] [--dist DIR] [--no-markdown]
//   GROUPS (comma-separated): bundle, load, slow4g, runload, otel, native, open, export, big, critical
//   --lenient      a metric that could not be measured does not fail the run (local exploration);
//                  a missed floor still does. --strict (the default) is accepted for old scripts.
//   --only         measures a subset; the others are "skipped" (neither pass nor fail) and
//                  BENCHMARKS.md is left alone.
//   --slow4g-cpu N CPU slowdown for load_slow4g_ms (default 1: network throttling only).
//   --dist DIR     measure another build (e.g. a trial merge) instead of ./dist.
//   --no-markdown  leave BENCHMARKS.md alone (results.json is still written).
import { existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { launchBrowser } from '../e2e/harness.mjs';
import { buildOtelBundle, ROOT } from './otel/build.mjs';
import { runInNode } from './otel/node-run.mjs';
import { startCollector, startSite } from './lib/servers.mjs';
import { describeMachine, sampleLoad } from './lib/machine.mjs';
import { summarize, round } from './lib/stats.mjs';
import { measureOtelJsFair, measureOtelJsOld } from './lib/otel-metric.mjs';
import { measureLoad, measureLoadThrottled, SLOW_4G, SLOW_4G_DEVTOOLS } from './lib/app-load.mjs';
import { measureRunLoad } from './lib/app-sim.mjs';
import { measureOpen } from './lib/app-open.mjs';
import { measureExport } from './lib/app-export.mjs';
import { measureBig, BIG_METRICS } from './lib/app-big.mjs';
import { measureNativeSim, measureCriticalPath } from './lib/native.mjs';
import { ensureTraceFile, fanOutTrace, chainTrace, GENERATOR_VERSION } from './lib/big-trace.mjs';
import { bundleMetrics } from './lib/bundle.mjs';
import { wasmSizeReport } from './lib/wasm-size.mjs';
import { checkFloors, exitCode, writeOutputs, FLOORS, SKIPPED } from './lib/report.mjs';

export const GROUPS = ['bundle', 'load', 'slow4g', 'runload', 'otel', 'native', 'open', 'export', 'big', 'critical'];

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    only: { type: 'string' },
    'no-profile': { type: 'boolean', default: false },
    strict: { type: 'boolean', default: true },
    lenient: { type: 'boolean', default: false },
    'slow4g-cpu': { type: 'string', default: '1' },
    dist: { type: 'string' },
    'no-markdown': { type: 'boolean', default: false },
  },
});
const RUNS = Math.max(1, Number(args.runs));
const ONLY = args.only ? new Set(args.only.split(',')) : null;
for (const g of ONLY ?? []) if (!GROUPS.includes(g)) throw new Error(`--only: unknown group ${g} (use ${GROUPS.join(', ')})`);
const PROFILE = !args['no-profile'];
const wants = (group) => !ONLY || ONLY.has(group);
const DIST = args.dist ? resolve(args.dist) : join(ROOT, 'dist');
const MARKDOWN = !args['no-markdown'] && !ONLY;
const say = (msg) => console.log(`\x1b[1;35m[bench]\x1b[0m ${msg}`);

function distReason() {
  if (!existsSync(DIST)) return 'not measured: no dist/ (run trunk build --release --offline)';
  const files = readdirSync(DIST);
  for (const ext of ['.html', '.js', '.wasm', '.css']) {
    if (!files.some((f) => f.endsWith(ext))) return `not measured: dist/ has no ${ext} file`;
  }
  return null;
}

const skipped = (group) => ({ value: null, reason: `${SKIPPED} (--only without ${group})` });

/** `a / b` of two medians, with the extreme ratios of the extreme runs as min and max. */
function ratio(a, b, [nameA, nameB], unit) {
  const skip = [a, b].find((m) => String(m?.reason).startsWith(SKIPPED));
  if (skip) return { value: null, reason: skip.reason };
  if (a?.value == null || b?.value == null) {
    return { value: null, reason: `not measured: needs ${a?.value == null ? nameA : nameB}` };
  }
  const value = round(a.value / b.value, 2);
  return { value, median: value, min: round(a.min / b.max, 2), max: round(a.max / b.min, 2), runs: Math.min(a.runs, b.runs), unit };
}

/** Same attribute keys per span name in the app's exported spans and in the OTel JS baseline? */
function shapeCheck(appSample, otelKeys) {
  if (!appSample || !otelKeys) return { checked: false, reason: 'needs the export and otel metrics' };
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

/** The generated 100,000-span files (cached per generator version under target/bench/big/). */
function bigTraceFiles() {
  const dir = join(ROOT, 'target', 'bench', 'big');
  return {
    fanOut: ensureTraceFile(join(dir, `fan-out-100k.v${GENERATOR_VERSION}.otlp.json`), () => fanOutTrace()),
    chain: ensureTraceFile(join(dir, `chain-100k.v${GENERATOR_VERSION}.otlp.json`), () => chainTrace()),
  };
}

async function main() {
  const metrics = Object.fromEntries(Object.keys(FLOORS).map((k) => [k, null]));
  const comparison = {};
  const noDist = distReason();
  const loadSampler = sampleLoad(5_000);

  say('building the OpenTelemetry JS baseline bundle (esbuild)');
  const otelBundle = await buildOtelBundle();
  const files = wants('big') || wants('critical') ? bigTraceFiles() : null;

  if (!wants('bundle')) [metrics.bundle_gz_bytes, metrics.bundle_br_bytes] = [skipped('bundle'), skipped('bundle')];
  else if (noDist) [metrics.bundle_gz_bytes, metrics.bundle_br_bytes] = [{ value: null, reason: noDist }, { value: null, reason: noDist }];
  else ({ gz: metrics.bundle_gz_bytes, br: metrics.bundle_br_bytes } = bundleMetrics(DIST));

  const collector = await startCollector();
  const sites = { pagesDir: join(ROOT, 'bench', 'pages'), bundleDir: join(ROOT, 'target', 'bench', 'otel'), collectorPort: collector.port };
  const site = await startSite({ distDir: DIST, ...sites });
  const gzipSite = await startSite({ distDir: DIST, ...sites, gzip: true });
  // CPU profiles use the build with wasm function names when it is the same build as DIST.
  const namesDir = join(ROOT, 'target', 'bench', 'dist-names');
  const sameBuild = (a, b) => existsSync(a) && existsSync(b) && readdirSync(a).filter((f) => f.endsWith('.js')).join() === readdirSync(b).filter((f) => f.endsWith('.js')).join();
  const namesSite = sameBuild(DIST, namesDir) ? await startSite({ distDir: namesDir, ...sites }) : null;
  if (!namesSite && PROFILE) say('no target/bench/dist-names matching dist/ (bench/build-names.sh): wasm functions in profiles will be unnamed');
  const profileUrl = namesSite?.url ?? site.url;
  if (namesSite && metrics.bundle_gz_bytes?.value != null) metrics.bundle_gz_bytes.wasm_code = wasmSizeReport(namesDir);
  const browser = await launchBrowser();
  const machine = describeMachine({ browserVersion: browser.version(), root: ROOT });
  try {
    const measure = async (group, fn) => {
      if (!wants(group)) return skipped(group);
      if (noDist && !['otel', 'native', 'critical'].includes(group)) return { value: null, reason: noDist };
      say(`measuring ${group}`);
      try {
        return await fn();
      } catch (err) {
        // A driver that breaks on a changed UI must not hide the other metrics.
        return { value: null, reason: `not measured: ${group} failed: ${String(err.message).split('\n')[0]}` };
      }
    };
    const fanOut = (record, keys) => Object.fromEntries(keys.map((k) => [k, record[k] ?? record]));

    metrics.load_ms = await measure('load', () => measureLoad(browser, site.url, { runs: Math.max(RUNS, 7) }));
    const slowProfile = { ...SLOW_4G, cpuSlowdown: Math.max(1, Number(args['slow4g-cpu'])) };
    metrics.load_slow4g_ms = await measure('slow4g', () => measureLoadThrottled(browser, gzipSite.url, { runs: RUNS, profile: slowProfile }));
    if (metrics.load_slow4g_ms?.first_paint_ms) {
      comparison.first_paint_slow4g_ms = {
        ...metrics.load_slow4g_ms.first_paint_ms,
        unit: 'ms',
        method: 'the same cold Slow 4G loads as load_slow4g_ms: navigation start → first contentful paint (index.html\'s header and "Loading the playground…", painted before the wasm arrives)',
      };
    }
    if (wants('slow4g') && !noDist) {
      comparison.load_slow4g_devtools_ms = await measure('slow4g', () => measureLoadThrottled(browser, gzipSite.url, { runs: Math.min(RUNS, 3), profile: SLOW_4G_DEVTOOLS }));
      comparison.load_slow4g_devtools_ms.method = `comparison: Lighthouse's DevTools-throttling form of the same preset; ${comparison.load_slow4g_devtools_ms.method}`;
    }

    const runLoad = await measure('runload', () => measureRunLoad(browser, site.url, { runs: RUNS, profile: PROFILE, profileUrl }));
    ({ painted: metrics.app_10k_painted_ms, cold: metrics.app_10k_painted_cold_ms, stored: metrics.sim_10k_ms } = fanOut(runLoad, ['painted', 'cold', 'stored']));
    if (wants('runload') && !noDist) {
      const keepAll = await measure('runload', () => measureRunLoad(browser, site.url, { runs: Math.min(RUNS, 3), profile: false, storeTraces: 10_000 }));
      const sameWork = 'the store keeps all 10,000 traces (40,000 spans, as the baseline keeps them)';
      for (const [key, part] of [['app_10k_painted_keep_all_ms', 'painted'], ['app_10k_painted_keep_all_cold_ms', 'cold']]) {
        comparison[key] = keepAll[part] ?? keepAll;
        if (comparison[key].method) comparison[key].method = `${sameWork}; ${comparison[key].method}`;
      }
    }

    if (wants('otel')) {
      say('measuring the OpenTelemetry JS baseline in the same Chromium (fair, then the old way)');
      metrics.otel_js_fair_10k_ms = await measure('otel', () => measureOtelJsFair(browser, site.url, { runs: RUNS, profile: PROFILE }));
      if (metrics.otel_js_fair_10k_ms.value != null) metrics.otel_js_fair_10k_ms.bundle_bytes = otelBundle.bytes;
      comparison.otel_js_10k_ms = await measure('otel', () => measureOtelJsOld(browser, site.url, { runs: RUNS, profile: PROFILE }));
      say('measuring the same baseline in Node (comparison points)');
      for (const [key, processor] of [['otel_js_fair_10k_node_ms', 'minimal'], ['otel_js_10k_node_ms', 'simple']]) {
        const node = await runInNode(10_000, RUNS, { processor });
        comparison[key] = {
          ...summarize(node.samples),
          check_ok: node.check.ok,
          unit: 'ms',
          method: `the same OpenTelemetry JS code in Node ${process.version}, no browser (bench/otel/node-run.mjs), ${processor === 'minimal' ? `minimal processor, ${node.warmups} warm-up runs` : 'SimpleSpanProcessor, no warm-up'}`,
        };
      }
    } else metrics.otel_js_fair_10k_ms = skipped('otel');
    metrics.fair_ratio_vs_otel_js = ratio(metrics.otel_js_fair_10k_ms, metrics.app_10k_painted_ms, ['otel_js_fair_10k_ms', 'app_10k_painted_ms'],
      '× (OTel JS fair median / app painted median; min = fastest OTel / slowest app)');
    if (metrics.otel_js_fair_10k_ms?.value != null) {
      // The same ratio against the app's other figures: cold page, and the store keeping all.
      for (const [key, app, what] of [
        ['fair_ratio_cold_app', metrics.app_10k_painted_cold_ms, 'the app\'s first run in a fresh page (cold wasm), the same work otherwise'],
        ['fair_ratio_keep_all', comparison.app_10k_painted_keep_all_ms, 'the app warmed, its store keeping all 10,000 traces (the same work as the baseline: all 40,000 spans built and kept)'],
        ['fair_ratio_keep_all_cold', comparison.app_10k_painted_keep_all_cold_ms, 'the app cold, its store keeping all 10,000 traces'],
      ]) {
        if (app?.value == null) continue;
        comparison[key] = { ...ratio(metrics.otel_js_fair_10k_ms, app, ['otel_js_fair_10k_ms', key], '×'), method: `the fair baseline / ${what}` };
      }
    }
    if (wants('otel') || wants('runload')) {
      comparison.sim_ratio_vs_otel_js = ratio(comparison.otel_js_10k_ms, metrics.sim_10k_ms, ['otel_js_10k_ms', 'sim_10k_ms'],
        '×');
      if (comparison.sim_ratio_vs_otel_js.value != null) {
        comparison.sim_ratio_vs_otel_js.method = 'the old, unfair ratio (issue 7): cold-JIT OTel JS with SimpleSpanProcessor / the app until its store is filled (no rendering)';
      }
    }

    if (wants('native')) {
      say('measuring the native simulator (sim-bench, comparison point)');
      comparison.sim_native_10k_ms = await measureNativeSim(ROOT, Math.max(RUNS, 7));
    }
    metrics.critical_path_100k_ms = await measure('critical', () => measureCriticalPath(ROOT, { fanOutFile: files.fanOut.path, chainFile: files.chain.path }, Math.max(RUNS, 7)));

    metrics.open_10k_span_trace_ms = await measure('open', () => measureOpen(browser, site.url, { runs: RUNS, profile: PROFILE, profileUrl }));
    const exp = await measure('export', () => measureExport(browser, site.url, collector, { runs: RUNS, profile: PROFILE, profileUrl }));
    ({ time: metrics.export_10k_spans_ms, lost: metrics.export_10k_lost } = fanOut(exp, ['time', 'lost']));
    const big = await measure('big', () => measureBig(browser, site.url, collector, files.fanOut.path, { runs: RUNS, profile: PROFILE, profileUrl }));
    Object.assign(metrics, fanOut(big, BIG_METRICS));

    machine.load_avg_1m_at_end = Math.round(os.loadavg()[0] * 100) / 100;
    machine.load_avg_1m_during = loadSampler.stop();
    machine.big_trace_files = files && { fan_out: files.fanOut, chain: files.chain };
    const busy = Math.max(machine.load_avg_1m_at_start, machine.load_avg_1m_at_end, machine.load_avg_1m_during?.median ?? 0) > machine.cores;
    if (busy) console.warn(`[bench] the machine was busy (load average above ${machine.cores} cores): figures are pessimistic`);
    const results = { machine, metrics, comparison, shape_check: shapeCheck(exp.sample, metrics.otel_js_fair_10k_ms?.attribute_keys) };
    const outcome = checkFloors(metrics);
    writeOutputs(results, { jsonPath: join(ROOT, 'target', 'bench', 'results.json'), markdownPath: MARKDOWN ? join(ROOT, 'BENCHMARKS.md') : null });
    for (const [name, m] of Object.entries(metrics)) {
      const verdict = m.meets_floor === false ? '  <-- MISSED its floor' : m.meets_floor ? '  ok' : '';
      say(`${name.padEnd(26)} ${m.value == null ? m.reason : `${m.value} (min ${m.min}, max ${m.max}, ${m.runs} runs)`}${verdict}`);
    }
    say(`wrote target/bench/results.json${MARKDOWN ? ' and the table in BENCHMARKS.md' : ' (BENCHMARKS.md left alone)'}`);
    for (const u of outcome.unmeasured) console.warn(`\x1b[1;33m[bench] ${u}\x1b[0m`);
    for (const m of outcome.missed) console.error(`\x1b[1;31m[bench] floor missed: ${m}\x1b[0m`);
    const code = exitCode(outcome, { lenient: args.lenient });
    if (code && !outcome.missed.length) console.error('[bench] some metrics were not measured (strict is the default; --lenient to explore)');
    return code;
  } finally {
    loadSampler.stop();
    await browser.close();
    await Promise.all([site.close(), gzipSite.close(), namesSite?.close(), collector.close()]);
  }
}

process.exitCode = await main();
