"""WebSocket handshake guards: the Origin must be trusted; the user comes from `?token=`, the JWT
access cookie, or the session."""

from __future__ import annotations

from functools import partial
from typing import Any
from urllib.parse import parse_qs, urlparse

from asgiref.sync import sync_to_async
from channels.auth import AuthMiddlewareStack
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


class TokenAuthMiddleware:
    """Puts the user (and login session) of a valid, unspent `?token=` ticket from /api/ws/token
    into the scope, over the session's; without a ticket, the JWT access cookie's."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        token = (query.get("token") or [""])[0]
        if token:
            from accounts.ws_tokens import redeem_ws_ticket

            ticket = await sync_to_async(redeem_ws_ticket)(token)
            scope = dict(scope)
            if ticket is None:
                from django.contrib.auth.models import AnonymousUser

                scope["user"] = AnonymousUser()
                scope["token_rejected"] = True
            else:
                scope["user"], scope["session_id"] = ticket.user, ticket.session_id
        elif not getattr(scope.get("user"), "is_authenticated", False):
            access = (scope.get("cookies") or {}).get(settings.AUTH_ACCESS_COOKIE)
            if access:
                from accounts.tokens import InvalidToken, session_for_access

                try:
                    session = await sync_to_async(session_for_access)(access)
                except InvalidToken:
                    pass
                else:
                    scope = dict(scope)
                    scope["user"], scope["session_id"] = session.user, session.pk
        user = scope.get("user")
        if user is not None and user.is_authenticated:
            from accounts.ws_tokens import session_is_live

            scope = dict(scope)
            scope["session_alive"] = partial(
                session_is_live,
                user_id=user.pk,
                token_version=user.token_version,
                session_id=scope.get("session_id"),
            )
        return await self.app(scope, receive, send)


def WebSocketAuthMiddleware(app: Any) -> Any:
    return AuthMiddlewareStack(TokenAuthMiddleware(app))


__all__ = ["OriginValidator", "WebSocketAuthMiddleware", "urlparse"]
