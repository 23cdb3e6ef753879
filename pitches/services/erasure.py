"""GDPR erasure in pitches: what the person wrote about others' pitches is wiped (comments
become removed placeholders, feedback loses its text, information requests lose the question
they asked or the answer they gave), their watchlist notes are blanked, their view records
lose the session key, their searches (history and saved) are deleted, and their own pitches
leave the marketplace (archived, never deleted: NDAs signed on them and their ledger entries
are evidence that must stay); the seals of their pitches keep the hash and the title but no
longer name them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from pitches.engagement.models import PitchComment, PitchFeedback
from pitches.models import InfoRequest, Pitch, PitchSeal, PitchView, SavedPitch
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
    watchlist = SavedPitch.objects.filter(user=user).exclude(notes="").update(notes="")
    asked = InfoRequest.objects.filter(requester=user).update(message="")
    answered = InfoRequest.objects.filter(owner=user).update(response="")
    PitchSeal.objects.filter(pitch__owner=user).update(creator_name="")
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
        "watchlist_notes": watchlist,
        "info_requests": asked + answered,
        "pitches_archived": len(pitches),
    }
