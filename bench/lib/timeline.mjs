// The page's main-thread time split the way DevTools' Performance panel "Summary" splits it —
// scripting (JS + wasm), style, layout, paint, GC, idle — from a Chromium trace
// (playwright `browser.startTracing`). The CPU profile (profile.mjs) says which functions run;
// this says how much of the wall time is the browser rendering between them, which a CPU profile
// only shows as "(program)".
// Trace event format: https://docs.google.com/document/d/1CvAClvFfyA5R-PhYUmn5OOQtYMH4h6I0nSsKchNAySU

const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8',
  'v8.execute',
  'blink.user_timing',
];

const KIND = [
  ['style', /^(UpdateLayoutTree|RecalculateStyles|ParseAuthorStyleSheet|ScheduleStyleRecalculation)$/],
  ['layout', /^(Layout|UpdateLayerTree|PrePaint|Layerize|IntersectionObserverController::computeIntersections)$/],
  ['paint', /^(Paint|PaintImage|Commit|CompositeLayers|Decode Image)$/],
  ['gc', /GC|^V8\.GC/],
  ['compile', /^(v8\.compile|v8\.compileModule|V8\.CompileCode|v8\.wasm\.)/],
  ['parse html', /^ParseHTML$/],
  ['scripting', /^(FunctionCall|TimerFire|EventDispatch|v8\.callFunction|RunMicrotasks|EvaluateScript|v8\.run|FireAnimationFrame|v8\.execute|RunTask)$/],
];

function kindOf(name) {
  for (const [kind, re] of KIND) if (re.test(name)) return kind;
  return 'other';
}

/** Starts tracing the browser; `stop()` resolves to a summary of the page's main thread. */
export async function startTimeline(browser, page) {
  await browser.startTracing(page, { categories: CATEGORIES });
  return async () => summarizeTimeline(JSON.parse((await browser.stopTracing()).toString('utf8')));
}

/**
 * Self time (ms) per kind on the renderer main thread (`CrRendererMain`) over the traced window,
 * plus `idle` = the window's wall time not covered by any task, and the top event names.
 */
export function summarizeTimeline(trace) {
  const events = trace.traceEvents ?? trace;
  const mainThreads = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const slices = events
    .filter((e) => e.ph === 'X' && typeof e.dur === 'number' && mainThreads.has(`${e.pid}:${e.tid}`))
    .sort((x, y) => x.ts - y.ts || y.dur - x.dur);
  if (!slices.length) return { wall_ms: 0, by_kind_ms: {}, top_events_ms: [] };
  const byKind = {};
  const byName = {};
  const stack = [];
  let busyUs = 0;
  const close = (slice) => {
    const self = Math.max(0, slice.dur - slice.childUs);
    byKind[kindOf(slice.name)] = (byKind[kindOf(slice.name)] ?? 0) + self;
    byName[slice.name] = (byName[slice.name] ?? 0) + self;
  };
  for (const e of slices) {
    while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) close(stack.pop());
    const parent = stack.at(-1);
    if (parent) parent.childUs += e.dur;
    else busyUs += e.dur;
    stack.push({ name: e.name, ts: e.ts, dur: e.dur, childUs: 0 });
  }
  while (stack.length) close(stack.pop());
  const start = slices[0].ts;
  const end = Math.max(...slices.map((e) => e.ts + e.dur));
  const ms = (us) => Math.round(us / 100) / 10;
  byKind.idle = Math.max(0, end - start - busyUs);
  return {
    wall_ms: ms(end - start),
    by_kind_ms: Object.fromEntries(Object.entries(byKind).sort((x, y) => y[1] - x[1]).map(([k, v]) => [k, ms(v)])),
    top_events_ms: Object.entries(byName)
      .sort((x, y) => y[1] - x[1])
      .slice(0, 12)
      .map(([name, us]) => ({ event: name, self_ms: ms(us) })),
  };
}

/** Runs `action()` under tracing; returns its result and the timeline summary. */
export async function traced(browser, page, action) {
  const stop = await startTimeline(browser, page);
  const result = await action();
  return { result, timeline: await stop() };
}
