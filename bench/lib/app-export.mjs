// `export_10k_spans_ms` and `export_10k_lost` (issue 7): export 10,000 spans to the stub collector.
// "Run load" makes 1,250 requests with heavy_calc on and "Fan-out" 1: 8 spans each (the lab's 4 plus
// B's CLIENT, db's SERVER and two sqlite3 SELECTs per db call, src/sim/lab.rs), 10,000 spans in
// 1,250 traces — under the store's default cap of 2,000 traces, so nothing is evicted before the
// export. Then "Export to Jaeger" posts them to the "OTLP endpoint" `/v1/traces`, which the
// runner's static server forwards to its stub collector (servers.mjs).
//
// `clickExport` is shared with the 100,000-span export (big-trace.mjs). Time: from the DOM click
// (page clock) until the later of (a) the collector holding every expected span id and (b) the
// app's status saying "Exported N spans"; both clocks are wall-clock milliseconds
// (timeOrigin + now()). When spans are missing, the end is the later of the app's "Exported" and
// the last new span. Lost: expected minus the distinct span ids the collector received by then.
import { openApp, findControls, prepareLoad, setNumber } from './app-page.mjs';
import { runLoadAndWait } from './app-sim.mjs';
import { summarize } from './stats.mjs';
import { epochNow } from './servers.mjs';
import { startProfile, summarizeProfile } from './profile.mjs';

const SPANS = 10_000;
const REQUESTS = 1_250;
const FAN_OUT = 1;
const EXPORTED = /Exported (\d[\d,]*) spans?/;

/** Finds the export controls and points the endpoint at the runner's collector route. */
export async function exportControls(page) {
  const { found, missing } = await findControls(page, {
    endpoint: ['textbox', 'OTLP endpoint'],
    exportButton: ['button', 'Export to Jaeger'],
  });
  if (missing.length) return { missing };
  await found.endpoint.fill('/v1/traces');
  return { missing, button: found.exportButton };
}

/**
 * Clicks "Export to Jaeger" and waits for the collector to hold `spans` distinct span ids or the
 * app's status to say "Exported N spans", whichever is later, up to `deadlineMs`.
 * Returns `{ ms, lost, said, stats, status }` (`ms` null when the app never said "Exported").
 */
export async function clickExport(page, button, collector, spans, { deadlineMs = 30_000 } = {}) {
  collector.reset();
  const handle = await button.elementHandle();
  // The status is watched inside the page by a MutationObserver (cheap), not by polling
  // locators from here, which would run Playwright's text matching in the page meanwhile.
  const clickedAt = await page.evaluate(
    ({ b, source }) => {
      const done = new RegExp(source);
      window.__benchExported = null;
      const observer = new MutationObserver(() => {
        const hit = [...document.querySelectorAll('[role=status]')].find((e) => done.test(e.textContent));
        if (hit) {
          window.__benchExported = { at: performance.timeOrigin + performance.now(), text: hit.textContent };
          observer.disconnect();
        }
      });
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      const t = performance.timeOrigin + performance.now();
      b.click();
      return t;
    },
    { b: handle, source: EXPORTED.source },
  );
  const deadline = epochNow() + deadlineMs;
  let exported = null;
  let lastAsked = 0;
  while (epochNow() < deadline) {
    const complete = collector.stats().distinct >= spans;
    if (!exported && (complete || epochNow() - lastAsked > 100)) {
      lastAsked = epochNow();
      exported = await page.evaluate(() => window.__benchExported);
    }
    if (complete && exported) break;
    // The app says it is done: anything still coming would arrive at once.
    if (exported && epochNow() - exported.at > 1_000) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  const stats = collector.stats();
  const said = exported ? Number(EXPORTED.exec(exported.text)[1].replace(/,/g, '')) : null;
  const end = exported ? Math.max(exported.at, stats.lastNewSpanAt ?? 0) : null;
  return { ms: end === null ? null : end - clickedAt, lost: spans - stats.distinct, said, stats, status: exported?.text ?? null };
}

async function exportOnce(browser, url, collector, { profile = false } = {}) {
  const { context, page, errors } = await openApp(browser, url);
  try {
    const controls = await exportControls(page);
    const { found, missing } = await findControls(page, { fanOut: ['spinbutton', /Fan-out/] });
    const load = await prepareLoad(page, { requests: REQUESTS });
    const absent = [...(load.missing ?? []), ...missing, ...controls.missing];
    if (absent.length) return { reason: `not measured: the app has no ${absent.join(', ')} yet` };
    await setNumber(found.fanOut, FAN_OUT);
    await runLoadAndWait(page, load.run, { requests: REQUESTS });
    const stopProfile = profile ? await startProfile(page) : null;
    const r = await clickExport(page, controls.button, collector, SPANS);
    const cpu = stopProfile ? summarizeProfile(await stopProfile()) : null;
    if (errors.length) return { reason: `not measured: page errors: ${errors.join(' | ')}` };
    if (r.said !== null && r.said + r.lost !== SPANS && r.lost === 0) {
      return { reason: `not measured: the app exported ${r.said} spans, not ${SPANS} (lab span counts changed?)` };
    }
    return { ...r, cpu };
  } finally {
    await context.close();
  }
}

/** Returns `{ time, lost, sample }`: two metric records and one span sample per name. */
export async function measureExport(browser, url, collector, { runs = 5, profile = true, profileUrl = url } = {}) {
  const times = [];
  const lost = [];
  const statuses = [];
  let sample = null;
  for (let i = 0; i < runs; i++) {
    const r = await exportOnce(browser, url, collector);
    if (r.reason) return { time: { value: null, reason: r.reason }, lost: { value: null, reason: r.reason } };
    lost.push(r.lost);
    statuses.push(r.status);
    sample = r.stats.sample;
    if (r.ms !== null) times.push(r.ms);
  }
  const method =
    'fresh context per run; Run load 1250 requests, heavy_calc on, Fan-out 1 (10,000 spans); OTLP endpoint /v1/traces ' +
    '(runner proxy → stub collector); click "Export to Jaeger" → collector has all span ids and status says "Exported"';
  const cpu = profile ? (await exportOnce(browser, profileUrl, collector, { profile: true })).cpu ?? null : null;
  const time = times.length === runs
    ? { ...summarize(times), unit: 'ms', method, ...(cpu && { profile: { cpu } }) }
    : { value: null, reason: `not measured: ${runs - times.length} of ${runs} runs never said "Exported" within 30 s (see export_10k_lost)` };
  return { time, lost: { ...summarize(lost, 0), unit: 'spans', method, app_status: statuses.at(-1) }, sample };
}
