"""The Quart lab server, on hypercorn, with quart-cors the way its README shows.

  /api/...     cors(api, allow_origin="http://localhost:7100")  (quart-cors on a blueprint)
      /api/items/<int:id>   GET, PUT
      /api/tasks/           POST (Werkzeug's routing redirects /api/tasks with 308, the preflight too)
  /strict/...  cors(strict, allow_origin=..., allow_methods=["GET", "POST"])  DELETE left out
      /strict/notes/<int:id>  GET, DELETE

Usage: python app.py PORT   (hypercorn, 127.0.0.1 only, foreground)
"""
import asyncio
import sys

from hypercorn.asyncio import serve
from hypercorn.config import Config
from quart import Blueprint, Quart, request
from quart_cors import cors

app = Quart(__name__)

api = Blueprint("api", __name__, url_prefix="/api")
strict = Blueprint("strict", __name__, url_prefix="/strict")


@app.get("/health")
async def health():
    return {"ok": True}


@api.route("/items/<int:item_id>", methods=["GET", "PUT"])
async def item(item_id):
    if request.method == "PUT":
        body = await request.get_json(silent=True) or {}
        return {"id": item_id, **body}
    return {"id": item_id, "name": "first"}


@api.post("/tasks/")
async def create_task():
    return {"id": 3}, 201


@strict.route("/notes/<int:note_id>", methods=["GET", "DELETE"])
async def note(note_id):
    if request.method == "DELETE":
        return {"deleted": note_id}
    return {"id": note_id}


cors(api, allow_origin="http://localhost:7100")
cors(strict, allow_origin="http://localhost:7100", allow_methods=["GET", "POST"])
app.register_blueprint(api)
app.register_blueprint(strict)

if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 7122
    config = Config()
    config.bind = [f"127.0.0.1:{port}"]
    config.accesslog = None
    asyncio.run(serve(app, config))
