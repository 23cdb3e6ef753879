"""WebSocket handshake guard: the Origin must pass the one origin rule (`pitchey.origins`, the
same as for cookie-authenticated HTTP writes); the user is accounts' business, in
`accounts.ws_auth`."""

from __future__ import annotations

from typing import Any

from channels.security.websocket import WebsocketDenier
from django.conf import settings

from pitchey.origins import origin_trusted


def _secure(scope: dict[str, Any], headers: dict[bytes, bytes]) -> bool:
    """Whether the handshake came over TLS, trusting the proxy header HTTP requests trust."""
    if scope.get("scheme") == "wss":
        return True
    proxy = settings.SECURE_PROXY_SSL_HEADER
    if proxy:
        name = proxy[0].removeprefix("HTTP_").replace("_", "-").lower().encode("latin-1")
        return headers.get(name, b"").decode("latin-1").split(",")[0].strip() == proxy[1]
    return False


class OriginValidator:
    """Rejects the upgrade (403) unless the Origin is trusted or the site's own."""

    def __init__(self, application: Any) -> None:
        self.application = application

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        headers = dict(scope.get("headers") or [])
        origin = headers.get(b"origin", b"").decode("latin-1")
        host = headers.get(b"host", b"").decode("latin-1")
        secure = _secure(scope, headers)
        if scope.get("type") == "websocket" and not origin_trusted(
            origin, host=host, secure=secure
        ):
            return await WebsocketDenier()(scope, receive, send)
        return await self.application(scope, receive, send)


__all__ = ["OriginValidator"]
