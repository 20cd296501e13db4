// Keep across a reload (issue 12, "Keep and share"): traces, the unsent export outbox, and
// Clear traces clearing what was kept. Each test has its own browser context, so its own
// IndexedDB; a reload keeps it, as it does for a learner.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveStatic, launchBrowser, openPage, openGroup, screenshot } from './harness.mjs';
import { startStubCollector, freePort, sendRequests, pageSpanIds, traceCount, eventually } from './jaeger.mjs';

let server;
let browser;

before(async () => {
  server = await serveStatic();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/**
 * The record the page saved under `key` in its IndexedDB, parsed (null when none). Saving waits
 * for changes to settle, so tests wait for the record before reloading, as a learner's page
 * would have saved by the time they come back.
 */
async function savedRecord(page, key) {
  const text = await page.evaluate((key) => new Promise((resolve) => {
    const open = indexedDB.open('trace-playground');
    open.onerror = () => resolve(null);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('saved')) { db.close(); resolve(null); return; }
      const get = db.transaction('saved').objectStore('saved').get(key);
      get.onsuccess = () => { db.close(); resolve(get.result ?? null); };
      get.onerror = () => { db.close(); resolve(null); };
    };
  }), key);
  return text === null ? null : JSON.parse(text);
}

/** Span ids in a saved OTLP body. */
function savedSpanIds(otlp) {
  return (otlp?.resourceSpans ?? []).flatMap((r) => r.scopeSpans.flatMap((s) => s.spans.map((x) => x.spanId))).sort();
}

async function reload(page) {
  await page.reload();
  await page.getByRole('button', { name: 'Send request' }).waitFor();
}

test('traces and their counters survive a reload', async () => {
  const { page, errors, context } = await openPage(browser, server.url);
  await openGroup(page, 'Export');
  await sendRequests(page, 3);
  const ids = await pageSpanIds(page);
  await eventually(async () => savedSpanIds((await savedRecord(page, 'traces'))?.otlp).length === ids.length,
    { what: 'the traces to be saved' });
  await reload(page);
  await page.getByRole('status').filter({ hasText: 'Restored 3 traces from your last visit.' }).waitFor();
  assert.equal(await traceCount(page), 3);
  assert.deepEqual(await pageSpanIds(page), ids, 'the same spans');
  // The next request is a new trace, not a copy of request #0 joining a kept one.
  await sendRequests(page, 1);
  assert.equal(await traceCount(page), 4);
  assert.equal((await pageSpanIds(page)).length, ids.length + ids.length / 3);
  await screenshot(page, 'persist-restored');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the unsent outbox survives a reload and is sent on Retry', async () => {
  const port = await freePort(); // closed again: nothing listens there
  const { page, context } = await openPage(browser, server.url);
  await openGroup(page, 'Export');
  await sendRequests(page, 2);
  const n = (await pageSpanIds(page)).length;
  await page.getByLabel('OTLP endpoint').fill(`http://127.0.0.1:${port}/v1/traces`);
  await page.getByRole('button', { name: 'Export to Jaeger' }).click();
  await page.getByRole('status', { name: 'Export status' }).filter({ hasText: /No collector reachable/ }).waitFor({ timeout: 20_000 });
  await page.getByText(`${n} spans waiting`, { exact: true }).waitFor();
  await eventually(async () => savedSpanIds((await savedRecord(page, 'outbox'))?.otlp).length === n,
    { what: 'the outbox to be saved' });
  await reload(page);
  await page.getByText(`${n} spans waiting`, { exact: true }).waitFor();
  const status = page.getByRole('status', { name: 'Export status' });
  assert.equal(await status.innerText(), `${n} spans waiting in the outbox from your last visit: press Retry to send them.`);
  // The collector is back: Retry sends exactly the kept spans, and the saved outbox empties.
  const stub = await startStubCollector({ port });
  await page.getByLabel('OTLP endpoint').fill(stub.url);
  await page.getByRole('button', { name: 'Retry' }).click();
  await status.filter({ hasText: /^Exported/ }).waitFor({ timeout: 20_000 });
  assert.deepEqual([...stub.accepted.keys()].sort(), await pageSpanIds(page), 'the kept spans, once');
  await page.getByText('0 spans waiting', { exact: true }).waitFor();
  await eventually(async () => (await savedRecord(page, 'outbox')) === null, { what: 'the saved outbox to be deleted' });
  await screenshot(page, 'persist-outbox');
  await context.close();
  await stub.close();
});

test('Clear traces clears the kept traces too', async () => {
  const { page, errors, context } = await openPage(browser, server.url);
  await openGroup(page, 'Export');
  await sendRequests(page, 2);
  await eventually(async () => savedSpanIds((await savedRecord(page, 'traces'))?.otlp).length > 0, { what: 'a save' });
  await openGroup(page, 'Lab settings');
  await page.getByRole('button', { name: 'Clear traces' }).click();
  await eventually(async () => (await savedRecord(page, 'traces'))?.otlp === null, { what: 'the cleared store to be saved' });
  await reload(page);
  assert.equal(await traceCount(page), 0);
  assert.equal(await page.getByText(/Restored \d+ traces/).count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('garbage in storage gives a notice and a working page', async () => {
  const { page, errors, context } = await openPage(browser, server.url);
  await openGroup(page, 'Export');
  await sendRequests(page, 1);
  await eventually(async () => (await savedRecord(page, 'traces')) !== null, { what: 'a save' });
  await page.evaluate(() => new Promise((resolve) => {
    const open = indexedDB.open('trace-playground');
    open.onsuccess = () => {
      const tx = open.result.transaction('saved', 'readwrite');
      tx.objectStore('saved').put('{"version":1,"otlp":<b>not json</b>}', 'traces');
      tx.oncomplete = () => { open.result.close(); resolve(); };
    };
  }));
  await reload(page);
  await page.getByText(/The traces saved on an earlier visit could not be read \(.*\); starting without them\./).waitFor();
  assert.equal(await traceCount(page), 0);
  await sendRequests(page, 1);
  assert.equal(await traceCount(page), 1, 'the page keeps working');
  assert.deepEqual(errors, []);
  await context.close();
});
