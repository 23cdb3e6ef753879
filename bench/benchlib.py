"""What the HTTP benchmarks share: the bench database (seeded once with 100,000 pitches), the
servers they start on free loopback ports, and a small asyncio HTTP/1.1 load client.

Every load goes to 127.0.0.1 only, is bounded in time, and stops by itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
ROWS = int(os.environ.get("BENCH_ROWS", "100000"))
PASSWORD = "bench-password-1"  # noqa: S105 - bench users only, in the bench database
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
GENRES = ["Drama", "Comedy", "Thriller", "Horror", "Fantasy", "Documentary", "Action"]


def bench_database_url() -> str:
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pitchey")
    name = urlparse(base).path.lstrip("/") or "pitchey"
    return os.environ.get("BENCH_DATABASE_URL") or urlunparse(
        urlparse(base)._replace(path=f"/{name}_bench")
    )


def bench_env(**extra: str) -> dict[str, str]:
    """The environment of a production-like server (DEBUG off) on the bench database."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=bench_database_url(),
        DEBUG="false",
        SECRET_KEY="bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",  # noqa: S106
        JWT_SIGNING_KEY="bench-only-jwt-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        FIELD_ENCRYPTION_KEY="YmVuY2gtb25seS1maWVsZC1rZXktMDEyMzQ1Njc4OWE=",
        SECURE_HTTPS="false",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        RATE_LIMIT_ENABLED="false",
        SLOW_REQUEST_TRACKING="false",
        LOG_LEVEL="WARNING",
        ACCESS_TOKEN_MINUTES="240",  # noqa: S106 - a run outlives no login: no refresh mid-run
        CACHE_KEY_PREFIX=f"pitchey-bench-{os.getpid()}",
        DJANGO_SETTINGS_MODULE="pitchey.settings",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


def ensure_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin_url = urlunparse(parsed._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{name}"')


@dataclass
class Seeded:
    pitch_ids: list[int]
    investor_sessions: list[str]  # Django session keys (the admin's login)
    investor_cookies: list[str]  # `Cookie` headers of API logins (the SPA's and the portals')
    investor_emails: list[str]
    creator_ids: list[int]
    watcher_session: str
    extra: dict[str, object] = field(default_factory=dict)


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def seed(env: dict[str, str], *, investors: int = 1) -> Seeded:
    """Migrate and seed the bench database once; sessions for `investors` investors."""
    ensure_database(env["DATABASE_URL"])
    setup_django(env)
    import django.db
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.utils import timezone
    from django.utils.module_loading import import_string

    from accounts.models import User
    from pitches.models import Pitch

    call_command("migrate", verbosity=0)
    have = Pitch.objects.count()
    password = make_password(PASSWORD)
    creators = [
        User.objects.get_or_create(
            email=f"bench{i}@example.com",
            defaults={"username": f"bench{i}", "user_type": "creator", "password": password},
        )[0]
        for i in range(50)
    ]
    if have < ROWS:
        started = time.perf_counter()
        rng = random.Random(1)
        now = timezone.now()
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
                    long_synopsis="Protected text. " * 200,
                    story_breakdown="Protected beats. " * 400,
                    genre=GENRES[i % len(GENRES)],
                    format_category="Film",
                    format="Feature Film",
                    budget_bracket=rng.choice(["micro", "low", "medium", "high"]),
                    estimated_budget_usd=rng.randint(10, 5000) * 10000,
                    development_stage=rng.choice(["concept", "script", "pre-production"]),
                    seeking_investment=rng.random() < 0.5,
                    require_nda=i % 3 == 0,
                    nda_type="platform" if i % 3 == 0 else "none",
                    status="published",
                    published_at=now - timezone.timedelta(minutes=i),
                    view_count=rng.randint(0, 5000),
                    like_count=rng.randint(0, 500),
                    rating_average=round(rng.random() * 5, 2),
                    rating_count=rng.randint(0, 40),
                    trending_score=rng.random() * 100,
                )
            )
            if len(batch) == 2000:
                Pitch.objects.bulk_create(batch)
                batch = []
        if batch:
            Pitch.objects.bulk_create(batch)
        with django.db.connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # what autovacuum does for a live table
        print(f"seeded {ROWS - have} pitches in {time.perf_counter() - started:.1f}s")
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    from accounts.services.sessions import start_session

    def login_cookie(user: User) -> str:
        """A login as the API makes it (a session record and its access token), as a `Cookie`
        header: how the SPA and the portal pages are logged in (Django's own session serves the
        admin site only)."""
        pair = start_session(user=user, user_agent="bench")
        return f"{settings.AUTH_ACCESS_COOKIE}={pair.access}"

    def session_for(user: User) -> str:
        session = store()
        session["_auth_user_id"] = str(user.pk)
        session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        session["_auth_user_hash"] = user.get_session_auth_hash()
        session.create()
        return str(session.session_key)

    people = [
        User.objects.get_or_create(
            email=f"bench-investor{i}@example.com" if i else "bench-investor@example.com",
            defaults={
                "username": f"benchinvestor{i}",
                "user_type": "investor",
                "password": password,
            },
        )[0]
        for i in range(investors)
    ]
    # Bench accounts log in through the API, which wants a verified address.
    User.objects.filter(email__endswith="@example.com", email__startswith="bench").update(
        email_verified=True
    )
    watcher, _ = User.objects.get_or_create(
        email="bench-watcher@example.com",
        defaults={"username": "benchwatcher", "user_type": "viewer", "password": password},
    )
    ids = list(Pitch.objects.published().order_by("id").values_list("id", flat=True)[:ROWS])
    return Seeded(
        pitch_ids=ids,
        investor_sessions=[session_for(user) for user in people],
        investor_emails=[user.email for user in people],
        creator_ids=[user.pk for user in creators],
        watcher_session=session_for(watcher),
        investor_cookies=[login_cookie(user) for user in people],
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# name -> command (after the interpreter) serving on {port}; workers fill the 2 cores.
SERVERS: dict[str, list[str]] = {
    "daphne, Django's ASGI handler (1 process)": [
        "-m",
        "daphne",
        "-b",
        "127.0.0.1",
        "-p",
        "{port}",
        "bench.asgi_native:application",
    ],
    "gunicorn sync (4 workers)": [
        "-m",
        "gunicorn",
        "-w",
        "4",
        "-b",
        "127.0.0.1:{port}",
        "pitchey.wsgi:application",
    ],
    "gunicorn gthread (2x4 threads)": [
        "-m",
        "gunicorn",
        "-w",
        "2",
        "-k",
        "gthread",
        "--threads",
        "4",
        "-b",
        "127.0.0.1:{port}",
        "pitchey.wsgi:application",
    ],
    "granian WSGI (2 workers)": [
        "-m",
        "granian",
        "--interface",
        "wsgi",
        "--workers",
        "2",
        "--blocking-threads",
        "4",
        "--host",
        "127.0.0.1",
        "--port",
        "{port}",
        "pitchey.wsgi:application",
    ],
    "granian ASGI, Django's ASGI handler (2 workers)": [
        "-m",
        "granian",
        "--interface",
        "asgi",
        "--workers",
        "2",
        "--host",
        "127.0.0.1",
        "--port",
        "{port}",
        "bench.asgi_native:application",
    ],
    "pitchey.server: granian ASGI, HTTP on WSGI threads (2 workers)": [
        "-m",
        "pitchey.server",
        "--port",
        "{port}",
        "--workers",
        "2",
        "--no-access-log",
    ],
}


@contextlib.contextmanager
def server(
    command: list[str], env: dict[str, str], *, cwd: Path = ROOT, ready_path: str = "/api/version"
) -> Iterator[int]:
    """A server process on a free loopback port, stopped (its process group) on exit."""
    port = free_port()
    argv = [sys.executable, *(part.replace("{port}", str(port)) for part in command)]
    logs = Path(tempfile.gettempdir())
    log = (logs / f"bench-server-{os.getpid()}-{port}.log").open("wb")
    proc = subprocess.Popen(
        argv, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        asyncio.run(wait_ready(port, ready_path))
        yield port
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, 15)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            proc.wait()
        log.close()


async def wait_ready(port: int, path: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = await Connection.open(port)
            status, _, _ = await conn.request("GET", path)
            await conn.close()
            if status == 200:
                return
        except (OSError, asyncio.IncompleteReadError):
            pass
        await asyncio.sleep(0.3)
    raise RuntimeError(f"the server on port {port} did not answer {path}")


class Connection:
    """One keep-alive HTTP/1.1 connection: requests one at a time, bodies by length or chunks."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, port: int):
        self.reader, self.writer, self.port = reader, writer, port

    @classmethod
    async def open(cls, port: int) -> Connection:
        reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=2**22)
        return cls(reader, writer, port)

    async def request(
        self, method: str, path: str, headers: dict[str, str] | None = None, body: bytes = b""
    ) -> tuple[int, dict[str, str], bytes]:
        lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{self.port}"]
        lines += [f"{key}: {value}" for key, value in (headers or {}).items()]
        if body or method in ("POST", "PUT", "PATCH"):
            lines.append(f"Content-Length: {len(body)}")
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split(" ", 2)[1])
        got: dict[str, str] = {}
        for line in header_lines:
            if ":" in line:
                key, value = line.split(":", 1)
                name = key.strip().lower()
                sep = "\n" if name == "set-cookie" else ", "
                got[name] = f"{got[name]}{sep}{value.strip()}" if name in got else value.strip()
        if "content-length" in got:
            data = await self.reader.readexactly(int(got["content-length"]))
        elif got.get("transfer-encoding", "").lower() == "chunked":
            parts = []
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                parts.append(await self.reader.readexactly(size + 2))
                if size == 0:
                    break
            data = b"".join(part[:-2] for part in parts)
        elif status in (204, 304) or method == "HEAD":
            data = b""
        else:
            data = await self.reader.read()
        if got.get("connection", "").lower() == "close":
            # Servers without keep-alive (gunicorn's sync workers) close after each response.
            await self.close()
            self.reader, self.writer = await asyncio.open_connection(
                "127.0.0.1", self.port, limit=2**22
            )
        return status, got, data

    async def close(self) -> None:
        self.writer.close()
        with contextlib.suppress(Exception):
            await self.writer.wait_closed()


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=1000, method="inclusive")[int(q * 10) - 1]


async def hammer(
    port: int,
    path: str,
    *,
    headers: dict[str, str] | None = None,
    seconds: float = 4.0,
    connections: int = 16,
    expect: int = 200,
    pages: int = 50,
) -> tuple[float, float, int]:
    """GET `path` on `connections` keep-alive connections for `seconds`: (rps, p99 ms, errors)."""
    timings: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds
    rng = random.Random(3)  # "{page}" in `path`: another page (1 to `pages`) each request

    async def one() -> None:
        nonlocal errors
        conn = await Connection.open(port)
        try:
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                target = path.replace("{page}", str(rng.randint(1, pages)))
                status, _, _ = await conn.request("GET", target, headers)
                timings.append(time.perf_counter() - started)
                if status != expect:
                    errors += 1
        finally:
            await conn.close()

    started = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(connections)))
    elapsed = time.perf_counter() - started
    return len(timings) / elapsed, percentile(timings, 99) * 1000, errors
