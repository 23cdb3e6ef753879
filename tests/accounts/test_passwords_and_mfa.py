import re
import time
from datetime import timedelta

import pyotp
import pytest
from django.conf import settings

from accounts.models import LoginChallenge, MfaSettings, OneTimeToken
from tests.accounts.conftest import browser_client, log_in

pytestmark = pytest.mark.django_db


def _reset_token(mail) -> str:
    return re.search(r"reset-password\?token=(\S+)", mail.body).group(1)


def test_forgot_password_is_always_200_and_emails_only_real_accounts(
    web, creator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            web.post("/api/auth/forgot-password", {"email": "ghost@example.com"}).status_code == 200
        )
        assert web.post("/api/auth/forgot-password", {"email": creator.email}).status_code == 200
    assert [m.to for m in mailoutbox] == [[creator.email]]


def test_reset_password_is_single_use(web, creator, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        web.post("/api/auth/forgot-password", {"email": creator.email})
    token = _reset_token(mailoutbox[0])
    body = {"token": token, "newPassword": "Brand-new-passphrase-42"}
    assert web.post("/api/auth/reset-password", body).status_code == 200
    again = web.post("/api/auth/reset-password", body)
    assert again.status_code == 400
    assert again.json()["error"]["code"] == "INVALID_TOKEN"
    log_in(web, creator, "creator", password="Brand-new-passphrase-42")


def test_reset_tokens_expire_after_an_hour(
    web, creator, time_machine, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        web.post("/api/auth/forgot-password", {"email": creator.email})
    row = OneTimeToken.objects.get()
    assert row.expires_at - row.created_at == timedelta(hours=1)
    time_machine.move_to(row.expires_at + timedelta(seconds=1), tick=False)
    response = web.post(
        "/api/auth/reset-password",
        {"token": _reset_token(mailoutbox[0]), "newPassword": "Brand-new-passphrase-42"},
    )
    assert response.status_code == 400


def test_reset_with_a_weak_password_keeps_the_token(
    web, creator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        web.post("/api/auth/forgot-password", {"email": creator.email})
    token = _reset_token(mailoutbox[0])
    weak = web.post("/api/auth/reset-password", {"token": token, "newPassword": "password"})
    assert weak.status_code == 400
    assert "newPassword" in weak.json()["error"]["details"]
    assert (
        web.post(
            "/api/auth/reset-password", {"token": token, "newPassword": "Brand-new-passphrase-42"}
        ).status_code
        == 200
    )


def test_change_password_needs_the_current_one(creator_web, creator):
    wrong = creator_web.post(
        "/api/auth/change-password",
        {"currentPassword": "nope", "newPassword": "Brand-new-passphrase-42"},
    )
    assert wrong.status_code == 400
    assert "currentPassword" in wrong.json()["error"]["details"]
    weak = creator_web.post(
        "/api/auth/change-password", {"currentPassword": "Demo123", "newPassword": "short"}
    )
    assert weak.status_code == 400
    assert "newPassword" in weak.json()["error"]["details"]
    creator.refresh_from_db()
    assert creator.check_password("Demo123")


def test_change_password_requires_login(web):
    assert (
        web.post(
            "/api/auth/change-password", {"currentPassword": "a", "newPassword": "b"}
        ).status_code
        == 401
    )


def _enable_mfa(client) -> tuple[str, list[str]]:
    secret = client.post("/api/mfa/setup/start").json()["secret"]
    assert (
        client.post("/api/mfa/setup/verify", {"code": pyotp.TOTP(secret).now()}).status_code == 200
    )
    codes = client.post("/api/mfa/setup/enable").json()["backupCodes"]
    return secret, codes


def test_mfa_setup_enable_and_login_challenge(creator_web, creator):
    assert creator_web.get("/api/mfa/status").json()["enabled"] is False
    secret, codes = _enable_mfa(creator_web)
    assert len(codes) == 10
    status = creator_web.get("/api/mfa/status").json()
    assert status["enabled"] is True
    assert status["backupCodesRemaining"] == 10
    assert MfaSettings.objects.get(user=creator).backup_code_hashes[0] not in codes

    client = browser_client()
    first = client.post("/api/auth/creator/login", {"email": creator.email, "password": "Demo123"})
    body = first.json()
    assert body["success"] is False
    assert body["requiresMFA"] is True
    assert body["methods"]
    assert body["expiresAt"]
    assert body["challengeId"]
    assert settings.AUTH_ACCESS_COOKIE not in first.cookies
    bad = client.post(
        "/api/auth/mfa/verify", {"challengeId": body["challengeId"], "code": "000000"}
    )
    assert bad.status_code == 400
    assert bad.json()["error"]["code"] == "INVALID_CODE"
    # a code of the next time step, so it cannot clash with the one used during setup
    code = pyotp.TOTP(secret).at(time.time() + 30)
    done = client.post("/api/auth/mfa/verify", {"challengeId": body["challengeId"], "code": code})
    assert done.status_code == 200
    assert done.json()["user"]["id"] == str(creator.pk)
    assert client.get("/api/auth/session").status_code == 200
    replay = (
        browser_client()
        .post("/api/auth/creator/login", {"email": creator.email, "password": "Demo123"})
        .json()
    )
    assert (
        browser_client()
        .post("/api/auth/mfa/verify", {"challengeId": replay["challengeId"], "code": code})
        .status_code
        == 400
    )


def test_backup_codes_work_once(creator_web, creator):
    _, codes = _enable_mfa(creator_web)
    for expected in (200, 400):
        challenge = (
            browser_client()
            .post("/api/auth/sign-in", {"email": creator.email, "password": "Demo123"})
            .json()["challengeId"]
        )
        response = browser_client().post(
            "/api/auth/mfa/verify", {"challengeId": challenge, "code": codes[0]}
        )
        assert response.status_code == expected


def test_a_challenge_allows_five_attempts(creator_web, creator):
    _, codes = _enable_mfa(creator_web)
    challenge = (
        browser_client()
        .post("/api/auth/sign-in", {"email": creator.email, "password": "Demo123"})
        .json()["challengeId"]
    )
    for _ in range(5):
        browser_client().post("/api/auth/mfa/verify", {"challengeId": challenge, "code": "111111"})
    assert (
        browser_client()
        .post("/api/auth/mfa/verify", {"challengeId": challenge, "code": codes[0]})
        .status_code
        == 400
    )


def test_disable_and_regenerate_need_proof(creator_web):
    _enable_mfa(creator_web)
    assert creator_web.post("/api/mfa/backup-codes/regenerate", {}).status_code == 400
    assert (
        len(
            creator_web.post("/api/mfa/backup-codes/regenerate", {"password": "Demo123"}).json()[
                "backupCodes"
            ]
        )
        == 10
    )
    assert creator_web.post("/api/mfa/setup/disable", {"password": "wrong"}).status_code == 400
    assert creator_web.post("/api/mfa/setup/disable", {"password": "Demo123"}).status_code == 200
    assert creator_web.get("/api/mfa/status").json()["enabled"] is False


def test_enable_without_setup_or_code_is_refused(creator_web):
    assert creator_web.post("/api/mfa/setup/enable").json()["error"]["code"] == "MFA_SETUP_REQUIRED"
    creator_web.post("/api/mfa/setup/start")
    assert creator_web.post("/api/mfa/setup/enable", {"code": "123"}).status_code == 400


def test_mfa_endpoints_need_login(web):
    assert web.get("/api/mfa/status").status_code == 401
    assert web.post("/api/mfa/setup/start").status_code == 401


def test_email_otp_login(web, creator, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        challenge = web.post("/api/auth/email-otp/send", {"email": creator.email}).json()[
            "challengeId"
        ]
    code = re.search(r"code is (\d{6})", mailoutbox[0].body).group(1)
    assert (
        web.post(
            "/api/auth/email-otp/verify",
            {"challengeId": challenge, "code": "999999" if code != "999999" else "000000"},
        ).status_code
        == 400
    )
    response = web.post("/api/auth/email-otp/verify", {"challengeId": challenge, "code": code})
    assert response.status_code == 200
    assert response.json()["user"]["email"] == creator.email
    assert (
        web.post("/api/auth/email-otp/verify", {"challengeId": challenge, "code": code}).status_code
        == 400
    )


def test_email_otp_for_unknown_addresses_looks_the_same(
    web, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = web.post("/api/auth/email-otp/send", {"email": "ghost@example.com"})
    assert response.status_code == 200
    assert response.json()["challengeId"]
    assert not mailoutbox
    assert not LoginChallenge.objects.exists()
    assert (
        web.post(
            "/api/auth/email-otp/verify", {"challengeId": "not-a-uuid", "code": "1"}
        ).status_code
        == 400
    )
