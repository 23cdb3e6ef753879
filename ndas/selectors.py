"""Reads of NDA requests: scoped lists with filters, the pitch status, stats, the access log."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Avg, Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from accounts.selectors import is_blocked
from ndas.models import REQUESTER_TYPES, Nda, NdaRequest, effective_status, shown_status
from pitches import access
from pitches.models import DocumentAccessLog, Pitch, PitchAccess

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

LIST_KINDS = (
    "all",
    "incoming-requests",
    "outgoing-requests",
    "incoming-signed",
    "outgoing-signed",
    "signed",
    "active",
)


def _base(user: User | AnonymousUser) -> QuerySet[NdaRequest]:
    return NdaRequest.objects.involving(user).select_related("pitch", "requester", "owner", "nda")


def live_nda_q(prefix: str = "nda__") -> Q:
    now = timezone.now()
    return Q(**{f"{prefix}status": Nda.Status.APPROVED}) & (
        Q(**{f"{prefix}access_expires_at__isnull": True})
        | Q(**{f"{prefix}access_expires_at__gt": now})
    )


def requests_for(user: User, kind: str, filters: dict[str, Any]) -> QuerySet[NdaRequest]:
    """The requests of one list (`kind`) visible to `user`, with the contract's filters."""
    rows = _base(user)
    if kind.startswith("incoming"):
        rows = rows.filter(owner=user)
    elif kind.startswith("outgoing"):
        rows = rows.filter(requester=user)
    elif kind in ("signed", "active"):
        rows = rows.filter(Q(owner=user) | Q(requester=user))
    if kind == "incoming-requests" and not filters.get("status"):
        rows = rows.filter(status=NdaRequest.Status.PENDING)
    if kind.endswith("signed"):
        rows = rows.filter(status=NdaRequest.Status.APPROVED, nda__isnull=False)
    if kind == "active":
        rows = rows.filter(live_nda_q())
    return apply_filters(rows, filters)


def apply_filters(rows: QuerySet[NdaRequest], filters: dict[str, Any]) -> QuerySet[NdaRequest]:
    if filters.get("status") == "signed":
        rows = rows.filter(live_nda_q())
    elif filters.get("status"):
        rows = rows.filter(status=filters["status"])
    for param, field in (
        ("creator_id", "owner_id"),
        ("requester_id", "requester_id"),
        ("pitch_id", "pitch_id"),
    ):
        if filters.get(param):
            rows = rows.filter(**{field: filters[param]})
    date_from: date | None = filters.get("date_from")
    date_to: date | None = filters.get("date_to")
    if date_from:
        rows = rows.filter(created_at__date__gte=date_from)
    if date_to:
        rows = rows.filter(created_at__date__lte=date_to)
    return rows.order_by("-created_at", "-id")


def latest_for(user: User | AnonymousUser, pitch: Pitch) -> NdaRequest | None:
    if not user.is_authenticated:
        return None
    return (
        NdaRequest.objects.filter(pitch=pitch, requester=user)
        .select_related("pitch", "requester", "owner", "nda")
        .order_by("-created_at", "-id")
        .first()
    )


def has_live_nda(user: User | AnonymousUser, pitch: Pitch) -> bool:
    """Whether `user` holds an executed (approved and signed), unrevoked, unexpired NDA."""
    if not user.is_authenticated:
        return False
    return Nda.objects.live().filter(pitch=pitch, signer=user).exists()


def pitch_status(user: User | AnonymousUser, pitch: Pitch) -> dict[str, Any]:
    """The viewer's NDA state on `pitch`: `has_nda` means there is a request to show (the SPA's
    wizard picks its step from its status), `has_signed_nda` that an NDA is in force."""
    latest = latest_for(user, pitch)
    return {
        "can_access": access.can_view_confidential(user, pitch),
        "has_nda": latest is not None,
        "has_signed_nda": has_live_nda(user, pitch),
        "request": latest,
    }


_SPA_KEYS = (
    "viewer_nda_live",
    "viewer_granted",
    "viewer_request_status",
    "viewer_request_signed_at",
    "viewer_access_until",
)


def spa_pitch_annotations(user: User, now: datetime | None = None) -> dict[str, Any]:
    """Annotations of a pitch queryset (one row per pitch, `OuterRef("pk")`) with what
    `spa_keys_of` reads: whether `user` holds a live NDA and a live grant on the pitch at `now`
    (the current time unless given), and their latest request's status, signing time and
    access end."""
    pitch = OuterRef("pk")
    latest = NdaRequest.objects.filter(pitch=pitch, requester=user).order_by("-created_at", "-id")
    return {
        "viewer_nda_live": Exists(Nda.objects.live(now).filter(pitch=pitch, signer=user)),
        "viewer_granted": Exists(PitchAccess.objects.live(now).filter(pitch=pitch, user=user)),
        "viewer_request_status": Subquery(latest.values("status")[:1]),
        "viewer_request_signed_at": Subquery(latest.values("signed_at")[:1]),
        "viewer_access_until": Subquery(latest.values("nda__access_expires_at")[:1]),
    }


def spa_keys_of(row: Mapping[str, Any]) -> tuple[bool, dict[str, Any]]:
    """Whether the viewer holds a live grant (`access.can_view_confidential`'s grant test), and
    the NDA keys the SPA reads on a pitch (PitchDetail.tsx): `hasNDA` (a request to show),
    `hasSignedNDA` (an NDA in force) and `ndaStatus` (the latest request's shown status), from
    the values of `spa_pitch_annotations`."""
    granted = bool(row["viewer_granted"])
    if row["viewer_request_status"] is None:
        keys = {"hasNDA": False, "hasSignedNDA": bool(row["viewer_nda_live"]), "ndaStatus": "none"}
        return granted, keys
    effective = effective_status(row["viewer_request_status"], row["viewer_access_until"])
    return granted, {
        "hasNDA": True,
        "hasSignedNDA": bool(row["viewer_nda_live"]),
        "ndaStatus": shown_status(effective, signed=row["viewer_request_signed_at"] is not None),
    }


def spa_pitch_keys(user: User, pitch: Pitch) -> tuple[bool, dict[str, Any]]:
    """`spa_keys_of` for `user` on `pitch`, in one query."""
    row = (
        Pitch.objects.filter(pk=pitch.pk)
        .annotate(**spa_pitch_annotations(user))
        .values(*_SPA_KEYS)
        .first()
    )
    if row is None:
        return False, {"hasNDA": False, "hasSignedNDA": False, "ndaStatus": "none"}
    return spa_keys_of(row)


def spa_keys_of_annotated(pitch: Pitch) -> tuple[bool, dict[str, Any]]:
    """`spa_keys_of` for a pitch read with `spa_pitch_annotations`."""
    return spa_keys_of({name: getattr(pitch, name) for name in _SPA_KEYS})


def history(user: User, other_id: int | None = None) -> QuerySet[NdaRequest]:
    """Every request `user` is a party to, newest first; with `other_id`, only those with them."""
    rows = _base(user)
    if other_id is not None:
        rows = rows.filter(Q(requester_id=other_id) | Q(owner_id=other_id))
    return rows.order_by("-created_at", "-id")


def analytics(user: User, *, since: datetime, pitch_id: int | None) -> dict[str, Any]:
    """Counts, approval rate, mean answer time and daily requests on `user`'s pitches since
    `since` (three queries whatever the volume)."""
    rows = NdaRequest.objects.filter(owner=user, created_at__gte=since)
    if pitch_id is not None:
        rows = rows.filter(pitch_id=pitch_id)
    counts = stats(rows)
    answered = rows.filter(decided_at__isnull=False).aggregate(
        mean=Avg(F("decided_at") - F("created_at"))
    )["mean"]
    decided = counts["approved"] + counts["rejected"] + counts["revoked"]
    trend = (
        rows.annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(count=Count("id"))
        .order_by("day")
    )
    return {
        "total_requests": counts["total"],
        "pending": counts["pending"],
        "approved": counts["approved"] + counts["revoked"],
        "rejected": counts["rejected"],
        "active": counts["active"],
        "avg_response_time": round(answered.total_seconds() / 3600, 1) if answered else None,
        "approval_rate": round((counts["approved"] + counts["revoked"]) / decided, 3)
        if decided
        else None,
        "trends": [{"date": row["day"].isoformat(), "count": row["count"]} for row in trend],
    }


def stats(rows: QuerySet[NdaRequest]) -> dict[str, int]:
    counts = dict.fromkeys(NdaRequest.Status.values, 0)
    for status, n in rows.order_by().values_list("status").annotate(n=Count("id")):
        counts[status] = n
    counts["total"] = sum(counts.values())
    counts["active"] = rows.filter(live_nda_q()).count()
    return counts


def user_stats(user: User) -> dict[str, Any]:
    incoming = NdaRequest.objects.filter(owner=user)
    outgoing = NdaRequest.objects.filter(requester=user)
    return {"incoming": stats(incoming), "outgoing": stats(outgoing), **stats(incoming | outgoing)}


def access_log(pitch: Pitch) -> QuerySet[DocumentAccessLog]:
    return (
        DocumentAccessLog.objects.filter(document__pitch=pitch)
        .select_related("document", "user")
        .order_by("-accessed_at", "-id")
    )


def signed_nda_of(nda_request: NdaRequest) -> Nda | None:
    """The NDA of an approved request once its signed PDF exists."""
    return Nda.objects.filter(pk=nda_request.pk).exclude(document_key="").first()


def verification(sha256: str) -> dict[str, Any]:
    """What a verifier may learn from a hash: only what the document's holder already reads in it
    (parties, dates, title), and only for a signed text sealed with a nonce or a signed PDF."""
    sha256 = sha256.lower()
    well_formed = len(sha256) == 64 and all(c in "0123456789abcdef" for c in sha256)
    sealed_text = Q(request__text_sha256=sha256) & ~Q(request__signature_nonce="")
    nda = (
        Nda.objects.select_related("request", "pitch", "owner")
        .filter(Q(document_sha256=sha256) | sealed_text)
        .first()
        if well_formed
        else None
    )
    if nda is None:
        return {
            "valid": False,
            "hash": sha256,
            "nda_id": None,
            "signed_by": None,
            "signed_at": None,
        }
    return {
        "valid": True,
        "hash": sha256,
        "matched": "document" if nda.document_sha256 == sha256 else "signed_text",
        "nda_id": nda.pk,
        "signed_by": nda.request.signer_name,
        "signed_at": nda.request.signed_at,
        "approved_at": nda.approved_at,
        "approved_by": nda.owner.display_name,
        "project": nda.pitch.title,
    }


def request_refusal(*, pitch: Pitch, user: User | AnonymousUser) -> str | None:
    """Why `user` may not request an NDA on `pitch` now (None when they may)."""
    if not user.is_authenticated:
        return "Log in to request access."
    if pitch.owner_id == user.pk:
        return "You cannot request an NDA for your own pitch."
    if getattr(user, "user_type", "") == "viewer":
        return (
            "Watchers follow, like and save pitches and message creators; the protected "
            "material is for investors and production companies who sign the creator's NDA."
        )
    if getattr(user, "user_type", "") not in REQUESTER_TYPES:
        return "Only investors and production companies can request NDAs."
    if pitch.status != Pitch.Status.PUBLISHED:
        return "NDAs can only be requested for published pitches."
    if is_blocked(pitch.owner_id, user.pk):
        return "You cannot request access to this pitch."
    return None


@dataclass(frozen=True)
class RequestAnswer:
    """May the user request an NDA on the pitch now: the reason when not, and their requests."""

    reason: str | None
    latest: NdaRequest | None
    existing: NdaRequest | None

    @property
    def can_request(self) -> bool:
        return self.reason is None


def request_answer(user: User | AnonymousUser, pitch: Pitch) -> RequestAnswer:
    """The one composition of the can-request answer: the refusal rule, then the user's open
    (pending or approved) request, which also refuses unless its access already ran out."""
    reason = request_refusal(pitch=pitch, user=user)
    latest = latest_for(user, pitch)
    open_statuses = (NdaRequest.Status.PENDING, NdaRequest.Status.APPROVED)
    existing = latest if latest and latest.status in open_statuses else None
    if existing is not None and reason is None:
        shown = existing.shown_status
        reason = None if shown == NdaRequest.Status.EXPIRED else f"You already have a {shown} NDA."
    return RequestAnswer(reason=reason, latest=latest, existing=existing)


def creator_dashboard_section(user_id: int) -> dict[str, Any]:
    """The creator dashboard's NDA part: pending requests (count and the newest five)."""
    pending = NdaRequest.objects.filter(owner_id=user_id, status=NdaRequest.Status.PENDING)
    recent = list(pending.select_related("pitch", "requester").order_by("-created_at", "-id")[:5])
    return {
        "pending_nda_requests": pending.count(),
        "recent_nda_requests": [
            {
                "id": row.pk,
                "type": "nda_request",
                "pitch_id": row.pitch_id,
                "pitch_title": row.pitch.title,
                "requester_name": row.requester.display_name,
                "status": row.status,
                "created_at": row.created_at,
            }
            for row in recent
        ],
    }


def investor_dashboard_section(user_id: int) -> dict[str, Any]:
    """NDA figures for an investor's or a production company's dashboard."""
    counts = NdaRequest.objects.filter(requester_id=user_id).aggregate(
        pending=Count("id", filter=Q(status=NdaRequest.Status.PENDING)),
        approved=Count("id", filter=Q(status=NdaRequest.Status.APPROVED)),
        rejected=Count("id", filter=Q(status=NdaRequest.Status.REJECTED)),
    )
    return {"ndas": dict(counts)}


def waiting_for(owner: User, *, limit: int) -> list[NdaRequest]:
    """Pending requests on the owner's pitches, oldest first: the ones to answer next."""
    rows = NdaRequest.objects.incoming(owner).filter(status=NdaRequest.Status.PENDING)
    return list(rows.select_related("pitch", "requester").order_by("created_at", "id")[:limit])


def sent_by(requester: User, *, limit: int) -> list[NdaRequest]:
    """The requester's latest requests with their state, newest first."""
    rows = NdaRequest.objects.outgoing(requester).select_related("pitch", "nda")
    return list(rows.order_by("-created_at", "-id")[:limit])


def home_counts(user: User) -> dict[str, int]:
    """Requests waiting for the user's answer, the user's own pending ones and live NDAs (one
    query)."""
    pending = Q(status=NdaRequest.Status.PENDING)
    row = NdaRequest.objects.filter(Q(owner=user) | Q(requester=user)).aggregate(
        waiting=Count("id", filter=pending & Q(owner=user)),
        pending=Count("id", filter=pending & Q(requester=user)),
        active=Count("id", filter=Q(requester=user) & live_nda_q()),
    )
    return {key: int(value or 0) for key, value in row.items()}


def honoured_nda_counts(creator_ids: list[int]) -> dict[int, int]:
    """NDAs others signed on each creator's pitches and still hold (not revoked): a fact of the
    creator's trust tier."""
    rows = (
        Nda.objects.filter(owner_id__in=creator_ids, status=Nda.Status.APPROVED)
        .exclude(signer_id=F("owner_id"))
        .values("owner_id")
        .annotate(n=Count("pk"))
    )
    return {row["owner_id"]: row["n"] for row in rows}
