from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection

from analytics.services import operations


def _size(n: int) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if n < 1024:
            return f"{n:.0f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return f"{n:.1f} TB"


class Command(BaseCommand):
    help = (
        "Report index usage (scans, size), unused indexes (never scanned, not unique), duplicate "
        "and prefix-redundant indexes, a bloat estimate per index and the largest tables. "
        "Read-only unless --analyze."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="Machine-readable output.")
        parser.add_argument(
            "--analyze",
            action="store_true",
            help="Run ANALYZE first (refreshes planner statistics).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="With --analyze: say so, run nothing."
        )

    def handle(self, *args: Any, json: bool, analyze: bool, dry_run: bool, **options: Any) -> None:
        if analyze:
            if dry_run:
                self.stdout.write("Would run ANALYZE.")
            else:
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
                self.stdout.write("ANALYZE done.")
        report = operations.index_report()
        if json:
            self.stdout.write(_dumps(report))
            return
        w = self.stdout.write
        w(f"{len(report['indexes'])} indexes, {_size(report['total_index_bytes'])} in all.\n")
        w("Most used:")
        for i in report["indexes"][:10]:
            w(f"  {i['scans']:>10} scans  {_size(i['size_bytes']):>8}  {i['table']}.{i['index']}")
        w(f"\nUnused (0 scans since statistics were reset, not unique): {len(report['unused'])}")
        for i in report["unused"]:
            w(f"  {_size(i['size_bytes']):>8}  {i['table']}.{i['index']}")
        w(f"\nDuplicates (same table, columns, predicate): {len(report['duplicates'])}")
        for names in report["duplicates"]:
            w("  " + " = ".join(names))
        w(f"\nCovered by a longer index on the same columns: {len(report['redundant_prefixes'])}")
        for r in report["redundant_prefixes"]:
            w(f"  {r['table']}.{r['index']} (leads {r['covered_by']})")
        w(f"\nBloat estimate over 50 % (indexes above 1 MB): {len(report['bloated'])}")
        for i in report["bloated"]:
            w(
                f"  {i['table']}.{i['index']}: ~{_size(i['bloat']['wasted_bytes'])} wasted "
                f"({i['bloat']['ratio']:.0%}); REINDEX CONCURRENTLY to reclaim"
            )
        w("\nLargest tables:")
        for t in report["tables"]:
            w(
                f"  {_size(t['total_bytes']):>8}  {t['table']}  {t['live_rows']} live / "
                f"{t['dead_rows']} dead rows"
            )


def _dumps(value: Any) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, indent=2)
