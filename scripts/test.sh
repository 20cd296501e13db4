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

step "bundle size (gzip)"
node scripts/bundle-size.mjs dist

step "browser end-to-end tests"
node --test --test-concurrency=1 e2e/
