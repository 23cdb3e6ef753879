"""Rollups: idempotent per period, catching up missed periods, equal to raw counts."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command

from analytics import selectors
from analytics.models import Aggregate, Event, RollupState
from analytics.services import rollups
from pitchey.errors import DomainError
from tests.analytics.conftest import METRICS, make_events

pytestmark = pytest.mark.django_db

PITCHES = [11, 12, 13, 14]
CREATOR_OF = {11: 1, 12: 1, 13: 2, 14: 3}
USERS = [101, 102, 103, 104, 105]


def _rows(period: str) -> list[tuple]:
    return sorted(
        Aggregate.objects.filter(period=period).values_list(
            "period_start", "metric_type", "entity_type", "entity_id", "value"
        )
    )


def _seed(now: datetime, count: int = 600, days: int = 40) -> None:
    make_events(
        count,
        start=now - timedelta(days=days),
        hours=days * 24,
        pitch_ids=PITCHES,
        creator_of=CREATOR_OF,
        user_ids=USERS,
    )


def test_rerunning_a_period_gives_the_same_rows(now):
    _seed(now)
    rollups.catch_up(now=now)
    before = {period: _rows(period) for period in ("hour", "day", "week", "month")}
    assert all(before.values())
    hour = datetime(2026, 2, 20, 9, tzinfo=UTC)  # its week and month are complete too
    for period in ("hour", "day", "week", "month"):
        rollups.rollup_period(period=period, start=hour)
    rollups.catch_up(now=now)
    assert {period: _rows(period) for period in before} == before


def test_hourly_rows_match_a_direct_count_per_entity(now):
    _seed(now, count=300, days=3)
    rollups.catch_up(now=now)
    hour = datetime(2026, 3, 17, 10, tzinfo=UTC)
    events = Event.objects.filter(created_at__gte=hour, created_at__lt=hour + timedelta(hours=1))
    expected = Counter()
    for event in events:
        expected[(event.event_type, "platform", 0)] += 1
        expected[(event.event_type, "pitch", event.pitch_id)] += 1
        expected[(event.event_type, "creator", event.creator_id)] += 1
        expected[(event.event_type, "user", event.user_id)] += 1
    got = {
        (m, e, i): v
        for m, e, i, v in Aggregate.objects.filter(period="hour", period_start=hour).values_list(
            "metric_type", "entity_type", "entity_id", "value"
        )
    }
    assert got == dict(expected)


def test_a_missed_period_is_caught_up_after_downtime(now):
    _seed(now, count=200, days=5)
    rollups.catch_up(now=now - timedelta(days=2))
    marks = dict(RollupState.objects.values_list("period", "completed_until"))
    assert marks["hour"] == datetime(2026, 3, 16, 14, tzinfo=UTC)
    assert marks["day"] == datetime(2026, 3, 16, tzinfo=UTC)
    # Two days of beat downtime: the next run rolls up every hour and day it missed, in order.
    result = rollups.catch_up(now=now)
    assert result.count("hour") == 48
    assert result.count("day") == 2
    marks = dict(RollupState.objects.values_list("period", "completed_until"))
    assert marks["hour"] == datetime(2026, 3, 18, 14, tzinfo=UTC)
    assert marks["day"] == datetime(2026, 3, 18, tzinfo=UTC)
    assert marks["week"] == datetime(2026, 3, 16, tzinfo=UTC)
    everything = Counter(
        Event.objects.filter(created_at__lt=marks["hour"]).values_list("event_type", flat=True)
    )
    hourly = Counter()
    for metric, value in Aggregate.objects.filter(
        period="hour", entity_type="platform"
    ).values_list("metric_type", "value"):
        hourly[metric] += value
    assert hourly == everything


def test_the_current_hour_waits_for_its_grace_period(now, settings):
    settings.ANALYTICS_ROLLUP_GRACE = 300
    _seed(now, count=50, days=1)
    rollups.catch_up(now=datetime(2026, 3, 18, 14, 3, tzinfo=UTC))
    assert RollupState.objects.get(period="hour").completed_until == datetime(
        2026, 3, 18, 13, tzinfo=UTC
    )


@pytest.mark.parametrize("rolled_until_days_ago", [None, 0, 3, 20])
def test_dashboard_figures_equal_a_direct_count_over_raw_events(now, rolled_until_days_ago):
    _seed(now, count=800, days=60)
    if rolled_until_days_ago is not None:
        rollups.catch_up(now=now - timedelta(days=rolled_until_days_ago))
    with time_machine.travel(now, tick=False):
        for since in (None, now - timedelta(days=30), now - timedelta(days=7)):
            since_day = since.replace(hour=0, minute=0, second=0, microsecond=0) if since else None
            raw = Event.objects.filter(pitch_id__in=[11, 12])
            if since_day:
                raw = raw.filter(created_at__gte=since_day)
            expected = Counter(raw.values_list("event_type", flat=True))
            per_pitch = selectors.totals(
                entity_type="pitch", entity_ids=[11, 12], metrics=METRICS, since=since_day
            )
            got = selectors.summed(per_pitch, METRICS)
            assert got == {m: expected.get(m, 0) for m in METRICS}
            creator = selectors.totals(
                entity_type="creator", entity_ids=[1], metrics=METRICS, since=since_day
            )
            assert creator[1] == got
        series = selectors.daily_series(
            entity_type="platform", metrics=["pitch_view"], days=30, until=now
        )
        assert len(series) == 30
        first = series[0]["date"]
        raw_views = Counter(
            event.created_at.date()
            for event in Event.objects.filter(
                event_type="pitch_view",
                created_at__gte=datetime(first.year, first.month, first.day, tzinfo=UTC),
            )
        )
        assert {row["date"]: row["pitch_view"] for row in series} == {
            row["date"]: raw_views.get(row["date"], 0) for row in series
        }


def test_rebuilding_refuses_periods_whose_events_are_archived(now):
    from analytics.models import ArchiveObject

    ArchiveObject.objects.create(
        table="analytics_events", day=date(2026, 1, 5), key="a/x", status="complete"
    )
    with pytest.raises(DomainError, match="archived"):
        rollups.rebuild_from(since=datetime(2026, 1, 2, tzinfo=UTC))
    rollups.rebuild_from(since=datetime(2026, 1, 6, tzinfo=UTC))


def test_the_command_rolls_up_and_its_dry_run_writes_nothing(now, capsys):
    _seed(now, count=100, days=2)
    with time_machine.travel(now, tick=False):
        call_command("rollup_analytics", "--dry-run")
        assert "would roll up" in capsys.readouterr().out
        assert not Aggregate.objects.exists()
        assert not RollupState.objects.exists()
        call_command("rollup_analytics")
    assert "rolled up" in capsys.readouterr().out
    assert Aggregate.objects.filter(period="hour").exists()
