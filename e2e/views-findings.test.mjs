// The verdict names the pattern (issue 13): the detectors' findings under the verdict, each
// with a button that highlights its spans. N+1 fires on a sequential fan-out, not on a
// parallel one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appUnderTest, screenshot } from './harness.mjs';

const app = appUnderTest();

async function findings(page) {
  const list = page.getByRole('list', { name: 'Patterns found' });
  await list.waitFor();
  return list.innerText();
}

test('N+1 is found on Fan-out sequential and highlights its calls', async () => {
  const { page, errors, context } = await app.open('seed=49&playback=instant&fan_out=10&fan_out_mode=sequential');
  await page.getByRole('button', { name: 'Send request' }).click();
  const text = await findings(page);
  assert.match(text, /N\+1 calls: service-b GET \/data called db GET \/query 10 times one after another/);
  await page.getByRole('button', { name: 'Highlight the 11 spans of N+1 calls' }).click();
  const bar = page.getByRole('status').filter({ hasText: 'Highlighted: N+1 calls (11 spans)' });
  await bar.waitFor();
  await bar.filter({ hasText: '1 of 11 shown' }).waitFor();
  const grid = page.getByRole('treegrid', { name: 'Spans' });
  const active = async () => page.locator(`#${await grid.getAttribute('aria-activedescendant')}`);
  assert.match(await (await active()).innerText(), /service-b\s+GET \/data/, 'the calling span first');
  await bar.getByRole('button', { name: 'Next highlighted' }).click();
  await bar.filter({ hasText: '2 of 11 shown' }).waitFor();
  assert.match(await (await active()).getAttribute('class'), /\bhighlight\b/);
  assert.match(await (await active()).innerText(), /service-b\s+GET\b/, 'then the first call');
  await screenshot(page, 'views-findings-n-plus-one-1280');
  assert.deepEqual(errors, []);
  await context.close();
});

test('N+1 is not found on Fan-out parallel', async () => {
  const { page, errors, context } = await app.open('seed=49&playback=instant&fan_out=10&fan_out_mode=parallel');
  await page.getByRole('button', { name: 'Send request' }).click();
  const text = await findings(page);
  assert.doesNotMatch(text, /N\+1/);
  assert.match(text, /Critical path share: /, 'other findings are still there');
  assert.deepEqual(errors, []);
  await context.close();
});

test('an error is traced to where it started', async () => {
  const { page, errors, context } = await app.open('seed=50&playback=instant&random_500s=1&error_rate=100');
  await page.getByRole('button', { name: 'Send request' }).click();
  assert.match(await findings(page), /Error origin: The error started in service-b GET \/data/);
  assert.deepEqual(errors, []);
  await context.close();
});
