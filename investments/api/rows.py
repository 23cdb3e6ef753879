"""How investments, deals and research read in the API (snake_case here, camelCase on the wire,
with the SPA's alternative spellings). Pitches show only public fields (title, genre, logline),
and the creator's name only where the creator shows it or the reader holds access."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone

from investments.models import Deal, DealEvent, DealMessage, DealSignature, Investment, InvestorNote
from investments.selectors.matching import public_thesis

if TYPE_CHECKING:
    from accounts.models import User
    from investments.models import InvestmentThesis
    from pitches.models import Pitch


def creator_name(pitch: Pitch, *, confidential: bool) -> str:
    if confidential or pitch.shows("show_creator_name"):
        return pitch.owner.display_name
    return ""


def investment_row(inv: Investment, *, confidential: bool = False) -> dict[str, Any]:
    pitch = inv.pitch
    days = (timezone.now() - inv.created_at).days
    return {
        "id": inv.pk,
        "investor_id": inv.investor_id,
        "pitch_id": inv.pitch_id,
        "amount": inv.amount,
        "currency": inv.currency,
        "current_value": inv.current_value,
        "status": inv.status,
        "terms": inv.terms,
        "documents": inv.documents,
        "notes": inv.notes,
        "created_at": inv.created_at,
        "updated_at": inv.updated_at,
        "invested_at": inv.created_at,
        "investment_date": inv.created_at,
        "ended_at": inv.ended_at,
        "pitch_title": pitch.title,
        "pitch_genre": pitch.genre,
        "genre": pitch.genre,
        "creator_name": creator_name(pitch, confidential=confidential),
        "return_amount": inv.gain,
        "roi_percentage": inv.roi_percent,
        "return_percentage": inv.roi_percent,
        "days_invested": max(days, 0),
        "pitch": {"id": pitch.pk, "title": pitch.title, "genre": pitch.genre, "slug": pitch.slug},
    }


def _party(user: Any) -> dict[str, Any]:
    return {
        "id": user.pk,
        "name": user.display_name,
        "company_name": user.company_name,
        "user_type": user.user_type,
        "company_verified": user.company_verified,  # the verified-company badge
    }


def deal_row(deal: Deal, viewer: User) -> dict[str, Any]:
    pitch = deal.pitch
    counterparty = deal.counterparty
    return {
        "id": deal.pk,
        "pitch_id": deal.pitch_id,
        "pitch_title": pitch.title,
        "deal_type": deal.deal_type,
        "type": deal.deal_type,
        "status": deal.status,
        "awaiting": deal.awaiting,
        "actionable": deal.awaits(viewer),
        "my_role": deal.party_of(viewer) or "staff",
        "amount": deal.amount,
        "currency": deal.currency,
        "backend_percentage": deal.backend_percent,
        "backend_percent": deal.backend_percent,
        "territory": deal.territory,
        "term_months": deal.term_months,
        "terms": deal.terms,
        "notes": deal.terms,
        "outcome": deal.outcome or None,
        "outcome_note": deal.outcome_note,
        "investment_id": deal.investment_id,
        "creator": _party(deal.creator),
        "counterparty": _party(counterparty),
        "counterparty_kind": deal.counterparty_kind,
        "producer_name": counterparty.company_name or counterparty.display_name,
        "producer_verified": counterparty.company_verified,
        "investor_name": counterparty.display_name,
        "creator_name": deal.creator.display_name,
        "created_at": deal.created_at,
        "updated_at": deal.updated_at,
        "closed_at": deal.closed_at,
    }


def event_row(event: DealEvent) -> dict[str, Any]:
    actor = event.actor
    return {
        "id": event.pk,
        "event_type": event.kind,
        "kind": event.kind,
        "from_status": event.from_status,
        "to_status": event.to_status,
        "status": event.to_status,
        "note": event.note,
        "description": describe(event),
        "terms": event.data,
        "actor": _party(actor) if actor else None,
        "date": event.created_at,
        "created_at": event.created_at,
    }


def describe(event: DealEvent) -> str:
    who = event.actor.display_name if event.actor else "Pitchey"
    amount = event.data.get("amount")
    money = f" at {float(amount):,.2f} {event.data.get('currency', '')}".rstrip() if amount else ""
    text = {
        DealEvent.Kind.PROPOSED: f"{who} proposed the deal{money}",
        DealEvent.Kind.COUNTERED: f"{who} countered{money}",
        DealEvent.Kind.ACCEPTED: f"{who} accepted the terms",
        DealEvent.Kind.DECLINED: f"{who} declined",
        DealEvent.Kind.WITHDRAWN: f"{who} withdrew",
        DealEvent.Kind.SIGNED: f"{who} signed",
        DealEvent.Kind.CLOSED: f"{who} closed the deal",
        DealEvent.Kind.OUTCOME: f"{who} recorded the outcome",
    }.get(DealEvent.Kind(event.kind), event.kind)
    return f"{text}: {event.note}" if event.note else text


def message_row(message: DealMessage) -> dict[str, Any]:
    return {
        "id": message.pk,
        "deal_id": message.deal_id,
        "content": message.body,
        "body": message.body,
        "sender_id": message.author_id,
        "sender_name": message.author.display_name,
        "created_at": message.created_at,
    }


def signature_row(signature: DealSignature) -> dict[str, Any]:
    return {
        "id": signature.pk,
        "deal_id": signature.deal_id,
        "user_id": signature.signer_id,
        "party": signature.party,
        "full_name": signature.full_name,
        "terms_sha256": signature.terms_sha256,
        "signed_at": signature.signed_at,
    }


def thesis_dict(thesis: InvestmentThesis | None) -> dict[str, Any]:
    """The investor's own thesis, in the SPA's spellings as well as ours."""
    if thesis is None:
        empty: dict[str, Any] = {
            key: []
            for key in (
                "genres",
                "formats",
                "stages",
                "budget_brackets",
                "deal_types",
                "territories",
                "themes",
            )
        }
        return {
            **empty,
            "positioning": "",
            "summary": "",
            "is_public": False,
            "ticket_min": None,
            "ticket_max": None,
            "check_size_min_usd": None,
            "check_size_max_usd": None,
            "updated_at": None,
        }
    return {
        **public_thesis(thesis),
        "summary": thesis.summary,
        "ticket_min": thesis.ticket_min,
        "ticket_max": thesis.ticket_max,
        "check_size_min_usd": thesis.ticket_min,
        "check_size_max_usd": thesis.ticket_max,
        "updated_at": thesis.updated_at,
    }


def note_row(note: InvestorNote) -> dict[str, Any]:
    return {
        "id": note.pk,
        "pitch_id": note.pitch_id,
        "content": note.content,
        "category": note.category,
        "is_private": note.is_private,
        "created_at": note.created_at,
    }
