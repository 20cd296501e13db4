// Release builds: minifies the wasm-bindgen JS glue with esbuild (from package.json) and updates
// its Subresource Integrity hash in index.html. Called by the post_build hook (post-build.mjs).
// Why: trunk's own JS minifier cannot parse the glue's `export default` and leaves it as is;
// minified it is about 2 KB smaller gzipped.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSync } from 'esbuild';

const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

/**
 * Minifies every .js file in `dir` in place; returns `html` with their SRI hashes updated.
 * Files the page names with an integrity hash (the main glue) must have one there; the reader's
 * glue (fetched after the first paint, see reader-loader.mjs) is named by no tag and has none.
 */
export function minifyGlue(dir, html) {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.js'))) {
    const path = join(dir, file);
    const before = readFileSync(path);
    const { code } = transformSync(before.toString('utf8'), { minify: true, format: 'esm', target: 'es2020' });
    const oldHash = sri(before);
    const newHash = sri(Buffer.from(code));
    const named = html.includes(`${file}"`) || html.includes(`${file}'`);
    if (named && !html.includes(oldHash)) {
      throw new Error(`index.html has no integrity ${oldHash} for ${file}; trunk's output changed`);
    }
    writeFileSync(path, code);
    html = html.split(oldHash).join(newHash);
    console.log(`minify-js: ${file} ${before.length} -> ${code.length} B`);
  }
  return html;
}
