// CPU profiles through the Chrome DevTools Protocol (`Profiler` domain, via playwright's
// newCDPSession), boiled down to "where the time goes": self time per function and per category
// (wasm, JS, GC, idle/program), as the table in BENCHMARKS.md shows it.
// CDP reference: https://chromedevtools.github.io/devtools-protocol/tot/Profiler/

/** Starts sampling (every 100 µs) on `page`; returns `stop()` resolving to the raw profile. */
export async function startProfile(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  return async () => {
    const { profile } = await cdp.send('Profiler.stop');
    await cdp.detach();
    return profile;
  };
}

function categoryOf(frame) {
  const name = frame.functionName;
  if (name === '(garbage collector)') return 'gc';
  if (name === '(idle)') return 'idle';
  if (name === '(program)' || name === '(root)') return 'browser (program)';
  if (frame.url.startsWith('wasm://') || frame.url.endsWith('.wasm') || /^(\$|wasm-function\[)/.test(name)) return 'wasm';
  if (/^(js-to-wasm|wasm-to-js)/.test(name)) return 'wasm↔js calls';
  if (!frame.url) return 'native/builtins';
  return 'js';
}

function label(frame) {
  const file = frame.url ? frame.url.split('/').pop() : '';
  // Rust symbols end in a 16-hex-digit hash (`::h0123…`): noise for a reader.
  const name = (frame.functionName || '(anonymous)').replace(/::h[0-9a-f]{16}$/, '');
  return file ? `${name} (${file}:${frame.lineNumber + 1})` : name;
}

/**
 * Self time (ms) per function and per category between the profile's first and last sample.
 * `top` limits the function list. Time between samples is attributed to the sampled node.
 */
export function summarizeProfile(profile, top = 15) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i + 1] ?? 0;
    selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  });
  const byFunction = new Map();
  const byCategory = {};
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    const frame = nodes.get(id)?.callFrame;
    if (!frame) continue;
    totalUs += us;
    const cat = categoryOf(frame);
    byCategory[cat] = (byCategory[cat] ?? 0) + us;
    const key = label(frame);
    const entry = byFunction.get(key) ?? { function: key, category: cat, self_us: 0 };
    entry.self_us += us;
    byFunction.set(key, entry);
  }
  const ms = (us) => Math.round(us / 100) / 10;
  return {
    total_ms: ms(totalUs),
    by_category_ms: Object.fromEntries(
      Object.entries(byCategory)
        .sort((x, y) => y[1] - x[1])
        .map(([k, v]) => [k, ms(v)]),
    ),
    top_self_ms: [...byFunction.values()]
      .sort((x, y) => y.self_us - x.self_us)
      .slice(0, top)
      .map((e) => ({ function: e.function, category: e.category, self_ms: ms(e.self_us) })),
  };
}

/** Runs `action()` under the profiler and returns its summary (and the action's result). */
export async function profiled(page, action, top) {
  const stop = await startProfile(page);
  const result = await action();
  const summary = summarizeProfile(await stop(), top);
  return { summary, result };
}
