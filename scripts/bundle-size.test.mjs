// The bundle report's own logic (node --test, no browser): sizes per file in three encodings,
// and a guard that trips only above GUARD_GZIP_BYTES gzip or on an incomplete build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { bundleSizes, bundleProblems, compressedSizes, GUARD_GZIP_BYTES } from './bundle-size.mjs';

function distWith(files) {
  const dir = mkdtempSync(join(tmpdir(), 'bundle-size-'));
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
  return dir;
}

// What trunk writes: the stylesheet linked, the glue imported and the wasm fetched by the inline
// loader, both also preloaded.
const INDEX = `<link href=./style.css rel=stylesheet><script type=module>import init from './app.js';
await init({ module_or_path: './app_bg.wasm' });</script><link href=./app.js rel=modulepreload>`;

test('every asset is reported raw, gzip and brotli; other files are not counted', () => {
  const text = Buffer.from('<p>tracing</p>'.repeat(2_000));
  const index = Buffer.concat([Buffer.from(INDEX), text.subarray(INDEX.length)]);
  const dir = distWith({ 'index.html': index, 'app.js': text, 'app_bg.wasm': text, 'style.css': text, 'favicon.svg': text });
  try {
    const sizes = bundleSizes(dir);
    assert.deepEqual(sizes.rows.map((r) => r.file), ['app.js', 'app_bg.wasm', 'index.html', 'style.css']);
    for (const r of sizes.rows) {
      assert.equal(r.raw, text.length);
      assert.ok(r.gzip < r.raw / 20 && r.brotli < r.raw / 20, `repetitive text compresses: ${JSON.stringify(r)}`);
      assert.ok(r.brotli <= r.gzip, 'brotli at its best quality beats gzip -9 on text');
    }
    assert.equal(sizes.totals.raw, 4 * text.length);
    assert.equal(sizes.totals.gzip, sizes.rows.reduce((n, r) => n + r.gzip, 0));
    assert.ok(sizes.rows.every((r) => r.cold), 'index.html names every file');
    assert.deepEqual(sizes.onDemand, { raw: 0, gzip: 0, brotli: 0, gzipShipped: 0, brotliShipped: 0 });
    assert.deepEqual(bundleProblems(sizes, dir), []);
    // Without precompressed files (a debug build), "shipped" is what a host compresses on the fly.
    assert.ok(sizes.rows.every((r) => r.gzipShipped === r.gzip && r.brotliShipped === r.brotli));
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('a precompressed .gz or .br beside a file is what a host serving it sends', () => {
  const text = Buffer.from('<p>tracing</p>'.repeat(2_000));
  const index = Buffer.concat([Buffer.from(INDEX), text.subarray(INDEX.length)]);
  const dir = distWith({ 'index.html': index, 'app.js': text, 'app_bg.wasm': text, 'style.css': text,
    'app_bg.wasm.gz': Buffer.alloc(123), 'app_bg.wasm.br': Buffer.alloc(45) });
  try {
    const sizes = bundleSizes(dir);
    assert.deepEqual(sizes.rows.map((r) => r.file), ['app.js', 'app_bg.wasm', 'index.html', 'style.css'], 'not listed as files');
    const wasm = sizes.rows.find((r) => r.file === 'app_bg.wasm');
    assert.equal(wasm.gzipShipped, 123);
    assert.equal(wasm.brotliShipped, 45);
    assert.equal(wasm.gzip, compressedSizes(text).gzip, 'gzip -9 is still measured');
    const others = sizes.rows.filter((r) => r.file !== 'app_bg.wasm');
    assert.equal(sizes.totals.gzipShipped, 123 + others.reduce((n, r) => n + r.gzip, 0));
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('the guard trips above 600,000 B gzip, not at it', () => {
  const rows = [{ file: 'a.html' }, { file: 'a.js' }, { file: 'a.wasm' }, { file: 'a.css' }];
  assert.equal(GUARD_GZIP_BYTES, 600_000);
  assert.deepEqual(bundleProblems({ rows, totals: { gzip: 600_000 } }), []);
  const [over] = bundleProblems({ rows, totals: { gzip: 600_001 } });
  assert.match(over, /600001 B gzip is over the 600000 B guard by 1 B/);
});

test('an incomplete build is named, whatever its size', () => {
  const rows = [{ file: 'index.html' }, { file: 'app.js' }];
  assert.deepEqual(bundleProblems({ rows, totals: { gzip: 10 } }, 'dist'), [
    'no .wasm file loaded by dist/index.html — is the build complete?',
    'no .css file loaded by dist/index.html — is the build complete?',
  ]);
});

test('files index.html does not name are fetched on demand: listed, not counted, not the app', () => {
  const big = randomBytes(30_000);
  const small = Buffer.from('x');
  const dir = distWith({
    // The app may learn a lazy module's hashed name from the HTML: a name is not a fetch.
    'index.html': `<meta name=reader content=./reader_bg.wasm>${INDEX}`,
    'app.js': small,
    'app_bg.wasm': small,
    'style.css': small,
    // A module the app fetches later, and one whose name contains a loaded file's name.
    'reader_bg.wasm': big,
    'myapp.js': big,
  });
  try {
    const sizes = bundleSizes(dir);
    const cold = Object.fromEntries(sizes.rows.map((r) => [r.file, r.cold]));
    assert.deepEqual(cold, {
      'app.js': true, 'app_bg.wasm': true, 'index.html': true, 'myapp.js': false,
      'reader_bg.wasm': false, 'style.css': true,
    });
    assert.ok(sizes.totals.gzip < 1_000, `only the cold load counts: ${sizes.totals.gzip}`);
    assert.ok(sizes.onDemand.gzip >= 60_000, `the two on-demand files: ${sizes.onDemand.gzip}`);
    assert.deepEqual(bundleProblems(sizes, 'dist'), []);
    // The page's own wasm is one the HTML names: a build whose only wasm is on demand is broken.
    const onlyLazy = { ...sizes, rows: sizes.rows.filter((r) => r.file !== 'app_bg.wasm') };
    assert.deepEqual(bundleProblems(onlyLazy, 'dist'), [
      'no .wasm file loaded by dist/index.html — is the build complete?',
    ]);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('incompressible bytes cost about their raw size in both encodings', () => {
  const bytes = randomBytes(50_000);
  const sizes = compressedSizes(bytes);
  assert.equal(sizes.raw, 50_000);
  assert.ok(sizes.gzip >= 50_000 && sizes.gzip < 50_100, `gzip ${sizes.gzip}`);
  assert.ok(sizes.brotli >= 50_000 && sizes.brotli < 50_100, `brotli ${sizes.brotli}`);
});
