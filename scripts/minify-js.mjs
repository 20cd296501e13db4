// Trunk post_build hook (Trunk.toml): minifies the wasm-bindgen JS glue of a release build with
// esbuild (from package.json) and updates its Subresource Integrity hash in index.html.
// Why: trunk's own JS minifier cannot parse the glue's `export default` and leaves it as is;
// minified it is about 2 KB smaller gzipped, and the bundle budget counts every byte.
// Runs in trunk's staging directory before it becomes dist/; debug builds are left alone.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSync } from 'esbuild';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('minify-js: TRUNK_STAGING_DIR is not set (run through trunk)');
  process.exit(1);
}
if (process.env.TRUNK_PROFILE !== 'release') process.exit(0);

const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
const htmlPath = join(dir, 'index.html');
let html = readFileSync(htmlPath, 'utf8');
for (const file of readdirSync(dir).filter((f) => f.endsWith('.js'))) {
  const path = join(dir, file);
  const before = readFileSync(path);
  const { code } = transformSync(before.toString('utf8'), { minify: true, format: 'esm', target: 'es2020' });
  const oldHash = sri(before);
  const newHash = sri(Buffer.from(code));
  if (!html.includes(oldHash)) {
    console.error(`minify-js: index.html has no integrity ${oldHash} for ${file}; trunk's output changed`);
    process.exit(1);
  }
  writeFileSync(path, code);
  html = html.split(oldHash).join(newHash);
  console.log(`minify-js: ${file} ${before.length} -> ${code.length} B`);
}
writeFileSync(htmlPath, html);
