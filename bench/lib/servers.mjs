// The benchmark's servers, all on loopback:
// - a stub OTLP/HTTP collector (node) that counts the distinct span ids it received, so
//   `export_*_lost` is measured at the receiving end, not taken from the app's own word;
// - a static server for the release build (dist/) at `/`, optionally gzip-compressing what it
//   sends (`load_slow4g_ms`: "the files served gzip-compressed", like any production host), with
//   two extra routes: `/__bench/*` (the OTel JS baseline page and bundle) and `/v1/traces`,
//   forwarded to the stub collector — the same same-origin path Trunk's proxy gives the app in
//   development (Trunk.toml), so the app's default "OTLP endpoint" works unchanged.
import { createServer, request } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, extname, normalize, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};
/**
 * gzip level of the compressing server: zlib's default 6, between nginx's on-the-fly default (1)
 * and hosts that precompress at 9 (`bundle_gz_bytes` reports level 9).
 */
export const SERVE_GZIP_LEVEL = 6;

/** Wall-clock milliseconds with sub-ms resolution, comparable with a page's timeOrigin + now(). */
export const epochNow = () => performance.timeOrigin + performance.now();

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Starts the stub collector. `stats()` tells what arrived: distinct span ids, duplicates,
 * requests, and the wall-clock time (ms) the last new span arrived. `reset()` starts a new count.
 * `sample` keeps one span per name (attribute keys), to check the app's spans match the baseline.
 */
export async function startCollector() {
  let ids = new Set();
  let duplicates = 0;
  let requests = 0;
  let lastNewSpanAt = null;
  let badRequests = 0;
  let sample = {};
  const server = createServer(async (req, res) => {
    if (req.method !== 'POST' || !req.url.startsWith('/v1/traces')) {
      res.writeHead(404).end();
      return;
    }
    const body = await readBody(req);
    requests += 1;
    let parsed;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      badRequests += 1;
      res.writeHead(400, { 'content-type': 'text/plain' }).end('body is not JSON');
      return;
    }
    let fresh = 0;
    for (const rs of parsed.resourceSpans ?? []) {
      for (const ss of rs.scopeSpans ?? []) {
        for (const span of ss.spans ?? []) {
          const key = `${span.traceId}/${span.spanId}`;
          if (ids.has(key)) duplicates += 1;
          else {
            ids.add(key);
            fresh += 1;
          }
          sample[span.name] ??= (span.attributes ?? []).map((a) => a.key).sort();
        }
      }
    }
    if (fresh) lastNewSpanAt = epochNow();
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    stats: () => ({ distinct: ids.size, duplicates, requests, badRequests, lastNewSpanAt, sample }),
    reset: () => {
      ids = new Set();
      duplicates = requests = badRequests = 0;
      lastNewSpanAt = null;
      sample = {};
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Forwards a request to the collector (a minimal reverse proxy, like Trunk's `[[proxy]]`). */
function forward(req, res, port) {
  const upstream = request(
    { host: '127.0.0.1', port, path: req.url, method: req.method, headers: req.headers },
    (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    },
  );
  upstream.on('error', () => res.writeHead(502).end('collector unreachable'));
  req.pipe(upstream);
}

/**
 * The build's precompressed `file.gz` (scripts/precompress.mjs), as a host with nginx's
 * `gzip_static` sends it; without one, `body` gzip-compressed on the fly at SERVE_GZIP_LEVEL.
 */
async function precompressedOr(file, body) {
  try {
    return await readFile(`${file}.gz`);
  } catch {
    return gzipSync(body, { level: SERVE_GZIP_LEVEL });
  }
}

/**
 * A static file server on 127.0.0.1 (free port) for `dir`. With `gzip`, a request whose
 * Accept-Encoding allows gzip gets the file gzip-compressed (the build's `.gz` where it ships
 * one, else level SERVE_GZIP_LEVEL, compressed once and kept) with `Content-Encoding: gzip`. `route(req, res)` may answer first (true if it did).
 * `bytesSent()` counts body bytes sent, to report what a load transferred.
 */
export async function serveFiles({ dir, gzip = false, route }) {
  const root = normalize(dir + sep);
  const compressed = new Map();
  let sent = 0;
  const server = createServer(async (req, res) => {
    if (route && (await route(req, res))) return;
    let rel = decodeURIComponent(new URL(req.url, 'http://x').pathname.slice(1)) || 'index.html';
    if (rel.endsWith('/')) rel += 'index.html';
    const file = normalize(join(root, rel));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    let body;
    try {
      body = await readFile(file);
    } catch {
      res.writeHead(404).end('not found');
      return;
    }
    const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' };
    if (gzip && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
      const key = `${file}:${body.length}`;
      if (!compressed.has(key)) compressed.set(key, await precompressedOr(file, body));
      body = compressed.get(key);
      headers['content-encoding'] = 'gzip';
      headers.vary = 'accept-encoding';
    }
    headers['content-length'] = body.length;
    sent += body.length;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    bytesSent: () => sent,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(resolve);
      }),
  };
}

/**
 * Serves dist/ at `/` (gzip-compressed with `gzip`), the bench pages at `/__bench/` (from
 * `pagesDir`, then `bundleDir`), and proxies `/v1/traces` to `collectorPort`.
 */
export async function startSite({ distDir, pagesDir, bundleDir, collectorPort, gzip = false }) {
  return serveFiles({
    dir: distDir,
    gzip,
    route: async (req, res) => {
      const path = new URL(req.url, 'http://x').pathname;
      if (path.startsWith('/v1/traces')) {
        forward(req, res, collectorPort);
        return true;
      }
      if (!path.startsWith('/__bench/')) return false;
      const name = path.slice('/__bench/'.length);
      if (!/^[\w.-]+$/.test(name)) {
        res.writeHead(404).end();
        return true;
      }
      for (const folder of [pagesDir, bundleDir]) {
        try {
          const body = await readFile(join(folder, name));
          res.writeHead(200, { 'content-type': TYPES[extname(name)] ?? 'application/octet-stream' });
          res.end(body);
          return true;
        } catch {
          // Not in this folder: try the next one.
        }
      }
      res.writeHead(404).end('not found');
      return true;
    },
  });
}
