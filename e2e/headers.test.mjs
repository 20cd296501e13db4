// Headers on the wire (issue 12, "Propagation formats"), as a learner meets them: the Header
// inspector decodes a pasted b3 header or names the rule a broken uber-trace-id breaks, and span
// detail lists every header a span received (X-B3-* from a b3multi service, the client's
// baggage) with a one-line decode and the baggage entries as a table. Found by role and name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appUnderTest, screenshot } from './harness.mjs';
import { eventually, traceCount } from './jaeger.mjs';

const app = appUnderTest();

async function openInspector(page) {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Header inspector', exact: true }).click();
  await page.getByRole('heading', { name: 'Header inspector' }).waitFor();
}

const decoded = (page, name) => page.getByRole('article', { name: `Decoded ${name}`, exact: true });

test('the Header inspector reads a pasted b3 header: its trace id and sampled', async () => {
  const { page, errors, context } = await app.open('seed=41');
  await openInspector(page);
  // Opens on the W3C example traceparent, auto-detected.
  assert.equal(await page.getByRole('combobox', { name: 'Header' }).inputValue(), 'auto');
  await decoded(page, 'traceparent').waitFor();

  await page.getByRole('textbox', { name: 'Header value' }).fill('80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1');
  const b3 = decoded(page, 'b3');
  await b3.waitFor();
  const text = await b3.innerText();
  assert.match(text, /B3 single header, recognised by its shape/);
  assert.match(text, /B3 single header: trace 80f198ee56343ba864fe8b2a57d3eff7, span e457b5a2e4d86bd1, sampled/);
  const fields = b3.getByRole('table', { name: 'b3 fields' });
  assert.match(await fields.getByRole('row').filter({ hasText: 'TraceId' }).innerText(), /80f198ee56343ba864fe8b2a57d3eff7/);
  assert.match(await fields.getByRole('row').filter({ hasText: 'SamplingState' }).innerText(), /1\s+Accept: record and report/);
  await screenshot(page, 'headers-inspector-b3');

  // Several headers at once, one per line, named as span detail prints them.
  await page.getByRole('textbox', { name: 'Header value' }).fill('X-B3-TraceId: 463ac35c9f6413ad48485a3953bb6124\nX-B3-Sampled: 0');
  await decoded(page, 'X-B3-TraceId').getByText('B3 multiple headers: trace 463ac35c9f6413ad48485a3953bb6124').waitFor();
  await decoded(page, 'X-B3-Sampled').getByText('B3 multiple headers: not sampled').waitFor();

  // One example of every header the inspector reads, each decoded without a broken rule.
  await page.getByRole('button', { name: 'Paste an example of each header' }).click();
  const result = page.locator('.inspector-result');
  await decoded(page, 'uberctx-user-id').waitFor();
  assert.equal(await result.getByRole('article').count(), 11);
  assert.equal(await result.getByText(/^Breaks a rule/).count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a broken uber-trace-id names the rule it breaks, with its section of the Jaeger format', async () => {
  const { page, errors, context } = await app.open('seed=42');
  await openInspector(page);
  await page.getByRole('combobox', { name: 'Header' }).selectOption('uber-trace-id');
  await page.getByRole('textbox', { name: 'Header value' }).fill('4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:0');
  const jaeger = decoded(page, 'uber-trace-id');
  await jaeger.waitFor();
  const text = await jaeger.innerText();
  assert.match(text, /read as picked/);
  assert.match(text, /Breaks a rule: uber-trace-id has 3 ':'-separated fields; it has exactly 4/);
  const link = jaeger.getByRole('link', { name: 'Read Jaeger propagation format: Trace/Span Identity › Value' });
  assert.equal(await link.getAttribute('href'), 'https://www.jaegertracing.io/sdk-migration/#value');
  assert.match(text, /deprecated in OpenTelemetry/i);
  await screenshot(page, 'headers-inspector-broken-jaeger');

  // Fixed, it decodes field by field; markup pasted as a value stays text.
  await page.getByRole('textbox', { name: 'Header value' }).fill('4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:0:03');
  await jaeger.getByText(/trace 4bf92f3577b34da6a3ce929d0e0e4736, span 00f067aa0ba902b7, sampled \(debug\)/).waitFor();
  await page.getByRole('combobox', { name: 'Header' }).selectOption('auto');
  await page.getByRole('textbox', { name: 'Header value' }).fill('baggage: note=<b>hi</b>');
  const bag = decoded(page, 'baggage');
  await bag.getByText('<b>hi</b>').first().waitFor();
  assert.equal(await bag.locator('b').count(), 0, 'no element made from the data');
  assert.deepEqual(errors, []);
  await context.close();
});

/** The Gantt row of a span, by service and name (exact). */
const row = (trace, page, service, name) => trace
  .getByRole('row')
  .filter({ has: page.locator('.svc', { hasText: new RegExp(`^${service}$`) }) })
  .filter({ has: page.locator('.op', { hasText: new RegExp(`^${name.replace('/', '\\/')}$`) }) });

const B3_SCENARIO = `title: B3 with baggage
client:
  headers:
    baggage: userId=alice;ttl=60,cart=3%20items
    x-note: "<img src=x> stays text"
services:
  - name: shop
    propagators: [b3multi, baggage]
    endpoints:
      - route: /buy
        steps:
          - call: stock/check
  - name: stock
    propagators: [b3multi, baggage]
    endpoints:
      - route: /check
        steps:
          - work: 5ms
`;

test('span detail lists the X-B3-* headers and the baggage a b3multi service received', async () => {
  const { page, errors, context } = await app.open('seed=43&playback=instant');
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Scenario', exact: true }).click();
  await page.getByRole('textbox', { name: 'Scenario', exact: true }).fill(B3_SCENARIO);
  await page.getByRole('region', { name: 'Running scenario' }).getByText('Running: B3 with baggage').waitFor();
  await page.getByRole('region', { name: 'Scenario', exact: true }).getByRole('button', { name: 'Send request' }).click();
  await eventually(async () => (await traceCount(page)) >= 1, { what: 'the trace' });
  const trace = page.getByRole('article', { name: /^Trace [0-9a-f]{32}$/ });
  const traceId = (await trace.getAttribute('aria-label')).replace('Trace ', '');

  // The callee's server span continues the trace from the X-B3-* headers.
  await row(trace, page, 'stock', 'GET /check').click();
  const detail = page.getByRole('region', { name: 'Span: stock GET /check' });
  await detail.waitFor();
  const line = (name, region = detail) => region.locator('.header-line').filter({ has: page.locator('.header-name', { hasText: `${name}: ` }) });
  assert.match(await detail.getByRole('heading', { name: /^Propagation headers received/ }).innerText(), /\(4\)/);
  assert.equal(await line('x-b3-traceid').locator('.header-value').innerText(), traceId);
  assert.match(await line('x-b3-traceid').innerText(), new RegExp(`B3 multiple headers: trace ${traceId}`));
  assert.match(await line('x-b3-spanid').innerText(), /B3 multiple headers: span [0-9a-f]{16}/);
  assert.match(await line('x-b3-sampled').innerText(), /B3 multiple headers: sampled/);
  assert.match(await line('baggage').innerText(), /W3C Baggage: 2 entries \(userId, cart\)/);
  assert.equal(await detail.getByText(/this span is a root/).count(), 0, 'continued, not a root');

  const baggage = detail.getByRole('table', { name: 'Baggage entries' });
  assert.match(await baggage.getByRole('row').filter({ hasText: 'userId' }).innerText(), /userId\s+alice\s+ttl=60/);
  assert.match(await baggage.getByRole('row').filter({ hasText: 'cart' }).innerText(), /cart\s+3 items/);
  await screenshot(page, 'headers-span-detail-b3multi');

  // The entry span got the client's headers and no trace context: a root, and it says so; a
  // header that is not a propagation one is listed as such, its markup as text.
  await row(trace, page, 'shop', 'GET /buy').click();
  const entry = page.getByRole('region', { name: 'Span: shop GET /buy' });
  await entry.getByText('No trace context came in: this span is a root and started a new trace.').waitFor();
  assert.match(await line('x-note', entry).innerText(), /<img src=x> stays text\s+not a propagation header/);
  assert.equal(await entry.locator('.wire-headers img').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});
