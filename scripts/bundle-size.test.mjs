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

test('every asset is reported raw, gzip and brotli; other files are not counted', () => {
  const text = Buffer.from('<p>tracing</p>'.repeat(2_000));
  const dir = distWith({ 'index.html': text, 'app.js': text, 'app_bg.wasm': text, 'style.css': text, 'favicon.svg': text });
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
    assert.deepEqual(bundleProblems(sizes, dir), []);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('the guard trips above 700,000 B gzip, not at it', () => {
  const rows = [{ file: 'a.html' }, { file: 'a.js' }, { file: 'a.wasm' }, { file: 'a.css' }];
  assert.equal(GUARD_GZIP_BYTES, 700_000);
  assert.deepEqual(bundleProblems({ rows, totals: { gzip: 700_000 } }), []);
  const [over] = bundleProblems({ rows, totals: { gzip: 700_001 } });
  assert.match(over, /700001 B gzip is over the 700000 B guard by 1 B/);
});

test('an incomplete build is named, whatever its size', () => {
  const rows = [{ file: 'index.html' }, { file: 'app.js' }];
  assert.deepEqual(bundleProblems({ rows, totals: { gzip: 10 } }, 'dist'), [
    'no .wasm file in dist/ — is the build complete?',
    'no .css file in dist/ — is the build complete?',
  ]);
});

test('incompressible bytes cost about their raw size in both encodings', () => {
  const bytes = randomBytes(50_000);
  const sizes = compressedSizes(bytes);
  assert.equal(sizes.raw, 50_000);
  assert.ok(sizes.gzip >= 50_000 && sizes.gzip < 50_100, `gzip ${sizes.gzip}`);
  assert.ok(sizes.brotli >= 50_000 && sizes.brotli < 50_100, `brotli ${sizes.brotli}`);
});
