#!/bin/sh
# Render apache2.conf.in into TMP and run Apache in the foreground.
# usage: run-apache.sh DIR TMP PORT
set -eu
DIR=$1; TMP=$2; PORT=$3
mkdir -p "$TMP"
if [ "$(id -u)" = 0 ]; then
    USER_LINES="User www-data\nGroup www-data"
    # Workers (www-data) reopen the mutex file in TMP: it must be traversable.
    chmod 755 "$TMP"
else
    USER_LINES=""
fi
sed -e "s|@DIR@|$DIR|g" -e "s|@TMP@|$TMP|g" -e "s|@PORT@|$PORT|g" -e "s|@USER@|$USER_LINES|g" \
    "$DIR/apache2.conf.in" > "$TMP/apache2.conf"
exec apache2 -DFOREGROUND -f "$TMP/apache2.conf"
