// Export failures against a scriptable stub collector (no Jaeger needed, so these never skip):
// each failure shows its own message, and after recovery the outbox is empty with every span
// accepted exactly once (the stub counts span ids).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveStatic, launchBrowser, openPage, openGroup, screenshot } from './harness.mjs';
import { startStubCollector, otlpProxy, freePort, sendRequests, pageSpanIds } from './jaeger.mjs';

let server;
let browser;
let proxyTarget = null;

before(async () => {
  server = await serveStatic({ proxy: otlpProxy(() => proxyTarget) });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const status = (page) => page.getByRole('status', { name: 'Export status' });

async function waitStatus(page, pattern, timeout = 20_000) {
  await status(page).filter({ hasText: pattern }).waitFor({ timeout });
  return status(page).innerText();
}

async function setEndpoint(page, url) {
  await page.getByLabel('OTLP endpoint').fill(url);
}

/** Every page span accepted exactly once, nothing waiting. */
async function assertExactlyOnce(page, stub) {
  const ids = await pageSpanIds(page);
  assert.deepEqual([...stub.accepted.keys()].sort(), ids, 'the stub accepted exactly the page spans');
  assert.ok([...stub.accepted.values()].every((n) => n === 1), 'no span accepted twice');
  await page.getByText('0 spans waiting', { exact: true }).waitFor();
}

test('503 with Retry-After: waits as told, then every span is accepted once', async () => {
  const stub = await startStubCollector({
    script: [{ status: 503, body: '{"code":14,"message":"collector is starting"}', headers: { 'retry-after': '1' } }],
  });
  const { page, errors, context } = await openPage(browser, server.url);
  await openGroup(page, 'Export');
  await sendRequests(page, 3);
  const n = (await pageSpanIds(page)).length;
  await setEndpoint(page, stub.url);
  await page.getByRole('button', { name: 'Export to Jaeger' }).click();
  const first = await waitStatus(page, /HTTP 503/);
  assert.match(first, new RegExp(`The collector answered HTTP 503 Service Unavailable: collector is starting\\. Retrying in 1 s as the collector asked \\(attempt 2 of 5\\); ${n} spans waiting in the outbox\\.`));
  await page.getByText(`${n} spans waiting`, { exact: true }).waitFor();
  assert.equal(await waitStatus(page, /^Exported/), `Exported ${n} spans (after 1 retry).`);
  assert.equal(stub.requests[0].contentType, 'application/json', 'Content-Type exactly application/json');
  await assertExactlyOnce(page, stub);
  await screenshot(page, 'export-503-retry-after');
  await context.close();
  await stub.close();
  assert.deepEqual(errors.filter((e) => !e.includes('503')), [], 'no console errors besides the failed request');
});

test('429 with an HTTP-date Retry-After: waits until that moment, not the 1 s backoff', async () => {
  // RFC 9110 §10.2.3: Retry-After may be a date. toUTCString() writes IMF-fixdate, whole
  // seconds, so "3 s from when it answers" asks for a wait of a little over 2 s to 3 s.
  const stub = await startStubCollector({
    script: [{
      status: 429,
      body: '{"code":8,"message":"slow down"}',
      headers: () => ({ 'retry-after': new Date(Date.now() + 3_000).toUTCString() }),
    }],
  });
  const { page, context } = await openPage(browser, server.url);
  await openGroup(page, 'Export');
  await sendRequests(page, 1);
  const n = (await pageSpanIds(page)).length;
  await setEndpoint(page, stub.url);
  await page.getByRole('button', { name: 'Export to Jaeger' }).click();
  const first = await waitStatus(page, /HTTP 429/);
  assert.match(first, /HTTP 429 Too Many Requests: slow down\. Retrying in (1\.\d|2(\.\d)?|3) s as the collector asked \(attempt 2 of 5\)/);
  assert.equal(await waitStatus(page, /^Exported/), `Exported ${n} spans (after 1 retry).`);
  const waited = stub.requests[1].receivedAt - stub.requests[0].answeredAt;
  const retryAt = stub.requests[0].sentHeaders['retry-after'];
  assert.ok(waited >= 1_500 && waited < 4_000, `waited ${waited} ms for ${retryAt} (backoff alone would be at most 1.2 s)`);
  await assertExactlyOnce(page, stub);
  await context.close();
  await stub.close();
});

test('400 with a body: shown, not retried, and Retry sends it after the fix', async () => {
  const stub = await startStubCollector({
    script: [{ status: 400, body: '{"code":3,"message":"span 0000000000000001: bad timestamp"}' }],
  });
  const { page, context } = await openPage(browser, server.url);
  await openGroup(page, 'Export');
  await sendRequests(page, 2);
  const n = (await pageSpanIds(page)).length;
  await setEndpoint(page, stub.url);
  await page.getByRole('button', { name: 'Export to Jaeger' }).click();
  const text = await waitStatus(page, /HTTP 400/);
  assert.match(text, /HTTP 400 Bad Request: span 0000000000000001: bad timestamp\. Not retried automatically/);
  assert.ok(text.includes(`${n} spans waiting in the outbox — fix the cause and press Retry.`), text);
  await new Promise((r) => setTimeout(r, 1_500));
  assert.equal(stub.requests.length, 1, 'a 400 is never retried automatically');
  await page.getByRole('button', { name: 'Retry' }).click();
  assert.equal(await waitStatus(page, /^Exported/), `Exported ${n} spans (after 1 retry).`);
  await assertExactlyOnce(page, stub);
  await context.close();
  await stub.close();
});

test('partial success: accepted, the rejection is reported, nothing is resent', async () => {
  const stub = await startStubCollector({
    script: [{ status: 200, body: '{"partialSuccess":{"rejectedSpans":"2","errorMessage":"2 spans older than retention"}}' }],
  });
  const { page, context } = await openPage(browser, server.url);
  await openGroup(page, 'Export');
  await sendRequests(page, 2);
  const n = (await pageSpanIds(page)).length;
  await setEndpoint(page, stub.url);
  await page.getByRole('button', { name: 'Export to Jaeger' }).click();
  assert.equal(
    await waitStatus(page, /^Exported/),
    `Exported ${n - 2} spans; the collector rejected 2 spans (partial success: 2 spans older than retention), which are not resent.`,
  );
  assert.equal(stub.requests.length, 1);
  await assertExactlyOnce(page, stub);
  await context.close();
  await stub.close();
});

test('a collector slower than the timeout: timed out, retried, accepted once', async () => {
  // The 10 s timeout is shortened for this page only, through a test-only URL parameter.
  const stub = await startStubCollector({ script: [{ status: 503, body: '', delayMs: 2_500 }] });
  const { page, context } = await openPage(browser, `${server.url}?test-export-timeout-ms=1000`);
  await openGroup(page, 'Export');
  await sendRequests(page, 1);
  const n = (await pageSpanIds(page)).length;
  await setEndpoint(page, stub.url);
  await page.getByRole('button', { name: 'Export to Jaeger' }).click();
  const text = await waitStatus(page, /Timed out/);
  assert.match(text, new RegExp(`Timed out: ${stub.url.replace(/\./g, '\\.')} did not answer within 1 s\\.`));
  assert.equal(await waitStatus(page, /^Exported/), `Exported ${n} spans (after 1 retry).`);
  await assertExactlyOnce(page, stub);
  await context.close();
  await stub.close();
});

test('connection refused: "no collector reachable", bounded retries, then Retry drains the outbox', async () => {
  const port = await freePort(); // closed again: nothing listens there
  const url = `http://127.0.0.1:${port}/v1/traces`;
  const { page, context } = await openPage(browser, server.url);
  await openGroup(page, 'Export');
  await sendRequests(page, 2);
  const n = (await pageSpanIds(page)).length;
  await setEndpoint(page, url);
  await page.getByRole('button', { name: 'Export to Jaeger' }).click();
  const first = await waitStatus(page, /No collector reachable/);
  assert.match(first, /No collector reachable at http:\/\/127\.0\.0\.1:\d+\/v1\/traces: the connection failed\. A browser reports a refused connection and a CORS block the same way/);
  // 5 attempts with backoff (about 1 + 1.5 + 2.25 + 3.4 s), then it stops and says so.
  const gaveUp = await waitStatus(page, /Gave up after 5 attempts/, 30_000);
  assert.ok(gaveUp.includes(`Gave up after 5 attempts; ${n} spans waiting in the outbox — press Retry.`), gaveUp);
  const stub = await startStubCollector({ port });
  await page.getByRole('button', { name: 'Retry' }).click();
  assert.equal(await waitStatus(page, /^Exported/), `Exported ${n} spans (after 5 retries).`, '4 automatic + 1 manual');
  await assertExactlyOnce(page, stub);
  await screenshot(page, 'export-refused-then-retry');
  await context.close();
  await stub.close();
});

test('missing CORS headers: "blocked by CORS" with the fix, and the same-origin endpoint works', async () => {
  const stub = await startStubCollector({ cors: false });
  const { page, context } = await openPage(browser, server.url);
  await openGroup(page, 'Export');
  await sendRequests(page, 2);
  await setEndpoint(page, stub.url);
  await page.getByRole('button', { name: 'Export to Jaeger' }).click();
  const text = await waitStatus(page, /Blocked by CORS/);
  const origin = new URL(server.url).origin;
  assert.match(text, /Blocked by CORS: something answers at http:\/\/127\.0\.0\.1:\d+\/v1\/traces, but not with CORS headers that allow this page/);
  assert.ok(text.includes(`Fix: use the same-origin endpoint /v1/traces, or enable CORS on Jaeger: receivers: otlp: protocols: http: cors: allowed_origins: ["${origin}"]`), text);
  assert.equal(stub.accepted.size, 0, 'the browser never sent the POST (preflight failed)');
  // The advised fix: the page's own /v1/traces, which its server forwards to the collector.
  proxyTarget = stub.url;
  await setEndpoint(page, '/v1/traces');
  await page.getByRole('button', { name: 'Retry' }).click();
  assert.match(await waitStatus(page, /^Exported/), new RegExp(`^Exported ${(await pageSpanIds(page)).length} spans`));
  await assertExactlyOnce(page, stub);
  proxyTarget = null;
  await context.close();
  await stub.close();
});

test('same-origin endpoint with nothing behind the proxy says no collector is reachable', async () => {
  proxyTarget = null;
  const { page, context } = await openPage(browser, server.url);
  await openGroup(page, 'Export');
  await sendRequests(page, 1);
  await page.getByRole('button', { name: 'Export to Jaeger' }).click();
  const text = await waitStatus(page, /No collector reachable/);
  assert.match(text, /this page's server answered \/v1\/traces with HTTP 500 and no body/);
  assert.match(text, /Retrying in/);
  await page.getByText(`${(await pageSpanIds(page)).length} spans waiting`, { exact: true }).waitFor();
  await context.close();
});

test('bad settings hold the spans with a clear message', async () => {
  const { page, context } = await openPage(browser, server.url);
  await openGroup(page, 'Export');
  await sendRequests(page, 1);
  await page.getByLabel('Headers').fill('authorization');
  await page.getByRole('button', { name: 'Export to Jaeger' }).click();
  const text = await waitStatus(page, /key=value/);
  const n = (await pageSpanIds(page)).length;
  assert.equal(text, `Header "authorization" needs the form key=value (e.g. authorization=Bearer%20abc). ${n} spans waiting in the outbox.`);
  await context.close();
});
