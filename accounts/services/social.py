"""Follows and blocks between users."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from accounts.models import Block, Follow, User
from accounts.selectors import is_blocked
from analytics import record_activity, track
from pitchey.errors import DomainError, NotAllowed, NotFoundError


def follow_user(*, follower: User, target: User) -> Follow:
    """Follow another active user (idempotent); refused when either has blocked the other."""
    if follower.pk == target.pk:
        raise DomainError("You cannot follow yourself.", code="VALIDATION_ERROR")
    if not target.is_active:
        raise NotFoundError("No such user.")
    if is_blocked(follower, target):
        raise NotAllowed("You cannot follow this user.", code="BLOCKED")
    follow, created = Follow.objects.get_or_create(follower=follower, following=target)
    if created:
        track("user_follow", user_id=follower.pk, creator_id=target.pk)
    return follow


def unfollow_user(*, follower: User, target: User) -> None:
    """Stop following; 404 if there was no follow."""
    deleted, _ = Follow.objects.filter(follower=follower, following=target).delete()
    if not deleted:
        raise NotFoundError("You do not follow this user.")


@transaction.atomic
def block_user(*, blocker: User, target: User) -> Block:
    """Block a user: follows between the two end, and the target can no longer follow or message."""
    if blocker.pk == target.pk:
        raise DomainError("You cannot block yourself.", code="VALIDATION_ERROR")
    block, created = Block.objects.get_or_create(blocker=blocker, blocked=target)
    if created:
        record_activity(block, "accounts.block.created", actor=blocker, data={"user": target.pk})
    Follow.objects.filter(
        Q(follower=blocker, following=target) | Q(follower=target, following=blocker)
    ).delete()
    return block


@transaction.atomic
def unblock_user(*, blocker: User, target: User) -> None:
    """Lift one's own block; 404 if there was none."""
    block = Block.objects.filter(blocker=blocker, blocked=target).first()
    if block is None:
        raise NotFoundError("You have not blocked this user.")
    record_activity(block, "accounts.block.removed", actor=blocker, data={"user": target.pk})
    block.delete()
