"""Reads of the review queue, reviews and company verification. Each runs a fixed number of
queries whatever the number of rows."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import (
    Case,
    CharField,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.shortcuts import get_object_or_404

from ndas.models import Nda
from pitches.models import Pitch
from production.models import CompanyVerification, PitchReview

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


def review_queue(user: User | AnonymousUser) -> QuerySet[Pitch]:
    """Pitches `user` holds a live signed NDA for and has not reviewed, most viewed first,
    with `submitted_at` (when the NDA was signed) and `priority` (high past 1,000 views,
    medium past 100, else low), as technical reference section 3.3.1 defines the queue."""
    if not user.is_authenticated:
        return Pitch.objects.none()
    return queue_of(user.pk).filter(Q(status=Pitch.Status.PUBLISHED) | Q(owner_id=user.pk))


def queue_of(user_id: int) -> QuerySet[Pitch]:
    signed = Nda.objects.live().filter(signer_id=user_id, pitch=OuterRef("pk"))
    reviewed = PitchReview.objects.filter(company_id=user_id, pitch=OuterRef("pk"))
    return (
        Pitch.objects.filter(Exists(signed))
        .exclude(Exists(reviewed))
        .annotate(
            submitted_at=Subquery(signed.order_by("-approved_at").values("request__signed_at")[:1]),
            priority=Case(
                When(view_count__gt=1000, then=Value("high")),
                When(view_count__gt=100, then=Value("medium")),
                default=Value("low"),
                output_field=CharField(),
            ),
        )
        .select_related("owner")
        .order_by("-view_count", "-id")
    )


def queue_size(user: User) -> int:
    return review_queue(user).count()


def queued_pitch_or_404(user: User | AnonymousUser, pitch_id: int) -> Pitch:
    """A pitch of `user`'s queue (a signed NDA, not reviewed yet), else 404."""
    return get_object_or_404(review_queue(user), pk=pitch_id)


def reviewable_pitch_or_404(user: User | AnonymousUser, pitch_id: int) -> Pitch:
    """A pitch `user` may open (the service then checks the NDA)."""
    return get_object_or_404(Pitch.objects.visible_to(user).select_related("owner"), pk=pitch_id)


def reviews_by(user: User | AnonymousUser, *, status: str = "") -> QuerySet[PitchReview]:
    rows = PitchReview.objects.by_company(user).for_display()
    return rows.filter(status=status) if status else rows


def reviews_received(user: User | AnonymousUser) -> QuerySet[PitchReview]:
    return PitchReview.objects.received_by(user).for_display()


def review_or_404(user: User | AnonymousUser, review_id: int) -> PitchReview:
    """A review the user wrote or received; anyone else's is a 404."""
    return get_object_or_404(PitchReview.objects.involving(user).for_display(), pk=review_id)


def own_review_or_404(user: User | AnonymousUser, review_id: int) -> PitchReview:
    return get_object_or_404(PitchReview.objects.by_company(user).for_display(), pk=review_id)


def latest_verification(user: User | AnonymousUser) -> CompanyVerification | None:
    return CompanyVerification.objects.of(user).order_by("-submitted_at", "-id").first()


def verification_queue() -> QuerySet[CompanyVerification]:
    """Submissions staff have to decide, oldest first (for the admin and the staff console)."""
    return CompanyVerification.objects.awaiting_review().for_review().order_by("submitted_at")


def verification_or_404(verification_id: int) -> CompanyVerification:
    return get_object_or_404(CompanyVerification.objects.for_review(), pk=verification_id)


def company_directory(query: str, *, limit: int = 10) -> list[dict[str, Any]]:
    """Companies whose verified or submitted name matches `query`: the local stand-in for
    the Companies House search (no outbound calls)."""
    query = query.strip()
    if len(query) < 2:
        return []
    rows = (
        CompanyVerification.objects.filter(company_name__icontains=query)
        .exclude(registration_number="")
        .order_by("company_name", "-submitted_at")
        .values("company_name", "registration_number", "region", "status")[: limit * 3]
    )
    seen: dict[str, Any] = {}
    for row in rows:
        seen.setdefault(row["registration_number"], row)
    return [
        {
            "title": row["company_name"],
            "company_name": row["company_name"],
            "company_number": row["registration_number"],
            "region": row["region"],
            "verified": row["status"] == CompanyVerification.Status.APPROVED,
        }
        for row in list(seen.values())[:limit]
    ]


def queue_item(pitch: Pitch) -> dict[str, Any]:
    """One queue row: the public facts of the pitch, its creator, priority and NDA date."""
    return {
        "pitch_id": pitch.pk,
        "id": pitch.pk,
        "title": pitch.title,
        "logline": pitch.logline,
        "genre": pitch.genre,
        "format": pitch.format,
        "view_count": pitch.view_count,
        "creator_name": pitch.owner.display_name,
        "creator_id": pitch.owner_id,
        "submitted_at": getattr(pitch, "submitted_at", None),
        "priority": getattr(pitch, "priority", "low"),
    }
