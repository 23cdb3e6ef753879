"""Who may message, watch presence and subscribe to whom.

The rules need facts that other apps own: blocks and follows (accounts), pitches (pitches).
Messaging imports no other app, so those apps hand their readers over at start-up, from
`AppConfig.ready()`, with `provide(...)`; the rules below call them. A missing provider is a
configuration error, never a silent "allowed".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Protocol

from django.core.exceptions import ImproperlyConfigured

from messaging.models import ConversationParticipant


class BlockedBetween(Protocol):
    def __call__(self, a: int, b: int, /) -> bool: ...


class BlockedAmong(Protocol):
    def __call__(self, user_id: int, others: Iterable[int], /) -> set[int]: ...


class MutualFollows(Protocol):
    def __call__(self, user_id: int, /) -> set[int]: ...


class PitchVisible(Protocol):
    def __call__(self, user: Any, pitch_id: int, /) -> bool: ...


class PitchSummary(Protocol):
    def __call__(self, pitch_id: int, /) -> dict[str, Any] | None: ...


class PitchManageable(Protocol):
    def __call__(self, user: Any, pitch_id: int, /) -> bool: ...


class PitchViewCounter(Protocol):
    def __call__(self, *, pitch_id: int, user: Any) -> bool: ...


_PROVIDERS: dict[str, Callable[..., Any]] = {}


def provide(
    *,
    is_blocked: BlockedBetween | None = None,
    blocked_with: BlockedAmong | None = None,
    mutual_follows: MutualFollows | None = None,
    pitch_visible: PitchVisible | None = None,
    pitch_manageable: PitchManageable | None = None,
    pitch_summary: PitchSummary | None = None,
    count_pitch_view: PitchViewCounter | None = None,
) -> None:
    """Register the readers an owning app supplies; called once from its `AppConfig.ready()`."""
    given = {
        "is_blocked": is_blocked,
        "blocked_with": blocked_with,
        "mutual_follows": mutual_follows,
        "pitch_visible": pitch_visible,
        "pitch_manageable": pitch_manageable,
        "pitch_summary": pitch_summary,
        "count_pitch_view": count_pitch_view,
    }
    _PROVIDERS.update({name: reader for name, reader in given.items() if reader is not None})


def _reader(name: str) -> Callable[..., Any]:
    try:
        return _PROVIDERS[name]
    except KeyError:
        raise ImproperlyConfigured(
            f"messaging.policy needs '{name}': its owning app provides it in AppConfig.ready()"
        ) from None


def is_blocked(a_id: int, b_id: int) -> bool:
    """True when either user blocks the other, so they may not message."""
    return bool(_reader("is_blocked")(a_id, b_id))


def blocked_with(user_id: int, others: Iterable[int]) -> set[int]:
    """Those of `others` who block `user_id` or are blocked by them."""
    others = set(others)
    if not others:
        return set()
    return set(_reader("blocked_with")(user_id, others))


def conversation_partners(user_id: int) -> set[int]:
    """Users who share at least one live conversation with `user_id`."""
    mine = ConversationParticipant.objects.filter(user_id=user_id, left_at__isnull=True)
    partners = ConversationParticipant.objects.filter(
        conversation_id__in=mine.values("conversation_id"), left_at__isnull=True
    ).exclude(user_id=user_id)
    return set(partners.values_list("user_id", flat=True))


def presence_audience(user_id: int) -> set[int]:
    """Everyone allowed to see `user_id`'s presence: conversation partners and mutual follows."""
    return conversation_partners(user_id) | set(_reader("mutual_follows")(user_id))


def can_see_presence(viewer_id: int, subject_id: int) -> bool:
    return viewer_id == subject_id or subject_id in presence_audience(viewer_id)


def can_see_pitch(user: Any, pitch_id: int) -> bool:
    """Whether `user` may open the pitch (a conversation may only be about such a pitch)."""
    return bool(_reader("pitch_visible")(user, pitch_id))


def can_subscribe_pitch(user: Any, pitch_id: int) -> bool:
    """Only the owner (or staff) may follow a pitch's live channel."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(_reader("pitch_manageable")(user, pitch_id))


def pitch_summary(pitch_id: int) -> dict[str, Any] | None:
    """Owner id, title and view count of a pitch, or None when there is no such pitch."""
    return _reader("pitch_summary")(pitch_id)


def count_pitch_view(user: Any, pitch_id: int) -> bool:
    """A view of the pitch reported over the socket, counted by the pitch's own service (its
    visibility and once-a-day rules; the owner hears of it after commit). False when nothing
    was counted, whatever the reason."""
    return bool(_reader("count_pitch_view")(pitch_id=pitch_id, user=user))
