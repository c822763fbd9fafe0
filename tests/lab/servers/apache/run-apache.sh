#!/bin/sh
# Render apache2.conf.in into TMP and run Apache in the foreground.
# usage: run-apache.sh DIR TMP PORT
set -eu
DIR=$1; TMP=$2; PORT=$3
mkdir -p "$TMP"
if [ "$(id -u)" = 0 ]; then
    USER_LINES="User www-data\nGroup www-data"
    chmod 755 "$TMP"   # workers (www-data) need to reach nothing in TMP, but logs are opened by root; keep it traversable anyway
else
    USER_LINES=""
fi
sed -e "s|@DIR@|$DIR|g" -e "s|@TMP@|$TMP|g" -e "s|@PORT@|$PORT|g" -e "s|@USER@|$USER_LINES|g" \
    "$DIR/apache2.conf.in" > "$TMP/apache2.conf"
exec apache2 -DFOREGROUND -f "$TMP/apache2.conf"
