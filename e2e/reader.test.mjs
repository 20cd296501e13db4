// The reader, the page's second wasm module (the scenario reader and the trace importer,
// src/ui/reader.rs): the first paint and Send request do without it; a scenario link waits for
// it and says so; a reader that cannot download leaves the lab running and says why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appUnderTest } from './harness.mjs';
import { eventually, traceCount } from './jaeger.mjs';

const app = appUnderTest();
const READER_WASM = /reader_bg\.wasm/;

const views = (page) => page.getByRole('navigation', { name: 'Views' });
const running = (page) => page.getByRole('region', { name: 'Running scenario' });

test('a preset link: the page answers before the reader is there, waits for it, then runs the preset', async () => {
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  const requested = [];
  const { page, errors, context } = await app.open('scenario=ten-services&playback=instant&seed=5', {
    beforeGoto: async (_context, page) => {
      page.on('request', (r) => requested.push(new URL(r.url()).pathname));
      await page.route(READER_WASM, async (route) => { await held; await route.continue(); });
    },
  });
  // What the cold load fetched before the page answered: not the reader's wasm.
  const beforeAnswer = [...requested];
  assert.ok(beforeAnswer.some((p) => p.endsWith('_bg.wasm')), `the main wasm: ${beforeAnswer}`);

  await page.getByRole('button', { name: 'Send request' }).first().click();
  await page.getByText('The scenario is still loading').first().waitFor();
  assert.equal(await traceCount(page), 0, 'not the lab in the preset\'s place');

  release();
  await views(page).getByRole('button', { name: 'Scenario', exact: true }).click();
  await running(page).getByText('Running: Ten services', { exact: true }).waitFor();
  await page.getByRole('region', { name: 'Scenario', exact: true }).getByRole('button', { name: 'Send request' }).click();
  await eventually(async () => (await traceCount(page)) >= 1, { what: 'the preset\'s trace' });
  assert.ok(requested.some((p) => READER_WASM.test(p)), 'the reader was fetched after the first paint');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a reader that cannot download: the page says why, and the lab still runs', async () => {
  const { page, context } = await app.open('playback=instant&seed=6', {
    beforeGoto: async (_context, page) => {
      await page.route(READER_WASM, (route) => route.abort('failed'));
    },
  });
  await page.getByText(/The scenario reader and the trace importer could not load/).first().waitFor();
  await page.getByRole('button', { name: 'Send request' }).first().click();
  await eventually(async () => (await traceCount(page)) === 1, { what: 'the lab\'s trace' });
  await context.close();
});
