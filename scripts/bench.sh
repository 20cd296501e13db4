#!/usr/bin/env bash
# The benchmark (issues 7 and 15): builds the release app, the OpenTelemetry JS baseline and the
# native sim-bench, measures them (headless Chromium, Node, native), writes
# target/bench/results.json and the table in BENCHMARKS.md, and exits non-zero when a floor is
# missed or a metric could not be measured. Sets up a fresh machine first, idempotently.
#   scripts/bench.sh                 every metric, 5 runs each (load_ms: 7)
#   scripts/bench.sh --runs 9        more runs per metric
#   scripts/bench.sh --only otel,runload --no-profile   a subset (BENCHMARKS.md is left alone)
#   scripts/bench.sh --lenient       unmeasured metrics do not fail the run (missed floors still do)
#   scripts/bench.sh --slow4g-cpu 4  load_slow4g_ms with Lighthouse's 4x CPU slowdown as well
# BENCH_SKIP_BUILD=1 reuses an existing dist/ instead of running trunk.
set -euo pipefail
cd "$(dirname "$0")/.."
# The benchmark needs Chromium but not the Jaeger that the export tests use.
SKIP_JAEGER_TESTS="${SKIP_JAEGER_TESTS:-1}" scripts/setup.sh test
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ] || [ ! -f dist/index.html ]; then
  printf '\n\033[1;32m==> %s\033[0m\n' "trunk build --release --offline"
  trunk build --release --offline
  # The same build with wasm function names, for readable CPU profiles (only wasm-opt reruns).
  bench/build-names.sh
fi
# The native simulator and analysis benchmark (sim_native_10k_ms, critical_path_100k_ms).
cargo build --release --quiet --bin sim-bench

printf '\n\033[1;32m==> %s\033[0m\n' "node --test bench/test/*.test.mjs (the benchmark's own logic)"
# Files, not the directory: Node 22+ no longer accepts a directory argument.
node --test --test-reporter=spec bench/test/*.test.mjs

printf '\n\033[1;32m==> %s\033[0m\n' "node bench/run.mjs $*"
exec node bench/run.mjs "$@"
