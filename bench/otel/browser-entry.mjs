// Browser entry of the OpenTelemetry JS baseline: bundled by build.mjs for bench/pages/otel.html,
// it exposes `window.otelBench.run(requests, options)` for the runner to call via page.evaluate.
import { timeLabWithOtel } from './lab-otel.mjs';

window.otelBench = { run: timeLabWithOtel };
