#!/usr/bin/env bash
# why405 build entry point.
#   ./build.sh            build everything, then diagnose a bundled example HAR
#   ./build.sh test       run every test (lints, unit, fixtures, wasm build, live lab with real servers + Chromium)
#   ./build.sh lint       only the lints: cargo fmt --check, clippy -D warnings (native + wasm32), eslint, function length
#   ./build.sh fixtures   re-capture tests/fixtures/ from the real-server lab
#   ./build.sh bench [main|scaling]  run the benchmarks (see BENCHMARKS.md; scaling: issue 11's hostile shapes at n and 4n)
#   ./build.sh extension  build only the browser extension (dist/chrome, dist/firefox, zips)
#   ./build.sh test-extension  run only the extension's tests
#   ./build.sh www        build only the standalone web page (dist/www)
#   ./build.sh serve [PORT]  serve dist/www on http://127.0.0.1:PORT (default 8405)
#   ./build.sh test-www   run only the web page's tests
#   ./build.sh bench-www  the web page on the ~100 MB benchmark HAR vs the browser's JSON.parse
#   ./build.sh profile-www  where the web page's time goes on that HAR (CPU profile by function)
#   ./build.sh bench-open   showing the extension's panel -> its first rows, with 1,000 captured entries
#   ./build.sh bench-page-cost  what DevTools' panels cost the page: Elements, Network, why405 shown/hidden, closed
#   ./build.sh compare REV [REV2]  every fixture's output in every format at REV vs REV2 (default: the work tree)
# Installs what is missing on a fresh Debian machine, idempotently.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
cd "$(dirname "$0")"
ROOT=$(pwd)
# cargo's output folder (CARGO_TARGET_DIR when set, as cargo does)
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
EXAMPLE=tests/fixtures/slim_catchall_options_put_missing_route/input.har

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

setup_rust() {
  command -v cargo >/dev/null || { echo "cargo is required (rustup)" >&2; exit 1; }
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    log "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  for c in rustfmt clippy; do
    if ! rustup component list --installed 2>/dev/null | grep -q "^$c"; then
      log "adding the $c component"
      rustup component add "$c"
    fi
  done
}

# Formatting and lints: cargo fmt, clippy (native, and the UI crate for wasm32)
# with warnings as errors, eslint on the JavaScript, and the function-length
# rule for the core (no function in src/ over 80 lines).
lint() {
  setup_rust
  log "cargo fmt --check"
  cargo fmt --all --check
  log "clippy (native, all targets, -D warnings)"
  cargo clippy --locked --all-targets -- -D warnings
  log "clippy (the UI crate for wasm32, -D warnings)"
  cargo clippy --locked --all-targets --target wasm32-unknown-unknown -p why405-ui -- -D warnings
  log "no function in src/ over 80 lines"
  python3 scripts/long-functions.py --max 80 src
  lint_js
}

lint_js() {
  setup_extension
  log "eslint (extension, www, lab)"
  npm --prefix extension run --silent lint:js
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
  "$TARGET/release/why405" diagnose "$har" || [ $? -eq 1 ]
}

run_tests() {
  setup_rust
  setup_lab
  log "unit, fixture and malformed-input tests (HAR exports checked by har-validator: tests/har_export_valid.rs; JUnit by xmllint: tests/contract_cli.rs)"
  WHY405_REQUIRE_HAR_VALIDATOR=1 WHY405_REQUIRE_XMLLINT=1 cargo test --locked
  log "the core builds for wasm32"
  cargo build --locked --lib --target wasm32-unknown-unknown
  log "live lab: real servers, real Chromium, fresh captures checked against Chromium's own verdicts"
  cargo build --locked
  WHY405_BIN="$TARGET/debug/why405" timeout 900 node tests/lab/live-test.js
  log "report formats: HAR exports validated (har-validator) and round-tripped, cURL reproduced against the lab servers"
  WHY405_BIN="$TARGET/debug/why405" timeout 300 node tests/lab/report-test.js
  log "why405 probe and diagnose --probe against the lab servers: every undecided fixture settled, the method never sent"
  WHY405_BIN="$TARGET/debug/why405" timeout 300 node tests/lab/probe-test.js
  log "why405 contract against the lab: the contract server's planted drifts found exactly, --compare, no write sent"
  WHY405_BIN="$TARGET/debug/why405" timeout 300 node tests/lab/contract-test.js
}

# A long run of the mutation fuzzer (tests/fuzz.rs; `./build.sh test` runs a
# short one): WHY405_FUZZ_RUNS runs (default 300,000), or WHY405_FUZZ_SECS
# seconds when set; WHY405_FUZZ_SEED for another sequence. Release build.
fuzz() {
  setup_rust
  log "mutation fuzzer (tests/fuzz.rs, release): ${WHY405_FUZZ_RUNS:-300000} runs${WHY405_FUZZ_SECS:+ or $WHY405_FUZZ_SECS s, whichever ends first}"
  WHY405_FUZZ_RUNS="${WHY405_FUZZ_RUNS:-300000}" cargo test --release --locked --test fuzz -- --nocapture
}

# ---- browser extension (extension/) -------------------------------------

# The wasm-bindgen crate version in Cargo.lock: the CLI must match it exactly.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

setup_extension() {
  setup_rust
  local want
  want=$(wasm_bindgen_version)
  if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $want"; then
    log "installing wasm-bindgen-cli $want (takes a few minutes)"
    # --locked: the CLI's own Cargo.lock, so its dependencies are the ones it was released with. The version
    # follows the wasm-bindgen crate in Cargo.lock; 0.2.130's lock names a webpki-roots the registry does not
    # serve, so the project stays on a release whose locked install works (0.2.129).
    cargo install wasm-bindgen-cli --version "$want" --locked
  fi
  if [ ! -f extension/node_modules/.package-lock.json ] || [ extension/package-lock.json -nt extension/node_modules/.package-lock.json ]; then
    log "installing the extension's npm tools (binaryen, web-ext, puppeteer-core)"
    (cd extension && npm ci --no-audit --no-fund)
  fi
}

setup_extension_tests() {
  setup_extension
  if [ ! -x /usr/bin/chromedriver ]; then
    log "installing chromedriver (Debian chromium-driver) for the wasm component tests"
    local sudo=; [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get install -y chromium-driver || { $sudo apt-get update && $sudo apt-get install -y chromium-driver; }
  fi
}

build_extension() {
  setup_extension
  local pkg="$TARGET/why405-ui/pkg" wasm="$TARGET/wasm32-unknown-unknown/wasm-release/why405_ui.wasm" start end
  log "building the panel's wasm (profile wasm-release, without the page's file mode)"
  start=$(date +%s)
  cargo build --locked --profile wasm-release --target wasm32-unknown-unknown -p why405-ui --no-default-features
  end=$(date +%s)
  rm -rf "$pkg"
  wasm-bindgen --target web --no-typescript --out-dir "$pkg" "$wasm"
  local bindgen_size
  bindgen_size=$(stat -c %s "$pkg/why405_ui_bg.wasm")
  extension/node_modules/.bin/wasm-opt -Oz "$pkg/why405_ui_bg.wasm" -o "$pkg/why405_ui_bg.wasm"
  log "packaging dist/chrome and dist/firefox"
  node extension/scripts/package.mjs --pkg "$pkg" --out dist
  log "web-ext lint dist/firefox"
  (cd extension && node_modules/.bin/web-ext lint --source-dir ../dist/firefox --self-hosted --warnings-as-errors --output text)
  local raw opt gz
  raw=$(stat -c %s "$wasm")
  opt=$(stat -c %s "$pkg/why405_ui_bg.wasm")
  gz=$(gzip -9 -c "$pkg/why405_ui_bg.wasm" | wc -c)
  log "panel wasm: cargo $raw B, wasm-bindgen $bindgen_size B, wasm-opt -Oz $opt B, gzip -9 $gz B (cargo build $((end - start)) s)"
  if [ "$gz" -gt 430080 ]; then echo "panel wasm is over its 420 KB gzipped budget" >&2; return 1; fi
}

test_extension() {
  setup_extension_tests
  log "panel: native unit tests (state, model)"
  cargo test --locked -p why405-ui
  log "panel: wasm-bindgen-test component tests in headless Chromium"
  CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=120 \
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    cargo test --locked --target wasm32-unknown-unknown -p why405-ui
  build_extension
  cargo build --locked --bin why405
  setup_lab
  log "extension: the message protocol (node)"
  (cd extension && timeout 120 node --test tests/protocol.mjs)
  log "extension: end-to-end in Chromium (every lab scenario against the real servers) and in Firefox (toolbox via Marionette)"
  (cd extension && WHY405_BIN="$TARGET/debug/why405" timeout 900 node --test tests/e2e.js tests/e2e-widths.js tests/e2e-lab.js tests/hidden.js tests/probe.js tests/firefox.js tests/firefox-capture.js tests/firefox-probe.js)
}

# ---- the standalone web page (www/) ---------------------------------------

# The panel's wasm with its `file` feature (chunked HAR reading), the page's
# files and the panel's stylesheet → dist/www.
# With --names (for profile-www): the wasm keeps its function names, into dist/www-names.
build_www() {
  setup_extension
  local out=dist/www names=()
  if [ "${1:-}" = --names ]; then out=dist/www-names names=(-g); fi
  # The page has no size budget, unlike the extension's panel: built for speed (the 100 MB load), not size.
  local pkg="$TARGET/why405-www/pkg" wasm="$TARGET/wasm32-unknown-unknown/wasm-speed/why405_ui.wasm"
  log "building the web page's wasm (the panel with its file mode, profile wasm-speed)"
  cargo build --locked --profile wasm-speed --target wasm32-unknown-unknown -p why405-ui
  rm -rf "$pkg"
  wasm-bindgen --target web --no-typescript --out-dir "$pkg" "$wasm"
  extension/node_modules/.bin/wasm-opt -O3 "${names[@]}" "$pkg/why405_ui_bg.wasm" -o "$pkg/why405_ui_bg.wasm"
  node www/build.mjs --pkg "$pkg" --out "$out"
  log "web page wasm: wasm-opt -O3 $(stat -c %s "$pkg/why405_ui_bg.wasm") B, gzip -9 $(gzip -9 -c "$pkg/why405_ui_bg.wasm" | wc -c) B → $out"
}

serve_www() {
  [ -f dist/www/index.html ] || build_www
  exec node www/serve.mjs dist/www "${1:-8405}"
}

test_www() {
  setup_extension
  [ -x /usr/bin/chromium ] || setup_lab
  build_www
  cargo build --locked --bin why405
  log "web page: its dev server serves its folder and nothing else"
  timeout 120 node --test www/tests/serve.mjs
  log "web page: headless Chromium (file input, diagnosis, exports, redaction, no request leaves the page)"
  WHY405_BIN="$TARGET/debug/why405" timeout 600 node --test www/tests/www.js
  log "web page: at 400 and 1,280 px (the panel's layout: columns, the detail over or beside the list)"
  timeout 300 node --test www/tests/widths.mjs
}

# The ~100 MB benchmark HAR (bench-data/, git-ignored), generated from the fixtures once.
bench_har() {
  [ -s bench-data/bench.har ] || { mkdir -p bench-data; cargo run --release --locked --example gen_bench_har -- bench-data/bench.har 100; }
}

bench_www() {
  setup_extension
  bench_har
  [ -f dist/www/index.html ] || build_www
  timeout 600 node www/tests/bench-www.js bench-data/bench.har
}

# Showing the extension's panel -> its first rows, with 1,000 captured entries (BENCHMARKS.md).
bench_open() {
  build_extension
  timeout 600 node extension/tests/bench-open.js
}

# What DevTools' panels cost the inspected page (BENCHMARKS.md, issue 14): five browsers, one table. Takes the
# environment of extension/tests/bench-page-cost.js (ROUNDS, N, BLOCK, BASE_DIST=dir of another dist/chrome, OUT).
bench_page_cost() {
  build_extension
  timeout 3600 node extension/tests/bench-page-cost.js
}

# Where the page's time goes on the benchmark HAR: a CPU profile of the load
# in Chromium, summed by function (wasm names kept).
profile_www() {
  setup_extension
  bench_har
  build_www --names
  WHY405_WWW="$ROOT/dist/www-names" timeout 600 node www/tests/profile-www.js bench-data/bench.har
}

case "${1:-}" in
  "") build; build_extension; build_www; example ;;
  test) lint; run_tests; test_extension; test_www ;;
  lint) lint ;;
  extension) build_extension ;;
  test-extension) test_extension ;;
  www) build_www ;;
  serve) serve_www "${2:-}" ;;
  test-www) test_www ;;
  bench-www) bench_www ;;
  profile-www) profile_www ;;
  bench-open) bench_open ;;
  bench-page-cost) bench_page_cost ;;
  compare) shift; exec scripts/compare-outputs.sh "$@" ;;
  fixtures) setup_lab; timeout 900 node tests/lab/capture.js "${@:2}" ;;
  bench) setup_rust; bash benches/run.sh "${2:-all}" ;;
  fuzz) fuzz ;;
  *) echo "usage: ./build.sh [test|lint|fixtures|bench|fuzz|extension|test-extension|www|serve [PORT]|test-www|bench-www|profile-www|bench-open|bench-page-cost|compare REV [REV2]]" >&2; exit 2 ;;
esac
