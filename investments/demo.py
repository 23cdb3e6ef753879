"""Demo money: the demo investor holds investments in every state (one in euros) and has two
deals in progress with the demo creator; the demo production company has one deal; the
investor's thesis is public. Idempotent: an investor's holding in a pitch, or an open deal of a
type, is made once."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from accounts.models import User
from investments import services
from investments.models import Deal, Investment
from pitches.models import Pitch

if TYPE_CHECKING:
    from pitchey.seeding import DemoData

INVESTOR = "sarah.investor@demo.com"
PRODUCTION = "stellar.production@demo.com"
STAFF = "admin@demo.com"

# (pitch slug, amount, currency, state, value now)
HOLDINGS = [
    ("demo-1", "50000.00", "USD", "active", "62500.00"),
    ("demo-2", "25000.00", "USD", "active", "23000.00"),
    ("demo-3", "10000.00", "USD", "completed", "14000.00"),
    ("demo-5", "15000.00", "USD", "withdrawn", None),
    ("demo-8", "8000.00", "EUR", "active", "8800.00"),
    ("demo-19", "20000.00", "USD", "pending", None),
]


def _user(email: str) -> User | None:
    return User.objects.filter(email=email).first()


def _pitch(slug: str) -> Pitch | None:
    return Pitch.objects.filter(slug=slug).select_related("owner").first()


def _holding(
    investor: User, staff: User | None, plan: tuple[str, str, str, str, str | None]
) -> bool:
    slug, amount, currency, state, value = plan
    pitch = _pitch(slug)
    if pitch is None or Investment.objects.filter(investor=investor, pitch=pitch).exists():
        return False
    status = "pending" if state == "pending" else "active"
    investment = services.record_investment(
        investor=investor,
        pitch=pitch,
        amount=amount,
        currency=currency,
        status=status,
        terms="Demo terms: pro rata share of net receipts.",
    )
    if value and state == "active":
        services.update_investment(investment=investment, actor=investor, current_value=value)
    elif state == "completed" and staff is not None:
        services.complete_investment(investment=investment, actor=staff, final_value=value)
    elif state == "withdrawn":
        services.withdraw_investment(investment=investment, actor=investor, reason="Reallocated.")
    return True


def _deal(proposer: User, slug: str, deal_type: str, **terms: Any) -> Deal | None:
    pitch = _pitch(slug)
    if pitch is None or pitch.owner_id == proposer.pk:
        return None
    if Deal.objects.filter(pitch=pitch, counterparty=proposer, deal_type=deal_type).exists():
        return None
    return services.propose_deal(pitch=pitch, proposer=proposer, deal_type=deal_type, **terms)


def seed(demo: DemoData) -> None:
    investor, production = _user(INVESTOR), _user(PRODUCTION)
    if investor is None:
        return
    staff = _user(STAFF)
    demo.counts["investments"] = sum(_holding(investor, staff, plan) for plan in HOLDINGS)
    services.save_thesis(
        investor=investor,
        fields={
            "summary": "Character-driven drama and thrillers with a clear audience.",
            "genres": ["Drama", "Thriller", "Mystery"],
            "budget_brackets": ["low", "medium"],
            "stages": ["script", "semi_packaged"],
            "ticket_min": Decimal("10000"),
            "ticket_max": Decimal("250000"),
            "is_public": True,
        },
    )
    deals = 0
    first = _deal(
        investor,
        "demo-1",
        "investment",
        amount="100000.00",
        terms="Equity in the production company.",
    )
    deals += first is not None
    second = _deal(investor, "demo-19", "investment", amount="40000.00")
    if second is not None:
        services.counter_deal(
            deal=second,
            actor=second.creator,
            amount="60000.00",
            note="The budget grew with the new cast.",
        )
        deals += 1
    if production is not None:
        company = _deal(
            production,
            "demo-4",
            "option",
            amount="30000.00",
            backend_percent="2.50",
            territory="Worldwide",
            term_months=18,
        )
        deals += company is not None
    demo.counts["deals"] = deals
