#!/bin/sh
# Debian's Tomcat 10 (package tomcat10) in the foreground with its own CATALINA_BASE in TMP: server.xml rendered
# with PORT (no shutdown port: stopped by the harness's signal), a minimal global conf/web.xml (the DefaultServlet
# as a stock install declares it: read-only), and the webapp copied to TMP/webapps/ROOT (the writable
# DefaultServlet on /uploads/ writes there, never into the repository).
# usage: run-tomcat.sh DIR TMP PORT
set -eu
DIR=$1; TMP=$2; PORT=$3
CATALINA_HOME=${CATALINA_HOME:-/usr/share/tomcat10}
mkdir -p "$TMP/conf" "$TMP/logs" "$TMP/temp" "$TMP/work" "$TMP/webapps"
sed -e "s|@PORT@|$PORT|g" "$DIR/conf/server.xml.in" > "$TMP/conf/server.xml"
cp "$DIR/conf/web.xml" "$DIR/conf/logging.properties" "$TMP/conf/"
rm -rf "$TMP/webapps/ROOT"
cp -R "$DIR/webapp" "$TMP/webapps/ROOT"
export CATALINA_HOME CATALINA_BASE="$TMP" CATALINA_TMPDIR="$TMP/temp" CATALINA_PID=""
# Startup time: no JAR scanning to speak of (the webapp has no jars, web.xml is metadata-complete), a small heap,
# and no JIT tiers beyond C1: the lab's requests are few.
export JAVA_OPTS="-Xms32m -Xmx128m -XX:TieredStopAtLevel=1 -Xshare:auto -Djava.security.egd=file:/dev/./urandom"
exec "$CATALINA_HOME/bin/catalina.sh" run
