"""Who is on a WebSocket: the user (and login session) from a `?token=` ticket, the JWT access
cookie, or the Django session, and a check that the login is still live."""

from __future__ import annotations

from functools import partial
from typing import Any
from urllib.parse import parse_qs

from asgiref.sync import sync_to_async
from channels.auth import AuthMiddlewareStack
from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from accounts.tokens import InvalidToken, session_for_access
from accounts.ws_tokens import redeem_ws_ticket, session_is_live


class TokenAuthMiddleware:
    """Puts the user (and login session) of a valid, unspent `?token=` ticket from /api/ws/token
    into the scope, over the session's; without a ticket, the JWT access cookie's."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        token = (query.get("token") or [""])[0]
        if token:
            ticket = await sync_to_async(redeem_ws_ticket)(token)
            scope = dict(scope)
            if ticket is None:
                scope["user"] = AnonymousUser()
                scope["token_rejected"] = True
            else:
                scope["user"], scope["session_id"] = ticket.user, ticket.session_id
        elif not getattr(scope.get("user"), "is_authenticated", False):
            access = (scope.get("cookies") or {}).get(settings.AUTH_ACCESS_COOKIE)
            if access:
                try:
                    session = await sync_to_async(session_for_access)(access)
                except InvalidToken:
                    pass
                else:
                    scope = dict(scope)
                    scope["user"], scope["session_id"] = session.user, session.pk
        user = scope.get("user")
        if user is not None and user.is_authenticated:
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
