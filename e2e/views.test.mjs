// Views (issue 5): controls by their visible names, the trace view, span detail, verdict,
// reproducible links and keyboard use. Every test starts from a link, so it is independent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appUnderTest, screenshot } from './harness.mjs';

const app = appUnderTest();

/** Opens the app at `query`; `playback=instant` keeps single requests from waiting. */
const open = (query, options) => app.open(query, options);

const traceView = (page) => page.getByRole('article', { name: /^Trace [0-9a-f]{32}$/ });

/** Sends one request and waits until request number `n` (0-based) has been reported. */
async function send(page, n) {
  await page.getByRole('button', { name: 'Send request' }).click();
  await page.getByRole('status').filter({ hasText: `Request #${n}` }).waitFor();
}

async function openTraceId(page) {
  const label = await traceView(page).getAttribute('aria-label');
  return label.replace('Trace ', '');
}

/** The Gantt row of a span, by service and name (exact, so `GET` does not match `GET /`). */
function row(page, service, name) {
  return traceView(page)
    .getByRole('row')
    .filter({ has: page.locator('.svc', { hasText: new RegExp(`^${service}$`) }) })
    .filter({ has: page.locator('.op', { hasText: new RegExp(`^${name.replace('/', '\\/')}$`) }) });
}

test('heavy_calc on gives four spans, off gives three', async () => {
  const { page, errors, context } = await open('seed=11&playback=instant');
  await page.getByRole('checkbox', { name: 'heavy_calc span (Challenge 1)' }).check();
  await send(page, 0);
  await assert.doesNotReject(row(page, 'service-b', 'heavy_calc').waitFor());
  assert.equal(await traceView(page).getByRole('row').count(), 4);
  await screenshot(page, 'views-trace-heavy-calc-1280');
  await page.getByRole('checkbox', { name: 'heavy_calc span (Challenge 1)' }).uncheck();
  await send(page, 1);
  assert.equal(await traceView(page).getByRole('row').count(), 3);
  assert.equal(await row(page, 'service-b', 'heavy_calc').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('error rate 100 %: B server and A client are errors, A server stays unset with 200', async () => {
  const { page, errors, context } = await open('seed=12&playback=instant');
  await page.getByRole('checkbox', { name: 'Random 500s (Challenge 2)' }).check();
  await page.getByRole('spinbutton', { name: 'Error rate' }).fill('100');
  await send(page, 0);
  const bServer = row(page, 'service-b', 'GET /data');
  const aClient = row(page, 'service-a', 'GET');
  const aServer = row(page, 'service-a', 'GET /');
  for (const r of [bServer, aClient]) {
    await assert.doesNotReject(r.waitFor());
    assert.match(await r.getAttribute('class'), /\berror\b/, 'red');
    assert.match(await r.innerText(), /error/, 'marked in text, not by colour alone');
  }
  assert.doesNotMatch(await aServer.getAttribute('class'), /\berror\b/);
  assert.doesNotMatch(await aServer.innerText(), /error/);
  await aServer.click();
  const detail = page.getByRole('region', { name: /^Span: service-a GET \/$/ });
  await detail.waitFor();
  assert.match(await detail.innerText(), /STATUS\s+UNSET/i);
  assert.match(await detail.getByRole('table', { name: 'Span attributes' }).innerText(), /status_code\s+200/);
  await screenshot(page, 'views-trace-errors-1280');
  assert.match(await page.getByRole('region', { name: 'Bottleneck verdict' }).innerText(), /error started in service-b/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('propagation off gives two traces', async () => {
  const { page, errors, context } = await open('seed=13&playback=instant');
  await page.getByRole('checkbox', { name: 'Propagate context' }).uncheck();
  await send(page, 0);
  assert.match(await page.getByRole('status').filter({ hasText: 'Request #0' }).innerText(), /2 separate traces/);
  await page.getByRole('button', { name: 'Find traces' }).click();
  const results = page.getByRole('list', { name: 'Search results' }).getByRole('listitem');
  await results.first().waitFor();
  assert.equal(await results.count(), 2);
  const text = await page.getByRole('list', { name: 'Search results' }).innerText();
  assert.match(text, /service-a: GET \//);
  assert.match(text, /service-b: GET \/data/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an unsampled request runs but records nothing, and is counted as dropped', async () => {
  const { page, errors, context } = await open('seed=22&playback=instant');
  await page.getByRole('combobox', { name: 'Sampler' }).selectOption('always_off');
  await page.waitForURL(/sampler=always_off/);
  await send(page, 0);
  assert.match(await page.getByRole('status').filter({ hasText: 'Request #0' }).innerText(), /not sampled/);
  assert.match(await page.locator('.counts').innerText(), /0 sampled, 1 dropped/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('span detail shows a traceparent whose trace id is the trace\'s', async () => {
  const { page, errors, context } = await open('seed=14&playback=instant');
  await send(page, 0);
  const traceId = await openTraceId(page);
  await row(page, 'service-b', 'GET /data').click();
  const detail = page.getByRole('region', { name: /^Span: service-b GET \/data$/ });
  await detail.waitFor();
  const header = await detail.locator('.header-line').filter({ hasText: 'traceparent' }).locator('.header-value').innerText();
  const [version, headerTrace, parent, flags] = header.trim().split('-');
  assert.equal(version, '00');
  assert.equal(headerTrace, traceId);
  assert.match(parent, /^[0-9a-f]{16}$/);
  assert.match(flags, /^[0-9a-f]{2}$/);
  assert.match(await detail.innerText(), /Trace ID\s+[0-9a-f]{32}\s+✓ this trace/);
  await screenshot(page, 'views-span-detail-1280');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the verdict names service-b', async () => {
  const { page, errors, context } = await open('seed=15&playback=instant&heavy_calc=1');
  await send(page, 0);
  const verdict = page.getByRole('region', { name: 'Bottleneck verdict' });
  assert.match(await verdict.innerText(), /service-b accounts for \d+ % of this request/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a link with a seed reproduces the same trace ids after reload', async () => {
  const { page, errors, context } = await open('seed=987654&playback=instant');
  const ids = async () => {
    const seen = [];
    for (let n = 0; n < 3; n++) {
      await send(page, n);
      seen.push(await openTraceId(page));
    }
    return seen;
  };
  const first = await ids();
  assert.equal(new Set(first).size, 3, 'each request is a new trace');
  assert.match(page.url(), /seed=987654/);
  await page.reload();
  const second = await ids();
  assert.deepEqual(second, first);
  assert.deepEqual(errors, []);
  await context.close();
});

test('settings live in the URL; bad values fall back with a visible notice', async () => {
  const { page, errors, context } = await open('error_rate=abc&sampler=parentbased_traceidratio&semconv=http%2Fdup');
  const notice = page.getByRole('list', { name: 'Notices' });
  assert.match(await notice.innerText(), /error_rate="abc" was ignored because it is not a number; using 20/);
  assert.equal(await page.getByRole('spinbutton', { name: 'Error rate' }).inputValue(), '20');
  assert.equal(await page.getByRole('combobox', { name: 'Sampler' }).inputValue(), 'parentbased_traceidratio');
  assert.equal(await page.getByRole('combobox', { name: 'Semantic conventions' }).inputValue(), 'http/dup');
  assert.match(page.url(), /seed=\d+/, 'a fresh seed is written into the link');
  assert.doesNotMatch(page.url(), /error_rate/, 'the bad value is dropped from the link');
  await page.getByRole('button', { name: 'Dismiss notice' }).click();
  assert.equal(await notice.count(), 0);
  await page.getByRole('checkbox', { name: 'heavy_calc span (Challenge 1)' }).check();
  await page.waitForURL(/heavy_calc=1/);
  await page.getByRole('spinbutton', { name: 'Network delay (ms)' }).fill('7.5');
  await page.waitForURL(/delay_ms=7.5/);
  await page.reload();
  assert.equal(await page.getByRole('checkbox', { name: 'heavy_calc span (Challenge 1)' }).isChecked(), true);
  assert.equal(await page.getByRole('spinbutton', { name: 'Network delay (ms)' }).inputValue(), '7.5');
  assert.equal(await page.getByRole('combobox', { name: 'Semantic conventions' }).inputValue(), 'http/dup');
  assert.equal(await notice.count(), 0, 'the rewritten link is clean');
  assert.deepEqual(errors, []);
  await context.close();
});

test('Gantt rows are reachable and selectable from the keyboard', async () => {
  const { page, errors, context } = await open('seed=16&playback=instant&heavy_calc=1');
  await send(page, 0);
  const grid = page.getByRole('treegrid', { name: 'Spans' });
  await grid.focus();
  const active = async () => grid.getAttribute('aria-activedescendant');
  const top = await active();
  await page.keyboard.press('ArrowDown');
  assert.notEqual(await active(), top);
  await page.keyboard.press('Enter');
  const detail = page.getByRole('region', { name: /^Span: service-a GET$/ });
  await detail.waitFor();
  // Left on an open parent collapses it; its children disappear from the grid.
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(() => document.querySelectorAll('[role=treegrid] [role=row]').length === 1);
  assert.equal(await grid.getByRole('row').first().getAttribute('aria-expanded'), 'false');
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.querySelectorAll('[role=treegrid] [role=row]').length > 1);
  // End goes to the last row, Enter opens it.
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.getByRole('region', { name: /^Span: service-b/ }).waitFor();
  await screenshot(page, 'views-keyboard-1280');
  assert.deepEqual(errors, []);
  await context.close();
});

test('search filters narrow the list, and a result opens its trace', async () => {
  const { page, errors, context } = await open('seed=17&requests=40&random_500s=1&error_rate=40');
  await page.getByRole('button', { name: 'Run load' }).click();
  await page.getByRole('status').filter({ hasText: 'Ran 40 requests' }).waitFor();
  const list = page.getByRole('list', { name: 'Search results' });
  const results = list.getByRole('listitem');
  await page.getByRole('spinbutton', { name: 'Limit' }).fill('100');
  await page.waitForFunction(() => document.querySelectorAll('.results > li').length === 40);
  assert.match(await page.locator('.result-count').innerText(), /40 of 40 traces match/);
  await screenshot(page, 'views-search-1280');

  await page.getByRole('checkbox', { name: 'Errors only' }).check();
  await page.waitForFunction(() => document.querySelectorAll('.results > li').length < 40);
  const errorCount = await results.count();
  assert.ok(errorCount > 0, 'some requests failed at 40 %');
  for (const text of await results.allInnerTexts()) assert.match(text, /⚠ [1-9]\d* errors/);

  await page.getByRole('checkbox', { name: 'Errors only' }).uncheck();
  await page.getByRole('textbox', { name: 'Min duration' }).fill('300ms');
  await page.waitForFunction(() => document.querySelectorAll('.results > li').length < 40);
  for (const item of await results.all()) {
    const ms = Number((await item.locator('.result-duration').innerText()).replace(/ ms$/, ''));
    assert.ok(ms >= 300, `${ms} ms is at least 300 ms`);
  }
  await page.getByRole('textbox', { name: 'Min duration' }).fill('300');
  assert.match(await page.locator('#search-min-error').innerText(), /needs a unit/);
  await page.getByRole('textbox', { name: 'Min duration' }).fill('');

  await page.getByRole('combobox', { name: 'Sort by' }).selectOption({ label: 'Longest first' });
  const durations = await list.locator('.result-duration').allInnerTexts();
  const ms = durations.map((d) => Number(d.replace(/ ms$/, '')));
  assert.deepEqual([...ms].sort((a, b) => b - a), ms, 'longest first');

  // Keyboard: Tab into the list, arrows move, Enter opens.
  await results.first().getByRole('button').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await traceView(page).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Trace', exact: true }).getAttribute('aria-current'), 'page');

  // The plot is one image with a summary; pointing at a dot shows its trace, clicking opens it.
  await page.getByRole('button', { name: 'Find traces' }).click();
  const plot = page.getByRole('img', { name: /^Scatter plot/ });
  assert.match(await plot.getAttribute('aria-label'), /^Scatter plot of duration over time: [\d,]+ traces?, the slowest [\d.]+ m?s/);
  // Where the first dot is drawn: its path coordinates (a 1000-unit box stretched over the plot).
  const dot = await plot.evaluate((svg) => {
    const d = [...svg.querySelectorAll('path.dot-fill')].map((p) => p.getAttribute('d')).find((x) => x);
    const [, x, y] = /M([\d.]+) ([\d.]+)/.exec(d);
    const box = svg.getBoundingClientRect();
    return { x: (Number(x) / 1000) * box.width, y: (Number(y) / 1000) * box.height };
  });
  await plot.hover({ position: dot });
  assert.match(await page.locator('.plot-tip').innerText(), /^service-a: .+ — [\d.]+ m?s at \d\d:\d\d:\d\d/);
  await plot.click({ position: dot });
  await traceView(page).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('Run load shows progress and can be cancelled; Clear traces empties the list', async () => {
  // Fan-out makes each request ~80 spans, so the run takes many browser turns.
  const { page, errors, context } = await open('seed=18&requests=10000&fan_out=20');
  await page.getByRole('button', { name: 'Run load' }).click();
  const progress = page.getByRole('progressbar');
  await progress.waitFor();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('status').filter({ hasText: /Load cancelled after [\d,]+ of 10,000 requests/ }).waitFor();
  assert.equal(await progress.count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Run load' }).isEnabled(), true);
  await page.getByRole('button', { name: 'Clear traces' }).click();
  await page.getByRole('status').filter({ hasText: 'Traces cleared.' }).waitFor();
  assert.match(await page.locator('.result-count').innerText(), /No traces yet/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the store is bounded and says how many traces it evicted', async () => {
  const { page, errors, context } = await open('seed=23&requests=2100');
  await page.getByRole('button', { name: 'Run load' }).click();
  await page.getByRole('status').filter({ hasText: 'Ran 2,100 requests; the store holds 2,000 traces.' }).waitFor();
  assert.match(await page.locator('.evicted').innerText(), /100 traces evicted \(oldest first/);
  assert.match(await page.locator('.result-count').innerText(), /2,000 of 2,000 traces match/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('real-time playback shows the request in flight, then its trace', async () => {
  const { page, errors, context } = await open('seed=19');
  await page.getByRole('button', { name: 'Send request' }).click();
  await page.getByText(/Request in flight/).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Send request' }).isDisabled(), true);
  await traceView(page).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Send request' }).isDisabled(), false);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the Header inspector decodes a traceparent field by field or names the broken rule', async () => {
  const { page, errors, context } = await open('seed=20');
  await page.getByRole('button', { name: 'Header inspector' }).click();
  const input = page.getByRole('textbox', { name: 'Header value' });
  await input.fill('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03');
  const result = page.locator('.inspector-result');
  assert.match(await result.innerText(), /Trace ID\s+4bf92f3577b34da6a3ce929d0e0e4736/);
  assert.match(await result.innerText(), /Parent ID\s+00f067aa0ba902b7/);
  assert.match(await result.innerText(), /sampled: yes, random trace id: yes/);
  await screenshot(page, 'views-inspector-1280');
  await input.fill('00-00000000000000000000000000000000-00f067aa0ba902b7-01');
  assert.match(await result.innerText(), /Invalid traceparent: .*trace-id/i);
  assert.deepEqual(errors, []);
  await context.close();
});

test('every view fits a 390 px wide screen without overflow', async () => {
  const { page, errors, context } = await open('seed=21&playback=instant&heavy_calc=1&requests=20', {
    viewport: { width: 390, height: 800 },
  });
  const fits = async (name) => {
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `${name}: page is ${width} px wide`);
    await screenshot(page, `views-${name}-390`);
  };
  await page.getByRole('button', { name: 'Run load' }).click();
  await page.getByRole('status').filter({ hasText: 'Ran 20 requests' }).waitFor();
  await fits('search');
  await send(page, 20);
  await row(page, 'service-b', 'heavy_calc').click();
  await page.getByRole('region', { name: /^Span: service-b heavy_calc$/ }).waitFor();
  await fits('trace');
  await page.getByRole('button', { name: 'Header inspector' }).click();
  await fits('inspector');
  assert.deepEqual(errors, []);
  await context.close();
});
