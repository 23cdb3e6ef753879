"""Emptying the database after a transactional test: only the tables that hold rows.

Django's `TransactionTestCase` (behind pytest-django's `transactional_db`, `live_server`,
`django_db(transaction=True)` and the Channels tests) empties the database after each test with
the `flush` command: one TRUNCATE of every table, then the `post_migrate` signal, which writes
the content types, permissions and staff role groups again. With 108 tables and 484 indexes
that is about 0.4 s of TRUNCATE (a new file for every table, index and TOAST table, whatever
they hold) and 0.15 s of `post_migrate`, per test. A test writes to a dozen tables at most, so
`empty_the_database` instead:

1. finds, in one query, the tables that hold rows, and fingerprints (md5 of every row) the
   tables that `post_migrate` filled after the previous flush;
2. deletes the rows of the tables that hold any, in one transaction with
   `session_replication_role = replica`, which turns off the foreign-key checks (a subset of
   tables cannot be truncated while another table references them, even an empty one) and the
   append-only triggers of the audit and ledger tables (TRUNCATE bypasses them too);
3. leaves the tables `post_migrate` filled alone while their rows are exactly what it wrote;
   otherwise (the test changed a group or a permission, or this is the first flush of the run,
   after migrations and data migrations) empties them too and emits `post_migrate`, as flush
   does;
4. vacuums the tables it emptied: this machine's PostgreSQL runs without autovacuum, and the
   dead rows of a DELETE would otherwise pile up test after test.

The next test sees what it would see after Django's flush: empty tables but for the rows
`post_migrate` writes, sequences not reset. Turning the triggers off needs a superuser (the
`postgres` role in CI, the embedded server's on a laptop); for any other role, and for the test
cases whose flush Django shapes itself (`available_apps`, `serialized_rollback`), Django's own
flush runs, followed by a vacuum of `pg_class`: the TRUNCATE writes a new `pg_class` row for each
table, index and TOAST table, and without autovacuum the dead ones slowed each teardown down
(tests/messaging: 0.56 s a teardown on one run, 0.79 s on the next, 1.01 s on the third).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from importlib import import_module

from django.apps import apps
from django.core.management.sql import emit_post_migrate_signal
from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import TransactionTestCase

# Per database alias: the md5 of each table that post_migrate filled on the last full flush.
_post_migrate_rows: dict[str, dict[str, str]] = {}
_superuser: dict[str, bool] = {}
ROWS_MD5 = "md5(string_agg(t::text, ',' ORDER BY t::text))"


def _tables(connection: BaseDatabaseWrapper) -> list[str]:
    """The tables Django's flush truncates."""
    return sorted(
        connection.introspection.django_table_names(only_existing=True, include_views=False)
    )


def _rows_by_table(
    connection: BaseDatabaseWrapper, tables: list[str], fingerprinted: set[str] | frozenset[str]
) -> dict[str, str | None]:
    """The tables that hold rows, in one query: each with the md5 of its rows if it is in
    `fingerprinted`, else None. Only quoted table names are interpolated."""
    parts = []
    for index, table in enumerate(tables):
        name = connection.ops.quote_name(table)
        if table in fingerprinted:
            parts.append(f"SELECT {index}, (SELECT {ROWS_MD5} FROM {name} AS t)")  # noqa: S608
        else:
            parts.append(f"SELECT {index}, NULL WHERE EXISTS (SELECT 1 FROM {name})")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        found = cursor.fetchall()
    return {
        tables[index]: md5
        for index, md5 in found
        if md5 is not None or tables[index] not in fingerprinted
    }


def _delete_rows(connection: BaseDatabaseWrapper, tables: list[str]) -> None:
    """Delete every row of `tables`, foreign keys and triggers off, then vacuum them."""
    if not tables:
        return
    quoted = [connection.ops.quote_name(table) for table in tables]
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        for name in quoted:
            cursor.execute(f"DELETE FROM {name}")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM {', '.join(quoted)}")


def _emit_post_migrate(connection: BaseDatabaseWrapper, tables: list[str]) -> None:
    """What flush does after its TRUNCATE; then remember what post_migrate wrote."""
    for app_config in apps.get_app_configs():  # as flush does: registers their receivers
        with contextlib.suppress(ImportError):
            import_module(".management", app_config.name)
    emit_post_migrate_signal(0, False, connection.alias)
    filled = _rows_by_table(connection, tables, frozenset(tables))
    _post_migrate_rows[connection.alias] = {table: md5 or "" for table, md5 in filled.items()}


def is_superuser(connection: BaseDatabaseWrapper) -> bool:
    if connection.alias not in _superuser:
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('is_superuser') = 'on'")
            _superuser[connection.alias] = bool(cursor.fetchone()[0])
    return _superuser[connection.alias]


def empty_the_database(connection: BaseDatabaseWrapper) -> None:
    """Leave the database as Django's flush would (tables empty but for what post_migrate
    writes), deleting only from the tables that hold rows. Needs a superuser connection."""
    tables = _tables(connection)
    remembered = _post_migrate_rows.get(connection.alias)
    filled = _rows_by_table(connection, tables, frozenset(remembered or ()))
    if remembered is not None and all(filled.get(t) == md5 for t, md5 in remembered.items()):
        _delete_rows(connection, sorted(set(filled) - set(remembered)))
        return
    _delete_rows(connection, sorted(filled))
    _emit_post_migrate(connection, tables)


def _fixture_teardown(self: TransactionTestCase) -> None:
    """TransactionTestCase's teardown: `empty_the_database` where it applies, else flush."""
    aliases = self._databases_names(include_mirrors=False)  # type: ignore[attr-defined]
    if (
        self.available_apps is None
        and not self.serialized_rollback
        and all(
            connections[alias].vendor == "postgresql" and is_superuser(connections[alias])
            for alias in aliases
        )
    ):
        for alias in aliases:
            empty_the_database(connections[alias])
        return
    _django_fixture_teardown(self)
    for alias in aliases:
        if connections[alias].vendor == "postgresql":
            vacuum_pg_class(connections[alias])


def vacuum_pg_class(connection: BaseDatabaseWrapper) -> None:
    """After a TRUNCATE, its dead `pg_class` rows go (indexes included: a plain VACUUM skips
    them when few pages have dead rows): without autovacuum they would slow every later one."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (INDEX_CLEANUP ON) pg_catalog.pg_class")


_django_fixture_teardown: Callable[[TransactionTestCase], None] = (
    TransactionTestCase._fixture_teardown  # type: ignore[attr-defined]
)


def install() -> None:
    """Empty the database this way after every transactional test of the run."""
    TransactionTestCase._fixture_teardown = _fixture_teardown  # type: ignore[attr-defined]
