"""Things other than users that `/api/follows` can follow, registered by the apps that own them.

accounts imports no later app, so pitches adds its handler here from `AppConfig.ready()`:
`FOLLOW_TARGETS["pitch"] = pitches.services.follow_target`. A handler follows (or unfollows) the
target for the user, raises `NotFoundError` when the user may not see it, and returns the follow
state (`following`, `is_following`, `target_id`, `followers_count`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from accounts.models import User


class FollowTarget(Protocol):
    def __call__(self, *, user: User, target_id: int, follow: bool) -> dict[str, Any]: ...


FOLLOW_TARGETS: dict[str, FollowTarget] = {}
