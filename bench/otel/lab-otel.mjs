// The OpenTelemetry JS baseline for `otel_js_10k_ms` (issue 7, "Benchmarks"): the lab's spans made
// by the real OpenTelemetry JS SDK instead of our Rust simulator, so the two can be compared on the
// same work in the same browser.
//
// Per request, exactly the shape issue 4 specifies (what OpenTelemetry Python auto-instrumentation
// emits for the lab, legacy HTTP semantic conventions):
//   service-a SERVER "GET /"       scope opentelemetry.instrumentation.flask
//   └ service-a CLIENT "GET"       scope opentelemetry.instrumentation.requests
//     └ service-b SERVER "GET /data"  (reached only through a W3C `traceparent` header)
//       └ service-b INTERNAL "heavy_calc"  scope __main__   (Challenge 1, when heavyCalc)
// Two tracer providers stand for the two processes (one resource each: service-a, service-b). Two
// ways to keep the spans:
// - `processor: 'minimal'` (the fair race, issue 15): a span processor that pushes each ended span
//   to an array in `onEnd`, nothing else — what a simulator built on the SDK would use;
// - `processor: 'simple'` (the old figure, issue 7): SimpleSpanProcessor feeding an
//   InMemorySpanExporter, which adds a promise and a setTimeout per span.
// The A→B hop goes through
// W3CTraceContextPropagator inject/extract on a plain header object, as the real services do.
// Timestamps are virtual (explicit start/end times, requests back to back like a curl loop), exactly
// as a simulator built on the SDK would pass them; nothing sleeps.
//
// Spec of the shape: issue 4; SDK: https://opentelemetry.io/docs/languages/js/ and
// https://github.com/open-telemetry/opentelemetry-js/tree/main/packages/opentelemetry-sdk-trace-base
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  ROOT_CONTEXT,
  SpanKind,
  defaultTextMapGetter,
  defaultTextMapSetter,
  trace,
} from '@opentelemetry/api';

export const SCOPES = {
  flask: 'opentelemetry.instrumentation.flask',
  requests: 'opentelemetry.instrumentation.requests',
  main: '__main__',
};
/** The instrumentation version the simulator reports (src/sim/scenario.rs INSTRUMENTATION_VERSION). */
const INSTRUMENTATION_VERSION = '0.66b1';

const NS_PER_MS = 1_000_000;
const NS_PER_S = 1_000_000_000;
/** One-way network delay between the services and per-hop handler overhead (virtual). */
const NETWORK_DELAY_NS = 2 * NS_PER_MS;
const HANDLER_OVERHEAD_NS = 0.3 * NS_PER_MS;
/** Gap between two back-to-back requests of the load loop. */
const REQUEST_GAP_NS = 1 * NS_PER_MS;
const HEAVY_CALC_NS = 100 * NS_PER_MS;

/** mulberry32: a tiny seeded PRNG, so latencies and ports are reproducible per seed. */
function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uuid(random) {
  const hex = [];
  for (let i = 0; i < 32; i++) hex.push(Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  return `${hex.slice(0, 8).join('')}-${hex.slice(8, 12).join('')}-${hex.slice(12, 16).join('')}-${hex
    .slice(16, 20)
    .join('')}-${hex.slice(20).join('')}`;
}

/** Legacy HTTP server attributes as the Flask (WSGI) instrumentation records them at request start. */
function serverAttributes({ port, target, route, userAgent, peerPort }) {
  return {
    'http.method': 'GET',
    'http.server_name': '127.0.0.1',
    'http.scheme': 'http',
    // The WSGI instrumentation takes it from the Host header, port included.
    'net.host.name': `localhost:${port}`,
    'net.host.port': port,
    'http.host': `localhost:${port}`,
    'http.target': target,
    'net.peer.ip': '127.0.0.1',
    'net.peer.port': peerPort,
    'http.user_agent': userAgent,
    'http.flavor': '1.1',
    'http.route': route,
  };
}

/** Legacy HTTP client attributes as the `requests` instrumentation records them. */
function clientAttributes() {
  return {
    'http.method': 'GET',
    'http.url': 'http://localhost:5001/data',
    'user_agent.original': 'python-requests/2.32.3',
  };
}

/**
 * The minimal in-memory span processor of the fair race: `onEnd` pushes the span to an array.
 * `getFinishedSpans()` matches InMemorySpanExporter's, so the shape check reads either.
 */
export class ArraySpanProcessor {
  constructor() {
    this.spans = [];
  }

  onStart() {}

  onEnd(span) {
    this.spans.push(span);
  }

  forceFlush() {
    return Promise.resolve();
  }

  shutdown() {
    return Promise.resolve();
  }

  getFinishedSpans() {
    return this.spans;
  }
}

export const PROCESSORS = ['minimal', 'simple'];

function makeService(serviceName, random, processor) {
  let exporter;
  let spanProcessor;
  if (processor === 'minimal') {
    spanProcessor = new ArraySpanProcessor();
    exporter = spanProcessor;
  } else if (processor === 'simple') {
    exporter = new InMemorySpanExporter();
    spanProcessor = new SimpleSpanProcessor(exporter);
  } else {
    throw new Error(`unknown processor ${processor} (use ${PROCESSORS.join(' or ')})`);
  }
  const provider = new BasicTracerProvider({
    resource: defaultResource().merge(
      resourceFromAttributes({
        'service.name': serviceName,
        'service.instance.id': uuid(random),
      }),
    ),
    spanProcessors: [spanProcessor],
  });
  return { exporter, provider };
}

/** Converts a virtual offset (ns since the run's start) into an OpenTelemetry HrTime. */
function hrTimeAt(base, offsetNs) {
  const ns = base[1] + offsetNs;
  return [base[0] + Math.floor(ns / NS_PER_S), ns % NS_PER_S];
}

/**
 * Simulates `requests` lab requests back to back with the OpenTelemetry JS SDK. Returns the two
 * span stores (service-a, service-b; `getFinishedSpans()`), which hold every span on return (the
 * minimal processor pushes in `onEnd`; SimpleSpanProcessor hands each span to
 * InMemorySpanExporter.export as it ends, and that stores it synchronously), and `flushed`, a
 * promise for the SDK's deferred bookkeeping: InMemorySpanExporter acknowledges each export with a
 * setTimeout, and forceFlush waits for all of those acknowledgements (immediate for 'minimal').
 */
export function simulateLabWithOtel(
  requests,
  { heavyCalc = true, seed = 1, startMs = Date.now(), processor = 'simple' } = {},
) {
  const random = seededRandom(seed);
  const a = makeService('service-a', random, processor);
  const b = makeService('service-b', random, processor);
  const flaskA = a.provider.getTracer(SCOPES.flask, INSTRUMENTATION_VERSION);
  const requestsA = a.provider.getTracer(SCOPES.requests, INSTRUMENTATION_VERSION);
  const flaskB = b.provider.getTracer(SCOPES.flask, INSTRUMENTATION_VERSION);
  const mainB = b.provider.getTracer(SCOPES.main);
  const propagator = new W3CTraceContextPropagator();
  const base = [Math.floor(startMs / 1000), (startMs % 1000) * NS_PER_MS];

  let now = 0;
  for (let i = 0; i < requests; i++) {
    const aServer = flaskA.startSpan(
      'GET /',
      {
        kind: SpanKind.SERVER,
        startTime: hrTimeAt(base, now),
        attributes: serverAttributes({
          port: 5000,
          target: '/',
          route: '/',
          userAgent: 'curl/8.5.0',
          peerPort: 40000 + Math.floor(random() * 20000),
        }),
      },
      ROOT_CONTEXT,
    );
    const aContext = trace.setSpan(ROOT_CONTEXT, aServer);
    const clientStart = now + HANDLER_OVERHEAD_NS;
    const aClient = requestsA.startSpan(
      'GET',
      { kind: SpanKind.CLIENT, startTime: hrTimeAt(base, clientStart), attributes: clientAttributes() },
      aContext,
    );

    // The only link from A to B: headers on the (simulated) wire.
    const headers = {};
    propagator.inject(trace.setSpan(aContext, aClient), headers, defaultTextMapSetter);
    const bParent = propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);

    const bStart = clientStart + NETWORK_DELAY_NS;
    const bServer = flaskB.startSpan(
      'GET /data',
      {
        kind: SpanKind.SERVER,
        startTime: hrTimeAt(base, bStart),
        attributes: serverAttributes({
          port: 5001,
          target: '/data',
          route: '/data',
          userAgent: 'python-requests/2.32.3',
          peerPort: 40000 + Math.floor(random() * 20000),
        }),
      },
      bParent,
    );
    let bNow = bStart + HANDLER_OVERHEAD_NS;
    // The lab's `time.sleep(random.uniform(0.1, 0.5))`.
    bNow += Math.round((100 + random() * 400) * NS_PER_MS);
    if (heavyCalc) {
      const heavy = mainB.startSpan(
        'heavy_calc',
        { kind: SpanKind.INTERNAL, startTime: hrTimeAt(base, bNow) },
        trace.setSpan(bParent, bServer),
      );
      bNow += HEAVY_CALC_NS;
      heavy.end(hrTimeAt(base, bNow));
    }
    const bEnd = bNow + HANDLER_OVERHEAD_NS;
    bServer.setAttribute('http.status_code', 200);
    bServer.end(hrTimeAt(base, bEnd));

    const clientEnd = bEnd + NETWORK_DELAY_NS;
    aClient.setAttribute('http.status_code', 200);
    aClient.end(hrTimeAt(base, clientEnd));

    const aEnd = clientEnd + HANDLER_OVERHEAD_NS;
    aServer.setAttribute('http.status_code', 200);
    aServer.end(hrTimeAt(base, aEnd));
    now = aEnd + REQUEST_GAP_NS;
  }
  const flushed = Promise.all([a.provider.forceFlush(), b.provider.forceFlush()]);
  return { exporters: { a: a.exporter, b: b.exporter }, flushed };
}

/**
 * Checks the spans have the lab's shape (names, kinds, scopes, resources, parentage), so the
 * timing is known to be of the right work. Returns a summary; `ok` is false with the first problem.
 */
export function checkLabShape(exporters, requests, { heavyCalc = true } = {}) {
  const spans = [...exporters.a.getFinishedSpans(), ...exporters.b.getFinishedSpans()];
  const perRequest = heavyCalc ? 4 : 3;
  const summary = { ok: true, spans: spans.length, traces: 0, problem: null, byName: {} };
  const fail = (problem) => ({ ...summary, ok: false, problem });
  if (spans.length !== requests * perRequest) {
    return fail(`expected ${requests * perRequest} spans, got ${spans.length}`);
  }
  const expected = {
    'GET /': { kind: SpanKind.SERVER, scope: SCOPES.flask, service: 'service-a', parent: null },
    GET: { kind: SpanKind.CLIENT, scope: SCOPES.requests, service: 'service-a', parent: 'GET /' },
    'GET /data': { kind: SpanKind.SERVER, scope: SCOPES.flask, service: 'service-b', parent: 'GET' },
    heavy_calc: { kind: SpanKind.INTERNAL, scope: SCOPES.main, service: 'service-b', parent: 'GET /data' },
  };
  const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
  const traces = new Set();
  for (const s of spans) {
    const want = expected[s.name];
    if (!want) return fail(`unexpected span name ${s.name}`);
    summary.byName[s.name] = (summary.byName[s.name] ?? 0) + 1;
    if (s.kind !== want.kind) return fail(`${s.name}: kind ${s.kind}`);
    if (s.instrumentationScope.name !== want.scope) return fail(`${s.name}: scope ${s.instrumentationScope.name}`);
    if (s.resource.attributes['service.name'] !== want.service) return fail(`${s.name}: wrong service`);
    const parentId = s.parentSpanContext?.spanId;
    const parent = parentId ? byId.get(parentId) : null;
    if ((parent?.name ?? null) !== want.parent) return fail(`${s.name}: parent ${parent?.name ?? 'none'}`);
    if (parent && parent.spanContext().traceId !== s.spanContext().traceId) return fail(`${s.name}: trace id`);
    traces.add(s.spanContext().traceId);
  }
  summary.traces = traces.size;
  if (traces.size !== requests) return fail(`expected ${requests} traces, got ${traces.size}`);
  return summary;
}

/** Attribute keys per span name, to compare with the spans the app exports (same attributes?). */
export function attributeKeysByName(exporters) {
  const out = {};
  for (const s of [...exporters.a.getFinishedSpans(), ...exporters.b.getFinishedSpans()]) {
    out[s.name] ??= Object.keys(s.attributes).sort();
  }
  return out;
}

/**
 * Runs the lab once, timed with performance.now(): `ms` until every span is in the exporters (the
 * OTel counterpart of "results in the store"), `flushedMs` until forceFlush also resolved.
 */
export async function timeLabWithOtel(requests, options = {}) {
  const t0 = performance.now();
  const { exporters, flushed } = simulateLabWithOtel(requests, options);
  const stored = exporters.a.getFinishedSpans().length + exporters.b.getFinishedSpans().length;
  const ms = performance.now() - t0;
  // Which processor really ran (a stale bundle would ignore the option).
  const processor = exporters.a instanceof ArraySpanProcessor ? 'minimal' : 'simple';
  // For a CPU profile of the measured window only: skip the flush wait and the shape check.
  if (options.profileOnly) return { ms, stored, processor };
  await flushed;
  const flushedMs = performance.now() - t0;
  const check = checkLabShape(exporters, requests, options);
  if (check.ok && stored !== check.spans) return { ms, flushedMs, processor, check: { ...check, ok: false, problem: 'spans arrived late' } };
  return { ms, flushedMs, processor, check, attributeKeys: attributeKeysByName(exporters) };
}
