"""The application behind the lab's nginx: a FastAPI app on 127.0.0.1:PORT
with two mounts.

  /cors/...   CORSMiddleware for the front-end origin (the app does its own CORS)
  /plain/...  no CORS in the app (nginx is expected to add it)

Usage: python upstream.py PORT
"""
import sys

import uvicorn
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware


def make_app() -> FastAPI:
    app = FastAPI()

    @app.get("/items/{item_id}")
    def read_item(item_id: int):
        return {"id": item_id, "name": "first"}

    @app.post("/items/", status_code=201)
    def create_item():
        return {"id": 3}

    return app


cors = make_app()
cors.add_middleware(
    CORSMiddleware,
    allow_origins=["http://localhost:7100"],
    allow_methods=["*"],
    allow_headers=["*"],
)
plain = make_app()

app = FastAPI()


@app.get("/health")
def health():
    return {"ok": True}


app.mount("/cors", cors)
app.mount("/plain", plain)

if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 7155
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")
