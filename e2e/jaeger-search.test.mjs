// Issue 11, "traces must not be in the future", against a REAL Jaeger (scripts/jaeger.sh): a
// learner ticks both challenges, runs a load of 20 requests, exports, and searches Jaeger the
// way its UI's default search does (service, end = now, lookback 1h). Jaeger shows only traces
// that started before `end`, so a run simulated ahead of the wall clock loses its later traces.
// Every trace the page holds must be found, and every span it holds must have ended by the
// moment the page showed the run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveStatic, launchBrowser, openPage, openGroup, screenshot } from './harness.mjs';
import {
  jaegerSkip, startJaeger, jaegerTrace, otlpProxy, downloadPageOtlp, otlpSpansByTrace,
  eventually, getJson,
} from './jaeger.mjs';

const skip = jaegerSkip();
let server;
let browser;
let jaeger;

before(async () => {
  if (skip) return;
  jaeger = await startJaeger({ allowedOrigins: [] });
  server = await serveStatic({ proxy: otlpProxy(() => jaeger.otlpUrl) });
  browser = await launchBrowser();
  console.log(`Jaeger ${jaeger.version} up in ${jaeger.startMs} ms (query ${jaeger.queryUrl})`);
});

after(async () => {
  await browser?.close();
  await server?.close();
  await jaeger?.stop();
});

/** Jaeger UI's default search (Search page, Lookback "Last Hour", end now), `limit` large. */
async function jaegerDefaultSearch(service, endMs) {
  const endMicros = endMs * 1_000;
  const lookbackMicros = 3_600 * 1_000_000;
  const query = new URLSearchParams({
    service,
    start: String(endMicros - lookbackMicros),
    end: String(endMicros),
    lookback: '1h',
    limit: '1500',
  });
  const body = await getJson(`${jaeger.queryUrl}/api/traces?${query}`);
  return new Set((body.data ?? []).map((t) => t.traceID));
}

/** Every span of an OTLP JSON request as { traceId, name, start, end } (unix ns, BigInt). */
function otlpSpans(request) {
  return request.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => ({
    traceId: s.traceId, name: s.name, start: BigInt(s.startTimeUnixNano), end: BigInt(s.endTimeUnixNano),
  }))));
}

/** Milliseconds from `ms` to unix-ns `ns` ("+1234 ms" is later). */
const offset = (ns, ms) => `${ns >= BigInt(ms) * 1_000_000n ? '+' : ''}${Number(ns / 1_000_000n) - ms} ms`;

test('right after a load run, Jaeger\'s default search finds every trace the page exported', { skip }, async () => {
  const { page, errors, context } = await openPage(browser, server.url);
  await openGroup(page, 'Lab settings');
  await openGroup(page, 'Load');
  await openGroup(page, 'Export');
  await page.getByRole('checkbox', { name: 'heavy_calc span (Challenge 1)' }).check();
  await page.getByRole('checkbox', { name: 'Random 500s (Challenge 2)' }).check();
  await page.getByRole('spinbutton', { name: 'Requests', exact: true }).fill('20');
  await page.getByRole('button', { name: 'Run load' }).click();
  await page.getByRole('status').filter({ hasText: 'Ran 20 requests' }).waitFor();
  // The page's clock read this run's "now" before it said so; ours is read after.
  const shownAtMs = Date.now();

  await page.getByRole('button', { name: 'Export to Jaeger' }).click();
  const exportStatus = page.getByRole('status', { name: 'Export status' });
  await exportStatus.filter({ hasText: /^Exported \d+ spans/ }).waitFor({ timeout: 30_000 });

  const held = await downloadPageOtlp(page);
  const byTrace = otlpSpansByTrace(held);
  const pageIds = [...byTrace.keys()].sort();
  assert.equal(pageIds.length, 20, 'one trace per request');
  const spanCount = [...byTrace.values()].reduce((n, rows) => n + rows.length, 0);
  assert.equal(await exportStatus.innerText(), `Exported ${spanCount} spans.`);

  // Stored? Looked up by id, which does not filter by time: this only waits out Jaeger's
  // batching, so the search below is not racing the ingestion.
  for (const id of pageIds) {
    await eventually(async () => (await jaegerTrace(jaeger.queryUrl, id))?.spans.length === byTrace.get(id).length,
      { what: `trace ${id} stored in Jaeger` });
  }

  // What a learner sees when they switch to Jaeger now: its default search, once, no retries.
  const spans = otlpSpans(held);
  const searchEndMs = Date.now();
  const found = await jaegerDefaultSearch('service-a', searchEndMs);
  const traceStart = (id) => spans.filter((s) => s.traceId === id).reduce((m, s) => (s.start < m ? s.start : m), 2n ** 64n);
  const missing = pageIds.filter((id) => !found.has(id)).map((id) => `${id} starts ${offset(traceStart(id), searchEndMs)} from the search's end`);
  assert.deepEqual(missing, [], `Jaeger's default search (end = now) misses ${missing.length} of 20 traces`);

  // Stricter: nothing the page showed may end after the moment it was shown.
  const late = spans.filter((s) => s.end > BigInt(shownAtMs) * 1_000_000n);
  assert.deepEqual(
    late.slice(0, 5).map((s) => `${s.traceId} ${s.name} ends ${offset(s.end, shownAtMs)} from when the run was shown`),
    [],
    `every span ended by the time the run was shown (${late.length} did not; the first 5 listed)`,
  );
  await screenshot(page, 'jaeger-search-after-load');
  assert.deepEqual(errors, []);
  await context.close();
});
