"""Demo analytics: two months of past activity on the demo pitches, rolled up, so the demo
dashboards have history to chart. Created once (the events carry `{"demo": true}`)."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from analytics.models import CATEGORIES, Event
from analytics.services import rollups

if TYPE_CHECKING:
    from pitchey.seeding import DemoData

DAYS = 60
WEIGHTS = {
    "pitch_view": 60,
    "pitch_like": 12,
    "pitch_save": 8,
    "nda_request": 4,
    "nda_signed": 2,
    "message_sent": 6,
    "search": 8,
}


def seed(demo: DemoData) -> None:
    """Past events on the demo pitches by the demo backers, then the rollups of them."""
    demo.counts["analytics_events"] = create_history(demo.pitches, demo.users)


def create_history(pitches: list[Any], users: list[Any], *, per_day: int = 40) -> int:
    if not pitches or Event.objects.filter(event_data__demo=True).exists():
        return 0
    rng = random.Random(15)  # noqa: S311 - demo data, not secrets
    backers = [
        u.pk for u in users if getattr(u, "user_type", "") in {"investor", "production", "viewer"}
    ]
    backers = backers or [u.pk for u in users]
    kinds = list(WEIGHTS)
    weights = list(WEIGHTS.values())
    now = timezone.now()
    rows = []
    for day in range(DAYS, 0, -1):
        # Interest grows toward today, so the charts have a shape.
        for _ in range(int(per_day * (0.5 + (DAYS - day) / DAYS))):
            pitch = rng.choice(pitches)
            kind = rng.choices(kinds, weights)[0]
            rows.append(
                Event(
                    event_type=kind,
                    event_category=CATEGORIES[kind],
                    user_id=rng.choice(backers),
                    pitch_id=None if kind == "search" else pitch.pk,
                    creator_id=None if kind == "search" else pitch.owner_id,
                    event_data={"demo": True},
                    created_at=now - timedelta(days=day, seconds=rng.randrange(86400)),
                )
            )
    Event.objects.bulk_create(rows, batch_size=1000)
    rollups.catch_up(now=now)
    return len(rows)
