"""Request id and site origin, database-unavailable answers, rate-limit headers, maintenance
mode and the Content-Security-Policy header."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable

from csp import middleware as csp_middleware
from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.utils import build_policy
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseBase
from django.template.response import TemplateResponse

from pitchey import runtime
from pitchey.api import error_response
from pitchey.logging import request_id_var
from pitchey.staff import is_staff_member
from pitchey.storage import site_origin_var

logger = logging.getLogger(__name__)
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Gives every request an id (the caller's X-Request-Id if well formed) for logs and
    responses."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-Id", "")
        request_id = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = request_id_var.set(request_id)
        # Links to files follow the host this request reached (ALLOWED_HOSTS vetted it).
        origin = site_origin_var.set(f"{request.scheme}://{request.get_host()}")
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
            site_origin_var.reset(origin)
        response["X-Request-Id"] = request_id
        return response


class HostileInputMiddleware:
    """A NUL character in the path, the query string or a header is refused with a 400: nothing
    can store it (PostgreSQL text cannot), so it is never passed on to a view."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._has_nul(request):
            if request.path.startswith("/api/"):
                return error_response(
                    request, "BAD_REQUEST", "The request may not contain NUL characters.", 400
                )
            return HttpResponseBadRequest("The request may not contain NUL characters.")
        return self.get_response(request)

    @staticmethod
    def _has_nul(request: HttpRequest) -> bool:
        if "\x00" in request.path:
            return True
        if "%00" in request.META.get("QUERY_STRING", ""):
            return True
        return any(
            "\x00" in value
            for key, value in request.META.items()
            if key.startswith("HTTP_") and isinstance(value, str)
        )


class DatabaseUnavailableMiddleware:
    """A database that cannot be reached is a 503 with Retry-After, never a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning("database unavailable: %s", exception)
        retry_after = str(settings.DATABASE_RETRY_AFTER_SECONDS)
        response: HttpResponse
        if request.path.startswith("/api/"):
            response = error_response(
                request,
                "SERVICE_UNAVAILABLE",
                "The service is temporarily unavailable; try again shortly.",
                503,
            )
        else:
            response = TemplateResponse(request, "503.html", status=503)
            response.render()
        response["Retry-After"] = retry_after
        return response


class RateLimitHeadersMiddleware:
    """Adds X-RateLimit-* to responses of requests a rate limit counted."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        state = getattr(request, "rate_limit", None)
        if state is not None:
            limit, remaining, reset = state
            response["X-RateLimit-Limit"] = str(limit)
            response["X-RateLimit-Remaining"] = str(remaining)
            response["X-RateLimit-Reset"] = str(reset)
        return response


class MaintenanceMiddleware:
    """Maintenance mode (a runtime setting): the site is read-only for everyone but staff.

    Reads keep working; a write by anyone else answers 503 with Retry-After (the envelope under
    /api/, the 503 page elsewhere). Logging in and out, the staff's own tools and payment
    webhooks stay open, so staff can get in and no payment event is lost.
    """

    OPEN_PATHS = ("/api/auth/", "/login/", "/logout/", "/mfa/", "/admin/", "/api/webhooks/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD", "OPTIONS") or request.path.startswith(self.OPEN_PATHS):
            return self.get_response(request)
        section = runtime.maintenance()
        if section is None or is_staff_member(getattr(request, "user", None)):
            return self.get_response(request)
        message = str(section.get("message") or runtime.DEFAULTS["maintenance"]["message"])
        response: HttpResponse
        if request.path.startswith("/api/"):
            response = error_response(request, "SERVICE_UNAVAILABLE", message, 503)
        else:
            response = TemplateResponse(request, "503.html", {"message": message}, status=503)
            response.render()
        response["Retry-After"] = str(int(section.get("retry_after") or 300))
        return response


_PER_RESPONSE = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)


class CSPMiddleware(csp_middleware.CSPMiddleware):
    """django-csp's middleware, with the policy of a response that asks for nothing of its own
    (no nonce used, no per-view change: every API answer) built once per settings instead of
    twice per response (the policy and the report-only one: a tenth of a cached page's CPU).
    Anything else goes through django-csp unchanged."""

    _plain: tuple[int, int, str, str] | None = None

    def _plain_policies(self) -> tuple[str, str]:
        config = getattr(settings, "CONTENT_SECURITY_POLICY", None)
        report_only = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
        kept = self._plain
        if kept is None or kept[0] != id(config) or kept[1] != id(report_only):
            kept = (
                id(config),
                id(report_only),
                build_policy(),
                build_policy(report_only=True),
            )
            self._plain = kept
        return kept[2], kept[3]

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if getattr(request, "_csp_nonce", None) is not None or any(
            getattr(response, name, None) is not None for name in _PER_RESPONSE
        ):
            return super().process_response(request, response)
        if response.status_code in (500, 404) and settings.DEBUG:
            return response
        policy, report_only = self._plain_policies()
        for header, value, exempt, setting in (
            (HEADER, policy, "_csp_exempt", "CONTENT_SECURITY_POLICY"),
            (
                HEADER_REPORT_ONLY,
                report_only,
                "_csp_exempt_ro",
                "CONTENT_SECURITY_POLICY_REPORT_ONLY",
            ),
        ):
            prefixes = tuple(
                (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            )
            if (
                value
                and header not in response
                and getattr(response, exempt, False) is False
                and not request.path_info.startswith(prefixes)
            ):
                response[header] = value
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = csp_middleware.CheckableLazyObject(  # type: ignore[attr-defined]
            self._csp_nonce_post_response
        )
        return response
