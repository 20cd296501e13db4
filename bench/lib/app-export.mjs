// `export_10k_spans_ms` and `export_10k_lost`: export 10,000 spans to a local collector.
// 2,500 lab requests with heavy_calc (4 spans each) are made with "Run load", then "Export to
// Jaeger" posts them to the "OTLP endpoint" `/v1/traces`, which the runner's static server
// forwards to its stub collector (servers.mjs). Time: from the DOM click (page clock) until the
// later of (a) the collector holding all 10,000 distinct span ids and (b) the app's status line
// saying "Exported"; both clocks are wall-clock milliseconds (timeOrigin + now()). Lost: 10,000
// minus the distinct span ids the collector received within 30 s.
import { openApp, findControls, prepareLoad } from './app-page.mjs';
import { runLoadAndWait } from './app-sim.mjs';
import { summarize } from './stats.mjs';
import { epochNow } from './servers.mjs';

const SPANS = 10_000;
const REQUESTS = SPANS / 4;

async function exportOnce(browser, url, collector) {
  const { context, page, errors } = await openApp(browser, url);
  try {
    const { found, missing } = await findControls(page, {
      endpoint: ['textbox', 'OTLP endpoint'],
      exportButton: ['button', 'Export to Jaeger'],
    });
    const load = await prepareLoad(page, { requests: REQUESTS });
    const absent = [...load.missing, ...missing];
    if (absent.length) return { reason: `not measured: the app has no ${absent.join(', ')} yet` };
    await found.endpoint.fill('/v1/traces');
    const ran = await runLoadAndWait(page, load.run);
    if (ran.measureMs === null) await page.waitForTimeout(2_000); // no hook: give the run time
    collector.reset();
    const handle = await found.exportButton.elementHandle();
    const clickedAt = await page.evaluate((b) => {
      const t = performance.timeOrigin + performance.now();
      b.click();
      return t;
    }, handle);
    const status = page.getByText(/Exported \d[\d,]* spans/).first();
    let statusAt = null;
    const deadline = epochNow() + 30_000;
    while (epochNow() < deadline) {
      if (statusAt === null && (await status.count()) > 0) statusAt = epochNow();
      if (statusAt !== null && collector.stats().distinct >= SPANS) break;
      await page.waitForTimeout(5);
    }
    const stats = collector.stats();
    if (errors.length) return { reason: `not measured: page errors: ${errors.join(' | ')}` };
    const end = Math.max(statusAt ?? Infinity, stats.lastNewSpanAt ?? Infinity);
    return { ms: Number.isFinite(end) ? end - clickedAt : null, lost: SPANS - stats.distinct, stats };
  } finally {
    await context.close();
  }
}

/** Returns `{ time, lost, sample }`: two metric records and one span sample per name. */
export async function measureExport(browser, url, collector, { runs = 5 } = {}) {
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
    'fresh context per run; Run load 2500 requests with heavy_calc (10,000 spans); OTLP endpoint /v1/traces ' +
    '(runner proxy → stub collector); click "Export to Jaeger" → collector has all span ids and status says "Exported"';
  const time = times.length === runs
    ? { ...summarize(times), unit: 'ms', method }
    : { value: null, reason: `not measured: ${runs - times.length} of ${runs} runs never completed (see export_10k_lost)` };
  return { time, lost: { ...summarize(lost, 0), unit: 'spans', method }, sample };
}
