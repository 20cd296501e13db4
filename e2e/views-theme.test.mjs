// Dark theme (issue 13): the page follows the system's colour scheme; the "Dark theme" toggle
// overrides it and is remembered across reloads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appUnderTest, screenshot } from './harness.mjs';

const app = appUnderTest();

async function openWith(colorScheme, query = 'seed=52&playback=instant') {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
  await page.goto(`${app.server.url}?${query}`);
  await page.getByRole('button', { name: 'Send request' }).waitFor();
  return { page, errors, context };
}

/** Relative luminance of the body's background, 0 (black) to 1 (white). */
const background = (page) => page.evaluate(() => {
  const [r, g, b] = getComputedStyle(document.body.parentElement).backgroundColor.match(/\d+/g).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
});

test('the theme follows the system until toggled, then remembers the choice', async () => {
  const { page, errors, context } = await openWith('light');
  const toggle = page.getByRole('button', { name: 'Dark theme' });
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
  assert.ok((await background(page)) > 0.8, 'light by the system');
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  assert.ok((await background(page)) < 0.2, 'dark by choice');
  await page.reload();
  await page.getByRole('button', { name: 'Send request' }).click();
  assert.equal(await page.getByRole('button', { name: 'Dark theme' }).getAttribute('aria-pressed'), 'true', 'remembered');
  assert.ok((await background(page)) < 0.2);
  await page.getByRole('tab', { name: 'Trace graph' }).click();
  await screenshot(page, 'views-dark-graph-1280');
  await page.getByRole('tab', { name: 'Timeline' }).click();
  await screenshot(page, 'views-dark-trace-1280');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a dark system gives a dark page with the toggle pressed, and it can be turned off', async () => {
  const { page, errors, context } = await openWith('dark');
  const toggle = page.getByRole('button', { name: 'Dark theme' });
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), undefined, 'no choice yet');
  assert.ok((await background(page)) < 0.2);
  await toggle.press('Enter');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
  assert.ok((await background(page)) > 0.8, 'light by choice on a dark system');
  assert.deepEqual(errors, []);
  await context.close();
});
