// Trunk post_build hook (Trunk.toml), run in trunk's staging directory before it becomes dist/.
// One script, not two hooks: trunk starts a stage's hooks at the same time, and both steps
// rewrite index.html.
//   1. release builds: esbuild minifies the JS glue and its SRI hash is updated (minify-js.mjs);
//   2. every build: the reader's loader is written and named in a <meta> (reader-loader.mjs);
//   3. every build: the hashes of the inline loader script go into the page's
//      Content-Security-Policy (csp.mjs), so the page runs under its CSP in debug builds too;
//   4. release builds, last (index.html is final): a .gz (zopfli) and a .br beside every file,
//      for hosts that serve precompressed files (precompress.mjs).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { minifyGlue } from './minify-js.mjs';
import { inlineScripts, withScriptHashes } from './csp.mjs';
import { withReaderLoader } from './reader-loader.mjs';
import { precompress } from './precompress.mjs';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('post-build: TRUNK_STAGING_DIR is not set (run through trunk)');
  process.exit(1);
}
const htmlPath = join(dir, 'index.html');
try {
  let html = readFileSync(htmlPath, 'utf8');
  if (process.env.TRUNK_PROFILE === 'release') html = minifyGlue(dir, html);
  html = withReaderLoader(dir, html);
  html = withScriptHashes(html);
  writeFileSync(htmlPath, html);
  console.log(`post-build: Content-Security-Policy allows ${inlineScripts(html).length} inline script(s) by hash`);
  if (process.env.TRUNK_PROFILE === 'release') {
    const rows = await precompress(dir);
    const gz = rows.reduce((s, r) => s + r.gz, 0);
    console.log(`post-build: precompressed ${rows.length} files (.gz zopfli ${gz} B, .br beside them)`);
  }
} catch (error) {
  console.error(`post-build: ${error.message}`);
  process.exit(1);
}
