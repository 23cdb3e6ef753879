"""An investor's own research: the investment thesis, private notes and a due-diligence checklist
per pitch."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone

from investments.models.investment import money_field
from pitches.models import Pitch

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


def _tags() -> ArrayField:  # type: ignore[type-arg]
    return ArrayField(models.CharField(max_length=100), default=list, blank=True)


class InvestmentThesisQuerySet(models.QuerySet["InvestmentThesis"]):
    def public(self) -> Self:
        """Theses their investors chose to show creators (active investors only)."""
        return self.filter(is_public=True, investor__is_active=True)

    def filter_investor(self, investor_id: int) -> Self:
        return self.filter(investor_id=investor_id)


class InvestmentThesis(models.Model):
    """What an investor looks for; opportunities are ranked against it."""

    investor = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="investment_thesis"
    )
    summary = models.TextField(blank=True, max_length=2000)
    genres = _tags()
    formats = _tags()
    budget_brackets = _tags()
    stages = _tags()
    deal_types = _tags()
    territories = _tags()
    themes = _tags()
    ticket_min = money_field(null=True)
    ticket_max = money_field(null=True)
    is_public = models.BooleanField(default=False)
    # The investor portal's settings (alerts, risk appetite...): flat keys and plain values.
    preferences = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InvestmentThesisQuerySet.as_manager()

    class Meta:
        db_table = "investor_theses"
        verbose_name_plural = "investment theses"
        constraints = [
            models.CheckConstraint(
                condition=Q(ticket_min__isnull=True)
                | Q(ticket_max__isnull=True)
                | Q(ticket_min__lte=models.F("ticket_max")),
                name="investor_theses_ticket_order",
            )
        ]

    def __str__(self) -> str:
        return f"Thesis of {self.investor_id}"


class InvestorNoteQuerySet(models.QuerySet["InvestorNote"]):
    def written_by(self, user: User | AnonymousUser) -> Self:
        """The user's own notes (private to their author)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(author=user)

    def filter_pitch(self, pitch: Pitch) -> Self:
        return self.filter(pitch=pitch)


class InvestorNote(models.Model):
    class Category(models.TextChoices):
        GENERAL = "general", "General"
        STRENGTH = "strength", "Strength"
        CONCERN = "concern", "Concern"
        QUESTION = "question", "Question"
        FINANCIAL = "financial", "Financial"

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="investor_notes"
    )
    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="investor_notes")
    content = models.TextField(max_length=5000)
    category = models.CharField(max_length=20, choices=Category, default=Category.GENERAL)
    is_private = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = InvestorNoteQuerySet.as_manager()

    class Meta:
        db_table = "investor_notes"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["author", "pitch"], name="investor_notes_author_pitch")]

    def __str__(self) -> str:
        return f"Note by {self.author_id} on {self.pitch_id}"


class DiligenceChecklistQuerySet(models.QuerySet["DiligenceChecklist"]):
    def of_investor(self, user: User | AnonymousUser) -> Self:
        """The user's own checklists (private to their author)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(investor=user)

    def filter_pitch(self, pitch: Pitch) -> Self:
        return self.filter(pitch=pitch)


class DiligenceChecklist(models.Model):
    """The investor's due-diligence items for one pitch: `[{id, label, done}]`."""

    investor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="diligence_checklists"
    )
    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="+")
    items = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = DiligenceChecklistQuerySet.as_manager()

    class Meta:
        db_table = "investor_diligence_checklists"
        constraints = [
            models.UniqueConstraint(fields=["investor", "pitch"], name="diligence_once_per_pitch")
        ]

    def __str__(self) -> str:
        return f"Diligence of {self.investor_id} on {self.pitch_id}"


class BudgetAllocationQuerySet(models.QuerySet["BudgetAllocation"]):
    def of_investor(self, user: User | AnonymousUser) -> Self:
        if not user.is_authenticated:
            return self.none()
        return self.filter(investor=user)


class BudgetAllocation(models.Model):
    """How much the investor means to put into one category (a genre) this year."""

    investor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="budget_allocations"
    )
    category = models.CharField(max_length=100)
    allocated_amount = money_field()
    currency = models.CharField(max_length=3, default="USD")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BudgetAllocationQuerySet.as_manager()

    class Meta:
        db_table = "investor_budget_allocations"
        ordering = ["category", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["investor", "category"], name="budget_allocation_once_per_category"
            ),
            models.CheckConstraint(
                condition=Q(allocated_amount__gte=0), name="budget_allocation_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.allocated_amount} ({self.investor_id})"
