#!/usr/bin/env bash
# Serves the playground at http://127.0.0.1:8080 (sets up the toolchain first if needed).
# /v1/traces is proxied to a local collector at 127.0.0.1:4318 (see Trunk.toml).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
exec trunk serve --offline "$@"
