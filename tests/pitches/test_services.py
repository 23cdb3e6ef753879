from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from pitches import access, services
from pitches.engagement import heat
from pitches.models import PitchAccess
from pitchey.errors import NotAllowed
from tests.pitches.factories import PitchFactory

pytestmark = pytest.mark.django_db


def test_grants_are_idempotent_and_checked_at_read_time(investor, published_pitch):
    first = services.grant_access(user=investor, pitch=published_pitch, source="nda", source_id=7)
    again = services.grant_access(
        user=investor,
        pitch=published_pitch,
        source="nda",
        source_id=7,
        expires_at=timezone.now() + timedelta(hours=1),
    )
    assert first.pk == again.pk
    assert PitchAccess.objects.count() == 1
    assert access.can_view_confidential(investor, published_pitch)
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        assert not access.can_view_confidential(investor, published_pitch)
        assert access.confidential_pitch_ids(investor, [published_pitch]) == set()


def test_revoking_narrows_by_source(investor, published_pitch):
    services.grant_access(user=investor, pitch=published_pitch, source="nda", source_id=1)
    services.grant_access(user=investor, pitch=published_pitch, source="manual")
    assert services.revoke_access(user=investor, pitch=published_pitch, source="nda") == 1
    assert access.can_view_confidential(investor, published_pitch)
    assert services.revoke_access(user=investor, pitch=published_pitch) == 1
    assert not access.can_view_confidential(investor, published_pitch)


def test_bulk_rule_uses_one_query(investor, creator, django_assert_num_queries):
    pitches = PitchFactory.create_batch(5, owner=creator)
    services.grant_access(user=investor, pitch=pitches[1], source="manual")
    with django_assert_num_queries(1):
        assert access.confidential_pitch_ids(investor, pitches) == {pitches[1].pk}
    with django_assert_num_queries(0):
        assert access.confidential_pitch_ids(creator, pitches) == {p.pk for p in pitches}


def test_only_the_owner_changes_a_pitch(other_creator, published_pitch):
    with pytest.raises(NotAllowed, match="creator"):
        services.update_pitch(pitch=published_pitch, actor=other_creator, fields={"title": "Nope"})
    with pytest.raises(NotAllowed):
        services.set_hidden(pitch=published_pitch, actor=other_creator, hidden=True)


def test_trending_is_the_heat_and_old_activity_counts_less(investor, creator):
    now = timezone.now()
    stale, fresh = PitchFactory.create_batch(
        2, owner=creator, published_at=now - timedelta(days=100)
    )
    with time_machine.travel(now - timedelta(days=28)):
        services.like_pitch(pitch=stale, user=investor)
    services.like_pitch(pitch=fresh, user=investor)
    assert heat.refresh_heat_scores() == 2
    stale.refresh_from_db()
    fresh.refresh_from_db()
    # an investor's like (3 x 1.5) at 45% weight; two half-lives later it is worth a quarter
    assert fresh.trending_score == pytest.approx(0.45 * 4.5, abs=0.01)
    assert stale.trending_score == pytest.approx(0.45 * 4.5 / 4, abs=0.01)
