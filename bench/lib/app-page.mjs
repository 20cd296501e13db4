// Opening the app for a benchmark run and finding its controls by role and visible name, the
// way a learner (and e2e/) finds them. A missing control is not an error here: the app is built
// concurrently, so each metric reports `null` with the missing control as its reason.

/** Injected before any page script: records when the app became interactive (see load_ms). */
export const INTERACTIVE_OBSERVER = `(() => {
  const ready = () => [...document.querySelectorAll('button')]
    .some((b) => b.textContent.trim() === 'Send request' && !b.disabled);
  const check = () => {
    if (window.__benchInteractiveAt === undefined && ready()) {
      window.__benchInteractiveAt = performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['disabled'] });
})();`;

/**
 * Injected before any page script: `window.__bench` helpers the metrics share.
 * - `afterPaint()`: resolves with performance.now() in the second requestAnimationFrame from now.
 *   The first rAF callback runs before the next frame is painted, the second one after that
 *   frame was painted, so it marks "the frame showing the current DOM is on screen".
 * - `wasmMemoryBytes()`: the byte size of every WebAssembly.Memory the page instantiated, found by
 *   wrapping WebAssembly.instantiateStreaming / instantiate (the wasm-bindgen glue uses the first,
 *   or the second when the server's MIME type is wrong); no app hook needed.
 */
export const BENCH_PROBES = `(() => {
  const memories = [];
  const keep = (result) => {
    const instance = result && result.instance ? result.instance : result;
    const memory = instance && instance.exports && instance.exports.memory;
    if (memory instanceof WebAssembly.Memory) memories.push(memory);
    return result;
  };
  for (const name of ['instantiateStreaming', 'instantiate']) {
    const original = WebAssembly[name];
    if (typeof original === 'function') {
      WebAssembly[name] = function (...args) { return original.apply(this, args).then(keep); };
    }
  }
  window.__bench = {
    afterPaint: () => new Promise((resolve) =>
      requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now())))),
    wasmMemoryBytes: () => memories.reduce((sum, m) => sum + m.buffer.byteLength, 0),
    wasmMemories: () => memories.length,
  };
})();`;

/** The collapsible groups whose controls the drivers use (opened by `openApp`). */
export const GROUPS = ['Lab settings', 'Load', 'Export'];

/**
 * A fresh context (empty HTTP cache) and page on the app, waited until interactive, with the
 * groups in `GROUPS` opened. Collects page errors. `beforeGoto(page, context)` runs after the init scripts, before navigation (throttling).
 */
export async function openApp(browser, url, { viewport = { width: 1280, height: 800 }, beforeGoto, timeout = 30_000 } = {}) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
  page.on('pageerror', (err) => errors.push(String(err)));
  await page.addInitScript(BENCH_PROBES);
  await page.addInitScript(INTERACTIVE_OBSERVER);
  if (beforeGoto) await beforeGoto(page, context);
  try {
    await page.goto(url, { timeout });
    await page.waitForFunction(() => window.__benchInteractiveAt !== undefined, null, { timeout });
    await openGroups(page, GROUPS);
  } catch (err) {
    await context.close();
    throw err;
  }
  return { context, page, errors };
}

/**
 * Looks up named controls; returns `{ found, missing }` where `found[key]` is a locator.
 * `specs` maps a key to `[role, name]` (name: string for exact, RegExp otherwise); number fields
 * are `spinbutton`s, text fields `textbox`es, checkboxes `checkbox`es.
 */
export async function findControls(page, specs) {
  const found = {};
  const missing = [];
  for (const [key, [role, name]] of Object.entries(specs)) {
    const loc = page.getByRole(role, { name, exact: typeof name === 'string' }).first();
    if ((await loc.count()) > 0) found[key] = loc;
    else missing.push(`${role} "${name}"`);
  }
  return { found, missing };
}

/** Sets a number field to `value` the way a learner does (select all, type, leave the field). */
export async function setNumber(locator, value) {
  await locator.fill(String(value));
  await locator.dispatchEvent('change');
  await locator.blur();
}

/**
 * Prepares a load run through the UI: "Requests" = `requests`, the "heavy_calc" checkbox checked,
 * and with `storeTraces` the "Trace store cap (traces)" field. Returns the "Run load" button as
 * `run` (not clicked), or `{ missing }` when a control is absent.
 */
export async function prepareLoad(page, { requests, heavyCalc = true, storeTraces = null }) {
  const { found, missing } = await findControls(page, {
    requests: ['spinbutton', 'Requests'],
    heavy: ['checkbox', /heavy_calc/],
    run: ['button', 'Run load'],
    ...(storeTraces && { cap: ['spinbutton', /Trace store cap \(traces\)/] }),
  });
  if (missing.length) return { missing };
  await setNumber(found.requests, requests);
  if (storeTraces) await setNumber(found.cap, storeTraces);
  if (heavyCalc) await found.heavy.check();
  return { missing, run: found.run };
}

/**
 * Opens the page's collapsible groups named `names` (issue 14: a disclosure button with
 * `aria-expanded="false"` hides their controls, as a learner sees them on a first visit). A group
 * that is open already, or missing, is left alone.
 */
export async function openGroups(page, names) {
  for (const name of names) {
    const toggle = page.getByRole('button', { name, exact: true, expanded: false });
    if ((await toggle.count()) > 0) await toggle.first().click();
  }
}

/** Runs `action` with a CDP session on `page`, detached afterwards. */
export async function withCdp(page, action) {
  const cdp = await page.context().newCDPSession(page);
  try {
    return await action(cdp);
  } finally {
    await cdp.detach().catch(() => {});
  }
}
