#!/usr/bin/env bash
# The benchmark of BENCHMARKS.md: generate the ~100 MB HAR from the fixtures, then
# measure in one run: cargo bench (in-process), the CLI end to end (wall time, peak RSS)
# and node's JSON.parse of the same file (wall time, peak RSS).
set -euo pipefail
cd "$(dirname "$0")/.."
HAR=${WHY405_BENCH_HAR:-bench-data/bench.har}
MB=${WHY405_BENCH_MB:-100}
mkdir -p "$(dirname "$HAR")"
if [ ! -s "$HAR" ]; then
  cargo run --release --locked --example gen_bench_har -- "$HAR" "$MB"
fi
cargo build --release --locked
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "file: $HAR ($(du -m "$HAR" | cut -f1) MB)"
WHY405_BENCH_HAR="$HAR" cargo bench --locked --bench diagnose 2>/dev/null | grep -v '^$'

wall() { # median wall time of 5 runs of a command, in ms
  local ts=()
  for _ in 1 2 3 4 5; do
    local t0=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    ts+=($(( ($(date +%s%N) - t0) / 1000000 )))
  done
  printf '%s\n' "${ts[@]}" | sort -n | sed -n 3p
}
rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }

cli_ms=$(wall ./target/release/why405 diagnose "$HAR" --format json)
node_ms=$(wall node -e 'JSON.parse(require("fs").readFileSync(process.argv[1]))' "$HAR")
cli_kb=$(rss ./target/release/why405 diagnose "$HAR" --format json)
node_kb=$(rss node -e 'JSON.parse(require("fs").readFileSync(process.argv[1]))' "$HAR")
size_kb=$(du -k "$HAR" | cut -f1)
echo "why405 diagnose --format json (process, median of 5): ${cli_ms} ms, peak RSS $((cli_kb / 1024)) MB ($(awk "BEGIN{printf \"%.2f\", $cli_kb/$size_kb}")x file)"
echo "node JSON.parse(readFileSync)  (process, median of 5): ${node_ms} ms, peak RSS $((node_kb / 1024)) MB"
echo "ratio why405 / node: $(awk "BEGIN{printf \"%.2f\", $cli_ms/$node_ms}")"
