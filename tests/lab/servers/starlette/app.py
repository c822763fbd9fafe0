"""The Starlette lab server: Starlette alone (no FastAPI) on uvicorn, two sub-apps mounted under prefixes,
each with CORSMiddleware the way Starlette's docs show it.

  /api/...   Middleware(CORSMiddleware, allow_origins=["http://localhost:7100"]): the docs' minimal form,
             whose allow_methods default is GET only
  /open/...  CORSMiddleware with allow_methods=["*"], allow_headers=["*"]
  both:      /items/{id:int}  GET, PUT     /tasks/  POST (redirect_slashes answers /tasks with 307)

Usage: python app.py PORT   (uvicorn, 127.0.0.1 only, foreground)
"""
import sys

import uvicorn
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route

ORIGIN = "http://localhost:7100"


async def item(request):
    item_id = request.path_params["item_id"]
    if request.method == "PUT":
        return JSONResponse({"id": item_id, **(await request.json())})
    return JSONResponse({"id": item_id, "name": "first"})


async def create_task(request):
    return JSONResponse({"id": 3}, status_code=201)


async def health(request):
    return JSONResponse({"ok": True})


def routes():
    return [
        Route("/items/{item_id:int}", item, methods=["GET", "PUT"]),
        Route("/tasks/", create_task, methods=["POST"]),
    ]


api = Starlette(routes=routes(), middleware=[Middleware(CORSMiddleware, allow_origins=[ORIGIN])])
open_ = Starlette(
    routes=routes(),
    middleware=[Middleware(CORSMiddleware, allow_origins=[ORIGIN], allow_methods=["*"], allow_headers=["*"])],
)

app = Starlette(routes=[Route("/health", health), Mount("/api", app=api), Mount("/open", app=open_)])

if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 7123
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")
