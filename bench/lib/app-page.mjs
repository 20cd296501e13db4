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

/** A fresh context and page on the app, waited until interactive. Collects page errors. */
export async function openApp(browser, url, { viewport = { width: 1280, height: 800 } } = {}) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
  page.on('pageerror', (err) => errors.push(String(err)));
  await page.addInitScript(INTERACTIVE_OBSERVER);
  await page.goto(url);
  await page.waitForFunction(() => window.__benchInteractiveAt !== undefined, null, { timeout: 30_000 });
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
 * Prepares a load run through the UI: "Requests" = `requests`, the "heavy_calc" checkbox checked.
 * Returns the "Run load" button as `run` (not clicked), or `{ missing }` when a control is absent.
 */
export async function prepareLoad(page, { requests, heavyCalc = true }) {
  const { found, missing } = await findControls(page, {
    requests: ['spinbutton', 'Requests'],
    heavy: ['checkbox', /heavy_calc/],
    run: ['button', 'Run load'],
  });
  if (missing.length) return { missing };
  await setNumber(found.requests, requests);
  if (heavyCalc) await found.heavy.check();
  return { missing, run: found.run };
}
