"""What the access export (GDPR art. 15) holds from curation: the person's slates, share links
(without their tokens) and saved comparisons."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from curation.models import SavedComparison, ShareLink, Slate

if TYPE_CHECKING:
    from accounts.models import User


def personal_data(user: User) -> dict[str, Any]:
    slates = Slate.objects.filter(owner=user).prefetch_related("pitches")
    return {
        "slates": [
            {
                "title": slate.title,
                "description": slate.description,
                "status": slate.status,
                "pitch_ids": [pitch.pk for pitch in slate.pitches.all()],
                "created_at": slate.created_at,
            }
            for slate in slates
        ],
        "share_links": list(
            ShareLink.objects.filter(owner=user).values("kind", "label", "expires_at")
        ),
        "comparisons": list(
            SavedComparison.objects.filter(owner=user).values(
                "title", "kind", "subject_ids", "created_at"
            )
        ),
    }
