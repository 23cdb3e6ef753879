"""Billing: the append-only credits ledger, payments, subscriptions, processed Stripe events,
promo codes and the sandbox provider's stand-in objects."""

from __future__ import annotations

from decimal import Decimal
from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum
from django.db.models.functions import Upper
from django.utils import timezone


class CreditAccount(models.Model):
    """One row per user that spending locks (`select_for_update`); the balance is the ledger's
    sum."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="credit_account"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "credit_accounts"

    def __str__(self) -> str:
        return f"Credits of user {self.user_id}"


class CreditEntryQuerySet(models.QuerySet["CreditEntry"]):
    def owned_by(self, user: models.Model) -> Self:
        return self.filter(user_id=user.pk)

    def balance(self) -> int:
        """The sum of the entries selected: the balance when filtered to one user."""
        return int(self.aggregate(total=Sum("amount"))["total"] or 0)


class CreditEntry(models.Model):
    """One movement of credits. Rows are only ever added: corrections are new entries."""

    class Kind(models.TextChoices):
        PURCHASE = "purchase", "Purchase"
        SPEND = "spend", "Spend"
        GRANT = "grant", "Grant"
        REVOKE = "revoke", "Revocation"
        REFUND = "refund", "Reversed by a refund"
        EXPIRY = "expiry", "Expiry"

    INCOMING = (Kind.PURCHASE, Kind.GRANT)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="credit_entries"
    )
    kind = models.CharField(max_length=20, choices=Kind)
    amount = models.IntegerField(help_text="Signed: positive adds credits, negative takes them.")
    balance_after = models.IntegerField()
    action = models.CharField(max_length=50, blank=True, help_text="The cost key of a spend.")
    description = models.CharField(max_length=255, blank=True)
    subject_type = models.CharField(max_length=100, blank=True)
    subject_id = models.CharField(max_length=64, blank=True)
    payment = models.ForeignKey(
        "Payment", null=True, blank=True, on_delete=models.PROTECT, related_name="credit_entries"
    )
    reference = models.CharField(
        max_length=255, blank=True, help_text="Idempotency key of entries caused by Stripe."
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = CreditEntryQuerySet.as_manager()

    class Meta:
        db_table = "credit_entries"
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "credit entries"
        indexes = [models.Index(fields=["user", "-created_at"], name="credit_entry_user_idx")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind__in=["purchase", "grant"], amount__gt=0)
                    | Q(kind__in=["spend", "revoke", "refund", "expiry"], amount__lt=0)
                ),
                name="credit_entry_sign_matches_kind",
            ),
            models.UniqueConstraint(
                fields=["kind", "reference"],
                condition=~Q(reference=""),
                name="credit_entry_reference_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount:+d} for user {self.user_id}"


class PaymentQuerySet(models.QuerySet["Payment"]):
    def owned_by(self, user: models.Model) -> Self:
        return self.filter(user_id=user.pk)

    def invoices(self) -> Self:
        return self.exclude(stripe_invoice_id="")


class Payment(models.Model):
    """Money received (or attempted) through Stripe: a credit pack or a subscription invoice."""

    class Type(models.TextChoices):
        SUBSCRIPTION = "subscription", "Subscription"
        CREDITS = "credits", "Credits"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        COMPLETED = "completed", "Completed"
        FAILED = "failed", "Failed"
        EXPIRED = "expired", "Expired"
        PARTIALLY_REFUNDED = "partially_refunded", "Partially refunded"
        REFUNDED = "refunded", "Refunded"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="payments"
    )
    type = models.CharField(max_length=20, choices=Type)
    status = models.CharField(max_length=20, choices=Status, default=Status.PENDING)
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    amount_refunded = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("0"))
    currency = models.CharField(max_length=3, default="eur")
    credits = models.PositiveIntegerField(default=0, help_text="Credits a pack buys.")
    description = models.CharField(max_length=255, blank=True)
    stripe_session_id = models.CharField(max_length=255, blank=True)
    stripe_payment_intent_id = models.CharField(max_length=255, blank=True)
    stripe_invoice_id = models.CharField(max_length=255, blank=True)
    stripe_charge_id = models.CharField(max_length=255, blank=True)
    invoice_number = models.CharField(max_length=100, blank=True)
    invoice_url = models.URLField(max_length=1000, blank=True)
    invoice_pdf = models.URLField(max_length=1000, blank=True)
    period_start = models.DateTimeField(null=True, blank=True)
    period_end = models.DateTimeField(null=True, blank=True)
    disputed_at = models.DateTimeField(null=True, blank=True)
    dispute_reason = models.CharField(max_length=100, blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PaymentQuerySet.as_manager()

    class Meta:
        db_table = "payments"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=[name],
                condition=~Q(**{name: ""}),
                name=f"payment_unique_{name.removeprefix('stripe_')}",
            )
            for name in ("stripe_session_id", "stripe_payment_intent_id", "stripe_invoice_id")
        ] + [
            models.CheckConstraint(
                condition=Q(amount__gte=0, amount_refunded__gte=0), name="payment_amounts_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.amount} {self.currency.upper()} ({self.status})"

    @property
    def disputed(self) -> bool:
        return self.disputed_at is not None


class SubscriptionQuerySet(models.QuerySet["Subscription"]):
    def owned_by(self, user: models.Model) -> Self:
        return self.filter(user_id=user.pk)

    def live(self) -> Self:
        """Subscriptions that still give their plan's benefits."""
        return self.filter(status__in=Subscription.LIVE)


class Subscription(models.Model):
    """A user's Stripe subscription, as the newest event applied describes it."""

    class Status(models.TextChoices):
        INCOMPLETE = "incomplete", "Incomplete"
        INCOMPLETE_EXPIRED = "incomplete_expired", "Incomplete, expired"
        TRIALING = "trialing", "Trialing"
        ACTIVE = "active", "Active"
        PAST_DUE = "past_due", "Past due"
        UNPAID = "unpaid", "Unpaid"
        PAUSED = "paused", "Paused"
        CANCELED = "canceled", "Canceled"

    LIVE = (Status.TRIALING, Status.ACTIVE, Status.PAST_DUE)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="subscriptions"
    )
    plan = models.CharField(max_length=50)
    interval = models.CharField(max_length=10, default="monthly")
    status = models.CharField(max_length=20, choices=Status, default=Status.INCOMPLETE)
    stripe_subscription_id = models.CharField(max_length=255, unique=True)
    stripe_customer_id = models.CharField(max_length=255, blank=True)
    current_period_start = models.DateTimeField(null=True, blank=True)
    current_period_end = models.DateTimeField(null=True, blank=True)
    cancel_at_period_end = models.BooleanField(default=False)
    canceled_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    last_event_at = models.DateTimeField(
        null=True, blank=True, help_text="Creation time of the newest Stripe event applied."
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        db_table = "subscriptions"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.plan} ({self.status}) for user {self.user_id}"

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE


class ProcessedEvent(models.Model):
    """A Stripe event id handled once; written in the transaction of the event's effect."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100, db_index=True)
    created = models.DateTimeField(help_text="When Stripe created the event.")
    livemode = models.BooleanField(default=False)
    outcome = models.CharField(max_length=30)
    processed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "stripe_webhook_events"
        ordering = ["-processed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.type} {self.event_id} ({self.outcome})"


class PromoCodeQuerySet(models.QuerySet["PromoCode"]):
    def usable(self) -> Self:
        now = timezone.now()
        return self.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now), active=True)


class PromoCode(models.Model):
    """A discount on a subscription's first payment; each user may redeem a code once."""

    code = models.CharField(max_length=40, unique=True)
    label = models.CharField(max_length=120, blank=True)
    percent_off = models.PositiveSmallIntegerField()
    max_redemptions = models.PositiveIntegerField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    active = models.BooleanField(default=True)
    stripe_coupon_id = models.CharField(max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = PromoCodeQuerySet.as_manager()

    class Meta:
        db_table = "promo_codes"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent_off__gte=1, percent_off__lte=100),
                name="promo_percent_between_1_and_100",
            ),
            models.CheckConstraint(condition=Q(code=Upper("code")), name="promo_code_upper"),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.percent_off}% off)"

    @property
    def display_label(self) -> str:
        return self.label or f"{self.percent_off}% off"


class PromoRedemption(models.Model):
    promo = models.ForeignKey(PromoCode, on_delete=models.PROTECT, related_name="redemptions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="promo_redemptions"
    )
    stripe_session_id = models.CharField(max_length=255, blank=True)
    redeemed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "promo_redemptions"
        constraints = [
            models.UniqueConstraint(fields=["promo", "user"], name="promo_once_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.promo_id} by {self.user_id}"


class SandboxObject(models.Model):
    """The sandbox provider's stand-in for a Stripe object (checkout session, subscription...)."""

    id = models.CharField(max_length=64, primary_key=True)
    kind = models.CharField(max_length=40, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "billing_sandbox_objects"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.id}"
