// Big traces (issue 7): a 10,004-span trace (fan-out 2,500 with heavy_calc) opens in a
// virtualised Gantt chart that keeps only a screenful of rows in the DOM, scrolls, collapses,
// expands and finds spans. The open time is printed for the record, not asserted (the
// benchmark owns that number).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appUnderTest, screenshot } from './harness.mjs';

const app = appUnderTest();

const renderedRows = (page) => page.locator('[role=treegrid] [role=row]').count();

test('a 10,000-span trace opens virtualised, scrolls, collapses and finds', async () => {
  const { page, errors, context } = await app.open('seed=31&playback=instant&heavy_calc=1&fan_out=2500');
  const grid = page.getByRole('treegrid', { name: 'Spans' });
  const started = Date.now();
  await page.getByRole('button', { name: 'Send request' }).click();
  await page.waitForFunction(
    () => document.querySelector('[role=treegrid]')?.getAttribute('aria-rowcount') === '10004',
  );
  await page.locator('[role=treegrid] [role=row]').first().waitFor();
  console.log(`# 10,004-span trace: click to first rows painted in ${Date.now() - started} ms`);
  assert.ok((await renderedRows(page)) < 100, 'only the visible rows are in the DOM');
  assert.match(await page.getByRole('region', { name: 'Bottleneck verdict' }).innerText(), /service-b|db/);
  await screenshot(page, 'views-big-trace-1280');

  // Scroll to the middle: rows from there are rendered, the first ones are gone.
  await grid.evaluate((el) => { el.scrollTop = 5000 * 28; });
  await page.waitForFunction(() => {
    const first = document.querySelector('[role=treegrid] [role=row]');
    return first && Number(first.getAttribute('aria-rowindex')) > 4000;
  });
  assert.ok((await renderedRows(page)) < 100);

  // Collapse all leaves the root; expand all brings every row back.
  await page.getByRole('button', { name: 'Collapse all' }).click();
  await page.waitForFunction(() => document.querySelector('[role=treegrid]').getAttribute('aria-rowcount') === '1');
  await page.getByRole('button', { name: 'Expand all' }).click();
  await page.waitForFunction(() => document.querySelector('[role=treegrid]').getAttribute('aria-rowcount') === '10004');

  // Find in trace reveals a match inside a collapsed subtree and scrolls to it.
  await page.getByRole('button', { name: 'Collapse all' }).click();
  await page.getByRole('searchbox', { name: 'Find in trace' }).fill('heavy_calc');
  await page.getByRole('button', { name: 'Next match' }).click();
  await page.getByText('1 of 1').waitFor();
  const active = await grid.getAttribute('aria-activedescendant');
  const activeRow = page.locator(`#${active}`);
  assert.match(await activeRow.innerText(), /heavy_calc/);
  await page.getByRole('searchbox', { name: 'Find in trace' }).fill('SELECT');
  await page.getByText('5000 matches').waitFor();
  await page.getByRole('searchbox', { name: 'Find in trace' }).press('Enter');
  await page.getByText('1 of 5000').waitFor();
  assert.match(await page.locator(`#${await grid.getAttribute('aria-activedescendant')}`).innerText(), /SELECT/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('scrolling a big trace keeps the rows on screen: the timeline reuses them, a focused table row keeps focus', async () => {
  const { page, errors, context } = await app.open('seed=31&playback=instant&heavy_calc=1&fan_out=2500');
  await page.getByRole('button', { name: 'Send request' }).click();
  await page.waitForFunction(() => document.querySelector('[role=treegrid]')?.getAttribute('aria-rowcount') === '10004');
  // Three rows down from the middle: three rows leave, three arrive, the rest stay the same
  // elements (before the fix every visible row was rebuilt on each scroll step).
  // Scrolls `scroller` by `rowsDown` rows and waits until the rendered window has moved (the
  // first row's index changes; a busy machine may take more than a frame), then a frame more.
  const scrollBy = async (scroller, rowSelector, rowsDown, fromRow = 200) => scroller.evaluate(async (el, { rowSelector, rowsDown, fromRow }) => {
    const rows = () => [...el.querySelectorAll(rowSelector)];
    const first = () => rows()[0]?.getAttribute('aria-rowindex');
    const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
    const moved = async (from) => {
      for (const deadline = performance.now() + 5_000; first() === from && performance.now() < deadline;) await frame();
      await frame();
    };
    const h = rows()[1].getBoundingClientRect().top - rows()[0].getBoundingClientRect().top;
    if (fromRow !== null) {
      const top = first();
      el.scrollTop = fromRow * h;
      await moved(top);
    }
    const before = rows();
    el.scrollTop += rowsDown * h;
    await moved(first());
    const after = rows();
    return {
      moved: after[0].getAttribute('aria-rowindex') !== before[0].getAttribute('aria-rowindex'),
      newRows: after.filter((r) => !before.includes(r)).length,
    };
  }, { rowSelector, rowsDown, fromRow });
  const timeline = await scrollBy(page.getByRole('treegrid', { name: 'Spans' }), '[role=row]', 3);
  assert.ok(timeline.moved, 'the window moved');
  assert.ok(timeline.newRows <= 4, `only the rows that came into view are new (${timeline.newRows})`);

  await page.getByRole('tab', { name: 'Spans table', exact: true }).click();
  const region = page.getByRole('region', { name: 'Spans table rows' });
  const rows = page.getByRole('table', { name: 'Spans' }).locator('tbody tr:not(.spacer)');
  await rows.first().waitFor();
  const table = await scrollBy(region, 'tbody tr:not(.spacer)', 3);
  assert.ok(table.moved, 'the table window moved');
  assert.ok(table.newRows <= 4, `only the rows that came into view are new (${table.newRows})`);
  // A keyboard user on a row's operation button scrolls the table a little: focus stays there.
  const button = rows.nth(10).getByRole('button');
  await button.focus();
  const name = await button.innerText();
  assert.ok((await scrollBy(region, 'tbody tr:not(.spacer)', 3, null)).moved, 'the table moved under the focused row');
  assert.equal(await page.evaluate(() => document.activeElement?.closest('tr') ? document.activeElement.innerText : null), name,
    'the focused button is still focused');
  assert.deepEqual(errors, []);
  await context.close();
});
