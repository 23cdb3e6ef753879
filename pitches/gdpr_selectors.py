"""What the access export (GDPR art. 15) holds from pitches beyond the person's pitches and
comments: their watchlist, information requests asked and answered, searches and feedback."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pitches.engagement.models import PitchFeedback
from pitches.models import InfoRequest, SavedPitch
from pitches.models.search import SavedSearch, SearchHistory

if TYPE_CHECKING:
    from accounts.models import User


def personal_data(user: User) -> dict[str, Any]:
    return {
        "watchlist": list(
            SavedPitch.objects.filter(user=user).values("pitch_id", "notes", "created_at")
        ),
        "info_requests_made": list(
            InfoRequest.objects.filter(requester=user).values(
                "id", "pitch_id", "message", "categories", "status", "response", "created_at"
            )
        ),
        "info_requests_answered": list(
            InfoRequest.objects.filter(owner=user).values(
                "id", "pitch_id", "message", "response", "status", "responded_at"
            )
        ),
        "feedback_given": list(
            PitchFeedback.objects.filter(author=user).values(
                "pitch_id", "strengths", "weaknesses", "suggestions", "overall"
            )
        ),
        "search_history": list(
            SearchHistory.objects.filter(user=user).values("query", "filters", "created_at")[:1000]
        ),
        "saved_searches": list(
            SavedSearch.objects.filter(owner=user).values(
                "name", "description", "search_query", "filters"
            )
        ),
    }
