"""Reads that span several account tables."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, F, Q, QuerySet

from accounts.identity.models import IdentityVerification
from accounts.models import Block, Follow, MfaSettings, User, UserFile, UserSession


def is_blocked(a: User | int, b: User | int) -> bool:
    """True if either user has blocked the other: they may not follow, message or request NDAs."""
    a_id = a if isinstance(a, int) else a.pk
    b_id = b if isinstance(b, int) else b.pk
    return Block.objects.between(a_id, b_id).exists()


def blocked_with(user_id: int, others: Iterable[int]) -> set[int]:
    """Those of `others` who block `user_id` or are blocked by them."""
    rows = Block.objects.involving(user_id, others).values_list("blocker_id", "blocked_id")
    return {a if b == user_id else b for a, b in rows}


def users_with_follow_counts() -> QuerySet[User]:
    """Active users, each with `followers_count` and `following_count` (one query)."""
    return User.objects.active().annotate(
        followers_count=Count("follower_links", distinct=True),
        following_count=Count("following_links", distinct=True),
    )


def followed_ids_among(user: User, ids: Iterable[int]) -> set[int]:
    """Those of `ids` whom `user` follows."""
    rows = Follow.objects.filter(follower=user, following_id__in=list(ids))
    return set(rows.values_list("following_id", flat=True))


def blocked_users(user: User, *, limit: int) -> list[User]:
    """Users `user` has blocked, most recent first."""
    blocks = Block.objects.filter(blocker=user).select_related("blocked")[:limit]
    return [block.blocked for block in blocks]


def mfa_settings_of(user: User) -> MfaSettings | None:
    return MfaSettings.objects.filter(user=user).first()


def is_following(follower: User, target_id: int) -> bool:
    """Whether `follower` follows the user `target_id`."""
    return Follow.objects.filter(follower=follower, following_id=target_id).exists()


def follower_ids(user_id: int) -> set[int]:
    """Ids of every user following `user_id`."""
    return set(Follow.objects.filter(following_id=user_id).values_list("follower_id", flat=True))


def mutual_follow_ids(user_id: int) -> set[int]:
    """Ids of the users who follow `user_id` and whom `user_id` follows back."""
    following = Follow.objects.filter(follower_id=user_id).values("following_id")
    return set(
        Follow.objects.filter(following_id=user_id, follower_id__in=following).values_list(
            "follower_id", flat=True
        )
    )


def followers_of(user: User) -> QuerySet[User]:
    """Active users following `user`, newest first, each with `followed_at`."""
    return (
        User.objects.active()
        .filter(following_links__following=user)
        .annotate(followed_at=F("following_links__created_at"))
        .order_by("-followed_at", "-id")
    )


def following_of(user: User) -> QuerySet[User]:
    """Active users `user` follows, newest first, each with `followed_at`."""
    return (
        User.objects.active()
        .filter(follower_links__follower=user)
        .annotate(followed_at=F("follower_links__created_at"))
        .order_by("-followed_at", "-id")
    )


def search_users(
    viewer: User | AnonymousUser, *, q: str = "", user_type: str = "", verified: bool = False
) -> QuerySet[User]:
    """Active, verified, non-private users matching `q` (name, username, company), most followed
    first; never admins, never anyone who blocks or is blocked by the viewer."""
    users = (
        User.objects.visible_to(viewer)
        .public()
        .filter(email_verified=True)
        .exclude(user_type=User.Type.ADMIN)
    )
    if q:
        users = users.filter(
            Q(username__icontains=q)
            | Q(first_name__icontains=q)
            | Q(last_name__icontains=q)
            | Q(company_name__icontains=q)
        )
    if user_type:
        users = users.filter(user_type=User.Type.VIEWER if user_type == "watcher" else user_type)
    if verified:
        users = users.filter(company_verified=True)
    return users.annotate(followers_total=Count("follower_links")).order_by(
        "-followers_total", "username"
    )


def follow_suggestions(user: User, *, limit: int) -> list[User]:
    """Active users `user` neither follows nor blocks (either way), most followed first."""
    blocked = Block.objects.filter(blocker=user).values("blocked_id")
    blockers = Block.objects.filter(blocked=user).values("blocker_id")
    followed = Follow.objects.filter(follower=user).values("following_id")
    return list(
        User.objects.active()
        .filter(email_verified=True)
        .exclude(pk=user.pk)
        .exclude(user_type=User.Type.ADMIN)
        .exclude(pk__in=followed)
        .exclude(pk__in=blocked)
        .exclude(pk__in=blockers)
        .annotate(followers_total=Count("follower_links"))
        .order_by("-followers_total", "-id")[:limit]
    )


def follow_counts(user: User) -> dict[str, int]:
    return {
        "followers": Follow.objects.filter(following=user, follower__is_active=True).count(),
        "following": Follow.objects.filter(follower=user, following__is_active=True).count(),
    }


def export_user_data(user: User) -> dict[str, Any]:
    """Everything the platform keeps about the user in accounts (no secrets, no hashes)."""
    from accounts.services import profile as profile_services

    mfa = MfaSettings.objects.filter(user=user).first()
    profile_fields = [
        "email",
        "username",
        "user_type",
        "first_name",
        "last_name",
        "phone",
        "location",
        "bio",
        "website",
        "company_name",
        "company_number",
        "company_website",
        "company_address",
        "company_verified",
        "email_verified",
        "email_verified_at",
        "identity_verified_at",
        "subscription_tier",
        "created_at",
        "last_login",
        "last_password_change_at",
    ]
    return {
        "profile": {field: getattr(user, field) for field in profile_fields},
        "settings": {
            "notifications": profile_services.notification_settings(user),
            "privacy": profile_services.privacy_settings(user),
            "security": profile_services.security_settings(user),
        },
        "two_factor": {
            "enabled": bool(mfa and mfa.enabled),
            "enabled_at": mfa.enabled_at if mfa else None,
        },
        "sessions": list(
            UserSession.objects.filter(user=user).values(
                "id",
                "device",
                "ip_address",
                "user_agent",
                "created_at",
                "last_seen_at",
                "revoked_at",
            )
        ),
        "identity_verifications": list(
            IdentityVerification.objects.owned_by(user).values(
                "provider", "status", "last_error_code", "created_at", "verified_at"
            )
        ),
        "following": list(
            Follow.objects.filter(follower=user).values(
                username=F("following__username"), since=F("created_at")
            )
        ),
        "followers": list(
            Follow.objects.filter(following=user).values(
                username=F("follower__username"), since=F("created_at")
            )
        ),
        "blocked": list(
            Block.objects.filter(blocker=user).values(
                username=F("blocked__username"), since=F("created_at")
            )
        ),
        "files": list(
            UserFile.objects.filter(owner=user).values(
                "kind", "folder", "original_name", "content_type", "size", "created_at"
            )
        ),
    }


def followed_ids(user: User) -> QuerySet[Follow, Any]:
    """The ids of the people `user` follows, as a subquery (`values("following_id")`)."""
    return Follow.objects.filter(follower=user).values("following_id")


def pending_mfa_setup(user: User) -> tuple[str, str] | None:
    """The key being set up (not yet confirmed by a code) and its otpauth:// URI, or None."""
    import pyotp

    from accounts.services.mfa import ISSUER

    mfa = MfaSettings.objects.filter(user=user).only("pending_secret").first()
    if mfa is None or not mfa.pending_secret:
        return None
    uri = pyotp.TOTP(mfa.pending_secret).provisioning_uri(name=user.email, issuer_name=ISSUER)
    return mfa.pending_secret, uri
