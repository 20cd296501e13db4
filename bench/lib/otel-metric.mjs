// `otel_js_10k_ms`: the OpenTelemetry JS SDK making the lab's 40,000 spans (10,000 requests with
// heavy_calc) in the benchmark's Chromium, on the page bench/pages/otel.html (bundle from
// bench/otel/build.mjs). One fresh browser context and page per run, like the app's metrics, so
// every run starts with a cold JIT, as a learner's first click would.
import { summarize } from './stats.mjs';
import { profiled } from './profile.mjs';

const REQUESTS = 10_000;

async function openOtelPage(browser, siteUrl) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(new URL('__bench/otel.html', siteUrl).href);
  await page.waitForFunction(() => typeof window.otelBench?.run === 'function', null, { timeout: 10_000 });
  return { context, page };
}

function runOnce(page, seed, profileOnly = false) {
  return page.evaluate(
    ({ requests, seed, profileOnly }) => window.otelBench.run(requests, { heavyCalc: true, seed, profileOnly }),
    { requests: REQUESTS, seed, profileOnly },
  );
}

/**
 * Measures `runs` runs after one discarded warm-up run (it warms the browser process and the
 * page's HTTP path, not the measured page's JIT). Returns the metric record for results.json,
 * plus a CPU profile summary of one extra run when `profile` is set.
 */
export async function measureOtelJs(browser, siteUrl, { runs = 5, profile = true } = {}) {
  const samples = [];
  const flushed = [];
  let lastCheck = null;
  let attributeKeys = null;
  for (let i = 0; i <= runs; i++) {
    const { context, page } = await openOtelPage(browser, siteUrl);
    try {
      const r = await runOnce(page, i + 1);
      if (!r.check.ok) {
        return { value: null, reason: `not measured: the OTel JS spans had the wrong shape: ${r.check.problem}` };
      }
      lastCheck = r.check;
      attributeKeys = r.attributeKeys;
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
      'bench/pages/otel.html in a fresh context per run; performance.now() from the start of simulateLabWithOtel(10000, ' +
      'heavyCalc) until all 40,000 spans are in the InMemorySpanExporters; first run discarded',
    until_force_flush_ms: summarize(flushed),
    check: lastCheck,
    attribute_keys: attributeKeys,
  };
  if (profile) {
    const { context, page } = await openOtelPage(browser, siteUrl);
    try {
      const { summary } = await profiled(page, () => runOnce(page, 99, true));
      record.profile = summary;
    } finally {
      await context.close();
    }
  }
  return record;
}
