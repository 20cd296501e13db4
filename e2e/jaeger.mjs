// Test helpers for export: a real Jaeger v2 (built once by scripts/jaeger.sh), a scriptable
// stub OTLP/HTTP collector, a same-origin /v1/traces proxy like Trunk's, and readers for what
// the page holds (its own "Download OTLP JSON").
import { spawn, execFileSync } from 'node:child_process';
import { createServer, request as httpRequest } from 'node:http';
import { mkdtemp, writeFile, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './harness.mjs';

// ---------------------------------------------------------------------------------------------
// Skipping: only locally, only on request, and loudly. CI never skips.

/** Returns a skip reason (string) or false. Prints a warning when skipping. */
export function jaegerSkip() {
  if (process.env.SKIP_JAEGER_TESTS !== '1') return false;
  if (process.env.CI === 'true') {
    throw new Error('SKIP_JAEGER_TESTS=1 is not allowed in CI: the Jaeger tests must run there.');
  }
  const line = '!'.repeat(78);
  console.warn(`\n${line}\n!!! SKIPPING the real-Jaeger export tests (SKIP_JAEGER_TESTS=1).\n` +
    `!!! Exports to Jaeger are NOT verified in this run. Unset it to run them.\n${line}\n`);
  return 'SKIP_JAEGER_TESTS=1 (local only)';
}

// ---------------------------------------------------------------------------------------------
// Ports and small HTTP helpers.

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function getJson(url) {
  const response = await fetch(url);
  const text = await response.text();
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/** Retries `probe` until it returns a truthy value or `timeoutMs` passes. */
export async function eventually(probe, { timeoutMs = 15_000, intervalMs = 200, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
    }
    await sleep(intervalMs);
  }
}

// ---------------------------------------------------------------------------------------------
// Real Jaeger.

/** The cached binary's path (scripts/jaeger.sh builds it once; setup.sh test does that first). */
export function jaegerBinary() {
  return execFileSync(join(ROOT, 'scripts', 'jaeger.sh'), ['path'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

export function jaegerVersion(binary) {
  const out = execFileSync(binary, ['version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return JSON.parse(out.slice(out.indexOf('{'))).gitVersion || 'unknown';
}

function jaegerConfig({ otlpPort, queryPort, grpcPort, healthPort, allowedOrigins }) {
  const origins = allowedOrigins.map((o) => JSON.stringify(o)).join(', ');
  return `# Written by e2e/jaeger.mjs: loopback ports, in-memory storage, OTLP/HTTP with CORS.
service:
  extensions: [jaeger_storage, jaeger_query, healthcheckv2]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [jaeger_storage_exporter]
  telemetry:
    metrics:
      level: none
    logs:
      level: warn
extensions:
  healthcheckv2:
    use_v2: true
    http:
      endpoint: 127.0.0.1:${healthPort}
  jaeger_query:
    storage:
      traces: memstore
    http:
      endpoint: 127.0.0.1:${queryPort}
    grpc:
      endpoint: 127.0.0.1:${grpcPort}
  jaeger_storage:
    backends:
      memstore:
        memory:
          max_traces: 100000
receivers:
  otlp:
    protocols:
      http:
        endpoint: 127.0.0.1:${otlpPort}
        cors:
          allowed_origins: [${origins}]
          allowed_headers: ["*"]
processors:
  batch:
exporters:
  jaeger_storage_exporter:
    trace_storage: memstore
`;
}

/**
 * Starts Jaeger on free loopback ports with CORS for `allowedOrigins`; resolves once its health
 * check says it is up. `stop()` ends it (and only it).
 */
export async function startJaeger({ allowedOrigins }) {
  const binary = jaegerBinary();
  const [otlpPort, queryPort, grpcPort, healthPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const dir = await mkdtemp(join(tmpdir(), 'jaeger-e2e-'));
  const configPath = join(dir, 'config.yaml');
  await writeFile(configPath, jaegerConfig({ otlpPort, queryPort, grpcPort, healthPort, allowedOrigins }));
  // Jaeger would trace itself to :4317 (nothing there); off, so its log shows only real problems.
  const env = { ...process.env, OTEL_TRACES_SAMPLER: 'always_off' };
  const child = spawn(binary, ['--config', configPath], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  let exited = null;
  child.on('exit', (code, signal) => { exited = { code, signal }; });
  const started = Date.now();
  try {
    await eventually(async () => {
      if (exited) throw new Error(`Jaeger exited early (${JSON.stringify(exited)}):\n${log}`);
      const response = await fetch(`http://127.0.0.1:${healthPort}/status`);
      return response.ok;
    }, { timeoutMs: 60_000, what: 'Jaeger health' });
  } catch (error) {
    child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    throw new Error(`${error.message}\n--- jaeger log ---\n${log}`);
  }
  return {
    version: jaegerVersion(binary),
    startMs: Date.now() - started,
    otlpUrl: `http://127.0.0.1:${otlpPort}/v1/traces`,
    otlpPort,
    queryUrl: `http://127.0.0.1:${queryPort}`,
    log: () => log,
    async stop() {
      if (!exited) {
        const gone = new Promise((resolve) => child.on('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([gone, sleep(5_000).then(() => child.kill('SIGKILL'))]);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Jaeger's v1 JSON for one trace, or null while it is not (fully) there. */
export async function jaegerTrace(queryUrl, traceId) {
  const response = await fetch(`${queryUrl}/api/traces/${traceId}`);
  if (response.status === 404) return null;
  const body = await response.json();
  return body.data?.[0] ?? null;
}

/** Flattens a Jaeger v1 trace into comparable rows. */
export function jaegerSpans(trace) {
  return trace.spans.map((s) => {
    const tag = (key) => s.tags.find((t) => t.key === key)?.value;
    const parent = s.references.find((r) => r.refType === 'CHILD_OF')?.spanID ?? null;
    return {
      spanId: s.spanID,
      parentSpanId: parent,
      name: s.operationName,
      service: trace.processes[s.processID].serviceName,
      error: tag('error') === true,
      kind: tag('span.kind') ?? 'internal',
    };
  });
}

// ---------------------------------------------------------------------------------------------
// What the page holds: its own OTLP JSON download.

const KINDS = { 1: 'internal', 2: 'server', 3: 'client', 4: 'producer', 5: 'consumer' };

/** Flattens an OTLP JSON request into rows like `jaegerSpans`, keyed by trace id. */
export function otlpSpansByTrace(request) {
  const byTrace = new Map();
  for (const rs of request.resourceSpans) {
    const service = rs.resource.attributes.find((a) => a.key === 'service.name').value.stringValue;
    for (const ss of rs.scopeSpans) {
      for (const s of ss.spans) {
        const rows = byTrace.get(s.traceId) ?? [];
        rows.push({
          spanId: s.spanId,
          parentSpanId: s.parentSpanId ?? null,
          name: s.name,
          service,
          error: s.status?.code === 2,
          kind: KINDS[s.kind],
        });
        byTrace.set(s.traceId, rows);
      }
    }
  }
  return byTrace;
}

/** Clicks "Download OTLP JSON" and returns the parsed file. */
export async function downloadPageOtlp(page) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download OTLP JSON' }).click(),
  ]);
  return JSON.parse(await readFile(await download.path(), 'utf8'));
}

export const bySpanId = (a, b) => a.spanId.localeCompare(b.spanId);

/** How many traces the page holds, as the export panel counts them ("N traces here, …"). */
export async function traceCount(page) {
  const text = await page.locator('.export-scope').innerText();
  return Number(text.match(/^(\d+) traces? here/)?.[1] ?? NaN);
}

/**
 * Clicks "Send request" `n` times, each time waiting until the new trace has landed (the page
 * may play a request in real time before it lands).
 */
export async function sendRequests(page, n) {
  const start = await traceCount(page);
  for (let i = 1; i <= n; i += 1) {
    await page.getByRole('button', { name: 'Send request' }).click();
    await eventually(async () => (await traceCount(page)) >= start + i, { what: `trace ${start + i} to land` });
  }
}

/** Span ids of every trace the page holds (its own OTLP download), sorted. */
export async function pageSpanIds(page) {
  const byTrace = otlpSpansByTrace(await downloadPageOtlp(page));
  return [...byTrace.values()].flat().map((s) => s.spanId).sort();
}

// ---------------------------------------------------------------------------------------------
// Same-origin proxy, like Trunk's `[[proxy]]` for /v1/traces.

/**
 * A `serveStatic` proxy hook forwarding POST /v1/traces to `target()` (a URL or null). Like
 * Trunk's proxy, a backend that cannot be reached gives HTTP 500 with an empty body.
 */
export function otlpProxy(target) {
  return (req, res) => {
    if (!req.url.startsWith('/v1/traces')) return false;
    const url = target();
    if (!url) {
      res.writeHead(500).end();
      return true;
    }
    const upstream = httpRequest(url, { method: req.method, headers: { ...req.headers, host: new URL(url).host } }, (up) => {
      res.writeHead(up.statusCode, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
    req.pipe(upstream);
    return true;
  };
}

// ---------------------------------------------------------------------------------------------
// A scriptable stub collector.

/**
 * An OTLP/HTTP JSON stub. `script` is consumed one entry per POST (then it answers 200 `{}`):
 * `{ status, body, headers, delayMs }` (`headers` an object, or a function called when answering).
 * It counts span ids it answered 2xx for, so tests can
 * check "every span accepted exactly once". With `cors: false` it sends no CORS headers.
 */
export async function startStubCollector({ cors = true, port = 0, script = [] } = {}) {
  const accepted = new Map();
  const requests = [];
  const queue = [...script];
  const corsHeaders = (req) => (cors ? {
    'access-control-allow-origin': req.headers.origin ?? '*',
    'access-control-allow-methods': 'POST',
    'access-control-allow-headers': req.headers['access-control-request-headers'] ?? 'content-type',
    // Lets the page read Retry-After cross-origin (Jaeger's CORS config does not expose it).
    'access-control-expose-headers': 'Retry-After',
  } : {});
  const server = createServer((req, res) => {
    if (req.method === 'OPTIONS') {
      res.writeHead(cors ? 204 : 200, corsHeaders(req)).end();
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, corsHeaders(req)).end();
      return;
    }
    const receivedAt = Date.now();
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', async () => {
      const step = queue.shift() ?? { status: 200, body: '{}' };
      requests.push({ contentType: req.headers['content-type'], headers: req.headers, step, body, receivedAt, answeredAt: null });
      const record = requests[requests.length - 1];
      if (step.delayMs) await sleep(step.delayMs);
      if (step.status >= 200 && step.status < 300) {
        for (const rows of otlpSpansByTrace(JSON.parse(body)).values()) {
          for (const row of rows) accepted.set(row.spanId, (accepted.get(row.spanId) ?? 0) + 1);
        }
      }
      if (res.destroyed) return;
      // `headers` may be a function, called as the answer goes out (for headers that name a time).
      const stepHeaders = typeof step.headers === 'function' ? step.headers() : step.headers;
      record.sentHeaders = stepHeaders ?? {};
      res.writeHead(step.status, { 'content-type': 'application/json', ...corsHeaders(req), ...record.sentHeaders });
      res.end(step.body ?? '');
      record.answeredAt = Date.now();
    });
  });
  await new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const actualPort = server.address().port;
  return {
    url: `http://127.0.0.1:${actualPort}/v1/traces`,
    port: actualPort,
    accepted,
    requests,
    script: (...steps) => queue.push(...steps),
    close: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(resolve);
    }),
  };
}
