// Reports what the release build weighs: each asset (html, js, wasm, css) raw, gzip -9 and
// brotli (quality 11), and the totals of what a cold load fetches (index.html and the files it
// names); files the app fetches only on demand are listed apart and not counted. A report, not
// a budget: what the page may weigh is decided by the load time a learner waits on a throttled
// link (the performance issue), so the only failure here is a guard against accidents (a debug
// build, a dependency pulled in by mistake): more than GUARD_GZIP_BYTES gzip in a cold load.
// Usage: node scripts/bundle-size.mjs [dist] [--json]
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, extname } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

// Issue 11: the old 250,000 B gate became this report, with a guard against accidents (a debug
// or unoptimised build weighs several MB) at 600,000 B gzip -9 in a cold load. The page went
// over it with issues 12-14 (722,163 B on 2026-12-06, guard raised to 750,000 B for a while) and
// came back under it when the scenario reader, the trace importer and the scenario links moved
// into the reader module fetched after the first paint (src/bin/reader, BENCHMARKS.md). The
// guard counts gzip -9, not the smaller precompressed `.gz` the build ships, so a host that
// compresses on the fly is covered too. What the page may weigh is decided by the throttled
// load time (BENCHMARKS.md, issue 15).
export const GUARD_GZIP_BYTES = 600_000;
const KINDS = ['.html', '.js', '.wasm', '.css'];

/** Compressed sizes of one file's bytes: gzip -9 and brotli at its best quality. */
export function compressedSizes(bytes) {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }).length,
  };
}

/**
 * Whether `file` is fetched by a cold load of `indexHtml`: named by an `href` or `src` attribute
 * (stylesheets, preloads, the icon) or inside a `<script>` (trunk's inline loader imports the JS
 * glue and fetches the wasm). A file in dist/ that the HTML does not name that way (a module the
 * app fetches when a feature first needs it, whose name may sit in a `<meta>`) is not.
 */
export function namedByHtml(indexHtml, file) {
  const scripts = [...indexHtml.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)].map((m) => m[1]);
  const attributes = [...indexHtml.matchAll(/\b(?:href|src)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi)].map((m) => m[1]);
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const named = new RegExp(`(^|[\\s"'=/(])${escaped}($|[\\s"'>?#)])`);
  return [...scripts, ...attributes].some((text) => named.test(text));
}

/**
 * Sizes of the html, js, wasm and css files in `dir`: `rows` ({ file, raw, gzip, brotli, cold }),
 * `totals` ({ raw, gzip, brotli }) of the files a cold load fetches (index.html and what it
 * names, see `namedByHtml`), and `onDemand` totals of the others, which the app fetches only
 * when a feature needs them. (bench/lib/bundle.mjs measures the same for the benchmark.)
 */
export function bundleSizes(dir) {
  const files = readdirSync(dir).filter((f) => KINDS.includes(extname(f)));
  const html = files.includes('index.html') ? readFileSync(join(dir, 'index.html'), 'utf8') : '';
  // What a host that serves the build's precompressed files (scripts/precompress.mjs) sends;
  // without them (a debug build), what it would compress on the fly.
  const shipped = (f, ext, fallback) => (existsSync(join(dir, f + ext)) ? statSync(join(dir, f + ext)).size : fallback);
  const rows = files
    .sort()
    .map((f) => {
      const sizes = compressedSizes(readFileSync(join(dir, f)));
      return {
        file: f,
        ...sizes,
        gzipShipped: shipped(f, '.gz', sizes.gzip),
        brotliShipped: shipped(f, '.br', sizes.brotli),
        cold: f === 'index.html' || namedByHtml(html, f),
      };
    });
  const sum = (cold, key) => rows.filter((r) => r.cold === cold).reduce((s, r) => s + r[key], 0);
  const keys = ['raw', 'gzip', 'brotli', 'gzipShipped', 'brotliShipped'];
  const sums = (cold) => Object.fromEntries(keys.map((k) => [k, sum(cold, k)]));
  return { rows, totals: sums(true), onDemand: sums(false) };
}

/** Problems that make the build not worth reporting on, or over the guard: messages. */
export function bundleProblems({ rows, totals }, dir = 'dist') {
  const problems = [];
  for (const kind of KINDS) {
    // `cold` is absent in hand-made rows (tests): count them as loaded.
    if (!rows.some((r) => extname(r.file) === kind && r.cold !== false)) {
      problems.push(`no ${kind} file loaded by ${dir}/index.html — is the build complete?`);
    }
  }
  if (totals.gzip > GUARD_GZIP_BYTES) {
    problems.push(
      `${totals.gzip} B gzip is over the ${GUARD_GZIP_BYTES} B guard by ${totals.gzip - GUARD_GZIP_BYTES} B: ` +
        'was this a debug build, or did a dependency come in by accident? (See BENCHMARKS.md.)',
    );
  }
  return problems;
}

const num = (n) => n.toLocaleString('en-US').padStart(11);

function printTable({ rows, totals, onDemand }) {
  const line = (name, r) =>
    console.log(`${name.padEnd(50)} ${num(r.raw)} ${num(r.gzip)} ${num(r.brotli)} ${num(r.gzipShipped)} ${num(r.brotliShipped)}`);
  const head = ['raw B', 'gzip -9 B', 'brotli B', '.gz B', '.br B'].map((h) => h.padStart(11)).join(' ');
  console.log(`${'file'.padEnd(50)} ${head}`);
  for (const r of rows.filter((r) => r.cold)) line(r.file, r);
  line('total (a cold load)', totals);
  const later = rows.filter((r) => !r.cold);
  if (later.length > 0) {
    console.log('not named by index.html, fetched when a feature first needs them (not counted):');
    for (const r of later) line(`  ${r.file}`, r);
    line('  total (on demand)', onDemand);
  }
  console.log('(.gz and .br: the precompressed files the build ships, zopfli and brotli 11, as a host serving them sends)');
  console.log(`(a report; the only limit is a guard at ${GUARD_GZIP_BYTES.toLocaleString('en-US')} B gzip -9 against accidents)`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const dir = args.find((a) => !a.startsWith('--')) ?? 'dist';
  const sizes = bundleSizes(dir);
  if (args.includes('--json')) console.log(JSON.stringify({ ...sizes, guardGzipBytes: GUARD_GZIP_BYTES }, null, 2));
  else printTable(sizes);
  const problems = bundleProblems(sizes, dir);
  for (const p of problems) console.error(`bundle-size: ${p}`);
  if (problems.length > 0) process.exit(1);
}
