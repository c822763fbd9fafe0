#!/bin/sh
# Render default.vcl.in into TMP and run varnishd in the foreground (-F) with its own working directory (-n).
# usage: run-varnish.sh DIR TMP PORT UPSTREAM_PORT
set -eu
DIR=$1; TMP=$2; PORT=$3; UPSTREAM=$4
mkdir -p "$TMP/varnish"
sed -e "s|@UPSTREAM@|$UPSTREAM|g" "$DIR/default.vcl.in" > "$TMP/default.vcl"
# -j none: no jail (no varnish user switching, runs as whoever starts the lab); -T none: no admin CLI port;
# -s malloc: a small in-memory cache; -p vcc_allow_inline_c off is the default.
exec varnishd -F -j none -n "$TMP/varnish" -a "127.0.0.1:$PORT" -T none -f "$TMP/default.vcl" -s malloc,32m \
    -p thread_pools=1 -p thread_pool_min=5
