// The trace importer lives in the reader, the page's second wasm module (src/otlp/batch,
// src/ui/components/export_panel/files.rs): Import traces and the restore of saved traces go
// through it. When it cannot download, an import changes nothing and says why, and what an
// earlier visit saved is neither lost nor saved over: it comes back on a visit with the reader.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appUnderTest, openGroup } from './harness.mjs';
import { eventually, sendRequests, traceCount } from './jaeger.mjs';

const app = appUnderTest();
const READER_WASM = /reader_bg\.wasm/;
const NO_READER = /The scenario reader and the trace importer could not load/;

/** The span ids in the page's saved traces record (IndexedDB), sorted; [] when none. */
async function savedSpanIds(page) {
  const text = await page.evaluate(() => new Promise((resolve) => {
    const open = indexedDB.open('trace-playground');
    open.onerror = () => resolve(null);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('saved')) { db.close(); resolve(null); return; }
      const get = db.transaction('saved').objectStore('saved').get('traces');
      get.onsuccess = () => { db.close(); resolve(get.result ?? null); };
      get.onerror = () => { db.close(); resolve(null); };
    };
  }));
  const otlp = text === null ? null : JSON.parse(text).otlp;
  return (otlp?.resourceSpans ?? [])
    .flatMap((r) => r.scopeSpans.flatMap((s) => s.spans.map((x) => x.spanId))).sort();
}

async function reload(page) {
  await page.reload();
  await page.getByRole('button', { name: 'Send request' }).first().waitFor();
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test('saved traces wait for a visit with the reader: not restored, not saved over, then restored', async () => {
  const { page, context } = await app.open('playback=instant&seed=11');
  await sendRequests(page, 2);
  await eventually(async () => (await savedSpanIds(page)).length > 0, { what: 'the traces to be saved' });
  const saved = await savedSpanIds(page);

  await page.route(READER_WASM, (route) => route.abort('failed'));
  await reload(page);
  await page.getByText(/The traces saved on an earlier visit could not be restored now/).first().waitFor();
  assert.equal(await traceCount(page), 0, 'nothing restored without the importer');
  await sendRequests(page, 1);
  // Longer than a save waits at most (persist::policy MAX_WAIT_MS, 5 s): a save would be done.
  await sleep(6_000);
  assert.deepEqual(await savedSpanIds(page), saved, 'the record of the earlier visit is kept as it was');

  await page.unroute(READER_WASM);
  await reload(page);
  await page.getByRole('status').filter({ hasText: 'Restored 2 traces from your last visit.' }).waitFor();
  assert.equal(await traceCount(page), 2);
  await context.close();
});

test('Import traces without the reader: nothing changes and the note says why', async () => {
  const { page, context } = await app.open('playback=instant&seed=12', {
    beforeGoto: async (_context, page) => {
      await page.route(READER_WASM, (route) => route.abort('failed'));
    },
  });
  await sendRequests(page, 1);
  await openGroup(page, 'Export');
  await page.getByLabel('Import traces').setInputFiles({
    name: 'traces.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"resourceSpans":[]}'),
  });
  const note = page.getByRole('status', { name: 'Import result' });
  await note.filter({ hasText: 'Could not import traces.json.' }).waitFor();
  const text = await note.textContent();
  assert.match(text, NO_READER);
  assert.match(text, /Nothing was changed\.$/);
  assert.equal(await traceCount(page), 1, 'the page keeps what it had');
  await context.close();
});
