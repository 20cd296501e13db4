// Foundation: the page loads clean, Send request shows spans of both services, assets load
// from a sub-path, and a panic shows a visible banner.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveStatic, launchBrowser, openPage, screenshot } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await serveStatic({ prefix: '/some/sub/path/' });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('page loads from a sub-path with no console errors', async () => {
  const { page, errors, context } = await openPage(browser, server.url);
  assert.equal(await page.title(), 'Trace playground — distributed tracing in your browser');
  await screenshot(page, 'foundation-empty');
  assert.deepEqual(errors, []);
  await context.close();
});

test('Send request shows spans of both services', async () => {
  const { page, errors, context } = await openPage(browser, server.url);
  await page.getByRole('button', { name: 'Send request' }).click();
  const trace = page.getByRole('article', { name: /^Trace [0-9a-f]{32}$/ }).first();
  await trace.waitFor();
  const rows = trace.getByRole('row');
  await assert.doesNotReject(rows.filter({ hasText: 'service-a' }).first().waitFor());
  const text = await trace.innerText();
  assert.match(text, /service-a\s+GET \/\s+[\d.]+ ms/);
  assert.match(text, /service-b\s+GET \/data\s+[\d.]+ ms/);
  await screenshot(page, 'foundation-send-request');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a panic shows a visible error banner with the message', async () => {
  const { page, errors, context } = await openPage(browser, `${server.url}?test-panic=1`);
  await page.getByRole('button', { name: 'Trigger test panic' }).click();
  const banner = page.getByRole('alert');
  await banner.waitFor();
  assert.match(await banner.innerText(), /crashed: .*test panic requested from the page/);
  assert.ok(errors.some((e) => e.includes('test panic requested from the page')), 'logged to console');
  await screenshot(page, 'foundation-panic');
  await context.close();
});

test('while the wasm downloads, the header and a loading note show; the app then replaces them', async () => {
  // The wasm is held back until the page has been looked at: what a learner on a slow link
  // sees for seconds (a blank page before index.html had its loading note).
  let sawWhileLoading = null;
  const holdWasm = async (context, page) => {
    await page.route(/trace-playground-[0-9a-f]+_bg\.wasm$/, async (route) => {
      try {
        await page.getByRole('status').filter({ hasText: 'Loading the playground…' }).waitFor();
        sawWhileLoading = {
          heading: await page.getByRole('heading', { name: 'Trace playground', level: 1 }).isVisible(),
          slowNoteVisible: await page.getByText('Still loading?').isVisible(),
          sendButtons: await page.getByRole('button', { name: 'Send request' }).count(),
        };
        await screenshot(page, 'foundation-loading');
      } finally {
        await route.continue();
      }
    });
  };
  const { page, errors, context } = await openPage(browser, server.url, { beforeGoto: holdWasm });
  assert.deepEqual(sawWhileLoading, { heading: true, slowNoteVisible: false, sendButtons: 0 },
    'before the app runs: its header and "Loading the playground…", not yet the slow-link note or any control');
  assert.equal(await page.getByText('Loading the playground…').count(), 0, 'the loading note is gone once the app is up');
  assert.equal(await page.getByText('Still loading?').count(), 0);
  assert.equal(await page.getByRole('heading', { name: 'Trace playground', level: 1 }).count(), 1, 'one header, the app\'s');
  assert.deepEqual(errors, []);
  await context.close();
});
