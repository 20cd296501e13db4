// Load time, in a fresh browser context per run (empty HTTP cache, no wasm code cache: a first
// visit). Times are performance.now(), whose origin is the navigation's start (Navigation Timing 2).
//
// `load_ms` (issue 7, loopback, files sent uncompressed as before): until the first DOM mutation
// after which a <button> "Send request" exists and is not disabled — the Yew app has mounted and
// its handlers are attached. Observed by a MutationObserver injected before any page script
// (app-page.mjs), so no app hook is needed.
//
// `load_slow4g_ms` (issue 15, "load time a learner feels"): the same cold load through Chromium's
// network emulation (CDP Network.emulateNetworkConditions) with Lighthouse's mobile Slow 4G figures
// — 150 ms latency, 1,638.4 kbit/s down, 750 kbit/s up, kbit = 1,024 bits as Lighthouse converts
// them — from a server that gzip-compresses what it sends (the build's precompressed .gz files, as
// a host with nginx's gzip_static serves them; level 6 on the fly for a file without one), until "Send request" answers a click:
// an injected script clicks it the moment it is enabled (and again each frame until the click has
// a visible result: "Request in flight…", a trace's rows or verdict, or the button disabled), and
// the end is the frame after the one that shows that result (double requestAnimationFrame).
import { openApp } from './app-page.mjs';
import { summarize, round } from './stats.mjs';

/** Lighthouse's mobile Slow 4G preset (lighthouse-core/config/constants.js `mobileSlow4G`). */
export const SLOW_4G = { latencyMs: 150, downKbps: 1638.4, upKbps: 750, cpuSlowdown: 1 };
/**
 * The same preset as Lighthouse applies it with DevTools throttling (`--throttling-method=devtools`):
 * latency × 3.75, throughput × 0.9, CPU 4× (comparison point only).
 */
export const SLOW_4G_DEVTOOLS = { latencyMs: 562.5, downKbps: 1474.56, upKbps: 675, cpuSlowdown: 4 };

/** Injected before page scripts: clicks "Send request" as soon as it can and times the answer. */
export const SEND_WHEN_READY = `(() => {
  const button = () => [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Send request');
  const answered = () => {
    const b = button();
    return (b && b.disabled) || document.body.textContent.includes('Request in flight') ||
      !!document.querySelector('[role=treegrid] [role=row], [aria-label="Bottleneck verdict"]');
  };
  let clicks = 0;
  const frame = () => {
    if (answered()) {
      const at = performance.now();
      requestAnimationFrame(() => requestAnimationFrame(() => {
        window.__benchAnswered = { answeredAt: at, paintedAt: performance.now(), clicks };
      }));
      return;
    }
    const b = button();
    if (b && !b.disabled) { clicks += 1; b.click(); }
    requestAnimationFrame(frame);
  };
  const start = () => {
    const b = button();
    if (b && !b.disabled) { observer.disconnect(); clicks += 1; b.click(); requestAnimationFrame(frame); }
  };
  const observer = new MutationObserver(start);
  observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['disabled'] });
})();`;

function breakdownInPage() {
  const nav = performance.getEntriesByType('navigation')[0];
  const resources = performance.getEntriesByType('resource');
  const end = (suffix) => resources.find((r) => r.name.endsWith(suffix))?.responseEnd ?? null;
  const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null;
  return {
    interactive: window.__benchInteractiveAt,
    html_response_end: nav?.responseEnd ?? null,
    js_response_end: end('.js'),
    wasm_response_end: end('.wasm'),
    css_response_end: end('.css'),
    dom_content_loaded: nav?.domContentLoadedEventEnd ?? null,
    first_contentful_paint: fcp,
    transferred_bytes: (nav?.transferSize ?? 0) + resources.reduce((sum, r) => sum + (r.transferSize ?? 0), 0),
  };
}

/** Medians of each breakdown field over the runs. */
function medianBreakdown(rows) {
  const out = {};
  for (const key of Object.keys(rows[0])) {
    const values = rows.map((r) => r[key]).filter((v) => typeof v === 'number');
    out[key] = values.length ? summarize(values).value : null;
  }
  return out;
}

async function loadOnce(browser, url) {
  const { context, page, errors } = await openApp(browser, url);
  try {
    return await page.evaluate(breakdownInPage);
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
  return {
    ...summarize(rows.map((r) => r.interactive)),
    unit: 'ms',
    method:
      'loopback, files uncompressed; fresh context per run; navigation start (performance timeOrigin) → first DOM ' +
      'mutation after which the "Send request" button exists and is enabled (MutationObserver injected before page ' +
      'scripts); first run discarded',
    breakdown_median_ms: medianBreakdown(rows),
  };
}

/**
 * Before navigation: adds the click-when-ready script and applies the throttling profile through
 * CDP (the session stays attached until the context closes).
 */
function throttle(profile) {
  return async (page, context) => {
    await page.addInitScript(SEND_WHEN_READY);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: profile.latencyMs,
      downloadThroughput: (profile.downKbps * 1024) / 8,
      uploadThroughput: (profile.upKbps * 1024) / 8,
    });
    if (profile.cpuSlowdown > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpuSlowdown });
  };
}

async function throttledOnce(browser, url, profile) {
  const { context, page, errors } = await openApp(browser, url, { beforeGoto: throttle(profile), timeout: 120_000 });
  try {
    const answer = await page.waitForFunction(() => window.__benchAnswered, null, { timeout: 60_000 }).then((h) => h.jsonValue());
    const row = await page.evaluate(breakdownInPage);
    if (errors.length) throw new Error(`page errors: ${errors.join(' | ')}`);
    return { ...row, answered: answer.answeredAt, painted: answer.paintedAt, clicks: answer.clicks };
  } finally {
    await context.close();
  }
}

/** `load_slow4g_ms` (or a comparison profile): the median of `runs` cold throttled loads. */
export async function measureLoadThrottled(browser, gzipUrl, { runs = 5, profile = SLOW_4G } = {}) {
  const rows = [];
  for (let i = 0; i < runs; i++) rows.push(await throttledOnce(browser, gzipUrl, profile));
  return {
    ...summarize(rows.map((r) => r.painted)),
    unit: 'ms',
    method:
      `cold load (fresh context, cache disabled) through CDP Network.emulateNetworkConditions: latency ${profile.latencyMs} ms, ` +
      `${profile.downKbps} kbit/s down, ${profile.upKbps} kbit/s up (kbit = 1024 bit), CPU ` +
      `${profile.cpuSlowdown > 1 ? `${profile.cpuSlowdown}× slowdown` : 'not throttled'}; files gzip-compressed as the ` +
      `build ships them (zopfli .gz, served as nginx's gzip_static does; gzip -6 on the fly where a file has none); navigation start → "Send request" clicked as soon as it is enabled → its visible answer painted`,
    throttling: profile,
    clicks_needed: rows.map((r) => r.clicks),
    breakdown_median_ms: medianBreakdown(rows.map(({ clicks, ...rest }) => rest)),
    until_answered_ms: summarize(rows.map((r) => r.answered)),
    // What the learner sees first: index.html's header and loading note, before the wasm.
    first_paint_ms: summarize(rows.map((r) => r.first_contentful_paint).filter((v) => typeof v === 'number')),
    interactive_ms: summarize(rows.map((r) => r.interactive)),
    transferred_bytes: round(rows[0].transferred_bytes, 0),
  };
}
