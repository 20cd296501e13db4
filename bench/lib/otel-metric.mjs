// The OpenTelemetry JS baseline in the benchmark's Chromium, on the page bench/pages/otel.html
// (bundle from bench/otel/build.mjs), making the lab's 40,000 spans (10,000 requests, heavy_calc).
// Two figures:
// - `otel_js_fair_10k_ms` (issue 15, the fair race): the minimal in-memory span processor (push
//   to an array in `onEnd`), the JIT warmed by WARMUPS runs in the same page before the timed runs,
//   garbage collected (CDP HeapProfiler.collectGarbage) before each timed run, as each app run
//   starts on a fresh page without garbage.
// - `otel_js_10k_ms` (issue 7, the old figure, kept as a comparison point): SimpleSpanProcessor →
//   InMemorySpanExporter, one fresh page per run, so every run starts with a cold JIT.
import { summarize } from './stats.mjs';
import { profiled } from './profile.mjs';

const REQUESTS = 10_000;
export const WARMUPS = 3;

async function openOtelPage(browser, siteUrl) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(new URL('__bench/otel.html', siteUrl).href);
  await page.waitForFunction(() => typeof window.otelBench?.run === 'function', null, { timeout: 10_000 });
  return { context, page };
}

function runOnce(page, { seed, processor, profileOnly = false }) {
  return page.evaluate(
    ({ requests, seed, processor, profileOnly }) =>
      window.otelBench.run(requests, { heavyCalc: true, seed, processor, profileOnly }),
    { requests: REQUESTS, seed, processor, profileOnly },
  );
}

const wrongShape = (check) => ({
  value: null,
  reason: `not measured: the OTel JS spans had the wrong shape: ${check.problem}`,
});

/** The old figure: SimpleSpanProcessor, a fresh page (cold JIT) per run, first run discarded. */
export async function measureOtelJsOld(browser, siteUrl, { runs = 5, profile = true } = {}) {
  const samples = [];
  const flushed = [];
  let lastCheck = null;
  for (let i = 0; i <= runs; i++) {
    const { context, page } = await openOtelPage(browser, siteUrl);
    try {
      const r = await runOnce(page, { seed: i + 1, processor: 'simple' });
      if (!r.check.ok) return wrongShape(r.check);
      lastCheck = r.check;
      if (i > 0) {
        samples.push(r.ms);
        flushed.push(r.flushedMs);
      }
    } finally {
      await context.close();
    }
  }
  const record = {
    ...summarize(samples),
    unit: 'ms',
    method:
      'old figure (issue 7): SimpleSpanProcessor → InMemorySpanExporter, a fresh page per run (cold JIT); ' +
      'performance.now() from the start of simulateLabWithOtel(10000, heavyCalc) until all 40,000 spans are in the ' +
      'exporters; first run discarded',
    until_force_flush_ms: summarize(flushed),
    check: lastCheck,
  };
  if (profile) {
    const { context, page } = await openOtelPage(browser, siteUrl);
    try {
      record.profile = { cpu: (await profiled(page, () => runOnce(page, { seed: 99, processor: 'simple', profileOnly: true }))).summary };
    } finally {
      await context.close();
    }
  }
  return record;
}

/**
 * The fair baseline: one page, WARMUPS untimed runs, then `runs` timed runs, each after a full
 * garbage collection. Every run is shape-checked after its timing. Returns the metric record
 * with `attribute_keys` (compared with the app's exported spans in results.json `shape_check`).
 */
export async function measureOtelJsFair(browser, siteUrl, { runs = 5, profile = true, warmups = WARMUPS } = {}) {
  const { context, page } = await openOtelPage(browser, siteUrl);
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  const samples = [];
  const warmupMs = [];
  let lastCheck = null;
  let attributeKeys = null;
  try {
    for (let i = 0; i < warmups + runs; i++) {
      await cdp.send('HeapProfiler.collectGarbage');
      const r = await runOnce(page, { seed: i + 1, processor: 'minimal' });
      if (r.processor !== 'minimal') return { value: null, reason: `not measured: the baseline ran the ${r.processor} processor (stale bundle?)` };
      if (!r.check.ok) return wrongShape(r.check);
      lastCheck = r.check;
      attributeKeys = r.attributeKeys;
      (i < warmups ? warmupMs : samples).push(r.ms);
    }
    const record = {
      ...summarize(samples),
      unit: 'ms',
      method:
        `bench/pages/otel.html, one page: ${warmups} warm-up runs (JIT), then ${runs} timed runs, each after ` +
        'CDP HeapProfiler.collectGarbage; span processor pushes to an array in onEnd (no SimpleSpanProcessor); ' +
        'performance.now() from the start of simulateLabWithOtel(10000, heavyCalc) until all 40,000 spans are in the arrays',
      warmup_ms: summarize(warmupMs),
      check: lastCheck,
      attribute_keys: attributeKeys,
    };
    if (profile) {
      await cdp.send('HeapProfiler.collectGarbage');
      record.profile = {
        cpu: (await profiled(page, () => runOnce(page, { seed: 99, processor: 'minimal', profileOnly: true }))).summary,
      };
    }
    return record;
  } finally {
    await cdp.detach().catch(() => {});
    await context.close();
  }
}
