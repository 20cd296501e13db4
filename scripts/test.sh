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
node --test --test-force-exit --test-timeout=300000 scripts/*.test.mjs
node scripts/bundle-size.mjs dist

# The test files are named explicitly (bash expands the glob): Node 20 accepts a directory
# argument to `node --test`, Node 22+ reads it as a file name and fails.
# --test-force-exit: a test that fails before closing its stub server or browser context
# leaves a handle open, and without it that file's process never exits, so the run hangs
# until CI's limit (seen: one failed assertion, then 90 minutes of nothing).
# --test-timeout: a test stuck on something else fails after 5 minutes instead.
step "browser end-to-end tests (node $(node --version), $(scripts/jaeger.sh version))"
node --test --test-concurrency=1 --test-force-exit --test-timeout=300000 e2e/*.test.mjs
