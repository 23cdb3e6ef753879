"""`pitchey.prepared`: a queryset compiled once per process answers what the ORM answers, is
counted like any query, and refuses a build that depends on anything but its arguments."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.db.models import Count, QuerySet
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import UserSession
from pitches.models import Pitch
from pitchey.prepared import NotPreparable, Prepared
from tests.factories import UserFactory
from tests.pitches.factories import PitchFactory

pytestmark = pytest.mark.django_db


def _sessions(session_id: int, user_id: int) -> QuerySet[UserSession]:
    return UserSession.objects.select_related("user").filter(
        pk=session_id, user_id=user_id, revoked_at__isnull=True
    )[:1]


def test_rows_are_the_orms_with_their_related_rows_and_one_counted_query():
    user = UserFactory(first_name="Ada")
    session = UserSession.objects.create(user=user, user_agent="test")
    prepared = Prepared(_sessions, arg_types=(int, int))
    with CaptureQueriesContext(connection) as queries:
        found = prepared.first(session.pk, user.pk)
    assert len(queries) == 1
    assert found == session
    assert found.user.first_name == "Ada"
    assert found.created_at == UserSession.objects.get(pk=session.pk).created_at  # converters
    # The second run reuses the compiled SQL with other values.
    other = UserSession.objects.create(user=UserFactory(), user_agent="test")
    assert prepared.first(other.pk, other.user_id) == other
    assert prepared.first(other.pk, user.pk) is None
    UserSession.objects.filter(pk=session.pk).update(revoked_at=timezone.now())
    assert prepared.first(session.pk, user.pk) is None


def _by_owner(owner_id: int, title: str, *, shape: str) -> QuerySet[Pitch]:
    rows = Pitch.objects.filter(owner_id=owner_id).annotate(like_rows=Count("likes"))
    rows = rows.filter(title=title) if shape == "titled" else rows
    return rows.order_by("id")


def test_annotations_and_shapes():
    owner = UserFactory()
    first, second = PitchFactory(owner=owner, title="A"), PitchFactory(owner=owner, title="B")
    PitchFactory(title="A")
    prepared = Prepared(_by_owner, arg_types=(int, str))
    assert prepared.rows(owner.pk, "A", shape="all") == [first, second]
    titled = prepared.rows(owner.pk, "A", shape="titled")
    assert titled == [first]
    assert titled[0].like_rows == 0


def _recent(owner_id: int) -> QuerySet[Pitch]:
    return Pitch.objects.filter(owner_id=owner_id, created_at__gte=timezone.now() - timedelta(1))


def _recent_at(owner_id: int, since: object) -> QuerySet[Pitch]:
    return Pitch.objects.filter(owner_id=owner_id, created_at__gte=since)


def test_a_build_that_reads_the_clock_is_refused_and_the_time_can_be_an_argument():
    pitch = PitchFactory()
    with pytest.raises(NotPreparable):
        Prepared(_recent, arg_types=(int,)).rows(pitch.owner_id)
    prepared = Prepared(_recent_at, arg_types=(int, datetime))
    assert prepared.rows(pitch.owner_id, timezone.now() - timedelta(1)) == [pitch]
    assert prepared.rows(pitch.owner_id, timezone.now() + timedelta(1)) == []
