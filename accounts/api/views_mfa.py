"""Second factors: the login challenge (TOTP, backup code or emailed code) and MFA settings."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from accounts import selectors, services
from accounts.api.views_auth import OK, SESSION_OUT, AuthApi, EmailInput, login_response
from pitchey.api import flat_response, request_user
from pitchey.ratelimit import client_ip


class ChallengeInput(serializers.Serializer):
    challenge_id = serializers.CharField(max_length=64)
    code = serializers.CharField(max_length=32)


class MfaVerifyApi(AuthApi):
    @extend_schema(
        summary="Complete a login with an authenticator or backup code",
        request=ChallengeInput,
        responses=SESSION_OUT,
    )
    def post(self, request: Request) -> Response:
        payload = ChallengeInput(data=request.data)
        payload.is_valid(raise_exception=True)
        outcome = services.verify_challenge(
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
            ip=client_ip(request),
            **payload.validated_data,
        )
        return login_response(request, outcome)


class EmailOtpSendApi(AuthApi):
    @extend_schema(
        summary="Email a one-time login code",
        request=EmailInput,
        responses=inline_serializer("OtpSent", {"challenge_id": serializers.CharField()}),
    )
    def post(self, request: Request) -> Response:
        payload = EmailInput(data=request.data)
        payload.is_valid(raise_exception=True)
        challenge_id = services.start_email_otp(email=payload.validated_data["email"])
        return flat_response({"challenge_id": challenge_id})


class EmailOtpVerifyApi(MfaVerifyApi):
    @extend_schema(
        summary="Log in with an emailed code", request=ChallengeInput, responses=SESSION_OUT
    )
    def post(self, request: Request) -> Response:
        return super().post(request)


class ProofInput(serializers.Serializer):
    code = serializers.CharField(max_length=32, required=False, allow_blank=True)
    password = serializers.CharField(
        max_length=256, required=False, allow_blank=True, trim_whitespace=False
    )


class MfaApi(AuthApi):
    permission_classes = [IsAuthenticated]

    def proof(self, request: Request) -> dict[str, str]:
        payload = ProofInput(data=request.data)
        payload.is_valid(raise_exception=True)
        return {k: v for k, v in payload.validated_data.items() if v}


MFA_STATUS = inline_serializer(
    "MfaStatus",
    {
        "enabled": serializers.BooleanField(),
        "methods": serializers.ListField(child=serializers.CharField()),
        "backup_codes_remaining": serializers.IntegerField(),
        "enabled_at": serializers.DateTimeField(allow_null=True),
    },
)
BACKUP_CODES = inline_serializer(
    "BackupCodes", {"backup_codes": serializers.ListField(child=serializers.CharField())}
)


class MfaStatusApi(MfaApi):
    @extend_schema(summary="Two-factor status", responses=MFA_STATUS)
    def get(self, request: Request) -> Response:
        mfa = selectors.mfa_settings_of(request_user(request))
        enabled = bool(mfa and mfa.enabled)
        return flat_response(
            {
                "enabled": enabled,
                "methods": ["totp", "backup_code"] if enabled else [],
                "backup_codes_remaining": len(mfa.backup_code_hashes) if mfa and enabled else 0,
                "enabled_at": mfa.enabled_at if mfa and enabled else None,
                "setup_pending": bool(mfa and mfa.pending_secret),
            }
        )


class MfaSetupStartApi(MfaApi):
    @extend_schema(
        summary="Start authenticator setup: a new secret and its otpauth URI",
        request=None,
        responses=inline_serializer(
            "MfaSetup", {"secret": serializers.CharField(), "otpauth_url": serializers.CharField()}
        ),
    )
    def post(self, request: Request) -> Response:
        secret, uri = services.start_mfa_setup(user=request_user(request))
        return flat_response({"secret": secret, "otpauth_url": uri})


class MfaSetupVerifyApi(MfaApi):
    @extend_schema(
        summary="Check a code against the pending secret", request=ProofInput, responses=OK
    )
    def post(self, request: Request) -> Response:
        services.verify_mfa_setup(
            user=request_user(request), code=self.proof(request).get("code", "")
        )
        return flat_response({"verified": True})


class MfaSetupEnableApi(MfaApi):
    @extend_schema(
        summary="Turn two-factor on; returns backup codes once",
        request=ProofInput,
        responses=BACKUP_CODES,
    )
    def post(self, request: Request) -> Response:
        codes = services.enable_mfa(
            user=request_user(request), code=self.proof(request).get("code", "")
        )
        return flat_response({"enabled": True, "backup_codes": codes})


class MfaSetupDisableApi(MfaApi):
    @extend_schema(
        summary="Turn two-factor off (password or code)", request=ProofInput, responses=OK
    )
    def post(self, request: Request) -> Response:
        services.disable_mfa(user=request_user(request), **self.proof(request))
        return flat_response({"enabled": False})


class MfaBackupCodesApi(MfaApi):
    @extend_schema(
        summary="Replace the backup codes (password or code)",
        request=ProofInput,
        responses=BACKUP_CODES,
    )
    def post(self, request: Request) -> Response:
        codes = services.regenerate_backup_codes(user=request_user(request), **self.proof(request))
        return flat_response({"backup_codes": codes})
