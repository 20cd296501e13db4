// Load and queueing (issue 7): arrival patterns and worker limits set through the Load
// controls, queueing visible in the latency panel and in a trace (the queued event on B's
// server span, the gap after A's client span), the percentile panel, the latency-vs-load
// chart, a 10,004-span fan-out trace against a small store cap, and the narrow layout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appUnderTest, openGroup, screenshot } from './harness.mjs';

const app = appUnderTest();

const open = (query, options) => app.open(query, options);

const UNITS = { ns: 1, 'µs': 1e3, ms: 1e6, s: 1e9 };

/** "370 ms" → 370e6 nanoseconds. */
function nanos(text) {
  const m = text.trim().match(/^([\d.]+) (ns|µs|ms|s)$/);
  assert.ok(m, `a duration: ${JSON.stringify(text)}`);
  return Number(m[1]) * UNITS[m[2]];
}

/** A table's body rows as { head, cells } (text), by the table's accessible name. */
async function tableRows(page, name) {
  const table = page.getByRole('table', { name });
  await table.waitFor();
  return table.locator('tbody tr').evaluateAll((rows) =>
    rows.map((r) => ({
      head: r.querySelector('th').innerText.trim(),
      cells: [...r.querySelectorAll('td')].map((td) => td.innerText.trim()),
    })),
  );
}

async function runLoad(page, requests) {
  await page.getByRole('button', { name: 'Run load' }).click();
  await page.getByRole('status').filter({ hasText: `Ran ${requests} requests` }).waitFor();
}

const traceView = (page) => page.getByRole('article', { name: /^Trace [0-9a-f]{32}$/ });

/** The Gantt row of a span, by service and exact name. */
function ganttRow(page, service, name) {
  return traceView(page)
    .getByRole('row')
    .filter({ has: page.locator('.svc', { hasText: new RegExp(`^${service}$`) }) })
    .filter({ has: page.locator('.op', { hasText: new RegExp(`^${name.replace('/', '\\/')}$`) }) });
}

test('one worker for service-b at 8 req/s queues requests: in the panel and in a trace', async () => {
  const { page, errors, context } = await open('seed=41&playback=instant');
  await openGroup(page, 'Load');
  await page.getByRole('combobox', { name: 'Arrival pattern' }).selectOption({ label: 'constant rate' });
  await page.getByRole('spinbutton', { name: 'Rate (req/s)' }).fill('8');
  await page.getByRole('group', { name: 'Workers' }).getByRole('textbox', { name: 'service-b' }).fill('1');
  await page.getByRole('spinbutton', { name: 'Requests', exact: true }).fill('40');
  await page.waitForFunction(() => /workers_b=1/.test(location.search) && /arrival=constant/.test(location.search));
  assert.match(page.url(), /rate=8\b/);
  await runLoad(page, 40);

  await page.getByRole('button', { name: 'Latency' }).click();
  const queues = await tableRows(page, 'Queue wait per service');
  const b = queues.find((r) => r.head.startsWith('service-b'));
  const a = queues.find((r) => r.head.startsWith('service-a'));
  // Waited, Mean wait, p95 wait, Max wait, Mean queue.
  assert.ok(nanos(b.cells[1]) > 0, `service-b mean wait ${b.cells[1]}`);
  assert.ok(nanos(b.cells[3]) >= nanos(b.cells[1]), 'max wait at least the mean');
  assert.match(b.cells[0], /^\d+ \(\d+ %\)$/);
  assert.ok(Number(b.cells[4]) > 1, `service-b queue length ${b.cells[4]}`);
  assert.equal(nanos(a.cells[3]), 0, 'service-a has unlimited workers: nobody waits there');
  assert.match(await page.locator('.run-line').innerText(), /constant, 8 req\/s · workers service-a ∞ · service-b 1 · 40 of 40 requests/);
  await screenshot(page, 'load-latency-queue-1280');

  // The slowest trace waited longest at B: its server span carries the queued event.
  await page.getByRole('button', { name: 'Find traces' }).click();
  await page.getByRole('combobox', { name: 'Sort by' }).selectOption({ label: 'Longest first' });
  await page.getByRole('list', { name: 'Search results' }).getByRole('listitem').first().getByRole('button').click();
  const bServer = ganttRow(page, 'service-b', 'GET /data');
  const aClient = ganttRow(page, 'service-a', 'GET');
  await bServer.waitFor();
  const queued = bServer.locator('.bar.queued');
  await assert.doesNotReject(queued.waitFor(), 'the wait is drawn in front of the span');
  const bBar = await bServer.locator('.bar:not(.queued)').boundingBox();
  const aBar = await aClient.locator('.bar').boundingBox();
  const waitBar = await queued.boundingBox();
  assert.ok(bBar.x - aBar.x > 100, `B's server span starts well after A's client span (${bBar.x - aBar.x} px)`);
  assert.ok(waitBar.width > 50, `the wait is visible (${waitBar.width} px)`);
  assert.ok(Math.abs(waitBar.x + waitBar.width - bBar.x) < 3, 'the wait ends where the span starts');

  const note = page.getByRole('region', { name: 'Queueing' });
  assert.match(await note.innerText(), /^Queued: service-b GET \/data waited [\d.]+ s for a free worker before it started \(\d+ requests ahead of it\)/);
  await note.getByRole('button', { name: 'Show the span that waited' }).click();
  const detail = page.getByRole('region', { name: /^Span: service-b GET \/data$/ });
  await detail.waitFor();
  const events = detail.locator('.events li');
  assert.match(await events.first().innerText(), /^queued at \+0 ns/);
  const attrs = await events.first().getByRole('table', { name: 'Event attributes' }).innerText();
  const wait = Number(attrs.match(/playground\.queue\.wait_ns\s+(\d+)/)[1]);
  assert.ok(wait > 1e9, `waited more than a second (${wait} ns)`);
  assert.match(attrs, /playground\.queue\.length\s+\d+/);
  await screenshot(page, 'load-trace-queued-1280');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the percentile panel: p50 ≤ p95 ≤ p99 ≤ max everywhere, and two runs draw the load chart', async () => {
  const { page, errors, context } = await open('seed=42&playback=instant&arrival=poisson&rate=2&workers_b=2&requests=150&slo_ms=400');
  await runLoad(page, 150);
  await page.getByRole('spinbutton', { name: 'Rate (req/s)' }).fill('9');
  await runLoad(page, 150);
  await page.getByRole('button', { name: 'Latency' }).click();

  const rows = await tableRows(page, 'Latency percentiles');
  assert.deepEqual(rows.map((r) => r.head.replace(/\s+/g, ' ')), ['All requests (end to end)', 'service-a GET /', 'service-b GET /data']);
  for (const { head, cells } of rows) {
    // Calls, p50, p95, p99, max, Errors.
    const [p50, p95, p99, max] = cells.slice(1, 5).map(nanos);
    assert.ok(p50 > 0 && p50 <= p95 && p95 <= p99 && p99 <= max, `${head}: ${cells.join(' | ')}`);
    assert.equal(cells[0], '150');
  }
  const facts = await page.locator('.latency-facts').innerText();
  assert.match(facts, /REQUESTS\s+150/i);
  assert.match(facts, /OVER SLO \(400 ms\)\s+\d+ \([\d.]+ %\)/i);
  assert.match(facts, /THROUGHPUT\s+[\d.]+ req\/s/i);
  await page.getByRole('img', { name: 'Histogram of 150 request durations' }).waitFor();

  // Two runs, one point per percentile each; the faster run sits right of the slower one.
  const runs = await tableRows(page, 'Load runs');
  assert.equal(runs.length, 2);
  assert.match(runs[0].head, /^#2 Poisson, 9 req\/s · workers service-a ∞ · service-b 2/);
  assert.match(runs[1].head, /^#1 Poisson, 2 req\/s/);
  const chart = page.getByRole('img', { name: /^Latency percentiles of 2 load runs/ });
  assert.equal(await chart.locator('circle.point').count(), 6);
  assert.equal(await chart.locator('line.series').count(), 3);
  const [low, high] = [runs[1], runs[0]].map((r) => nanos(r.cells[4]));
  assert.ok(high > low, `p99 grows with load (${low} → ${high} ns)`);
  await screenshot(page, 'load-latency-chart-1280');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a 10,004-span fan-out trace opens virtualised, and a small store cap evicts, counted', async () => {
  const { page, errors, context } = await open('seed=43&playback=instant');
  await openGroup(page, 'Load');
  await page.getByRole('checkbox', { name: 'heavy_calc span (Challenge 1)' }).check();
  await page.getByRole('spinbutton', { name: 'Fan-out (db calls)' }).fill('2500');
  await page.getByRole('combobox', { name: 'Fan-out mode' }).selectOption('parallel');
  const cap = page.getByRole('spinbutton', { name: 'Trace store cap (spans)' });
  await cap.fill('15000');
  await cap.press('Enter');
  await page.waitForFunction(() => /store_spans=15000/.test(location.search));

  await page.getByRole('button', { name: 'Send request' }).click();
  await page.getByRole('status').filter({ hasText: 'Request #0: 10004 spans in one trace' }).waitFor();
  const header = page.locator('.trace-header');
  assert.match(await header.innerText(), /SPANS\s+10,?004/i);
  const grid = page.getByRole('treegrid', { name: 'Spans' });
  assert.equal(await grid.getAttribute('aria-rowcount'), '10004');
  const inDom = () => grid.getByRole('row').count();
  assert.ok((await inDom()) < 200, `only visible rows are in the DOM (${await inDom()})`);
  await screenshot(page, 'load-big-trace-1280');

  await grid.evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('[role=treegrid] [role=row]')];
    return rows.some((r) => Number(r.getAttribute('aria-rowindex')) === 10004);
  });
  assert.ok((await inDom()) < 200);
  assert.match(await grid.getByRole('row').last().innerText(), /db|SELECT|GET/);

  // A second 10,004-span trace does not fit beside the first in 15,000 spans: the oldest goes.
  await page.getByRole('button', { name: 'Send request' }).click();
  await page.getByRole('status').filter({ hasText: 'Request #1' }).waitFor();
  await page.locator('.evicted-count').filter({ hasText: '1 traces evicted' }).waitFor();
  assert.match(await page.getByRole('region', { name: 'Load' }).innerText(), /Store: 1 traces, 10,004 spans; 1 traces evicted/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('load controls and the latency panel fit a 390 px screen', async () => {
  const { page, errors, context } = await open('seed=44&playback=instant&arrival=bursts&burst_size=20&burst_interval_ms=2000&workers_b=4&requests=60', {
    viewport: { width: 390, height: 800 },
  });
  const fits = async (name) => {
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `${name}: page is ${width} px wide`);
    await screenshot(page, `load-${name}-390`);
  };
  assert.equal(await page.getByRole('spinbutton', { name: 'Burst size' }).inputValue(), '20');
  assert.equal(await page.getByRole('spinbutton', { name: 'Burst interval (ms)' }).inputValue(), '2000');
  await fits('controls');
  await runLoad(page, 60);
  await page.getByRole('button', { name: 'Latency' }).click();
  await page.getByRole('table', { name: 'Latency percentiles' }).waitFor();
  await fits('latency');
  assert.deepEqual(errors, []);
  await context.close();
});
