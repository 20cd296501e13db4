#!/usr/bin/env bash
# A real Jaeger v2 for local use and for the test suite, built once from the Go module proxy
# and cached (no Docker needed).
#
#   scripts/jaeger.sh install   build tools/jaeger's pinned Jaeger into .tools/ (idempotent)
#   scripts/jaeger.sh path      print the binary's path (installs first if needed)
#   scripts/jaeger.sh version   print the pinned module version and the Jaeger release it is
#   scripts/jaeger.sh start     run Jaeger in the foreground: OTLP/HTTP on 127.0.0.1:4318 (CORS
#                               for the playground's origins), UI on http://localhost:16686,
#                               in-memory storage (config: jaeger-config.yaml)
#
# Why a tools module: the jaeger module's tags v1.49.0–v1.76.0 carry `replace` directives,
# which `go install pkg@version` refuses (every Jaeger v2 release is such a v1.x tag:
# v1.63.0 = v2.0.0, …, v1.75.0 = v2.12.0). tools/jaeger/go.mod pins
# `tool github.com/jaegertracing/jaeger/cmd/jaeger` at v1.75.0 (= Jaeger v2.12.0) with a
# committed go.sum, so the build is reproducible. v1.75.0 is the newest approved release: the
# module proxy serves later tags, but they are not approved releases, so do not bump past it.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
# Go's usual install place, in case a non-login shell (CI) lacks it on PATH.
export PATH="$PATH:/usr/local/go/bin"
TOOLS_MODULE="$ROOT/tools/jaeger"

say() { printf '\033[1;34m[jaeger]\033[0m %s\n' "$*" >&2; }

module_version() {
  awk '$1 == "github.com/jaegertracing/jaeger" { print $2; exit }' "$TOOLS_MODULE/go.mod"
}

# The Jaeger v2 release a v1.x module tag corresponds to (v1.N.0 ↔ v2.(N-63).0 from v1.63 = v2.0).
release_of() {
  local minor=${1#v1.}; minor=${minor%%.*}
  if [ "$minor" -ge 63 ] 2>/dev/null; then echo "v2.$((minor - 63)).0"; else echo "$1"; fi
}

# The cache key covers go.mod and go.sum, so a dependency change rebuilds.
binary_path() {
  local key
  key=$(cat "$TOOLS_MODULE/go.mod" "$TOOLS_MODULE/go.sum" | sha256sum | cut -c1-12)
  echo "$ROOT/.tools/jaeger/$(module_version)-$key/jaeger"
}

install() {
  local bin; bin=$(binary_path)
  if [ -x "$bin" ]; then
    [ "${1:-}" = quiet ] || say "Jaeger $(release_of "$(module_version)") already built: $bin"
    return 0
  fi
  command -v go >/dev/null || { say "Go is needed to build Jaeger (https://go.dev/dl/)"; exit 1; }
  local version release start end
  version=$(module_version); release=$(release_of "$version")
  say "building Jaeger $release (module $version) with $(go version | awk '{print $3}') — the first build takes minutes"
  mkdir -p "$(dirname "$bin")"
  start=$(date +%s)
  # -mod=mod lets Go fill go.sum entries for build-only packages if a Go release needs them;
  # the committed go.sum already covers the build, so normally nothing changes.
  (cd "$TOOLS_MODULE" && GOFLAGS=-mod=mod go build -trimpath \
    -ldflags "-s -w -X github.com/jaegertracing/jaeger/internal/version.latestVersion=$release -X github.com/jaegertracing/jaeger/internal/version.commitSHA=module-$version" \
    -o "$bin.tmp" github.com/jaegertracing/jaeger/cmd/jaeger)
  mv "$bin.tmp" "$bin"
  end=$(date +%s)
  say "built Jaeger $release in $((end - start)) s: $bin"
}

case "${1:-}" in
  install) install ;;
  path) install quiet; binary_path ;;
  version) echo "module $(module_version) = Jaeger $(release_of "$(module_version)")" ;;
  start)
    install
    say "OTLP/HTTP: http://127.0.0.1:4318/v1/traces   query API and UI: http://localhost:16686   (Ctrl-C stops)"
    say "note: a binary built from Go source has no UI assets (Jaeger shows a placeholder page);"
    say "      for the full Jaeger UI use docker compose (see docs/export-to-jaeger.md)"
    # Jaeger traces itself to an OTLP/gRPC endpoint on :4317 unless told not to; nothing
    # listens there, and its retries only fill the log.
    OTEL_TRACES_SAMPLER=${OTEL_TRACES_SAMPLER:-always_off} exec "$(binary_path)" --config "$ROOT/jaeger-config.yaml"
    ;;
  *) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
