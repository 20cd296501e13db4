#!/usr/bin/env bash
# The benchmark (issue 7): builds the release app and the OpenTelemetry JS baseline, measures both
# in headless Chromium, writes target/bench/results.json and the table in BENCHMARKS.md, and exits
# non-zero when a measured figure misses its floor. Sets up a fresh machine first, idempotently.
#   scripts/bench.sh                 every metric, 5 runs each (load: 7)
#   scripts/bench.sh --runs 9        more runs per metric
#   scripts/bench.sh --only otel,load --no-profile
#   scripts/bench.sh --strict        also fail when a metric could not be measured
# BENCH_SKIP_BUILD=1 reuses an existing dist/ instead of running trunk.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ] || [ ! -f dist/index.html ]; then
  printf '\n\033[1;32m==> %s\033[0m\n' "trunk build --release --offline"
  trunk build --release --offline
  # The same build with wasm function names, for readable CPU profiles (only wasm-opt reruns).
  bench/build-names.sh
  # The native simulator benchmark, a comparison point.
  cargo build --release --quiet --bin sim-bench
fi

printf '\n\033[1;32m==> %s\033[0m\n' "node --test bench/test/ (the benchmark's own logic)"
node --test bench/test/

printf '\n\033[1;32m==> %s\033[0m\n' "node bench/run.mjs $*"
exec node bench/run.mjs "$@"
