// The page's Content-Security-Policy (a <meta http-equiv> in index.html) allows no inline script
// except trunk's generated loader: a `<script type="module">` that imports the wasm-bindgen JS
// glue and starts the wasm. Its text names content-hashed files, so it changes with every build;
// the post_build hook (post-build.mjs) hashes the inline scripts of the finished index.html and
// writes the hashes where index.html has INLINE_SCRIPT_HASHES. A hash, not a nonce: the page is
// static, and a nonce fixed in a static file would let any injected script that copies it run.
// Spec: CSP Level 3, hash-source (https://www.w3.org/TR/CSP3/#grammardef-hash-source): the
// base64 SHA-256 of the script element's text, exactly as the HTML parser reads it.
import { createHash } from 'node:crypto';

export const INLINE_SCRIPT_HASHES = '{{INLINE_SCRIPT_HASHES}}';

const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const CSP_META = /<meta\b[^>]*http-equiv=["']?Content-Security-Policy["']?[^>]*>/i;

/** `html` with its comments blanked out (same length, so positions still line up). */
const withoutComments = (html) => html.replace(/<!--[\s\S]*?-->/g, (c) => ' '.repeat(c.length));

/** The text of every inline (no `src`) script element, in document order. */
export function inlineScripts(html) {
  return [...withoutComments(html).matchAll(SCRIPT)]
    .filter(([, attrs]) => !/\ssrc\s*=/i.test(` ${attrs}`))
    // The HTML parser turns CRLF and lone CR into LF before the script sees its text.
    .map(([, , text]) => text.replace(/\r\n?/g, '\n'));
}

/** CSP hash-source of one script text: `'sha256-<base64>'`. */
export function scriptHash(text) {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * `html` with INLINE_SCRIPT_HASHES in its CSP replaced by the hashes of its inline scripts.
 * Throws (the build fails) when the policy is missing, has no placeholder, or comes after a
 * script or a preload: a <meta> policy only governs what follows it.
 */
export function withScriptHashes(html) {
  const meta = withoutComments(html).match(CSP_META);
  if (!meta) throw new Error('index.html has no <meta http-equiv="Content-Security-Policy">');
  if (!meta[0].includes(INLINE_SCRIPT_HASHES)) {
    throw new Error(`the Content-Security-Policy in index.html has no ${INLINE_SCRIPT_HASHES} to fill`);
  }
  const firstScript = withoutComments(html).search(/<script\b|<link\b[^>]*\brel=["']?(modulepreload|preload)/i);
  if (firstScript !== -1 && firstScript < meta.index) {
    throw new Error('the Content-Security-Policy <meta> must come before every script and preload');
  }
  const hashes = [...new Set(inlineScripts(html).map(scriptHash))].join(' ');
  const at = meta.index;
  return html.slice(0, at) + meta[0].replace(INLINE_SCRIPT_HASHES, hashes) + html.slice(at + meta[0].length);
}
