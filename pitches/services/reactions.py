"""Likes, saves, pitch follows, counted views and searches: idempotent, counters updated
atomically."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from analytics import track
from pitches import cache as list_cache
from pitches import events
from pitches.engagement import services as engagement
from pitches.models import (
    Pitch,
    PitchFollow,
    PitchLike,
    PitchView,
    SavedPitch,
    SearchHistory,
)
from pitchey.errors import DomainError, NotFoundError

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


def like_pitch(*, pitch: Pitch, user: User) -> bool:
    """Like once; returns whether a new like was recorded (idempotent)."""
    with transaction.atomic():
        _, created = PitchLike.objects.get_or_create(user=user, pitch=pitch)
        if created:
            Pitch.objects.filter(pk=pitch.pk).update(like_count=F("like_count") + 1)
            track("pitch_like", user_id=user.pk, pitch_id=pitch.pk, creator_id=pitch.owner_id)
    return created


def unlike_pitch(*, pitch: Pitch, user: User) -> bool:
    with transaction.atomic():
        deleted, _ = PitchLike.objects.filter(user=user, pitch=pitch).delete()
        if deleted:
            Pitch.objects.filter(pk=pitch.pk, like_count__gt=0).update(
                like_count=F("like_count") - 1
            )
    return bool(deleted)


def save_pitch(*, pitch: Pitch, user: User, notes: str = "") -> SavedPitch:
    """Add to the user's watchlist (idempotent; notes update an existing save)."""
    with transaction.atomic():
        saved, created = SavedPitch.objects.get_or_create(
            user=user, pitch=pitch, defaults={"notes": notes}
        )
        if created:
            Pitch.objects.filter(pk=pitch.pk).update(save_count=F("save_count") + 1)
            track("pitch_save", user_id=user.pk, pitch_id=pitch.pk, creator_id=pitch.owner_id)
        elif notes and notes != saved.notes:
            saved.notes = notes
            saved.save(update_fields=["notes"])
    return saved


def unsave_pitch(*, pitch: Pitch, user: User) -> bool:
    with transaction.atomic():
        deleted, _ = SavedPitch.objects.filter(user=user, pitch=pitch).delete()
        if deleted:
            Pitch.objects.filter(pk=pitch.pk, save_count__gt=0).update(
                save_count=F("save_count") - 1
            )
    return bool(deleted)


def update_saved_notes(*, saved: SavedPitch, notes: str) -> SavedPitch:
    saved.notes = notes
    saved.save(update_fields=["notes"])
    return saved


def follow_pitch(*, pitch: Pitch, user: User) -> bool:
    """Follow a pitch someone else owns (idempotent); returns whether a follow was added."""
    if pitch.owner_id == user.pk:
        raise DomainError("You cannot follow your own pitch.")
    _, created = PitchFollow.objects.get_or_create(user=user, pitch=pitch)
    return created


def unfollow_pitch(*, pitch: Pitch, user: User) -> bool:
    """Stop following a pitch (idempotent); returns whether a follow was removed."""
    deleted, _ = PitchFollow.objects.filter(user=user, pitch=pitch).delete()
    return bool(deleted)


def pitch_follow_state(*, pitch: Pitch, user: User) -> dict[str, Any]:
    following = PitchFollow.objects.filter(user=user, pitch=pitch).exists()
    return {
        "following": following,
        "is_following": following,
        "target_id": pitch.pk,
        "pitch_id": pitch.pk,
        "followers_count": PitchFollow.objects.filter(pitch=pitch).count(),
    }


def follow_target(*, user: User, target_id: int, follow: bool) -> dict[str, Any]:
    """accounts' `/api/follows` for `targetType: "pitch"`: 404 unless the pitch is visible."""
    pitch = Pitch.objects.visible_to(user).filter(pk=target_id).first()
    if pitch is None:
        raise NotFoundError("No such pitch.")
    if follow:
        follow_pitch(pitch=pitch, user=user)
    else:
        unfollow_pitch(pitch=pitch, user=user)
    return pitch_follow_state(pitch=pitch, user=user)


# A counted view is remembered in Redis for the rest of its day (and a little more, across the
# date change): a viewer's repeat reads of a pitch that day write nothing to the database.
VIEW_SEEN_SECONDS = 26 * 3600
# The reading clock is written at most once per this many seconds per viewer and pitch from page
# reads; the next write credits the whole gap since the last one (each gap capped as before), so
# at most this many seconds of a capped gap go uncounted. The feedback gate itself still moves
# the clock on every call.
CLOCK_WRITE_SECONDS = 10


def _view_keys(pitch: Pitch, viewer: User | None, session_key: str) -> tuple[str, str | None]:
    who = f"u{viewer.pk}" if viewer is not None else f"s{session_key}"
    day = timezone.localdate().isoformat()
    clock = f"pitches:clock:{pitch.pk}:{viewer.pk}" if viewer is not None else None
    return f"pitches:viewed:{pitch.pk}:{who}:{day}", clock


def view_keys(*, pitch: Pitch, user: User | AnonymousUser, session_key: str) -> list[str]:
    """The Redis keys `record_view` reads: a caller that reads other keys anyway fetches these in
    the same round trip and hands the values over as `seen`."""
    viewer = user if user.is_authenticated else None
    view_key, clock_key = _view_keys(pitch, viewer, session_key)
    return [view_key] if clock_key is None else [view_key, clock_key]


def record_view(
    *,
    pitch: Pitch,
    user: User | AnonymousUser,
    session_key: str,
    seen: dict[str, Any] | None = None,
) -> bool:
    """Count at most one view per viewer (or anonymous session) per pitch per day; a read also
    moves a signed-in viewer's reading clock (the feedback gate). Repeat reads are answered from
    Redis (one round trip, none when the caller passes `seen`: the values of `view_keys`, read
    with its own) without touching the database."""
    if user.is_authenticated and user.pk == pitch.owner_id:
        return False
    viewer = user if user.is_authenticated else None
    view_key, clock_key = _view_keys(pitch, viewer, session_key)
    if seen is None:
        seen = cache.get_many([view_key] if clock_key is None else [view_key, clock_key])
    if viewer is not None and clock_key is not None:
        now = timezone.now().timestamp()
        last = seen.get(clock_key)
        if not isinstance(last, float) or not 0 <= now - last < CLOCK_WRITE_SECONDS:
            engagement.touch_consumption(pitch=pitch, viewer=viewer)
            cache.set(clock_key, now, timeout=CLOCK_WRITE_SECONDS)
            list_cache.forget_near(clock_key)
    if viewer is None and not session_key:
        return False
    if view_key in seen:
        return False
    try:
        with transaction.atomic():
            PitchView.objects.create(
                pitch=pitch,
                viewer=viewer,
                session_key="" if viewer else session_key,
                viewed_on=timezone.localdate(),
            )
            Pitch.objects.filter(pk=pitch.pk).update(view_count=F("view_count") + 1)
            track(
                "pitch_view",
                user_id=viewer.pk if viewer else None,
                pitch_id=pitch.pk,
                creator_id=pitch.owner_id,
                session_id="" if viewer else session_key[:64],
            )
    except IntegrityError:
        cache.set(view_key, 1, timeout=VIEW_SEEN_SECONDS)
        return False
    pitch_id, owner_id, count = pitch.pk, pitch.owner_id, pitch.view_count + 1

    def after_commit() -> None:
        cache.set(view_key, 1, timeout=VIEW_SEEN_SECONDS)
        events.pitch_view_update(pitch_id=pitch_id, owner_id=owner_id, view_count=count)

    transaction.on_commit(after_commit)
    return True


# The socket's view reports tell the owner at most once per this many seconds per pitch.
VIEW_REPORT_PUSH_SECONDS = 5


def record_view_of(*, pitch_id: int, user: User | AnonymousUser) -> bool:
    """A view reported by id where no page was read (the socket's `pitch_view_update`): counted
    exactly like a page read of a published pitch `user` may see, through `record_view`; any
    other id is silently nothing (no error tells whether the pitch exists). The owner hears of
    every report (someone is reading now), with the real count, at most once per
    `VIEW_REPORT_PUSH_SECONDS` per pitch beyond the pushes of counted views."""
    pitch = Pitch.objects.visible_to(user).published().filter(pk=pitch_id).first()
    if pitch is None or (user.is_authenticated and user.pk == pitch.owner_id):
        return False
    counted = record_view(pitch=pitch, user=user, session_key="")
    fresh = cache.add(f"pitches:view-report:{pitch.pk}", 1, timeout=VIEW_REPORT_PUSH_SECONDS)
    if not counted and fresh:
        pitch_id, owner_id, count = pitch.pk, pitch.owner_id, pitch.view_count
        transaction.on_commit(
            lambda: events.pitch_view_update(pitch_id=pitch_id, owner_id=owner_id, view_count=count)
        )
    return counted


def record_search(*, user: User | AnonymousUser, query: str, filters: dict[str, Any]) -> None:
    """Count a marketplace search (words typed) or filtering (facets chosen) for analytics."""
    chosen = {name: value for name, value in filters.items() if value not in ("", None)}
    if not query and not chosen:
        return
    track(
        "search" if query else "filter_applied",
        user_id=user.pk if user.is_authenticated else None,
        data={"query": query[:200], "filters": {k: str(v)[:100] for k, v in chosen.items()}},
    )
    words = " ".join(query.casefold().split())[:200]
    if user.is_authenticated and words:
        # The user's search history (GET /api/search/history) and the popular queries.
        SearchHistory.objects.create(
            user=user,
            query=query.strip()[:200],
            normalized=words,
            filters={k: str(v)[:100] for k, v in chosen.items()},
        )
