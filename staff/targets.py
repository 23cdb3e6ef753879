"""What can be reported, and how each kind is found, labelled and taken down.

A reporter reaches a target only through the reads they already have (a pitch they may see, a
message in one of their conversations, a comment on a visible pitch, a visible profile), so a
report on anything else is a 404 like a missing object. Taking content down goes through the
owning app's service: hidden pitches leave every channel through `Pitch.objects.visible_to`
and `pitches.access`, removed comments and messages become tombstones.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from accounts.models import User
from messaging import services as messaging_services
from messaging.models import Message
from pitches import services as pitch_services
from pitches.engagement import services as engagement
from pitches.engagement.models import PitchComment
from pitches.models import Pitch
from pitchey.errors import DomainError, NotFoundError
from staff.models import Flag

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

# The SPA and X15 name a profile "user" too.
ALIASES = {"user": Flag.TargetType.PROFILE, "profile": Flag.TargetType.PROFILE}


@dataclass(frozen=True)
class Target:
    kind: str
    obj: Any
    owner_id: int | None
    label: str


def normalise_kind(raw: str) -> str:
    kind = ALIASES.get(raw, raw)
    if kind not in Flag.TargetType.values:
        raise DomainError(
            "Choose pitch, message, comment or profile.",
            code="VALIDATION_ERROR",
            details={"target_type": ["Choose pitch, message, comment or profile."]},
        )
    return kind


def _as_id(raw: Any) -> int:
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        value = 0
    if not 0 < value < 2**63:
        raise DomainError(
            "Give the id of the reported object.",
            code="VALIDATION_ERROR",
            details={"target_id": ["Give the id of the reported object."]},
        )
    return value


def _describe(kind: str, obj: Any) -> Target:
    if kind == Flag.TargetType.PITCH:
        return Target(kind, obj, obj.owner_id, obj.title[:300])
    if kind == Flag.TargetType.COMMENT:
        return Target(kind, obj, obj.author_id, obj.body[:300])
    if kind == Flag.TargetType.MESSAGE:
        return Target(kind, obj, obj.sender_id, obj.content[:300])
    return Target(kind, obj, obj.pk, f"{obj.display_name} (@{obj.username})"[:300])


def _lookup(kind: str, pk: int, viewer: User | AnonymousUser | None) -> Any:
    """The live object; `viewer=None` is the staff's scope (everything)."""
    if kind == Flag.TargetType.PITCH:
        pitches = Pitch.objects.all() if viewer is None else Pitch.objects.visible_to(viewer)
        return pitches.filter(pk=pk).first()
    if kind == Flag.TargetType.COMMENT:
        comments = PitchComment.objects.filter(pk=pk, removed_at__isnull=True)
        if viewer is not None:
            comments = comments.filter(pitch__in=Pitch.objects.visible_to(viewer).values("pk"))
        return comments.first()
    if kind == Flag.TargetType.MESSAGE:
        messages = Message.objects.filter(pk=pk, deleted_at__isnull=True)
        if viewer is not None:
            messages = messages.filter(conversation__participants__user_id=viewer.pk or 0)
        return messages.first()
    users = User.objects.all() if viewer is None else User.objects.visible_to(viewer)
    return users.filter(pk=pk).first()


def reachable(kind: str, raw_id: Any, viewer: User | AnonymousUser) -> Target:
    """The target as `viewer` may see it; 404 otherwise (a message only to its participants)."""
    kind, pk = normalise_kind(kind), _as_id(raw_id)
    obj = _lookup(kind, pk, viewer)
    if obj is None:
        raise NotFoundError("Nothing to report there.")
    return _describe(kind, obj)


def load(kind: str, pk: int) -> Target | None:
    """The target of a flag, for staff (None once it is gone or already taken down)."""
    obj = _lookup(kind, pk, None)
    return None if obj is None else _describe(kind, obj)


def take_down(target: Target, *, actor: User, reason: str) -> None:
    """Hide (or remove) the target through its app's service; profiles cannot be hidden."""
    if target.kind == Flag.TargetType.PITCH:
        pitch_services.set_hidden(pitch=target.obj, actor=actor, hidden=True, reason=reason)
    elif target.kind == Flag.TargetType.COMMENT:
        engagement.remove_comment(comment=target.obj, actor=actor)
    elif target.kind == Flag.TargetType.MESSAGE:
        messaging_services.remove_message(message=target.obj, actor=actor, reason=reason)
    else:
        raise DomainError(
            "A profile cannot be hidden: warn or suspend its owner instead.",
            code="VALIDATION_ERROR",
            details={"resolution": ["Warn or suspend the owner of a profile."]},
        )
