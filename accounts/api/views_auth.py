"""`/api/auth/*`, `/api/mfa/*` and `/api/ws/token`: the SPA's auth contract (section 3.2)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import services, tokens
from accounts.api.serializers import AuthUserSerializer, SessionSerializer
from accounts.api.throttles import AuthIPThrottle
from accounts.authentication import erase_session_cookies, write_session_cookies
from accounts.models import UserSession
from accounts.ws_tokens import make_ws_token
from pitchey.api import flat_response, request_user
from pitchey.ratelimit import ScopedRateThrottle, client_ip

OK = inline_serializer("Ok", {"success": serializers.BooleanField()})
SESSION_OUT = inline_serializer(
    "AuthSession",
    {
        "user": AuthUserSerializer(),
        "session": inline_serializer(
            "SessionRef", {"id": serializers.CharField(), "expires_at": serializers.DateTimeField()}
        ),
        "token": serializers.CharField(),
        "expires_at": serializers.DateTimeField(),
    },
)


class AuthApi(APIView):
    """Base of auth endpoints: anonymous access, the `auth` bucket per user and per IP."""

    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle, AuthIPThrottle]
    throttle_scope = "auth"


def login_response(request: Request, outcome: services.LoginOutcome) -> Response:
    """The body of a finished login (cookies set) or of a pending MFA challenge."""
    user = outcome.user
    if outcome.challenge is not None:
        challenge = outcome.challenge
        body: dict[str, Any] = {
            "challenge_id": str(challenge.pk),
            "methods": ["totp", "backup_code"],
            "expires_at": challenge.expires_at.isoformat(),
            "user": {
                "id": str(user.pk),
                "email": user.email,
                "name": user.display_name,
                "user_type": user.portal,
            },
        }
        response = Response({"success": False, "requiresMFA": True, **body, "data": body})
        response.raw_body = True  # type: ignore[attr-defined]
        return response
    pair = outcome.pair
    assert pair is not None
    refresh_expires = pair.access_expires_at - settings.ACCESS_TOKEN_LIFETIME
    data = {
        "user": AuthUserSerializer(user).data,
        "session": {
            "id": str(pair.session_id),
            "expires_at": refresh_expires + settings.REFRESH_TOKEN_LIFETIME,
        },
        "token": pair.access,
        "expires_at": pair.access_expires_at,
    }
    response = flat_response(data)
    write_session_cookies(request._request, response, pair)
    return response


class LoginApi(AuthApi):
    portal: str | None = None

    class LoginInput(serializers.Serializer):
        email = serializers.EmailField(max_length=255)
        password = serializers.CharField(max_length=256, trim_whitespace=False)
        turnstile_token = serializers.CharField(required=False, allow_blank=True)

    @extend_schema(
        summary="Log in (per portal, or generic with sign-in)",
        request=LoginInput,
        responses={200: SESSION_OUT},
    )
    def post(self, request: Request) -> Response:
        payload = self.LoginInput(data=request.data)
        payload.is_valid(raise_exception=True)
        outcome = services.login(
            email=payload.validated_data["email"],
            password=payload.validated_data["password"],
            portal=self.portal,
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
            ip=client_ip(request),
        )
        return login_response(request, outcome)


class RegisterApi(AuthApi):
    class RegisterInput(serializers.Serializer):
        email = serializers.EmailField(max_length=255)
        username = serializers.RegexField(
            r"^[A-Za-z0-9_.-]{3,30}$",
            error_messages={"invalid": "Use 3-30 letters, digits, dots, dashes or underscores."},
        )
        password = serializers.CharField(max_length=256, trim_whitespace=False)
        user_type = serializers.ChoiceField(
            choices=["creator", "investor", "production", "watcher", "viewer"]
        )
        company_name = serializers.CharField(max_length=255, required=False, allow_blank=True)
        name = serializers.CharField(max_length=200, required=False, allow_blank=True)
        first_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
        last_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
        turnstile_token = serializers.CharField(required=False, allow_blank=True)
        invite_code = serializers.CharField(max_length=20, required=False, allow_blank=True)

    @extend_schema(
        summary="Register (no login: the email must be verified first)",
        request=RegisterInput,
        responses={
            201: inline_serializer(
                "Registered", {"user": AuthUserSerializer(), "message": serializers.CharField()}
            )
        },
    )
    def post(self, request: Request) -> Response:
        payload = self.RegisterInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        first, last = data.get("first_name", ""), data.get("last_name", "")
        if data.get("name") and not first:
            first, _, last = data["name"].strip().partition(" ")
        user = services.register_user(
            email=data["email"],
            username=data["username"],
            password=data["password"],
            user_type=data["user_type"],
            company_name=data.get("company_name", ""),
            first_name=first,
            last_name=last.strip(),
            invite_code=data.get("invite_code", ""),
        )
        return flat_response(
            {
                "user": AuthUserSerializer(user).data,
                "message": "Check your inbox: we sent you a link to verify your email address.",
            },
            status_code=201,
        )


class VerifyEmailApi(AuthApi):
    class VerifyEmailInput(serializers.Serializer):
        token = serializers.CharField(max_length=200)

    @extend_schema(
        summary="Verify an email address from the emailed link (redirects to the login page)",
        parameters=[OpenApiParameter("token", str, required=True)],
        responses={302: None},
    )
    def get(self, request: Request) -> HttpResponseRedirect:
        token = request.query_params.get("token", "")
        user = services.verify_email(token=token) if token else None
        query = urlencode({"verified": "true" if user else "false"})
        return HttpResponseRedirect(f"{settings.FRONTEND_URL}/login?{query}")

    @extend_schema(
        summary="Verify an email address with its token",
        request=VerifyEmailInput,
        responses={200: inline_serializer("Verified", {"verified": serializers.BooleanField()})},
    )
    def post(self, request: Request) -> Response:
        payload = self.VerifyEmailInput(data=request.data)
        payload.is_valid(raise_exception=True)
        if services.verify_email(token=payload.validated_data["token"]) is None:
            raise serializers.ValidationError({"token": ["This link is invalid or has expired."]})
        return flat_response({"verified": True})


class EmailInput(serializers.Serializer):
    email = serializers.EmailField(max_length=255)
    turnstile_token = serializers.CharField(required=False, allow_blank=True)


class ResendVerificationApi(AuthApi):
    @extend_schema(summary="Send the verification email again", request=EmailInput, responses=OK)
    def post(self, request: Request) -> Response:
        payload = EmailInput(data=request.data)
        payload.is_valid(raise_exception=True)
        services.resend_verification(email=payload.validated_data["email"])
        return flat_response(
            {"message": "If the address needs verifying, a new link is on its way."}
        )


class ForgotPasswordApi(AuthApi):
    @extend_schema(
        summary="Email a password reset link (always 200)", request=EmailInput, responses=OK
    )
    def post(self, request: Request) -> Response:
        payload = EmailInput(data=request.data)
        payload.is_valid(raise_exception=True)
        services.request_password_reset(email=payload.validated_data["email"])
        return flat_response(
            {"message": "If an account uses this address, we sent it a link to reset the password."}
        )


class ResetPasswordApi(AuthApi):
    class ResetPasswordInput(serializers.Serializer):
        token = serializers.CharField(max_length=200)
        new_password = serializers.CharField(max_length=256, trim_whitespace=False)

    @extend_schema(
        summary="Set a new password with a reset token", request=ResetPasswordInput, responses=OK
    )
    def post(self, request: Request) -> Response:
        data = dict(request.data)
        if "password" in data and "new_password" not in data:
            data["new_password"] = data["password"]
        payload = self.ResetPasswordInput(data=data)
        payload.is_valid(raise_exception=True)
        services.reset_password(
            token=payload.validated_data["token"],
            new_password=payload.validated_data["new_password"],
        )
        response = flat_response({"message": "Your password has been changed. Log in again."})
        erase_session_cookies(request._request, response)
        return response


class ChangePasswordApi(AuthApi):
    permission_classes = [IsAuthenticated]

    class ChangePasswordInput(serializers.Serializer):
        current_password = serializers.CharField(max_length=256, trim_whitespace=False)
        new_password = serializers.CharField(max_length=256, trim_whitespace=False)

    @extend_schema(
        summary="Change the password (ends every other session)",
        request=ChangePasswordInput,
        responses=SESSION_OUT,
    )
    def post(self, request: Request) -> Response:
        payload = self.ChangePasswordInput(data=request.data)
        payload.is_valid(raise_exception=True)
        user = request_user(request)
        pair = services.change_password(
            user=user,
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
            ip=client_ip(request),
            **payload.validated_data,
        )
        return login_response(request, services.LoginOutcome(user, pair=pair))


class SessionApi(AuthApi):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="The logged-in user (401 when logged out)",
        responses=inline_serializer("SessionUser", {"user": AuthUserSerializer()}),
    )
    def get(self, request: Request) -> Response:
        return flat_response({"user": AuthUserSerializer(request_user(request)).data})


class RefreshApi(AuthApi):
    class RefreshInput(serializers.Serializer):
        refresh = serializers.CharField(required=False)

    @extend_schema(
        summary="Renew the tokens (the refresh cookie, or `refresh` in the body)",
        request=RefreshInput,
        responses=SESSION_OUT,
    )
    def post(self, request: Request) -> Response:
        body_refresh = request.data.get("refresh") if isinstance(request.data, dict) else None
        pending = getattr(request._request, "_jwt_new_pair", None)
        if not body_refresh and pending is not None and request.user.is_authenticated:
            return login_response(
                request, services.LoginOutcome(request_user(request), pair=pending)
            )
        raw = body_refresh or request.COOKIES.get(settings.AUTH_REFRESH_COOKIE)
        try:
            session, pair = tokens.rotate(str(raw or ""))
        except tokens.InvalidToken:
            raise AuthenticationFailed("The session has ended; log in again.") from None
        response = login_response(request, services.LoginOutcome(session.user, pair=pair))
        if body_refresh:
            response.data["refresh"] = pair.refresh
        return response


class LogoutApi(AuthApi):
    @extend_schema(summary="Log out this session and clear the cookies", request=None, responses=OK)
    def post(self, request: Request) -> Response:
        session = request.auth if isinstance(request.auth, UserSession) else None
        services.logout(
            raw_refresh=request.COOKIES.get(settings.AUTH_REFRESH_COOKIE),
            session_id=session.pk if session else None,
        )
        response = flat_response({"message": "Logged out."})
        erase_session_cookies(request._request, response)
        return response


class LogoutEverywhereApi(AuthApi):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="Log out of every session and device", request=None, responses=OK)
    def post(self, request: Request) -> Response:
        services.end_all_sessions(user=request_user(request))
        response = flat_response({"message": "Logged out everywhere."})
        erase_session_cookies(request._request, response)
        return response


class SessionListApi(AuthApi):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="The user's live sessions (device, IP, last seen)",
        responses=inline_serializer("Sessions", {"sessions": SessionSerializer(many=True)}),
    )
    def get(self, request: Request) -> Response:
        sessions = UserSession.objects.active().filter(user=request_user(request))[:50]
        current = request.auth.pk if isinstance(request.auth, UserSession) else None
        data = SessionSerializer(sessions, many=True, context={"current_session_id": current}).data
        return flat_response({"sessions": data})


class SessionRevokeApi(AuthApi):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="End one of the user's sessions", request=None, responses=OK)
    def delete(self, request: Request, session_id: int) -> Response:
        services.revoke_session(user=request_user(request), session_id=session_id)
        return flat_response({"message": "Session ended."})


class WsTokenApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="A one-minute token for the WebSocket (`/ws?token=`)",
        responses=inline_serializer("WsToken", {"token": serializers.CharField()}),
    )
    def get(self, request: Request) -> Response:
        session = request.auth if isinstance(request.auth, UserSession) else None
        token = make_ws_token(request_user(request), session_id=session.pk if session else None)
        return flat_response({"token": token})
