"""NDAs: the standard text's versions, requests with their signature record, signed NDAs.

`NdaRequest` (table `nda_requests`) is the lifecycle a requester and a creator see: pending,
then approved, rejected, withdrawn or expired; an approved one may later be revoked or expire.
Approval and the requester's signature are independent steps in either order (sign at request,
or request, approval, then signature). `Nda` (table `ndas`) exists once both do: the executed
agreement with its terms, its access length and its generated PDF. Its primary key is the
request's, so "NDA 42" means the same thing everywhere.
Access itself is a `pitches.PitchAccess` grant with source "nda" and source_id the NDA id.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from pitches.models import Pitch, PitchDocument

if TYPE_CHECKING:
    from datetime import datetime

    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

REQUEST_LIFETIME_DAYS = 30
DEFAULT_ACCESS_DAYS = 365


# The portals whose users may ask for NDAs (creators share, they do not request).
# Watchers follow, like and save; NDAs are for backers (as in the original product).
REQUESTER_TYPES = frozenset({"investor", "production"})


class NdaTemplate(models.Model):
    """One version of the platform's standard NDA; the newest active version is used."""

    name = models.CharField(max_length=200)
    version = models.PositiveIntegerField(unique=True)
    body = models.TextField(
        help_text="Placeholders: {disclosing_name} {recipient_name} {project_name} {date}"
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "NDA template"
        verbose_name_plural = "NDA templates"
        db_table = "nda_templates"
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class CreatorNdaTemplateQuerySet(models.QuerySet["CreatorNdaTemplate"]):
    def owned_by(self, user: User | AnonymousUser) -> Self:
        """The templates `user` wrote; nobody else's, staff included (they are private drafts)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(owner=user)


class CreatorNdaTemplate(models.Model):
    """A creator's own NDA wording, kept to reuse in the NDA wizard (private to its author)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="nda_templates"
    )
    name = models.CharField(max_length=200)
    description = models.CharField(max_length=500, blank=True)
    content = models.TextField(
        help_text="Placeholders: {disclosing_name} {recipient_name} {project_name} {date}"
    )
    is_default = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CreatorNdaTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = "creator NDA template"
        verbose_name_plural = "creator NDA templates"
        db_table = "nda_creator_templates"
        ordering = ["-is_default", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner"],
                condition=Q(is_default=True),
                name="nda_creator_templates_one_default",
            ),
            models.UniqueConstraint(
                fields=["owner", "name"], name="nda_creator_templates_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.owner_id})"


class CustomNdaDocument(models.Model):
    """The creator's own NDA for a pitch, as an uploaded PDF; requesters sign its hash."""

    pitch = models.OneToOneField(Pitch, on_delete=models.CASCADE, related_name="custom_nda")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    original_name = models.CharField(max_length=255)
    storage_key = models.CharField(max_length=500, unique=True)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "custom NDA document"
        verbose_name_plural = "custom NDA documents"
        db_table = "nda_custom_documents"

    def __str__(self) -> str:
        return f"{self.original_name} ({self.pitch_id})"


def effective_status(status: str, access_expires_at: datetime | None) -> str:
    """`NdaRequest.effective_status` from the request's status and its NDA's access end."""
    lapsed = access_expires_at is not None and access_expires_at <= timezone.now()
    if status == NdaRequest.Status.APPROVED and lapsed:
        return str(NdaRequest.Status.EXPIRED)
    return str(status)


def shown_status(effective: str, *, signed: bool) -> str:
    """`NdaRequest.shown_status` from the effective status and whether the NDA was signed."""
    if effective != NdaRequest.Status.APPROVED:
        return effective
    return str(NdaRequest.Status.APPROVED) if not signed else "signed"


class NdaRequestQuerySet(models.QuerySet["NdaRequest"]):
    def involving(self, user: User | AnonymousUser) -> Self:
        """Requests `user` may see: as requester, as pitch owner, or all of them for staff."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self.all()
        return self.filter(Q(requester=user) | Q(owner=user))

    def for_display(self) -> Self:
        """With the pitch, both parties and the NDA, which every rendering of a request reads."""
        return self.select_related("pitch", "requester", "owner", "nda")

    def incoming(self, user: User) -> Self:
        return self.filter(owner=user)

    def outgoing(self, user: User) -> Self:
        return self.filter(requester=user)

    def open(self) -> Self:
        return self.filter(status__in=[NdaRequest.Status.PENDING, NdaRequest.Status.APPROVED])

    def stale(self) -> Self:
        """Requests left too long: unanswered, or approved and never signed, past `expires_at`."""
        waiting = Q(status=NdaRequest.Status.PENDING) | Q(
            status=NdaRequest.Status.APPROVED, signed_at__isnull=True
        )
        return self.filter(waiting, expires_at__lte=timezone.now())


class NdaRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"
        EXPIRED = "expired", "Expired"
        REVOKED = "revoked", "Revoked"

    class NdaType(models.TextChoices):
        PLATFORM = "platform", "Platform standard NDA"
        CUSTOM = "custom", "Creator's own NDA"

    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="nda_requests")
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="nda_requests_made"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="nda_requests_received"
    )
    nda_type = models.CharField(max_length=20, choices=NdaType, default=NdaType.PLATFORM)
    status = models.CharField(max_length=20, choices=Status, default=Status.PENDING)
    message = models.TextField(blank=True)
    company_info = models.JSONField(default=dict, blank=True)

    # The signature record: who signed what, when, from where (empty until signed).
    signer_name = models.CharField(max_length=200, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signer_ip = models.GenericIPAddressField(null=True, blank=True)
    signer_user_agent = models.CharField(max_length=500, blank=True)
    signed_text = models.TextField(blank=True)
    text_sha256 = models.CharField(max_length=64, db_index=True, blank=True)
    # Random, and part of the signed text: its hash cannot be rebuilt from public facts.
    signature_nonce = models.CharField(max_length=32, blank=True)
    template = models.ForeignKey(
        NdaTemplate, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    template_version = models.PositiveIntegerField(null=True, blank=True)
    custom_document_sha256 = models.CharField(max_length=64, blank=True)

    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    rejection_reason = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    # The approval's terms, applied when the agreement is executed (at approval when already
    # signed, else at signature).
    custom_terms = models.TextField(blank=True)
    access_days = models.PositiveIntegerField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()
    last_reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NdaRequestQuerySet.as_manager()

    class Meta:
        verbose_name = "NDA request"
        verbose_name_plural = "NDA requests"
        db_table = "nda_requests"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pitch", "requester"],
                condition=Q(status__in=["pending", "approved"]),
                name="nda_requests_one_open_per_pitch_requester",
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "pending",
                        "approved",
                        "rejected",
                        "withdrawn",
                        "expired",
                        "revoked",
                    ]
                ),
                name="nda_requests_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(nda_type__in=["platform", "custom"]), name="nda_requests_type_valid"
            ),
            models.CheckConstraint(
                condition=~Q(requester=models.F("owner")), name="nda_requests_not_own_pitch"
            ),
            models.CheckConstraint(
                condition=Q(signed_at__isnull=True, text_sha256="")
                | (Q(signed_at__isnull=False) & ~Q(text_sha256="")),
                name="nda_requests_signature_whole",
            ),
        ]
        indexes = [
            models.Index(fields=["owner", "status"], name="nda_requests_owner_status_idx"),
            models.Index(fields=["requester", "status"], name="nda_requests_req_status_idx"),
            models.Index(
                fields=["expires_at"],
                condition=Q(status="pending"),
                name="nda_requests_pending_exp_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"NDA request {self.pk} ({self.status})"

    @property
    def effective_status(self) -> str:
        """The status as readers see it: approved access whose term ran out is already expired,
        before the expiry job marks it."""
        try:
            nda = self.nda
        except Nda.DoesNotExist:
            nda = None
        return effective_status(self.status, nda.access_expires_at if nda else None)

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    @property
    def shown_status(self) -> str:
        """The status as the SPA reads it: approved-and-unsigned is "approved" (ready to sign),
        approved-and-signed is "signed" (in force), a run-out NDA is "expired" before the job."""
        return shown_status(self.effective_status, signed=self.is_signed)

    @property
    def awaits_signature(self) -> bool:
        """Approved by the creator, not yet signed by the requester."""
        return self.status == self.Status.APPROVED and self.signed_at is None


class NdaQuerySet(models.QuerySet["Nda"]):
    def approved(self) -> Self:
        return self.filter(status=Nda.Status.APPROVED)

    def live(self, now: datetime | None = None) -> Self:
        """Approved NDAs whose access has not run out (the same test the grant applies) at
        `now` (the current time unless given)."""
        now = now or timezone.now()
        return self.approved().filter(
            Q(access_expires_at__isnull=True) | Q(access_expires_at__gt=now)
        )


class Nda(models.Model):
    class Status(models.TextChoices):
        APPROVED = "approved", "Approved"
        REVOKED = "revoked", "Revoked"
        EXPIRED = "expired", "Expired"

    request = models.OneToOneField(
        NdaRequest, on_delete=models.CASCADE, primary_key=True, related_name="nda"
    )
    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="ndas")
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ndas_signed"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ndas_received"
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.APPROVED)
    custom_terms = models.TextField(blank=True)
    approved_at = models.DateTimeField(default=timezone.now)
    access_expires_at = models.DateTimeField(null=True, blank=True)
    document_key = models.CharField(max_length=500, blank=True)
    document_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revocation_reason = models.TextField(blank=True)
    expiry_warned_at = models.DateTimeField(null=True, blank=True)

    objects = NdaQuerySet.as_manager()

    class Meta:
        verbose_name = "NDA"
        verbose_name_plural = "NDAs"
        db_table = "ndas"
        ordering = ["-approved_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["approved", "revoked", "expired"]), name="ndas_status_valid"
            )
        ]
        indexes = [
            models.Index(
                fields=["access_expires_at"],
                condition=Q(status="approved"),
                name="ndas_approved_expiry_idx",
            )
        ]

    def __str__(self) -> str:
        return f"NDA {self.pk} ({self.status})"


class StampedCopy(models.Model):
    """A per-viewer stamped copy of a protected PDF, kept briefly and deleted by the expiry job."""

    document = models.ForeignKey(PitchDocument, on_delete=models.CASCADE, related_name="+")
    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    nda = models.ForeignKey(Nda, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    storage_key = models.CharField(max_length=500, unique=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "stamped copy"
        verbose_name_plural = "stamped copies"
        db_table = "nda_stamped_copies"

    def __str__(self) -> str:
        return self.storage_key
