"""Archival: raw rows older than their retention move to the bucket, verified before delete.

One gzip-compressed JSON Lines object per table per day
(`archive/<table>/<YYYY>/<MM>/<DD>.jsonl.gz`;
rows of a day that become eligible later go to `<DD>.part2.jsonl.gz`, ...). Each object walks
pending -> uploaded -> verified -> complete in `ArchiveObject`, committed at every step:

- pending: the record exists, the upload may not; rows are all still in the database, so a
  re-run uploads again (replacing any partial object).
- uploaded: a re-run reads the object back and checks its size, SHA-256 and row count.
- verified: rows are deleted by the ids read back from the object, in batches, each batch
  committed with the record's progress; a re-run deletes whatever is left.

So a crash at any point ends, after a re-run, with every row in the database or in exactly one
verified object. Aggregates are never archived. `restore_archive` loads an object back.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import logging
import tempfile
from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from analytics.models import (
    ArchiveObject,
    ArchiveRun,
    AuditLog,
    RollupState,
    purging_archived_audit_entries,
)
from pitchey.errors import Conflict, DomainError, NotFoundError

logger = logging.getLogger(__name__)

LOCK_KEY = "analytics:archive:lock"


@dataclass(frozen=True)
class ArchiveSpec:
    """One archivable table: its model, the timestamp that dates a row, and which rows qualify."""

    table: str
    model: str
    date_field: str
    retention_setting: str
    condition: Q = field(default_factory=Q)

    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)


# Other apps' tables are named by label, so analytics imports none of them.
SPECS = [
    ArchiveSpec(
        "analytics_events", "analytics.Event", "created_at", "ANALYTICS_EVENT_RETENTION_DAYS"
    ),
    ArchiveSpec(
        "notifications",
        "messaging.Notification",
        "read_at",
        "READ_NOTIFICATION_RETENTION_DAYS",
        Q(read_at__isnull=False),
    ),
    ArchiveSpec(
        "user_sessions",
        "accounts.UserSession",
        "revoked_at",
        "ENDED_SESSION_RETENTION_DAYS",
        Q(revoked_at__isnull=False),
    ),
    ArchiveSpec("audit_logs", "analytics.AuditLog", "created_at", "AUDIT_LOG_RETENTION_DAYS"),
]
BY_TABLE = {spec.table: spec for spec in SPECS}


def checkpoint(stage: str, obj: ArchiveObject) -> None:
    """Called after every committed step (tests inject crashes here)."""


@dataclass
class ArchiveResult:
    dry_run: bool
    cutoffs: dict[str, datetime] = field(default_factory=dict)
    tables: dict[str, dict[str, int]] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)

    @property
    def rows_archived(self) -> int:
        return sum(t.get("rows", 0) for t in self.tables.values())

    def add(self, table: str, **counts: int) -> None:
        row = self.tables.setdefault(table, {"objects": 0, "rows": 0, "days": 0})
        for name, value in counts.items():
            row[name] = row.get(name, 0) + value


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def cutoff_for(spec: ArchiveSpec, *, before: datetime | None, now: datetime) -> datetime | None:
    """Rows dated before this may go; events only once their hours are rolled up."""
    cutoff = before or now - timedelta(days=getattr(settings, spec.retention_setting))
    cutoff = _midnight(cutoff.astimezone(UTC).date())
    if spec.model == "analytics.Event":
        rolled = (
            RollupState.objects.filter(period="hour")
            .values_list("completed_until", flat=True)
            .first()
        )
        if rolled is None:
            return None
        cutoff = min(cutoff, _midnight(rolled.date()))
    return cutoff


def eligible(spec: ArchiveSpec, cutoff: datetime) -> models.QuerySet[Any]:
    return spec.model_class()._default_manager.filter(
        spec.condition, **{f"{spec.date_field}__lt": cutoff}
    )


def _day_rows(spec: ArchiveSpec, day: date) -> models.QuerySet[Any]:
    start = _midnight(day)
    return spec.model_class()._default_manager.filter(
        spec.condition,
        **{f"{spec.date_field}__gte": start, f"{spec.date_field}__lt": start + timedelta(days=1)},
    )


def object_key(table: str, day: date, part: int) -> str:
    suffix = "" if part == 1 else f".part{part}"
    return f"{settings.ARCHIVE_PREFIX}/{table}/{day:%Y/%m/%d}{suffix}.jsonl.gz"


def _columns(model: type[models.Model]) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields]


def _write_object(
    spec: ArchiveSpec, day: date
) -> tuple[tempfile.SpooledTemporaryFile[bytes], int, str]:
    """The day's rows as gzip JSON Lines in a spooled file, with its row count and SHA-256."""
    model = spec.model_class()
    spool = tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)  # noqa: SIM115 - returned
    count = 0
    with gzip.GzipFile(fileobj=spool, mode="wb", mtime=0) as zipped:
        rows = _day_rows(spec, day).order_by("pk").values(*_columns(model))
        for row in rows.iterator(chunk_size=settings.ARCHIVE_BATCH_SIZE):
            zipped.write(json.dumps(row, cls=DjangoJSONEncoder, sort_keys=True).encode() + b"\n")
            count += 1
    spool.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: spool.read(1024 * 1024), b""):
        digest.update(chunk)
    spool.seek(0)
    return spool, count, digest.hexdigest()


def read_object(key: str) -> tuple[list[dict[str, Any]], str, int]:
    """An archive object's rows, the SHA-256 of its bytes and its size (404 when absent)."""
    if not default_storage.exists(key):
        raise NotFoundError(f"No archive object {key}.")
    return _read_rows(key)


def _read_rows(key: str) -> tuple[list[dict[str, Any]], str, int]:
    """The object's rows, the SHA-256 of its bytes and its size."""
    with default_storage.open(key, "rb") as handle:
        data = handle.read()
    rows = [json.loads(line) for line in gzip.decompress(data).splitlines() if line.strip()]
    return rows, hashlib.sha256(data).hexdigest(), len(data)


def _set(obj: ArchiveObject, **changes: Any) -> None:
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.save(update_fields=[*changes, "updated_at"])


def _upload(spec: ArchiveSpec, obj: ArchiveObject) -> bool:
    """Write the object (replacing a partial one); False when the day has no rows any more."""
    spool, count, digest = _write_object(spec, obj.day)
    with spool:
        if count == 0:
            if default_storage.exists(obj.key):
                default_storage.delete(obj.key)
            obj.delete()
            return False
        if default_storage.exists(obj.key):
            default_storage.delete(obj.key)
        stored = default_storage.save(obj.key, File(spool, name=obj.key))
        if stored != obj.key:
            raise RuntimeError(f"the bucket stored {obj.key} as {stored}")
        checkpoint("stored", obj)
        size = spool.seek(0, io.SEEK_END)
    _set(obj, status=ArchiveObject.Status.UPLOADED, row_count=count, sha256=digest, size=size)
    checkpoint("uploaded", obj)
    return True


def _verify(obj: ArchiveObject) -> list[int]:
    """Read the object back: its bytes' SHA-256, size and row count must match the record."""
    rows, digest, size = _read_rows(obj.key)
    if digest != obj.sha256 or size != obj.size or len(rows) != obj.row_count:
        raise RuntimeError(
            f"{obj.key} does not match its record: {len(rows)} rows / {size} bytes / {digest[:12]}"
            f" read back, {obj.row_count} / {obj.size} / {obj.sha256[:12]} written"
        )
    return [int(row["id"]) for row in rows]


def _deleting(model: type[models.Model]) -> AbstractContextManager[None]:
    """The audit trail refuses deletes except archival's own, inside its transaction."""
    return purging_archived_audit_entries() if model is AuditLog else nullcontext()


def _delete_rows(spec: ArchiveSpec, obj: ArchiveObject, ids: list[int]) -> None:
    """Delete exactly the archived rows, batch by batch, progress committed with each batch."""
    model = spec.model_class()
    batch = settings.ARCHIVE_BATCH_SIZE
    for start in range(0, len(ids), batch):
        with transaction.atomic(), _deleting(model):
            deleted, _ = model._default_manager.filter(pk__in=ids[start : start + batch]).delete()
            ArchiveObject.objects.filter(pk=obj.pk).update(
                deleted_count=models.F("deleted_count") + deleted, updated_at=timezone.now()
            )
        checkpoint("deleted-batch", obj)
    _set(obj, status=ArchiveObject.Status.COMPLETE)
    checkpoint("complete", obj)


def _finish(spec: ArchiveSpec, obj: ArchiveObject, result: ArchiveResult) -> None:
    """Drive one object from whatever state it is in to complete."""
    if obj.status == ArchiveObject.Status.PENDING and not _upload(spec, obj):
        return
    if obj.status == ArchiveObject.Status.UPLOADED:
        try:
            ids = _verify(obj)
        except Exception:
            # A bad or missing object is written again; its rows are all still here.
            logger.exception("archive object %s failed verification; uploading again", obj.key)
            _set(obj, status=ArchiveObject.Status.PENDING)
            if not _upload(spec, obj):
                return
            ids = _verify(obj)
        _set(obj, status=ArchiveObject.Status.VERIFIED, verified_at=timezone.now())
        checkpoint("verified", obj)
    else:
        ids = _verify(obj)
    _delete_rows(spec, obj, ids)
    result.add(spec.table, objects=1, rows=obj.row_count)


def _new_object(spec: ArchiveSpec, day: date, run: ArchiveRun) -> ArchiveObject:
    part = (
        ArchiveObject.objects.filter(table=spec.table, day=day).aggregate(top=models.Max("part"))[
            "top"
        ]
        or 0
    ) + 1
    return ArchiveObject.objects.create(
        run=run, table=spec.table, day=day, part=part, key=object_key(spec.table, day, part)
    )


def _days(spec: ArchiveSpec, cutoff: datetime) -> Iterator[date]:
    days = (
        eligible(spec, cutoff)
        .annotate(archive_day=TruncDate(spec.date_field, tzinfo=UTC))
        .values_list("archive_day", flat=True)
        .distinct()
        .order_by("archive_day")
    )
    yield from days


def archive(
    *,
    before: datetime | None = None,
    dry_run: bool = False,
    tables: list[str] | None = None,
    now: datetime | None = None,
) -> ArchiveResult:
    """Archive every eligible row of the chosen tables (all by default); resumes unfinished
    objects first. A dry run counts and changes nothing."""
    now = now or timezone.now()
    specs = [BY_TABLE[t] for t in tables] if tables else SPECS
    result = ArchiveResult(dry_run=dry_run)
    if dry_run:
        for spec in specs:
            cutoff = cutoff_for(spec, before=before, now=now)
            if cutoff is None:
                result.skipped[spec.table] = "events are not rolled up yet"
                continue
            result.cutoffs[spec.table] = cutoff
            qs = eligible(spec, cutoff)
            result.add(spec.table, rows=qs.count(), days=len(list(_days(spec, cutoff))))
        return result
    if not cache.add(LOCK_KEY, "1", timeout=6 * 3600):
        raise Conflict("Another archive run is in progress.")
    run = ArchiveRun.objects.create(before=before or now, summary={})
    try:
        for spec in specs:
            _archive_table(spec, run, result, before=before, now=now)
    except Exception as exc:
        _set_run(run, ArchiveRun.Status.FAILED, result, error=f"{type(exc).__name__}: {exc}")
        raise
    finally:
        cache.delete(LOCK_KEY)
    _set_run(run, ArchiveRun.Status.DONE, result)
    return result


def _archive_table(
    spec: ArchiveSpec,
    run: ArchiveRun,
    result: ArchiveResult,
    *,
    before: datetime | None,
    now: datetime,
) -> None:
    unfinished = ArchiveObject.objects.filter(table=spec.table).exclude(
        status__in=[ArchiveObject.Status.COMPLETE, ArchiveObject.Status.RESTORED]
    )
    for obj in unfinished.order_by("day", "part"):
        _finish(spec, obj, result)
    cutoff = cutoff_for(spec, before=before, now=now)
    if cutoff is None:
        result.skipped[spec.table] = "events are not rolled up yet"
        return
    result.cutoffs[spec.table] = cutoff
    for day in list(_days(spec, cutoff)):
        _finish(spec, _new_object(spec, day, run), result)
        result.add(spec.table, days=1)


def _set_run(run: ArchiveRun, status: str, result: ArchiveResult, *, error: str = "") -> None:
    run.status = status
    run.error = error
    run.finished_at = timezone.now()
    run.summary = {
        "tables": result.tables,
        "cutoffs": {t: c.isoformat() for t, c in result.cutoffs.items()},
        "skipped": result.skipped,
    }
    run.save(update_fields=["status", "error", "finished_at", "summary"])


# --- restore ---------------------------------------------------------------------------------


def _instances(model: type[models.Model], rows: list[dict[str, Any]]) -> list[models.Model]:
    fields = {f.attname: f for f in model._meta.concrete_fields}
    out = []
    for row in rows:
        values = {}
        for name, value in row.items():
            model_field = fields.get(name)
            if model_field is None:
                continue
            values[name] = (
                value if isinstance(model_field, models.JSONField) else model_field.to_python(value)
            )
        out.append(model(**values))
    return out


@dataclass
class RestoreResult:
    key: str
    rows: int
    inserted: int
    already_present: int
    failed: list[int]
    object_removed: bool


def restore(*, key: str, keep_object: bool = False) -> RestoreResult:
    """Load an archived object's rows back (rows still present are left alone). The object is
    removed once every one of its rows is back, unless `keep_object`."""
    obj = ArchiveObject.objects.filter(key=key).first()
    if obj is not None and obj.status == ArchiveObject.Status.RESTORED:
        raise DomainError(f"{key} was restored already.")
    if not default_storage.exists(key):
        raise NotFoundError(f"No archive object {key}.")
    rows, digest, _ = _read_rows(key)
    if obj is not None and (digest != obj.sha256 or len(rows) != obj.row_count):
        raise DomainError(f"{key} does not match its checksum; refusing to restore it.")
    table = obj.table if obj is not None else key.split("/")[-4]
    spec = BY_TABLE.get(table)
    if spec is None:
        raise DomainError(f"Unknown archived table {table!r}.")
    model = spec.model_class()
    ids = [int(row["id"]) for row in rows]
    present = set(model._default_manager.filter(pk__in=ids).values_list("pk", flat=True))
    missing = [row for row in rows if int(row["id"]) not in present]
    failed = _insert(model, missing)
    back = model._default_manager.filter(pk__in=ids).count() == len(ids)
    removed = False
    if back and not keep_object:
        default_storage.delete(key)
        removed = True
        if obj is not None:
            _set(obj, status=ArchiveObject.Status.RESTORED, restored_at=timezone.now())
    return RestoreResult(key, len(rows), len(missing) - len(failed), len(present), failed, removed)


def _insert(model: type[models.Model], rows: list[dict[str, Any]]) -> list[int]:
    """Insert in batches; a batch that fails goes row by row. Returns the ids that failed."""
    failed: list[int] = []
    batch = settings.ARCHIVE_BATCH_SIZE
    for start in range(0, len(rows), batch):
        chunk = _instances(model, rows[start : start + batch])
        try:
            with transaction.atomic():
                model._default_manager.bulk_create(chunk)
        except IntegrityError:
            for instance in chunk:
                try:
                    with transaction.atomic():
                        model._default_manager.bulk_create([instance])
                except IntegrityError:
                    failed.append(int(instance.pk))
    _reset_sequence(model)
    return failed


def _reset_sequence(model: type[models.Model]) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(sql)
