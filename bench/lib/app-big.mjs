// Issue 15, "Big traces": one 100,000-span trace in the app, and on it, in one fresh page per run:
//   open_100k_span_trace_ms  DOM click on the trace's entry in the results → timeline rows painted
//   memory_100k_mb           JS heap (after a full GC) + every wasm memory, with the trace open
//   scroll_100k_p95_frame_ms p95 of requestAnimationFrame deltas while the timeline scrolls for 2 s
//   views_100k_ms            the slowest of the tabs "Trace graph", "Statistics", "Spans table",
//                            "Flame graph": DOM click on the tab → its panel landed and painted
//   export_100k_spans_ms/_lost  "Export to Jaeger" of the store (that trace) to the stub collector
//
// The trace: with "Fan-out (db calls)" allowing 25,000, one "Run load" request with heavy_calc and
// Fan-out 25,000 (100,004 spans); otherwise the generated 100,000-span OTLP file (big-trace.mjs)
// through "Import traces". results.json says which (`source`).
import { openApp, findControls, prepareLoad, setNumber, withCdp } from './app-page.mjs';
import { summarize, percentile, round } from './stats.mjs';
import { startProfile, summarizeProfile } from './profile.mjs';
import { exportControls, clickExport } from './app-export.mjs';
import { GANTT_ROWS, VERDICT, VIEW_NAMES, openTraceInPage, scrollTimelineInPage, openViewInPage } from './big-probes.mjs';

const WANT_SPANS = 100_000;
const FAN_OUT = 25_000;
const SPAN_COUNT = /(\d[\d,]*)\s*spans/;
const SCROLL = { durationMs: 2_000, pxPerSecond: 2_400 };

/** Puts a ≥ 100,000-span trace in the store; returns its list entry, span count and how. */
async function makeBigTrace(page, fanOutFile) {
  const { found } = await findControls(page, { fanOut: ['spinbutton', /Fan-out/] });
  const fanOutMax = found.fanOut ? Number(await found.fanOut.getAttribute('max')) : null;
  let source;
  let importMs = null;
  if (fanOutMax !== null && fanOutMax >= FAN_OUT) {
    const load = await prepareLoad(page, { requests: 1 });
    if (load.missing.length) return { reason: `not measured: the app has no ${load.missing.join(', ')} yet` };
    await setNumber(found.fanOut, FAN_OUT);
    await load.run.click();
    source = `Run load: 1 request, heavy_calc, Fan-out ${FAN_OUT}`;
  } else {
    const input = page.getByLabel('Import traces');
    if ((await input.count()) === 0) return { reason: 'not measured: no "Import traces" file field, and Fan-out cannot reach 25,000' };
    const started = Date.now();
    await input.first().setInputFiles(fanOutFile);
    const status = await page
      .waitForFunction(
        () => [...document.querySelectorAll('[role=status]')].map((e) => e.textContent).find((t) => /Imported \d|Could not import/.test(t)),
        null,
        { timeout: 300_000, polling: 100 },
      )
      .then((h) => h.jsonValue());
    importMs = Date.now() - started;
    if (/Could not import/.test(status)) return { reason: `not measured: the app refused the 100,000-span file: ${status}` };
    source = `Import traces: generated 100,000-span OTLP file (Fan-out (db calls) max is ${fanOutMax ?? 'unknown'}, below ${FAN_OUT})`;
  }
  const entry = page.getByRole('button', { name: SPAN_COUNT }).or(page.getByRole('link', { name: SPAN_COUNT })).first();
  try {
    await entry.waitFor({ timeout: 300_000 });
  } catch {
    return { reason: 'not measured: no trace entry naming its span count ("N spans") appeared in the results' };
  }
  const name = (await entry.getAttribute('aria-label')) ?? (await entry.innerText());
  const spans = Number((SPAN_COUNT.exec(name)?.[1] ?? '0').replace(/,/g, ''));
  if (spans < WANT_SPANS) return { reason: `not measured: the trace in the results has ${spans} spans, not ${WANT_SPANS}` };
  return { entry, spans, source, importMs, fanOutMax };
}

/** JS heap used after a full GC (CDP) plus the wasm memories' size, in MB (10^6 bytes). */
async function memoryNow(page) {
  const metrics = await withCdp(page, async (cdp) => {
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    const { metrics: list } = await cdp.send('Performance.getMetrics');
    return Object.fromEntries(list.map((m) => [m.name, m.value]));
  });
  const wasm = await page.evaluate(() => ({ bytes: window.__bench.wasmMemoryBytes(), memories: window.__bench.wasmMemories() }));
  if (wasm.memories === 0) throw new Error('no WebAssembly.Memory seen (the wasm probe did not catch the instantiation)');
  return {
    mb: (metrics.JSHeapUsedSize + wasm.bytes) / 1e6,
    js_heap_used_mb: round(metrics.JSHeapUsedSize / 1e6),
    js_heap_total_mb: round(metrics.JSHeapTotalSize / 1e6),
    wasm_memory_mb: round(wasm.bytes / 1e6),
    dom_nodes: metrics.Nodes,
  };
}

/** Each view found by its visible name, opened in turn; times per name, or the names not found. */
async function openViews(page, { profile = false } = {}) {
  const times = {};
  const missing = [];
  const profiles = {};
  for (const name of VIEW_NAMES) {
    let tab = page.getByRole('tab', { name, exact: true });
    if ((await tab.count()) === 0) tab = page.getByRole('button', { name, exact: true });
    if ((await tab.count()) === 0) {
      missing.push(name);
      continue;
    }
    const handle = await tab.first().elementHandle();
    const stop = profile ? await startProfile(page) : null;
    const r = await page.evaluate(openViewInPage, { tab: handle, timeout: 60_000 });
    if (stop) profiles[name] = summarizeProfile(await stop(), 10);
    if (r.timedOut) throw new Error(`the "${name}" view did not land within 60 s`);
    times[name] = { ms: r.paintedMs, panel: r.panel };
  }
  return { times, missing, profiles };
}

/** One page: the trace, then every measurement in order. `profile` adds CPU profiles instead of timing. */
async function bigOnce(browser, url, collector, fanOutFile, { profile = false } = {}) {
  const { context, page, errors } = await openApp(browser, url, { timeout: 60_000 });
  try {
    const big = await makeBigTrace(page, fanOutFile);
    if (big.reason) return { reason: big.reason };
    if ((await page.locator(GANTT_ROWS).count()) > 0) {
      return { reason: 'not measured: timeline rows were on screen before the click (selector too broad?)' };
    }
    const out = { source: big.source, spans: big.spans, import_ms: big.importMs, fan_out_max: big.fanOutMax, profiles: {} };
    const entry = await big.entry.elementHandle();
    const stopOpen = profile ? await startProfile(page) : null;
    out.open = await page.evaluate(openTraceInPage, { entry, rows: GANTT_ROWS, verdict: VERDICT, timeout: 120_000 });
    if (stopOpen) out.profiles.open = summarizeProfile(await stopOpen());
    if (out.open.paintedMs === null) return { reason: 'not measured: the timeline showed no rows within 120 s of the click' };
    out.memory = await memoryNow(page);
    const stopScroll = profile ? await startProfile(page) : null;
    out.scroll = await page.evaluate(scrollTimelineInPage, SCROLL);
    if (stopScroll) out.profiles.scroll = summarizeProfile(await stopScroll());
    out.views = await openViews(page, { profile });
    if (profile) out.profiles.views = out.views.profiles;
    const controls = await exportControls(page);
    if (controls.missing.length) out.export = { reason: `not measured: the app has no ${controls.missing.join(', ')} yet` };
    else {
      const stopExport = profile ? await startProfile(page) : null;
      out.export = await clickExport(page, controls.button, collector, big.spans, { deadlineMs: 120_000 });
      if (stopExport) out.profiles.export = summarizeProfile(await stopExport());
    }
    if (errors.length) return { reason: `not measured: page errors: ${errors.join(' | ')}` };
    return out;
  } finally {
    await context.close();
  }
}

const nothing = (reason) => ({ value: null, reason });

/** Turns the runs into the six metric records. */
function records(rows) {
  const first = rows[0];
  const common = { trace_spans: first.spans, source: first.source, fan_out_max: first.fan_out_max };
  const out = {};
  out.open_100k_span_trace_ms = {
    ...summarize(rows.map((r) => r.open.paintedMs)),
    unit: 'ms',
    method: 'DOM click on the trace entry in the results → first frame with timeline rows painted (rAF check, next rAF)',
    dom_rows_ms: summarize(rows.map((r) => r.open.rowsMs)),
    verdict_shown_ms: rows.every((r) => r.open.verdictMs !== null) ? summarize(rows.map((r) => r.open.verdictMs)) : null,
    timeline_aria_rowcount: first.open.rowCount,
    import_ms: first.import_ms === null ? null : summarize(rows.map((r) => r.import_ms)),
    ...common,
  };
  out.memory_100k_mb = {
    ...summarize(rows.map((r) => r.memory.mb)),
    unit: 'MB (10^6 B): JS heap used after a full GC + wasm memory',
    method: 'with the trace open: CDP HeapProfiler.collectGarbage, Performance.getMetrics JSHeapUsedSize + the byte length of every WebAssembly.Memory the page instantiated',
    parts_last_run: rows.at(-1).memory,
    ...common,
  };
  const scrollProblem = rows.map((r) => r.scroll).find((s) => s.error || s.scrolledPx <= 0 || s.firstRowBefore === s.firstRowAfter);
  out.scroll_100k_p95_frame_ms = scrollProblem
    ? nothing(`not measured: ${scrollProblem.error ?? (scrollProblem.scrolledPx <= 0 ? 'the timeline did not scroll' : 'the timeline did not render other rows while scrolling')}`)
    : {
      ...summarize(rows.map((r) => percentile(r.scroll.deltas, 95))),
      unit: 'ms (p95 of rAF deltas per run; median of runs)',
      method: `timeline scrolled for ${SCROLL.durationMs} ms at ${SCROLL.pxPerSecond} px/s (scrollTop set each frame) right after opening; requestAnimationFrame deltas`,
      frames_per_run: rows.map((r) => r.scroll.deltas.length),
      worst_frame_ms: round(Math.max(...rows.flatMap((r) => r.scroll.deltas))),
      scroller: first.scroll.scroller,
      ...common,
    };
  const missing = first.views.missing;
  const perView = Object.fromEntries(Object.keys(first.views.times).map((name) => [name, summarize(rows.map((r) => r.views.times[name].ms)).value]));
  out.views_100k_ms = missing.length
    ? { ...nothing(`not measured: no tab or button named ${missing.map((n) => `"${n}"`).join(', ')} (issue 13's views)`), measured_views_median_ms: perView }
    : {
      ...summarize(rows.map((r) => Math.max(...Object.values(r.views.times).map((t) => t.ms)))),
      unit: 'ms (slowest view per run)',
      method: 'each tab found by role and visible name, DOM click → its panel shown with content, not aria-busy, painted (rAF check, next rAF)',
      per_view_median_ms: perView,
      panel_detection: Object.fromEntries(Object.entries(first.views.times).map(([n, t]) => [n, t.panel])),
      ...common,
    };
  const exports = rows.map((r) => r.export);
  if (exports.some((e) => e.reason)) {
    out.export_100k_spans_ms = nothing(exports.find((e) => e.reason).reason);
    out.export_100k_lost = nothing(exports.find((e) => e.reason).reason);
  } else {
    const method = 'after the other measurements, same page: OTLP endpoint /v1/traces (runner proxy → stub collector); DOM click on "Export to Jaeger" → collector has every span id and the status says "Exported", or the status says it and nothing more arrives for 1 s';
    out.export_100k_spans_ms = exports.every((e) => e.ms !== null)
      ? { ...summarize(exports.map((e) => e.ms)), unit: 'ms', method, app_status: exports.at(-1).status, ...common }
      : nothing('not measured: the app never said "Exported N spans" within 120 s');
    out.export_100k_lost = { ...summarize(exports.map((e) => e.lost), 0), unit: 'spans', method, app_status: exports.at(-1).status, ...common };
  }
  return out;
}

export const BIG_METRICS = ['open_100k_span_trace_ms', 'memory_100k_mb', 'scroll_100k_p95_frame_ms', 'views_100k_ms', 'export_100k_spans_ms', 'export_100k_lost'];

/** All six metrics: `runs` measured pages after one discarded warm-up, then one profiled page. */
export async function measureBig(browser, url, collector, fanOutFile, { runs = 5, profile = true, profileUrl = url } = {}) {
  const rows = [];
  for (let i = 0; i <= runs; i++) {
    const r = await bigOnce(browser, url, collector, fanOutFile);
    if (r.reason) return Object.fromEntries(BIG_METRICS.map((k) => [k, nothing(r.reason)]));
    if (i > 0) rows.push(r);
  }
  const out = records(rows);
  if (profile) {
    try {
      const p = await bigOnce(browser, profileUrl, collector, fanOutFile, { profile: true });
      if (!p.reason) {
        out.open_100k_span_trace_ms.profile = { cpu: p.profiles.open };
        if (out.scroll_100k_p95_frame_ms.value != null) out.scroll_100k_p95_frame_ms.profile = { cpu: p.profiles.scroll };
        if (Object.keys(p.profiles.views ?? {}).length) out.views_100k_ms.profile = { cpu_per_view: p.profiles.views };
        if (p.profiles.export && out.export_100k_spans_ms.value != null) out.export_100k_spans_ms.profile = { cpu: p.profiles.export };
      }
    } catch (err) {
      out.open_100k_span_trace_ms.profile = { error: String(err.message).split('\n')[0] };
    }
  }
  return out;
}
