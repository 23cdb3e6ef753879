"""Secrets at rest: model fields encrypted with FIELD_ENCRYPTION_KEY (Fernet: AES-128-CBC plus
HMAC-SHA256). Rotation: put the new key first and the old one in FIELD_ENCRYPTION_KEY_PREVIOUS;
values written before stay readable, and `manage.py reencrypt_secrets` rewrites them under the
new key, after which the previous key can go."""

from __future__ import annotations

from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "fernet:"


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEY must be a Fernet key (32 url-safe base64-encoded bytes)."
        ) from exc


def _keys() -> MultiFernet:
    return _fernet((settings.FIELD_ENCRYPTION_KEY, *settings.FIELD_ENCRYPTION_KEYS_PREVIOUS))


def encrypt(plain: str) -> str:
    """The stored form of `plain` under the current key ("" stays "", so emptiness is queryable)."""
    if plain == "":
        return ""
    return PREFIX + _keys().encrypt(plain.encode()).decode()


def decrypt(stored: str) -> str:
    """The plain text of a stored value, under the current or a previous key."""
    if stored == "":
        return ""
    if not stored.startswith(PREFIX):
        raise ImproperlyConfigured("An encrypted field holds a value that was never encrypted.")
    try:
        return _keys().decrypt(stored.removeprefix(PREFIX).encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "An encrypted field cannot be read with FIELD_ENCRYPTION_KEY or "
            "FIELD_ENCRYPTION_KEY_PREVIOUS."
        ) from None


def rotate(stored: str) -> str:
    """`stored` re-encrypted under the current key."""
    if stored == "":
        return ""
    return PREFIX + _keys().rotate(stored.removeprefix(PREFIX).encode()).decode()


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """Text stored encrypted; reads decrypt. Only emptiness can be queried (`field=""`)."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return value if value is None else decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        return value if value is None else encrypt(str(value))
