"""Period arithmetic in UTC: hours, days, ISO weeks (from Monday) and calendar months."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

HOUR, DAY, WEEK, MONTH = "hour", "day", "week", "month"


def floor(moment: datetime, period: str) -> datetime:
    """The start of the period containing `moment`."""
    moment = moment.astimezone(UTC)
    if period == HOUR:
        return moment.replace(minute=0, second=0, microsecond=0)
    day = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    if period == DAY:
        return day
    if period == WEEK:
        return day - timedelta(days=day.weekday())
    if period == MONTH:
        return day.replace(day=1)
    raise ValueError(f"unknown period {period!r}")


def ceil(moment: datetime, period: str) -> datetime:
    """The first period start at or after `moment`."""
    start = floor(moment, period)
    return start if start == moment.astimezone(UTC) else following(start, period)


def following(start: datetime, period: str) -> datetime:
    """The start of the period after the one starting at `start`."""
    if period == HOUR:
        return start + timedelta(hours=1)
    if period == DAY:
        return start + timedelta(days=1)
    if period == WEEK:
        return start + timedelta(days=7)
    if period == MONTH:
        return (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    raise ValueError(f"unknown period {period!r}")


def day_start(days_ago: int, *, now: datetime) -> datetime:
    """Midnight UTC `days_ago` days before today (0: today)."""
    return floor(now, DAY) - timedelta(days=days_ago)
