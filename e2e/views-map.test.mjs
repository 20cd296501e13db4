// Service map (issue 13): drawn from the lab before any request, then filled in from the
// traces with call counts, error rates and percentiles; an arrow finds its traces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appUnderTest, screenshot } from './harness.mjs';

const app = appUnderTest();

/** The table row of the calls from `caller` to `callee`. */
function edgeRow(page, caller, callee) {
  return page.getByRole('table', { name: 'Calls between services' }).getByRole('row')
    .filter({ has: page.getByRole('cell', { name: caller, exact: true }).first() })
    .filter({ has: page.getByRole('cell', { name: callee, exact: true }).last() });
}

for (const width of [1280, 390]) {
  test(`the lab with random 500s and a fan-out: edges with error rates (${width} px)`, async () => {
    const { page, errors, context } = await app.open(
      'seed=47&playback=instant&random_500s=1&error_rate=50&fan_out=3&requests=20',
      { viewport: { width, height: 900 } },
    );
    await page.getByRole('button', { name: 'Service map' }).click();
    await page.getByText("Drawn from the lab's settings").waitFor();
    for (const [a, b] of [['service-a', 'service-b'], ['service-b', 'db'], ['db', 'sqlite']]) {
      assert.match(await edgeRow(page, a, b).innerText(), /\b0\b/, `${a} → ${b} before any request`);
    }

    await page.getByRole('button', { name: 'Run load' }).click();
    await page.getByRole('status').filter({ hasText: 'Ran 20 requests' }).waitFor();
    await page.getByRole('button', { name: 'Service map' }).click();
    await page.getByText('From the 20 traces in the store').waitFor();
    const ab = await edgeRow(page, 'service-a', 'service-b').innerText();
    const [, calls, rate] = ab.match(/service-b\s+(\d+)\s+([\d.]+)%/) ?? [];
    assert.equal(calls, '20', ab);
    assert.ok(Number(rate) > 0 && Number(rate) < 100, `error rate ${rate}% with 50 % random 500s`);
    assert.match(await edgeRow(page, 'db', 'sqlite').innerText(), /\s0\.0%/);
    const arrow = page.getByRole('group', { name: 'Service map' })
      .getByRole('button', { name: new RegExp(`^service-a → service-b: 20 calls · ${rate.replace('.', '\\.')}% errors, p50 .+ · p99 .+\\. Find these traces\\.$`) });
    await arrow.waitFor();
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(scroll <= width, `page is ${scroll} px wide`);
    await screenshot(page, `views-service-map-${width}`);

    await arrow.click();
    await page.getByText('Only the 20 traces with calls service-a → service-b.').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Find traces' }).getAttribute('aria-current'), 'page');
    await page.getByRole('button', { name: 'Show all traces' }).click();
    await page.getByText('Only the 20 traces').waitFor({ state: 'detached' });
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('a map edge is keyboard usable and the table finds the same traces', async () => {
  const { page, errors, context } = await app.open('seed=48&playback=instant&fan_out=2&requests=5');
  await page.getByRole('button', { name: 'Run load' }).click();
  await page.getByRole('status').filter({ hasText: 'Ran 5 requests' }).waitFor();
  await page.getByRole('button', { name: 'Service map' }).click();
  await page.getByRole('group', { name: 'Service map' }).getByRole('button', { name: /^service-b → db:/ }).press('Enter');
  await page.getByText('Only the 5 traces with calls service-b → db.').waitFor();
  await page.getByRole('button', { name: 'Service map' }).click();
  await page.getByRole('button', { name: 'Find traces with calls db → sqlite' }).click();
  await page.getByText('Only the 5 traces with calls db → sqlite.').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});
