// The Scenario tab (issue 12), as a learner uses it: a broken line shows its message at that
// line and the last valid scenario keeps running; the fix runs; every preset states its
// lesson; a link with a written scenario gives the same traces in a fresh browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appUnderTest, screenshot } from './harness.mjs';
import { eventually, traceCount } from './jaeger.mjs';

const app = appUnderTest();

const editorRegion = (page) => page.getByRole('region', { name: 'Scenario', exact: true });
const textbox = (page) => page.getByRole('textbox', { name: 'Scenario', exact: true });
const running = (page) => page.getByRole('region', { name: 'Running scenario' });

async function openScenarioTab(page) {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Scenario', exact: true }).click();
  await textbox(page).waitFor();
}

/** The trace id the trace page shows. */
async function shownTraceId(page) {
  const id = page.locator('.trace-id code');
  await id.waitFor();
  return id.innerText();
}

test('a broken line shows its message at that line; the fix runs', async () => {
  const { page, errors, context } = await app.open('playback=instant');
  await openScenarioTab(page);
  await running(page).getByText('Running: The lab').waitFor();
  const lab = await textbox(page).inputValue();
  const lines = lab.split('\n');
  const broken = lines.findIndex((l) => l.startsWith('network_delay:')) + 1;
  lines[broken - 1] = 'network_dleay: 2ms';
  await textbox(page).fill(lines.join('\n'));

  const problem = page.getByRole('list', { name: 'Problems' }).getByRole('button').first();
  await problem.waitFor();
  const message = await problem.innerText();
  assert.match(message, new RegExp(`^line ${broken}, column 1: `), message);
  assert.match(message, /network_delay/, 'the nearest known key is suggested');
  // The last valid scenario keeps running.
  await running(page).getByText('Running: The lab').waitFor();
  // The message selects its line.
  await problem.click();
  const selected = await textbox(page).evaluate((t) => t.value.slice(t.selectionStart, t.selectionEnd));
  assert.equal(selected, 'network_dleay: 2ms');
  await screenshot(page, 'scenario-broken-line');

  // Fix it (and make it our own), then Run with the scenario's traffic.
  lines[broken - 1] = 'network_delay: 2ms';
  lines[lines.findIndex((l) => l.startsWith('title:'))] = 'title: My two services';
  await textbox(page).fill(lines.join('\n'));
  await page.getByText('No problems: this scenario runs.').waitFor();
  await running(page).getByText('Running: My two services').waitFor();
  await editorRegion(page).getByRole('button', { name: 'Run', exact: true }).click();
  await eventually(async () => (await traceCount(page)) >= 1, { what: 'the run to land' });
  await page.getByRole('status').filter({ hasText: /^Ran 1 requests/ }).waitFor();
  await context.close();
  assert.deepEqual(errors, []);
});

test('each preset loads and states its lesson', async () => {
  const { page, errors, context } = await app.open('playback=instant');
  await openScenarioTab(page);
  const presets = page.getByRole('list').filter({ has: page.getByRole('button', { name: /^Load preset: / }) }).getByRole('listitem');
  const count = await presets.count();
  assert.equal(count, 7, 'seven presets');
  for (let i = 0; i < count; i += 1) {
    const item = presets.nth(i);
    const title = await item.getByRole('button').innerText();
    const lesson = await item.locator('.hint').innerText();
    assert.ok(lesson.length > 20, `${title} has a lesson`);
    await item.getByRole('button').click();
    await running(page).getByText(`Running: ${title}`, { exact: true }).waitFor();
    await running(page).getByText(lesson, { exact: true }).waitFor();
    assert.equal(await item.getByRole('button').getAttribute('aria-pressed'), 'true');
  }
  // A preset is linked by its id.
  await eventually(async () => page.url().includes('scenario=incident'), { what: 'the preset id in the link' });
  await context.close();
  assert.deepEqual(errors, []);
});

test('a shared link with a written scenario gives the same traces in a fresh browser', async () => {
  const { page, errors, context } = await app.open('playback=instant&seed=4242');
  await openScenarioTab(page);
  await page.getByRole('button', { name: 'Load preset: Ten services' }).click();
  await running(page).getByText('Running: Ten services').waitFor();
  const text = (await textbox(page).inputValue()).replace(/^title: .*$/m, 'title: My checkout');
  await textbox(page).fill(text);
  await running(page).getByText('Running: My checkout').waitFor();
  await eventually(async () => page.url().includes('scenario=z.'), { what: 'the scenario in the link' });
  const link = page.url();

  const ids = async (p) => {
    const out = [];
    await openScenarioTab(p);
    for (let i = 0; i < 2; i += 1) {
      await editorRegion(p).getByRole('button', { name: 'Send request' }).click();
      await eventually(async () => (await traceCount(p)) >= i + 1, { what: `trace ${i + 1}` });
      out.push(await shownTraceId(p));
      await openScenarioTab(p);
    }
    return out;
  };
  const first = await ids(page);
  await context.close();

  const fresh = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const again = await fresh.newPage();
  const freshErrors = [];
  again.on('pageerror', (e) => freshErrors.push(String(e)));
  await again.goto(link);
  await again.getByRole('button', { name: 'Send request' }).waitFor();
  await openScenarioTab(again);
  await running(again).getByText('Running: My checkout').waitFor();
  assert.equal(await textbox(again).inputValue(), text, 'the same text');
  const second = await ids(again);
  assert.deepEqual(second, first, 'the same trace ids');
  assert.equal(new Set(first).size, 2);
  // The trace comes from the scenario: ten services, pricing among them.
  await again.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Trace', exact: true }).click();
  await again.getByRole('list', { name: 'Services' }).getByText(/^pricing /).first().waitFor();
  await screenshot(again, 'scenario-shared-link');
  await fresh.close();
  assert.deepEqual(errors, []);
  assert.deepEqual(freshErrors, []);
});
