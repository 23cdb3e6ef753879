"""Rate limits kept in the cache (Redis in every deployed process), and the caller's IP they
(and audit logs) key on. DRF views pick a bucket with `throttle_scope`; services call
`hit_rate_limit` directly for limits that are business rules (messages, resends)."""

from __future__ import annotations

import ipaddress
import time
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

if TYPE_CHECKING:
    from rest_framework.views import APIView


def parse_rate(rate: str) -> tuple[int, int]:
    count, _, period = rate.partition("/")
    seconds = {"s": 1, "m": 60, "h": 3600, "d": 86400}[period.strip()[0]]
    return int(count), seconds


def client_ip(request: HttpRequest | Request) -> str | None:
    """The caller's IP, or None when the server was not told one (a WSGI caller without
    REMOTE_ADDR) or was told something that is not an address; X-Forwarded-For is believed only
    for TRUSTED_PROXY_COUNT hops. Every IP column stores this value as it is."""
    meta = request.META
    hops = settings.TRUSTED_PROXY_COUNT
    forwarded = meta.get("HTTP_X_FORWARDED_FOR", "")
    candidate = meta.get("REMOTE_ADDR")
    if hops and forwarded:
        parts = [part.strip() for part in forwarded.split(",") if part.strip()]
        if len(parts) >= hops:
            candidate = parts[-hops]
    try:
        return str(ipaddress.ip_address(str(candidate or "").strip()))
    except ValueError:
        return None


_clock = time.time  # the tests shift it so that every window opens as a test starts


def hit_rate_limit(key: str, limit: int, window: int) -> tuple[bool, int, int]:
    """Count one hit in a fixed window. Returns (allowed, remaining, seconds until reset).

    The counter is an atomic INCR, so concurrent requests can never exceed `limit` together.
    """
    now = int(_clock())
    window_start = now - now % window
    cache_key = f"rl:{key}:{window_start}"
    cache.add(cache_key, 0, timeout=window + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=window + 1)
        count = 1
    reset = window_start + window - now
    return count <= limit, max(0, limit - count), reset


class ScopedRateThrottle(BaseThrottle):
    """Per-user (or per-IP) fixed-window limits; a view picks its bucket with `throttle_scope`."""

    def allow_request(self, request: Request, view: APIView) -> bool:
        if not settings.RATE_LIMIT_ENABLED:
            return True
        scope = getattr(view, "throttle_scope", None) or self.default_scope(request)
        limit, window = parse_rate(settings.RATE_LIMITS[scope])
        user = getattr(request, "user", None)
        ident = (
            f"u{user.pk}"
            if user is not None and user.is_authenticated
            else f"ip{client_ip(request)}"
        )
        allowed, remaining, reset = hit_rate_limit(f"{scope}:{ident}", limit, window)
        request._request.rate_limit = (limit, remaining, reset)  # type: ignore[attr-defined]
        self.wait_seconds = reset
        return allowed

    @staticmethod
    def default_scope(request: Request) -> str:
        path = request.path
        if path.startswith("/api/auth/"):
            return "auth"
        if path.startswith("/api/upload"):
            return "upload"
        if request.method not in ("GET", "HEAD", "OPTIONS") and any(
            part in path for part in ("/investment", "/nda", "/deals")
        ):
            return "strict"
        return "api"

    def wait(self) -> float | None:
        return float(max(1, getattr(self, "wait_seconds", 1)))
