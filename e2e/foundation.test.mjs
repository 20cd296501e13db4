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
