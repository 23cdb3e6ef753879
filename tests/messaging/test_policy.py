"""The messaging seams read accounts' real blocks and follows."""

from __future__ import annotations

import pytest

from accounts.services import block_user, follow_user
from messaging import policy

pytestmark = pytest.mark.django_db


def test_a_block_either_way_counts(creator, investor, watcher):
    block_user(blocker=creator, target=investor)
    assert policy.is_blocked(creator.pk, investor.pk)
    assert policy.is_blocked(investor.pk, creator.pk)
    assert not policy.is_blocked(creator.pk, watcher.pk)


def test_followers_and_mutual_follows_come_from_accounts(creator, investor, watcher):
    follow_user(follower=investor, target=creator)
    follow_user(follower=creator, target=investor)
    follow_user(follower=watcher, target=creator)
    assert sorted(policy.followers_of(creator.pk)) == sorted([investor.pk, watcher.pk])
    assert policy.presence_audience(creator.pk) == {investor.pk}
    assert policy.can_see_presence(investor.pk, creator.pk)
    assert not policy.can_see_presence(watcher.pk, creator.pk)
