"""Marketplace benchmark: 100,000 pitches, one daphne server, ratios to /api/version.

Seeds a dedicated database (BENCH_DATABASE_URL, default: DATABASE_URL's server with the database
`pitchey_bench`) once, starts daphne on a free loopback port, runs a fixed number of requests per
endpoint from a thread pool, and prints requests per second and p99 for each, with the ratio to
the minimal `/api/version` endpoint measured in the same run. Stops by itself (a few minutes).
"""

from __future__ import annotations

import http.client
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import benchlib

ROOT = Path(__file__).resolve().parent.parent
ROWS = int(os.environ.get("BENCH_ROWS", "100000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "600"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "8"))
WORDS = [
    "harbour",
    "signal",
    "orchard",
    "kingdom",
    "circuit",
    "lighthouse",
    "archive",
    "frontier",
    "winter",
    "ember",
    "glass",
    "river",
    "crown",
    "echo",
    "delta",
    "summit",
]


def bench_env() -> dict[str, str]:
    return benchlib.bench_env(CONN_MAX_AGE="60")


def ensure_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin_url = urlunparse(parsed._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{name}"')


def seed(env: dict[str, str]) -> tuple[int, str]:
    """Migrate and seed the bench database (once); returns a pitch id and an investor session."""
    ensure_database(env["DATABASE_URL"])
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "pitchey.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.utils import timezone

    from accounts.models import User
    from pitches.models import Pitch

    call_command("migrate", verbosity=0)
    have = Pitch.objects.count()
    if have < ROWS:
        started = time.perf_counter()
        rng = random.Random(1)
        creators = [
            User.objects.get_or_create(
                email=f"bench{i}@example.com",
                defaults={"username": f"bench{i}", "user_type": "creator"},
            )[0]
            for i in range(50)
        ]
        now = timezone.now()
        genres = ["Drama", "Comedy", "Thriller", "Horror", "Fantasy", "Documentary", "Action"]
        batch: list[Pitch] = []
        for i in range(have, ROWS):
            a, b = rng.choice(WORDS), rng.choice(WORDS)
            batch.append(
                Pitch(
                    owner=creators[i % 50],
                    slug=f"bench-{i}",
                    title=f"The {a.title()} {b.title()} {i}",
                    logline=f"A story of {a} and {b}, told over one impossible night.",
                    short_synopsis=f"When the {a} fails, a town built on {b} must decide who it "
                    f"is. " * 3,
                    long_synopsis="Protected text.",
                    genre=genres[i % len(genres)],
                    format_category="Film",
                    format="Feature Film",
                    budget_bracket="low",
                    development_stage="script",
                    status="published",
                    published_at=now - timezone.timedelta(minutes=i),
                    view_count=rng.randint(0, 5000),
                    like_count=rng.randint(0, 500),
                    trending_score=rng.random() * 100,
                )
            )
            if len(batch) == 5000:
                Pitch.objects.bulk_create(batch)
                batch = []
        if batch:
            Pitch.objects.bulk_create(batch)
        with django.db.connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # what autovacuum does for a live table
        print(f"seeded {ROWS - have} pitches in {time.perf_counter() - started:.1f}s")
    investor, _ = User.objects.get_or_create(
        email="bench-investor@example.com",
        defaults={"username": "benchinvestor", "user_type": "investor"},
    )
    session = SessionStore()
    session["_auth_user_id"] = str(investor.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = investor.get_session_auth_hash()
    session.create()
    pitch_id = Pitch.objects.order_by("id").values_list("id", flat=True)[ROWS // 2]
    return pitch_id, session.session_key or ""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_ready(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/api/version")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start")


def run(port: int, path: str, cookie: str, total: int) -> tuple[float, float]:
    """Fire `total` requests at `path` from CONCURRENCY threads; returns (rps, p99 in ms)."""
    per_thread = total // CONCURRENCY
    headers = {"Cookie": cookie} if cookie else {}

    def worker(_: int) -> list[float]:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        timings = []
        for _ in range(per_thread):
            started = time.perf_counter()
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{path}: HTTP {response.status}")
            timings.append(time.perf_counter() - started)
        conn.close()
        return timings

    run_started = time.perf_counter()
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        timings = [t for chunk in pool.map(worker, range(CONCURRENCY)) for t in chunk]
    elapsed = time.perf_counter() - run_started
    p99 = statistics.quantiles(timings, n=100)[98] * 1000
    return len(timings) / elapsed, p99


def main() -> None:
    env = bench_env()
    pitch_id, session_key = seed(env)
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "daphne",
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "pitchey.asgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_ready(port)
        logged_in = f"sessionid={session_key}"
        cases = [
            ("/api/version (baseline)", "/api/version", ""),
            ("/api/pitches page 1, anonymous (cached)", "/api/pitches?limit=20", ""),
            ("/api/pitches page 1, logged in (uncached)", "/api/pitches?limit=20", logged_in),
            (
                "/api/pitches page 1000, logged in (uncached)",
                "/api/pitches?limit=20&page=1000",
                logged_in,
            ),
            ("/api/search?q=harb, logged in (uncached)", "/api/search?q=harb&limit=20", logged_in),
            ("/api/pitches/:id detail, logged in", f"/api/pitches/{pitch_id}", logged_in),
            ("/api/pitches/:id detail, anonymous", f"/api/pitches/{pitch_id}", ""),
        ]
        results = []
        for label, path, cookie in cases:
            run(port, path, cookie, CONCURRENCY * 4)  # warm-up
            results.append((label, *run(port, path, cookie, REQUESTS)))
        base_rps, base_p99 = results[0][1], results[0][2]
        print(
            f"\n{ROWS:,} published pitches, daphne (1 process), {CONCURRENCY} client threads, "
            f"{REQUESTS} requests each"
        )
        print(f"{'endpoint':48} {'rps':>8} {'p99 ms':>8} {'rps ratio':>10} {'p99 ratio':>10}")
        for label, rps, p99 in results:
            print(f"{label:48} {rps:8.1f} {p99:8.1f} {rps / base_rps:10.3f} {p99 / base_p99:10.2f}")
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
