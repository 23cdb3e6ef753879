"""WebSocket fan-out: 1,000 clients on one daphne process, `notify()` to every one of them.

For each channel layer (Redis core and Redis pub/sub, measured in the same run) the script starts
one daphne process on a free 127.0.0.1 port against a dedicated database
(`<DATABASE_URL name>_bench`), opens CLIENTS WebSocket clients (one user each) in this asyncio
process, then a separate notifier process calls `messaging.notify()` once per user per event, as
`pitch_published` does for a creator's followers (`notify_many`, the bulk form of `notify`).
Reported per layer: deliveries per second,
median and p99 time from the start of an event's `notify()` calls to the last client receiving
it, and the number of missed deliveries (must be 0). Events run one at a time: the next starts
when every client has the previous one, so latency is one fan-out, not a queue.

Usage: DATABASE_URL=... REDIS_URL=... .venv/bin/python bench/bench_ws.py [--clients 1000]
[--events 10]. Bounded: every wait has a timeout, and the whole run stops after 8 minutes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
LAYERS = {
    "core": "channels_redis.core.RedisChannelLayer",
    "pubsub": "channels_redis.pubsub.RedisPubSubChannelLayer",
}
DEADLINE = time.monotonic() + 8 * 60


def bench_database_url() -> str:
    """The dedicated database: the DATABASE_URL one with `_bench` appended (once)."""
    url = urlparse(os.environ["DATABASE_URL"])
    name = url.path.lstrip("/")
    if not name.endswith("_bench"):
        name += "_bench"
    return urlunparse(url._replace(path="/" + name))


def base_env(prefix: str, layer: str | None = None) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pitchey.settings_test",
        "DATABASE_URL": bench_database_url(),
        "CACHE_KEY_PREFIX": prefix,
        "RATE_LIMIT_ENABLED": "false",
    }
    if layer:
        env["CHANNEL_LAYER_BACKEND"] = LAYERS[layer]
    return env


def prepare_database(clients: int) -> list[int]:
    """Create the bench database if needed, migrate it, and make sure `clients` users exist."""
    import psycopg

    url = urlparse(bench_database_url())
    admin = urlunparse(url._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [url.path.lstrip("/")]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{url.path.lstrip("/")}"')
    os.environ.update(base_env("bench-setup"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from accounts.models import User
    from messaging.models import EmailDelivery, Notification

    Notification.objects.filter(kind="bench").delete()
    EmailDelivery.objects.all().delete()
    have = User.objects.filter(username__startswith="bench").count()
    User.objects.bulk_create(
        User(
            email=f"bench{i}@bench.example",
            username=f"bench{i}",
            user_type="viewer",
            email_notifications=False,  # the bench measures the socket path, not email
            password="!",  # noqa: S106 unusable
        )
        for i in range(have, clients)
    )
    ids = (
        User.objects.filter(username__startswith="bench")
        .order_by("id")
        .values_list("id", flat=True)
    )
    return list(ids[:clients])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_daphne(layer: str, prefix: str, port: int) -> subprocess.Popen[bytes]:
    env = base_env(prefix, layer)
    origin = f"http://127.0.0.1:{port}"
    env.update({"CSRF_TRUSTED_ORIGINS": origin, "SITE_URL": origin})
    log = ROOT / "var" / f"bench-daphne-{layer}.log"
    log.parent.mkdir(exist_ok=True)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "daphne",
            "-v",
            "0",
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "pitchey.asgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),
    )
    until = time.monotonic() + 30
    while time.monotonic() < until:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("daphne did not start")


class Clients:
    def __init__(self, events: int) -> None:
        self.received: list[dict[int, float]] = [{} for _ in range(events)]
        self.sockets: list[Any] = []
        self.tasks: list[asyncio.Task[None]] = []

    async def open(self, user_ids: list[int], port: int) -> None:
        from websockets.asyncio.client import connect

        from accounts.models import User
        from accounts.ws_tokens import make_ws_token

        async def one(uid: int) -> None:
            token = make_ws_token(User(pk=uid, token_version=0))
            ws = await connect(
                f"ws://127.0.0.1:{port}/ws?token={token}",
                origin=f"http://127.0.0.1:{port}",  # type: ignore[arg-type]
                open_timeout=60,
                ping_interval=None,
                max_queue=None,
            )
            ready = False
            while not ready:
                ready = json.loads(await asyncio.wait_for(ws.recv(), 60))["type"] == "initial_data"
            self.sockets.append(ws)
            self.tasks.append(asyncio.create_task(self.listen(uid, ws)))

        for start in range(0, len(user_ids), 50):
            await asyncio.gather(*(one(uid) for uid in user_ids[start : start + 50]))

    def alive(self) -> int:
        """Clients whose connection is still open (a dropped one can never catch up)."""
        return sum(1 for task in self.tasks if not task.done())

    async def listen(self, uid: int, ws: Any) -> None:
        try:
            async for raw in ws:
                message = json.loads(raw)
                if message["type"] == "notification" and message["data"]["kind"] == "bench":
                    seq = message["data"]["data"]["seq"]
                    self.received[seq][uid] = time.time()
        except Exception:  # noqa: S110 connection closed at the end of the run
            pass

    async def close(self) -> None:
        await asyncio.gather(*(ws.close() for ws in self.sockets), return_exceptions=True)
        for task in self.tasks:
            task.cancel()


async def run_layer(layer: str, user_ids: list[int], events: int) -> dict[str, Any]:
    prefix = f"bench-{layer}-{secrets.token_hex(3)}"
    port = free_port()
    daphne = start_daphne(layer, prefix, port)
    clients = Clients(events)
    try:
        opened = time.monotonic()
        await clients.open(user_ids, port)
        connect_seconds = time.monotonic() - opened
        notifier = await asyncio.create_subprocess_exec(
            sys.executable,
            __file__,
            "--notify",
            "--events",
            str(events),
            "--users",
            ",".join(map(str, user_ids)),
            cwd=ROOT,
            env=base_env(prefix, layer),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        assert notifier.stdin is not None
        assert notifier.stdout is not None
        starts: dict[int, float] = {}
        for seq in range(events):
            # One event at a time: the next starts once every client has this one (or 30 s).
            notifier.stdin.write(b"go\n")
            await notifier.stdin.drain()
            line = await asyncio.wait_for(
                notifier.stdout.readline(), max(1, DEADLINE - time.monotonic())
            )
            starts[seq] = json.loads(line)["t0"]
            until = time.monotonic() + 10
            while time.monotonic() < until and len(clients.received[seq]) < clients.alive():
                await asyncio.sleep(0.01)
        notifier.stdin.close()
        await notifier.wait()
        dropped = len(user_ids) - clients.alive()
    finally:
        await clients.close()
        daphne.send_signal(signal.SIGTERM)
        try:
            daphne.wait(timeout=15)
        except subprocess.TimeoutExpired:
            daphne.kill()
    latencies = sorted(max(r.values()) - starts[seq] for seq, r in enumerate(clients.received) if r)
    delivered = sum(len(r) for r in clients.received)
    return {
        "layer": layer,
        "clients": len(user_ids),
        "events": events,
        "connect_seconds": round(connect_seconds, 2),
        "delivered": delivered,
        "missed": events * len(user_ids) - delivered,
        "clients_dropped": dropped,
        # deliveries over the time spent fanning out (events do not overlap)
        "deliveries_per_second": round(delivered / sum(latencies)),
        "median_to_last_client_ms": round(statistics.median(latencies) * 1000),
        "p99_to_last_client_ms": round(
            latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000
        ),
    }


def notifier(events: int, user_ids: list[int]) -> None:
    """One event = one `notify()` per user, committed together (as a fan-out to followers)."""
    import django

    django.setup()
    from django.db import transaction

    from messaging import NotificationKind, notify_many

    for seq in range(events):
        sys.stdin.readline()  # the driver says when the previous event has reached everyone
        t0 = time.time()
        with transaction.atomic():
            notify_many(
                recipients=user_ids,
                kind=NotificationKind.SYSTEM,
                title=f"Bench event {seq}",
                data={"seq": seq},
            )
        print(json.dumps({"seq": seq, "t0": t0, "t1": time.time()}), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--events", type=int, default=10)
    parser.add_argument("--notify", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--users", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.notify:
        notifier(args.events, [int(u) for u in args.users.split(",")])
        return
    if not os.environ.get("DATABASE_URL") or not os.environ.get("REDIS_URL"):
        sys.exit("bench_ws needs DATABASE_URL (a PostgreSQL server) and REDIS_URL")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = min(max(soft, 4 * args.clients + 512), hard)
    resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    user_ids = prepare_database(args.clients)
    results = []
    for layer in ("core", "pubsub"):
        result = asyncio.run(run_layer(layer, user_ids, args.events))
        print(json.dumps(result), flush=True)
        results.append(result)
    best = max(results, key=lambda r: r["deliveries_per_second"])
    print(
        f"faster layer: {best['layer']} "
        f"({best['deliveries_per_second']} deliveries/s, median "
        f"{best['median_to_last_client_ms']} ms, "
        f"p99 {best['p99_to_last_client_ms']} ms, missed {best['missed']})"
    )


if __name__ == "__main__":
    main()
