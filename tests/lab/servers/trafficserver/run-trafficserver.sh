#!/bin/sh
# Run Apache Traffic Server in the foreground with its own run root in TMP (config copied from the package's
# /etc/trafficserver, then this lab's port, remap rules and a small cache in TMP; no user switch).
# usage: run-trafficserver.sh DIR TMP PORT UPSTREAM_PORT
set -eu
DIR=$1; TMP=$2; PORT=$3; UPSTREAM=$4
mkdir -p "$TMP/etc" "$TMP/run" "$TMP/log" "$TMP/cache"
cp -r /etc/trafficserver/. "$TMP/etc/"
sed -i -e "s/^CONFIG proxy.config.http.server_ports STRING .*/CONFIG proxy.config.http.server_ports STRING $PORT/" \
    -e "s/^CONFIG proxy.config.admin.user_id STRING .*/CONFIG proxy.config.admin.user_id STRING #-1/" \
    "$TMP/etc/records.config"
printf '%s 64M\n' "$TMP/cache" > "$TMP/etc/storage.config"
sed -e "s|@PORT@|$PORT|g" -e "s|@UPSTREAM@|$UPSTREAM|g" "$DIR/remap.config.in" > "$TMP/etc/remap.config"
cat > "$TMP/runroot.yaml" <<YAML
prefix: $TMP
exec_prefix: /usr
bindir: /usr/bin
sbindir: /usr/sbin
sysconfdir: $TMP/etc
datadir: $TMP/cache
includedir: /usr/include
libdir: /usr/lib/trafficserver
libexecdir: /usr/lib/trafficserver/modules
localstatedir: $TMP
runtimedir: $TMP/run
logdir: $TMP/log
cachedir: $TMP/cache
YAML
exec traffic_server --run-root="$TMP/runroot.yaml"
