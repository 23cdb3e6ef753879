"""Stored secrets (TOTP secrets, video passwords) are encrypted with FIELD_ENCRYPTION_KEY; a second
key rotates it; rows written in plain text before are migrated."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pyotp
import pytest
from cryptography.fernet import Fernet
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from accounts.models import MfaSettings
from accounts.services import start_mfa_setup
from tests.pitches.factories import PitchFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def _raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_a_totp_secret_is_stored_encrypted(creator):
    secret, _ = start_mfa_setup(user=creator)
    mfa = MfaSettings.objects.get(user=creator)
    stored = _raw(MfaSettings._meta.db_table, "pending_secret", mfa.pk)
    assert secret not in stored
    assert stored.startswith("fernet:")
    assert mfa.pending_secret == secret
    assert pyotp.TOTP(mfa.pending_secret).now()


def test_a_video_password_is_stored_encrypted(creator):
    pitch = PitchFactory(owner=creator, video_password="open-sesame-42")
    stored = _raw("pitches", "video_password", pitch.pk)
    assert "open-sesame-42" not in stored
    pitch.refresh_from_db()
    assert pitch.video_password == "open-sesame-42"


def test_a_second_key_rotates_the_first(creator, settings):
    secret, _ = start_mfa_setup(user=creator)
    old_key = settings.FIELD_ENCRYPTION_KEY
    settings.FIELD_ENCRYPTION_KEY = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS_PREVIOUS = [old_key]
    assert MfaSettings.objects.get(user=creator).pending_secret == secret
    call_command("reencrypt_secrets", dry_run=True, verbosity=0)
    call_command("reencrypt_secrets", verbosity=0)
    settings.FIELD_ENCRYPTION_KEYS_PREVIOUS = []
    assert MfaSettings.objects.get(user=creator).pending_secret == secret


def test_plain_text_rows_are_encrypted_by_the_migration(creator):
    mfa = MfaSettings.objects.create(user=creator)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {MfaSettings._meta.db_table} SET secret = %s WHERE id = %s",  # noqa: S608
            ["JBSWY3DPEHPK3PXP", mfa.pk],
        )
    migration = importlib.import_module("accounts.migrations.0003_encrypt_secrets")
    migration.encrypt_existing(apps, None)
    assert _raw(MfaSettings._meta.db_table, "secret", mfa.pk).startswith("fernet:")
    assert MfaSettings.objects.get(pk=mfa.pk).secret == "JBSWY3DPEHPK3PXP"


def test_production_refuses_to_start_without_a_field_encryption_key():
    env = {
        "PATH": os.environ["PATH"],
        "DEBUG": "false",
        "SECRET_KEY": "s" * 60,
        "JWT_SIGNING_KEY": "j" * 60,
        "DATABASE_URL": "postgres://a@b/c",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import pitchey.settings"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEY" in result.stderr
