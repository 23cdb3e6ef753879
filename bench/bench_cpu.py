"""CPU per logged-in marketplace page of 20, measured in process (no server, no network).

Runs BENCH_CPU_REQUESTS requests of `/api/pitches?limit=20` (20 different pages) through
Django's test client with an investor's session and reports process CPU time per request and
the queries per request. With BENCH_BASELINE_TREE (a checkout of an earlier commit, e.g.
`git archive <commit> | tar -x -C /tmp/pitchey-base`) the same probe also runs on that tree, in
the same run, on the same database:

    BENCH_BASELINE_TREE=/tmp/pitchey-base .venv/bin/python bench/bench_cpu.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import benchlib

REQUESTS = int(os.environ.get("BENCH_CPU_REQUESTS", "300"))


def probe() -> None:
    """In this process: Django from the current directory's tree, one investor's session."""
    sys.path.insert(0, os.getcwd())
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    name, _, value = os.environ["BENCH_COOKIE"].partition("=")
    client.cookies[name] = value
    paths = [f"/api/pitches?limit=20&page={1 + i % 20}" for i in range(REQUESTS)]
    for path in paths[:40]:  # warm-up
        assert client.get(path).status_code == 200
    queries: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        assert client.get(paths[0]).status_code == 200
    queries_list = list(queries)
    cpu, wall = time.process_time(), time.perf_counter()
    for path in paths:
        client.get(path)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    # Pages nobody asked for yet (each once): what a page costs when no cache holds it.
    fresh = [f"/api/pitches?limit=20&page={1000 + i}" for i in range(REQUESTS)]
    fresh_cpu = time.process_time()
    for path in fresh:
        client.get(path)
    fresh_cpu = time.process_time() - fresh_cpu
    # Pitch details (20 pitches in turn, each already opened once by the same viewer, as a
    # reader going back and forth does), logged in and anonymous.
    pitches = json.loads(os.environ["BENCH_PITCHES"])
    details = [f"/api/pitches/{pitches[i % len(pitches)]}" for i in range(REQUESTS)]
    anonymous = Client(HTTP_HOST="127.0.0.1", HTTP_USER_AGENT="bench")
    detail: dict[str, float] = {}
    for label, reader in (("detail", client), ("anon_detail", anonymous)):
        for path in details[:40]:  # warm-up: every view counted once
            assert reader.get(path).status_code == 200
        queries.clear()
        with connection.execute_wrapper(count):
            reader.get(details[0])
        detail[f"{label}_queries"] = len(queries)
        spent = time.process_time()
        for path in details:
            reader.get(path)
        detail[f"{label}_cpu_ms"] = (time.process_time() - spent) / REQUESTS * 1000
    print(
        json.dumps(
            {
                "cpu_ms": cpu / REQUESTS * 1000,
                "wall_ms": wall / REQUESTS * 1000,
                "queries": len(queries_list),
                "fresh_cpu_ms": fresh_cpu / REQUESTS * 1000,
                **detail,
            }
        )
    )


def main() -> None:
    env = benchlib.bench_env(DEBUG="false")
    seeded = benchlib.seed(env)
    trees = [("this tree", benchlib.ROOT)]
    if os.environ.get("BENCH_BASELINE_TREE"):
        trees.insert(0, ("baseline tree", Path(os.environ["BENCH_BASELINE_TREE"])))
    results = {}
    for label, tree in trees:
        out = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--probe"],
            cwd=tree,
            env={
                **env,
                "PYTHONPATH": str(tree),
                "BENCH_COOKIE": seeded.investor_cookies[0],
                "BENCH_PITCHES": json.dumps(seeded.pitch_ids[1000:1020]),
            },
            capture_output=True,
            text=True,
        )
        if out.returncode:
            raise SystemExit(out.stderr[-3000:])
        results[label] = json.loads(out.stdout.strip().splitlines()[-1])
        print(label, results[label], flush=True)
    first = next(iter(results.values()))
    print(f"\n{REQUESTS} logged-in list requests (page of 20) per tree, in process")
    print(
        "| tree | CPU ms / request (pages 1-20) | ratio to first | queries | "
        "CPU ms / request (pages never asked before) | ratio to first |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for label, row in results.items():
        print(
            f"| {label} | {row['cpu_ms']:.2f} | {row['cpu_ms'] / first['cpu_ms']:.2f}x | "
            f"{row['queries']} | {row['fresh_cpu_ms']:.2f} | "
            f"{row['fresh_cpu_ms'] / first['fresh_cpu_ms']:.2f}x |"
        )
    print(f"\n{REQUESTS} pitch detail requests (20 pitches in turn, each opened before)")
    print(
        "| tree | CPU ms / detail, logged in | ratio to first | queries | "
        "CPU ms / detail, anonymous | ratio to first | queries |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, row in results.items():
        print(
            f"| {label} | {row['detail_cpu_ms']:.2f} | "
            f"{row['detail_cpu_ms'] / first['detail_cpu_ms']:.2f}x | {row['detail_queries']} | "
            f"{row['anon_detail_cpu_ms']:.2f} | "
            f"{row['anon_detail_cpu_ms'] / first['anon_detail_cpu_ms']:.2f}x | "
            f"{row['anon_detail_queries']} |"
        )


if __name__ == "__main__":
    if sys.argv[1:] == ["--probe"]:
        probe()
    else:
        main()
