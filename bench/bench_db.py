"""Database connections under the chosen server: a new connection per request (the old
setting, CONN_MAX_AGE=0), persistent connections (CONN_MAX_AGE=60, the default now) and
psycopg's pool (DATABASE_POOL=true), one after the other in one run.

Each variant serves `/api/version`, a logged-in marketplace page (another page each time, so the
shared page cache is bypassed part of the time: pages 1-50), a logged-in detail and
`/health/ready` for BENCH_SECONDS each from 16 connections. Needs DATABASE_URL and REDIS_URL.

    .venv/bin/python bench/bench_db.py
"""

from __future__ import annotations

import asyncio
import os

import benchlib

SECONDS = float(os.environ.get("BENCH_SECONDS", "4"))
VARIANTS = {
    "new connection per request (CONN_MAX_AGE=0)": {"CONN_MAX_AGE": "0"},
    "persistent (CONN_MAX_AGE=60)": {"CONN_MAX_AGE": "60"},
    "psycopg pool (DATABASE_POOL=true)": {"DATABASE_POOL": "true"},
}
SERVER = ["-m", "pitchey.server", "--port", "{port}", "--workers", "2", "--no-access-log"]


def main() -> None:
    env = benchlib.bench_env()
    seeded = benchlib.seed(env)
    pitch = seeded.pitch_ids[len(seeded.pitch_ids) // 3]
    cookie = {"Cookie": seeded.investor_cookies[0]}
    cases = [
        ("/api/version", "/api/version", {}),
        ("list, logged in", "/api/pitches?limit=20&page={page}", cookie),
        ("detail, logged in", f"/api/pitches/{pitch}", cookie),
        ("/health/ready", "/health/ready", {}),
    ]
    results = {}
    for name, extra in VARIANTS.items():
        run_env = {**env, **extra, "CACHE_KEY_PREFIX": f"{env['CACHE_KEY_PREFIX']}-{len(results)}"}
        with benchlib.server(SERVER, run_env) as port:
            row = []
            for _, path, headers in cases:
                asyncio.run(benchlib.hammer(port, path, headers=headers, seconds=1))
                row.append(
                    asyncio.run(benchlib.hammer(port, path, headers=headers, seconds=SECONDS))
                )
            results[name] = row
            print(name, [f"{rps:.0f} rps, p99 {p99:.0f} ms" for rps, p99, _ in row], flush=True)
    base = next(iter(results.values()))
    print(f"\npitchey.server, 2 workers; 16 connections; {SECONDS:g} s each")
    print(
        "| connections | " + " | ".join(f"{label} rps (x first) | p99 ms" for label, _, _ in cases)
    )
    print("|---|" + "---:|---:|" * len(cases))
    for name, row in results.items():
        cells = [
            f"{rps:,.0f} ({rps / base[i][0]:.2f}x) | {p99:,.0f}"
            + (f" ({errors} errors)" if errors else "")
            for i, (rps, p99, errors) in enumerate(row)
        ]
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
