"""Profile, settings, avatar and account deletion."""

from __future__ import annotations

from typing import IO, Any

from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts import display_changes
from accounts.models import (
    Block,
    Follow,
    LoginChallenge,
    MfaSettings,
    OneTimeToken,
    User,
    UserFile,
    UserSession,
)
from accounts.services.auth import _refuse_duplicates
from accounts.services.sessions import end_all_sessions
from analytics.services import changes as audit_changes
from analytics.services import record_activity
from analytics.services import snapshot as audit_snapshot
from pitchey.errors import Conflict, DomainError
from pitchey.uploads import store_resized_image

PROFILE_FIELDS = (
    "first_name",
    "last_name",
    "username",
    "bio",
    "location",
    "phone",
    "website",
    "company_name",
    "company_website",
    "company_address",
    "company_number",
)
# What other apps show of a user beside their content (cards name their creator): a change is
# announced through `accounts.display_changes`, so cached pages naming them are rebuilt.
DISPLAYED_FIELDS = frozenset({"first_name", "last_name", "username", "company_name"})
NAME_PART_MAX = 100  # User.first_name / last_name
AVATAR_SIZE = 512

DEFAULT_NOTIFICATIONS: dict[str, bool] = {
    "email_notifications": True,
    "nda_requests": True,
    "messages": True,
    "pitch_updates": True,
    "investments": True,
    "followers": True,
    "marketing": False,
}
DEFAULT_PRIVACY: dict[str, Any] = {
    "profile_visibility": "public",
    "show_email": False,
    "show_location": True,
    "allow_messages": True,
}
DEFAULT_SECURITY: dict[str, Any] = {"login_alerts": True, "session_timeout": 10080}


def update_profile(*, user: User, data: dict[str, Any]) -> User:
    """Change the user's own profile fields; a username taken by anyone else is a 409."""
    changes = {key: value for key, value in data.items() if key in PROFILE_FIELDS}
    if "name" in data and "first_name" not in data:
        first, _, last = str(data["name"]).strip().partition(" ")
        if len(first) > NAME_PART_MAX or len(last.strip()) > NAME_PART_MAX:
            raise DomainError(
                "The name is too long.",
                code="VALIDATION_ERROR",
                details={"name": [f"First and last names are at most {NAME_PART_MAX} characters."]},
            )
        changes.update(first_name=first, last_name=last.strip())
    if "username" in changes:
        _refuse_duplicates(email=user.email, username=changes["username"], exclude=user.pk)
    before = audit_snapshot(user, list(changes))
    for key, value in changes.items():
        setattr(user, key, value.strip() if isinstance(value, str) else value)
    try:
        with transaction.atomic():
            user.save(update_fields=[*changes, "updated_at"])
    except IntegrityError:
        raise Conflict(
            "This username is taken.", details={"username": ["This username is taken."]}
        ) from None
    diff = audit_changes(before, audit_snapshot(user, list(changes)))
    if diff:
        record_activity(user, "accounts.profile.updated", actor=user, data={"changes": diff})
    if DISPLAYED_FIELDS & set(diff):
        display_changes.changed(user.pk)
    return user


def notification_settings(user: User) -> dict[str, Any]:
    prefs = {**DEFAULT_NOTIFICATIONS, **(user.notification_preferences or {})}
    prefs["email_notifications"] = user.email_notifications
    prefs["marketing"] = user.marketing_emails
    prefs["frequency"] = user.notification_frequency
    return prefs


def privacy_settings(user: User) -> dict[str, Any]:
    return {**DEFAULT_PRIVACY, **(user.privacy_settings or {})}


def security_settings(user: User) -> dict[str, Any]:
    return {
        **DEFAULT_SECURITY,
        **(user.security_settings or {}),
        "two_factor_enabled": user.two_factor_enabled,
    }


def update_notification_preferences(*, user: User, data: dict[str, Any]) -> User:
    """Merge known notification switches (booleans) and the digest frequency."""
    prefs = dict(user.notification_preferences or {})
    for key in DEFAULT_NOTIFICATIONS:
        if key in data:
            prefs[key] = bool(data[key])
    if "email_notifications" in data:
        user.email_notifications = bool(data["email_notifications"])
    if "marketing" in data:
        user.marketing_emails = bool(data["marketing"])
    if "frequency" in data:
        if data["frequency"] not in User.Frequency.values:
            raise DomainError(
                "Unknown frequency.",
                code="VALIDATION_ERROR",
                details={"frequency": [f"Choose one of {', '.join(User.Frequency.values)}."]},
            )
        user.notification_frequency = data["frequency"]
    user.notification_preferences = prefs
    user.save(
        update_fields=[
            "notification_preferences",
            "email_notifications",
            "marketing_emails",
            "notification_frequency",
            "updated_at",
        ]
    )
    return user


def update_settings(
    *,
    user: User,
    notifications: dict[str, Any] | None = None,
    privacy: dict[str, Any] | None = None,
    security: dict[str, Any] | None = None,
) -> User:
    """Merge the three settings groups; unknown keys are ignored."""
    fields = ["privacy_settings", "security_settings", "notification_preferences"]
    before = audit_snapshot(user, fields)
    if notifications:
        update_notification_preferences(user=user, data=notifications)
    if privacy:
        merged = dict(user.privacy_settings or {})
        for key, default in DEFAULT_PRIVACY.items():
            if key in privacy:
                value = privacy[key]
                if key == "profile_visibility" and value not in {"public", "private"}:
                    raise DomainError(
                        "Profile visibility is public or private.",
                        code="VALIDATION_ERROR",
                        details={"profile_visibility": ["Choose public or private."]},
                    )
                merged[key] = value if isinstance(default, str) else bool(value)
        user.privacy_settings = merged
    if security:
        merged = dict(user.security_settings or {})
        if "login_alerts" in security:
            merged["login_alerts"] = bool(security["login_alerts"])
        if "session_timeout" in security:
            merged["session_timeout"] = _minutes(security["session_timeout"])
        user.security_settings = merged
    user.save(update_fields=["privacy_settings", "security_settings", "updated_at"])
    diff = audit_changes(before, audit_snapshot(user, fields))
    if diff:
        record_activity(user, "accounts.settings.updated", actor=user, data={"changes": diff})
    return user


def _minutes(value: Any) -> int:
    try:
        minutes = int(value)
    except (TypeError, ValueError):
        minutes = -1
    if not 5 <= minutes <= 60 * 24 * 30:
        raise DomainError(
            "Session timeout must be between 5 minutes and 30 days.",
            code="VALIDATION_ERROR",
            details={"session_timeout": ["Enter minutes between 5 and 43200."]},
        )
    return minutes


def set_avatar(*, user: User, upload: IO[bytes], size: int) -> User:
    """Store a checked, resized copy of an uploaded image as the user's avatar."""
    user.avatar_file = store_resized_image(
        fileobj=upload, name="avatar", size=size, kind="avatar", folder="avatars", box=AVATAR_SIZE
    )
    user.save(update_fields=["avatar_file", "updated_at"])
    return user


DELETE_CONFIRMATIONS = frozenset({"DELETE", "DELETE MY ACCOUNT"})


def check_deletion_confirmed(*, user: User, password: str = "", confirmation: str = "") -> None:
    """Deleting needs the right password or the typed word DELETE; raises a field error else."""
    if password:
        if not user.check_password(password):
            raise DomainError(
                "The password is incorrect.",
                code="VALIDATION_ERROR",
                details={"password": ["The password is incorrect."]},
            )
        return
    if confirmation.strip().upper() not in DELETE_CONFIRMATIONS:
        message = "Type DELETE (or give your password) to confirm."
        raise DomainError(message, code="VALIDATION_ERROR", details={"confirmation": [message]})


def delete_account(*, user: User, password: str = "", confirmation: str = "") -> None:
    """Erase the person everywhere (the GDPR erasure: rows others rely on stay, without their
    personal data) and end all of their sessions, once they confirmed with their password or
    the word DELETE."""
    from accounts import erasure

    check_deletion_confirmed(user=user, password=password, confirmation=confirmation)
    erasure.erase_everywhere(user=user)


def _forget_files(keys: list[str]) -> None:
    for key in keys:
        default_storage.delete(key)


@transaction.atomic
def anonymise_account(
    *, user: User, actor: User | None, action: str = "accounts.user.deleted"
) -> None:
    """Strip every personal field of the account and the accounts rows about it (sessions keep
    their dates only, uploaded files go with their bytes); the row stays, so ledgers and
    agreements still point somewhere."""
    tag = f"deleted-{user.pk}"
    for field in (*PROFILE_FIELDS, "avatar_url", "profile_image_url", "avatar_file"):
        setattr(user, field, "")
    user.username = tag
    user.email = f"{tag}@deleted.invalid"
    user.first_name = "Deleted"
    user.last_name = "user"
    user.privacy_settings, user.notification_preferences, user.security_settings = {}, {}, {}
    user.set_unusable_password()
    user.is_active = False
    user.two_factor_enabled = False
    user.stripe_customer_id = user.stripe_subscription_id = ""
    user.email_verification_token = user.suspension_reason = ""
    user.save()
    Follow.objects.filter(follower=user).delete()
    Follow.objects.filter(following=user).delete()
    Block.objects.filter(blocker=user).delete()
    Block.objects.filter(blocked=user).delete()
    MfaSettings.objects.filter(user=user).delete()
    files = list(UserFile.objects.filter(owner=user).values_list("storage_key", flat=True))
    UserFile.objects.filter(owner=user).delete()
    transaction.on_commit(lambda: _forget_files(files))
    OneTimeToken.objects.filter(user=user).delete()
    LoginChallenge.objects.filter(user=user).delete()
    end_all_sessions(user=user)
    UserSession.objects.filter(user=user).update(ip_address=None, user_agent="", device="")
    User.objects.filter(pk=user.pk).update(updated_at=timezone.now())
    record_activity(user, action, actor=actor)
