#!/usr/bin/env bash
# Runs every test, in order, stopping at the first failure. Sets up a fresh machine first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

step() { printf '\n\033[1;32m==> %s\033[0m\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (host)"
cargo clippy --all-targets --locked -- -D warnings

step "cargo clippy (wasm32)"
cargo clippy --target wasm32-unknown-unknown --locked -- -D warnings

step "cargo test (native core)"
cargo test --locked

step "trunk build --release --offline"
trunk build --release --offline

step "bundle size (gzip and brotli; a report, with a guard against accidents)"
node --test scripts/*.test.mjs
node scripts/bundle-size.mjs dist

# The test files are named explicitly (bash expands the glob): Node 20 accepts a directory
# argument to `node --test`, Node 22+ reads it as a file name and fails.
step "browser end-to-end tests (node $(node --version), $(scripts/jaeger.sh version))"
node --test --test-concurrency=1 e2e/*.test.mjs
