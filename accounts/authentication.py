"""Who is calling: a Bearer access JWT, or the HttpOnly access cookie renewed from the refresh
cookie.

`resolve_jwt(request)` does the work once per request and is shared by the DRF authentication class
(API) and `accounts.middleware.JWTCookieMiddleware` (pages), so a login on either side counts on
both. Cookie-authenticated unsafe requests must come from a trusted Origin (or Referer); Bearer
requests carry no ambient credential and are exempt.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from urllib.parse import urlparse

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from rest_framework import exceptions, status
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request

from accounts import tokens
from accounts.models import User, UserSession
from pitchey.origins import origin_trusted


@dataclass(frozen=True)
class JWTResult:
    user: User | None = None
    session: UserSession | None = None
    via: str = ""  # "bearer", "cookie" or "" (anonymous)
    bearer_rejected: bool = False


class CsrfFailed(exceptions.APIException):
    status_code = status.HTTP_403_FORBIDDEN
    default_detail = "This request must come from a trusted origin."
    default_code = "csrf_failed"


def resolve_jwt(request: HttpRequest) -> JWTResult:
    """The caller of `request` (memoised on it); renewed cookies are left on `request` to write."""
    cached: JWTResult | None = getattr(request, "_jwt_result", None)
    if cached is not None:
        return cached
    result = _resolve(request)
    request._jwt_result = result  # type: ignore[attr-defined]
    return result


def _resolve(request: HttpRequest) -> JWTResult:
    header = get_authorization_header(request).split()  # type: ignore[arg-type]
    if header and header[0].lower() == b"bearer":
        if len(header) != 2:
            return JWTResult(bearer_rejected=True)
        try:
            session = tokens.session_for_access(header[1].decode("latin-1"))
        except (tokens.InvalidToken, UnicodeDecodeError):
            return JWTResult(bearer_rejected=True)
        return JWTResult(session.user, session, "bearer")

    access = request.COOKIES.get(settings.AUTH_ACCESS_COOKIE)
    if access:
        try:
            session = tokens.session_for_access(access)
        except tokens.InvalidToken:
            pass
        else:
            return JWTResult(session.user, session, "cookie")
    refresh = request.COOKIES.get(settings.AUTH_REFRESH_COOKIE)
    if refresh:
        try:
            session, pair = tokens.rotate(refresh)
        except tokens.InvalidToken:
            return JWTResult()
        request._jwt_new_pair = pair  # type: ignore[attr-defined]
        return JWTResult(session.user, session, "cookie")
    return JWTResult()


def origin_is_trusted(request: HttpRequest) -> bool:
    """True when Origin (or, without it, Referer) passes the one origin rule (pitchey.origins)."""
    origin = request.META.get("HTTP_ORIGIN") or ""
    if not origin:
        referer = urlparse(request.META.get("HTTP_REFERER") or "")
        origin = f"{referer.scheme}://{referer.netloc}" if referer.scheme and referer.netloc else ""
    host = ""
    with contextlib.suppress(DisallowedHost):
        host = request.get_host()
    return origin_trusted(origin, host=host, secure=request.is_secure())


def write_session_cookies(
    request: HttpRequest, response: HttpResponse, pair: tokens.TokenPair
) -> None:
    """Set the cookies of a new login; any renewal computed earlier in the request is dropped."""
    tokens.set_auth_cookies(response, pair)
    request._jwt_cookies_written = True  # type: ignore[attr-defined]


def erase_session_cookies(request: HttpRequest, response: HttpResponse) -> None:
    tokens.clear_auth_cookies(response)
    request._jwt_cookies_written = True  # type: ignore[attr-defined]


class JWTCookieAuthentication(BaseAuthentication):
    """DRF authentication: Bearer or cookie JWT, with in-request renewal and the Origin rule."""

    def authenticate(self, request: Request) -> tuple[User, UserSession] | None:
        result = resolve_jwt(request._request)
        if result.bearer_rejected:
            raise exceptions.AuthenticationFailed("The access token is invalid or has expired.")
        if result.user is None or result.session is None:
            return None
        if (
            result.via == "cookie"
            and request.method not in SAFE_METHODS
            and not origin_is_trusted(request._request)
        ):
            raise CsrfFailed()
        return result.user, result.session

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'
