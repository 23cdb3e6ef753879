"""After a transactional test only the tables that hold rows are emptied (`tests/flush.py`): the
next test must find the database exactly as Django's flush leaves it.

Every check counts the rows of every table of the schema, one `count(*)` each, independently of
the table list and the query `tests/flush.py` detects filled tables with: a table it missed
fails them.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.test import TransactionTestCase
from django.test.utils import CaptureQueriesContext

from analytics.services import record_activity
from billing import services as billing_services
from investments import services as investment_services
from messaging import services as messaging_services
from staff import roles
from tests import flush
from tests.factories import UserFactory
from tests.pitches.factories import PitchFactory

pytestmark = pytest.mark.django_db(transaction=True)

APPEND_ONLY = {"audit_logs", "investment_transactions", "investment_valuations"}
_wrote_rows: list[str] = []


def _rows() -> dict[str, int]:
    """Rows of each table of the schema that holds any (`django_migrations` is never emptied)."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor, include_views=False)
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return {table: n for table, n in counts.items() if n and table != "django_migrations"}


def _post_migrate_rows() -> dict[str, Any]:
    """What post_migrate writes, by natural key (flush gives its rows new ids)."""
    return {
        "content types": set(ContentType.objects.values_list("app_label", "model")),
        "permissions": set(
            Permission.objects.values_list("content_type__app_label", "codename", "name")
        ),
        "groups": {
            group.name: {(p.content_type.app_label, p.codename) for p in group.permissions.all()}
            for group in Group.objects.prefetch_related("permissions__content_type")
        },
    }


def _as_after_a_flush() -> tuple[dict[str, int], dict[str, Any]]:
    """The database as Django's own flush leaves it."""
    call_command("flush", interactive=False, verbosity=0)
    flush.vacuum_pg_class(connection)
    return _rows(), _post_migrate_rows()


def _write_rows(capture: Any) -> dict[str, int]:
    """Rows in a dozen tables: foreign keys, an m2m to a role group, append-only ledgers."""
    creator = UserFactory(user_type="creator")
    investor = UserFactory(user_type="investor")
    pitch = PitchFactory(owner=creator, seeking_investment=True)
    with capture(execute=True):
        investment_services.record_investment(investor=investor, pitch=pitch, amount=1000)
        billing_services.grant_credits(user=investor, amount=5, reason="Goodwill", actor=None)
        messaging_services.start_conversation_with_message(
            sender=investor, recipient_ids=[creator.pk], content="Hello"
        )
    record_activity(pitch, "pitches.pitch.updated", actor=creator)
    investor.groups.add(Group.objects.get(name=roles.ROLES[0]))
    written = _rows()
    assert APPEND_ONLY | {"users", "users_groups", "pitches", "messages"} <= set(written)
    return written


def test_the_teardown_of_every_transactional_test_is_this_one():
    assert TransactionTestCase._fixture_teardown is flush._fixture_teardown  # type: ignore[attr-defined]


def test_the_tables_it_empties_are_all_those_flush_empties():
    with connection.cursor() as cursor:
        every = set(connection.introspection.table_names(cursor, include_views=False))
    assert every - set(flush._tables(connection)) == {"django_migrations"}


def test_rows_a_test_wrote_are_deleted_and_post_migrate_rows_kept(
    django_capture_on_commit_callbacks,
):
    after_a_flush = _as_after_a_flush()
    flush.empty_the_database(connection)  # flush gave post_migrate's rows new ids: written again
    assert (_rows(), _post_migrate_rows()) == after_a_flush
    content_types = set(ContentType.objects.values_list("pk", "app_label", "model"))

    _write_rows(django_capture_on_commit_callbacks)
    flush.empty_the_database(connection)

    assert (_rows(), _post_migrate_rows()) == after_a_flush
    assert set(ContentType.objects.values_list("pk", "app_label", "model")) == content_types


def test_a_changed_group_or_permission_is_written_again():
    after_a_flush = _as_after_a_flush()
    flush.empty_the_database(connection)
    Group.objects.create(name="Left behind")
    Group.objects.get(name=roles.ROLES[0]).permissions.clear()
    Permission.objects.filter(codename="view_pitch").delete()
    ContentType.objects.filter(app_label="messaging", model="message").update(model="renamed")

    flush.empty_the_database(connection)

    assert (_rows(), _post_migrate_rows()) == after_a_flush


def test_a_table_left_out_of_the_search_is_noticed(monkeypatch):
    flush.empty_the_database(connection)
    record_activity(UserFactory(), "accounts.user.updated")
    with monkeypatch.context() as patched:
        every = flush._tables(connection)
        patched.setattr(flush, "_tables", lambda c: [t for t in every if t != "audit_logs"])
        flush.empty_the_database(connection)
    assert _rows().get("audit_logs") == 1


def test_a_role_that_may_not_turn_triggers_off_gets_djangos_own_flush(monkeypatch):
    after_a_flush = _as_after_a_flush()
    case = type("Case", (TransactionTestCase,), {"databases": {"default"}, "runTest": None})()
    record_activity(UserFactory(), "accounts.user.updated")
    monkeypatch.setitem(flush._superuser, connection.alias, False)

    with CaptureQueriesContext(connection) as queries:
        flush._fixture_teardown(case)

    assert any(query["sql"].startswith("TRUNCATE") for query in queries)
    assert (_rows(), _post_migrate_rows()) == after_a_flush


def test_a_test_leaves_rows_behind(django_capture_on_commit_callbacks):
    _wrote_rows[:] = list(_write_rows(django_capture_on_commit_callbacks))


def test_the_next_test_finds_the_database_as_after_a_flush():
    if not _wrote_rows:
        pytest.skip("runs after test_a_test_leaves_rows_behind")
    found = (_rows(), _post_migrate_rows())
    assert found == _as_after_a_flush()
