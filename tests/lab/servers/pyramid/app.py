"""The Pyramid lab server, on waitress, with the CORS recipe most Pyramid projects copy: a NewRequest
subscriber that adds a response callback writing the CORS headers, and a catch-all OPTIONS route whose
view answers every preflight with an empty 200.

  CORS headers: origin http://localhost:7100, methods "GET, POST, PUT, OPTIONS" (DELETE forgotten),
                headers "Content-Type"
  /items/{id}     views for GET, PUT and DELETE (view predicates: request_method=...)
  /reports/{id}   a view for GET only: Pyramid answers another method with 404 (PredicateMismatch)

Usage: python app.py PORT   (waitress, 127.0.0.1 only, foreground)
"""
import sys

from pyramid.config import Configurator
from pyramid.events import NewRequest
from pyramid.response import Response
from waitress import serve

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "http://localhost:7100",
    "Access-Control-Allow-Methods": "GET, POST, PUT, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type",
    "Access-Control-Max-Age": "0",
}


def add_cors_headers_response_callback(event):
    def cors_headers(request, response):
        response.headers.update(CORS_HEADERS)

    event.request.add_response_callback(cors_headers)


def preflight(request):
    return Response(status=200)


def health(request):
    return {"ok": True}


def read_item(request):
    return {"id": int(request.matchdict["id"]), "name": "first"}


def update_item(request):
    return {"id": int(request.matchdict["id"]), **request.json_body}


def delete_item(request):
    return {"deleted": int(request.matchdict["id"])}


def read_report(request):
    return {"id": int(request.matchdict["id"])}


def make_app():
    with Configurator() as config:
        config.add_subscriber(add_cors_headers_response_callback, NewRequest)
        # The catch-all preflight route comes first: every OPTIONS matches it, whatever the path.
        config.add_route("cors-preflight", "/{catch_all:.*}", request_method="OPTIONS")
        config.add_view(preflight, route_name="cors-preflight")
        config.add_route("health", "/health")
        config.add_view(health, route_name="health", renderer="json")
        config.add_route("item", "/items/{id}")
        config.add_view(read_item, route_name="item", request_method="GET", renderer="json")
        config.add_view(update_item, route_name="item", request_method="PUT", renderer="json")
        config.add_view(delete_item, route_name="item", request_method="DELETE", renderer="json")
        config.add_route("report", "/reports/{id}")
        config.add_view(read_report, route_name="report", request_method="GET", renderer="json")
        return config.make_wsgi_app()


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 7124
    serve(make_app(), host="127.0.0.1", port=port, _quiet=True)
