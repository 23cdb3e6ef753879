"""Mixed load: 200 simulated users for 60 seconds against 100,000 pitches, today's setup and this
tree's, one after the other in one run.

Each user is an investor on one keep-alive connection (a bounded asyncio client on 127.0.0.1),
logged in through the API before the clock starts, then, with no think time, picks each request
by weight: browse 60% (a marketplace page of 20, a random page, filter and sort; 3 in 10 of them
without the login cookie, as a visitor), detail 25%, search 5%, NDA requests 3% (a new request
on an NDA pitch of the user's own share), messages 5% (the inbox, or a message to a creator) and
logins 2% (a fresh login replacing the user's cookies). Reports throughput, p50/p95/p99 per kind
and every unexpected answer as an error (there must be none).

    BENCH_BASELINE_TREE=/tmp/pitchey-base .venv/bin/python bench/bench_mixed.py

BENCH_BASELINE_TREE is a checkout of the earlier commit (`git archive <commit> | tar -x -C DIR`),
served the way it was served then (BENCH_BASELINE_SERVER, default daphne through
`pitchey.server` with its daphne options, CONN_MAX_AGE=0); without it only this tree runs.
BENCH_USERS, BENCH_SECONDS and BENCH_THINK_MS change the load. Needs DATABASE_URL and REDIS_URL.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

import benchlib

USERS = int(os.environ.get("BENCH_USERS", "200"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "60"))
THINK = float(os.environ.get("BENCH_THINK_MS", "0")) / 1000
KINDS = {"browse": 60, "detail": 25, "search": 5, "nda": 3, "messages": 5, "login": 2}
SORTS = ["", "newest", "views", "likes", "rating", "trending", "title", "budget"]
BASELINE_DAPHNE = [
    "-m",
    "pitchey.server",
    "-b",
    "127.0.0.1",
    "-p",
    "{port}",
    "pitchey.asgi:application",
]


def prepare() -> tuple[dict[str, str], benchlib.Seeded]:
    """Seed, give every investor credits for NDA requests, and split the NDA pitches."""
    env = benchlib.bench_env()
    seeded = benchlib.seed(env, investors=USERS)
    from accounts.models import User
    from billing.services import credits
    from pitches.models import Pitch

    for email in seeded.investor_emails:
        user = User.objects.get(email=email)
        credits.grant_credits(
            user=user, amount=100_000, reason="Benchmark", actor=None, reference=f"bench-{email}"
        )
    nda = list(
        Pitch.objects.published()
        .filter(require_nda=True)
        .order_by("?")
        .values_list("id", flat=True)
    )
    seeded.extra["nda_pitches"] = nda
    return env, seeded


class User:
    def __init__(self, index: int, email: str, seeded: benchlib.Seeded, rng: random.Random):
        self.email, self.rng = email, rng
        self.cookies: dict[str, str] = {}
        nda: list[int] = seeded.extra["nda_pitches"]  # type: ignore[assignment]
        self.nda_pitches = nda[index::USERS]
        self.pitches = seeded.pitch_ids
        self.creator = seeded.creator_ids[index % len(seeded.creator_ids)]
        self.conversation: int | None = None

    def cookie(self) -> dict[str, str]:
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}

    def keep_cookies(self, headers: dict[str, str]) -> None:
        for line in headers.get("set-cookie", "").split("\n"):
            name, _, rest = line.partition("=")
            if rest:
                self.cookies[name.strip()] = rest.split(";", 1)[0]

    async def login(self, conn: benchlib.Connection, origin: dict[str, str]) -> int:
        body = json.dumps({"email": self.email, "password": benchlib.PASSWORD}).encode()
        status, headers, _ = await conn.request(
            "POST",
            "/api/auth/investor/login",
            {**origin, "Content-Type": "application/json"},
            body,
        )
        if status == 200:
            self.cookies = {}
            self.keep_cookies(headers)
        return status


def skip_requested(users: list[User]) -> None:
    """Each user asks only for NDAs it has not asked for (an earlier setup of the run did)."""
    from ndas.models import NdaRequest

    asked = set(NdaRequest.objects.values_list("requester__email", "pitch_id"))
    for user in users:
        user.nda_pitches = [p for p in user.nda_pitches if (user.email, p) not in asked]


async def one_request(
    user: User, conn: benchlib.Connection, kind: str, origin: dict[str, str]
) -> tuple[int, set[int]]:
    """Sends one request of `kind`; returns its status and the statuses that count as success."""
    rng = user.rng
    if kind == "browse":
        params = [f"page={rng.randint(1, 50)}", "limit=20"]
        if rng.random() < 0.3:
            params.append(f"genre={rng.choice(benchlib.GENRES)}")
        if sort := rng.choice(SORTS):
            params.append(f"sort={sort}")
        headers = user.cookie() if rng.random() >= 0.3 else {}
        status, _, _ = await conn.request("GET", "/api/pitches?" + "&".join(params), headers)
        return status, {200}
    if kind == "detail":
        pitch = rng.choice(user.pitches)
        status, _, _ = await conn.request("GET", f"/api/pitches/{pitch}", user.cookie())
        return status, {200}
    if kind == "search":
        word = rng.choice(benchlib.WORDS)[: rng.randint(3, 6)]
        status, _, _ = await conn.request("GET", f"/api/search?q={word}&limit=20", user.cookie())
        return status, {200}
    if kind == "nda":
        pitch = user.nda_pitches.pop()
        body = json.dumps({"pitchId": pitch, "message": "I would like to read the full pitch."})
        status, _, _ = await conn.request(
            "POST",
            "/api/ndas/request",
            {**user.cookie(), **origin, "Content-Type": "application/json"},
            body.encode(),
        )
        return status, {201}
    if kind == "messages":
        if rng.random() < 0.5:
            status, _, _ = await conn.request("GET", "/api/conversations", user.cookie())
            return status, {200}
        target = (
            {"conversationId": user.conversation}
            if user.conversation
            else {"recipientId": user.creator}
        )
        body = json.dumps({**target, "content": "Is the lead role cast yet?"}).encode()
        status, _, data = await conn.request(
            "POST",
            "/api/messages/send",
            {**user.cookie(), **origin, "Content-Type": "application/json"},
            body,
        )
        if status == 201 and user.conversation is None:
            user.conversation = json.loads(data)["data"]["conversationId"]
        return status, {201}
    return await user.login(conn, origin), {200}


async def simulate(port: int, users: list[User]) -> dict[str, object]:
    origin = {"Origin": f"http://127.0.0.1:{port}"}
    gate = asyncio.Semaphore(8)

    async def log_in(user: User) -> None:
        # Connections are opened 8 at a time, as the logins go: 200 connects at once overflow
        # a small listen backlog (daphne's is 50), and the kernel then resets the ones it
        # dropped when they are first used. A reset before the clock starts is retried.
        async with gate:
            for _ in range(3):
                conn = await benchlib.Connection.open(port)
                try:
                    status = await user.login(conn, origin)
                except (OSError, asyncio.IncompleteReadError):
                    await conn.close()
                    continue
                await conn.close()
                if status != 200:
                    raise RuntimeError(f"login of {user.email}: HTTP {status}")
                return
            raise RuntimeError(f"login of {user.email}: connection reset three times")

    await asyncio.gather(*(log_in(u) for u in users))

    async def reconnect(user: User) -> benchlib.Connection:
        # Logging 200 users in takes longer than a server keeps an idle connection open (the
        # first ones then found theirs closed when the clock started, and a browser would have
        # retried on a new one): every user starts on a fresh connection, 8 opened at a time.
        async with gate:
            return await benchlib.Connection.open(port)

    conns = list(await asyncio.gather(*(reconnect(u) for u in users)))
    timings: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, dict[int | str, int]] = defaultdict(lambda: defaultdict(int))
    names, weights = list(KINDS), list(KINDS.values())
    deadline = time.perf_counter() + SECONDS

    async def run(user: User, conn: benchlib.Connection) -> None:
        while time.perf_counter() < deadline:
            kind = user.rng.choices(names, weights)[0]
            started = time.perf_counter()
            failure = ""
            try:
                status, ok = await one_request(user, conn, kind, origin)
            except (OSError, asyncio.IncompleteReadError) as exc:
                # The connection broke before an answer: counted by what broke it.
                status, ok, failure = 0, {200}, type(exc).__name__
                await conn.close()
                conn = await benchlib.Connection.open(port)
            timings[kind].append(time.perf_counter() - started)
            if status not in ok:
                errors[kind][failure or status] += 1
            if THINK:
                await asyncio.sleep(user.rng.expovariate(1 / THINK))

    started = time.perf_counter()
    await asyncio.gather(*(run(u, c) for u, c in zip(users, conns, strict=True)))
    elapsed = time.perf_counter() - started
    for conn in conns:
        await conn.close()
    total = sum(len(v) for v in timings.values())
    return {
        "rps": total / elapsed,
        "requests": total,
        "kinds": {
            kind: {
                "n": len(values),
                "p50": benchlib.percentile(values, 50) * 1000,
                "p95": benchlib.percentile(values, 95) * 1000,
                "p99": benchlib.percentile(values, 99) * 1000,
            }
            for kind, values in sorted(timings.items(), key=lambda item: -KINDS[item[0]])
        },
        "errors": {kind: dict(by) for kind, by in errors.items()},
    }


def main() -> None:
    env, seeded = prepare()
    setups: list[tuple[str, list[str], Path, dict[str, str]]] = []
    if os.environ.get("BENCH_BASELINE_TREE"):
        tree = Path(os.environ["BENCH_BASELINE_TREE"])
        command = json.loads(os.environ.get("BENCH_BASELINE_SERVER", "null")) or BASELINE_DAPHNE
        setups.append(("today (baseline tree, daphne)", command, tree, {"CONN_MAX_AGE": "0"}))
    setups.append(
        (
            "this tree (pitchey.server)",
            ["-m", "pitchey.server", "--port", "{port}"],
            benchlib.ROOT,
            {},
        )
    )
    results = {}
    for label, command, tree, extra in setups:
        run_env = {
            **env,
            **extra,
            "PYTHONPATH": str(tree),
            "CACHE_KEY_PREFIX": f"pitchey-bench-mixed-{os.getpid()}-{len(results)}",
        }
        rng = random.Random(7)
        users = [
            User(i, email, seeded, random.Random(rng.random()))
            for i, email in enumerate(seeded.investor_emails)
        ]
        skip_requested(users)
        with benchlib.server(command, run_env, cwd=tree) as port:
            results[label] = asyncio.run(simulate(port, users))
        print(label, json.dumps(results[label]), flush=True)
    print(
        f"\n{len(seeded.pitch_ids):,} pitches, {USERS} users, {SECONDS:g} s, think time "
        f"{THINK * 1000:g} ms"
    )
    first = next(iter(results.values()))
    print("| setup | requests/s (x first) | kind | n | p50 ms | p95 ms | p99 ms | errors |")
    print("|---|---:|---|---:|---:|---:|---:|---|")
    for label, result in results.items():
        for i, (kind, row) in enumerate(result["kinds"].items()):  # type: ignore[union-attr]
            head = (
                f"| {label} | {result['rps']:.1f} ({result['rps'] / first['rps']:.2f}x) "
                if i == 0
                else "| | "
            )
            errs = result["errors"].get(kind, {})  # type: ignore[union-attr]
            print(
                f"{head}| {kind} | {row['n']} | {row['p50']:.0f} | {row['p95']:.0f} | "
                f"{row['p99']:.0f} | {errs or 0} |"
            )
    if any(result["errors"] for result in results.values()):
        sys.exit("some requests failed")


if __name__ == "__main__":
    main()
