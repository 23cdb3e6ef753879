"""Which HTTP server: the same app and database under daphne, gunicorn (sync and threaded) and
granian (WSGI and ASGI), one after the other in one run.

Each server serves four endpoints for BENCH_SECONDS each (after a one-second warm-up) to 16
keep-alive connections from one asyncio client: `/api/version`, a logged-in marketplace page of
20, a logged-in pitch detail and `/health/live`. Prints requests per second, p99 and each
figure's ratio to daphne's. Needs DATABASE_URL and REDIS_URL (several worker processes share
the cache); the bench database is `<DATABASE_URL name>_bench` (BENCH_DATABASE_URL overrides it).

    .venv/bin/python bench/bench_servers.py [name filter]
"""

from __future__ import annotations

import asyncio
import sys

import benchlib

SECONDS = float(benchlib.os.environ.get("BENCH_SECONDS", "4"))


def main() -> None:
    only = sys.argv[1] if len(sys.argv) > 1 else ""
    env = benchlib.bench_env()
    seeded = benchlib.seed(env)
    pitch = seeded.pitch_ids[len(seeded.pitch_ids) // 2]
    cookie = {"Cookie": seeded.investor_cookies[0]}
    cases = [
        ("/api/version", "/api/version", {}),
        ("list, logged in", "/api/pitches?limit=20", cookie),
        ("detail, logged in", f"/api/pitches/{pitch}", cookie),
        ("/health/live", "/health/live", {}),
    ]
    results: dict[str, list[tuple[float, float, int]]] = {}
    for name, command in benchlib.SERVERS.items():
        if only and only.lower() not in name.lower():
            continue
        with benchlib.server(command, env) as port:
            row = []
            for _, path, headers in cases:
                asyncio.run(benchlib.hammer(port, path, headers=headers, seconds=1))
                row.append(
                    asyncio.run(benchlib.hammer(port, path, headers=headers, seconds=SECONDS))
                )
            results[name] = row
            print(name, [f"{rps:.0f} rps, p99 {p99:.0f} ms" for rps, p99, _ in row], flush=True)
    base = next(iter(results.values()))
    print(f"\n{len(seeded.pitch_ids):,} published pitches; 16 connections; {SECONDS:g} s each")
    print("| server | " + " | ".join(f"{label} rps (x first) | p99 ms" for label, _, _ in cases))
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
