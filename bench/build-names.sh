#!/usr/bin/env bash
# Builds a copy of the release app whose wasm keeps its function names, for CPU profiles that
# name Rust functions instead of `wasm-function[123]`. Same code and optimisation level as
# dist/ (wasm-opt -Oz, plus -g, which keeps the name section); only for profiling, never measured.
# Output: target/bench/dist-names/. Usage: bench/build-names.sh (from any directory).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
# Trunk resolves assets relative to the HTML file, so the variant sits next to index.html for
# the duration of the build only (trunk still writes it out as index.html).
variant="index.bench-names.html"
trap 'rm -f "$variant"' EXIT
sed 's/data-wasm-opt="z"/data-wasm-opt="z" data-wasm-opt-params="-g"/' index.html > "$variant"
grep -q 'data-wasm-opt-params="-g"' "$variant" || { echo "build-names: index.html has no data-wasm-opt=\"z\" to extend" >&2; exit 1; }
trunk build --release --offline --dist target/bench/dist-names "$variant"
