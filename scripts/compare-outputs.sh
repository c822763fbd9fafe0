#!/usr/bin/env bash
# Builds the why405 CLI at two revisions and diffs what each prints for every
# fixture HAR in every format (json, markdown, text, curl, har; with and
# without --all, redacted and not). Byte-identical output means a refactor
# changed no behaviour that a user can see.
#
#   scripts/compare-outputs.sh OLD_REV [NEW_REV]   # NEW_REV defaults to the work tree
#
# The fixtures read are the union of both revisions' tests/fixtures/*/input.har
# and tests/built/*/input.har (a HAR present in only one is run through both
# binaries from that copy). Exit 0 when identical, 1 with a diff otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
old=${1:?usage: scripts/compare-outputs.sh OLD_REV [NEW_REV]}
new=${2:-}
work=$(mktemp -d /tmp/why405-compare.XXXXXX)
trap 'git -C "$ROOT" worktree remove --force "$work/src-old" >/dev/null 2>&1 || true;
      [ -z "$new" ] || git -C "$ROOT" worktree remove --force "$work/src-new" >/dev/null 2>&1 || true' EXIT

# build REV DIR: the CLI at REV (a detached worktree in DIR), or the work tree when REV is empty.
build() {
  local rev=$1 name=$2 src
  if [ -n "$rev" ]; then
    src=$work/src-$name
    git -C "$ROOT" worktree add --detach --quiet "$src" "$rev"
  else
    src=$ROOT
  fi
  # One target dir per side, kept between runs, so a rerun only rebuilds what changed.
  CARGO_TARGET_DIR=${WHY405_COMPARE_TARGET:-/tmp/why405-compare-target}/$name \
    cargo build --quiet --locked --bin why405 --manifest-path "$src/Cargo.toml" >&2
  cp "${WHY405_COMPARE_TARGET:-/tmp/why405-compare-target}/$name/debug/why405" "$work/why405-$name"
  echo "$src"
}

echo "building $old ..." >&2
src_old=$(build "$old" old)
echo "building ${new:-the work tree} ..." >&2
src_new=$(build "$new" new)

# Every fixture HAR, by folder name (the newer copy wins when both have it).
declare -A hars=()
for src in "$src_old" "$src_new"; do
  for f in "$src"/tests/fixtures/*/input.har "$src"/tests/built/*/input.har; do
    [ -f "$f" ] || continue
    rel=${f#"$src"/tests/}
    hars[${rel%/input.har}]=$f
  done
done

run() {
  local side=$1 bin=$work/why405-$1
  for key in "${!hars[@]}"; do
    local out=$work/out-$side/$key har=${hars[$key]}
    mkdir -p "$out"
    for fmt in json markdown text curl har; do
      for all in "" --all; do
        for sec in "" --include-secrets; do
          local name=$fmt${all:+-all}${sec:+-secrets}
          set +e
          NO_COLOR=1 "$bin" diagnose "$har" --format "$fmt" $all $sec --color never >"$out/$name.out" 2>"$out/$name.err"
          echo "exit $?" >>"$out/$name.err"
          set -e
        done
      done
    done
  done
}
run old
run new
n=${#hars[@]}
if diff -r "$work/out-old" "$work/out-new" >"$work/diff.txt"; then
  echo "identical: $n HARs x 5 formats x 4 flag sets (stdout, stderr and exit code) at $old and ${new:-the work tree}"
  rm -rf "$work"
else
  head -c 20000 "$work/diff.txt"
  echo
  echo "DIFFERENT: full diff in $work/diff.txt" >&2
  exit 1
fi
