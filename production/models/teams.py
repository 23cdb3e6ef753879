"""Company teams (PR8) with join codes and the team's collaboration NDA, email invitations to
a team, and referral invites (PR9) redeemable at sign-up."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


def new_code(length: int = 8) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


class TeamQuerySet(models.QuerySet["Team"]):
    def of_member(self, user: User | AnonymousUser) -> Self:
        """Teams `user` belongs to (owners are members too)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(pk__in=TeamMember.objects.filter(user=user).values("team_id"))

    def owned_by(self, user: User | AnonymousUser) -> Self:
        if not user.is_authenticated:
            return self.none()
        return self.filter(owner=user)


class Team(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="owned_teams"
    )
    name = models.CharField(max_length=120)
    description = models.TextField(max_length=2000, blank=True)
    join_code = models.CharField(max_length=12, unique=True, null=True, blank=True)
    code_expires_at = models.DateTimeField(null=True, blank=True)
    seat_limit = models.PositiveIntegerField(default=10)
    created_at = models.DateTimeField(default=timezone.now)

    objects = TeamQuerySet.as_manager()

    class Meta:
        db_table = "production_teams"
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def code_is_live(self) -> bool:
        return bool(self.join_code) and (
            self.code_expires_at is None or self.code_expires_at > timezone.now()
        )


class TeamMember(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", "Owner"
        ADMIN = "admin", "Admin"
        EDITOR = "editor", "Editor"
        MEMBER = "member", "Member"
        VIEWER = "viewer", "Viewer"

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships"
    )
    role = models.CharField(max_length=10, choices=Role, default=Role.MEMBER)
    joined_at = models.DateTimeField(default=timezone.now)
    nda_signed_at = models.DateTimeField(null=True, blank=True)
    nda_name = models.CharField(max_length=200, blank=True)
    nda_address = models.CharField(max_length=500, blank=True)
    # The signature of the collaboration NDA, as `ndas` keeps one: the exact text signed, sealed
    # with a random reference, its SHA-256, and where it was signed from.
    nda_text = models.TextField(blank=True)
    nda_sha256 = models.CharField(max_length=64, blank=True)
    nda_nonce = models.CharField(max_length=64, blank=True)
    nda_ip = models.GenericIPAddressField(null=True, blank=True)
    nda_user_agent = models.CharField(max_length=500, blank=True)

    class Meta:
        db_table = "production_team_members"
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="production_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.team_id} ({self.role})"


class TeamInviteQuerySet(models.QuerySet["TeamInvite"]):
    def addressed_to(self, user: User | AnonymousUser) -> Self:
        if not user.is_authenticated:
            return self.none()
        return self.filter(email__iexact=user.email)

    def sent_by_teams_of(self, user: User | AnonymousUser) -> Self:
        if not user.is_authenticated:
            return self.none()
        return self.filter(team__owner=user)

    def for_display(self) -> Self:
        return self.select_related("team", "team__owner", "invited_by")


class TeamInvite(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Declined"
        REVOKED = "revoked", "Withdrawn"

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="invites")
    email = models.EmailField(max_length=255)
    role = models.CharField(max_length=10, choices=TeamMember.Role, default=TeamMember.Role.MEMBER)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    message = models.CharField(max_length=500, blank=True)
    expires_at = models.DateTimeField()
    responded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = TeamInviteQuerySet.as_manager()

    class Meta:
        db_table = "production_team_invites"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "email"],
                condition=Q(status="pending"),
                name="production_team_invite_once",
            )
        ]

    def __str__(self) -> str:
        return f"Invite of {self.email} to {self.team_id} ({self.status})"

    @property
    def is_live(self) -> bool:
        return self.status == self.Status.PENDING and self.expires_at > timezone.now()


class ReferralQuerySet(models.QuerySet["ReferralInvite"]):
    def sent_by(self, user: User | AnonymousUser) -> Self:
        if not user.is_authenticated:
            return self.none()
        return self.filter(inviter=user)


class ReferralInvite(models.Model):
    """A code another company or creator redeems when they join (once, before it expires)."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        REDEEMED = "redeemed", "Redeemed"
        REVOKED = "revoked", "Revoked"

    inviter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="referrals_sent"
    )
    code = models.CharField(max_length=12, unique=True, default=new_code)
    email = models.EmailField(max_length=255, blank=True)
    user_type = models.CharField(max_length=20, blank=True)
    note = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.OPEN)
    redeemed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referral_redeemed",
    )
    redeemed_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        db_table = "production_referral_invites"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.code

    @property
    def is_live(self) -> bool:
        return self.status == self.Status.OPEN and self.expires_at > timezone.now()
