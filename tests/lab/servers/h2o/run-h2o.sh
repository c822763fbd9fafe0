#!/bin/sh
# Render h2o.conf.in into TMP and run h2o in the foreground (h2o never daemonises unless the config says so).
# usage: run-h2o.sh DIR TMP PORT UPSTREAM_PORT
set -eu
DIR=$1; TMP=$2; PORT=$3; UPSTREAM=$4
mkdir -p "$TMP"
sed -e "s|@DIR@|$DIR|g" -e "s|@TMP@|$TMP|g" -e "s|@PORT@|$PORT|g" -e "s|@UPSTREAM@|$UPSTREAM|g" \
    "$DIR/h2o.conf.in" > "$TMP/h2o.conf"
# as root, h2o wants a `user:` to switch to: run as root in the lab (loopback only)
if [ "$(id -u)" = 0 ]; then printf 'user: root\n' >> "$TMP/h2o.conf"; fi
exec h2o -c "$TMP/h2o.conf"
