#!/bin/bash
# usage: wait-then-exec.sh PORT CMD [ARGS...]
# Wait (at most 20 s) until something listens on 127.0.0.1:PORT, then exec CMD.
# Used when a server has a helper process (an upstream, a second instance):
# the main port, which the harness polls for readiness, only opens once the
# helper is up, so "main port ready" means "whole server ready".
port=$1; shift
for _ in $(seq 200); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        exec "$@"
    fi
    sleep 0.1
done
echo "wait-then-exec: nothing listens on 127.0.0.1:$port after 20 s" >&2
exit 1
