// The CSP hook's own logic (node --test, no browser): inline scripts are found and hashed as
// CSP Level 3 says, and a policy that could not take effect fails the build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { INLINE_SCRIPT_HASHES, inlineScripts, scriptHash, withScriptHashes } from './csp.mjs';

const META = `<meta http-equiv="Content-Security-Policy" content="script-src 'self' ${INLINE_SCRIPT_HASHES}">`;
const LOADER = "\nimport init from './app-1a2b.js';\nconst wasm = await init({ module_or_path: './app-1a2b_bg.wasm' });\n";

test('a hash-source is the base64 SHA-256 of the exact script text (CSP3 hash-source)', () => {
  // The CSP3 spec's own example: <script>alert('Hello, world.');</script>
  assert.equal(scriptHash("alert('Hello, world.');"), "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='");
  assert.equal(scriptHash(LOADER), `'sha256-${createHash('sha256').update(LOADER).digest('base64')}'`);
});

test('only inline scripts count, with the text the HTML parser sees', () => {
  const html = `<head>${META}<link rel="modulepreload" href="./a.js"></head><body>`
    + `<script type="module">${LOADER}</script><script src="./x.js"></script>`
    + '<!-- <script>commented out</script> --><SCRIPT>a\r\nb</SCRIPT ></body>';
  assert.deepEqual(inlineScripts(html), [LOADER, 'a\nb']);
});

test('the placeholder is replaced by the hashes; nothing else changes', () => {
  const html = `<html><head>${META}</head><body><script type="module">${LOADER}</script></body></html>`;
  const out = withScriptHashes(html);
  assert.equal(out, html.replace(INLINE_SCRIPT_HASHES, scriptHash(LOADER)));
  assert.ok(!out.includes(INLINE_SCRIPT_HASHES));
});

test('a policy that could not work fails the build, naming why', () => {
  const body = `<script type="module">${LOADER}</script>`;
  assert.throws(() => withScriptHashes(`<head></head><body>${body}</body>`), /no <meta http-equiv="Content-Security-Policy">/);
  assert.throws(() => withScriptHashes(`<head>${META.replace(INLINE_SCRIPT_HASHES, '')}</head>${body}`), /no \{\{INLINE_SCRIPT_HASHES\}\} to fill/);
  assert.throws(() => withScriptHashes(`<head>${body}${META}</head>`), /must come before every script/);
  assert.throws(() => withScriptHashes(`<head><link rel=modulepreload href=a.js>${META}</head>${body}`), /must come before every script and preload/);
});

test('index.html carries the policy the hook fills, before any trunk asset', () => {
  const source = readFileSync(new URL('../index.html', import.meta.url), 'utf8');
  const filled = withScriptHashes(source);
  const policy = filled.match(/http-equiv="Content-Security-Policy"\s+content="([^"]*)"/)[1];
  assert.match(policy, /script-src 'self' 'wasm-unsafe-eval' ;/, 'no inline script in the source page');
  assert.ok(!/script-src[^;]*'unsafe-inline'/.test(policy), 'never unsafe-inline for scripts');
  assert.match(policy, /connect-src 'self' http: https:/);
  assert.ok(source.indexOf('Content-Security-Policy') < source.indexOf('data-trunk'), 'before every trunk link');
});
