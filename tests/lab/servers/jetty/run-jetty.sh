#!/bin/sh
# Debian's Jetty 9.4 (package jetty9) in the foreground: its start.jar with jetty.home = the package's files and
# our own jetty.base in TMP (start.ini: the server, http on 127.0.0.1:PORT, deploy, and the servlets module that
# puts CrossOriginFilter and PutFilter on the class path), the webapp copied to TMP/webapps/ROOT (PutFilter on
# /uploads/ writes there, never into the repository).
# usage: run-jetty.sh DIR TMP PORT
set -eu
DIR=$1; TMP=$2; PORT=$3
JETTY_HOME=${JETTY_HOME:-/usr/share/jetty9}
BASE="$TMP/base"
mkdir -p "$BASE/webapps" "$BASE/logs" "$TMP/work"
cat > "$BASE/start.ini" <<INI
--module=server,http,deploy,servlets
jetty.http.host=127.0.0.1
jetty.http.port=$PORT
jetty.deploy.scanInterval=0
INI
rm -rf "$BASE/webapps/ROOT"
cp -R "$DIR/webapp" "$BASE/webapps/ROOT"
cd "$BASE"
exec java -Xms32m -Xmx128m -XX:TieredStopAtLevel=1 -Djava.io.tmpdir="$TMP/work" \
    -jar "$JETTY_HOME/start.jar" jetty.home="$JETTY_HOME" jetty.base="$BASE"
