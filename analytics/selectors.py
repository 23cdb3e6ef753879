"""Readers of the analytics, for any app's dashboards: callers pass entity kinds and ids.

Every figure is read from the rollups plus the raw events of the period not rolled up yet,
in one query whatever the number of entities or events: whole months where they are rolled up,
then days, then hours, then raw events from the hourly watermark to `until`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection
from django.utils import timezone

from analytics import periods
from analytics.models import EntityType, Event
from analytics.services.rollups import watermarks

ENTITY_COLUMN = {
    EntityType.PITCH: "pitch_id",
    EntityType.CREATOR: "creator_id",
    EntityType.COMPANY: "company_id",
    EntityType.USER: "user_id",
}
_FAR_PAST = datetime(2000, 1, 1, tzinfo=periods.UTC)


@dataclass(frozen=True)
class Plan:
    """Which rows cover [since, until): months [ms, me), days [d0, d1) outside the months,
    hours [d1, h1), raw events [h1, until)."""

    since: datetime
    until: datetime
    ms: datetime
    me: datetime
    d0: datetime
    d1: datetime
    h1: datetime


def plan(since: datetime | None, until: datetime, *, use_months: bool = True) -> Plan:
    marks = watermarks()
    d0 = periods.floor(since, periods.DAY) if since else _FAR_PAST
    day_mark, hour_mark, month_mark = marks.get("day"), marks.get("hour"), marks.get("month")
    d1 = max(d0, min(periods.floor(until, periods.DAY), day_mark or d0))
    ms = periods.ceil(d0, periods.MONTH)
    me = min(periods.floor(d1, periods.MONTH), month_mark or ms) if use_months else ms
    me = max(me, ms)
    h1 = max(d1, min(periods.floor(until, periods.HOUR), hour_mark or d1))
    return Plan(since=d0, until=until, ms=ms, me=me, d0=d0, d1=d1, h1=min(h1, until))


def _entity_filters(entity_type: str, entity_ids: Sequence[int] | None) -> tuple[str, str, list]:
    if entity_type == EntityType.PLATFORM:
        return "entity_id = 0", "0", []
    column = ENTITY_COLUMN[EntityType(entity_type)]
    return "entity_id = ANY(%s::bigint[])", column, [list(entity_ids or [])]


def _rows(
    *,
    entity_type: str,
    entity_ids: Sequence[int] | None,
    metrics: Sequence[str],
    since: datetime | None,
    until: datetime,
    bucket_by_day: bool,
    per_entity: bool = True,
) -> list[tuple[str, int, date | None, int]]:
    """(metric, entity id, day or None, count) rows in one SQL statement; without `per_entity`
    the ids are summed (entity id 0).

    Each period is its own branch of a UNION ALL, so each is one range scan of the
    (entity_type, entity_id, period, period_start) index; empty ranges are left out."""
    p = plan(since, until, use_months=not bucket_by_day)
    agg_filter, event_column, id_params = _entity_filters(entity_type, entity_ids)
    agg_bucket = "(period_start AT TIME ZONE 'UTC')::date" if bucket_by_day else "NULL::date"
    raw_bucket = "(created_at AT TIME ZONE 'UTC')::date" if bucket_by_day else "NULL::date"
    raw_filter = "TRUE" if event_column == "0" else f"{event_column} = ANY(%s::bigint[])"
    agg_entity = "entity_id" if per_entity else "0::bigint"
    raw_entity = event_column if per_entity else "0::bigint"
    branches: list[str] = []
    params: list[Any] = []
    # Days outside the whole months (before them and after them), then hours.
    ranges = [
        ("month", p.ms, p.me),
        ("day", p.d0, min(p.d1, p.ms) if p.ms < p.me else p.d1),
        ("day", max(p.d0, p.me) if p.ms < p.me else p.d1, p.d1),
        ("hour", p.d1, p.h1),
    ]
    for period, first, last in ranges:
        if first >= last:
            continue
        branches.append(
            f"""SELECT metric_type, {agg_entity}, {agg_bucket}, SUM(value)::bigint
            FROM analytics_aggregates
            WHERE entity_type = %s AND {agg_filter} AND period = %s
                AND period_start >= %s AND period_start < %s AND metric_type = ANY(%s)
            GROUP BY 1, 2, 3"""  # noqa: S608 - only fixed column names are interpolated
        )
        params += [entity_type, *id_params, period, first, last]
        params.append(list(metrics))
    branches.append(
        f"""SELECT event_type, {raw_entity}, {raw_bucket}, COUNT(*)
        FROM analytics_events
        WHERE created_at >= %s AND created_at < %s AND {raw_filter} AND event_type = ANY(%s)
        GROUP BY 1, 2, 3"""  # noqa: S608 - only fixed column names are interpolated
    )
    params += [p.h1, p.until, *id_params, list(metrics)]
    sql = "\nUNION ALL\n".join(branches)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def totals(
    *,
    entity_type: str,
    entity_ids: Sequence[int] | None = None,
    metrics: Sequence[str],
    since: datetime | None = None,
    until: datetime | None = None,
) -> dict[int, dict[str, int]]:
    """{entity id: {metric: count}} over [since (day-aligned; None: all time), until (now)).
    Every requested id and metric is present (0 when nothing happened)."""
    ids = [0] if entity_type == EntityType.PLATFORM else list(entity_ids or [])
    result = {entity_id: dict.fromkeys(metrics, 0) for entity_id in ids}
    if not ids:
        return result
    for metric, entity_id, _, count in _rows(
        entity_type=entity_type,
        entity_ids=ids,
        metrics=metrics,
        since=since,
        until=until or timezone.now(),
        bucket_by_day=False,
    ):
        result.setdefault(entity_id, dict.fromkeys(metrics, 0))[metric] += int(count)
    return result


def summed(per_entity: dict[int, dict[str, int]], metrics: Sequence[str]) -> dict[str, int]:
    """Totals of `totals(...)` over all its entities."""
    return {metric: sum(row.get(metric, 0) for row in per_entity.values()) for metric in metrics}


def daily_series(
    *,
    entity_type: str,
    entity_ids: Sequence[int] | None = None,
    metrics: Sequence[str],
    days: int,
    until: datetime | None = None,
) -> list[dict[str, Any]]:
    """One row per day of the last `days` days (today included, partial), summed over the ids:
    `[{"date": date, metric: count, ...}, ...]`, oldest first, zero-filled."""
    until = until or timezone.now()
    since = periods.day_start(days - 1, now=until)
    ids = None if entity_type == EntityType.PLATFORM else list(entity_ids or [])
    series: dict[date, dict[str, int]] = {
        (since + timedelta(days=n)).date(): dict.fromkeys(metrics, 0) for n in range(days)
    }
    if ids == []:
        return [{"date": day, **values} for day, values in series.items()]
    counts: dict[tuple[date | None, str], int] = defaultdict(int)
    for metric, _, bucket, count in _rows(
        entity_type=entity_type,
        entity_ids=ids,
        metrics=metrics,
        since=since,
        until=until,
        bucket_by_day=True,
        per_entity=False,
    ):
        counts[(bucket, metric)] += int(count)
    for (bucket, metric), count in counts.items():
        if bucket in series:
            series[bucket][metric] = count
    return [{"date": day, **values} for day, values in series.items()]


def recent_events(
    *,
    pitch_ids: Sequence[int] | None = None,
    creator_id: int | None = None,
    user_ids: Sequence[int] | None = None,
    types: Sequence[str] | None = None,
    since: datetime | None = None,
    limit: int = 20,
    offset: int = 0,
) -> tuple[list[Event], int]:
    """The newest events matching any of the given subjects (a page and the total count).
    Raw events only: feeds show the retention window, never the archive."""
    from django.db.models import Q

    subject = Q(pk__in=[])
    if pitch_ids:
        subject |= Q(pitch_id__in=list(pitch_ids))
    if creator_id is not None:
        subject |= Q(creator_id=creator_id)
    if user_ids:
        subject |= Q(user_id__in=list(user_ids))
    qs = Event.objects.filter(subject)
    if types:
        qs = qs.filter(event_type__in=list(types))
    if since is not None:
        qs = qs.filter(created_at__gte=since)
    total = qs.count()
    page = list(qs.order_by("-created_at", "-id")[offset : offset + limit]) if total else []
    return page, total


def viewers(*, pitch_ids: Sequence[int], since: datetime, limit: int = 10) -> list[dict[str, Any]]:
    """Who viewed these pitches lately: user id, pitch id, last view, views; newest first."""
    from django.db.models import Count, Max

    rows = (
        Event.objects.filter(
            event_type="pitch_view",
            pitch_id__in=list(pitch_ids),
            created_at__gte=since,
            user_id__isnull=False,
        )
        .values("user_id", "pitch_id")
        .annotate(last_viewed=Max("created_at"), views=Count("id"))
        .order_by("-last_viewed")[:limit]
    )
    return [dict(row) for row in rows]


def top_entities(
    *, entity_type: str, metric: str, since: datetime, limit: int
) -> list[tuple[int, int]]:
    """The entities with the most `metric` events since `since` (day rows plus today's hours
    and raw events), as (entity id, count), most first."""
    p = plan(since, timezone.now(), use_months=False)
    column = ENTITY_COLUMN[EntityType(entity_type)]
    sql = f"""
        SELECT entity_id, SUM(n)::bigint AS total FROM (
            SELECT entity_id, SUM(value) AS n FROM analytics_aggregates
            WHERE entity_type = %s AND metric_type = %s AND (
                (period = 'day' AND period_start >= %s AND period_start < %s)
                OR (period = 'hour' AND period_start >= %s AND period_start < %s))
            GROUP BY entity_id
            UNION ALL
            SELECT {column}, COUNT(*) FROM analytics_events
            WHERE created_at >= %s AND created_at < %s AND event_type = %s
                AND {column} IS NOT NULL
            GROUP BY {column}
        ) AS counted
        GROUP BY entity_id ORDER BY total DESC, entity_id LIMIT %s
    """  # noqa: S608 - only a fixed column name is interpolated
    params: list[Any] = [entity_type, metric, p.d0, p.d1, p.d1, p.h1, p.h1, p.until, metric, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(int(entity_id), int(total)) for entity_id, total in cursor.fetchall()]


def feed_events(
    *, own_id: int, followed_ids: Sequence[int], public_types: Sequence[str], limit: int
) -> tuple[list[Event], int]:
    """A user's own events, events on their pitches, and the public events of people they
    follow: the newest `limit` and how many there are."""
    from django.db.models import Q

    subject = Q(user_id=own_id) | Q(creator_id=own_id)
    if followed_ids:
        subject |= Q(user_id__in=list(followed_ids), event_type__in=list(public_types))
    qs = Event.objects.filter(subject).exclude(
        event_type__in=["login", "login_failed", "session_start", "session_end", "message_read"]
    )
    total = qs.count()
    return (list(qs.order_by("-created_at", "-id")[:limit]) if total else []), total


def slow_requests(*, days: int, limit: int) -> dict[str, Any]:
    """The slowest routes and queries of the last `days` days (for the staff dashboard)."""
    from django.db.models import Avg, Count, Max

    from analytics.models import SlowRequest

    since = timezone.now() - timedelta(days=days)
    recent = SlowRequest.objects.filter(created_at__gte=since)
    routes: list[dict[str, Any]] = [
        dict(row)
        for row in recent.filter(kind=SlowRequest.Kind.REQUEST)
        .values("method", "route")
        .annotate(count=Count("id"), avg_ms=Avg("duration_ms"), max_ms=Max("duration_ms"))
        .order_by("-max_ms")[:limit]
    ]
    queries: list[dict[str, Any]] = [
        dict(row)
        for row in recent.filter(kind=SlowRequest.Kind.QUERY)
        .order_by("-duration_ms")
        .values("route", "duration_ms", "sql", "created_at")[:limit]
    ]
    for row in routes:
        row["avg_ms"] = round(row["avg_ms"] or 0, 1)
    for row in queries:
        row["sql"] = str(row["sql"])[:500]
    return {"routes": routes, "queries": queries}


REALTIME_TYPES = (
    "pitch_view",
    "pitch_like",
    "pitch_save",
    "nda_request",
    "nda_signed",
    "message_sent",
    "search",
    "login",
    "registration",
)


def realtime_stats(user_id: int) -> dict[str, Any]:
    """Live counters in one query: the platform's last hour, and the last 24 hours of what
    happened to this user's pitches and what they did."""
    now = timezone.now()
    hour, day = now - timedelta(hours=1), now - timedelta(hours=24)
    active = now - timedelta(minutes=15)
    columns = []
    params: list[Any] = []
    for event_type in REALTIME_TYPES:
        columns.append("COUNT(*) FILTER (WHERE event_type = %s AND created_at >= %s)")
        params += [event_type, hour]
    for event_type in REALTIME_TYPES:
        columns.append("COUNT(*) FILTER (WHERE event_type = %s AND creator_id = %s)")
        params += [event_type, user_id]
    for event_type in REALTIME_TYPES:
        columns.append("COUNT(*) FILTER (WHERE event_type = %s AND user_id = %s)")
        params += [event_type, user_id]
    columns.append("COUNT(DISTINCT user_id) FILTER (WHERE created_at >= %s)")
    params.append(active)
    sql = (
        f"SELECT {', '.join(columns)} FROM analytics_events "  # noqa: S608 - fixed SQL
        "WHERE created_at >= %s AND (created_at >= %s OR creator_id = %s OR user_id = %s)"
    )
    params += [day, hour, user_id, user_id]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    n = len(REALTIME_TYPES)
    return {
        "platform": dict(zip(REALTIME_TYPES, row[:n], strict=True)),
        "mine": dict(zip(REALTIME_TYPES, row[n : 2 * n], strict=True)),
        "my_actions": dict(zip(REALTIME_TYPES, row[2 * n : 3 * n], strict=True)),
        "active_users": row[3 * n],
        "window": {"platform_minutes": 60, "mine_hours": 24},
    }
