"""Per-test durations of two trees in one run: is any test more than 10% slower than before?

Runs `pytest <paths> --durations=0` in the baseline tree and in this tree one after the other,
ROUNDS times alternating (baseline first, then this tree first), each on its own test database,
and compares each test's total time (setup + call + teardown), summed over the rounds, for the
tests both trees have (BENCH_AFTER_TREE: a snapshot of this tree to measure instead, so that
editing the worktree during the run changes nothing). Tests under MIN_SECONDS in both trees
are left out of the worst list (their ratios are noise). Needs DATABASE_URL and REDIS_URL.

Creating the test database (every migration) is a cost of the session, not of a test, but
pytest charges it to the setup of whichever test needs the database first. So each tree first
runs once unmeasured with `--create-db --reuse-db` (its slowest test, which carries the creation, is
reported on a line of its own), and the measured rounds reuse that database (`--reuse-db`:
migrations already applied, tables emptied by each test as usual, vacuumed before each run);
the test databases are dropped at the end. The load average is printed with each run (the
machine is shared).

    git archive <commit> | tar -x -C /tmp/pitchey-base
    BENCH_BASELINE_TREE=/tmp/pitchey-base .venv/bin/python bench/bench_test_durations.py \
        tests/pitches tests/ndas
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))
MIN_SECONDS = float(os.environ.get("BENCH_MIN_SECONDS", "0.2"))
LINE = re.compile(r"^\s*([0-9.]+)s (setup|call|teardown)\s+(\S+)")


def run(tree: Path, label: str, paths: list[str], *, create: bool = False) -> dict[str, float]:
    base = urlparse(os.environ["DATABASE_URL"])
    name = f"{base.path.lstrip('/')}_dur_{label}"
    env = {
        **os.environ,
        "DATABASE_URL": urlunparse(base._replace(path=f"/{name}")),
        "PYTHONPATH": str(tree),
        "CACHE_KEY_PREFIX": f"{os.environ.get('CACHE_KEY_PREFIX', 'bench')}-dur-{label}",
    }
    argv = [sys.executable, "-m", "pytest", *paths, "-q", "-p", "no:randomly", "--durations=0"]
    argv += ["--reuse-db", "--create-db"] if create else ["--reuse-db"]
    if not create:
        vacuum(f"test_{name}")
    started = time.perf_counter()
    out = subprocess.run(argv, cwd=tree, env=env, capture_output=True, text=True)
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"{label}{' (creates the database, not counted)' if create else ''}: "
        f"{time.perf_counter() - started:.0f} s, rc {out.returncode}, load {load}",
        flush=True,
    )
    if os.environ.get("BENCH_KEEP_OUTPUT"):  # a directory for each run's pytest output
        kept = Path(
            os.environ["BENCH_KEEP_OUTPUT"],
            f"{label}{'-create' if create else ''}-{time.time():.0f}.txt",
        )
        kept.write_text(out.stdout)
    times: dict[str, float] = defaultdict(float)
    for line in out.stdout.splitlines():
        match = LINE.match(line)
        if match:
            times[match.group(3)] += float(match.group(1))
    return times


def vacuum(database: str) -> None:
    """Every run starts from a vacuumed test database: emptying the tables after a transactional
    test leaves dead catalog rows, and this machine's PostgreSQL has no autovacuum, so without
    this a run would inherit the previous one's."""
    import psycopg

    base = urlparse(os.environ["DATABASE_URL"])
    with psycopg.connect(urlunparse(base._replace(path=f"/{database}")), autocommit=True) as conn:
        conn.execute("VACUUM (INDEX_CLEANUP ON)")


def drop_test_databases() -> None:
    import psycopg

    base = urlparse(os.environ["DATABASE_URL"])
    name = base.path.lstrip("/")
    server = urlunparse(base._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as conn:
        for label in ("before", "after"):
            conn.execute(f'DROP DATABASE IF EXISTS "test_{name}_dur_{label}"')


def main() -> None:
    paths = sys.argv[1:] or ["tests/pitches", "tests/ndas"]
    baseline = Path(os.environ["BENCH_BASELINE_TREE"])
    totals: dict[str, dict[str, float]] = {"before": defaultdict(float)}
    totals["after"] = defaultdict(float)
    order = [("before", baseline), ("after", Path(os.environ.get("BENCH_AFTER_TREE", ROOT)))]
    creation = {}
    for label, tree in order:
        setups = run(tree, label, paths, create=True)
        creation[label] = max(setups.values(), default=0.0)
    for round_ in range(ROUNDS):
        for label, tree in order if round_ % 2 == 0 else order[::-1]:
            for test, seconds in run(tree, label, paths).items():
                totals[label][test] += seconds
    common = sorted(set(totals["before"]) & set(totals["after"]))
    rows = [
        (totals["after"][t] / totals["before"][t], totals["before"][t], totals["after"][t], t)
        for t in common
        if max(totals["before"][t], totals["after"][t]) >= MIN_SECONDS * ROUNDS
        and totals["before"][t] > 0
    ]
    rows.sort(reverse=True)
    before = sum(totals["before"][t] for t in common)
    after = sum(totals["after"][t] for t in common)
    print(
        f"\ndatabase creation (the first run's slowest test, not counted below): "
        f"{creation['before']:.1f} s before, {creation['after']:.1f} s after "
        f"({creation['after'] / max(creation['before'], 0.001):.2f}x)"
    )
    print(f"{len(common)} tests in both trees, {ROUNDS} rounds alternating")
    print(f"all of them: {before:.1f} s before, {after:.1f} s after ({after / before:.2f}x)")
    print(f"tests over {MIN_SECONDS} s per round: {len(rows)}; the slowest ratios:")
    print("| test | before s | after s | ratio |")
    print("|---|---:|---:|---:|")
    for ratio, b, a, test in rows[:15]:
        print(f"| `{test}` | {b / ROUNDS:.2f} | {a / ROUNDS:.2f} | {ratio:.2f}x |")
    slower = [row for row in rows if row[0] > 1.10]
    print(f"\nmore than 10% slower: {len(slower)} of {len(rows)}")
    drop_test_databases()


if __name__ == "__main__":
    main()
