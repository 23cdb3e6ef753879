"""Site-wide pages and error handlers (API paths answer in the envelope)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from pitchey.api import error_response


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")


def handler404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        return error_response(request, "NOT_FOUND", f"No endpoint at {request.path}", 404)
    return render(request, "404.html", status=404)


def handler400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        return error_response(request, "BAD_REQUEST", "The request was malformed.", 400)
    return HttpResponse("Bad request.", status=400, content_type="text/plain")


@csrf_exempt  # it changes nothing; a CSRF refusal would answer an unknown path with HTML
def api_not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """Every unknown /api/ path: the JSON 404 envelope, with DEBUG on too."""
    return error_response(request, "NOT_FOUND", f"No endpoint at {request.path}", 404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if request.path.startswith("/api/"):
        return error_response(
            request, "FORBIDDEN", "This request must come from a trusted origin.", 403
        )
    return render(request, "403.html", status=403)


def handler500(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    if request.path.startswith("/api/"):
        return error_response(request, "INTERNAL_ERROR", "Something went wrong on our side.", 500)
    return render(request, "500.html", status=500)


def handler403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        return error_response(request, "FORBIDDEN", "You do not have permission to do this.", 403)
    return render(request, "403.html", status=403)
