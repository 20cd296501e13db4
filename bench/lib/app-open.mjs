// `open_10k_span_trace_ms`: click on a 10,000-span trace in the trace list until its Gantt chart is
// painted. The trace comes from the "Fan-out" option (issue 7: B calls a downstream `db` N times),
// made by "Run load" of one request so that it waits, unopened, in the trace list.
//
// Timing is in the page, no app hook needed: performance.now() just before a DOM click on the
// trace's entry; a MutationObserver resolves when the Gantt shows rows; then one
// requestAnimationFrame and a posted message, which run after that frame's paint.
// Selectors: the trace entry is a button or link whose name mentions its span count ("10,004
// spans"); Gantt rows are `role=row` inside an element whose label starts with "Gantt" (or a
// treegrid). These follow the app's accessible names; change them here if the UI names differ.
import { openApp, findControls, setNumber } from './app-page.mjs';
import { summarize } from './stats.mjs';
import { profiled } from './profile.mjs';
import { traced } from './timeline.mjs';

const WANT_SPANS = 10_000;
export const GANTT_ROWS = '[aria-label^="Gantt"] [role="row"], [role="treegrid"] [role="row"]';
const SPAN_COUNT = /([\d,.\s]+)\s*spans/;

/**
 * Makes a fan-out trace of at least 10,000 spans with "Run load" of one request (which stays on
 * the trace list, unlike "Send request", which opens the trace at once), and returns its list
 * entry and span count.
 */
async function makeBigTrace(page) {
  const { found, missing } = await findControls(page, {
    fanOut: ['spinbutton', /Fan-out/],
    requests: ['spinbutton', 'Requests'],
    run: ['button', 'Run load'],
  });
  if (missing.length) return { reason: `not measured: the app has no ${missing.join(', ')} yet` };
  await setNumber(found.requests, 1);
  // The lab's fan-out makes 4 spans per db call (B's CLIENT, db's SERVER, two sqlite3 SELECTs:
  // src/sim/lab.rs), so 2,500 calls give 10,003 spans; larger counts cover a change.
  for (const calls of [2_500, 5_000, 10_000]) {
    await setNumber(found.fanOut, calls);
    await found.run.click();
    const entry = page.getByRole('button', { name: SPAN_COUNT }).or(page.getByRole('link', { name: SPAN_COUNT }));
    try {
      await entry.first().waitFor({ timeout: 30_000 });
    } catch {
      return { reason: 'not measured: no trace entry naming its span count ("N spans") appeared in the trace list' };
    }
    const name = (await entry.first().getAttribute('aria-label')) ?? (await entry.first().innerText());
    const spans = Number((SPAN_COUNT.exec(name)?.[1] ?? '0').replace(/[,.\s]/g, ''));
    if (spans >= WANT_SPANS) return { entry: entry.first(), spans, calls };
    await page.getByRole('button', { name: 'Clear traces' }).click();
  }
  return { reason: `not measured: a fan-out of 10000 calls gave fewer than ${WANT_SPANS} spans` };
}

function clickUntilPainted(page, entryHandle) {
  return page.evaluate(
    ({ entry, selector }) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('Gantt rows did not appear within 30 s')), 30_000);
        let t0 = 0;
        const done = () => {
          observer.disconnect();
          clearTimeout(timer);
          const domMs = performance.now() - t0;
          requestAnimationFrame(() => {
            const channel = new MessageChannel();
            channel.port1.onmessage = () => resolve({ domMs, paintedMs: performance.now() - t0 });
            channel.port2.postMessage(null);
          });
        };
        const observer = new MutationObserver(() => document.querySelector(selector) && done());
        observer.observe(document.body, { childList: true, subtree: true });
        t0 = performance.now();
        entry.click();
      }),
    { entry: entryHandle, selector: GANTT_ROWS },
  );
}

export async function measureOpen(browser, url, { runs = 5, profile = true, profileUrl = url } = {}) {
  const samples = [];
  const domSamples = [];
  let spans = null;
  const profileSummary = {};
  for (let i = 0; i <= runs + (profile ? 2 : 0); i++) {
    const { context, page } = await openApp(browser, i > runs ? profileUrl : url);
    try {
      const big = await makeBigTrace(page);
      if (big.reason) return { value: null, reason: big.reason };
      spans = big.spans;
      if ((await page.locator(GANTT_ROWS).count()) > 0) {
        return { value: null, reason: 'not measured: Gantt rows were on screen before the click (selector too broad?)' };
      }
      const handle = await big.entry.elementHandle();
      if (i === runs + 1) {
        profileSummary.cpu = (await profiled(page, () => clickUntilPainted(page, handle))).summary;
        continue;
      }
      if (i === runs + 2) {
        profileSummary.timeline = (await traced(browser, page, () => clickUntilPainted(page, handle))).timeline;
        continue;
      }
      const r = await clickUntilPainted(page, handle);
      if (i === 0) continue; // warm-up run
      samples.push(r.paintedMs);
      domSamples.push(r.domMs);
    } catch (err) {
      return { value: null, reason: `not measured: ${err.message.split('\n')[0]}` };
    } finally {
      await context.close();
    }
  }
  return {
    ...summarize(samples),
    unit: 'ms',
    spans,
    method: 'fresh context per run; Fan-out trace; DOM click on its list entry → Gantt rows in the DOM → next paint',
    dom_rows_ms: summarize(domSamples),
    ...(profile && { profile: profileSummary }),
  };
}
