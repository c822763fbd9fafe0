#!/usr/bin/env bash
# The benchmark of BENCHMARKS.md: generate the ~100 MB HAR from the fixtures, then
# measure in one run (benches/run.sh [all|main|scaling]): cargo bench (in-process phases), the CLI end to end (wall time,
# peak RSS) and node's JSON.parse of the same file (wall time, peak RSS), and print
# the comparison in one block at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
HAR=${WHY405_BENCH_HAR:-bench-data/bench.har}
MB=${WHY405_BENCH_MB:-100}
RUNS=${WHY405_BENCH_RUNS:-5}
BIN=${CARGO_TARGET_DIR:-target}/release/why405
PART=${1:-all} # all | main (the ~100 MB HAR) | scaling (issue 11's shapes)
ratio() { awk "BEGIN{printf \"%.2f\", $1/$2}"; }
cargo build --release --locked
if [ "$PART" != scaling ]; then
mkdir -p "$(dirname "$HAR")"
if [ ! -s "$HAR" ]; then
  cargo run --release --locked --example gen_bench_har -- "$HAR" "$MB"
fi
bench_out=$(WHY405_BENCH_HAR="$HAR" cargo bench --locked --bench diagnose 2>/dev/null | grep -v '^$' || true)

wall() { # median wall time of $RUNS runs of a command, in ms (why405 exits 1 when it finds problems)
  local ts=()
  for _ in $(seq "$RUNS"); do
    local t0
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    ts+=($(( ($(date +%s%N) - t0) / 1000000 )))
  done
  printf '%s\n' "${ts[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p"
}
rss() { # peak RSS of a command, in KB
  local f
  f=$(mktemp)
  /usr/bin/time -o "$f" -f %M "$@" >/dev/null 2>&1 || true
  tail -1 "$f"
  rm -f "$f"
}

NODE=(node -e 'JSON.parse(require("fs").readFileSync(process.argv[1]))' "$HAR")
CLI=("$BIN" diagnose "$HAR" --format json)
cli_ms=$(wall "${CLI[@]}")
node_ms=$(wall "${NODE[@]}")
text_ms=$(wall "$BIN" diagnose "$HAR" --format text)
cli_kb=$(rss "${CLI[@]}")
text_kb=$(rss "$BIN" diagnose "$HAR" --format text)
node_kb=$(rss "${NODE[@]}")
size_kb=$(du -k "$HAR" | cut -f1)
value_ms=$(printf '%s\n' "$bench_out" | awk '/serde_json::Value parse/{for(i=1;i<=NF;i++) if($(i+1)=="ms"){print $i; exit}}')

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "file: $HAR ($((size_kb / 1024)) MB)"
echo "--- cargo bench (in process)"
printf '%s\n' "$bench_out"
echo "--- processes (median of $RUNS)"
echo "why405 diagnose --format json : ${cli_ms} ms, peak RSS $((cli_kb / 1024)) MB ($(ratio "$cli_kb" "$size_kb")x file)"
echo "why405 diagnose --format text : ${text_ms} ms, peak RSS $((text_kb / 1024)) MB ($(ratio "$text_kb" "$size_kb")x file)"
echo "node JSON.parse(readFileSync)  : ${node_ms} ms, peak RSS $((node_kb / 1024)) MB ($(ratio "$node_kb" "$size_kb")x file)"
echo "--- targets"
echo "why405 json / node              : $(ratio "$cli_ms" "$node_ms")  (target < 1)"
if [ -n "$value_ms" ]; then
  echo "why405 json / serde_json::Value : $(ratio "$cli_ms" "$value_ms")  (target <= 2; Value parse ${value_ms} ms in process)"
fi
echo "why405 json peak RSS / file     : $(ratio "$cli_kb" "$size_kb")  (target < 2)"
fi
[ "$PART" != main ] || exit 0
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- Scaling (issue 11): the hostile shapes at n and 4n ---------------------------------------------------------
# benches/scaling.rs writes each shape (built from the fixtures, benches/shapes.rs) to bench-data/scaling/, then
# every file goes through the CLI once per format (wall time and peak RSS from /usr/bin/time), with node's
# JSON.parse of the same file as the anchor; the in-process phases (and the panel's Engine::push path) follow.
# WHY405_SCALING="shape=n ..." chooses the shapes and n (4n is run too).
SCALING=${WHY405_SCALING:-methods=2000 preflight_other=4000 express404=2000 s3=1000 fixtures=8000 tiny=250000}
DIR=bench-data/scaling
specs=()
for s in $SCALING; do specs+=("$s" "${s%=*}=$(( ${s#*=} * 4 ))"); done
cargo bench --locked --bench scaling -- --write "$DIR" "${specs[@]}" >/dev/null
measure() { # wall seconds and peak RSS KB of one run
  local f
  f=$(mktemp)
  /usr/bin/time -o "$f" -f '%e %M' "$@" >/dev/null 2>&1 || true
  tail -1 "$f"
  rm -f "$f"
}
echo "--- scaling: the CLI end to end (one run each; ratio = 4n/n; RSS/file at 4n; anchor = node JSON.parse of the file)"
printf '%-16s %8s %-9s %9s %9s %6s %9s %9s %8s\n' shape n format 's at n' 's at 4n' ratio 'MB at 4n' 'file MB' 'RSS/file'
for s in $SCALING; do
  shape=${s%=*} n=${s#*=} big=$(( ${s#*=} * 4 ))
  small_f=$DIR/$shape-$n.har big_f=$DIR/$shape-$big.har
  size_kb=$(du -k "$big_f" | cut -f1)
  for fmt in json text har anchor; do
    if [ "$fmt" = anchor ]; then
      run=(node -e 'JSON.parse(require("fs").readFileSync(process.argv[1]))')
    else
      run=("$BIN" diagnose --format "$fmt")
    fi
    read -r ta _ < <(measure "${run[@]}" "$small_f")
    read -r tb kb < <(measure "${run[@]}" "$big_f")
    printf '%-16s %8s %-9s %9s %9s %6s %9s %9s %8s\n' "$shape" "$n" "$fmt" "$ta" "$tb" \
      "$(awk "BEGIN{printf \"%.1f\", ($ta > 0 ? $tb/$ta : 0)}")" "$((kb / 1024))" "$((size_kb / 1024))" "$(ratio "$kb" "$size_kb")"
  done
done
echo "--- scaling: in process (cargo bench --bench scaling)"
cargo bench --locked --bench scaling -- $SCALING 2>/dev/null | grep -v '^$'
