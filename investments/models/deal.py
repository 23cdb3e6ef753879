"""Deals between a pitch's creator and a counterparty: an investor or a production company user.

The status moves only along proposed -> negotiating -> accepted -> signed -> closed, or to
declined / withdrawn before it is signed (`investments.services.deals` holds the rules). Each
offer leaves the other side to answer (`awaiting`). The timeline (`DealEvent`) and the thread
(`DealMessage`) are only appended to; each party signs once (`DealSignature`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from investments.models.investment import MAX_AMOUNT, Currency, Investment, money_field
from pitches.models import Pitch

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


class DealQuerySet(models.QuerySet["Deal"]):
    def involving(self, user: User | AnonymousUser) -> Self:
        """Deals `user` is a party to (creator or counterparty); staff see every deal."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self.all()
        return self.filter(Q(creator=user) | Q(counterparty=user))

    def open(self) -> Self:
        return self.filter(status__in=OPEN_DEAL_STATUSES)

    def awaiting_answer_from(self, user: User) -> Self:
        """Open offers whose next move is `user`'s (accept, counter or decline)."""
        creator_turn = Q(creator=user, awaiting=Deal.Party.CREATOR)
        counterparty_turn = Q(counterparty=user, awaiting=Deal.Party.COUNTERPARTY)
        return self.filter(
            creator_turn | counterparty_turn,
            status__in=[Deal.Status.PROPOSED, Deal.Status.NEGOTIATING],
        )

    def filter_creator(self, user: User) -> Self:
        """Deals on pitches `user` created (the creator's inbox)."""
        return self.filter(creator=user)

    def for_display(self) -> Self:
        """With the pitch and both parties, which every rendering of a deal reads."""
        return self.select_related("pitch", "creator", "counterparty")


class Deal(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        NEGOTIATING = "negotiating", "Negotiating"
        ACCEPTED = "accepted", "Accepted"
        SIGNED = "signed", "Signed"
        CLOSED = "closed", "Closed"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Type(models.TextChoices):
        INVESTMENT = "investment", "Investment"
        OPTION = "option", "Option"
        ACQUISITION = "acquisition", "Acquisition"
        CO_PRODUCTION = "co_production", "Co-production"
        DISTRIBUTION = "distribution", "Distribution"

    class Party(models.TextChoices):
        CREATOR = "creator", "Creator"
        COUNTERPARTY = "counterparty", "Counterparty"

    class CounterpartyKind(models.TextChoices):
        INVESTOR = "investor", "Investor"
        PRODUCTION = "production", "Production company"

    class Outcome(models.TextChoices):
        CLOSED_ON_PLATFORM = "closed_on_platform", "Closed on Pitchey"
        CLOSED_OFF_PLATFORM = "closed_off_platform", "Closed elsewhere"
        DEAD = "dead", "Did not happen"

    pitch = models.ForeignKey(Pitch, on_delete=models.PROTECT, related_name="deals")
    creator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="deals_as_creator"
    )
    counterparty = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="deals_as_counterparty"
    )
    counterparty_kind = models.CharField(max_length=20, choices=CounterpartyKind)
    deal_type = models.CharField(max_length=20, choices=Type)
    status = models.CharField(max_length=20, choices=Status, default=Status.PROPOSED)
    awaiting = models.CharField(max_length=20, choices=Party, default=Party.CREATOR)

    # The terms on the table (the latest offer; earlier ones are in the timeline).
    amount = money_field(null=True)
    currency = models.CharField(max_length=3, choices=Currency, default=Currency.USD)
    backend_percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    territory = models.CharField(max_length=200, blank=True)
    term_months = models.PositiveIntegerField(null=True, blank=True)
    terms = models.TextField(blank=True)

    outcome = models.CharField(max_length=30, choices=Outcome, blank=True)
    outcome_note = models.TextField(blank=True)
    # The holding an investment deal became when it closed.
    investment = models.OneToOneField(
        Investment, on_delete=models.PROTECT, null=True, blank=True, related_name="deal"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = DealQuerySet.as_manager()

    class Meta:
        db_table = "deals"
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["creator", "status"], name="deals_creator_status"),
            models.Index(fields=["counterparty", "status"], name="deals_counterparty_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["pitch", "counterparty", "deal_type"],
                condition=Q(status__in=["proposed", "negotiating", "accepted", "signed"]),
                name="deals_one_open_per_party_and_type",
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | (Q(amount__gt=0) & Q(amount__lte=MAX_AMOUNT)),
                name="deals_amount_bounded",
            ),
            models.CheckConstraint(
                condition=Q(backend_percent__isnull=True)
                | (Q(backend_percent__gte=0) & Q(backend_percent__lte=100)),
                name="deals_backend_percent_bounded",
            ),
            models.CheckConstraint(
                condition=~Q(creator=models.F("counterparty")), name="deals_two_parties"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_deal_type_display()} on {self.pitch_id} ({self.status})"

    def party_of(self, user: Any) -> str | None:
        """Which side `user` is on, or None when they are not a party."""
        if user.pk == self.creator_id:
            return self.Party.CREATOR
        if user.pk == self.counterparty_id:
            return self.Party.COUNTERPARTY
        return None

    def other_party_id(self, user: Any) -> int:
        return self.counterparty_id if user.pk == self.creator_id else self.creator_id

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_DEAL_STATUSES

    @property
    def is_negotiable(self) -> bool:
        return self.status in (self.Status.PROPOSED, self.Status.NEGOTIATING)

    def awaits(self, user: Any) -> bool:
        """True when the next answer (accept, counter, decline) is `user`'s."""
        return self.is_negotiable and self.party_of(user) == self.awaiting


OPEN_DEAL_STATUSES = (
    Deal.Status.PROPOSED,
    Deal.Status.NEGOTIATING,
    Deal.Status.ACCEPTED,
    Deal.Status.SIGNED,
)


class DealPartQuerySet(models.QuerySet[Any]):
    def filter_for(self, deal: Deal) -> Self:
        """The rows of one deal, oldest first, with the people they name."""
        return self.filter(deal=deal).select_related(*self.model.PEOPLE)


class DealEvent(models.Model):
    """One step of a deal's timeline (append-only): who moved it, from and to which status, and
    the terms of an offer."""

    class Kind(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        COUNTERED = "countered", "Countered"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"
        SIGNED = "signed", "Signed"
        CLOSED = "closed", "Closed"
        OUTCOME = "outcome", "Outcome recorded"

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    PEOPLE = ("actor",)
    objects = DealPartQuerySet.as_manager()

    class Meta:
        db_table = "deal_events"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.deal_id}: {self.kind}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("A deal's timeline is only appended to.")
        super().save(*args, **kwargs)


class DealMessage(models.Model):
    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="deal_messages"
    )
    body = models.TextField(max_length=5000)
    created_at = models.DateTimeField(default=timezone.now)

    PEOPLE = ("author",)
    objects = DealPartQuerySet.as_manager()

    class Meta:
        db_table = "deal_messages"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.deal_id}: message by {self.author_id}"


class DealSignature(models.Model):
    """A party's signature on the accepted terms (`terms_sha256` pins what was signed)."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="signatures")
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="deal_signatures"
    )
    party = models.CharField(max_length=20, choices=Deal.Party)
    full_name = models.CharField(max_length=200)
    terms_sha256 = models.CharField(max_length=64)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=500, blank=True)
    signed_at = models.DateTimeField(default=timezone.now)

    PEOPLE = ("signer",)
    objects = DealPartQuerySet.as_manager()

    class Meta:
        db_table = "deal_signatures"
        ordering = ["signed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["deal", "party"], name="deal_signatures_once_per_party")
        ]

    def __str__(self) -> str:
        return f"{self.deal_id} signed by {self.signer_id}"
