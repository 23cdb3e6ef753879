"""Account rules at the service level, beside the HTTP tests that reach them."""

from __future__ import annotations

import pytest

from accounts import services
from accounts.models import User
from accounts.services import block_user
from pitchey.errors import DomainError

pytestmark = pytest.mark.django_db


def test_deleting_needs_the_right_password_or_the_word_delete(creator):
    with pytest.raises(DomainError, match="Type DELETE") as refused:
        services.delete_account(user=creator)
    assert refused.value.details == {"confirmation": [refused.value.message]}
    with pytest.raises(DomainError, match="password is incorrect"):
        services.delete_account(user=creator, password="not-it", confirmation="DELETE")
    creator.refresh_from_db()
    assert creator.is_active
    services.delete_account(user=creator, confirmation=" delete my account ")
    creator.refresh_from_db()
    assert not creator.is_active
    assert creator.email == f"deleted-{creator.pk}@deleted.invalid"


def test_visible_users_leave_out_the_private_the_blocked_and_the_inactive(
    creator, investor, watcher, production
):
    watcher.privacy_settings = {"profile_visibility": "private"}
    watcher.save(update_fields=["privacy_settings"])
    production.is_active = False
    production.save(update_fields=["is_active"])
    block_user(blocker=creator, target=investor)
    seen_by_investor = set(User.objects.visible_to(investor))
    assert investor in seen_by_investor
    assert not {creator, watcher, production} & seen_by_investor
    assert watcher in set(User.objects.visible_to(watcher))
    assert creator not in set(User.objects.visible_to(investor).public())
    assert set(User.objects.active()) >= {creator, investor, watcher}
    assert production not in set(User.objects.active())
