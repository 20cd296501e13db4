// Compare (issue 13): tick two traces in the search results and press Compare; the merged tree
// says in words and in colour which operations one trace has and the other lacks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appUnderTest, screenshot } from './harness.mjs';

const app = appUnderTest();

async function send(page, n) {
  await page.getByRole('button', { name: 'Send request' }).click();
  await page.getByRole('status').filter({ hasText: `Request #${n}` }).waitFor();
}

for (const width of [1280, 390]) {
  test(`two traces, one with heavy_calc: heavy_calc is only in one (${width} px)`, async () => {
    const { page, errors, context } = await app.open('seed=45&playback=instant&heavy_calc=1', {
      viewport: { width, height: 900 },
    });
    await send(page, 0);
    await page.getByRole('checkbox', { name: 'heavy_calc span (Challenge 1)' }).uncheck();
    await send(page, 1);
    await page.getByRole('button', { name: 'Find traces' }).click();
    const results = page.getByRole('list', { name: 'Search results' }).getByRole('listitem');
    assert.equal(await results.count(), 2);
    const compare = page.getByRole('button', { name: 'Compare', exact: true });
    assert.equal(await compare.isDisabled(), true, 'nothing ticked yet');
    // Newest first: the first result is request #1, without heavy_calc; it becomes trace A.
    await results.nth(0).getByRole('checkbox', { name: /^Compare trace/ }).check();
    assert.equal(await compare.isDisabled(), true, 'one ticked');
    await results.nth(1).getByRole('checkbox', { name: /^Compare trace/ }).check();
    await compare.click();

    const tree = page.getByRole('table', { name: 'Merged tree' });
    const heavy = tree.getByRole('row').filter({ hasText: 'heavy_calc' });
    await heavy.waitFor();
    assert.match(await heavy.innerText(), /only in B/);
    assert.match(await heavy.innerText(), /\+100 ms \(B slower\)/);
    for (const op of ['GET /', 'GET /data']) {
      const row = tree.getByRole('row').filter({ has: page.locator('.op', { hasText: new RegExp(`^${op}$`) }) });
      assert.match(await row.innerText(), /in both/, op);
    }
    assert.match(await page.getByText(/operations in both/).innerText(), /3 operations in both, 0 only in A, 1 only in B/);
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(scroll <= width, `page is ${scroll} px wide`);
    await screenshot(page, `views-compare-${width}`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('the comparison ends when its traces leave the store, and says what to do', async () => {
  const { page, errors, context } = await app.open('seed=46&playback=instant');
  await page.getByRole('button', { name: 'Send request' }).click();
  await page.getByRole('button', { name: 'Send request' }).click();
  await page.getByRole('status').filter({ hasText: 'Request #1' }).waitFor();
  await page.getByRole('button', { name: 'Find traces' }).click();
  for (const box of await page.getByRole('checkbox', { name: /^Compare trace/ }).all()) await box.check();
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  await page.getByRole('table', { name: 'Merged tree' }).waitFor();
  await page.getByRole('button', { name: 'Clear traces' }).click();
  await page.getByText('Tick two traces in the search results, then press Compare (0 ticked).').waitFor();
  await page.getByRole('region', { name: 'Compare traces' }).getByRole('button', { name: 'Find traces' }).click();
  await page.getByText('No traces yet').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});
