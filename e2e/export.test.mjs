// Export to a REAL Jaeger v2 (built once by scripts/jaeger.sh): through the same-origin proxy and
// through the direct CORS URL, with auto-export, import of Jaeger's own JSON, and 10,000 spans.
// Each check asks Jaeger's query API what it stored and compares it with what the page holds
// (the page's own "Download OTLP JSON"): span count, parent links, services, kinds, error tags.
// Every test gets a fresh Jaeger (it starts in well under a second): a fresh page simulates
// from the same seed, so traces of different tests could otherwise share ids.
import { test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveStatic, launchBrowser, openPage, openGroup, screenshot } from './harness.mjs';
import {
  jaegerSkip, startJaeger, jaegerTrace, jaegerSpans, otlpProxy, downloadPageOtlp,
  otlpSpansByTrace, bySpanId, eventually, getJson, sendRequests, pageSpanIds, traceCount,
} from './jaeger.mjs';

const skip = jaegerSkip();
let server;
let browser;
let jaeger;
let tmp;
let proxyTarget = null;

before(async () => {
  if (skip) return;
  server = await serveStatic({ proxy: otlpProxy(() => proxyTarget) });
  browser = await launchBrowser();
  tmp = await mkdtemp(join(tmpdir(), 'export-e2e-'));
});

beforeEach(async () => {
  if (skip) return;
  jaeger = await startJaeger({ allowedOrigins: [new URL(server.url).origin] });
  proxyTarget = jaeger.otlpUrl;
  console.log(`Jaeger ${jaeger.version} up in ${jaeger.startMs} ms (OTLP ${jaeger.otlpUrl}, query ${jaeger.queryUrl})`);
});

afterEach(async () => {
  await jaeger?.stop();
  jaeger = null;
  proxyTarget = null;
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const status = (page) => page.getByRole('status', { name: 'Export status' });
const waitStatus = async (page, pattern, timeout = 30_000) => {
  await status(page).filter({ hasText: pattern }).waitFor({ timeout });
  return status(page).innerText();
};

let exportedTotal = 0;

/**
 * Every trace the page holds (or just `only`) is in Jaeger with exactly the page's spans:
 * same ids, parents, names, services, kinds, and `error=true` on exactly the page's error spans.
 */
async function assertInJaeger(page, only) {
  const pageTraces = otlpSpansByTrace(await downloadPageOtlp(page));
  const ids = only ?? [...pageTraces.keys()];
  let spans = 0;
  for (const id of ids) {
    const expected = pageTraces.get(id);
    assert.ok(expected, `the page holds trace ${id}`);
    const stored = await eventually(async () => {
      const trace = await jaegerTrace(jaeger.queryUrl, id);
      return trace && trace.spans.length >= expected.length ? trace : null;
    }, { what: `trace ${id} in Jaeger with ${expected.length} spans` });
    assert.deepEqual(jaegerSpans(stored).sort(bySpanId), [...expected].sort(bySpanId), `trace ${id} as Jaeger stored it`);
    spans += expected.length;
  }
  exportedTotal += spans;
  return spans;
}

test('export through the same-origin /v1/traces proxy lands in Jaeger', { skip }, async () => {
  const { page, errors, context } = await openPage(browser, server.url);
  await openGroup(page, 'Export');
  await sendRequests(page, 3);
  const n = (await pageSpanIds(page)).length;
  assert.equal(await page.getByLabel('OTLP endpoint').inputValue(), '/v1/traces', 'the default endpoint');
  await page.getByRole('button', { name: 'Export to Jaeger' }).click();
  assert.equal(await waitStatus(page, /^Exported/), `Exported ${n} spans.`);
  assert.equal(await assertInJaeger(page), n);
  const services = await getJson(`${jaeger.queryUrl}/api/services`);
  assert.deepEqual([...services.data].sort(), ['service-a', 'service-b']);
  // "Open in Jaeger" points at the trace page of the Jaeger UI field.
  await page.getByLabel('Jaeger UI').fill(jaeger.queryUrl);
  const href = await page.getByRole('link', { name: 'Open in Jaeger' }).first().getAttribute('href');
  assert.match(href, new RegExp(`^${jaeger.queryUrl}/trace/[0-9a-f]{32}$`));
  // (A binary built from Go source serves a placeholder there instead of the UI; the route exists.)
  const uiPage = await fetch(href);
  assert.equal(uiPage.status, 200, 'Jaeger answers at the linked address');
  await screenshot(page, 'export-jaeger-same-origin');
  assert.deepEqual(errors, []);
  await context.close();
});

test('export straight to Jaeger\'s OTLP port works cross-origin with its CORS setting', { skip }, async () => {
  const { page, errors, context } = await openPage(browser, server.url);
  await openGroup(page, 'Export');
  await page.getByLabel('OTLP endpoint').fill(jaeger.otlpUrl);
  await sendRequests(page, 2);
  const n = (await pageSpanIds(page)).length;
  await page.getByRole('button', { name: 'Export to Jaeger' }).click();
  assert.equal(await waitStatus(page, /^Exported/), `Exported ${n} spans.`);
  assert.equal(await assertInJaeger(page), n);
  // A second click has nothing new to send: traces go once.
  await page.getByRole('button', { name: 'Export to Jaeger' }).click();
  assert.equal(await waitStatus(page, /^Nothing new/), 'Nothing new to export: all 2 traces were exported already.');
  assert.deepEqual(errors, []);
  await context.close();
});

test('auto-export sends each new trace once as it appears', { skip }, async () => {
  const { page, errors, context } = await openPage(browser, server.url);
  await openGroup(page, 'Export');
  await sendRequests(page, 1); // before auto-export: not exported automatically
  await page.getByLabel('Auto-export').check();
  await sendRequests(page, 2);
  // One run if the second trace lands while the first is in flight, else two.
  await waitStatus(page, /^Exported \d+ spans\.$/);
  await page.getByText('0 spans waiting', { exact: true }).waitFor();
  const all = [...otlpSpansByTrace(await downloadPageOtlp(page)).keys()];
  const [first, ...autoExported] = all;
  assert.equal(autoExported.length, 2);
  assert.ok((await assertInJaeger(page, autoExported)) >= 6);
  assert.equal(await jaegerTrace(jaeger.queryUrl, first), null, 'the trace from before auto-export was not sent');
  assert.deepEqual(errors, []);
  await context.close();
});

/** A lab-shaped OTLP JSON file: `traces` traces of 1 + 2·`fanOut` spans, errors on some. */
function labFile({ traces, fanOut, seed }) {
  const hex = (n, width) => n.toString(16).padStart(width, '0');
  const now = BigInt(Date.now()) * 1_000_000n;
  const a = [];
  const b = [];
  let span = 1;
  for (let t = 0; t < traces; t += 1) {
    const traceId = hex(seed, 8) + hex(t + 1, 24);
    const start = now + BigInt(t) * 1_000_000_000n;
    const root = hex(span++, 16);
    a.push({ traceId, spanId: root, name: 'GET /', kind: 2, startTimeUnixNano: String(start), endTimeUnixNano: String(start + 900_000_000n), status: {} });
    for (let i = 0; i < fanOut; i += 1) {
      const client = hex(span++, 16);
      const server = hex(span++, 16);
      const at = start + BigInt(i) * 1_000_000n;
      const failed = (t + i) % 7 === 0;
      a.push({ traceId, spanId: client, parentSpanId: root, name: 'GET', kind: 3, startTimeUnixNano: String(at), endTimeUnixNano: String(at + 800_000n),
        attributes: [{ key: 'http.status_code', value: { intValue: failed ? '500' : '200' } }], status: failed ? { code: 2 } : {} });
      b.push({ traceId, spanId: server, parentSpanId: client, name: 'GET /data', kind: 2, startTimeUnixNano: String(at + 100_000n), endTimeUnixNano: String(at + 700_000n),
        status: failed ? { code: 2, message: 'Simulated 500' } : {} });
    }
  }
  const resource = (name) => ({ attributes: [{ key: 'service.name', value: { stringValue: name } }] });
  return { resourceSpans: [
    { resource: resource('service-a'), scopeSpans: [{ scope: { name: 'e2e' }, spans: a }] },
    { resource: resource('service-b'), scopeSpans: [{ scope: { name: 'e2e' }, spans: b }] },
  ] };
}

async function importFile(page, name, content) {
  const path = join(tmp, name);
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
  await page.getByLabel('Import traces').setInputFiles(path);
  const note = page.getByRole('status', { name: 'Import result' });
  await note.waitFor();
  return note;
}

test('10,000 spans with errors: imported, exported in batches, all in Jaeger with exact error tags', { skip }, async () => {
  const { page, errors, context } = await openPage(browser, server.url);
  await openGroup(page, 'Export');
  const file = labFile({ traces: 40, fanOut: 125, seed: 0xe2e }); // 40 × 251 = 10,040 spans
  const note = await importFile(page, 'ten-thousand.otlp.json', file);
  await note.filter({ hasText: 'Imported 40 traces (10040 spans)' }).waitFor();
  const started = Date.now();
  await page.getByRole('button', { name: 'Export to Jaeger' }).click();
  assert.equal(await waitStatus(page, /^Exported/, 60_000), 'Exported 10040 spans.');
  const exportMs = Date.now() - started;
  console.log(`export_10k_spans_ms (10,040 spans to Jaeger ${jaeger.version}, same-origin proxy): ${exportMs} ms`);
  assert.equal(await assertInJaeger(page), 10_040);
  const expectedErrors = [...otlpSpansByTrace(file).values()].flat().filter((s) => s.error).length;
  assert.ok(expectedErrors > 100, 'the file has error spans to check');
  assert.deepEqual(errors, []);
  await context.close();
});

test('Jaeger\'s JSON download imports back into the page; a bad file changes nothing', { skip }, async () => {
  // Put one known trace into Jaeger, then fetch it the way Jaeger UI's "Download JSON" does.
  const { page: sender, context: senderContext } = await openPage(browser, server.url);
  await openGroup(sender, 'Export');
  await sendRequests(sender, 1);
  await sender.getByRole('button', { name: 'Export to Jaeger' }).click();
  await waitStatus(sender, /^Exported \d+ spans/);
  const original = otlpSpansByTrace(await downloadPageOtlp(sender));
  const [traceId] = original.keys();
  await assertInJaeger(sender, [traceId]);
  await senderContext.close();
  const download = await getJson(`${jaeger.queryUrl}/api/traces/${traceId}`);

  const { page, errors, context } = await openPage(browser, server.url);
  await openGroup(page, 'Export');
  const bad = await importFile(page, 'broken.json', '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"xyz"}]}]}]}');
  await bad.filter({ hasText: 'Could not import broken.json' }).waitFor();
  // The first problem in document order, with its JSON path: the bad traceId comes before the
  // missing start time.
  assert.match(await bad.innerText(), /\$\.resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.traceId: must be 32 hex digits .*found "xyz".*\. Nothing was changed\./);
  assert.equal(await traceCount(page), 0, 'a bad file adds nothing');

  const good = await importFile(page, 'jaeger-download.json', download);
  const spans = original.get(traceId).length;
  await good.filter({ hasText: `Imported 1 trace (${spans} spans) from jaeger-download.json.` }).waitFor();
  await eventually(async () => (await traceCount(page)) === 1, { what: 'the imported trace on the page' });
  const reimported = otlpSpansByTrace(await downloadPageOtlp(page));
  assert.deepEqual([...reimported.get(traceId)].sort(bySpanId), [...original.get(traceId)].sort(bySpanId), 'same spans after Jaeger → page');
  assert.deepEqual(errors, []);
  await context.close();
});

/** Rows the trace view paints red (class `error`), as "service operation" strings, sorted. */
async function redRows(page) {
  const rows = page.locator('.gantt-row.error');
  const out = [];
  for (let i = 0; i < (await rows.count()); i += 1) {
    out.push(`${await rows.nth(i).locator('.svc').innerText()} ${await rows.nth(i).locator('.op').innerText()}`);
  }
  return out.sort();
}

test('heavy_calc on, error rate 100 % then 0 %: Jaeger\'s error tags are exactly the page\'s red spans', { skip }, async (t) => {
  const { page, errors, context } = await openPage(browser, server.url);
  await openGroup(page, 'Export');
  await openGroup(page, 'Lab settings');
  const heavy = page.getByLabel('heavy_calc span (Challenge 1)');
  if ((await heavy.count()) === 0) {
    // The lab controls come with the trace views (issue 5); until that branch is merged the
    // default-lab tests above are what this page can show.
    console.warn('!!! lab controls (issue 5) not on this page yet: heavy_calc / error-rate export case not run');
    await context.close();
    t.skip('lab controls (issue 5) not on this page yet');
    return;
  }
  await heavy.check();
  await page.getByLabel('Random 500s (Challenge 2)').check();
  const rate = page.getByLabel('Error rate');
  for (const [percent, wantErrors] of [['100', true], ['0', false]]) {
    await rate.fill(percent);
    await rate.press('Tab');
    const before = new Set((await traceCount(page)) > 0 ? otlpSpansByTrace(await downloadPageOtlp(page)).keys() : []);
    await sendRequests(page, 2);
    await page.getByRole('button', { name: 'Export to Jaeger' }).click();
    await waitStatus(page, /^Exported \d+ spans/);
    const pageTraces = otlpSpansByTrace(await downloadPageOtlp(page));
    const fresh = [...pageTraces.keys()].filter((id) => !before.has(id));
    assert.equal(fresh.length, 2, `two new traces at ${percent} %`);
    await assertInJaeger(page, fresh);
    for (const id of fresh) {
      const stored = jaegerSpans(await jaegerTrace(jaeger.queryUrl, id));
      assert.ok(stored.some((s) => s.name === 'heavy_calc' && s.service === 'service-b'), 'heavy_calc in service-b');
      assert.equal(stored.some((s) => s.error), wantErrors, `error tags at ${percent} %`);
    }
    // The trace on screen (the newest) is red exactly where Jaeger says error=true.
    const shown = fresh[fresh.length - 1];
    const jaegerRed = jaegerSpans(await jaegerTrace(jaeger.queryUrl, shown)).filter((s) => s.error).map((s) => `${s.service} ${s.name}`).sort();
    if ((await page.locator('.gantt-row').count()) > 0) {
      assert.deepEqual(await redRows(page), jaegerRed, `red rows at ${percent} %`);
    }
  }
  await screenshot(page, 'export-jaeger-lab-controls');
  assert.deepEqual(errors, []);
  await context.close();
});

test('report: spans exported and found in Jaeger', { skip }, () => {
  console.log(`spans exported and found in Jaeger ${jaeger.version} (all tests): ${exportedTotal}`);
  assert.ok(exportedTotal > 10_000);
});
