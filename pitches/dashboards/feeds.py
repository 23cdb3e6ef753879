"""Activity feeds: what people did, named, with the pitches it was about."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.utils import timezone

from accounts.models import Follow, User
from analytics import selectors as stats
from analytics.models import Event
from pitches.dashboards.common import DESCRIPTIONS, PUBLIC_TYPES
from pitches.models import Pitch


def activity_items(events: Sequence[Event], *, viewer: User) -> list[dict[str, Any]]:
    """Feed entries for events: who did what to which pitch (two queries for the names)."""
    user_ids = {e.user_id for e in events if e.user_id} | {
        e.creator_id for e in events if e.creator_id and e.event_type == "user_follow"
    }
    people = {
        u.pk: u
        for u in User.objects.filter(pk__in=user_ids).only(
            "id",
            "first_name",
            "last_name",
            "company_name",
            "username",
            "user_type",
            "privacy_settings",
            "company_verified",
        )
    }
    pitch_ids = {e.pitch_id for e in events if e.pitch_id}
    pitches = {
        p["id"]: p
        for p in Pitch.objects.visible_to(viewer)
        .filter(pk__in=pitch_ids)
        .values("id", "title", "slug")
    }
    items = []
    for event in events:
        actor = people.get(event.user_id or 0)
        hidden = (
            actor is not None
            and actor.pk != viewer.pk
            and ((actor.privacy_settings or {}).get("profile_visibility") == "private")
        )
        pitch = pitches.get(event.pitch_id or 0)
        target = people.get(event.creator_id or 0) if event.event_type == "user_follow" else None
        name = (
            "You"
            if actor is not None and actor.pk == viewer.pk
            else ("Someone" if actor is None or hidden else actor.display_name)
        )
        object_name = pitch["title"] if pitch else (target.display_name if target else "")
        description = f"{name} {DESCRIPTIONS.get(event.event_type, event.event_type)}"
        if object_name:
            description += f" {object_name}"
        items.append(
            {
                "id": event.pk,
                "type": event.event_type,
                "category": event.event_category,
                "description": description,
                "created_at": event.created_at,
                "timestamp": event.created_at,
                "actor": None
                if actor is None or hidden
                else {
                    "id": actor.pk,
                    "name": actor.display_name,
                    "user_type": actor.portal,
                    "company_verified": actor.company_verified,
                },
                "pitch": {"id": pitch["id"], "title": pitch["title"], "slug": pitch["slug"]}
                if pitch
                else None,
            }
        )
    return items


def own_activity(
    user: User,
    *,
    limit: int,
    offset: int,
    types: Sequence[str] | None = None,
    days: int | None = None,
) -> dict[str, Any]:
    """A user's own actions plus what happened to their pitches, newest first."""
    since = timezone.now() - timedelta(days=days) if days else None
    events, total = stats.recent_events(
        user_ids=[user.pk], creator_id=user.pk, types=types, since=since, limit=limit, offset=offset
    )
    items = activity_items(events, viewer=user)
    return {"activities": items, "total": total, "limit": limit, "offset": offset}


def following_feed(user: User, *, limit: int) -> dict[str, Any]:
    """`/api/activity/feed`: what the people you follow did publicly, and your own actions."""
    followed = list(Follow.objects.filter(follower=user).values_list("following_id", flat=True))
    events, total = stats.feed_events(
        own_id=user.pk, followed_ids=followed, public_types=PUBLIC_TYPES, limit=limit
    )
    items = activity_items(events, viewer=user)
    by_type: dict[str, int] = {}
    for item in items:
        by_type[item["type"]] = by_type.get(item["type"], 0) + 1
    return {
        "items": items,
        "summary": {"total": total, "following": len(followed), "by_type": by_type},
        "total": total,
    }
