"""Creator dashboard over 1,000,000 events: read from aggregates vs computed from raw events.

Seeds a dedicated database (BENCH_DATABASE_URL, default: DATABASE_URL's server with the database
`pitchey_bench_analytics`) once with 500 pitches (50 of them the measured creator's) and
BENCH_EVENTS events (default 1,000,000) spread over 90 days, rolls them up (timed), then times,
in the same run, the creator dashboard's figures (all-time totals per pitch and a 90-day daily
series) both ways and prints the medians and their ratio. Both ways must give equal figures.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
EVENTS = int(os.environ.get("BENCH_EVENTS", "1000000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "15"))
PITCHES, MINE = 500, 50
TYPES = ["pitch_view"] * 6 + [
    "pitch_like",
    "pitch_save",
    "nda_request",
    "nda_signed",
    "message_sent",
]


def setup() -> None:
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pitchey")
    url = os.environ.get("BENCH_DATABASE_URL") or urlunparse(
        urlparse(base)._replace(path="/pitchey_bench_analytics")
    )
    import psycopg
    from cryptography.fernet import Fernet

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    with psycopg.connect(urlunparse(parsed._replace(path="/postgres")), autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{name}"')
    os.environ.update(
        DATABASE_URL=url,
        DEBUG="false",
        SECRET_KEY="bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",  # noqa: S106
        JWT_SIGNING_KEY="bench-only-jwt-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        FIELD_ENCRYPTION_KEY=Fernet.generate_key().decode(),
        SECURE_HTTPS="false",
        LOG_LEVEL="WARNING",
        CACHE_KEY_PREFIX=f"pitchey-bench-analytics-{os.getpid()}",
        DJANGO_SETTINGS_MODULE="pitchey.settings",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def seed() -> tuple[object, float | None]:
    from django.core.management import call_command
    from django.db import connection

    from accounts.models import User
    from analytics.models import Event
    from analytics.services import rollups
    from pitches.models import Pitch

    call_command("migrate", verbosity=0)
    creator, _ = User.objects.get_or_create(
        email="bench.creator@example.com",
        defaults={"username": "benchcreator", "user_type": "creator", "email_verified": True},
    )
    others = [
        User.objects.get_or_create(
            email=f"bench.other{n}@example.com",
            defaults={"username": f"benchother{n}", "user_type": "creator"},
        )[0]
        for n in range(9)
    ]
    have = Pitch.objects.count()
    rows = []
    for n in range(have, PITCHES):
        owner = creator if n < MINE else others[n % len(others)]
        rows.append(
            Pitch(
                owner=owner,
                title=f"Bench pitch {n}",
                slug=f"bench-pitch-{n}",
                logline="A bench pitch.",
                status="published",
            )
        )
    Pitch.objects.bulk_create(rows)
    missing = EVENTS - Event.objects.count()
    if missing <= 0:
        return creator, None
    print(f"seeding {missing:,} events over 90 days ...", flush=True)
    types = "ARRAY[" + ",".join(f"'{t}'" for t in TYPES) + "]"
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH p AS (SELECT array_agg(id ORDER BY id) AS ids,
                              array_agg(user_id ORDER BY id) AS owners
                       FROM pitches),
                 g AS (SELECT 1 + floor(random() * {PITCHES})::int AS k, random() AS r,
                              random() AS u, random() AS t FROM generate_series(1, %s))
            INSERT INTO analytics_events (event_type, event_category, user_id, pitch_id, creator_id,
                                          session_id, event_data, user_agent, created_at)
            SELECT ({types})[1 + floor(g.t * {len(TYPES)})::int], 'engagement',
                   100000 + floor(g.u * 20000)::int, p.ids[g.k], p.owners[g.k], '',
                   '{{}}'::jsonb, '',
                   now() - g.r * interval '90 days'
            FROM g, p
            """,  # noqa: S608 - constants only
            [missing],
        )
        cursor.execute("ANALYZE analytics_events")
    started = time.perf_counter()
    rollups.catch_up()
    return creator, time.perf_counter() - started


def from_raw(pitch_ids: list[int]) -> tuple[dict[int, dict[str, int]], dict[str, dict[str, int]]]:
    """The same figures straight from raw events (section 3.1.2's query shape)."""
    from django.db import connection
    from django.utils import timezone

    from analytics import periods

    since = periods.day_start(89, now=timezone.now())
    totals: dict[int, dict[str, int]] = defaultdict(dict)
    series: dict[str, dict[str, int]] = defaultdict(dict)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pitch_id, event_type, COUNT(*) FROM analytics_events "
            "WHERE pitch_id = ANY(%s) GROUP BY 1, 2",
            [pitch_ids],
        )
        for pitch_id, event_type, n in cursor.fetchall():
            totals[pitch_id][event_type] = n
        cursor.execute(
            "SELECT (created_at AT TIME ZONE 'UTC')::date, event_type, COUNT(*) FROM "
            "analytics_events "
            "WHERE pitch_id = ANY(%s) AND created_at >= %s GROUP BY 1, 2",
            [pitch_ids, since],
        )
        for day, event_type, n in cursor.fetchall():
            series[day.isoformat()][event_type] = n
    return totals, series


def from_aggregates(
    pitch_ids: list[int],
) -> tuple[dict[int, dict[str, int]], dict[str, dict[str, int]]]:
    from analytics import selectors
    from pitches.dashboards import PITCH_METRICS

    metrics = list(PITCH_METRICS.values())
    totals = selectors.totals(entity_type="pitch", entity_ids=pitch_ids, metrics=metrics)
    rows = selectors.daily_series(
        entity_type="pitch", entity_ids=pitch_ids, metrics=metrics, days=90
    )
    series = {row["date"].isoformat(): {m: row[m] for m in metrics if row[m]} for row in rows}
    return {k: {m: n for m, n in v.items() if n} for k, v in totals.items()}, series


def timed(fn, *args) -> tuple[float, object]:
    samples, result = [], None
    for _ in range(REPEAT):
        started = time.perf_counter()
        result = fn(*args)
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), result


def main() -> None:
    setup()
    from django.core.cache import cache

    from analytics.models import Aggregate, Event
    from pitches.models import Pitch

    creator, rollup_seconds = seed()
    from django.db import connection

    with connection.cursor() as cursor:  # what autovacuum does (it is off on dev servers)
        cursor.execute("VACUUM ANALYZE analytics_aggregates")
        cursor.execute("VACUUM ANALYZE analytics_events")
    pitch_ids = list(Pitch.objects.filter(owner=creator).values_list("id", flat=True))
    events = Event.objects.count()
    print(
        f"{events:,} events, {Aggregate.objects.count():,} aggregate rows, {len(pitch_ids)} "
        f"pitches of the creator"
    )
    if rollup_seconds is not None:
        print(f"initial rollup (catch-up over 90 days): {rollup_seconds:.1f} s")
    cache.delete_pattern("*")  # this run's prefix only, never the whole Redis database
    raw_ms, raw = timed(from_raw, pitch_ids)
    agg_ms, agg = timed(from_aggregates, pitch_ids)
    raw_totals, raw_series = raw  # type: ignore[misc]
    agg_totals, agg_series = agg  # type: ignore[misc]
    assert {k: v for k, v in raw_totals.items() if v} == {
        k: v for k, v in agg_totals.items() if v
    }, "totals differ"
    assert {k: v for k, v in raw_series.items() if v} == {
        k: v for k, v in agg_series.items() if v
    }, "series differ"
    print(
        f"creator dashboard figures (median of {REPEAT}): raw events {raw_ms:.1f} ms, aggregates "
        f"{agg_ms:.1f} ms"
    )
    print(f"ratio raw / aggregates: {raw_ms / agg_ms:.1f}x (same figures both ways)")


if __name__ == "__main__":
    main()
