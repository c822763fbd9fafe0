"""The Sanic lab server: one Sanic app with sanic-ext's CORS, configured the way its docs show.

  CORS_ORIGINS = "http://localhost:7100" (sanic-ext answers every preflight itself: CORS_AUTOMATIC_OPTIONS)
  /items/<id:int>      GET, PUT          the working case
  /reports/<id:int>    GET only          a PUT is refused by the preflight itself: sanic-ext's
                                         Access-Control-Allow-Methods lists only the route's methods
  /notes/<id:int>      GET, DELETE, with @cors(allow_methods=["GET", "POST"]): DELETE left out of the CORS list
  /tasks/              POST; Sanic's strict_slashes is off by default, so /tasks answers too

Usage: python app.py PORT   (Sanic's own server, one process, 127.0.0.1 only, foreground)
"""
import sys

from sanic import Sanic, json
from sanic_ext import Extend, cors

app = Sanic("why405_lab")
app.config.CORS_ORIGINS = "http://localhost:7100"
app.config.CORS_MAX_AGE = 0
app.config.OAS = False
app.config.HEALTH = False
Extend(app)

ITEMS = {1: {"id": 1, "name": "first"}}


@app.get("/health")
async def health(request):
    return json({"ok": True})


@app.route("/items/<item_id:int>", methods=["GET", "PUT"])
async def item(request, item_id: int):
    if request.method == "PUT":
        return json({"id": item_id, **(request.json or {})})
    return json(ITEMS.get(item_id, {"id": item_id}))


@app.get("/reports/<report_id:int>")
async def report(request, report_id: int):
    return json({"id": report_id})


@app.route("/notes/<note_id:int>", methods=["GET", "DELETE"])
@cors(allow_methods=["GET", "POST"])
async def note(request, note_id: int):
    if request.method == "DELETE":
        return json({"deleted": note_id})
    return json({"id": note_id})


@app.post("/tasks/")
async def create_task(request):
    return json({"id": 3}, status=201)


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 7121
    app.run(host="127.0.0.1", port=port, single_process=True, access_log=False, motd=False)
