#!/usr/bin/env bash
# why405 lab: idempotent installer for a fresh Debian 12 machine (run as root; CI runs it on every build).
# When everything is already present it only checks, and finishes in seconds.
#   1. apt: chromium, firefox-esr and every package in servers/apt-packages.txt (apt-get update only if needed;
#      services shipped by those packages — nginx, apache2 — are kept from starting during the install)
#   2. python venv in tests/lab/.venv with servers/requirements.txt (skipped when its hash stamp matches)
#   3. npm ci in tests/lab (skipped when node_modules matches package-lock.json)
#   4. the Go routers' lab server servers/golang/bin/labgo (GOPATH mode against Debian's /usr/share/gocode,
#      offline; skipped when its hash stamp matches; never committed)
#   5. a server folder with its own package-lock.json (servers/fastify, servers/nextjs, …): npm ci there (skipped
#      likewise), then its package.json's "build" script, if any (next build), skipped when a hash of the folder's
#      sources, its lock and node's version matches the stamp of the last build
#   6. the Rust lab servers (servers/rustlab: actix-web, axum, warp): cargo build --release --locked into
#      servers/rustlab/target (skipped when the hash stamp of its sources, lock and rustc matches)
# Nothing here, nor in the lab, downloads a browser at run time: puppeteer-core drives /usr/bin/chromium.
set -euo pipefail
LAB=$(cd "$(dirname "$0")" && pwd)
cd "$LAB"

say() { printf '  lab setup: %s\n' "$*" >&2; }
die() { printf 'lab setup: %s\n' "$*" >&2; exit 1; }

sha() { sha256sum "$@" | sha256sum | cut -c1-64; }

# ---- 1. Debian packages -------------------------------------------------------------------------------
packages=(chromium firefox-esr)
if [ -f servers/apt-packages.txt ]; then
  while IFS= read -r line; do
    line=${line%%#*}
    for p in $line; do packages+=("$p"); done
  done < servers/apt-packages.txt
fi

PYTHON=${WHY405_PYTHON:-python3}
if ! command -v "$PYTHON" >/dev/null 2>&1; then
  packages+=(python3 python3-venv)
  PYTHON=python3
elif ! "$PYTHON" -c 'import venv, ensurepip' >/dev/null 2>&1; then
  packages+=(python3-venv)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" -eq 0 ] || die "missing Debian packages (${missing[*]}); run this script as root"
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Keep package maintainer scripts from starting services (nginx/apache2 would grab port 80, tomcat10/jetty9 8080).
  policy_rc=/usr/sbin/policy-rc.d
  own_policy=0
  if [ ! -e "$policy_rc" ]; then
    printf '#!/bin/sh\nexit 101\n' > "$policy_rc"
    chmod +x "$policy_rc"
    own_policy=1
  fi
  trap '[ "$own_policy" = 1 ] && rm -f "$policy_rc"' EXIT
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
  if [ "$own_policy" = 1 ]; then rm -f "$policy_rc"; own_policy=0; fi
  # Belt and braces: if a package still started its service, stop it (only services of packages we installed).
  for svc in nginx apache2 tomcat10 jetty9 varnish haproxy lighttpd h2o caddy trafficserver; do
    ours=0
    for p in "${missing[@]}"; do case "$p" in "$svc" | "$svc"-*) ours=1 ;; esac; done
    [ "$ours" = 1 ] || continue
    if command -v service >/dev/null 2>&1 && service "$svc" status >/dev/null 2>&1; then
      say "stopping the $svc service the package started"
      service "$svc" stop >/dev/null 2>&1 || true
    fi
  done
fi

[ -x /usr/bin/chromium ] || die "/usr/bin/chromium is missing after the install"

# ---- 2. Python venv for the Python servers -------------------------------------------------------------------
REQ=servers/requirements.txt
VENV=.venv
if [ -f "$REQ" ]; then
  want=$(sha "$REQ" <(command -v "$PYTHON") <("$PYTHON" --version 2>&1))
  if [ -x "$VENV/bin/python" ] && [ "$(cat "$VENV/.requirements.sha256" 2>/dev/null)" = "$want" ]; then
    :
  else
    say "creating $VENV and installing $REQ"
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$REQ"
    echo "$want" > "$VENV/.requirements.sha256"
  fi
else
  say "no $REQ yet: skipping the python venv"
fi

# ---- 3. node packages -------------------------------------------------------------------------------------------
command -v node >/dev/null 2>&1 || die "node (>= 20) is required"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || die "node >= 20 is required (found $(node -v))"
want_npm=$(sha package-lock.json package.json)
if [ -f node_modules/.package-lock.json ] && [ "$(cat node_modules/.why405-lock.sha256 2>/dev/null)" = "$want_npm" ]; then
  :
else
  say "npm ci"
  PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
  echo "$want_npm" > node_modules/.why405-lock.sha256
fi

# ---- 4. Go lab server (chi, gorilla/mux, gin from Debian's golang-github-*-dev source packages) ----------------
GO_DIR=servers/golang
if [ -f "$GO_DIR/main.go" ]; then
  command -v go >/dev/null 2>&1 || die "go is missing (golang-go in servers/apt-packages.txt)"
  go_pkgs=$(dpkg-query -W -f='${Package} ${Version}\n' 'golang-github-*' 2>/dev/null | sort)
  want_go=$(sha "$GO_DIR/main.go" <(go version) <(printf '%s' "$go_pkgs"))
  if [ -x "$GO_DIR/bin/labgo" ] && [ "$(cat "$GO_DIR/bin/.labgo.sha256" 2>/dev/null)" = "$want_go" ]; then
    :
  else
    say "building $GO_DIR/bin/labgo"
    mkdir -p "$GO_DIR/bin"
    (cd "$GO_DIR" && GO111MODULE=off GOPATH=/usr/share/gocode GOFLAGS= GOPROXY=off go build -o bin/labgo main.go)
    echo "$want_go" > "$GO_DIR/bin/.labgo.sha256"
  fi
fi
# ---- 5. servers with their own node packages (and a build step) --------------------------------------------------
server_sources() { # every file of a server folder but its packages, build output and lab contract, in a fixed order
  find "$1" \( -name node_modules -o -name .next \) -prune -o -type f \
    ! -name scenarios.json ! -name server.json -print | LC_ALL=C sort
}
for lock in servers/*/package-lock.json; do
  [ -f "$lock" ] || continue
  dir=$(dirname "$lock")
  want_srv=$(sha "$lock" "$dir/package.json")
  if [ -f "$dir/node_modules/.package-lock.json" ] && [ "$(cat "$dir/node_modules/.why405-lock.sha256" 2>/dev/null)" = "$want_srv" ]; then
    :
  else
    say "npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want_srv" > "$dir/node_modules/.why405-lock.sha256"
  fi
  if node -e 'process.exit(require(process.argv[1]).scripts?.build ? 0 : 1)' "$LAB/$dir/package.json"; then
    mapfile -t files < <(server_sources "$dir")
    want_build=$(sha "${files[@]}" <(node -v))
    if [ "$(cat "$dir/node_modules/.why405-build.sha256" 2>/dev/null)" != "$want_build" ]; then
      say "building $dir (npm run build)"
      (cd "$dir" && NEXT_TELEMETRY_DISABLED=1 npm run --silent build >/dev/null)
      echo "$want_build" > "$dir/node_modules/.why405-build.sha256"
    fi
  fi
done
# ---- 6. Rust lab servers (actix-web, axum, warp) ---------------------------------------------------------------
# One small Cargo project outside the why405 workspace, with its own committed Cargo.lock. A cold build takes
# about 3 minutes on 2 cores (see servers/SERVERS.md); afterwards the stamp makes this a no-op.
RUSTLAB=servers/rustlab
if [ -f "$RUSTLAB/Cargo.toml" ]; then
  command -v cargo >/dev/null 2>&1 || die "cargo is required to build $RUSTLAB (the actix, axum and warp servers)"
  want_rs=$(sha "$RUSTLAB/Cargo.toml" "$RUSTLAB/Cargo.lock" "$RUSTLAB"/src/*.rs <(rustc -V))
  bin="$RUSTLAB/target/release/rustlab"
  if [ -x "$bin" ] && [ "$(cat "$RUSTLAB/target/.why405-src.sha256" 2>/dev/null)" = "$want_rs" ]; then
    :
  else
    say "building $RUSTLAB (cargo build --release --locked)"
    (cd "$RUSTLAB" && CARGO_TARGET_DIR="$PWD/target" cargo build --release --locked --quiet)
    echo "$want_rs" > "$RUSTLAB/target/.why405-src.sha256"
  fi
fi
say "ready"
