"""Operations reports: index usage and bloat (section 8.2.1) and the security audit (8.3)."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count, Max, Q
from django.utils import timezone

from analytics.models import Event
from pitchey.errors import NotFoundError

_INDEXES = """
SELECT s.relname AS table_name, s.indexrelname AS index_name, s.idx_scan, s.idx_tup_read,
       s.idx_tup_fetch, pg_relation_size(s.indexrelid) AS size_bytes, i.indisunique,
       i.indisprimary, i.indrelid, i.indkey::text, COALESCE(pg_get_expr(i.indpred, i.indrelid), ''),
       COALESCE(pg_get_expr(i.indexprs, i.indrelid), ''), c.reltuples::bigint,
       COALESCE((SELECT SUM(st.avg_width) FROM pg_attribute a
                 JOIN pg_stats st ON st.schemaname = 'public' AND st.tablename = s.relname
                  AND st.attname = a.attname
                 WHERE a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)), 8) AS key_width
FROM pg_stat_user_indexes s
JOIN pg_index i ON i.indexrelid = s.indexrelid
JOIN pg_class c ON c.oid = s.indexrelid
WHERE s.schemaname = 'public'
ORDER BY s.idx_scan DESC, s.relname, s.indexrelname
"""

_TABLES = """
SELECT relname, pg_total_relation_size(relid) AS total_bytes, n_live_tup, n_dead_tup,
       last_autovacuum, last_autoanalyze
FROM pg_stat_user_tables WHERE schemaname = 'public'
ORDER BY pg_total_relation_size(relid) DESC LIMIT 15
"""


def _bloat(size: int, tuples: int, key_width: int) -> dict[str, Any]:
    """A rough B-tree estimate: the size the live keys need at 90 % fill against the real size."""
    expected = int(max(tuples, 0) * (key_width + 16) / 0.9) + 8192
    wasted = max(0, size - expected)
    return {
        "expected_bytes": expected,
        "wasted_bytes": wasted,
        "ratio": round(wasted / size, 2) if size else 0.0,
    }


def index_report() -> dict[str, Any]:
    """Every index's usage and size, the unused and duplicate ones, and a bloat estimate."""
    with connection.cursor() as cursor:
        cursor.execute(_INDEXES)
        rows = cursor.fetchall()
        cursor.execute(_TABLES)
        tables = [
            dict(
                zip(
                    [
                        "table",
                        "total_bytes",
                        "live_rows",
                        "dead_rows",
                        "last_autovacuum",
                        "last_autoanalyze",
                    ],
                    row,
                    strict=True,
                )
            )
            for row in cursor.fetchall()
        ]
    indexes = []
    same_definition: dict[tuple[Any, ...], list[str]] = defaultdict(list)
    for (
        table,
        name,
        scans,
        read,
        fetched,
        size,
        unique,
        primary,
        relid,
        keys,
        pred,
        exprs,
        tuples,
        width,
    ) in rows:
        bloat = _bloat(int(size), int(tuples or 0), int(width or 8))
        indexes.append(
            {
                "table": table,
                "index": name,
                "scans": scans,
                "tuples_read": read,
                "tuples_fetched": fetched,
                "size_bytes": int(size),
                "unique": unique,
                "primary": primary,
                "columns": keys,
                "bloat": bloat,
            }
        )
        same_definition[(relid, keys, pred, exprs)].append(name)
    unused = [i for i in indexes if i["scans"] == 0 and not i["unique"] and not i["primary"]]
    duplicates = [names for names in same_definition.values() if len(names) > 1]
    prefixes = _prefix_redundant(indexes)
    return {
        "indexes": indexes,
        "unused": unused,
        "duplicates": duplicates,
        "redundant_prefixes": prefixes,
        "bloated": [i for i in indexes if i["bloat"]["ratio"] >= 0.5 and i["size_bytes"] > 1 << 20],
        "tables": tables,
        "total_index_bytes": sum(i["size_bytes"] for i in indexes),
    }


def _prefix_redundant(indexes: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Plain indexes whose columns lead another index on the same table."""
    out = []
    for small in indexes:
        if small["unique"] or small["primary"] or small["columns"] == "0":
            continue
        for big in indexes:
            if big is small or big["table"] != small["table"]:
                continue
            if (
                big["columns"].startswith(small["columns"] + " ")
                and big["columns"] != small["columns"]
            ):
                out.append(
                    {"index": small["index"], "covered_by": big["index"], "table": small["table"]}
                )
                break
    return out


# --- security audit ------------------------------------------------------------------------

FAILED_LOGIN_USER_LIMIT = 5
FAILED_LOGIN_IP_LIMIT = 10
NDA_BURST_LIMIT = 10


def security_audit(*, now: Any = None) -> dict[str, Any]:
    """Platform checks of section 8.3.1 with a risk level: unverified accounts, repeated
    failed logins (per account and per address), NDA request bursts."""
    now = now or timezone.now()
    users = get_user_model().objects
    day = now - timedelta(hours=24)
    unverified = users.filter(
        email_verified=False, is_active=True, created_at__lt=now - timedelta(days=7)
    )
    locked = users.filter(failed_login_attempts__gt=FAILED_LOGIN_USER_LIMIT)
    failed = Event.objects.filter(event_type="login_failed", created_at__gte=day)
    by_user: list[dict[str, Any]] = [
        dict(row)
        for row in failed.filter(user_id__isnull=False)
        .values("user_id")
        .annotate(attempts=Count("id"), last=Max("created_at"))
        .filter(attempts__gte=FAILED_LOGIN_USER_LIMIT)
        .order_by("-attempts")[:50]
    ]
    by_ip = list(
        failed.filter(ip_address__isnull=False)
        .values("ip_address")
        .annotate(
            attempts=Count("id"), accounts=Count("user_id", distinct=True), last=Max("created_at")
        )
        .filter(attempts__gte=FAILED_LOGIN_IP_LIMIT)
        .order_by("-attempts")[:50]
    )
    bursts: list[dict[str, Any]] = [
        dict(row)
        for row in Event.objects.filter(event_type="nda_request", created_at__gte=day)
        .values("user_id")
        .annotate(requests=Count("id"), last=Max("created_at"))
        .filter(requests__gt=NDA_BURST_LIMIT)
        .order_by("-requests")[:50]
    ]
    emails = dict(
        users.filter(pk__in={r["user_id"] for r in by_user + bursts}).values_list("pk", "email")
    )
    for row in by_user + bursts:
        row["email"] = emails.get(row["user_id"], "")
    findings = {
        "unverified_accounts": unverified.count(),
        "unverified_sample": list(
            unverified.order_by("created_at").values_list("email", flat=True)[:20]
        ),
        "accounts_over_failure_limit": list(
            locked.values("email", "failed_login_attempts", "last_failed_login")[:50]
        ),
        "failed_logins_by_account": by_user,
        "failed_logins_by_address": by_ip,
        "nda_request_bursts": bursts,
    }
    findings["risk_level"] = _platform_risk(findings)
    findings["checked_at"] = now
    return findings


def _platform_risk(findings: dict[str, Any]) -> str:
    if findings["failed_logins_by_address"] or findings["nda_request_bursts"]:
        return "high"
    if findings["failed_logins_by_account"] or findings["accounts_over_failure_limit"]:
        return "medium"
    return "low"


def access_review(*, user_id: int, now: Any = None) -> dict[str, Any]:
    """Section 8.3.2: one user's logins, failed logins, NDA requests and addresses over 30 days,
    with a risk level."""
    now = now or timezone.now()
    since = now - timedelta(days=30)
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        raise NotFoundError("No such user.")
    mine = Event.objects.filter(user_id=user_id, created_at__gte=since)
    counts = mine.aggregate(
        logins=Count("id", filter=Q(event_type="login")),
        failed_logins=Count("id", filter=Q(event_type="login_failed")),
        nda_requests=Count("id", filter=Q(event_type="nda_request")),
        nda_requests_24h=Count(
            "id", filter=Q(event_type="nda_request", created_at__gte=now - timedelta(hours=24))
        ),
        last_login=Max("created_at", filter=Q(event_type="login")),
        last_nda_request=Max("created_at", filter=Q(event_type="nda_request")),
        addresses=Count("ip_address", distinct=True, filter=Q(event_type="login")),
    )
    risk = "low"
    if counts["failed_logins"] >= FAILED_LOGIN_USER_LIMIT or counts["addresses"] > 5:
        risk = "medium"
    if counts["nda_requests_24h"] > NDA_BURST_LIMIT or counts["failed_logins"] >= 20:
        risk = "high"
    return {
        "user_id": user_id,
        "email": user.email,
        "audit_date": now,
        "email_verified": user.email_verified,
        "failed_login_attempts_now": user.failed_login_attempts,
        "events": counts,
        "risk_level": risk,
    }
