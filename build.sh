#!/usr/bin/env bash
# why405 build entry point.
#   ./build.sh            build everything, then diagnose a bundled example HAR
#   ./build.sh test       run every test (unit, fixtures, wasm build, live lab with real servers + Chromium)
#   ./build.sh fixtures   re-capture tests/fixtures/ from the real-server lab
#   ./build.sh bench      run the benchmarks (see BENCHMARKS.md)
# Installs what is missing on a fresh Debian machine, idempotently.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
EXAMPLE=tests/fixtures/slim_catchall_options_put_missing_route/input.har

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

setup_rust() {
  command -v cargo >/dev/null || { echo "cargo is required (rustup)" >&2; exit 1; }
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    log "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

setup_lab() {
  log "setting up the test lab (servers, Chromium, node and python packages)"
  bash tests/lab/setup.sh
}

build() {
  setup_rust
  log "building the core and the CLI (release)"
  cargo build --release --locked
  log "checking the core builds for wasm32"
  cargo build --release --locked --lib --target wasm32-unknown-unknown
}

example() {
  local har=$EXAMPLE
  [ -f "$har" ] || har=$(ls tests/fixtures/*/input.har 2>/dev/null | head -1)
  [ -n "$har" ] || { echo "no example HAR found" >&2; return 0; }
  log "why405 diagnose $har"
  # exit 1 only means "a problem was found", which is the point of the example
  ./target/release/why405 diagnose "$har" || [ $? -eq 1 ]
}

run_tests() {
  setup_rust
  setup_lab
  log "unit, fixture and malformed-input tests"
  cargo test --locked
  log "the core builds for wasm32"
  cargo build --locked --lib --target wasm32-unknown-unknown
  log "live lab: real servers, real Chromium, fresh captures checked against Chromium's own verdicts"
  cargo build --locked
  WHY405_BIN="$ROOT/target/debug/why405" timeout 900 node tests/lab/live-test.js
  log "report formats: HAR exports validated (har-validator) and round-tripped, cURL reproduced against the lab servers"
  WHY405_BIN="$ROOT/target/debug/why405" timeout 300 node tests/lab/report-test.js
}

case "${1:-}" in
  "") build; example ;;
  test) run_tests ;;
  fixtures) setup_lab; timeout 900 node tests/lab/capture.js "${@:2}" ;;
  bench) setup_rust; bash benches/run.sh ;;
  *) echo "usage: ./build.sh [test|fixtures|bench]" >&2; exit 2 ;;
esac
