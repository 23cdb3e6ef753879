"""Deals: propose, counter, accept, decline, withdraw, sign, close, record an outcome, message.

The status moves proposed -> negotiating -> accepted -> signed -> closed, or to declined or
withdrawn before it is signed. Each change locks the deal row (`select_for_update`) and checks
the status again under the lock, so two concurrent acceptances or withdrawals make one change
and the other gets a `Conflict`. Every change appends a timeline event, writes the audit log
and notifies the other party (the push leaves on commit).
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from investments import links
from investments.models import (
    OPEN_DEAL_STATUSES,
    Deal,
    DealEvent,
    DealMessage,
    DealSignature,
    Investment,
)
from investments.services.common import (
    audit,
    clean_currency,
    clean_money,
    ensure_may_back,
    invalid,
)
from investments.services.holdings import record_investment
from messaging import NotificationKind, notify
from pitchey.errors import Conflict, NotFoundError

if TYPE_CHECKING:
    from accounts.models import User
    from pitches.models import Pitch

DEAL_PORTALS = ("investor", "production")
TERM_FIELDS = ("amount", "currency", "backend_percent", "territory", "term_months", "terms")
MAX_TERM_MONTHS = 600


def _lock(deal: Deal) -> Deal:
    return (
        Deal.objects.select_for_update(of=("self",))
        .select_related("pitch", "creator", "counterparty")
        .get(pk=deal.pk)
    )


def _party(deal: Deal, actor: User) -> str:
    """The actor's side; someone else's deal is as missing as no deal."""
    party = deal.party_of(actor)
    if party is None:
        raise NotFoundError("No such deal.")
    return party


def _clean_terms(values: dict[str, Any]) -> dict[str, Any]:
    """Validated terms from whichever of `TERM_FIELDS` are present."""
    clean: dict[str, Any] = {}
    if values.get("amount") not in (None, ""):
        clean["amount"] = clean_money(values["amount"])
    if values.get("currency"):
        clean["currency"] = clean_currency(values["currency"])
    if values.get("backend_percent") not in (None, ""):
        try:
            percent = Decimal(str(values["backend_percent"]))
        except ArithmeticError:
            raise invalid("backend_percent", "Enter a percentage between 0 and 100.") from None
        if not percent.is_finite() or not 0 <= percent <= 100:
            raise invalid("backend_percent", "Enter a percentage between 0 and 100.")
        clean["backend_percent"] = percent.quantize(Decimal("0.01"))
    if values.get("term_months") not in (None, ""):
        months = values["term_months"]
        if not isinstance(months, int) or isinstance(months, bool):
            raise invalid("term_months", "Enter a whole number of months.")
        if not 1 <= months <= MAX_TERM_MONTHS:
            raise invalid("term_months", f"Enter between 1 and {MAX_TERM_MONTHS} months.")
        clean["term_months"] = months
    for text, limit in (("territory", 200), ("terms", 10000)):
        if values.get(text) is not None:
            value = str(values[text])
            if len(value) > limit:
                raise invalid(text, f"Use at most {limit} characters.")
            clean[text] = value
    return clean


def _snapshot(deal: Deal) -> dict[str, Any]:
    return {
        "amount": str(deal.amount) if deal.amount is not None else None,
        "currency": deal.currency,
        "backend_percent": str(deal.backend_percent) if deal.backend_percent is not None else None,
        "territory": deal.territory,
        "term_months": deal.term_months,
        "terms": deal.terms,
    }


def terms_digest(deal: Deal) -> str:
    """The SHA-256 of the terms on the table: what a signature pins."""
    body = {"deal": deal.pk, "type": deal.deal_type, **_snapshot(deal)}
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def deal_link(deal: Deal, user_id: int) -> str:
    return links.deal_page(deal, user_id)


def _step(
    deal: Deal,
    *,
    actor: User | None,
    kind: str,
    from_status: str,
    note: str = "",
    title: str,
    body: str,
) -> None:
    """Append the timeline event, write the audit entry and tell the other party."""
    DealEvent.objects.create(
        deal=deal,
        actor=actor,
        kind=kind,
        from_status=from_status,
        to_status=deal.status,
        note=note,
        data=_snapshot(deal),
    )
    audit(deal, f"deal.{kind}", actor, from_status=from_status, to_status=deal.status)
    recipients = (
        [deal.creator_id, deal.counterparty_id] if actor is None else [deal.other_party_id(actor)]
    )
    for recipient in recipients:
        notify(
            recipient=recipient,
            kind=NotificationKind.DEAL_PROPOSED
            if kind == "proposed"
            else NotificationKind.DEAL_UPDATE,
            title=title,
            body=body,
            link=deal_link(deal, recipient),
            data={"deal_id": deal.pk, "pitch_id": deal.pitch_id, "status": deal.status},
        )


def _save(deal: Deal, *fields: str) -> None:
    deal.save(update_fields=[*fields, "updated_at"])


@transaction.atomic
def propose_deal(
    *,
    pitch: Pitch,
    proposer: User,
    deal_type: str,
    amount: Any = None,
    currency: str = "USD",
    backend_percent: Any = None,
    territory: str = "",
    term_months: int | None = None,
    terms: str = "",
) -> Deal:
    """An investor or a production company user offers a deal on someone's published pitch; the
    creator answers next. One open deal per pitch, counterparty and type."""
    ensure_may_back(pitch, proposer, portals=DEAL_PORTALS)
    if deal_type not in Deal.Type.values:
        raise invalid("deal_type", f"Choose one of {', '.join(Deal.Type.values)}.")
    clean = _clean_terms(
        {
            "amount": amount,
            "currency": currency,
            "backend_percent": backend_percent,
            "territory": territory,
            "term_months": term_months,
            "terms": terms,
        }
    )
    if deal_type == Deal.Type.INVESTMENT and "amount" not in clean:
        raise invalid("amount", "An investment deal needs an amount.")
    try:
        with transaction.atomic():
            deal = Deal.objects.create(
                pitch=pitch,
                creator_id=pitch.owner_id,
                counterparty=proposer,
                counterparty_kind=proposer.user_type,
                deal_type=deal_type,
                awaiting=Deal.Party.CREATOR,
                **clean,
            )
    except IntegrityError:
        raise Conflict("You already have an open deal of this type on this pitch.") from None
    _step(
        deal,
        actor=proposer,
        kind=DealEvent.Kind.PROPOSED,
        from_status="",
        title=f"New {deal.get_deal_type_display().lower()} offer: {pitch.title}",
        body=f"{proposer.display_name} proposed a deal.",
    )
    return deal


def _ensure_turn(deal: Deal, actor: User) -> str:
    party = _party(deal, actor)
    if not deal.is_negotiable:
        raise Conflict(f"This deal is already {deal.status}.")
    if party != deal.awaiting:
        raise Conflict("The other party has not answered your last offer yet.")
    return party


@transaction.atomic
def counter_deal(*, deal: Deal, actor: User, note: str = "", **terms: Any) -> Deal:
    """The party whose turn it is changes the terms; the other party answers next."""
    unknown = set(terms) - set(TERM_FIELDS)
    if unknown:
        raise invalid(sorted(unknown)[0], "This is not a term of a deal.")
    deal = _lock(deal)
    party = _ensure_turn(deal, actor)
    clean = _clean_terms(terms)
    if not clean:
        raise invalid("amount", "A counter-offer changes at least one term.")
    previous = deal.status
    for field, value in clean.items():
        setattr(deal, field, value)
    deal.status = Deal.Status.NEGOTIATING
    deal.awaiting = Deal.Party.COUNTERPARTY if party == Deal.Party.CREATOR else Deal.Party.CREATOR
    _save(deal, "status", "awaiting", *clean)
    _step(
        deal,
        actor=actor,
        kind=DealEvent.Kind.COUNTERED,
        from_status=previous,
        note=note,
        title=f"Counter-offer: {deal.pitch.title}",
        body=f"{actor.display_name} changed the terms.",
    )
    return deal


@transaction.atomic
def accept_deal(*, deal: Deal, actor: User, note: str = "") -> Deal:
    """The party whose turn it is accepts the terms on the table."""
    deal = _lock(deal)
    _ensure_turn(deal, actor)
    previous, deal.status = deal.status, Deal.Status.ACCEPTED
    _save(deal, "status")
    _step(
        deal,
        actor=actor,
        kind=DealEvent.Kind.ACCEPTED,
        from_status=previous,
        note=note,
        title=f"Deal accepted: {deal.pitch.title}",
        body=f"{actor.display_name} accepted the terms. Both of you can now sign.",
    )
    return deal


@transaction.atomic
def decline_deal(*, deal: Deal, actor: User, reason: str = "") -> Deal:
    """The party whose turn it is declines; the deal ends."""
    deal = _lock(deal)
    _ensure_turn(deal, actor)
    previous, deal.status = deal.status, Deal.Status.DECLINED
    deal.closed_at = timezone.now()
    _save(deal, "status", "closed_at")
    _step(
        deal,
        actor=actor,
        kind=DealEvent.Kind.DECLINED,
        from_status=previous,
        note=reason,
        title=f"Deal declined: {deal.pitch.title}",
        body=f"{actor.display_name} declined.",
    )
    return deal


@transaction.atomic
def withdraw_deal(*, deal: Deal, actor: User, reason: str = "") -> Deal:
    """Either party walks away before the deal is signed."""
    deal = _lock(deal)
    _party(deal, actor)
    if deal.status not in (Deal.Status.PROPOSED, Deal.Status.NEGOTIATING, Deal.Status.ACCEPTED):
        raise Conflict(f"This deal is already {deal.status}.")
    previous, deal.status = deal.status, Deal.Status.WITHDRAWN
    deal.closed_at = timezone.now()
    _save(deal, "status", "closed_at")
    _step(
        deal,
        actor=actor,
        kind=DealEvent.Kind.WITHDRAWN,
        from_status=previous,
        note=reason,
        title=f"Deal withdrawn: {deal.pitch.title}",
        body=f"{actor.display_name} withdrew from the deal.",
    )
    return deal


@transaction.atomic
def sign_deal(
    *,
    deal: Deal,
    actor: User,
    full_name: str,
    agreed: bool,
    ip_address: str | None = None,
    user_agent: str = "",
) -> DealSignature:
    """A party signs the accepted terms (once); with both signatures the deal is signed."""
    if not agreed:
        raise invalid("agreed", "Tick the box to agree to the terms.")
    name = " ".join(str(full_name or "").split())
    if not 2 <= len(name) <= 200:
        raise invalid("full_name", "Type your full name to sign.")
    deal = _lock(deal)
    party = _party(deal, actor)
    if deal.status != Deal.Status.ACCEPTED:
        raise Conflict("Only an accepted deal can be signed.")
    if deal.signatures.filter(party=party).exists():
        raise Conflict("You have already signed this deal.")
    signature = DealSignature.objects.create(
        deal=deal,
        signer=actor,
        party=party,
        full_name=name,
        terms_sha256=terms_digest(deal),
        ip_address=ip_address,
        user_agent=user_agent[:500],
    )
    both = deal.signatures.count() == 2
    previous = deal.status
    if both:
        deal.status = Deal.Status.SIGNED
        _save(deal, "status")
    _step(
        deal,
        actor=actor,
        kind=DealEvent.Kind.SIGNED,
        from_status=previous,
        title=f"Deal {'signed by both parties' if both else 'signed'}: {deal.pitch.title}",
        body=f"{name} signed the deal." + ("" if both else " Your signature completes it."),
    )
    return signature


def _end(deal: Deal, *, actor: User, outcome: str, note: str) -> Deal:
    previous = deal.status
    deal.outcome, deal.outcome_note = outcome, note
    deal.closed_at = timezone.now()
    if outcome == Deal.Outcome.DEAD:
        deal.status = Deal.Status.WITHDRAWN
    else:
        deal.status = Deal.Status.CLOSED
        deal.investment = _investment_of(deal)
    _save(deal, "status", "outcome", "outcome_note", "closed_at", "investment")
    _step(
        deal,
        actor=actor,
        kind=DealEvent.Kind.CLOSED if deal.status == Deal.Status.CLOSED else DealEvent.Kind.OUTCOME,
        from_status=previous,
        note=note,
        title=f"Deal {deal.get_outcome_display().lower()}: {deal.pitch.title}",
        body=f"{actor.display_name} recorded the outcome.",
    )
    return deal


def _investment_of(deal: Deal) -> Investment | None:
    """A signed investment deal with an investor becomes their holding when it closes on
    Pitchey; other deals (and off-platform closes) record no money here."""
    if (
        deal.deal_type != Deal.Type.INVESTMENT
        or deal.counterparty_kind != Deal.CounterpartyKind.INVESTOR
        or deal.outcome != Deal.Outcome.CLOSED_ON_PLATFORM
        or deal.amount is None
    ):
        return None
    return record_investment(
        investor=deal.counterparty,
        pitch=deal.pitch,
        amount=deal.amount,
        currency=deal.currency,
        terms=deal.terms,
        notes=f"From deal #{deal.pk}",
    )


@transaction.atomic
def close_deal(*, deal: Deal, actor: User, note: str = "") -> Deal:
    """A party closes a deal both signed (closed on Pitchey)."""
    return record_deal_outcome(
        deal=deal, actor=actor, outcome=Deal.Outcome.CLOSED_ON_PLATFORM, note=note
    )


@transaction.atomic
def record_deal_outcome(*, deal: Deal, actor: User, outcome: str, note: str = "") -> Deal:
    """A party records how the deal ended: closed on Pitchey (it was signed here), closed
    elsewhere (accepted or signed), or dead (any open deal; it counts as withdrawn)."""
    if outcome not in Deal.Outcome.values:
        raise invalid("outcome", f"Choose one of {', '.join(Deal.Outcome.values)}.")
    deal = _lock(deal)
    _party(deal, actor)
    allowed = {
        Deal.Outcome.CLOSED_ON_PLATFORM: (Deal.Status.SIGNED,),
        Deal.Outcome.CLOSED_OFF_PLATFORM: (Deal.Status.ACCEPTED, Deal.Status.SIGNED),
        Deal.Outcome.DEAD: OPEN_DEAL_STATUSES,
    }[Deal.Outcome(outcome)]
    if deal.status not in allowed:
        if outcome == Deal.Outcome.CLOSED_ON_PLATFORM and deal.is_open:
            raise Conflict("Both parties sign before a deal closes on Pitchey.")
        raise Conflict(f"This deal is {deal.status}: that outcome does not apply.")
    return _end(deal, actor=actor, outcome=outcome, note=note)


RESPONSES = {"accept", "counter", "decline", "reject"}


def respond_to_deal(*, deal: Deal, actor: User, action: str, **terms: Any) -> Deal:
    """The inbox's one answer: accept, counter (with new terms) or decline (`reject` too)."""
    if action not in RESPONSES:
        raise invalid("action", "Choose accept, counter or decline.")
    note = str(terms.pop("note", "") or "")
    if action == "accept":
        return accept_deal(deal=deal, actor=actor, note=note)
    if action in ("decline", "reject"):
        return decline_deal(deal=deal, actor=actor, reason=note)
    return counter_deal(deal=deal, actor=actor, note=note, **terms)


@transaction.atomic
def post_deal_message(*, deal: Deal, author: User, body: str) -> DealMessage:
    """A party writes in the deal's thread; the other party is notified."""
    text = str(body or "").strip()
    if not text:
        raise invalid("body", "Write a message.")
    if len(text) > 5000:
        raise invalid("body", "Use at most 5000 characters.")
    deal = Deal.objects.for_display().get(pk=deal.pk)
    _party(deal, author)
    message = DealMessage.objects.create(deal=deal, author=author, body=text)
    recipient = deal.other_party_id(author)
    notify(
        recipient=recipient,
        kind=NotificationKind.DEAL_UPDATE,
        title=f"New message on your deal: {deal.pitch.title}",
        body=f"{author.display_name}: {text[:140]}",
        link=deal_link(deal, recipient),
        data={"deal_id": deal.pk, "pitch_id": deal.pitch_id, "message_id": message.pk},
    )
    return message
