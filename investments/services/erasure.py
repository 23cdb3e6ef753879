"""GDPR erasure in investments: the person's words go, the money and the agreements stay.

Their private research (thesis and settings, notes, diligence checklists, budget plans) is
theirs alone and is deleted. What they wrote to the other party of a deal follows the rule of
messages: the row stays so the thread keeps its shape, the text goes (deal messages, the notes
of the steps they took, an outcome note they recorded). Their holdings lose their private notes
and withdrawal reasons. Amounts, currencies, terms, statuses, valuations, the ledger
(`investment_transactions`) and deal signatures are kept: accounting records (art. 17(3)(b))
and evidence of agreements (art. 17(3)(e))."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.db.models import Q

from investments.models import (
    BudgetAllocation,
    Deal,
    DealEvent,
    DealMessage,
    DiligenceChecklist,
    Investment,
    InvestmentThesis,
    InvestorNote,
)
from investments.services.common import invalidate_portfolio

if TYPE_CHECKING:
    from accounts.models import User


@transaction.atomic
def erase_person(*, user: User) -> dict[str, int]:
    research = InvestmentThesis.objects.filter(investor=user).delete()[0]
    research += InvestorNote.objects.filter(author=user).delete()[0]
    research += DiligenceChecklist.objects.filter(investor=user).delete()[0]
    research += BudgetAllocation.objects.filter(investor=user).delete()[0]
    holdings = Investment.objects.filter(investor=user).update(notes="", withdrawal_reason="")
    their_notes = DealEvent.objects.filter(actor=user).exclude(note="")
    outcome_notes = list(their_notes.values_list("deal_id", "note"))
    with connection.cursor() as cursor:  # the timeline is append-only but for this redaction
        cursor.execute("SET LOCAL pitchey.audit_redact = 'on'")
    steps = their_notes.update(note="")
    parties = Q(creator=user) | Q(counterparty=user)
    for deal_id, note in outcome_notes:
        Deal.objects.filter(parties, pk=deal_id, outcome_note=note).update(outcome_note="")
    messages = DealMessage.objects.filter(author=user).update(body="")
    invalidate_portfolio(user.pk)
    return {
        "research": research,
        "holdings": holdings,
        "deal_steps": steps,
        "deal_messages": messages,
    }
