"""Archival to a real S3 endpoint (moto on loopback): verified before delete, resumable after a
crash at any step with every row in the database or in exactly one verified object."""

from __future__ import annotations

import gzip
import json
import socket
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from moto.server import ThreadedMotoServer

from accounts.models import UserSession
from analytics.models import ArchiveObject, ArchiveRun, AuditLog, Event, RollupState
from analytics.services import archival
from messaging.models import Notification

pytestmark = pytest.mark.django_db

BUCKET = "pitchey-archive-test"
NOW = datetime(2026, 6, 20, 12, tzinfo=UTC)
TABLES = {
    "analytics_events": Event,
    "notifications": Notification,
    "user_sessions": UserSession,
    "audit_logs": AuditLog,
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    yield endpoint
    server.stop()


@pytest.fixture
def bucket(settings, s3_endpoint):
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    client.create_bucket(Bucket=BUCKET)
    settings.S3_BUCKET = BUCKET
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "access_key": "test",
                "secret_key": "test",
                "region_name": "us-east-1",
                "signature_version": "s3v4",
                "addressing_style": "path",
                "default_acl": None,
                "file_overwrite": False,
            },
        },
    }
    settings.ARCHIVE_BATCH_SIZE = 3
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def _keys(client) -> list[str]:
    return sorted(i["Key"] for i in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


@pytest.fixture
def old_rows(creator, investor):
    """Rows of every archivable table on three old days, plus recent rows that must stay."""
    days = [NOW - timedelta(days=d) for d in (200, 199, 197)]
    for n, day in enumerate(days):
        for i in range(4 + n):
            Event.objects.create(
                event_type="pitch_view",
                user_id=investor.pk,
                pitch_id=i,
                created_at=day + timedelta(minutes=i),
            )
        Notification.objects.create(
            user=creator, kind="nda_request", title=f"Old {n}", read_at=day, created_at=day
        )
        Notification.objects.create(
            user=creator, kind="nda_request", title=f"Unread {n}", created_at=day
        )
        UserSession.objects.create(
            user=investor, created_at=day, last_seen_at=day, revoked_at=day + timedelta(hours=1)
        )
        # entries are append-only: an old one is written with its old date
        AuditLog.objects.create(
            action="accounts.user.updated",
            actor=creator,
            content_type=ContentType.objects.get_for_model(creator),
            object_id=str(creator.pk),
            data={"n": n},
            created_at=day - timedelta(days=600),
        )
    Event.objects.create(
        event_type="pitch_view", user_id=investor.pk, created_at=NOW - timedelta(days=2)
    )
    Notification.objects.create(
        user=creator, kind="message", title="Recent", read_at=NOW, created_at=NOW
    )
    RollupState.objects.create(period="hour", completed_until=NOW - timedelta(hours=2))
    return days


def _normal(row: dict[str, Any]) -> str:
    return json.dumps(row, cls=DjangoJSONEncoder, sort_keys=True)


def _snapshot() -> dict[str, dict[int, str]]:
    out = {}
    for table, model in TABLES.items():
        columns = [f.attname for f in model._meta.concrete_fields]
        out[table] = {row["id"]: _normal(row) for row in model.objects.values(*columns)}
    return out


def _ledger() -> tuple[dict[str, dict[int, str]], Counter]:
    """Rows in the database plus rows in verified objects, and how often each id appears."""
    found = _snapshot()
    seen = Counter((table, pk) for table, rows in found.items() for pk in rows)
    verified = [ArchiveObject.Status.VERIFIED, ArchiveObject.Status.COMPLETE]
    for obj in ArchiveObject.objects.filter(status__in=verified):
        rows, digest, _ = archival.read_object(obj.key)
        assert digest == obj.sha256
        for row in rows:
            if (obj.table, row["id"]) not in seen:
                found[obj.table][row["id"]] = _normal(row)
            seen[(obj.table, row["id"])] += 1
    return found, seen


def _assert_whole(before: dict[str, dict[int, str]]) -> None:
    after, seen = _ledger()
    for table, rows in before.items():
        assert set(after[table]) == set(rows), table
        for pk, row in rows.items():
            assert after[table][pk] == row, (table, pk)  # row by row, every column
    duplicates = {key: n for key, n in seen.items() if n > 1}
    assert not duplicates


def test_old_rows_move_to_one_verified_object_per_table_per_day(bucket, old_rows, time_machine):
    time_machine.move_to(NOW, tick=False)
    before = _snapshot()
    result = archival.archive()
    assert result.tables["analytics_events"] == {"objects": 3, "rows": 15, "days": 3}
    assert result.tables["notifications"]["rows"] == 3
    assert result.tables["user_sessions"]["rows"] == 3
    assert result.tables["audit_logs"]["rows"] == 3
    assert Event.objects.count() == 1  # the recent one
    assert Notification.objects.filter(read_at__isnull=True).count() == 3  # unread stay
    keys = _keys(bucket)
    assert "archive/analytics_events/2025/12/02.jsonl.gz" in keys
    assert len(keys) == 12
    assert set(ArchiveObject.objects.values_list("status", flat=True)) == {"complete"}
    assert ArchiveRun.objects.get().status == "done"
    _assert_whole(before)
    body = bucket.get_object(Bucket=BUCKET, Key="archive/analytics_events/2025/12/02.jsonl.gz")[
        "Body"
    ].read()
    lines = gzip.decompress(body).decode().splitlines()
    assert len(lines) == 4
    assert json.loads(lines[0])["event_type"] == "pitch_view"
    assert archival.archive().rows_archived == 0  # nothing left; a re-run is harmless


@pytest.mark.parametrize(
    ("stage", "nth"),
    [
        ("stored", 2),  # the second object is in the bucket, its record still says pending
        ("uploaded", 2),  # uploaded and recorded, not yet read back
        ("verified", 2),  # verified, no row deleted yet
        ("deleted-batch", 1),  # mid-delete: the first of two batches of the first day is gone
        ("deleted-batch", 4),  # mid-delete of a later day
    ],
)
def test_a_crash_at_any_step_resumes_without_losing_or_doubling_a_row(
    bucket, old_rows, time_machine, monkeypatch, stage, nth
):
    time_machine.move_to(NOW, tick=False)
    before = _snapshot()
    calls = Counter()

    def crash(at: str, obj: ArchiveObject) -> None:
        calls[at] += 1
        if at == stage and calls[at] == nth:
            raise RuntimeError(f"killed at {at}")

    monkeypatch.setattr(archival, "checkpoint", crash)
    with pytest.raises(RuntimeError, match="killed"):
        archival.archive(tables=["analytics_events"])
    assert ArchiveRun.objects.get().status == "failed"
    if stage == "deleted-batch" and nth == 1:
        assert 0 < Event.objects.count() < 16  # some rows gone, some not
    monkeypatch.setattr(archival, "checkpoint", lambda at, obj: None)
    after_crash, _ = _ledger()
    assert all(set(after_crash[t]) == set(rows) for t, rows in before.items())  # nothing lost
    archival.archive(tables=["analytics_events"])
    _assert_whole(before)
    assert Event.objects.count() == 1
    assert ArchiveObject.objects.filter(table="analytics_events").count() == 3
    assert len([k for k in _keys(bucket) if "analytics_events" in k]) == 3


def test_a_corrupted_object_is_written_again_before_anything_is_deleted(
    bucket, old_rows, time_machine, monkeypatch
):
    time_machine.move_to(NOW, tick=False)
    before = _snapshot()

    def stop(at: str, obj: ArchiveObject) -> None:
        if at == "uploaded":
            raise RuntimeError("killed")

    monkeypatch.setattr(archival, "checkpoint", stop)
    with pytest.raises(RuntimeError):
        archival.archive(tables=["analytics_events"])
    obj = ArchiveObject.objects.get()
    default_storage.delete(obj.key)
    default_storage.save(obj.key, ContentFile(gzip.compress(b'{"id": 1}\n')))
    assert Event.objects.count() == 16
    monkeypatch.setattr(archival, "checkpoint", lambda at, obj: None)
    archival.archive(tables=["analytics_events"])
    _assert_whole(before)


def test_a_dry_run_changes_nothing(bucket, old_rows, time_machine, capsys):
    time_machine.move_to(NOW, tick=False)
    before = _snapshot()
    call_command("archive_data", "--dry-run", "--before", "2026-01-01")
    out = capsys.readouterr().out
    assert "analytics_events: would archive 15 rows over 3 days" in out
    assert "notifications: would archive 3 rows" in out
    assert _snapshot() == before
    assert not ArchiveRun.objects.exists()
    assert not ArchiveObject.objects.exists()
    assert _keys(bucket) == []


def test_events_wait_for_their_rollup(bucket, old_rows, time_machine):
    time_machine.move_to(NOW, tick=False)
    RollupState.objects.all().delete()
    result = archival.archive(tables=["analytics_events"])
    assert result.skipped == {"analytics_events": "events are not rolled up yet"}
    assert Event.objects.count() == 16


def test_restore_loads_an_object_back_row_by_row(bucket, old_rows, time_machine, capsys):
    time_machine.move_to(NOW, tick=False)
    before = _snapshot()
    call_command("archive_data", "--table", "analytics_events", "--table", "notifications")
    key = "archive/analytics_events/2025/12/02.jsonl.gz"
    call_command("restore_archive", key, "--dry-run")
    assert "4 rows" in capsys.readouterr().out
    call_command("restore_archive", key)
    assert "4 rows loaded, 0 already present, 0 failed; object removed" in capsys.readouterr().out
    restored = _snapshot()["analytics_events"]
    day_ids = [pk for pk, row in before["analytics_events"].items() if '"2025-12-02' in row]
    assert len(day_ids) == 4
    assert {pk: restored[pk] for pk in day_ids} == {
        pk: before["analytics_events"][pk] for pk in day_ids
    }
    assert key not in _keys(bucket)
    assert ArchiveObject.objects.get(key=key).status == "restored"
    with pytest.raises(Exception, match="restored already"):
        archival.restore(key=key)
    _assert_whole(before)
