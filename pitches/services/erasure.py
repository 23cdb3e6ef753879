"""GDPR erasure in pitches: what the person wrote about others' pitches is wiped (comments
become removed placeholders, feedback loses its text), their view records lose the session
key, their searches (history and saved) are deleted, and their own pitches leave the
marketplace (archived, never deleted: NDAs signed on them and their ledger entries are evidence
that must stay)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from pitches.engagement.models import PitchComment, PitchFeedback
from pitches.models import Pitch, PitchView
from pitches.models.search import SavedSearch, SearchClick, SearchHistory
from pitches.services.common import _changed

if TYPE_CHECKING:
    from accounts.models import User


@transaction.atomic
def erase_person(*, user: User) -> dict[str, int]:
    now = timezone.now()
    comments = PitchComment.objects.filter(author=user).update(
        body="", body_html="", removed_at=now, removal=PitchComment.Removal.AUTHOR
    )
    feedback = PitchFeedback.objects.filter(author=user).update(
        strengths=[], weaknesses=[], suggestions=[], overall=""
    )
    PitchView.objects.filter(viewer=user).update(session_key="")
    searches = SearchHistory.objects.filter(user=user).delete()[0]
    searches += SavedSearch.objects.filter(owner=user).delete()[0]
    SearchClick.objects.filter(user=user).update(query="", session_id="")
    listed = Pitch.objects.filter(owner=user).exclude(status=Pitch.Status.ARCHIVED)
    pitches = list(listed.select_for_update())
    for pitch in pitches:
        pitch.status_before_archive = pitch.status
        pitch.status = Pitch.Status.ARCHIVED
        pitch.archived_at = now
        pitch.save(update_fields=["status", "status_before_archive", "archived_at", "updated_at"])
        _changed(pitch)
    return {
        "comments": comments,
        "feedback": feedback,
        "searches": searches,
        "pitches_archived": len(pitches),
    }
