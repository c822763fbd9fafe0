#!/bin/sh
# Render nginx.conf.in into TMP and run nginx in the foreground.
# usage: run-nginx.sh DIR TMP PORT UPSTREAM_PORT
set -eu
DIR=$1; TMP=$2; PORT=$3; UPSTREAM=$4
mkdir -p "$TMP"
if [ "$(id -u)" = 0 ]; then USER_LINE="user root;"; else USER_LINE=""; fi
sed -e "s|@DIR@|$DIR|g" -e "s|@TMP@|$TMP|g" -e "s|@PORT@|$PORT|g" \
    -e "s|@UPSTREAM@|$UPSTREAM|g" -e "s|@USER@|$USER_LINE|g" \
    "$DIR/nginx.conf.in" > "$TMP/nginx.conf"
exec nginx -e "$TMP/error.log" -c "$TMP/nginx.conf" -p "$TMP" -g 'daemon off;'
