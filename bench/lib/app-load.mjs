// `load_ms`: navigation start to the app being interactive, in a fresh browser context per run
// (empty HTTP cache, no wasm code cache: a first visit).
//
// Definition: performance.now() (whose origin is the navigation's start, Navigation Timing 2) at
// the first DOM mutation after which a <button> "Send request" exists and is not disabled — the
// Yew app has mounted and its handlers are attached (Yew attaches listeners when it creates the
// elements). Observed by a MutationObserver injected before any page script (app-page.mjs), so
// no app hook is needed. The breakdown shows where the time went: HTML, JS glue, wasm download,
// first paint.
import { openApp } from './app-page.mjs';
import { summarize } from './stats.mjs';

async function loadOnce(browser, url) {
  const { context, page, errors } = await openApp(browser, url);
  try {
    return await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const resources = performance.getEntriesByType('resource');
      const end = (suffix) => resources.find((r) => r.name.endsWith(suffix))?.responseEnd ?? null;
      const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null;
      return {
        interactive: window.__benchInteractiveAt,
        html_response_end: nav?.responseEnd ?? null,
        js_response_end: end('.js'),
        wasm_response_end: end('.wasm'),
        dom_content_loaded: nav?.domContentLoadedEventEnd ?? null,
        first_contentful_paint: fcp,
      };
    });
  } finally {
    if (errors.length) console.warn(`load_ms: page errors: ${errors.join(' | ')}`);
    await context.close();
  }
}

export async function measureLoad(browser, url, { runs = 7 } = {}) {
  const rows = [];
  for (let i = 0; i <= runs; i++) {
    const row = await loadOnce(browser, url);
    if (i > 0) rows.push(row); // the first run only warms the browser process
  }
  const breakdown = {};
  for (const key of Object.keys(rows[0]).filter((k) => k !== 'interactive')) {
    const values = rows.map((r) => r[key]).filter((v) => typeof v === 'number');
    breakdown[key] = values.length ? summarize(values).value : null;
  }
  return {
    ...summarize(rows.map((r) => r.interactive)),
    unit: 'ms',
    method:
      'fresh context per run; navigation start (performance timeOrigin) → first DOM mutation after which the ' +
      '"Send request" button exists and is enabled (MutationObserver injected before page scripts); first run discarded',
    breakdown_median_ms: breakdown,
  };
}
