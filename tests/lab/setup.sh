#!/usr/bin/env bash
# why405 lab: idempotent installer for a fresh Debian 12 machine (run as root; CI runs it on every build).
# When everything is already present it only checks, and finishes in seconds.
#   1. apt: chromium, firefox-esr and every package in servers/apt-packages.txt (apt-get update only if needed;
#      services shipped by those packages — nginx, apache2 — are kept from starting during the install)
#   2. python venv in tests/lab/.venv with servers/requirements.txt (skipped when its hash stamp matches)
#   3. npm ci in tests/lab (skipped when node_modules matches package-lock.json)
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
  # Keep package maintainer scripts from starting services (nginx/apache2 would grab port 80).
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
  for svc in nginx apache2 varnish haproxy lighttpd h2o caddy trafficserver; do
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
say "ready"
