"""Holdings and the money ledger. Money is `Decimal` with a currency; the ledger is only appended
to, and every balance is a sum over it."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from pitches.models import Pitch

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

# The largest single amount anyone may record (a typo guard, not a business limit).
MAX_AMOUNT = Decimal("1000000000.00")
CURRENCIES = ("USD", "EUR", "GBP", "CAD", "AUD")


def money_field(*, null: bool = False) -> models.DecimalField:  # type: ignore[type-arg]
    """An amount of money: up to 12 digits before the point and cents after it."""
    return models.DecimalField(max_digits=14, decimal_places=2, null=null, blank=null)


class Currency(models.TextChoices):
    USD = "USD", "US dollar"
    EUR = "EUR", "Euro"
    GBP = "GBP", "Pound sterling"
    CAD = "CAD", "Canadian dollar"
    AUD = "AUD", "Australian dollar"


class InvestmentQuerySet(models.QuerySet["Investment"]):
    def held_by(self, user: User | AnonymousUser) -> Self:
        """The investments `user` made (nobody else's, staff included: it is their ledger)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(investor=user)

    def in_pitches_of(self, user: User | AnonymousUser) -> Self:
        """Investments made in pitches `user` owns (the creator's funding side)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(pitch__owner=user)

    def holding(self) -> Self:
        """Positions still held: pending or active."""
        return self.filter(status__in=Investment.HOLDING)

    def for_display(self) -> Self:
        return self.select_related("pitch", "pitch__owner", "investor")


class Investment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACTIVE = "active", "Active"
        COMPLETED = "completed", "Completed"
        WITHDRAWN = "withdrawn", "Withdrawn"
        CANCELLED = "cancelled", "Cancelled"

    HOLDING = (Status.PENDING, Status.ACTIVE)
    ENDED = (Status.COMPLETED, Status.WITHDRAWN, Status.CANCELLED)

    investor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="investments"
    )
    pitch = models.ForeignKey(Pitch, on_delete=models.PROTECT, related_name="investments")
    amount = money_field()
    currency = models.CharField(max_length=3, choices=Currency, default=Currency.USD)
    current_value = money_field()
    status = models.CharField(max_length=20, choices=Status, default=Status.ACTIVE)
    terms = models.TextField(blank=True)
    documents = models.JSONField(default=list, blank=True)
    notes = models.TextField(blank=True)
    withdrawal_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = InvestmentQuerySet.as_manager()

    class Meta:
        db_table = "investments"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["investor", "status"], name="investments_investor_status"),
            models.Index(fields=["pitch", "status"], name="investments_pitch_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0) & Q(amount__lte=MAX_AMOUNT),
                name="investments_amount_bounded",
            ),
            models.CheckConstraint(
                condition=Q(current_value__gte=0), name="investments_value_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=["pending", "active", "completed", "withdrawn", "cancelled"]
                ),
                name="investments_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.currency} in {self.pitch_id} by {self.investor_id}"

    @property
    def is_holding(self) -> bool:
        return self.status in self.HOLDING

    @property
    def gain(self) -> Decimal:
        return self.current_value - self.amount

    @property
    def roi_percent(self) -> Decimal:
        """Return on this investment in percent, two places (0 for a zero amount)."""
        if not self.amount:
            return Decimal("0.00")
        return (self.gain / self.amount * 100).quantize(Decimal("0.01"))


class Valuation(models.Model):
    """One recorded value of an investment (append-only); the performance series reads these."""

    investment = models.ForeignKey(Investment, on_delete=models.PROTECT, related_name="valuations")
    value = money_field()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "investment_valuations"
        ordering = ["recorded_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="valuations_not_negative")
        ]

    def __str__(self) -> str:
        return f"{self.value} for {self.investment_id}"


class TransactionQuerySet(models.QuerySet["Transaction"]):
    def of_investor(self, user: User | AnonymousUser) -> Self:
        if not user.is_authenticated:
            return self.none()
        return self.filter(investor=user)

    def for_display(self) -> Self:
        return self.select_related("pitch", "investment")


class Transaction(models.Model):
    """One movement of real money (never updated or deleted; a correction is a new row).

    `amount` is always positive; `Kind` says which way it went: investments and fees leave the
    investor, returns and refunds come back.
    """

    class Kind(models.TextChoices):
        INVESTMENT = "investment", "Investment"
        RETURN = "return", "Return / distribution"
        FEE = "fee", "Fee"
        REFUND = "refund", "Refund"

    OUTGOING = (Kind.INVESTMENT, Kind.FEE)
    INCOMING = (Kind.RETURN, Kind.REFUND)

    class Status(models.TextChoices):
        COMPLETED = "completed", "Completed"
        PENDING = "pending", "Pending"

    investor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="money_transactions"
    )
    investment = models.ForeignKey(
        Investment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transactions",
    )
    pitch = models.ForeignKey(
        Pitch, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind)
    status = models.CharField(max_length=20, choices=Status, default=Status.COMPLETED)
    amount = money_field()
    currency = models.CharField(max_length=3, choices=Currency, default=Currency.USD)
    description = models.CharField(max_length=300, blank=True)
    reference = models.CharField(max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = TransactionQuerySet.as_manager()

    class Meta:
        db_table = "investment_transactions"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["investor", "created_at"], name="inv_tx_investor_time"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0) & Q(amount__lte=MAX_AMOUNT),
                name="investment_transactions_amount_bounded",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["investment", "return", "fee", "refund"]),
                name="investment_transactions_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount} {self.currency} ({self.investor_id})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("Ledger transactions are never changed; append a correction.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("Ledger transactions are never deleted.")

    @property
    def signed_amount(self) -> Decimal:
        """The amount as seen from the investor's pocket (outgoing negative)."""
        return -self.amount if self.kind in self.OUTGOING else self.amount
