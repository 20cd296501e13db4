// Scenario lessons a learner does (issue 12): the broken-propagation preset splits a request in
// two traces and the one-line fix makes one; the ten-services preset's verdict names the slow
// service; a written scenario survives a reload and Reset to the lab forgets it; the Workers
// fields are the running scenario's services, and setting one shows up in the Scenario text.
// (e2e/scenario.test.mjs covers broken lines, each preset's lesson and shared links.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appUnderTest, openGroup, screenshot } from './harness.mjs';
import { eventually, traceCount } from './jaeger.mjs';

const app = appUnderTest();

const textbox = (page) => page.getByRole('textbox', { name: 'Scenario', exact: true });
const running = (page) => page.getByRole('region', { name: 'Running scenario' });
const editor = (page) => page.getByRole('region', { name: 'Scenario', exact: true });
const views = (page) => page.getByRole('navigation', { name: 'Views' });
const workers = (page) => page.getByRole('group', { name: 'Workers' });

async function openScenarioTab(page) {
  await views(page).getByRole('button', { name: 'Scenario', exact: true }).click();
  await textbox(page).waitFor();
}

async function loadPreset(page, title) {
  await openScenarioTab(page);
  await page.getByRole('button', { name: `Load preset: ${title}` }).click();
  await running(page).getByText(`Running: ${title}`, { exact: true }).waitFor();
}

/** Send request from the Scenario tab; waits for `traces` new traces (one request may make more). */
async function sendFromEditor(page, traces = 1) {
  await openScenarioTab(page);
  const expected = (await traceCount(page)) + traces;
  await editor(page).getByRole('button', { name: 'Send request' }).click();
  await eventually(async () => (await traceCount(page)) === expected, { what: `${expected} traces` });
}

async function searchSummary(page) {
  await views(page).getByRole('button', { name: 'Find traces', exact: true }).click();
  return page.getByText(/ traces? match; showing /).innerText();
}

/** Service names on the open trace's header ("pricing 1" chips). */
async function traceServices(page) {
  await views(page).getByRole('button', { name: 'Trace', exact: true }).click();
  const chips = page.getByRole('list', { name: 'Services' }).first().getByRole('listitem');
  await chips.first().waitFor();
  return (await chips.allInnerTexts()).map((t) => t.replace(/\s+\d+$/, '')).sort();
}

test('broken propagation: one request makes two traces; the one-line fix makes one', async () => {
  const { page, errors, context } = await app.open('playback=instant&seed=12');
  await loadPreset(page, 'Broken propagation');
  await sendFromEditor(page, 2);
  assert.match(await searchSummary(page), /^2 of 2 traces match; showing 2\./);
  const roots = await page.getByRole('list', { name: 'Search results' }).locator('.result-title').allInnerTexts();
  assert.deepEqual(roots.map((r) => r.split(':')[0]).sort(), ['frontend', 'orders'], 'the second trace is rooted at orders');

  // The line the lesson names: the middle service's propagators.
  await openScenarioTab(page);
  const text = await textbox(page).inputValue();
  assert.match(text, /^ {4}propagators: \[b3\]$/m);
  await textbox(page).fill(text.replace(/^ {4}propagators: \[b3\]$/m, '    propagators: [tracecontext, baggage]'));
  await page.getByText('No problems: this scenario runs.').waitFor();
  await sendFromEditor(page, 1);
  assert.match(await searchSummary(page), /^3 of 3 traces match; showing 3\./, 'one new trace');
  await views(page).getByRole('button', { name: 'Trace', exact: true }).click();
  assert.deepEqual(await traceServices(page), ['frontend', 'inventory', 'orders'], 'the whole request in one trace');
  await screenshot(page, 'scenario-lessons-propagation-fixed');
  await context.close();
  assert.deepEqual(errors, []);
});

test('ten services: after a run, the verdict names the slow service', async () => {
  const { page, errors, context } = await app.open('playback=instant&seed=21');
  await loadPreset(page, 'Ten services');
  await editor(page).getByRole('button', { name: 'Run', exact: true }).click();
  await page.getByRole('status').filter({ hasText: /^Ran 50 requests/ }).waitFor({ timeout: 30_000 });
  assert.equal(await traceCount(page), 50);
  // Two traces of the run, each blaming pricing (the preset's slow service).
  await views(page).getByRole('button', { name: 'Find traces', exact: true }).click();
  const results = page.getByRole('list', { name: 'Search results' }).getByRole('listitem');
  for (const index of [0, 10]) {
    await views(page).getByRole('button', { name: 'Find traces', exact: true }).click();
    await results.nth(index).getByRole('button', { name: /gateway/ }).click();
    const verdict = page.getByRole('region', { name: 'Bottleneck verdict' });
    await verdict.waitFor();
    assert.match(await verdict.innerText(), /^pricing accounts for/, `trace ${index}`);
  }
  await screenshot(page, 'scenario-lessons-ten-services-verdict');
  await context.close();
  assert.deepEqual(errors, []);
});

test('a written scenario survives a reload; Reset to the lab forgets it', async () => {
  const { page, errors, context } = await app.open('playback=instant&seed=31');
  await openScenarioTab(page);
  const mine = (await textbox(page).inputValue())
    .replace(/^title: .*$/m, 'title: Kept across reloads')
    .replace('  - name: service-a\n', '  - name: storefront\n');
  await textbox(page).fill(mine);
  await running(page).getByText('Running: Kept across reloads').waitFor();
  await eventually(async () => page.evaluate(() => localStorage.getItem('trace-playground.scenario') !== null),
    { what: 'the scenario to be kept' });

  await page.reload();
  await openScenarioTab(page);
  await running(page).getByText('Running: Kept across reloads').waitFor();
  assert.equal(await textbox(page).inputValue(), mine, 'the same text');
  await sendFromEditor(page);
  assert.deepEqual(await traceServices(page), ['service-b', 'storefront'], 'the run uses it');

  // A shared link that names no scenario (a seed only) shows the lab, as it does in every
  // browser, and says the kept scenario is still there.
  await page.goto(page.url().replace(/\?.*$/, '?seed=31&playback=instant'));
  await page.getByText('This link names no scenario, so the lab runs. Your scenario from the last visit (Kept across reloads) stays kept').waitFor();
  await openScenarioTab(page);
  await running(page).getByText('Running: The lab', { exact: true }).waitFor();
  // Reset to the lab, pressed while the lab runs, forgets the scenario kept from before too.
  await editor(page).getByRole('button', { name: 'Reset to the lab' }).click();
  await eventually(async () => page.evaluate(() => localStorage.getItem('trace-playground.scenario') === null),
    { what: 'Reset to the lab to forget the kept scenario while the lab runs' });
  // Back to the page's own link, which names the scenario: it runs again.
  await page.goBack();
  await openScenarioTab(page);
  await running(page).getByText('Running: Kept across reloads').waitFor();

  await editor(page).getByRole('button', { name: 'Reset to the lab' }).click();
  await running(page).getByText('Running: The lab', { exact: true }).waitFor();
  await eventually(async () => page.evaluate(() => localStorage.getItem('trace-playground.scenario') === null),
    { what: 'the kept scenario to be forgotten' });
  await page.reload();
  await openScenarioTab(page);
  await running(page).getByText('Running: The lab', { exact: true }).waitFor();
  await page.goto(page.url().replace(/\?.*$/, '?seed=31&playback=instant'));
  await openScenarioTab(page);
  await running(page).getByText('Running: The lab', { exact: true }).waitFor();
  assert.equal(await page.getByText(/is back: /).count(), 0);
  await sendFromEditor(page);
  assert.deepEqual(await traceServices(page), ['service-a', 'service-b'], 'the lab runs');
  await context.close();
  assert.deepEqual(errors, []);
});

test('the Workers fields are the scenario\'s services; setting one writes it in the text', async () => {
  const { page, errors, context } = await app.open('playback=instant&seed=41');
  await openGroup(page, 'Load');
  // The lab: its three fields, as links and tests know them.
  const names = async () => (await workers(page).locator('label').allInnerTexts()).sort();
  assert.deepEqual(await names(), ['db', 'service-a', 'service-b']);
  await loadPreset(page, 'Ten services');
  assert.deepEqual(await names(), ['cart', 'catalog', 'fraud', 'frontend', 'gateway', 'inventory',
    'notification', 'payment', 'pricing', 'shipping']);
  await workers(page).getByRole('textbox', { name: 'payment', exact: true }).fill('2');
  await eventually(async () => /^ {2}- name: payment\n {4}workers: 2\n/m.test(await textbox(page).inputValue()),
    { what: 'the limit in the Scenario text' });
  await running(page).getByText('Running: Ten services').waitFor();
  await eventually(async () => page.url().includes('scenario=z.'), { what: 'the edited scenario in the link' });
  // The text and the field agree the other way too: an edit of the text moves the field.
  const text = await textbox(page).inputValue();
  await textbox(page).fill(text.replace(/^( {4}workers: )2$/m, (_, key) => `${key}7`));
  await eventually(async () => (await workers(page).getByRole('textbox', { name: 'payment', exact: true }).inputValue()) === '7',
    { what: 'the field to follow the text' });
  await screenshot(page, 'scenario-lessons-workers');
  // A broken text leaves the fields read-only until it is fixed.
  await textbox(page).fill(text.replace('title:', 'titel:'));
  await page.getByRole('list', { name: 'Problems' }).waitFor();
  assert.equal(await workers(page).getByRole('textbox', { name: 'payment', exact: true }).isDisabled(), true);
  await editor(page).getByRole('button', { name: 'Reset to the lab' }).click();
  assert.deepEqual(await names(), ['db', 'service-a', 'service-b']);
  await context.close();
  assert.deepEqual(errors, []);
});

test('storage full: the scenario cannot be kept, the page says so and keeps working', async () => {
  const { page, context } = await app.open('playback=instant&seed=51');
  // Fill this origin's localStorage to the brim.
  await page.evaluate(() => {
    let size = 1 << 20;
    let i = 0;
    while (size >= 16) {
      try {
        localStorage.setItem(`fill-${i}`, 'x'.repeat(size));
        i += 1;
      } catch {
        size = Math.floor(size / 2);
      }
    }
  });
  await openScenarioTab(page);
  const mine = (await textbox(page).inputValue()).replace(/^title: .*$/m, 'title: Too full to keep');
  await textbox(page).fill(mine);
  await page.getByText(/^Browser storage is full: the scenario \(\d+\.\d MB\) could not be saved for the next visit\./).waitFor();
  await running(page).getByText('Running: Too full to keep').waitFor();
  await sendFromEditor(page);
  assert.equal(await page.evaluate(() => localStorage.getItem('trace-playground.scenario')), null, 'nothing half-kept');
  await page.evaluate(() => localStorage.clear());
  await context.close();
});
