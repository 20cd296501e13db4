// `bundle_gz_bytes` and `bundle_br_bytes` (issue 15: reported, no floor; the throttled load time
// `load_slow4g_ms` decides what the page may weigh): the html + js + wasm + css files of the
// release build, compressed as a host that precompresses would serve them — gzip level 9 and
// brotli quality 11. Computed here rather than by scripts/bundle-size.mjs (CI's size report),
// so the benchmark does not depend on that script's output format.
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

export const KINDS = ['.html', '.js', '.wasm', '.css'];

/** Per-file raw, gzip -9 and brotli -11 sizes of `dir`, and the totals. */
export function compressedSizes(dir) {
  const files = readdirSync(dir)
    .filter((f) => KINDS.includes(extname(f)))
    .sort()
    .map((file) => {
      const raw = readFileSync(join(dir, file));
      return {
        file,
        raw: raw.length,
        gzip: gzipSync(raw, { level: 9 }).length,
        brotli: brotliCompressSync(raw, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
          },
        }).length,
      };
    });
  const sum = (key) => files.reduce((total, f) => total + f[key], 0);
  return { files, raw: sum('raw'), gzip: sum('gzip'), brotli: sum('brotli') };
}

/** The two metric records (one "run": the sizes are exact, not sampled). */
export function bundleMetrics(dir) {
  const sizes = compressedSizes(dir);
  const record = (value, unit) => ({ value, median: value, min: value, max: value, runs: 1, unit, raw_bytes: sizes.raw });
  return {
    gz: { ...record(sizes.gzip, 'B gzip -9 (html + js + wasm + css)'), files: sizes.files },
    br: record(sizes.brotli, 'B brotli -q 11 (html + js + wasm + css)'),
  };
}
