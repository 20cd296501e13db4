// `bundle_gz_bytes` and `bundle_br_bytes` (issue 15: reported, no floor; the throttled load time
// `load_slow4g_ms` decides what the page may weigh): what a cold load fetches — index.html and
// the files it names, the same rule as CI's report (scripts/bundle-size.mjs `bundleSizes`, whose
// function, not its printed output, is used here) — gzip level 9 and brotli quality 11. The
// reader module, fetched after the first paint, is reported apart (`on_demand`), and so is what
// the build ships precompressed (`shipped`: zopfli .gz and brotli .br, scripts/precompress.mjs),
// which is what `load_slow4g_ms`'s server sends.
import { bundleSizes } from '../../scripts/bundle-size.mjs';

export const KINDS = ['.html', '.js', '.wasm', '.css'];

/** Per-file sizes of `dir` (cold-load files only) and the totals. */
export function compressedSizes(dir) {
  const { rows, totals, onDemand } = bundleSizes(dir);
  const files = rows.filter((r) => r.cold).map(({ file, raw, gzip, brotli }) => ({ file, raw, gzip, brotli }));
  return { files, ...totals, onDemand };
}

/** The two metric records (one "run": the sizes are exact, not sampled). */
export function bundleMetrics(dir) {
  const sizes = compressedSizes(dir);
  const record = (value, unit) => ({ value, median: value, min: value, max: value, runs: 1, unit, raw_bytes: sizes.raw });
  return {
    gz: {
      ...record(sizes.gzip, 'B gzip -9, a cold load (index.html + the js, wasm and css it names)'),
      files: sizes.files,
      shipped_gz_bytes: sizes.gzipShipped,
      on_demand: sizes.onDemand,
    },
    br: { ...record(sizes.brotli, 'B brotli -q 11, a cold load'), shipped_br_bytes: sizes.brotliShipped },
  };
}
