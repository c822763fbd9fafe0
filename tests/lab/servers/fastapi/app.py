"""The FastAPI lab server: three FastAPI apps mounted under path prefixes,
each configured the way real projects configure them.

  /api/...    CORSMiddleware for the front-end origin, but only GET and POST
              and only the Content-Type request header (a tight allow-list)
  /open/...   CORSMiddleware allowing everything ("*" everywhere)
  /plain/...  no CORS middleware at all

Usage: python app.py PORT   (uvicorn, 127.0.0.1 only, foreground)
"""
import sys

import uvicorn
from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from pydantic import BaseModel

ITEMS = {1: {"id": 1, "name": "first"}, 2: {"id": 2, "name": "second"}}


class Item(BaseModel):
    name: str


def add_item_routes(app: FastAPI) -> None:
    @app.get("/items/")
    def list_items():
        return list(ITEMS.values())

    @app.post("/items/", status_code=201)
    def create_item(item: Item):
        return {"id": 3, "name": item.name}

    @app.get("/items/{item_id}")
    def read_item(item_id: int):
        return ITEMS.get(item_id, {"id": item_id, "name": "unknown"})

    # A second route on the same path, declared later (e.g. in another router):
    # Starlette's 405 lists only the first matching route's methods.
    @app.delete("/items/{item_id}", status_code=204)
    def delete_item(item_id: int):
        return None

    @app.get("/reports/{report_id}")
    def report(report_id: int):
        # A bug: the report generator crashes on every call.
        raise RuntimeError("report backend unavailable")


# 1. The front-end origin is allowed, with an explicit (too short) method and header list.
api = FastAPI()
add_item_routes(api)
api.add_middleware(
    CORSMiddleware,
    allow_origins=["http://localhost:7100"],
    allow_methods=["GET", "POST"],
    allow_headers=["Content-Type"],
)

# 2. "Allow everything" while developing.
open_ = FastAPI()
add_item_routes(open_)
open_.add_middleware(
    CORSMiddleware,
    allow_origins=["*"],
    allow_methods=["*"],
    allow_headers=["*"],
)

# 3. No CORS middleware.
plain = FastAPI()
add_item_routes(plain)

app = FastAPI()


@app.get("/health")
def health():
    return {"ok": True}


app.mount("/api", api)
app.mount("/open", open_)
app.mount("/plain", plain)

if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 7102
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")
