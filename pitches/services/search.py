"""Saved searches, the search history and clicks on results."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from analytics import track
from analytics.services import record_activity
from pitches.models import Pitch, SavedSearch, SearchClick, SearchHistory
from pitchey.errors import Conflict, NotFoundError

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

SAVED_SEARCHES_PER_USER = 50
SAVED_FIELDS = (
    "name",
    "description",
    "search_query",
    "filters",
    "is_public",
    "notify_on_results",
    "alert_frequency",
)


@transaction.atomic
def save_search(*, owner: User, fields: dict[str, Any]) -> SavedSearch:
    """Keep a search under a name of the owner's (at most 50 each; a name once per owner)."""
    if SavedSearch.objects.owned_by(owner).count() >= SAVED_SEARCHES_PER_USER:
        raise Conflict(
            f"You can keep at most {SAVED_SEARCHES_PER_USER} saved searches.",
            details={"name": ["Delete a saved search first."]},
        )
    search = SavedSearch(owner=owner, **{k: fields[k] for k in SAVED_FIELDS if k in fields})
    try:
        with transaction.atomic():
            search.save()
    except IntegrityError:
        raise Conflict(
            "You already have a saved search with this name.",
            details={"name": ["Already used."]},
        ) from None
    record_activity(search, "pitches.search.saved", actor=owner, data={"name": search.name})
    return search


@transaction.atomic
def delete_saved_search(*, search: SavedSearch, actor: User) -> None:
    if search.owner_id != actor.pk:
        raise NotFoundError("No such saved search.")
    record_activity(search, "pitches.search.deleted", actor=actor, data={"name": search.name})
    search.delete()


def use_saved_search(*, search: SavedSearch, user: User | AnonymousUser) -> SavedSearch:
    """Count one run of a saved search (its owner's or a public one)."""
    SavedSearch.objects.filter(pk=search.pk).update(
        use_count=F("use_count") + 1, last_used=timezone.now()
    )
    search.refresh_from_db(fields=["use_count", "last_used"])
    return search


def track_click(
    *,
    user: User | AnonymousUser,
    pitch: Pitch,
    query: str,
    position: int | None,
    search_id: int | None,
    session_id: str,
) -> SearchClick:
    """A result opened from a search; the history row is linked only when it is the user's."""
    viewer = user if user.is_authenticated else None
    search = None
    if search_id is not None and viewer is not None:
        search = SearchHistory.objects.owned_by(viewer).filter(pk=search_id).first()
    click = SearchClick.objects.create(
        user=viewer,
        pitch=pitch,
        search=search,
        query=query.strip()[:200],
        position=position,
        session_id=session_id[:64],
    )
    track(
        "search",
        user_id=viewer.pk if viewer else None,
        pitch_id=pitch.pk,
        session_id=session_id,
        data={"click": True, "position": position, "query": click.query},
    )
    return click
