"""The messaging rules read accounts' blocks and follows and pitches' pitches through the
readers those apps provide at start-up; messaging itself imports neither."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from accounts import selectors
from accounts.services import block_user, follow_user
from messaging import policy
from tests.pitches.factories import PitchFactory

pytestmark = pytest.mark.django_db


def test_a_block_either_way_counts(creator, investor, watcher):
    block_user(blocker=creator, target=investor)
    assert policy.is_blocked(creator.pk, investor.pk)
    assert policy.is_blocked(investor.pk, creator.pk)
    assert not policy.is_blocked(creator.pk, watcher.pk)
    assert policy.blocked_with(creator.pk, {investor.pk, watcher.pk}) == {investor.pk}


def test_followers_and_mutual_follows_come_from_accounts(creator, investor, watcher):
    follow_user(follower=investor, target=creator)
    follow_user(follower=creator, target=investor)
    follow_user(follower=watcher, target=creator)
    assert selectors.follower_ids(creator.pk) == {investor.pk, watcher.pk}
    assert policy.presence_audience(creator.pk) == {investor.pk}
    assert policy.can_see_presence(investor.pk, creator.pk)
    assert not policy.can_see_presence(watcher.pk, creator.pk)


def test_pitch_rules_come_from_pitches(creator, investor):
    draft = PitchFactory(owner=creator, status="draft")
    assert policy.can_see_pitch(creator, draft.pk)
    assert not policy.can_see_pitch(investor, draft.pk)
    assert policy.can_subscribe_pitch(creator, draft.pk)
    assert not policy.can_subscribe_pitch(investor, draft.pk)
    assert policy.pitch_summary(draft.pk) == {
        "owner_id": creator.pk,
        "title": draft.title,
        "view_count": 0,
    }
    assert policy.pitch_summary(draft.pk + 1000) is None


def test_a_rule_without_its_provider_is_a_configuration_error(monkeypatch):
    monkeypatch.setattr(policy, "_PROVIDERS", {})
    with pytest.raises(ImproperlyConfigured, match="is_blocked"):
        policy.is_blocked(1, 2)
