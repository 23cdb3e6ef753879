"""Querysets compiled once per process: the hottest reads skip Django's query building.

Building and compiling a queryset costs more CPU than PostgreSQL spends answering it when the
query is small and the queryset is not (select_related, `only()`, annotations with subqueries):
3 ms of Python against under 1 ms in the database for a pitch detail's row, 0.6 ms for the
login check every logged-in request makes. `Prepared` builds such a queryset once per process,
database and shape, keeps its SQL and the compiler's plan for turning rows into instances, and
then runs it with new argument values: the same SQL, the same instances, the same query counted
by `execute_wrapper`s (query-count tests, slow-request tracking).

The queryset is built by a function of plain values (ids, slugs). To find where each argument
lands among the SQL parameters it is built twice, with two sets of sample values; every other
parameter must be the same in both builds and the SQL identical, otherwise the build depends on
something besides its arguments (`timezone.now()`, say: pass the time as an argument) and
preparing it fails loudly instead of freezing that value.

PostgreSQL, for its part, plans each query it is sent: 0.4 to 0.6 ms for a detail's row (its
joins and grant subqueries), against 0.05 ms to run it. On a connection of its own
(`DATABASE_PREPARED_STATEMENTS`, on unless the database is reached through PgBouncer in
transaction mode, where a session's prepared statement may be on another server connection),
a plan's SQL is also prepared in PostgreSQL once per connection (`PREPARE`, with the parameter
types of the plan's values) and then run as `EXECUTE name(values)`: PostgreSQL plans it once
for its first five runs and then keeps a generic plan when that costs no more. The `PREPARE`
goes to psycopg's connection directly (bookkeeping, like Django's own session settings: no
`execute_wrapper` counts it), inside a savepoint when a transaction is open; if PostgreSQL
refuses it, that plan runs as plain SQL on that connection from then on.
"""

from __future__ import annotations

import hashlib
import re
import threading
import weakref
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar
from uuid import UUID

import psycopg
from django.db import DatabaseError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators
from psycopg import pq

M = TypeVar("M", bound=Model)


def _sample(kind: type, position: int, which: int) -> Any:
    """Sample values per argument position and build, unlikely to equal a query's constants."""
    if kind is int:
        return 1_987_654_301 + 2 * position + which
    if kind is str:
        return f"\x1fprepared-sample-{position}-{which}\x1f"
    if kind is datetime:
        return datetime(2001, 2, 3, 4, 5, 6, 1 + 2 * position + which, tzinfo=UTC)
    raise TypeError(f"arguments of type {kind.__name__} cannot be prepared")


class NotPreparable(Exception):
    """The queryset's SQL or parameters depend on something besides the build's arguments."""


# PostgreSQL's type for each kind of parameter value a plan may hold (bool before int: a bool
# is an int). A plan with any other kind of value is never prepared in PostgreSQL.
_PG_TYPES: tuple[tuple[type, str], ...] = (
    (bool, "boolean"),
    (int, "bigint"),
    (str, "text"),
    (datetime, "timestamptz"),
    (date, "date"),
    (float, "double precision"),
    (Decimal, "numeric"),
    (UUID, "uuid"),
)
_PLACEHOLDER = re.compile(r"%%|%s")
# Per psycopg connection: the statements prepared on it, and those PostgreSQL refused.
_statements: weakref.WeakKeyDictionary[Any, dict[str, bool]] = weakref.WeakKeyDictionary()


def _pg_type(value: Any) -> str | None:
    return next((name for kind, name in _PG_TYPES if isinstance(value, kind)), None)


def _server_statement(sql: str, params: Sequence[Any]) -> tuple[str, str] | None:
    """(name, PREPARE statement) for `sql`, or None when a parameter's type is not known."""
    types = [_pg_type(value) for value in params]
    if None in types:
        return None
    counter = iter(range(1, len(params) + 1))
    body = _PLACEHOLDER.sub(lambda m: "%" if m.group() == "%%" else f"${next(counter)}", sql)
    name = "pitchey_" + hashlib.blake2b(sql.encode(), digest_size=10).hexdigest()
    listed = f" ({', '.join(t for t in types if t)})" if types else ""
    return name, f"PREPARE {name}{listed} AS {body}"


def prepared_statements_enabled(connection: BaseDatabaseWrapper) -> bool:
    return bool(
        connection.vendor == "postgresql"
        and connection.settings_dict.get("PREPARED_STATEMENTS", False)
    )


def _prepared_on(connection: BaseDatabaseWrapper, name: str, statement: str) -> bool:
    """Whether `name` is prepared on the connection's current session (preparing it now if
    it was not: False when PostgreSQL refuses it, then and from then on)."""
    raw = connection.connection
    known = _statements.setdefault(raw, {})
    if name not in known:
        # Inside a transaction, or about to open one (Django's atomic() turned autocommit off and
        # the first statement begins it): a refusal must not abort it.
        in_transaction = (
            not raw.autocommit or raw.info.transaction_status != pq.TransactionStatus.IDLE
        )
        try:
            if in_transaction:
                raw.execute("SAVEPOINT pitchey_prepare")
            try:
                raw.execute(statement)
                known[name] = True
            except psycopg.Error:
                known[name] = False
                if in_transaction:
                    raw.execute("ROLLBACK TO SAVEPOINT pitchey_prepare")
            if in_transaction:
                raw.execute("RELEASE SAVEPOINT pitchey_prepare")
        except psycopg.Error:
            return False
    return known[name]


@dataclass(frozen=True)
class _Plan:
    sql: str
    params: tuple[Any, ...]  # with the first sample values in the argument slots
    slots: tuple[tuple[int, int], ...]  # (parameter index, argument index)
    converters: tuple[tuple[int, tuple[list[Any], Any]], ...]  # (column, (converters, expr))
    model: type[Model]
    init_list: tuple[str, ...]
    model_start: int
    model_end: int
    populators: tuple[Any, ...]
    annotations: tuple[tuple[str, int], ...]
    trim: int | None  # columns to keep when the SQL selects extra ones (ordering)
    server: tuple[str, str] | None  # (name, PREPARE statement), when its types are known


def _execute(cursor: Any, connection: BaseDatabaseWrapper, plan: _Plan, params: list[Any]) -> None:
    """Run `plan` with `params`: as its statement prepared in PostgreSQL where it can be."""
    if not (
        plan.server is not None
        and prepared_statements_enabled(connection)
        and _prepared_on(connection, *plan.server)
    ):
        cursor.execute(plan.sql, params)
        return
    name = plan.server[0]
    try:
        marks = f"({', '.join(['%s'] * len(params))})" if params else ""
        cursor.execute(f"EXECUTE {name}{marks}", params)
    except DatabaseError as exc:
        if isinstance(exc.__cause__, psycopg.errors.InvalidSqlStatementName):
            _statements.pop(connection.connection, None)  # gone (DISCARD ALL): prepare again
        raise


class Prepared(Generic[M]):
    """`build(*args)` -> a model queryset, run as compiled SQL after its first use.

    `shape` tells apart builds whose SQL differs for reasons other than argument values (an
    anonymous viewer against a logged-in one, an id against a slug); each shape is prepared once.
    """

    def __init__(self, build: Callable[..., QuerySet[M]], *, arg_types: Sequence[type]) -> None:
        self._build = build
        self._arg_types = tuple(arg_types)
        self._plans: dict[tuple[str, Hashable], _Plan] = {}
        self._lock = threading.Lock()

    def rows(self, *args: Any, shape: Hashable = None, using: str = "default") -> list[M]:
        plan = self._plan(shape, using)
        params = list(plan.params)
        for param_index, arg_index in plan.slots:
            params[param_index] = args[arg_index]
        connection = connections[using]
        with connection.cursor() as cursor:
            _execute(cursor, connection, plan, params)
            rows = cursor.fetchall()
        found: list[M] = []
        for fetched in rows:
            row = list(fetched if plan.trim is None else fetched[: plan.trim])
            for position, (converters, expression) in plan.converters:
                value = row[position]
                for converter in converters:
                    value = converter(value, expression, connection)
                row[position] = value
            obj = plan.model.from_db(using, plan.init_list, row[plan.model_start : plan.model_end])
            for populator in plan.populators:
                populator.populate(row, obj)
            for name, position in plan.annotations:
                setattr(obj, name, row[position])
            found.append(obj)  # type: ignore[arg-type]
        return found

    def first(self, *args: Any, shape: Hashable = None, using: str = "default") -> M | None:
        """The first row, for a build that limits itself to one (`[:1]`)."""
        found = self.rows(*args, shape=shape, using=using)
        return found[0] if found else None

    def _plan(self, shape: Hashable, using: str) -> _Plan:
        key = (using, shape)
        plan = self._plans.get(key)
        if plan is None:
            with self._lock:
                plan = self._plans.get(key) or self._prepare(shape, using)
                self._plans[key] = plan
        return plan

    def _compiled(self, args: Sequence[Any], shape: Hashable, using: str) -> tuple[Any, str, list]:
        queryset = self._build(*args, shape=shape) if shape is not None else self._build(*args)
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        return compiler, sql, list(params)

    def _prepare(self, shape: Hashable, using: str) -> _Plan:
        first = [_sample(kind, i, 0) for i, kind in enumerate(self._arg_types)]
        second = [_sample(kind, i, 1) for i, kind in enumerate(self._arg_types)]
        compiler, sql, params = self._compiled(first, shape, using)
        _, other_sql, other_params = self._compiled(second, shape, using)
        if sql != other_sql or len(params) != len(other_params):
            raise NotPreparable("the SQL changes with the argument values")
        slots = []
        a: Any
        b: Any
        for index, (a, b) in enumerate(zip(params, other_params, strict=True)):
            if a == b:
                continue
            if a in first and b in second and first.index(a) == second.index(b):
                slots.append((index, first.index(a)))
            else:
                raise NotPreparable(f"parameter {index} ({a!r}) is not one of the arguments")
        if compiler.query.combinator or compiler.klass_info is None:
            raise NotPreparable("only plain model querysets can be prepared")
        select, klass_info = compiler.select, compiler.klass_info
        columns = [column[0] for column in select[: compiler.col_count]]
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        return _Plan(
            sql=sql,
            params=tuple(params),
            slots=tuple(slots),
            converters=tuple(compiler.get_converters(columns).items()),
            model=klass_info["model"],
            init_list=tuple(column[0].target.attname for column in select[start:end]),
            model_start=start,
            model_end=end,
            # Django 5.2's signature (the stubs know a later one).
            populators=tuple(get_related_populators(klass_info, select, using)),  # type: ignore[call-arg]
            annotations=tuple((compiler.annotation_col_map or {}).items()),
            trim=compiler.col_count if compiler.has_extra_select else None,
            server=_server_statement(sql, params),
        )
