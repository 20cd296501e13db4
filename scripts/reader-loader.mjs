// Writes the loader of the reader, the page's second wasm module (src/bin/reader/main.rs), and
// names it in index.html. Called by the post_build hook (post-build.mjs), after minifying.
//
// Trunk builds the reader as a `data-type="worker"` asset, so it writes no tag or preload for
// it (the cold load stays without it) and does not hash its file names (`reader.js`,
// `reader_bg.wasm`). The loader adds a version (a hash of both files) to every URL so a cache
// never mixes an old reader with a new page, imports the glue, instantiates the wasm, puts the
// exports on `globalThis.tracePlaygroundReader` and fires `trace-playground-reader` (or
// `trace-playground-reader-failed` with the reason). src/ui/reader.rs adds the loader as a
// module script when the page wants the reader; the CSP's `script-src 'self'` covers it.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const LOADER = 'reader_loader.js';

/** The loader's text for version `v`. */
export function loaderSource(v) {
  return [
    `import init, * as reader from './reader.js?v=${v}';`,
    'try {',
    `  await init({ module_or_path: new URL('./reader_bg.wasm?v=${v}', import.meta.url) });`,
    '  globalThis.tracePlaygroundReader = reader;',
    "  dispatchEvent(new Event('trace-playground-reader'));",
    '} catch (error) {',
    "  dispatchEvent(new CustomEvent('trace-playground-reader-failed', { detail: String(error) }));",
    '}',
    '',
  ].join('\n');
}

/** Writes the loader into `dir` and returns `html` with its <meta> (replacing an earlier one). */
export function withReaderLoader(dir, html) {
  const files = ['reader.js', 'reader_bg.wasm'].map((f) => join(dir, f));
  const missing = files.filter((f) => !existsSync(f));
  if (missing.length > 0) throw new Error(`the reader was not built: ${missing.join(', ')} missing`);
  const hash = createHash('sha256');
  for (const file of files) hash.update(readFileSync(file));
  const v = hash.digest('hex').slice(0, 16);
  writeFileSync(join(dir, LOADER), loaderSource(v));
  const meta = `<meta name="trace-playground-reader" content="${LOADER}?v=${v}">`;
  const without = html.replace(/<meta name="trace-playground-reader"[^>]*>/, '');
  if (!without.includes('</head>')) throw new Error('index.html has no </head>');
  return without.replace('</head>', `${meta}</head>`);
}
