// Precompressed files (precompress.mjs): standard gzip and brotli that decode to the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { precompress } from './precompress.mjs';

test('every text and wasm file gets a .gz and a .br that decode to it; other files none', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'precompress-'));
  const text = 'span '.repeat(5000) + 'service-a service-b '.repeat(300);
  writeFileSync(join(dir, 'index.html'), text);
  writeFileSync(join(dir, 'app_bg.wasm'), Buffer.from(text + '\u0000\u0001'));
  writeFileSync(join(dir, 'notes.txt'), text);
  const rows = await precompress(dir);
  assert.deepEqual(rows.map((r) => r.name).sort(), ['app_bg.wasm', 'index.html']);
  for (const name of ['index.html', 'app_bg.wasm']) {
    const raw = readFileSync(join(dir, name));
    const gz = readFileSync(join(dir, `${name}.gz`));
    assert.deepEqual(gunzipSync(gz), raw, `${name}.gz`);
    assert.deepEqual(brotliDecompressSync(readFileSync(join(dir, `${name}.br`))), raw, `${name}.br`);
    assert.ok(gz.length <= gzipSync(raw, { level: 9 }).length, `${name}: zopfli is no larger than gzip -9`);
  }
  assert.equal(existsSync(join(dir, 'notes.txt.gz')), false);
});
