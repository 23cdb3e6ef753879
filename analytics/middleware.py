"""Request-level analytics: one INSERT for a request's events, and slow-request tracking."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse

from analytics import tracking
from analytics.models import SlowRequest
from pitchey.ratelimit import client_ip

logger = logging.getLogger("pitchey.slow")


class TrackingMiddleware:
    """Buffers the events a request tracks and writes them together when it has answered."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        defaults = {
            "ip_address": client_ip(request),
            "user_agent": request.META.get("HTTP_USER_AGENT", ""),
        }
        with tracking.batched(**defaults):
            return self.get_response(request)


class _QueryTimer:
    """A `connection.execute_wrapper` that times each query and keeps the slow ones."""

    def __init__(self, threshold_ms: float) -> None:
        self.threshold_ms = threshold_ms
        self.count = 0
        self.slow: list[tuple[float, str]] = []

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.count += 1
            elapsed = (time.perf_counter() - started) * 1000
            if elapsed >= self.threshold_ms:
                self.slow.append((elapsed, sql[:4000]))


def _route(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    if match is not None and match.route:
        return "/" + match.route.lstrip("^").rstrip("$")
    return request.path[:300]


class SlowRequestMiddleware:
    """Logs and stores requests, and queries within them, slower than the settings' thresholds."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.SLOW_REQUEST_TRACKING or request.path.startswith("/health"):
            return self.get_response(request)
        timer = _QueryTimer(settings.SLOW_QUERY_MS)
        started = time.perf_counter()
        with connection.execute_wrapper(timer):
            response = self.get_response(request)
        elapsed = (time.perf_counter() - started) * 1000
        if elapsed >= settings.SLOW_REQUEST_MS or timer.slow:
            self._record(request, response, elapsed, timer)
        return response

    @staticmethod
    def _record(
        request: HttpRequest, response: HttpResponse, elapsed: float, timer: _QueryTimer
    ) -> None:
        route = _route(request)
        rows = []
        if elapsed >= settings.SLOW_REQUEST_MS:
            logger.warning(
                "slow request %s %s took %.0f ms (%d queries)",
                request.method,
                route,
                elapsed,
                timer.count,
            )
            rows.append(
                SlowRequest(
                    kind=SlowRequest.Kind.REQUEST,
                    method=request.method or "",
                    route=route,
                    duration_ms=round(elapsed, 2),
                    query_count=timer.count,
                    status_code=response.status_code,
                )
            )
        for duration, sql in timer.slow[:20]:
            logger.warning("slow query on %s took %.0f ms: %s", route, duration, sql[:300])
            rows.append(
                SlowRequest(
                    kind=SlowRequest.Kind.QUERY,
                    method=request.method or "",
                    route=route,
                    duration_ms=round(duration, 2),
                    sql=sql,
                    status_code=response.status_code,
                )
            )
        try:
            with transaction.atomic():
                SlowRequest.objects.bulk_create(rows)
        except Exception:  # the report must never cost the request its answer
            logger.exception("slow request could not be stored")
