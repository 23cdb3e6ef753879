"""JWTs are signed with their own key (JWT_SIGNING_KEY, or a file), never SECRET_KEY; a rotation
keeps tokens of the previous key valid until it is removed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import jwt
import pytest
from django.conf import settings

from tests.accounts.conftest import browser_client, log_in

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
ACCESS = settings.AUTH_ACCESS_COOKIE


def _resign(token: str, key: str) -> str:
    payload = jwt.decode(token, options={"verify_signature": False})
    return jwt.encode(payload, key, algorithm="HS256")


def _session_with(token: str) -> int:
    client = browser_client()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client.get("/api/auth/session").status_code


def test_tokens_are_signed_with_the_jwt_key_not_the_secret_key(web, creator):
    assert settings.JWT_SIGNING_KEY != settings.SECRET_KEY
    log_in(web, creator, "creator")
    token = web.cookies[ACCESS].value
    jwt.decode(token, settings.JWT_SIGNING_KEY, algorithms=["HS256"])
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(token, settings.SECRET_KEY, algorithms=["HS256"])
    assert _session_with(token) == 200
    assert _session_with(_resign(token, settings.SECRET_KEY)) == 401


def test_a_rotation_accepts_the_previous_key_until_it_is_removed(web, creator, settings):
    log_in(web, creator, "creator")
    old_key = settings.JWT_SIGNING_KEY
    token = web.cookies[ACCESS].value
    settings.JWT_SIGNING_KEY = "a-brand-new-signing-key-" + "x" * 40
    settings.JWT_SIGNING_KEYS_PREVIOUS = [old_key]
    assert _session_with(token) == 200
    settings.JWT_SIGNING_KEYS_PREVIOUS = []
    assert _session_with(token) == 401


def _settings_env(**extra: str) -> dict[str, str]:
    return {
        "PATH": os.environ["PATH"],
        "DEBUG": "false",
        "SECRET_KEY": "s" * 60,
        "FIELD_ENCRYPTION_KEY": "kX0j9uC7mJ4GqkQk7m1oYxF2n8lH3pR5sT6vW9yZ0aE=",
        "DATABASE_URL": "postgres://a@b/c",
        **extra,
    }


def _load_settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "import pitchey.settings as s; print(s.SIMPLE_JWT['SIGNING_KEY'])"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_refuses_to_start_without_a_jwt_signing_key():
    result = _load_settings(_settings_env())
    assert result.returncode != 0
    assert "JWT_SIGNING_KEY" in result.stderr


def test_the_jwt_signing_key_may_come_from_a_file(tmp_path):
    key_file = tmp_path / "jwt"
    key_file.write_text("j" * 64 + "\n")
    result = _load_settings(_settings_env(JWT_SIGNING_KEY_FILE=str(key_file)))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "j" * 64


def test_the_jwt_signing_key_must_differ_from_the_secret_key():
    result = _load_settings(_settings_env(JWT_SIGNING_KEY="s" * 60))
    assert result.returncode != 0
    assert "JWT_SIGNING_KEY" in result.stderr
