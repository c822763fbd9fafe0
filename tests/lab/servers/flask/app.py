"""The Flask lab server: four small Flask apps, each configured the way real
projects configure them, mounted under path prefixes on one Werkzeug server.

  /nocors/...    no CORS support at all
  /cors/...      flask-cors with its defaults: CORS(app)
  /strict/...    flask-cors limited to the production front-end origin
  /catchall/...  hand-written CORS: a catch-all OPTIONS route + after_request headers

Usage: python app.py PORT   (binds 127.0.0.1 only, runs in the foreground)
"""
import sys

from flask import Flask
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.serving import run_simple

import apps

root = Flask("root")


@root.get("/health")
def health():
    return {"ok": True}


application = DispatcherMiddleware(
    root,
    {
        "/nocors": apps.nocors,
        "/cors": apps.cors,
        "/strict": apps.strict,
        "/catchall": apps.catchall,
    },
)

if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 7101
    run_simple("127.0.0.1", port, application, threaded=True, use_reloader=False, use_debugger=False)
