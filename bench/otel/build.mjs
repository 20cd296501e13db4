// Bundles the OpenTelemetry JS baseline (lab-otel.mjs and the SDK from node_modules) into one
// browser script with esbuild. Usage: node bench/otel/build.mjs [outfile]
// Default output: target/bench/otel/otel.bundle.js (git-ignored, rebuilt by scripts/bench.sh).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(HERE, '..', '..');
export const OTEL_BUNDLE = join(ROOT, 'target', 'bench', 'otel', 'otel.bundle.js');

/** Builds the bundle and returns its path and byte size. */
export async function buildOtelBundle(outfile = OTEL_BUNDLE) {
  const result = await build({
    entryPoints: [join(HERE, 'browser-entry.mjs')],
    outfile,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    // Minified as an app would ship it, but keeping identifiers, so CPU profiles name the SDK's
    // functions (renaming does not change what V8 runs).
    minifyWhitespace: true,
    minifySyntax: true,
    metafile: true,
    logLevel: 'warning',
  });
  const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
  return { outfile, bytes };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { outfile, bytes } = await buildOtelBundle(process.argv[2]);
  console.log(`otel baseline bundle: ${outfile} (${bytes} B)`);
}
