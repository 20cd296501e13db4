// The reader's loader (reader-loader.mjs): versioned URLs that follow the files, one <meta>.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOADER, withReaderLoader } from './reader-loader.mjs';

const html = '<html><head><title>t</title></head><body></body></html>';

function built(glue, wasm) {
  const dir = mkdtempSync(join(tmpdir(), 'reader-loader-'));
  writeFileSync(join(dir, 'reader.js'), glue);
  writeFileSync(join(dir, 'reader_bg.wasm'), wasm);
  return dir;
}

const version = (page) => page.match(/content="reader_loader\.js\?v=([0-9a-f]{16})"/)?.[1];

test('the page names the loader once, with a version the loader uses for both files', () => {
  const dir = built('export default 1', 'wasm-1');
  const page = withReaderLoader(dir, withReaderLoader(dir, html));
  assert.equal(page.match(/trace-playground-reader/g).length, 1, 'one <meta>, rebuilt in place');
  const v = version(page);
  assert.ok(v, page);
  const loader = readFileSync(join(dir, LOADER), 'utf8');
  assert.match(loader, new RegExp(`from './reader\\.js\\?v=${v}'`));
  assert.match(loader, new RegExp(`'./reader_bg\\.wasm\\?v=${v}'`));
  assert.match(loader, /globalThis\.tracePlaygroundReader = reader/);
  assert.match(loader, /trace-playground-reader-failed/);
});

test('a changed reader gets a new version, so no cache mixes old and new', () => {
  const a = version(withReaderLoader(built('glue', 'wasm-1'), html));
  const b = version(withReaderLoader(built('glue', 'wasm-2'), html));
  assert.notEqual(a, b);
});

test('a build without the reader fails loudly instead of shipping a page that cannot load it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'reader-loader-'));
  assert.throws(() => withReaderLoader(dir, html), /the reader was not built/);
});
