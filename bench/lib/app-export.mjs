// `export_10k_spans_ms` and `export_10k_lost`: export 10,000 spans to a local collector.
// "Run load" makes 1,250 requests with heavy_calc on and "Fan-out" 1: 8 spans each (the lab's 4 plus
// B's CLIENT, db's SERVER and two sqlite3 SELECTs per db call, src/sim/lab.rs), 10,000 spans in
// 1,250 traces — under the store's default cap of 2,000 traces, so nothing is evicted before the
// export. Then "Export to Jaeger" posts them to the "OTLP endpoint" `/v1/traces`, which the
// runner's static server forwards to its stub collector (servers.mjs). Time: from the DOM click
// (page clock) until the later of (a) the collector holding all 10,000 distinct span ids and
// (b) the app's status saying "Exported N spans"; both clocks are wall-clock milliseconds
// (timeOrigin + now()). Lost: 10,000 minus the distinct span ids the collector received within 30 s.
// If the app says it exported another number than 10,000, the run is not counted (the lab's span
// counts changed: adjust REQUESTS/FAN_OUT).
import { openApp, findControls, prepareLoad, setNumber } from './app-page.mjs';
import { runLoadAndWait } from './app-sim.mjs';
import { summarize } from './stats.mjs';
import { epochNow } from './servers.mjs';
import { startProfile, summarizeProfile } from './profile.mjs';

const SPANS = 10_000;
const REQUESTS = 1_250;
const FAN_OUT = 1;

async function exportOnce(browser, url, collector, { profile = false } = {}) {
  const { context, page, errors } = await openApp(browser, url);
  try {
    const { found, missing } = await findControls(page, {
      endpoint: ['textbox', 'OTLP endpoint'],
      exportButton: ['button', 'Export to Jaeger'],
      fanOut: ['spinbutton', /Fan-out/],
    });
    const load = await prepareLoad(page, { requests: REQUESTS });
    const absent = [...load.missing, ...missing];
    if (absent.length) return { reason: `not measured: the app has no ${absent.join(', ')} yet` };
    await found.endpoint.fill('/v1/traces');
    await setNumber(found.fanOut, FAN_OUT);
    // Without the run-load hook this waits the full 20 s: the run is surely stored by then.
    await runLoadAndWait(page, load.run, { timeout: 20_000 });
    collector.reset();
    const stopProfile = profile ? await startProfile(page) : null;
    const handle = await found.exportButton.elementHandle();
    // The status is watched inside the page by a MutationObserver (cheap), not by polling
    // locators from here, which would run Playwright's text matching in the page meanwhile.
    const clickedAt = await page.evaluate((b) => {
      const done = /Exported \d[\d,]* spans/;
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
    }, handle);
    const deadline = epochNow() + 30_000;
    while (epochNow() < deadline && collector.stats().distinct < SPANS) await new Promise((r) => setTimeout(r, 5));
    const exported = await page
      .waitForFunction(() => window.__benchExported, null, { timeout: Math.max(1, deadline - epochNow()) })
      .then((h) => h.jsonValue())
      .catch(() => null);
    const statusAt = exported?.at ?? null;
    const stats = collector.stats();
    const cpu = stopProfile ? summarizeProfile(await stopProfile()) : null;
    if (errors.length) return { reason: `not measured: page errors: ${errors.join(' | ')}` };
    if (exported) {
      const said = Number((exported.text.match(/Exported (\d[\d,]*) spans/)?.[1] ?? '').replace(/,/g, ''));
      if (said !== SPANS) return { reason: `not measured: the app exported ${said} spans, not ${SPANS} (lab span counts changed?)` };
    }
    const end = Math.max(statusAt ?? Infinity, stats.lastNewSpanAt ?? Infinity);
    return { ms: Number.isFinite(end) ? end - clickedAt : null, lost: SPANS - stats.distinct, stats, cpu };
  } finally {
    await context.close();
  }
}

/** Returns `{ time, lost, sample }`: two metric records and one span sample per name. */
export async function measureExport(browser, url, collector, { runs = 5, profile = true, profileUrl = url } = {}) {
  const times = [];
  const lost = [];
  let sample = null;
  for (let i = 0; i < runs; i++) {
    const r = await exportOnce(browser, url, collector);
    if (r.reason) return { time: { value: null, reason: r.reason }, lost: { value: null, reason: r.reason } };
    lost.push(r.lost);
    sample = r.stats.sample;
    if (r.ms !== null) times.push(r.ms);
  }
  const method =
    'fresh context per run; Run load 1250 requests, heavy_calc on, Fan-out 1 (10,000 spans); OTLP endpoint /v1/traces ' +
    '(runner proxy → stub collector); click "Export to Jaeger" → collector has all span ids and status says "Exported"';
  const cpu = profile ? (await exportOnce(browser, profileUrl, collector, { profile: true })).cpu ?? null : null;
  const time = times.length === runs
    ? { ...summarize(times), unit: 'ms', method, ...(cpu && { profile: { cpu } }) }
    : { value: null, reason: `not measured: ${runs - times.length} of ${runs} runs never completed (see export_10k_lost)` };
  return { time, lost: { ...summarize(lost, 0), unit: 'spans', method }, sample };
}
