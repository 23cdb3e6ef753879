"""Reviews of pitches by production companies: only after a signed NDA, once per company and
pitch, private to the company and the creator, who is told after commit."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from analytics.services import record_activity
from messaging import NotificationKind
from ndas.models import Nda
from pitchey.errors import Conflict, NotAllowed
from production.models import PitchReview
from production.services.common import ensure_company, invalid, notify_after_commit

if TYPE_CHECKING:
    from accounts.models import User
    from pitches.models import Pitch

STATUS_WORDS = {
    "approved": "approved",
    "passed": "passed on",
    "needs_changes": "asked for changes to",
}
ALIASES = {"needs-changes": "needs_changes", "needschanges": "needs_changes", "pass": "passed"}


def _status(value: str) -> str:
    status = ALIASES.get(value.strip().lower(), value.strip().lower())
    if status not in PitchReview.Status.values:
        raise invalid("status", "approved, passed or needs_changes.")
    return status


def _rating(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 10:
        raise invalid("rating", "A whole number from 1 to 10.")
    return value


def holds_signed_nda(company: User, pitch: Pitch) -> bool:
    return Nda.objects.live().filter(signer=company, pitch=pitch).exists()


def _announce(review: PitchReview, pitch: Pitch, company: User, *, updated: bool) -> None:
    verb = STATUS_WORDS[review.status]
    name = company.company_name or company.display_name
    notify_after_commit(
        pitch.owner_id,
        NotificationKind.PITCH_REVIEW,
        f"{name} {verb} “{pitch.title}”" + (" (updated review)" if updated else ""),
        body=f"Rating {review.rating}/10. {review.feedback[:200]}".strip(),
        link=f"/creator/reviews/#review-{review.pk}",
        data={"review_id": review.pk, "pitch_id": pitch.pk, "status": review.status},
    )


@transaction.atomic
def create_review(
    *, company: User, pitch: Pitch, status: str, rating: Any, feedback: str = ""
) -> PitchReview:
    """The company's review of a pitch it holds a live signed NDA for (one per pitch)."""
    ensure_company(company)
    if pitch.owner_id == company.pk:
        raise NotAllowed("You cannot review your own pitch.")
    status, rating = _status(status), _rating(rating)
    if not holds_signed_nda(company, pitch):
        raise NotAllowed("Sign an NDA for this pitch before reviewing it.")
    try:
        with transaction.atomic():
            review = PitchReview.objects.create(
                company=company,
                pitch=pitch,
                status=status,
                rating=rating,
                feedback=feedback.strip()[:5000],
            )
    except IntegrityError:
        raise Conflict("You have already reviewed this pitch.") from None
    record_activity(
        review,
        "production.review.created",
        actor=company,
        data={"pitch": pitch.pk, "status": status, "rating": rating},
    )
    _announce(review, pitch, company, updated=False)
    return review


@transaction.atomic
def update_review(
    *,
    review: PitchReview,
    actor: User,
    status: str | None = None,
    rating: Any = None,
    feedback: str | None = None,
) -> PitchReview:
    """The company edits its own review; the creator hears of the change."""
    if review.company_id != actor.pk:
        raise NotAllowed("Only the company that wrote this review can change it.")
    locked = PitchReview.objects.select_for_update().select_related("pitch").get(pk=review.pk)
    if status is not None:
        locked.status = _status(status)
    if rating is not None:
        locked.rating = _rating(rating)
    if feedback is not None:
        locked.feedback = feedback.strip()[:5000]
    locked.updated_at = timezone.now()
    locked.save(update_fields=["status", "rating", "feedback", "updated_at"])
    record_activity(locked, "production.review.updated", actor=actor)
    _announce(locked, locked.pitch, actor, updated=True)
    return locked
