#!/usr/bin/env bash
# Installs what the playground needs on a fresh machine, idempotently: a second run checks
# versions, installs nothing and returns at once.
#   scripts/setup.sh build   toolchain to build and serve (wasm32 target, rustfmt, clippy, trunk,
#                            wasm-bindgen, wasm-opt)
#   scripts/setup.sh test    also test tools (Chromium, playwright-core, Jaeger)
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-build}"

say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

# --- Rust target and components ----------------------------------------------------------
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding rustup target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
# test.sh runs `cargo fmt --check` and `cargo clippy`; a minimal rustup profile has neither.
# `rustup component list --installed` names them with the host triple (rustfmt-x86_64-…).
for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component-"; then
    say "adding rustup component $component"
    rustup component add "$component"
  fi
done

# --- trunk ^0.21 (0.22 needs a newer rustc than this machine's) ---------------------------
if ! trunk --version 2>/dev/null | grep -q '^trunk 0\.21\.'; then
  say "installing trunk ^0.21"
  cargo install trunk --version '^0.21' --locked
fi

# --- wasm-bindgen-cli, exactly the version in Cargo.lock ----------------------------------
wbg_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wbg_version" ]; then
  say "installing wasm-bindgen-cli $wbg_version"
  # --locked fails for this version (a locked dependency is missing from the registry).
  cargo install wasm-bindgen-cli --version "$wbg_version" --force
fi

# --- npm tools: binaryen (wasm-opt) and playwright-core, from package-lock.json -----------
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.setup-lock-hash 2>/dev/null)" != "$lock_hash" ]; then
  say "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
  echo "$lock_hash" > node_modules/.setup-lock-hash
fi

[ "$mode" = "test" ] || exit 0

# --- Debian Chromium for browser tests ----------------------------------------------------
if [ ! -x /usr/bin/chromium ]; then
  say "installing Debian chromium"
  sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q chromium chromium-driver
fi

# --- a real Jaeger v2 for the export tests (built once from the Go module proxy, cached) ------
if [ "${SKIP_JAEGER_TESTS:-}" = 1 ] && [ "${CI:-}" != true ]; then
  say "SKIP_JAEGER_TESTS=1: not installing Jaeger (the real-Jaeger export tests will be skipped)"
else
  scripts/jaeger.sh install
fi
