"""Reads of the search extras: a user's history, the popular searches and the suggestions as
the SPA's search box shows them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Max, Q

from pitches import config
from pitches.models import Pitch, SearchHistory

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

# A query shows among the suggestions only once this many people searched it, so nobody's
# words reach others unless they are common.
POPULAR_MIN_PEOPLE = 3


def history(user: User | AnonymousUser, *, limit: int) -> list[str]:
    """The user's recent distinct searches, newest first (empty for visitors)."""
    rows = (
        SearchHistory.objects.owned_by(user)
        .values("normalized")
        .annotate(last=Max("created_at"), query=Max("query"))
        .order_by("-last")[:limit]
    )
    return [row["query"] for row in rows]


def popular_queries(prefix: str, *, limit: int) -> list[dict[str, Any]]:
    """Queries at least POPULAR_MIN_PEOPLE people searched, starting with `prefix`."""
    rows = (
        SearchHistory.objects.filter(normalized__startswith=prefix.casefold())
        .values("normalized")
        .annotate(people=Count("user", distinct=True), times=Count("id"))
        .filter(people__gte=POPULAR_MIN_PEOPLE)
        .order_by("-times")[:limit]
    )
    return [{"query": row["normalized"], "type": "search", "count": row["times"]} for row in rows]


def suggestions(viewer: User | AnonymousUser, text: str, *, limit: int) -> list[dict[str, Any]]:
    """Pitch titles, genres, formats, creators and popular searches matching `text`
    (four queries at most)."""
    text = text.strip()[:100]
    found: list[dict[str, Any]] = []
    lowered = text.casefold()
    found += [
        {"query": genre, "type": "genre"} for genre in config.GENRES if lowered in genre.casefold()
    ]
    found += [
        {"query": sub, "type": "format"}
        for sub in config.SUBTYPES
        if lowered in sub.casefold() and sub != "Custom Format"
    ]
    titles = (
        Pitch.objects.visible_to(viewer)
        .published()
        .filter(title__icontains=text)
        .order_by("-view_count", "-id")
        .values_list("title", flat=True)[:limit]
    )
    found += [{"query": title, "type": "title"} for title in titles]
    people = (
        get_user_model()
        .objects.visible_to(viewer)
        .filter(user_type="creator")
        .filter(
            Q(username__istartswith=text)
            | Q(first_name__istartswith=text)
            | Q(last_name__istartswith=text)
        )
        .order_by("username")[:limit]
    )
    found += [{"query": person.display_name, "type": "creator"} for person in people]
    found += popular_queries(lowered, limit=limit)
    seen: set[tuple[str, str]] = set()
    unique = []
    for item in found:
        key = (item["query"].casefold(), item["type"])
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return unique[:limit]
