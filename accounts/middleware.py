"""Pages see the JWT-cookie user too, and renewed cookies reach the browser."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from accounts import tokens
from accounts.authentication import resolve_jwt


class JWTCookieMiddleware:
    """Sets `request.user` from the JWT cookies when there is no Django session login (admin)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session_user = request.user

        def user() -> Any:
            if session_user.is_authenticated:
                return session_user
            return resolve_jwt(request).user or AnonymousUser()

        request.user = SimpleLazyObject(user)  # type: ignore[assignment]
        response = self.get_response(request)
        pair = getattr(request, "_jwt_new_pair", None)
        if pair is not None and not getattr(request, "_jwt_cookies_written", False):
            tokens.set_auth_cookies(response, pair)
        return response
