"""The Flask apps of the lab. Each one is what a real project looks like."""
from flask import Flask, jsonify, redirect, request, url_for
from flask_cors import CORS

ITEMS = {1: {"id": 1, "name": "first"}, 2: {"id": 2, "name": "second"}}


def add_item_routes(app):
    """The same small items API in every app: read-only items, a collection
    whose POST route was declared with a trailing slash, and a legacy form
    endpoint that redirects after POST (the Post/Redirect/Get habit)."""

    @app.get("/items")
    def list_items():
        return jsonify(list(ITEMS.values()))

    @app.post("/items")
    def create_item():
        return jsonify({"id": 3, "name": (request.get_json(silent=True) or {}).get("name")}), 201

    @app.get("/items/<int:item_id>")
    def get_item(item_id):
        item = ITEMS.get(item_id)
        if item is None:
            return jsonify({"error": "not found"}), 404
        return jsonify(item)

    # Declared with a trailing slash: Werkzeug redirects "/orders" to "/orders/" with a 308.
    @app.route("/orders/", methods=["GET", "POST"])
    def orders():
        if request.method == "POST":
            return jsonify({"created": True}), 201
        return jsonify([])

    # Legacy endpoint kept for old clients: Post/Redirect/Get to the new list page.
    @app.post("/subscribe")
    def subscribe():
        return redirect(url_for("subscriptions"))

    @app.get("/subscriptions")
    def subscriptions():
        return jsonify([{"email": "a@example.com"}])


# 1. No CORS at all: the developer forgot that the front end runs on another port.
nocors = Flask("nocors")
add_item_routes(nocors)

# 2. flask-cors with its defaults, as in its README: CORS(app).
cors = Flask("cors")
add_item_routes(cors)
CORS(cors)

# 3. flask-cors restricted to the production front end; the dev page is on localhost:7100.
strict = Flask("strict")
add_item_routes(strict)
CORS(strict, origins=["https://app.example.com"])

# 4. Hand-written CORS, the Stack Overflow way: answer every OPTIONS with a
#    catch-all route and stamp CORS headers on every response.
catchall = Flask("catchall")
add_item_routes(catchall)


@catchall.route("/", defaults={"path": ""}, methods=["OPTIONS"])
@catchall.route("/<path:path>", methods=["OPTIONS"])
def options_catch_all(path):
    return "", 204


@catchall.after_request
def add_cors_headers(response):
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Methods"] = "GET, POST, PUT, PATCH, DELETE, OPTIONS"
    response.headers["Access-Control-Allow-Headers"] = "Content-Type, Authorization"
    return response
