// Shared browser-test harness: serves the release build (dist/) on a free loopback port and
// drives Debian Chromium through playwright-core. Tests find things by role and visible name.
import { createServer } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { join, extname, normalize } from 'node:path';
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export const ROOT = new URL('..', import.meta.url).pathname;
export const DIST = join(ROOT, 'dist');
export const SCREENSHOTS = join(ROOT, 'e2e', 'screenshots');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/**
 * Serves `dir` on 127.0.0.1 at a free port. `prefix` mounts it under a sub-path (to prove
 * relative asset URLs). `proxy(req, res)` may answer a request first (returns true if it did).
 */
export async function serveStatic({ dir = DIST, prefix = '/', proxy } = {}) {
  const server = createServer(async (req, res) => {
    if (proxy && (await proxy(req, res))) return;
    const url = new URL(req.url, 'http://x');
    if (!url.pathname.startsWith(prefix)) {
      res.writeHead(404).end('not found');
      return;
    }
    let rel = decodeURIComponent(url.pathname.slice(prefix.length)) || 'index.html';
    if (rel.endsWith('/')) rel += 'index.html';
    const file = normalize(join(dir, rel));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    port,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

// Content-Security-Policy violations (index.html carries a CSP). The page reports each as a
// `securitypolicyviolation` event; the init script below turns it into a console error,
// whatever the browser itself logs. Every flow in every test file runs under the CSP, so a
// violation fails the test that saw it, when it closes its page (`context.close()` throws after
// closing), even in tests that never look at `errors`; a test that provokes one on purpose
// opts out. A violation on a page that was never closed fails the file through the exit code.
// (Not a node:test `after` hook: one that throws skips the file's other hooks, which close the
// browser and server, and bench/run.mjs imports this file outside the test runner.)
const CSP_PREFIX = 'CSP violation: ';
const unreportedCspViolations = new Set();
function reportCspViolations() {
  document.addEventListener('securitypolicyviolation', (e) => {
    console.error(`CSP violation: ${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile || document.URL}:${e.lineNumber}`);
  });
}
process.on('exit', () => {
  if (unreportedCspViolations.size === 0) return;
  console.error(`Content-Security-Policy violations on pages no test closed:\n${[...unreportedCspViolations].join('\n')}`);
  process.exitCode = 1;
});

/**
 * Opens a page and records console errors and uncaught page errors into `errors`, so a test
 * can assert the page stayed clean; CSP violations also fail `context.close()` (see above)
 * unless `expectCspViolations` is set. `bypassCSP` turns the page's CSP off, for tests that
 * check a defence that must hold without it. `beforeGoto(context, page)` runs before the page
 * is opened (e.g. to hold back or fail a request with `page.route`).
 */
export async function openPage(browser, url, {
  viewport = { width: 1280, height: 800 },
  bypassCSP = false,
  expectCspViolations = false,
  beforeGoto = null,
} = {}) {
  const context = await browser.newContext({ viewport, bypassCSP });
  await context.addInitScript(reportCspViolations);
  const page = await context.newPage();
  const errors = [];
  const cspViolations = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    errors.push(msg.text());
    // Chromium also logs each refusal in its own words ("… violates the following Content
    // Security Policy directive …"); either message counts.
    const csp = msg.text().startsWith(CSP_PREFIX) || msg.text().includes('Content Security Policy');
    if (csp && !expectCspViolations) {
      const line = `${page.url()}: ${msg.text()}`;
      cspViolations.push(line);
      unreportedCspViolations.add(line);
    }
  });
  const closeContext = context.close.bind(context);
  context.close = async (...args) => {
    await closeContext(...args);
    for (const line of cspViolations) unreportedCspViolations.delete(line);
    assert.deepEqual(cspViolations, [], 'no Content-Security-Policy violations on this page');
  };
  page.on('pageerror', (err) => errors.push(String(err)));
  if (beforeGoto) await beforeGoto(context, page);
  await page.goto(url);
  // The app is up once its primary button is there.
  await page.getByRole('button', { name: 'Send request' }).waitFor();
  return { page, errors, context };
}

export async function screenshot(page, name) {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * Serves the release build and starts Chromium once for a test file (node:test `before`), and
 * stops both afterwards. `app.open(query)` opens the page at `?query` (the app reads its
 * settings from the query string).
 */
export function appUnderTest(serveOptions = {}) {
  const app = {
    server: null,
    browser: null,
    open: (query, options) => openPage(app.browser, `${app.server.url}?${query}`, options),
  };
  before(async () => {
    app.server = await serveStatic(serveOptions);
    app.browser = await launchBrowser();
  });
  after(async () => {
    await app.browser?.close();
    await app.server?.close();
  });
  return app;
}

/**
 * Opens a group of controls (Lab settings, Load, Export) by its button, unless it is open
 * already: the first screen shows them closed (issue 14).
 */
export async function openGroup(page, name) {
  const button = page.getByRole('button', { name, exact: true });
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  await button.and(page.locator('[aria-expanded="true"]')).waitFor();
}
