// Release builds: writes a `.gz` (zopfli) and a `.br` (brotli 11) beside every text and wasm
// file of the build, for hosts that serve precompressed files (nginx `gzip_static` /
// `brotli_static`, most static hosts and CDNs). Called last by the post_build hook
// (post-build.mjs), once index.html is final.
// Why: what a learner waits for on a slow link is the bytes (BENCHMARKS.md, `load_slow4g_ms`:
// about 5 ms per KB on the throttled link). zopfli writes standard gzip (RFC 1952) that any
// browser reads, about 4.5 % smaller than gzip -9 for the wasm, at a cost paid once per build
// (seconds), never by a learner.
import { gzipAsync } from '@gfx/zopfli';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

/** The files a host sends compressed. */
export const COMPRESSIBLE = /\.(html|js|wasm|css|svg)$/;

/** Writes `file.gz` and `file.br` for every compressible file in `dir`; returns their sizes. */
export async function precompress(dir) {
  const rows = [];
  for (const name of readdirSync(dir).filter((f) => COMPRESSIBLE.test(f))) {
    const raw = readFileSync(join(dir, name));
    const gz = Buffer.from(await gzipAsync(raw, { numiterations: 15 }));
    const br = brotliCompressSync(raw, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
    });
    writeFileSync(join(dir, `${name}.gz`), gz);
    writeFileSync(join(dir, `${name}.br`), br);
    rows.push({ name, raw: raw.length, gz: gz.length, br: br.length });
  }
  return rows;
}
