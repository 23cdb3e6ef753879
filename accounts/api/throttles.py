from __future__ import annotations

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from pitchey.ratelimit import client_ip, hit_rate_limit, parse_rate


class AuthIPThrottle(BaseThrottle):
    """The `auth` bucket counted per IP even for logged-in callers (guessing from one address)."""

    wait_seconds = 1

    def allow_request(self, request: Request, view: APIView) -> bool:
        if not settings.RATE_LIMIT_ENABLED:
            return True
        limit, window = parse_rate(settings.RATE_LIMITS["auth"])
        allowed, _, reset = hit_rate_limit(f"auth-ip:{client_ip(request)}", limit, window)
        self.wait_seconds = reset
        return allowed

    def wait(self) -> float | None:
        return float(max(1, self.wait_seconds))
