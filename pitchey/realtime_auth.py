"""WebSocket handshake guard: the Origin must be trusted (the user is accounts' business, in
`accounts.ws_auth`)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.request import validate_host


def allowed_origins() -> list[str]:
    origins = {settings.SITE_URL, settings.FRONTEND_URL, *settings.CSRF_TRUSTED_ORIGINS}
    origins.update(settings.CORS_ALLOWED_ORIGINS)
    return sorted(o for o in origins if o)


def origin_allowed(origin: str, host: str) -> bool:
    """A trusted origin, or the page's own origin (same host as the handshake, an allowed host)."""
    origin = origin.lower().rstrip("/")
    if not origin or origin == "null":
        return False
    if origin in {o.lower().rstrip("/") for o in allowed_origins()}:
        return True
    parsed = urlparse(origin)
    host = host.lower()
    hostname = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    return bool(host) and parsed.netloc == host and validate_host(hostname, settings.ALLOWED_HOSTS)


class OriginValidator:
    """Rejects the upgrade (403) unless the Origin is trusted or the site's own."""

    def __init__(self, application: Any) -> None:
        self.application = application

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        headers = dict(scope.get("headers") or [])
        origin = headers.get(b"origin", b"").decode("latin-1")
        host = headers.get(b"host", b"").decode("latin-1")
        if scope.get("type") == "websocket" and not origin_allowed(origin, host):
            return await WebsocketDenier()(scope, receive, send)
        return await self.application(scope, receive, send)


__all__ = ["OriginValidator", "origin_allowed"]
