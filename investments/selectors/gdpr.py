"""What the access export (GDPR art. 15) holds from investments: holdings and their ledger, the
deals the person is party to with their messages and steps, and the investor's research."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from investments.models import (
    BudgetAllocation,
    Deal,
    DealEvent,
    DealMessage,
    DealSignature,
    DiligenceChecklist,
    Investment,
    InvestmentThesis,
    InvestorNote,
    Transaction,
)

if TYPE_CHECKING:
    from accounts.models import User


def personal_data(user: User) -> dict[str, Any]:
    deals = Deal.objects.filter(Q(creator=user) | Q(counterparty=user))
    return {
        "investments": list(
            Investment.objects.filter(investor=user).values(
                "id",
                "pitch_id",
                "amount",
                "currency",
                "current_value",
                "status",
                "terms",
                "notes",
                "withdrawal_reason",
                "created_at",
            )
        ),
        "investment_ledger": list(
            Transaction.objects.filter(investor=user).values(
                "kind", "status", "amount", "currency", "description", "created_at"
            )
        ),
        "deals": list(
            deals.values(
                "id",
                "pitch_id",
                "creator_id",
                "counterparty_id",
                "deal_type",
                "status",
                "amount",
                "currency",
                "territory",
                "terms",
                "outcome",
                "outcome_note",
                "created_at",
            )
        ),
        "deal_messages": list(
            DealMessage.objects.filter(author=user).values("deal_id", "body", "created_at")
        ),
        "deal_steps": list(
            DealEvent.objects.filter(actor=user).values(
                "deal_id", "kind", "from_status", "to_status", "note", "created_at"
            )
        ),
        "deal_signatures": list(
            DealSignature.objects.filter(signer=user).values(
                "deal_id", "party", "full_name", "terms_sha256", "ip_address", "signed_at"
            )
        ),
        "thesis": list(
            InvestmentThesis.objects.filter(investor=user).values(
                "summary", "genres", "themes", "territories", "preferences", "is_public"
            )
        ),
        "research_notes": list(
            InvestorNote.objects.filter(author=user).values(
                "pitch_id", "content", "category", "created_at"
            )
        ),
        "diligence": list(
            DiligenceChecklist.objects.filter(investor=user).values("pitch_id", "items")
        ),
        "budget": list(
            BudgetAllocation.objects.filter(investor=user).values(
                "category", "allocated_amount", "currency"
            )
        ),
    }
