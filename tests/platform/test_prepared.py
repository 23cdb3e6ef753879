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


# --- kept in PostgreSQL too -------------------------------------------------------------------


def _statements_here() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements")
        return {row[0] for row in cursor.fetchall()}


def _one_session(settings_value: bool, monkeypatch) -> tuple[Prepared, UserSession]:
    monkeypatch.setitem(connection.settings_dict, "PREPARED_STATEMENTS", settings_value)
    session = UserSession.objects.create(user=UserFactory(first_name="Ada"), user_agent="test")
    return Prepared(_sessions, arg_types=(int, int)), session


def test_a_plan_is_prepared_in_postgresql_once_per_connection_and_counted_as_one_query(
    monkeypatch,
):
    prepared, session = _one_session(True, monkeypatch)
    with CaptureQueriesContext(connection) as queries:
        assert prepared.first(session.pk, session.user_id) == session
    assert len(queries) == 1  # the PREPARE is bookkeeping, as Django's session settings are
    assert queries[0]["sql"].startswith("EXECUTE pitchey_")
    name = queries[0]["sql"].split()[1].split("(")[0]
    assert name in _statements_here()
    with CaptureQueriesContext(connection) as again:
        found = prepared.first(session.pk, session.user_id)
    assert [q["sql"].split("(")[0] for q in again] == [f"EXECUTE {name}"]
    assert found.user.first_name == "Ada"
    assert found.created_at == UserSession.objects.get(pk=session.pk).created_at
    assert prepared.first(session.pk, session.user_id + 1) is None


def test_the_same_rows_with_and_without_postgresqls_plans(monkeypatch):
    owner = UserFactory()
    pitches = [PitchFactory(owner=owner, title="A"), PitchFactory(owner=owner, title="B")]
    answers = []
    for kept in (False, True):
        monkeypatch.setitem(connection.settings_dict, "PREPARED_STATEMENTS", kept)
        rows = Prepared(_by_owner, arg_types=(int, str)).rows(owner.pk, "A", shape="all")
        answers.append([(p.pk, p.title, p.like_rows, p.created_at) for p in rows])
    assert answers[0] == answers[1] == [(p.pk, p.title, 0, p.created_at) for p in pitches]


def test_without_its_own_connection_nothing_is_prepared_in_postgresql(monkeypatch):
    prepared, session = _one_session(False, monkeypatch)
    before = _statements_here()
    with CaptureQueriesContext(connection) as queries:
        assert prepared.first(session.pk, session.user_id) == session
    assert not queries[0]["sql"].startswith("EXECUTE")
    assert _statements_here() == before


def test_a_plan_postgresql_refuses_runs_as_plain_sql_and_the_transaction_goes_on(monkeypatch):
    from pitchey import prepared as module

    monkeypatch.setattr(module, "_PG_TYPES", ((int, "point"), *module._PG_TYPES))
    monkeypatch.setitem(connection.settings_dict, "PREPARED_STATEMENTS", True)
    session = UserSession.objects.create(user=UserFactory(), user_agent="refused")

    def build(session_id: int, user_id: int) -> QuerySet[UserSession]:  # SQL of its own
        return UserSession.objects.select_related("user").filter(
            pk=session_id, user_id=user_id, user_agent="refused"
        )[:1]

    prepared = Prepared(build, arg_types=(int, int))
    with CaptureQueriesContext(connection) as queries:
        assert prepared.first(session.pk, session.user_id) == session
        assert prepared.first(session.pk, session.user_id) == session
    assert [q["sql"].startswith("EXECUTE") for q in queries] == [False, False]
    assert UserSession.objects.filter(pk=session.pk).exists()  # the transaction is not aborted


def test_a_statement_gone_from_the_session_is_prepared_again_on_the_next_read(monkeypatch):
    from django.db import DatabaseError, transaction

    prepared, session = _one_session(True, monkeypatch)
    assert prepared.first(session.pk, session.user_id) == session
    connection.connection.execute("DEALLOCATE ALL")  # as a DISCARD ALL would
    with pytest.raises(DatabaseError), transaction.atomic():
        prepared.first(session.pk, session.user_id)
    assert prepared.first(session.pk, session.user_id) == session


@pytest.mark.django_db(transaction=True)
def test_a_refused_prepare_as_the_first_statement_of_a_transaction_does_not_abort_it(monkeypatch):
    from django.db import transaction

    from pitchey import prepared as module

    monkeypatch.setattr(module, "_PG_TYPES", ((int, "point"), *module._PG_TYPES))
    monkeypatch.setitem(connection.settings_dict, "PREPARED_STATEMENTS", True)
    session = UserSession.objects.create(user=UserFactory(), user_agent="first in a transaction")

    def build(session_id: int, user_id: int) -> QuerySet[UserSession]:  # SQL of its own
        return UserSession.objects.filter(
            pk=session_id, user_id=user_id, user_agent="first in a transaction"
        )[:1]

    prepared = Prepared(build, arg_types=(int, int))
    with transaction.atomic():
        assert prepared.first(session.pk, session.user_id) == session  # the PREPARE is refused
        assert UserSession.objects.filter(pk=session.pk).exists()  # and the transaction goes on
