"""Operations: index report, security audit, slow-request tracking, health, the admin."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from analytics.models import Aggregate, ArchiveObject, ArchiveRun, Event, SlowRequest
from analytics.services import operations
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_index_report_finds_unused_and_duplicate_indexes(capsys):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE INDEX dup_a ON analytics_events (session_id)")
        cursor.execute("CREATE INDEX dup_b ON analytics_events (session_id)")
    report = operations.index_report()
    assert ["dup_a", "dup_b"] in [sorted(names) for names in report["duplicates"]]
    unused = {i["index"] for i in report["unused"]}
    assert {"dup_a", "dup_b"} <= unused
    assert "users_pkey" not in unused  # primary and unique indexes are never "unused"
    assert all("ratio" in i["bloat"] for i in report["indexes"])
    call_command("index_report")
    out = capsys.readouterr().out
    assert "Unused (0 scans" in out
    assert "dup_a = dup_b" in out or "dup_b = dup_a" in out
    call_command("index_report", "--json", "--analyze", "--dry-run")
    out = capsys.readouterr().out
    assert out.startswith("Would run ANALYZE.")
    assert json.loads(out.split("\n", 1)[1])["duplicates"]


def test_the_security_audit_flags_failures_bursts_and_stale_accounts(capsys, investor):
    stale = UserFactory(email_verified=False)
    type(stale).objects.filter(pk=stale.pk).update(created_at=timezone.now() - timedelta(days=9))
    UserFactory(email_verified=False)  # new: not flagged yet
    for _ in range(6):
        Event.objects.create(
            event_type="login_failed", user_id=investor.pk, ip_address="203.0.113.7"
        )
    assert operations.security_audit()["risk_level"] == "medium"
    for _ in range(11):
        Event.objects.create(event_type="nda_request", user_id=investor.pk)
    report = operations.security_audit()
    assert report["unverified_accounts"] == 1
    assert report["unverified_sample"] == [stale.email]
    assert report["failed_logins_by_account"][0]["attempts"] == 6
    assert report["nda_request_bursts"][0]["email"] == investor.email
    assert report["risk_level"] == "high"
    call_command("security_audit")
    out = capsys.readouterr().out
    assert "NDA request bursts (24 h): 1" in out
    assert out.strip().endswith("Risk level: HIGH")
    call_command("security_audit", "--user", str(investor.pk))
    out = capsys.readouterr().out
    assert "failed logins: 6" in out
    assert "Risk level: HIGH" in out
    with pytest.raises(CommandError, match="No such user"):
        call_command("security_audit", "--user", "999999")


def test_slow_requests_and_queries_are_logged_with_their_route(client, settings, staff, caplog):
    settings.SLOW_REQUEST_TRACKING = True
    settings.SLOW_REQUEST_MS = 0
    settings.SLOW_QUERY_MS = 0
    client.force_login(staff)
    assert client.get("/api/admin/liquidity").status_code == 200
    request = SlowRequest.objects.get(kind="request")
    assert (request.method, request.route, request.status_code) == (
        "GET",
        "/api/admin/liquidity",
        200,
    )
    assert request.query_count >= 1
    assert SlowRequest.objects.filter(kind="query", route="/api/admin/liquidity").exists()
    assert "slow request GET /api/admin/liquidity" in caplog.text
    client.get("/health/live")
    assert not SlowRequest.objects.filter(route__startswith="/health").exists()
    settings.SLOW_REQUEST_MS = 10_000
    settings.SLOW_QUERY_MS = 10_000
    before = SlowRequest.objects.count()
    client.get("/api/admin/liquidity")
    assert SlowRequest.objects.count() == before


def test_liveness_calls_nothing_and_readiness_checks_the_database(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/health/live")
    assert response.status_code == 200
    assert response.json()["status"] == "alive"
    ready = client.get("/health/ready")
    assert ready.status_code == 200
    body = ready.json()
    assert body["status"] == "ready"
    assert set(body["checks"]) == {"database", "cache"}


def test_readiness_answers_503_when_the_database_is_down(client, monkeypatch):
    from pitchey import health

    def down() -> dict:
        raise OSError("connection refused")

    monkeypatch.setitem(health.CHECKS, "database", down)
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert client.get("/health/live").status_code == 200


def test_the_admin_shows_events_aggregates_and_archive_runs_read_only(admin_client):
    event = Event.objects.create(event_type="pitch_view", user_id=1, pitch_id=2)
    Aggregate.objects.create(
        period="day",
        period_start=timezone.now(),
        period_end=timezone.now(),
        metric_type="pitch_view",
        entity_type="pitch",
        entity_id=2,
        value=5,
    )
    run = ArchiveRun.objects.create(
        before=timezone.now(), status="done", summary={"tables": {"analytics_events": {"rows": 4}}}
    )
    ArchiveObject.objects.create(
        run=run,
        table="analytics_events",
        day=timezone.localdate(),
        key="archive/x.jsonl.gz",
        status="complete",
        row_count=4,
        verified_at=timezone.now(),
    )
    for url in (
        "/admin/analytics/event/?event_type__exact=pitch_view",
        "/admin/analytics/aggregate/",
        f"/admin/analytics/archiverun/{run.pk}/change/",
        "/admin/analytics/archiveobject/",
        "/admin/analytics/slowrequest/",
        "/admin/analytics/contentreport/",
        "/admin/analytics/scheduledreport/",
    ):
        assert admin_client.get(url).status_code == 200, url
    assert (
        "archive/x.jsonl.gz" in admin_client.get("/admin/analytics/archiveobject/").content.decode()
    )
    response = admin_client.post(f"/admin/analytics/event/{event.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Event.objects.filter(pk=event.pk).exists()
