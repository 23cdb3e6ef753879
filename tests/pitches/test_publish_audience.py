"""pitches picks who hears of a publish; messaging only delivers to the ids it is given."""

from __future__ import annotations

import pytest

from accounts.services import block_user, follow_user
from pitches import selectors, services
from tests.factories import UserFactory
from tests.pitches.factories import PitchFactory

pytestmark = pytest.mark.django_db


def test_the_audience_is_pitch_and_creator_followers_without_the_creator_or_blocked(creator):
    pitch = PitchFactory(owner=creator, status="draft", published_at=None)
    fan, pitch_fan, blocked_fan = (UserFactory(user_type="investor") for _ in range(3))
    follow_user(follower=fan, target=creator)
    follow_user(follower=blocked_fan, target=creator)
    services.follow_pitch(pitch=pitch, user=pitch_fan)
    services.follow_pitch(pitch=pitch, user=blocked_fan)
    block_user(blocker=creator, target=blocked_fan)
    assert selectors.publish_audience(pitch) == sorted([fan.pk, pitch_fan.pk])


def test_a_hidden_creator_name_leaves_only_the_pitch_followers(creator):
    pitch = PitchFactory(
        owner=creator,
        status="draft",
        published_at=None,
        visibility_settings={"show_creator_name": False},
    )
    fan, pitch_fan = (UserFactory(user_type="investor") for _ in range(2))
    follow_user(follower=fan, target=creator)
    services.follow_pitch(pitch=pitch, user=pitch_fan)
    assert selectors.publish_audience(pitch) == [pitch_fan.pk]
