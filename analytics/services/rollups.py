"""Hourly, daily, weekly and monthly rollups of the events, idempotent and catching up.

Hours are counted from raw events; days from hours; weeks and months from days, so a period
can be recomputed after its raw events were archived. Re-running a period replaces its rows in
one transaction; `RollupState.completed_until` marks how far each period kind is done, so a
run after downtime rolls up every missed period in order.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from analytics import periods
from analytics.models import Aggregate, ArchiveObject, Event, Period, RollupState
from pitchey.errors import DomainError

logger = logging.getLogger(__name__)

WATERMARK_CACHE_KEY = "analytics:watermarks"

_FROM_EVENTS = """
INSERT INTO analytics_aggregates
    (period, period_start, period_end, metric_type, entity_type, entity_id, value, created_at)
SELECT 'hour', %(start)s, %(end)s, event_type,
    CASE WHEN GROUPING(pitch_id) = 0 THEN 'pitch'
         WHEN GROUPING(creator_id) = 0 THEN 'creator'
         WHEN GROUPING(company_id) = 0 THEN 'company'
         WHEN GROUPING(user_id) = 0 THEN 'user'
         ELSE 'platform' END,
    COALESCE(pitch_id, creator_id, company_id, user_id, 0),
    COUNT(*), NOW()
FROM analytics_events
WHERE created_at >= %(start)s AND created_at < %(end)s
GROUP BY GROUPING SETS (
    (event_type), (event_type, pitch_id), (event_type, creator_id),
    (event_type, company_id), (event_type, user_id))
HAVING NOT (GROUPING(pitch_id) = 0 AND pitch_id IS NULL)
   AND NOT (GROUPING(creator_id) = 0 AND creator_id IS NULL)
   AND NOT (GROUPING(company_id) = 0 AND company_id IS NULL)
   AND NOT (GROUPING(user_id) = 0 AND user_id IS NULL)
"""

_FROM_FINER = """
INSERT INTO analytics_aggregates
    (period, period_start, period_end, metric_type, entity_type, entity_id, value, created_at)
SELECT %(period)s, %(start)s, %(end)s, metric_type, entity_type, entity_id, SUM(value), NOW()
FROM analytics_aggregates
WHERE period = %(source)s AND period_start >= %(start)s AND period_start < %(end)s
GROUP BY metric_type, entity_type, entity_id
"""

# Which finer rollup each period is summed from, and whose progress bounds it.
SOURCE: dict[str, str] = {
    Period.DAY: Period.HOUR,
    Period.WEEK: Period.DAY,
    Period.MONTH: Period.DAY,
}
ORDER = [Period.HOUR, Period.DAY, Period.WEEK, Period.MONTH]


def rollup_period(*, period: str, start: datetime) -> int:
    """Recompute one period from scratch (delete then insert, one transaction); returns rows.

    The caller holds the period's `RollupState` lock, or accepts a concurrent run's result.
    """
    start = periods.floor(start, period)
    end = periods.following(start, period)
    with transaction.atomic():
        Aggregate.objects.filter(period=period, period_start=start).delete()
        with connection.cursor() as cursor:
            if period == Period.HOUR:
                cursor.execute(_FROM_EVENTS, {"start": start, "end": end})
            else:
                cursor.execute(
                    _FROM_FINER,
                    {"period": period, "source": SOURCE[period], "start": start, "end": end},
                )
            return cursor.rowcount


@dataclass
class CatchUpResult:
    periods: dict[str, list[datetime]] = field(default_factory=dict)
    rows: int = 0
    pruned: int = 0

    def count(self, period: str) -> int:
        return len(self.periods.get(period, []))


def _limit(period: str, now: datetime, done: dict[str, datetime | None]) -> datetime | None:
    """The end of the last period of this kind that may be rolled up now."""
    if period == Period.HOUR:
        # Events are stamped before their transaction commits: wait for stragglers.
        return periods.floor(now - timedelta(seconds=settings.ANALYTICS_ROLLUP_GRACE), Period.HOUR)
    finer = done.get(SOURCE[period])
    return periods.floor(finer, period) if finer else None


def _first_start(period: str, limit: datetime) -> datetime:
    earliest = Event.objects.order_by("created_at").values_list("created_at", flat=True).first()
    horizon = limit - timedelta(days=settings.ANALYTICS_CATCH_UP_DAYS)
    if earliest is None:
        return limit
    return periods.floor(max(earliest, horizon), period)


def pending_periods(
    *, period: str, now: datetime, done: dict[str, datetime | None]
) -> list[datetime]:
    """Starts of the periods of this kind that are complete but not rolled up yet."""
    limit = _limit(period, now, done)
    if limit is None:
        return []
    start = done.get(period) or _first_start(period, limit)
    starts = []
    while periods.following(start, period) <= limit:
        starts.append(start)
        start = periods.following(start, period)
    return starts


def catch_up(*, now: datetime | None = None, dry_run: bool = False) -> CatchUpResult:
    """Roll up every complete period not rolled up yet, hours first, each kind in order."""
    now = now or timezone.now()
    result = CatchUpResult()
    done = dict(RollupState.objects.values_list("period", "completed_until"))
    for period in ORDER:
        if dry_run:
            result.periods[period] = pending_periods(period=period, now=now, done=done)
            if result.periods[period]:
                done[period] = periods.following(result.periods[period][-1], period)
            continue
        with transaction.atomic():
            state, _ = RollupState.objects.get_or_create(period=period)
            state = RollupState.objects.select_for_update().get(pk=state.pk)
            done[period] = state.completed_until
            starts = pending_periods(period=period, now=now, done=done)
            for start in starts:
                result.rows += rollup_period(period=period, start=start)
            end = periods.following(starts[-1], period) if starts else None
            if end is not None or state.completed_until is None:
                state.completed_until = end or _limit(period, now, done)
                state.save(update_fields=["completed_until", "updated_at"])
            done[period] = state.completed_until
        result.periods[period] = starts
    if not dry_run:
        result.pruned = prune_hours(now=now, day_mark=done.get(Period.DAY))
        transaction.on_commit(lambda: cache.delete(WATERMARK_CACHE_KEY))
    return result


def prune_hours(*, now: datetime, day_mark: datetime | None) -> int:
    """Drop hourly rows older than their retention once their days are rolled up: days, weeks
    and months keep the history, and hours can be recounted from raw events while those last."""
    if day_mark is None:
        return 0
    horizon = now - timedelta(days=settings.ANALYTICS_HOURLY_RETENTION_DAYS)
    cutoff = min(periods.floor(horizon, Period.DAY), day_mark)
    deleted, _ = Aggregate.objects.filter(period=Period.HOUR, period_start__lt=cutoff).delete()
    return deleted


def archived_until() -> datetime | None:
    """Raw events before this moment may be in the bucket: hours before it are never recounted."""
    day = (
        ArchiveObject.objects.filter(table=Event._meta.db_table)
        .exclude(status=ArchiveObject.Status.RESTORED)
        .order_by("-day")
        .values_list("day", flat=True)
        .first()
    )
    if day is None:
        return None
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=UTC)


def rebuild_from(*, since: datetime) -> None:
    """Mark every period from `since` on as not rolled up, so the next catch-up recounts them.

    Refused before the archive horizon, whose hours can no longer be counted from raw events.
    """
    horizon = archived_until()
    if horizon is not None and since < horizon:
        raise DomainError(
            f"Events before {horizon:%Y-%m-%d} are archived; rebuild from that day or later."
        )
    with transaction.atomic():
        for period in ORDER:
            state, _ = RollupState.objects.get_or_create(period=period)
            state = RollupState.objects.select_for_update().get(pk=state.pk)
            start = periods.floor(since, period)
            if state.completed_until is None or state.completed_until > start:
                state.completed_until = start
                state.save(update_fields=["completed_until", "updated_at"])
    transaction.on_commit(lambda: cache.delete(WATERMARK_CACHE_KEY))


def watermarks() -> dict[str, datetime | None]:
    """How far each period kind is rolled up (cached briefly: a stale answer is still correct,
    since the finer rows and raw events it falls back on are kept longer than the cache)."""
    cached = cache.get(WATERMARK_CACHE_KEY)
    if cached is not None:
        return dict(cached)
    marks: dict[str, datetime | None] = dict.fromkeys(ORDER)
    marks.update(RollupState.objects.values_list("period", "completed_until"))
    cache.set(WATERMARK_CACHE_KEY, marks, timeout=60)
    return marks
