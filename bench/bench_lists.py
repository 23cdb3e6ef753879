"""Lean reads, as ratios to `/api/version` on the chosen server (pitchey.server, 2 workers) in
one run: the logged-in marketplace page of 20 (page 1, shared by every logged-in user without a
grant; and a random page of 5,000, nearly always built afresh), the anonymous page, a logged-in
detail, and the same logged-in page from two comparison endpoints that live in bench code only
(bench/compare_urls.py): hand-written with `values()`, and a naive DRF ModelSerializer list.

Checks first that the `values()` endpoint returns the same cards as `/api/pitches`. Needs
DATABASE_URL and REDIS_URL.

    .venv/bin/python bench/bench_lists.py
"""

from __future__ import annotations

import asyncio
import json
import os

import benchlib

SECONDS = float(os.environ.get("BENCH_SECONDS", "4"))
SERVER = ["-m", "pitchey.server", "--port", "{port}", "--workers", "2", "--no-access-log"]
PAGES = 5000


async def same_cards(port: int, cookie: dict[str, str]) -> None:
    conn = await benchlib.Connection.open(port)
    for page in (1, 7, 4321):
        _, _, ours = await conn.request("GET", f"/api/pitches?limit=20&page={page}", cookie)
        _, _, theirs = await conn.request("GET", f"/bench/values?limit=20&page={page}", cookie)
        a, b = json.loads(ours)["data"]["items"], json.loads(theirs)["data"]["items"]
        if a != b:
            raise SystemExit(f"/bench/values differs from /api/pitches on page {page}")
    await conn.close()


def main() -> None:
    env = benchlib.bench_env(DJANGO_SETTINGS_MODULE="bench.compare_settings")
    seeded = benchlib.seed(env)
    pitch = seeded.pitch_ids[len(seeded.pitch_ids) // 3]
    cookie = {"Cookie": seeded.investor_cookies[0]}
    cases = [
        ("/api/version", "/api/version", {}),
        ("list page 1, logged in", "/api/pitches?limit=20", cookie),
        ("list page 1, anonymous", "/api/pitches?limit=20", {}),
        ("detail, logged in", f"/api/pitches/{pitch}", cookie),
        ("list random page, logged in", "/api/pitches?limit=20&page={page}", cookie),
        ("values() endpoint, random page", "/bench/values?limit=20&page={page}", cookie),
        ("naive ModelSerializer, random page", "/bench/naive?limit=20&page={page}", cookie),
    ]
    rows = []
    with benchlib.server(SERVER, env) as port:
        asyncio.run(same_cards(port, cookie))
        for label, path, headers in cases:
            asyncio.run(benchlib.hammer(port, path, headers=headers, seconds=1, pages=PAGES))
            rps, p99, errors = asyncio.run(
                benchlib.hammer(port, path, headers=headers, seconds=SECONDS, pages=PAGES)
            )
            rows.append((label, rps, p99, errors))
            print(label, f"{rps:.0f} rps, p99 {p99:.0f} ms", flush=True)
    base = rows[0][1]
    by = {label: rps for label, rps, _, _ in rows}
    print(
        f"\n{len(seeded.pitch_ids):,} pitches; pitchey.server, 2 workers; 16 connections; "
        f"{SECONDS:g} s each"
    )
    print("| endpoint | rps | x /api/version | p99 ms | errors |")
    print("|---|---:|---:|---:|---:|")
    for label, rps, p99, errors in rows:
        print(f"| {label} | {rps:,.0f} | {rps / base:.3f} | {p99:,.0f} | {errors} |")
    ours = by["list random page, logged in"]
    print(f"\nlist (random page) / values(): {ours / by['values() endpoint, random page']:.2f}x")
    print(
        "list (random page) / naive ModelSerializer: "
        f"{ours / by['naive ModelSerializer, random page']:.2f}x"
    )


if __name__ == "__main__":
    main()
