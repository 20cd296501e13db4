// Floors (issues 7 and 15), the floor check, and the outputs: target/bench/results.json and the
// generated table in BENCHMARKS.md (between the bench:table markers; everything outside the
// markers is hand-written and kept).
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Every metric, in table order, with its floor (`null`: reported, no floor) and goal. `field` says
 * which figure must meet the floor (the median unless stated).
 */
export const FLOORS = {
  bundle_gz_bytes: null,
  bundle_br_bytes: null,
  load_ms: { op: '<=', limit: 500, field: 'value' },
  load_slow4g_ms: { op: '<=', limit: 3_000, goal: 2_000, field: 'value' },
  app_10k_painted_ms: null,
  app_10k_painted_cold_ms: null,
  otel_js_fair_10k_ms: null,
  fair_ratio_vs_otel_js: { op: '>=', limit: 3, goal: 10, field: 'value' },
  sim_10k_ms: { op: '<=', limit: 200, field: 'value' },
  open_10k_span_trace_ms: { op: '<=', limit: 1_000, field: 'value' },
  export_10k_spans_ms: { op: '<=', limit: 2_000, field: 'value' },
  // A span lost in any run is a loss: the worst run must meet it.
  export_10k_lost: { op: '<=', limit: 0, field: 'max' },
  open_100k_span_trace_ms: { op: '<=', limit: 1_000, field: 'value' },
  scroll_100k_p95_frame_ms: { op: '<=', limit: 33, goal: 17, field: 'value' },
  critical_path_100k_ms: { op: '<=', limit: 200, field: 'value' },
  views_100k_ms: { op: '<=', limit: 2_000, field: 'value' },
  memory_100k_mb: { op: '<=', limit: 300, field: 'value' },
  export_100k_spans_ms: { op: '<=', limit: 10_000, field: 'value' },
  export_100k_lost: { op: '<=', limit: 0, field: 'max' },
};

export const SKIPPED = 'not measured: skipped';

const meets = (op, figure, limit) => (op === '<=' ? figure <= limit : figure >= limit);

/**
 * Adds `floor`, `goal`, `meets_floor` (true/false, or null when not measured) and `meets_goal` to
 * each metric. Returns the missed floors, the metrics that could not be measured (a reason each)
 * and those skipped on request (`--only`), which are neither.
 */
export function checkFloors(metrics) {
  const missed = [];
  const unmeasured = [];
  const skipped = [];
  for (const [name, floor] of Object.entries(FLOORS)) {
    const m = metrics[name];
    if (!m) continue;
    m.floor = floor ? `${floor.op} ${floor.limit}${floor.field === 'value' ? '' : ` (${floor.field})`}` : null;
    if (floor?.goal !== undefined) m.goal = `${floor.op} ${floor.goal}`;
    if (m.value === null || m.value === undefined) {
      m.meets_floor = null;
      if (String(m.reason).startsWith(SKIPPED)) skipped.push(name);
      else unmeasured.push(`${name}: ${m.reason ?? 'not measured'}`);
      continue;
    }
    if (!floor) continue;
    const figure = m[floor.field];
    m.meets_floor = meets(floor.op, figure, floor.limit);
    if (floor.goal !== undefined) m.meets_goal = meets(floor.op, figure, floor.goal);
    if (!m.meets_floor) missed.push(`${name} = ${figure} (${floor.field}), floor ${floor.op} ${floor.limit}`);
  }
  return { missed, unmeasured, skipped };
}

/** The process exit code: 1 for a missed floor, or (unless lenient) an unmeasured metric. */
export function exitCode({ missed, unmeasured }, { lenient = false } = {}) {
  if (missed.length) return 1;
  if (!lenient && unmeasured.length) return 1;
  return 0;
}

const fmt = (v) => (v === null || v === undefined ? '—' : typeof v === 'number' ? v.toLocaleString('en-US') : v);

function tableRow(name, m) {
  const goal = m.goal ? `; goal ${m.goal}${m.meets_goal ? ' ✅' : m.meets_goal === false ? ' (not yet)' : ''}` : '';
  if (m.value === null || m.value === undefined) {
    return `| \`${name}\` | **not measured** | | | | ${m.floor ?? '—'}${goal} | ${m.reason ?? ''} |`;
  }
  const verdict = m.meets_floor === null || m.meets_floor === undefined ? '' : m.meets_floor ? ' ✅' : ' ❌ missed';
  return `| \`${name}\` | ${fmt(m.value)} | ${fmt(m.min)} | ${fmt(m.max)} | ${fmt(m.runs)} | ${m.floor ?? '—'}${verdict}${goal} | ${m.unit ?? ''} |`;
}

/** The generated markdown: machine and its load, one row per metric, then comparison points. */
export function renderTable(results) {
  const mc = results.machine;
  const load = mc.load_avg_1m_during;
  const lines = [
    `Run on ${mc.date.slice(0, 10)} (${mc.date}) at commit \`${mc.git_commit ?? '?'}\`${mc.git_dirty ? ' (with uncommitted changes)' : ''}:`,
    `${mc.cpu}, ${mc.cores} cores, ${mc.ram_gib} GiB RAM, ${mc.os}, Chromium ${mc.chromium} (headless), Node ${mc.node}.`,
    `Load average (1 min) at start ${mc.load_avg_1m_at_start}, at end ${mc.load_avg_1m_at_end ?? '?'}` +
      (load ? `, during the run ${load.min}–${load.max} (median ${load.median}, sampled every ${load.every_s} s)` : '') +
      (Math.max(mc.load_avg_1m_at_start, mc.load_avg_1m_at_end ?? 0, load?.median ?? 0) > mc.cores
        ? ` — **the machine was busy with other work (more runnable tasks than cores): figures are pessimistic.**`
        : '.'),
    '',
    '| metric | median | min | max | runs | floor | unit / note |',
    '| --- | ---: | ---: | ---: | ---: | --- | --- |',
    ...Object.entries(results.metrics).map(([name, m]) => tableRow(name, m)),
  ];
  const extra = results.comparison ?? {};
  if (Object.keys(extra).length) {
    lines.push('', 'Comparison points (no floor):', '');
    for (const [name, m] of Object.entries(extra)) {
      lines.push(
        m.value === null || m.value === undefined
          ? `- \`${name}\`: ${m.reason}`
          : `- \`${name}\`: ${fmt(m.value)} ${m.unit ?? ''} (min ${fmt(m.min)}, max ${fmt(m.max)}, ${m.runs} runs) — ${m.method}`,
      );
    }
  }
  return lines.join('\n');
}

const START = '<!-- bench:table:start (generated by scripts/bench.sh; edits here are overwritten) -->';
const END = '<!-- bench:table:end -->';

/** Writes results.json and replaces the table between the markers of BENCHMARKS.md. */
export function writeOutputs(results, { jsonPath, markdownPath }) {
  mkdirSync(dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, `${JSON.stringify(results, null, 2)}\n`);
  if (!markdownPath) return;
  const table = `${START}\n${renderTable(results)}\n${END}`;
  const old = existsSync(markdownPath) ? readFileSync(markdownPath, 'utf8') : `# Benchmarks\n\n${START}\n${END}\n`;
  const from = old.indexOf(START);
  const to = old.indexOf(END);
  const next = from >= 0 && to > from ? old.slice(0, from) + table + old.slice(to + END.length) : `${old}\n${table}\n`;
  writeFileSync(markdownPath, next);
}
