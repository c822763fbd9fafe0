#!/usr/bin/env python3
"""HTTP-level smoke test of the lab servers (no browser).

Starts each server as the harness would (server.json: placeholders, process
groups, readiness poll), then replays every scenario the way Chromium would
put it on the wire: a preflight when the Fetch standard requires one, the
actual request with Origin (and the scenario's cookie when credentials are
"include"), and redirects followed with the method change of 301/302/303.
Prints status and CORS headers of every response, so expectations can be
checked by eye. It does not judge CORS: Chromium does that in the real lab.

usage: smoke.py [SERVER...]        (default: every folder with a server.json)
"""
import http.client
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse

LAB = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVERS = os.path.join(LAB, "servers")
ORIGIN = "http://localhost:7100"
SAFE_HEADERS = {"accept", "accept-language", "content-language", "content-type", "range"}
SAFE_CT = {"application/x-www-form-urlencoded", "multipart/form-data", "text/plain"}


def subst(s, ctx):
    for k, v in ctx.items():
        s = s.replace("{" + k + "}", v)
    return s


def start(name):
    d = os.path.join(SERVERS, name)
    conf = json.load(open(os.path.join(d, "server.json")))
    tmp = tempfile.mkdtemp(prefix=f"lab-{name}-")
    ctx = {"dir": d, "tmp": tmp, "port": str(conf["port"]), "python": os.path.join(LAB, ".venv/bin/python"),
           "php": "php", "node": "node", "lab": LAB}
    procs = []
    for p in conf["processes"]:
        cmd = [subst(c, ctx) for c in p["cmd"]]
        env = dict(os.environ, **{k: subst(v, ctx) for k, v in p.get("env", {}).items()})
        log = open(os.path.join(tmp, f"proc{len(procs)}.log"), "w")
        procs.append(subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True))
    deadline = time.time() + 20
    while True:
        try:
            c = http.client.HTTPConnection("localhost", conf["port"], timeout=2)
            c.request("GET", conf["ready"])
            c.getresponse().read()
            break
        except OSError:
            if time.time() > deadline:
                stop(procs)
                raise SystemExit(f"{name}: not ready after 20 s (logs in {tmp})")
            time.sleep(0.1)
    return conf, procs, tmp


def stop(procs):
    for p in procs:
        try:
            os.killpg(p.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    for p in procs:
        try:
            p.wait(5)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)


def send(method, url, headers, body):
    u = urllib.parse.urlsplit(url)
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    path = u.path + ("?" + u.query if u.query else "")
    c.request(method, path, body=body.encode() if body is not None else None, headers=headers)
    r = c.getresponse()
    data = r.read()
    return r.status, r.getheaders(), data


def show(tag, status, headers, data):
    keep = [f"{k}: {v}" for k, v in headers if k.lower().startswith("access-control") or k.lower() in ("allow", "location", "server")]
    print(f"    {tag} {status}  " + " | ".join(keep))
    if status >= 400 and data:
        print("      body: " + data[:120].decode(errors="replace").replace("\n", " "))


def needs_preflight(method, headers):
    if method not in ("GET", "HEAD", "POST"):
        return True
    for k, v in headers.items():
        if k.lower() not in SAFE_HEADERS:
            return True
        if k.lower() == "content-type" and v.split(";")[0].strip().lower() not in SAFE_CT:
            return True
    return False


def run(conf, sc):
    rq = sc["request"]
    url = rq.get("url") or f"http://localhost:{conf['port']}{rq['path']}"
    url += ("&" if "?" in url else "?") + "case=" + sc["name"]
    method, headers, body = rq["method"], dict(rq.get("headers") or {}), rq.get("body")
    print(f"  {sc['name']}: {method} {url}  expect {sc['expect']}")
    for hop in range(5):
        if needs_preflight(method, headers):
            names = sorted(k.lower() for k, v in headers.items()
                           if k.lower() not in SAFE_HEADERS or (k.lower() == "content-type" and v.split(";")[0].strip().lower() not in SAFE_CT))
            ph = {"Origin": ORIGIN, "Access-Control-Request-Method": method}
            if names:
                ph["Access-Control-Request-Headers"] = ",".join(names)
            show("OPTIONS", *send("OPTIONS", url, ph, None))
        h = dict(headers, Origin=ORIGIN)
        if rq.get("credentials") == "include" and rq.get("cookie"):
            h["Cookie"] = rq["cookie"]
        status, rh, data = send(method, url, h, body)
        show(method, status, rh, data)
        loc = dict((k.lower(), v) for k, v in rh).get("location")
        if status in (301, 302, 303, 307, 308) and loc:
            url = urllib.parse.urljoin(url, loc)
            if status == 303 or (status in (301, 302) and method == "POST"):
                method, body = "GET", None
                headers = {k: v for k, v in headers.items() if k.lower() not in ("content-type",)}
            continue
        break


def main():
    names = sys.argv[1:] or sorted(n for n in os.listdir(SERVERS) if os.path.isfile(os.path.join(SERVERS, n, "server.json")))
    for name in names:
        print(f"== {name}")
        conf, procs, tmp = start(name)
        try:
            for sc in json.load(open(os.path.join(SERVERS, name, "scenarios.json"))):
                run(conf, sc)
        finally:
            stop(procs)


if __name__ == "__main__":
    main()
