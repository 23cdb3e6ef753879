from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from analytics.models import Event

METRICS = ["pitch_view", "pitch_like", "pitch_save", "nda_request", "nda_signed", "message_sent"]


def make_events(
    count: int,
    *,
    start: datetime,
    hours: int,
    pitch_ids: list[int],
    creator_of: dict[int, int],
    user_ids: list[int],
    seed: int = 1,
) -> list[Event]:
    """`count` events spread at random over `hours` hours from `start` (deterministic)."""
    rng = random.Random(seed)
    rows = []
    for _ in range(count):
        pitch = rng.choice(pitch_ids)
        rows.append(
            Event(
                event_type=rng.choice(METRICS),
                user_id=rng.choice(user_ids),
                pitch_id=pitch,
                creator_id=creator_of[pitch],
                created_at=start + timedelta(seconds=rng.randrange(hours * 3600)),
            )
        )
    return Event.objects.bulk_create(rows)


@pytest.fixture
def now() -> datetime:
    return datetime(2026, 3, 18, 14, 30, tzinfo=UTC)
