import json

from django.http import HttpResponse, JsonResponse
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

ITEMS = {1: {"id": 1, "name": "first"}, 2: {"id": 2, "name": "second"}}


def health(request):
    return HttpResponse("ok")


@require_http_methods(["GET"])
def legacy_item(request, item_id):
    """An old function view, read-only by decorator."""
    return JsonResponse(ITEMS.get(item_id, {"id": item_id}))


class ItemView(View):
    """A class-based view that only implements GET."""

    def get(self, request, item_id):
        return JsonResponse(ITEMS.get(item_id, {"id": item_id}))


@csrf_exempt
@require_POST
def orders(request):
    """Create an order. Routed as /api/orders/ (with the slash)."""
    return JsonResponse({"created": True}, status=201)


@require_GET
def me(request):
    return JsonResponse({"user": "anonymous", "cookie": bool(request.COOKIES)})


@require_http_methods(["GET"])
def internal_stats(request):
    """Outside CORS_URLS_REGEX: no CORS headers, not even on OPTIONS."""
    return JsonResponse({"requests": 42})


@csrf_exempt
@require_http_methods(["GET", "PUT"])
def profile(request):
    if request.method == "PUT":
        return JsonResponse(json.loads(request.body or "{}"))
    return JsonResponse({"name": "x"})
