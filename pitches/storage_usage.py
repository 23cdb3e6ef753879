"""How much a user stores: bytes and files of every upload the platform keeps for them, summed
in one query (one scalar subquery per source), against the allowance `STORAGE_QUOTA_BYTES`,
which every upload service checks before storing (`pitchey.uploads.ensure_room`). Two uploads
at the same moment may both pass the check; the next one is refused.

Each source is a QuerySet of rows with a `size` column, filtered to the user of an `OuterRef`;
apps above `pitches` add theirs in `AppConfig.ready()` (`ndas` adds custom NDA documents)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.template.defaultfilters import filesizeformat

from accounts.models import UserFile
from pitches.models import PitchDocument, PitchMedia
from pitchey.errors import DomainError

if TYPE_CHECKING:
    from accounts.models import User

# name -> (rows of `size` belonging to the user at OuterRef("pk"), the field naming that user)
Source = Callable[[], tuple[QuerySet[Any], str]]
SOURCES: dict[str, Source] = {
    "files": lambda: (UserFile.objects.all(), "owner"),
    "documents": lambda: (PitchDocument.objects.all(), "pitch__owner"),
    "images": lambda: (PitchMedia.objects.filter(kind=PitchMedia.Kind.IMAGE), "pitch__owner"),
}


def provide_source(name: str, source: Source) -> None:
    SOURCES[name] = source


def _scalar(rows: QuerySet[Any], owner: str, aggregate: Sum | Count) -> Coalesce:
    per_user = (
        rows.filter(**{owner: OuterRef("pk")})
        .order_by()
        .values(owner)
        .annotate(total=aggregate)
        .values("total")
    )
    return Coalesce(Subquery(per_user, output_field=IntegerField()), Value(0))


def usage_of(user: User) -> dict[str, Any]:
    """Used bytes, file count and allowance of `user`, per source too (one query)."""
    columns: dict[str, Any] = {}
    for name, source in SOURCES.items():
        rows, owner = source()
        columns[f"{name}_bytes"] = _scalar(rows, owner, Sum("size"))
        columns[f"{name}_count"] = _scalar(rows, owner, Count("pk"))
    row = get_user_model().objects.filter(pk=user.pk).values(**columns).get()
    used = sum(row[f"{name}_bytes"] for name in SOURCES)
    files = sum(row[f"{name}_count"] for name in SOURCES)
    limit = int(settings.STORAGE_QUOTA_BYTES)
    return {
        "used": used,
        "limit": limit,
        "available": max(limit - used, 0),
        "percentage": round(100 * used / limit, 2) if limit else 0,
        "file_count": files,
        "breakdown": {
            name: {"bytes": row[f"{name}_bytes"], "count": row[f"{name}_count"]} for name in SOURCES
        },
    }


class QuotaExceeded(DomainError):
    status_code = 403
    code = "QUOTA_EXCEEDED"


def ensure_room(owner: User, size: int) -> None:
    """Refuse (403 QUOTA_EXCEEDED) an upload of `size` bytes past `owner`'s allowance."""
    usage = usage_of(owner)
    if usage["used"] + size <= usage["limit"]:
        return
    raise QuotaExceeded(
        f"Your storage is full: this file needs {filesizeformat(size)} and "
        f"{filesizeformat(usage['available'])} of your {filesizeformat(usage['limit'])} is free. "
        "Delete files you no longer need, then try again.",
        details={"size": size, "used": usage["used"], "limit": usage["limit"]},
    )
