"""A login answers alike for an unknown email, a wrong password and a locked account (status,
body and the work done), so lockout cannot reveal which emails have accounts; the owner of a
locked account learns it by email. A limit that applies says when to retry."""

from __future__ import annotations

from unittest import mock

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher

from tests.accounts.conftest import browser_client

pytestmark = pytest.mark.django_db


def _attempt(email: str, password: str):
    return browser_client().post(
        "/api/auth/sign-in", {"email": email, "password": password}, format="json"
    )


def _comparable(response) -> tuple[int, dict]:
    body = response.json()
    body.pop("meta", None)
    return response.status_code, body


def _hashes(email: str, password: str) -> int:
    """How many password hashes one attempt computes (the cost an attacker can time)."""
    with mock.patch.object(
        MD5PasswordHasher, "encode", autospec=True, side_effect=MD5PasswordHasher.encode
    ) as encode:
        _attempt(email, password)
    return encode.call_count


def test_unknown_email_wrong_password_and_locked_account_answer_alike(
    creator, settings, mailoutbox
):
    settings.LOGIN_MAX_FAILURES = 3
    unknown = _attempt("nobody@example.com", "Wrong-password-1")
    wrong = _attempt(creator.email, "Wrong-password-1")
    for _ in range(2):
        _attempt(creator.email, "Wrong-password-1")
    creator.refresh_from_db()
    assert creator.is_locked
    locked_wrong = _attempt(creator.email, "Wrong-password-1")
    locked_right = _attempt(creator.email, "Demo123")

    assert _comparable(unknown) == _comparable(wrong)
    assert _comparable(locked_wrong) == _comparable(wrong)
    assert _comparable(locked_right) == _comparable(wrong)
    assert unknown.status_code == 401
    assert "Retry-After" not in locked_right


def test_every_failing_path_computes_one_password_hash(creator, settings):
    settings.LOGIN_MAX_FAILURES = 1
    unknown = _hashes("nobody@example.com", "Wrong-password-1")
    wrong = _hashes(creator.email, "Wrong-password-1")
    creator.refresh_from_db()
    assert creator.is_locked
    locked = _hashes(creator.email, "Demo123")
    assert unknown == wrong == locked == 1


def test_the_lockout_is_told_to_the_owner_by_email_once(
    creator, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.LOGIN_MAX_FAILURES = 2
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(4):
            _attempt(creator.email, "Wrong-password-1")
    notices = [m for m in mailoutbox if m.to == [creator.email]]
    assert len(notices) == 1
    assert "locked" in notices[0].subject.lower()
    assert "reset" in notices[0].body.lower()


def test_a_rate_limited_message_says_when_to_retry(api, investor, creator, settings):
    from messaging import services

    settings.MESSAGE_RATE_LIMIT = "1/minute"
    conversation = services.start_conversation(creator=investor, recipient_ids=[creator.pk])
    api.force_authenticate(investor)
    url = f"/api/conversations/{conversation.pk}/messages"
    assert api.post(url, {"content": "one"}, format="json").status_code == 201
    limited = api.post(url, {"content": "two"}, format="json")
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) >= 1
