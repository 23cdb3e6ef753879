"""The user: one table for every portal (creator, investor, production, watcher, admin)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from pitchey.crypto import EncryptedTextField

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


class UserQuerySet(models.QuerySet["User"]):
    def active(self) -> UserQuerySet:
        """Accounts that are not deactivated: the only ones anyone may find, follow or message."""
        return self.filter(is_active=True)

    def public(self) -> UserQuerySet:
        """Users whose profile is not private."""
        return self.exclude(privacy_settings__contains={"profile_visibility": "private"})

    def visible_to(self, viewer: User | AnonymousUser) -> UserQuerySet:
        """Active users whose profile `viewer` may open: themselves, and anyone public who
        neither blocks the viewer nor is blocked by them. Others are a 404 like a missing user."""
        visible = self.active()
        if not viewer.is_authenticated:
            return visible.public()
        blocks = Block.objects.filter(models.Q(blocker=viewer) | models.Q(blocked=viewer))
        apart = models.Q(pk__in=blocks.values("blocked_id")) | models.Q(
            pk__in=blocks.values("blocker_id")
        )
        return visible.filter(
            models.Q(pk=viewer.pk)
            | (~models.Q(privacy_settings__contains={"profile_visibility": "private"}) & ~apart)
        )


def normalise_email(value: str) -> str:
    """An address as accounts stores and compares it: trimmed and lower-cased."""
    return (value or "").strip().lower()


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    use_in_migrations = True

    def _create(self, email: str, username: str | None, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        username = username or email.split("@")[0]
        user = self.model(email=normalise_email(email), username=username, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(
        self, email: str, username: str | None = None, password: str | None = None, **extra: Any
    ) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, username, password, **extra)

    def create_superuser(
        self, email: str, username: str | None = None, password: str | None = None, **extra: Any
    ) -> User:
        extra.update(is_staff=True, is_superuser=True, email_verified=True)
        extra.setdefault("user_type", User.Type.ADMIN)
        return self._create(email, username, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    class Type(models.TextChoices):
        CREATOR = "creator", "Creator"
        INVESTOR = "investor", "Investor"
        PRODUCTION = "production", "Production company"
        VIEWER = "viewer", "Watcher"
        ADMIN = "admin", "Admin"

    class Frequency(models.TextChoices):
        INSTANT = "instant", "Instantly"
        DAILY = "daily", "Daily digest"
        WEEKLY = "weekly", "Weekly digest"
        NEVER = "never", "Never"

    email = models.EmailField(max_length=255, unique=True)
    username = models.CharField(max_length=100, unique=True)
    user_type = models.CharField(max_length=20, choices=Type, default=Type.VIEWER, db_index=True)

    # profile
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    phone = models.CharField(max_length=20, blank=True)
    location = models.CharField(max_length=200, blank=True)
    bio = models.TextField(blank=True)
    website = models.URLField(max_length=500, blank=True)
    avatar_url = models.TextField(blank=True)
    profile_image_url = models.TextField(blank=True)

    # company (investors and production companies)
    company_name = models.CharField(max_length=255, blank=True)
    company_number = models.CharField(max_length=100, blank=True)
    company_website = models.URLField(max_length=500, blank=True)
    company_address = models.TextField(blank=True)
    company_verified = models.BooleanField(default=False)

    # security and verification
    email_verified = models.BooleanField(default=False)
    email_verification_token = models.CharField(max_length=128, blank=True)
    email_verified_at = models.DateTimeField(null=True, blank=True)
    # Set when an identity verification (Stripe Identity) succeeds: the Silver badge.
    identity_verified_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    failed_login_attempts = models.PositiveIntegerField(default=0)
    last_failed_login = models.DateTimeField(null=True, blank=True)
    account_locked_until = models.DateTimeField(null=True, blank=True)
    last_password_change_at = models.DateTimeField(null=True, blank=True)
    two_factor_enabled = models.BooleanField(default=False)
    avatar_file = models.CharField(max_length=300, blank=True)
    # Bumped to end every session at once (logout everywhere, password change, deactivation).
    token_version = models.PositiveIntegerField(default=0)
    # staff moderation: a suspension ends by itself at `suspended_until`; a ban until restored
    suspended_until = models.DateTimeField(null=True, blank=True)
    banned_at = models.DateTimeField(null=True, blank=True)
    suspension_reason = models.CharField(max_length=500, blank=True)

    # preferences
    email_notifications = models.BooleanField(default=True)
    marketing_emails = models.BooleanField(default=False)
    privacy_settings = models.JSONField(default=dict, blank=True)
    notification_preferences = models.JSONField(default=dict, blank=True)
    security_settings = models.JSONField(default=dict, blank=True)
    preferred_genres = ArrayField(models.CharField(max_length=50), default=list, blank=True)
    preferred_formats = ArrayField(models.CharField(max_length=50), default=list, blank=True)
    preferred_budget_ranges = ArrayField(models.CharField(max_length=50), default=list, blank=True)
    notification_frequency = models.CharField(
        max_length=20, choices=Frequency, default=Frequency.INSTANT
    )

    # subscription and billing
    subscription_tier = models.CharField(max_length=50, default="free", db_index=True)
    subscription_start_date = models.DateTimeField(null=True, blank=True)
    subscription_end_date = models.DateTimeField(null=True, blank=True)
    stripe_customer_id = models.CharField(max_length=255, blank=True)
    stripe_subscription_id = models.CharField(max_length=255, blank=True)

    # timestamps
    last_login = models.DateTimeField(null=True, blank=True, db_column="last_login_at")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["username"]

    class Meta:
        db_table = "users"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="users_email_ci_unique"),
            models.UniqueConstraint(Lower("username"), name="users_username_ci_unique"),
            models.CheckConstraint(
                condition=models.Q(
                    user_type__in=["creator", "investor", "production", "viewer", "admin"]
                ),
                name="users_user_type_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    notification_frequency__in=["instant", "daily", "weekly", "never"]
                ),
                name="users_notification_frequency_valid",
            ),
        ]
        indexes = [models.Index(fields=["email_verified", "is_active"], name="users_verified_idx")]

    def __str__(self) -> str:
        return self.email

    @property
    def portal(self) -> str:
        """The SPA's name for this user's portal (watchers are stored as `viewer`)."""
        return "watcher" if self.user_type == self.Type.VIEWER else str(self.user_type)

    @property
    def display_name(self) -> str:
        full = f"{self.first_name} {self.last_name}".strip()
        return full or self.company_name or self.username

    @property
    def moderation_status(self) -> str:
        """ "banned", "suspended" (until `suspended_until`) or "active"."""
        if self.banned_at is not None:
            return "banned"
        if self.suspended_until is not None and self.suspended_until > timezone.now():
            return "suspended"
        return "active"

    @property
    def identity_verified(self) -> bool:
        return self.identity_verified_at is not None

    @property
    def is_locked(self) -> bool:
        return self.account_locked_until is not None and self.account_locked_until > timezone.now()

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.first_name or self.username


# --- sessions, one-time tokens, MFA, social graph ------------------------------------------------


class UserSessionQuerySet(models.QuerySet["UserSession"]):
    def active(self) -> UserSessionQuerySet:
        return self.filter(revoked_at__isnull=True)


class UserSession(models.Model):
    """One login: the refresh/access tokens carry its id (`sid`), so revoking it ends both."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sessions")
    user_agent = models.CharField(max_length=500, blank=True)
    device = models.CharField(max_length=100, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = UserSessionQuerySet.as_manager()

    class Meta:
        db_table = "user_sessions"
        ordering = ["-last_seen_at"]
        indexes = [
            models.Index(
                fields=["user"],
                condition=models.Q(revoked_at__isnull=True),
                name="sessions_live_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.pk}"


class OneTimeToken(models.Model):
    """A single-use secret sent by email (verification, password reset); only its hash is kept."""

    class Purpose(models.TextChoices):
        VERIFY_EMAIL = "verify_email", "Verify email"
        RESET_PASSWORD = "reset_password", "Reset password"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="one_time_tokens")
    purpose = models.CharField(max_length=20, choices=Purpose)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "one_time_tokens"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(purpose__in=["verify_email", "reset_password"]),
                name="one_time_tokens_purpose_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.purpose}:{self.user_id}"


class LoginChallenge(models.Model):
    """A pending second step of a login: a TOTP/backup code, or a code sent by email."""

    class Kind(models.TextChoices):
        MFA = "mfa", "Authenticator code"
        EMAIL_OTP = "email_otp", "Email code"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="login_challenges")
    kind = models.CharField(max_length=20, choices=Kind)
    code_hash = models.CharField(max_length=64, blank=True)
    portal = models.CharField(max_length=20, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "login_challenges"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["mfa", "email_otp"]),
                name="login_challenges_kind_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.pk}"


class MfaSettings(models.Model):
    """A user's TOTP secret (encrypted at rest) and backup codes (hashes only)."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="mfa")
    secret = EncryptedTextField(blank=True)
    pending_secret = EncryptedTextField(blank=True)
    pending_verified = models.BooleanField(default=False)
    enabled_at = models.DateTimeField(null=True, blank=True)
    backup_code_hashes = ArrayField(models.CharField(max_length=64), default=list, blank=True)
    last_totp_step = models.BigIntegerField(default=0)

    class Meta:
        db_table = "user_mfa"

    def __str__(self) -> str:
        return f"mfa:{self.user_id}"

    @property
    def enabled(self) -> bool:
        return self.enabled_at is not None and bool(self.secret)


class Follow(models.Model):
    follower = models.ForeignKey(User, on_delete=models.CASCADE, related_name="following_links")
    following = models.ForeignKey(User, on_delete=models.CASCADE, related_name="follower_links")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "follows"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["follower", "following"], name="follows_unique_pair"),
            models.CheckConstraint(
                condition=~models.Q(follower=models.F("following")), name="follows_not_self"
            ),
        ]
        indexes = [models.Index(fields=["following", "-created_at"], name="follows_following_idx")]

    def __str__(self) -> str:
        return f"{self.follower_id}->{self.following_id}"


class BlockQuerySet(models.QuerySet["Block"]):
    def between(self, a_id: int, b_id: int) -> BlockQuerySet:
        """Blocks either way between two users: one is enough to keep them apart."""
        return self.filter(
            models.Q(blocker_id=a_id, blocked_id=b_id) | models.Q(blocker_id=b_id, blocked_id=a_id)
        )

    def involving(self, user_id: int, others: Iterable[int]) -> BlockQuerySet:
        """Blocks either way between `user_id` and any of `others`."""
        others = list(others)
        return self.filter(
            models.Q(blocker_id=user_id, blocked_id__in=others)
            | models.Q(blocked_id=user_id, blocker_id__in=others)
        )


class Block(models.Model):
    blocker = models.ForeignKey(User, on_delete=models.CASCADE, related_name="blocks_made")
    blocked = models.ForeignKey(User, on_delete=models.CASCADE, related_name="blocks_received")
    created_at = models.DateTimeField(default=timezone.now)

    objects = BlockQuerySet.as_manager()

    class Meta:
        db_table = "user_blocks"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="blocks_unique_pair"),
            models.CheckConstraint(
                condition=~models.Q(blocker=models.F("blocked")), name="blocks_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.blocker_id}x{self.blocked_id}"


def _file_token() -> str:
    import secrets

    return secrets.token_urlsafe(18)


class UserFileQuerySet(models.QuerySet["UserFile"]):
    def owned_by(self, user: User | AnonymousUser) -> UserFileQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(owner=user)

    def readable_by(self, user: User | AnonymousUser) -> UserFileQuerySet:
        """Public images for anybody; private documents for their owner only."""
        if not user.is_authenticated:
            return self.filter(is_public=True)
        return self.filter(models.Q(is_public=True) | models.Q(owner=user))


class UserFile(models.Model):
    """A file a user uploaded outside a pitch (a slate cover, a company document): checked and
    stored by `pitchey.uploads`, served through /api/files/<token> (a stable link to a signed
    URL)."""

    class Kind(models.TextChoices):
        IMAGE = "image", "Image"
        DOCUMENT = "document", "Document"

    token = models.CharField(max_length=40, unique=True, default=_file_token, editable=False)
    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    folder = models.CharField(max_length=50, blank=True)
    original_name = models.CharField(max_length=255)
    storage_key = models.CharField(max_length=300)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, blank=True)
    is_public = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = UserFileQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.owner_id})"


# Identity verification attempts live in their own module (accounts.identity).
import accounts.identity.models  # noqa: E402, F401
