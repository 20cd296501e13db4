// `sim_10k_ms`: the app simulating 10,000 lab requests with heavy_calc on, driven through its UI
// ("Requests" = 10000, "heavy_calc" checked, click "Run load"), until the results are in the store.
//
// "In the store" is only visible from inside the app, so this needs an app hook (BENCHMARKS.md,
// "Hooks"): the app records the performance measure `run-load` from the mark `run-load:start`
// (first thing in the "Run load" click handler) to `run-load:stored` (after the reducer has put
// the run's traces into the store, before rendering), with src/ui/perf_marks.rs. The runner reads
// that measure. Without it the metric is null; the synchronous time of the click handler is kept
// as information only (it would include rendering if the app rendered synchronously, and miss
// work the app defers).
import { openApp, prepareLoad } from './app-page.mjs';
import { summarize, round } from './stats.mjs';
import { profiled } from './profile.mjs';
import { traced } from './timeline.mjs';

export const HOOK = 'run-load';
const REQUESTS = 10_000;

/** Clicks "Run load" and waits for the app's `run-load` measure; times out after `timeout` ms. */
export async function runLoadAndWait(page, run, { timeout = 60_000 } = {}) {
  const handle = await run.elementHandle();
  const clicked = await page.evaluate(
    ({ button, hook }) => {
      performance.clearMeasures(hook);
      const t0 = performance.now();
      button.click();
      return { t0, clickHandlerMs: performance.now() - t0 };
    },
    { button: handle, hook: HOOK },
  );
  try {
    await page.waitForFunction((hook) => performance.getEntriesByName(hook, 'measure').length > 0, HOOK, {
      timeout,
      polling: 10,
    });
  } catch {
    return { ...clicked, measureMs: null };
  }
  const after = await page.evaluate(
    ({ hook, t0 }) =>
      new Promise((resolve) => {
        const measure = performance.getEntriesByName(hook, 'measure').at(-1);
        // After the next frame's paint: rAF runs before paint, a message posted from it after.
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => resolve({ measureMs: measure.duration, paintedMs: performance.now() - t0 });
          channel.port2.postMessage(null);
        });
      }),
    { hook: HOOK, t0: clicked.t0 },
  );
  return { ...clicked, ...after };
}

export async function measureSim(browser, url, { runs = 5, profile = true, profileUrl = url } = {}) {
  const samples = [];
  const info = { click_handler_ms: [], click_to_next_paint_ms: [], app_status: null };
  for (let i = 0; i <= runs; i++) {
    const { context, page, errors } = await openApp(browser, url);
    try {
      const { missing, run } = await prepareLoad(page, { requests: REQUESTS });
      if (missing.length) return { value: null, reason: `not measured: the app has no ${missing.join(', ')} yet` };
      const r = await runLoadAndWait(page, run);
      if (r.measureMs === null) {
        return {
          value: null,
          reason: `not measured: the app does not record the performance measure "${HOOK}" (hook, see BENCHMARKS.md)`,
          click_handler_ms: round(r.clickHandlerMs),
        };
      }
      if (errors.length) return { value: null, reason: `not measured: page errors: ${errors.join(' | ')}` };
      if (i === 0) {
        // For the record: what the app itself says it did (its status lines).
        info.app_status = await page.evaluate(() =>
          [...document.querySelectorAll('[role=status]')].map((e) => e.textContent.trim()).filter(Boolean),
        );
        continue; // warm-up run
      }
      samples.push(r.measureMs);
      info.click_handler_ms.push(round(r.clickHandlerMs));
      info.click_to_next_paint_ms.push(round(r.paintedMs));
    } finally {
      await context.close();
    }
  }
  const record = {
    ...summarize(samples),
    unit: 'ms',
    method: `fresh context per run; UI: Requests=10000, heavy_calc on, click "Run load"; app measure "${HOOK}"; first run discarded`,
    ...info,
  };
  if (profile) record.profile = await profileSim(browser, profileUrl);
  return record;
}

/** One run under the CPU profiler and one under the tracer (separately: each skews the other). */
async function profileSim(browser, url) {
  const out = {};
  for (const kind of ['cpu', 'timeline']) {
    const { context, page } = await openApp(browser, url);
    try {
      const { run } = await prepareLoad(page, { requests: REQUESTS });
      if (kind === 'cpu') out.cpu = (await profiled(page, () => runLoadAndWait(page, run))).summary;
      else out.timeline = (await traced(browser, page, () => runLoadAndWait(page, run))).timeline;
    } finally {
      await context.close();
    }
  }
  return out;
}
