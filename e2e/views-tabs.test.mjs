// Trace views (issue 13): every view of the lab trace by its visible tab name, the tab list's
// keyboard, highlights from the graph, statistics and findings into the timeline, events and
// links on the bars and in the detail, and deep links to a span (`span=` and `uiFind=`).
// Screenshots of each view at 1280 and 390 px go to e2e/screenshots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appUnderTest, screenshot, openGroup } from './harness.mjs';

const app = appUnderTest();

const traceView = (page) => page.getByRole('article', { name: /^Trace [0-9a-f]{32}$/ });
const tab = (page, name) => page.getByRole('tablist', { name: 'Trace views' }).getByRole('tab', { name, exact: true });

async function send(page, n) {
  await page.getByRole('button', { name: 'Send request' }).click();
  await page.getByRole('status').filter({ hasText: `Request #${n}` }).waitFor();
}

async function showTab(page, name) {
  await tab(page, name).click();
  await page.waitForFunction((n) => {
    const t = [...document.querySelectorAll('[role=tab]')].find((el) => el.textContent === n);
    return t?.getAttribute('aria-selected') === 'true';
  }, name);
  return page.getByRole('tabpanel', { name });
}

/** The page is no wider than the screen (nothing sticks out sideways). */
async function fits(page, width, what) {
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scroll <= width, `${what}: the page is ${scroll} px wide at ${width} px`);
}

for (const width of [1280, 390]) {
  test(`every view of the lab trace opens by its tab name (${width} px)`, async () => {
    const { page, errors, context } = await app.open('seed=41&playback=instant&heavy_calc=1', {
      viewport: { width, height: 900 },
    });
    await send(page, 0);
    await traceView(page).waitFor();
    assert.equal(await tab(page, 'Timeline').getAttribute('aria-selected'), 'true');

    // Trace graph: one box per operation; a box highlights its spans in the timeline.
    let panel = await showTab(page, 'Trace graph');
    const graph = panel.getByRole('group', { name: 'Trace graph' });
    await graph.getByRole('button', { name: /^service-b heavy_calc: 1 spans/ }).waitFor();
    assert.equal(await graph.getByRole('button').count(), 4, 'GET /, GET, GET /data, heavy_calc');
    await screenshot(page, `views-tab-graph-${width}`);
    await fits(page, width, 'trace graph');
    await graph.getByRole('button', { name: /^service-b heavy_calc/ }).press('Enter');
    const bar = page.getByRole('status').filter({ hasText: 'Highlighted: service-b heavy_calc (1 spans)' });
    await bar.waitFor();
    assert.equal(await tab(page, 'Timeline').getAttribute('aria-selected'), 'true', 'the timeline is shown');
    assert.match(await page.locator('.gantt-row.highlight').innerText(), /heavy_calc/);
    await page.getByRole('button', { name: 'Clear highlight' }).click();
    await bar.waitFor({ state: 'detached' });

    // Statistics: grouped by service and operation, then by an attribute.
    panel = await showTab(page, 'Statistics');
    const stats = panel.getByRole('table', { name: 'Statistics' });
    await stats.getByRole('row', { name: /heavy_calc/ }).waitFor();
    assert.equal(await stats.getByRole('row').count(), 1 + 4);
    await panel.getByRole('button', { name: 'Count' }).click();
    assert.equal(await panel.getByRole('columnheader', { name: 'Count' }).getAttribute('aria-sort'), 'descending');
    await panel.getByRole('combobox', { name: 'Group by' }).selectOption({ label: 'http.status_code' });
    await stats.getByRole('cell', { name: '200', exact: true }).first().waitFor();
    await stats.getByRole('cell', { name: '(not set)' }).first().waitFor();
    await screenshot(page, `views-tab-statistics-${width}`);
    await fits(page, width, 'statistics');

    // Spans table: filter by service, sort by a column header, select a span.
    panel = await showTab(page, 'Spans table');
    const spans = panel.getByRole('table', { name: 'Spans' });
    await spans.getByRole('button', { name: 'heavy_calc' }).waitFor();
    assert.equal(await spans.locator('tbody tr:not(.spacer)').count(), 4);
    await panel.getByRole('combobox', { name: 'Service' }).selectOption('service-b');
    await panel.getByText('2 of 4 spans').waitFor();
    await panel.getByRole('textbox', { name: 'Min duration' }).fill('abc');
    await panel.getByText(/Min duration: /).waitFor();
    await panel.getByRole('textbox', { name: 'Min duration' }).fill('');
    await panel.getByRole('button', { name: 'Duration' }).click();
    assert.equal(await panel.getByRole('columnheader', { name: 'Duration' }).getAttribute('aria-sort'), 'descending');
    const first = await spans.locator('tbody tr:not(.spacer)').first().innerText();
    assert.match(first, /GET \/data/, 'the longest service-b span first');
    await spans.getByRole('button', { name: 'heavy_calc' }).click();
    await page.getByRole('region', { name: 'Span: service-b heavy_calc' }).waitFor();
    await screenshot(page, `views-tab-spans-${width}`);
    await fits(page, width, 'spans table');

    // Flame graph: a box per span; click zooms in, Reset zoom goes back.
    panel = await showTab(page, 'Flame graph');
    const flame = panel.getByRole('group', { name: 'Flame graph' });
    await flame.getByRole('button', { name: /^service-a GET \/: .*, self / }).waitFor();
    assert.equal(await flame.getByRole('button').count(), 4);
    await flame.getByRole('button', { name: /^service-b GET \/data/ }).click();
    await panel.getByRole('button', { name: 'Reset zoom' }).and(page.locator(':enabled')).waitFor();
    await page.getByRole('region', { name: 'Span: service-b GET /data' }).waitFor();
    await screenshot(page, `views-tab-flame-${width}`);
    await fits(page, width, 'flame graph');
    await panel.getByRole('button', { name: 'Reset zoom' }).click();
    // Keyboard: from the root box, down to its child.
    await flame.getByRole('button', { name: /^service-a GET \/:/ }).focus();
    await page.keyboard.press('ArrowDown');
    assert.match(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), /^service-a GET:/);

    // JSON: OTLP and Jaeger as text, copyable and downloadable.
    panel = await showTab(page, 'JSON');
    const otlp = panel.getByLabel('OTLP JSON', { exact: true });
    assert.match(await otlp.innerText(), /"resourceSpans": \[/);
    await panel.getByRole('button', { name: 'Jaeger JSON' }).click();
    const jaeger = panel.getByLabel('Jaeger JSON', { exact: true }).and(page.locator('pre'));
    await jaeger.waitFor();
    assert.match(await jaeger.innerText(), /"operationName": "heavy_calc"/);
    if (width === 1280) {
      // Copy puts the whole text on the clipboard (a small trace is shown whole).
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
      await panel.getByRole('button', { name: 'Copy' }).click();
      await panel.getByRole('status').filter({ hasText: /^Copied [\d,]+ characters\.$/ }).waitFor();
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), await jaeger.innerText());
    }
    const download = page.waitForEvent('download');
    await panel.getByRole('button', { name: 'Download' }).click();
    assert.match((await download).suggestedFilename(), /^trace-[0-9a-f]{32}\.jaeger\.json$/);
    await screenshot(page, `views-tab-json-${width}`);
    await fits(page, width, 'JSON');
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('the tab list moves with arrow keys, Home and End', async () => {
  const { page, errors, context } = await app.open('seed=42&playback=instant');
  await send(page, 0);
  await tab(page, 'Timeline').focus();
  await page.keyboard.press('ArrowRight');
  await page.getByRole('group', { name: 'Trace graph' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Trace graph', 'focus follows');
  await page.keyboard.press('End');
  await page.getByRole('tabpanel', { name: 'JSON' }).waitFor();
  await page.keyboard.press('ArrowRight');
  await page.getByRole('tabpanel', { name: 'Timeline' }).waitFor();
  await page.keyboard.press('ArrowLeft');
  await page.getByRole('tabpanel', { name: 'JSON' }).waitFor();
  await page.keyboard.press('Home');
  await page.getByRole('tabpanel', { name: 'Timeline' }).waitFor();
  assert.equal(await page.locator('[role=tab][tabindex="0"]').count(), 1, 'one tab stop');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a selected span stays selected across views and its link opens it after reload', async () => {
  const { page, errors, context } = await app.open('seed=43&playback=instant');
  await send(page, 0);
  await traceView(page).getByRole('row').filter({ hasText: 'GET /data' }).click();
  const detail = page.getByRole('region', { name: 'Span: service-b GET /data' });
  await detail.waitFor();
  await showTab(page, 'Spans table');
  await detail.waitFor();
  assert.equal(await page.locator('.spans-table tr.selected').count(), 1, 'marked in the table too');
  const url = new URL(page.url());
  const span = url.searchParams.get('span');
  assert.match(span, /^[0-9a-f]{16}$/, 'the address names the span');
  assert.equal(await detail.getByRole('link', { name: 'Link to this span' }).getAttribute('href'), `?${url.searchParams}`);

  // A new page with the link: the span opens once its trace arrives (the seed makes it again).
  for (const query of [`seed=43&playback=instant&span=${span}`, `seed=43&playback=instant&uiFind=${span.replace(/^0+/, '')}`]) {
    const again = await app.open(query);
    await again.page.getByRole('button', { name: 'Send request' }).click();
    await again.page.getByRole('region', { name: 'Span: service-b GET /data' }).waitFor();
    assert.equal(new URL(again.page.url()).searchParams.get('span'), span, query);
    assert.deepEqual(again.errors, []);
    await again.context.close();
  }
  assert.deepEqual(errors, []);
  await context.close();
});

/** An OTLP JSON file: a root with an exception event, and a child linked to it. */
function linkedTrace() {
  const trace = '4bf92f3577b34da6a3ce929d0e0e4736';
  const t0 = 1_735_689_600_000_000_000n;
  const at = (ms) => String(t0 + BigInt(ms) * 1_000_000n);
  const span = (id, parent, name, from, to, extra = {}) => ({
    traceId: trace, spanId: id, parentSpanId: parent, name, kind: 2,
    startTimeUnixNano: at(from), endTimeUnixNano: at(to), ...extra,
  });
  return JSON.stringify({
    resourceSpans: [{
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'worker' } }] },
      scopeSpans: [{
        scope: { name: 'test' },
        spans: [
          span('00f067aa0ba902b7', '', 'GET /jobs', 0, 100, {
            events: [{ name: 'exception', timeUnixNano: at(40),
              attributes: [{ key: 'exception.type', value: { stringValue: 'ValueError' } }] }],
            status: { code: 2, message: 'boom' },
          }),
          span('00f067aa0ba902b8', '00f067aa0ba902b7', 'process batch', 10, 90, {
            links: [{ traceId: trace, spanId: '00f067aa0ba902b7' }],
          }),
        ],
      }],
    }],
  });
}

test('events and links are marked on the bars and shown in the detail', async () => {
  const { page, errors, context } = await app.open('seed=44');
  await openGroup(page, 'Export');
  await page.getByLabel('Import traces').setInputFiles({
    name: 'linked.json', mimeType: 'application/json', buffer: Buffer.from(linkedTrace()),
  });
  await page.getByRole('status', { name: 'Import result' }).filter({ hasText: 'Imported 1 trace' }).waitFor();
  await page.getByRole('list', { name: 'Search results' }).getByRole('button').first().click();
  const rootRow = traceView(page).getByRole('row').filter({ hasText: 'GET /jobs' });
  assert.match(await rootRow.innerText(), /1 event: exception/);
  assert.equal(await rootRow.locator('.event-mark.exception').count(), 1, 'a tick on the bar');
  const childRow = traceView(page).getByRole('row').filter({ hasText: 'process batch' });
  assert.match(await childRow.innerText(), /1 link/);
  await childRow.click();
  const detail = page.getByRole('region', { name: 'Span: worker process batch' });
  await detail.getByRole('button', { name: 'Show linked span' }).click();
  const root = page.getByRole('region', { name: 'Span: worker GET /jobs' });
  await root.waitFor();
  assert.match(await root.locator('.events').innerText(), /exception at \+40/);
  await screenshot(page, 'views-events-links-1280');
  assert.deepEqual(errors, []);
  await context.close();
});

// Markup in trace data stays text in every view (issue 11 §6), with the CSP off so escaping
// alone must hold.
const SERVICE = `<img src=x onerror="window.__xss='service'">svc`;
const NAME = `<script>window.__xss='span'</script>GET /`;
const KEY = '<i onclick="window.__xss=\'key\'">key</i>';

function hostileTrace() {
  const t0 = 1_735_689_600_000_000_000n;
  const span = (spanId, parentSpanId, name, from, to) => ({
    traceId: 'ab'.repeat(16), spanId, ...(parentSpanId ? { parentSpanId } : {}), name, kind: 2,
    startTimeUnixNano: String(t0 + from), endTimeUnixNano: String(t0 + to),
    attributes: [{ key: KEY, value: { stringValue: `<b onmouseover="window.__xss='value'">v</b>` } }],
  });
  return JSON.stringify({ resourceSpans: [{
    resource: { attributes: [{ key: 'service.name', value: { stringValue: SERVICE } }] },
    scopeSpans: [{ scope: { name: 't' }, spans: [
      span('00000000000000a1', null, NAME, 0n, 9_000_000n),
      span('00000000000000a2', '00000000000000a1', NAME, 1_000_000n, 5_000_000n),
    ] }],
  }] });
}

const injected = (page) => page.evaluate(() => ({
  xss: window.__xss ?? null,
  elements: document.querySelectorAll('img[src="x"], b, i, [onerror], [onmouseover], [onclick]').length,
}));

test('markup in names and attributes is text in every view', async () => {
  const { page, errors, context } = await app.open('seed=55', { bypassCSP: true });
  await openGroup(page, 'Export');
  await page.getByLabel('Import traces').setInputFiles({
    name: 'hostile.json', mimeType: 'application/json', buffer: Buffer.from(hostileTrace()),
  });
  await page.getByRole('status', { name: 'Import result' }).filter({ hasText: 'Imported 1 trace' }).waitFor();
  await page.getByRole('list', { name: 'Search results' }).getByRole('button').first().click();
  let panel = await showTab(page, 'Trace graph');
  await panel.getByRole('button', { name: `${SERVICE} ${NAME}: 2 spans` }).hover();
  panel = await showTab(page, 'Statistics');
  await panel.getByRole('combobox', { name: 'Group by' }).selectOption({ label: KEY });
  await panel.getByRole('cell', { name: `<b onmouseover="window.__xss='value'">v</b>`, exact: true }).waitFor();
  panel = await showTab(page, 'Spans table');
  await panel.getByRole('button', { name: NAME }).first().click();
  panel = await showTab(page, 'Flame graph');
  await panel.getByRole('group', { name: 'Flame graph' }).getByRole('button').first().hover();
  panel = await showTab(page, 'JSON');
  assert.match(await panel.locator('pre').innerText(), /window\.__xss/, 'shown as text');
  await page.getByRole('button', { name: 'Service map' }).click();
  await page.getByRole('table', { name: 'Calls between services' }).waitFor();
  assert.deepEqual(await injected(page), { xss: null, elements: 0 });
  assert.deepEqual(errors, []);
  await context.close();
});
