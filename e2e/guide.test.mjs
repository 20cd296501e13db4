// The Lab guide (issue 14): a learner walks the whole guide by visible names only and sees every
// step ticked by the page itself (the optional export step against the scriptable stub
// collector, through the page's same-origin /v1/traces); progress survives a reload; the first
// screen at 1280 and 390 px; the collapsible groups remember their state and open for a link.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appUnderTest, screenshot, openGroup } from './harness.mjs';
import { otlpProxy, startStubCollector } from './jaeger.mjs';

let proxyTarget = null;
const app = appUnderTest({ proxy: otlpProxy(() => proxyTarget) });

const guide = (page) => page.getByRole('region', { name: 'Lab guide' });
const step = (page, title) => guide(page).getByRole('listitem', { name: title, exact: true });
const traceView = (page) => page.getByRole('article', { name: /^Trace [0-9a-f]{32}$/ });
const progress = (page, text) => guide(page).getByText(text, { exact: true });

const TITLES = [
  'Send a request',
  'Find traces for service-a',
  'Open a trace and read the Gantt chart',
  'Name the bottleneck',
  'Challenge 1: a manual heavy_calc span',
  'Challenge 2: random 500s',
  'Context propagation',
  'Sampling',
  'Optional: export to Jaeger',
];

/** Waits until the page ticks the step. */
async function ticked(page, title) {
  await step(page, title).getByRole('img', { name: 'Done', exact: true }).waitFor();
}

/** Waits until the page shows one part of a step as seen (its checklist line). */
async function seen(page, title, part) {
  await step(page, title).getByRole('listitem').filter({ hasText: `${part} (seen)` }).waitFor();
}

/** Presses Send request and waits for the status line of request number `n`. */
async function send(page, n, pattern = '') {
  await page.getByRole('button', { name: 'Send request' }).click();
  await page.getByRole('status').filter({ hasText: new RegExp(`Request #${n}:${pattern}`) }).waitFor();
}

/** Opens the newest trace the search lists (of those through service-b, with `through`). */
async function openFirstResult(page, through) {
  const results = page.getByRole('list', { name: 'Search results' }).getByRole('listitem');
  const result = through ? results.filter({ hasText: through }) : results;
  await result.first().getByRole('button').click();
  await traceView(page).waitFor();
}

/** Answers a question of a step: its form by name, then Check. */
async function check(page, title, form) {
  await step(page, title).getByRole('form', { name: form }).getByRole('button', { name: 'Check' }).click();
}

test('a learner walks the whole lab guide and the page ticks every step', async () => {
  const stub = await startStubCollector();
  proxyTarget = stub.url;
  const { page, errors, context } = await app.open('seed=2024');
  assert.equal(await guide(page).getByRole('button', { name: 'Lab guide' }).getAttribute('aria-expanded'), 'true', 'open on a first visit');
  await progress(page, '0 of 9 steps done').waitFor();

  // 1. Send a request (real-time playback, as a first visit has it). Its trace opens: step 3 too.
  await send(page, 0);
  await traceView(page).waitFor();
  await ticked(page, 'Send a request');
  await ticked(page, 'Open a trace and read the Gantt chart');

  // 2. Find traces for service-a.
  await page.getByRole('button', { name: 'Find traces' }).click();
  await page.getByRole('combobox', { name: 'Service', exact: true }).selectOption('service-a');
  await ticked(page, 'Find traces for service-a');

  // 3. Open a trace from the results.
  await openFirstResult(page);

  // 4. Name the bottleneck: a wrong pick is explained, the right one ticks the step.
  const bottleneck = step(page, 'Name the bottleneck');
  const pick = bottleneck.getByRole('combobox', { name: 'Which service is the bottleneck?' });
  await pick.selectOption('service-a');
  await check(page, 'Name the bottleneck', 'Name the bottleneck');
  await bottleneck.getByText(/^Not this time: service-a's own work was/).waitFor();
  await pick.selectOption('service-b');
  await check(page, 'Name the bottleneck', 'Name the bottleneck');
  await bottleneck.getByText(/^Right: service-b took [\d.]+ of [\d.]+ ms of this request's critical path/).waitFor();
  await ticked(page, 'Name the bottleneck');

  // 5. Challenge 1: the step opens Lab settings for the switch, and says where the span sits.
  const challenge1 = step(page, 'Challenge 1: a manual heavy_calc span');
  await challenge1.getByRole('button', { name: 'Open Lab settings' }).click();
  await page.getByRole('checkbox', { name: 'heavy_calc span (Challenge 1)' }).check();
  await send(page, 1, ' 4 spans');
  await ticked(page, 'Challenge 1: a manual heavy_calc span');
  assert.match(await challenge1.innerText(),
    /heavy_calc is an internal span of service-b, a child of service-b's server span GET \/data, made by the tracer named __main__\./);

  // 6. Challenge 2: random 500s, an error trace found with Errors only, the two questions.
  const challenge2 = step(page, 'Challenge 2: random 500s');
  await page.getByRole('checkbox', { name: 'Random 500s (Challenge 2)' }).check();
  await page.getByRole('spinbutton', { name: 'Error rate' }).fill('100');
  await page.waitForURL(/error_rate=100/);
  await send(page, 2);
  await page.getByRole('button', { name: 'Find traces' }).click();
  await page.getByRole('checkbox', { name: 'Errors only' }).check();
  await openFirstResult(page);
  await seen(page, 'Challenge 2: random 500s', 'An error trace found with Errors only is open');
  await challenge2.getByRole('checkbox', { name: 'service-b: GET /data (server)', exact: true }).check();
  await check(page, 'Challenge 2: random 500s', 'Which spans are red?');
  await challenge2.getByText(/^Not quite\. Also red: service-a: GET \(client\)\./).waitFor();
  await challenge2.getByRole('checkbox', { name: 'service-a: GET (client)', exact: true }).check();
  await check(page, 'Challenge 2: random 500s', 'Which spans are red?');
  await challenge2.getByText(/^Right: /).waitFor();
  await challenge2.getByRole('radio', { name: /^A answered 200 itself/ }).check();
  await check(page, 'Challenge 2: random 500s', "Why does A's server span still say 200?");
  await challenge2.getByText(/^Right: requests\.get does not raise on a 500/).waitFor();
  await ticked(page, 'Challenge 2: random 500s');

  // 7. Context propagation: B's server span shows the traceparent it received, decoded; then
  // with propagation off one request makes two traces.
  await traceView(page).getByRole('row').filter({ hasText: 'GET /data' }).click();
  await page.getByRole('region', { name: /^Span: service-b GET \/data$/ }).waitFor();
  await seen(page, 'Context propagation', 'Decoded the traceparent B received');
  await page.getByRole('checkbox', { name: 'Propagate context' }).uncheck();
  await send(page, 3, ' .* 2 separate traces');
  await ticked(page, 'Context propagation');

  // 8. Sampling: the step warns that propagation is off; 20 requests at 0.5 through Run load.
  const sampling = step(page, 'Sampling');
  await sampling.getByText(/^Propagate context is off/).waitFor();
  await page.getByRole('checkbox', { name: 'Propagate context' }).check();
  await page.getByRole('combobox', { name: 'Sampler' }).selectOption('parentbased_traceidratio');
  await page.getByRole('spinbutton', { name: 'Sampling ratio' }).fill('0.5');
  await page.waitForURL(/sampling_ratio=0\.5/);
  await sampling.getByRole('button', { name: 'Open Load' }).click();
  await page.getByRole('spinbutton', { name: 'Requests', exact: true }).fill('20');
  await page.getByRole('button', { name: 'Run load' }).click();
  await page.getByRole('status').filter({ hasText: 'Ran 20 requests' }).waitFor();
  const tally = await sampling.getByText(/^Under parentbased_traceidratio at 0\.5: \d+ of 20 requests kept/).innerText();
  const kept = Number(tally.match(/: (\d+) of 20/)[1]);
  assert.ok(kept >= 4 && kept <= 16, `about half kept: ${tally}`);
  await seen(page, 'Sampling', '20 requests at ratio 0.5, about half kept');
  // The run is placed to end now, so step 7's split traces may list first: open a whole one.
  await openFirstResult(page, 'service-b');
  await ticked(page, 'Sampling');

  // 9. Optional: export to the collector (here the stub, behind the page's /v1/traces).
  await step(page, 'Optional: export to Jaeger').getByRole('button', { name: 'Open Export' }).click();
  assert.equal(await page.getByLabel('OTLP endpoint').inputValue(), '/v1/traces');
  await page.getByRole('button', { name: 'Export to Jaeger' }).click();
  await page.getByRole('status', { name: 'Export status' }).filter({ hasText: /^Exported \d+ spans/ }).waitFor();
  await ticked(page, 'Optional: export to Jaeger');
  assert.ok(stub.accepted.size > 0, 'the collector got the spans');

  await progress(page, '9 of 9 steps done').waitFor();
  for (const title of TITLES) {
    assert.equal(await step(page, title).getByRole('img', { name: 'Done', exact: true }).count(), 1, `${title} is ticked`);
  }
  await guide(page).getByText(/^Every step is done\./).waitFor();
  await screenshot(page, 'guide-all-done-1280');
  assert.deepEqual(errors, []);
  await context.close();
  await stub.close();
  proxyTarget = null;
});

test('progress is kept over a reload, skips included; Start over forgets it', async () => {
  const { page, errors, context } = await app.open('seed=77&playback=instant');
  await send(page, 0);
  await page.getByRole('button', { name: 'Find traces' }).click();
  await page.getByRole('combobox', { name: 'Service', exact: true }).selectOption('service-a');
  await ticked(page, 'Find traces for service-a');
  await step(page, 'Name the bottleneck').getByRole('button', { name: 'Skip' }).click();
  await progress(page, '3 of 9 steps done, 1 skipped').waitFor();
  // The skipped step stays open without blocking the next one, which is now the current step.
  await step(page, 'Challenge 1: a manual heavy_calc span').getByRole('button', { name: 'Show the lab\'s code' }).waitFor();

  await page.reload();
  await page.getByRole('button', { name: 'Send request' }).waitFor();
  await progress(page, '3 of 9 steps done, 1 skipped').waitFor();
  for (const title of TITLES.slice(0, 3)) {
    assert.equal(await step(page, title).getByRole('img', { name: 'Done', exact: true }).count(), 1, `${title} kept`);
  }
  assert.equal(await step(page, 'Name the bottleneck').getByRole('img', { name: 'Skipped', exact: true }).count(), 1);
  const heavy = step(page, 'Challenge 1: a manual heavy_calc span');
  await heavy.getByRole('button', { name: 'Show the lab\'s code' }).click();
  assert.match(await heavy.getByRole('figure').innerText(), /@app\.route\("\/data"\)[\s\S]*with tracer\.start_as_current_span\("heavy_calc"\)/);

  // A skipped step can be shown, un-skipped, and is the current step again.
  const bottleneck = step(page, 'Name the bottleneck');
  await bottleneck.getByRole('button', { name: 'Show step 4' }).click();
  await bottleneck.getByRole('button', { name: 'Undo skip' }).click();
  await progress(page, '3 of 9 steps done').waitFor();
  assert.equal(await bottleneck.getByRole('img', { name: 'To do', exact: true }).count(), 1);

  // The panel's open state is remembered too.
  await guide(page).getByRole('button', { name: 'Lab guide' }).click();
  await page.reload();
  await page.getByRole('button', { name: 'Send request' }).waitFor();
  assert.equal(await guide(page).getByRole('button', { name: 'Lab guide' }).getAttribute('aria-expanded'), 'false');
  assert.equal(await guide(page).getByRole('listitem').count(), 0, 'the steps are hidden');
  await progress(page, '3 of 9 steps done').waitFor();
  await guide(page).getByRole('button', { name: 'Lab guide' }).click();

  await guide(page).getByRole('button', { name: 'Start over' }).click();
  await progress(page, '0 of 9 steps done').waitFor();
  await page.getByRole('status').filter({ hasText: 'Started the guide over' }).waitFor();
  assert.equal(await step(page, 'Name the bottleneck').getByRole('img', { name: 'To do', exact: true }).count(), 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the first visit: guide, Send request and the trace first, at 1280 and 390 px', async () => {
  const wide = await app.open('seed=31');
  await guide(wide.page).getByRole('listitem', { name: 'Send a request', exact: true }).waitFor();
  const send1280 = await wide.page.getByRole('button', { name: 'Send request' }).boundingBox();
  const guide1280 = await guide(wide.page).boundingBox();
  assert.ok(send1280.y + send1280.height < 800 && guide1280.y < 800, 'both on the first screen');
  for (const name of ['Lab settings', 'Load', 'Export']) {
    assert.equal(await wide.page.getByRole('button', { name, exact: true }).getAttribute('aria-expanded'), 'false', `${name} starts closed`);
  }
  await screenshot(wide.page, 'guide-first-visit-1280');
  assert.deepEqual(wide.errors, []);
  await wide.context.close();

  const narrow = await app.open('seed=31', { viewport: { width: 390, height: 800 } });
  const { page } = narrow;
  await screenshot(page, 'guide-first-visit-390');
  const top = async (locator) => (await locator.boundingBox()).y;
  assert.ok(await top(page.getByRole('button', { name: 'Send request' })) < 800, 'Send request on the first screen');
  assert.ok(await top(guide(page)) < 800, 'the guide on the first screen');
  await send(page, 0);
  await traceView(page).waitFor();
  const guideTop = await top(guide(page));
  const traceTop = await top(traceView(page));
  const groupsTop = await top(page.getByRole('region', { name: 'Lab settings' }));
  assert.ok(guideTop < traceTop, `the guide (${guideTop}) before the trace (${traceTop})`);
  assert.ok(traceTop < groupsTop, `the trace (${traceTop}) before the groups (${groupsTop})`);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no sideways scroll: ${width} px`);
  await screenshot(page, 'guide-first-request-390');
  assert.deepEqual(narrow.errors, []);
  await narrow.context.close();
});

test('groups remember whether they were open, and a link opens the group it changes', async () => {
  const { page, errors, context } = await app.open('seed=5');
  const heavy = page.getByRole('checkbox', { name: 'heavy_calc span (Challenge 1)' });
  assert.equal(await heavy.count(), 0, 'Lab settings starts closed');
  await openGroup(page, 'Lab settings');
  await heavy.waitFor();
  await openGroup(page, 'Export');
  await page.getByRole('button', { name: 'Export to Jaeger' }).waitFor();
  await page.reload();
  await heavy.waitFor();
  await page.getByRole('button', { name: 'Export to Jaeger' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Run load' }).count(), 0, 'Load stays closed');
  await page.getByRole('button', { name: 'Lab settings', exact: true }).click();
  await page.reload();
  await page.getByRole('button', { name: 'Send request' }).waitFor();
  assert.equal(await heavy.count(), 0, 'closed again');
  await context.close();

  // A fresh visitor with a link that changes Requests and a lab switch sees both groups open.
  const linked = await app.open('seed=5&requests=40&heavy_calc=1');
  assert.equal(await linked.page.getByRole('checkbox', { name: 'heavy_calc span (Challenge 1)' }).isChecked(), true);
  assert.equal(await linked.page.getByRole('spinbutton', { name: 'Requests', exact: true }).inputValue(), '40');
  assert.equal(await linked.page.getByRole('button', { name: 'Export', exact: true }).getAttribute('aria-expanded'), 'false');
  assert.deepEqual([...errors, ...linked.errors], []);
  await linked.context.close();
});

test('the Ten services preset brings its own guide, ticked the same way', async () => {
  const { page, errors, context } = await app.open('seed=6&playback=instant');
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Scenario', exact: true }).click();
  await page.getByRole('button', { name: 'Load preset: Ten services' }).click();
  await guide(page).getByRole('heading', { name: 'Ten services: which one is to blame?' }).waitFor();
  await progress(page, '0 of 3 steps done').waitFor();
  await page.getByRole('region', { name: 'Requests', exact: true }).getByRole('button', { name: 'Send request' }).click();
  await traceView(page).waitFor();
  await ticked(page, 'Send a request through ten services');
  const verdict = await page.getByRole('region', { name: 'Bottleneck verdict' }).innerText();
  const culprit = verdict.match(/^(\S+) accounts for/)?.[1];
  assert.ok(culprit, verdict);
  const blame = step(page, 'Which service is to blame?');
  await blame.getByRole('combobox', { name: 'Which service is the bottleneck?' }).selectOption(culprit);
  await check(page, 'Which service is to blame?', 'Name the bottleneck');
  await blame.getByText(new RegExp(`^Right: ${culprit} took`)).waitFor();
  await ticked(page, 'Which service is to blame?');
  await screenshot(page, 'guide-ten-services-1280');
  await page.reload();
  await progress(page, '2 of 3 steps done').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});
