// The benchmark's servers, all on loopback:
// - a stub OTLP/HTTP collector (node) that counts the distinct span ids it received, so
//   `export_10k_lost` is measured at the receiving end, not taken from the app's own word;
// - the static server of e2e/harness.mjs serving the release build (dist/) at `/`, with two extra
//   routes through its `proxy` hook: `/__bench/*` (the OTel JS baseline page and bundle) and
//   `/v1/traces`, forwarded to the stub collector — the same same-origin path Trunk's proxy gives
//   the app in development (Trunk.toml), so the app's default "OTLP endpoint" works unchanged.
import { createServer, request } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, extname } from 'node:path';
import { serveStatic } from '../../e2e/harness.mjs';

const BENCH_TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript' };

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
 * Serves dist/ at `/`, the bench pages at `/__bench/` (from `pagesDir`, then `bundleDir`), and
 * proxies `/v1/traces` to `collectorPort`.
 */
export async function startSite({ distDir, pagesDir, bundleDir, collectorPort }) {
  return serveStatic({
    dir: distDir,
    proxy: async (req, res) => {
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
      for (const dir of [pagesDir, bundleDir]) {
        try {
          const body = await readFile(join(dir, name));
          res.writeHead(200, { 'content-type': BENCH_TYPES[extname(name)] ?? 'application/octet-stream' });
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
