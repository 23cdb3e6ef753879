"""What is for sale and what actions cost: plans, credit packs and credit costs (X10).

Plans and packs are product decisions kept in code; the cost of each action comes from
`settings.CREDIT_COSTS` so a deployment (or a test) can change it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings

UNLIMITED = -1
INTERVALS = ("monthly", "annual")


@dataclass(frozen=True)
class Plan:
    id: str
    name: str
    portal: str  # creator, production or exec (investors)
    monthly: Decimal
    annual: Decimal
    credits: int  # granted each month; UNLIMITED means actions cost nothing
    analytics: str
    features: tuple[str, ...] = field(default_factory=tuple)

    @property
    def unlimited(self) -> bool:
        return self.credits == UNLIMITED

    def price(self, interval: str) -> Decimal:
        return self.annual if interval == "annual" else self.monthly

    def credits_for(self, interval: str) -> int:
        """Credits one paid invoice grants: a month's, or twelve for a year."""
        if self.unlimited:
            return 0
        return self.credits * (12 if interval == "annual" else 1)


@dataclass(frozen=True)
class CreditPack:
    id: str
    key: str
    credits: int  # credits the buyer receives, bonus included
    price: Decimal
    bonus: int = 0
    description: str = ""


@dataclass(frozen=True)
class CreditCost:
    action: str
    description: str


PLANS: tuple[Plan, ...] = (
    Plan(
        id="creator",
        name="Creator",
        portal="creator",
        monthly=Decimal("19.99"),
        annual=Decimal("199"),
        credits=10,
        analytics="basic",
        features=("10 Creator Credits per month", "Basic Analytics"),
    ),
    Plan(
        id="creator_plus",
        name="Creator+",
        portal="creator",
        monthly=Decimal("29.99"),
        annual=Decimal("299"),
        credits=30,
        analytics="enhanced",
        features=("30 Creator Credits per month", "Enhanced Analytics"),
    ),
    Plan(
        id="creator_unlimited",
        name="Creator Unlimited",
        portal="creator",
        monthly=Decimal("39.99"),
        annual=Decimal("399"),
        credits=UNLIMITED,
        analytics="customizable",
        features=("Unlimited Creator Credits", "Enhanced & Customizable Analytics"),
    ),
    Plan(
        id="production",
        name="Production Company",
        portal="production",
        monthly=Decimal("19.99"),
        annual=Decimal("199"),
        credits=20,
        analytics="basic",
        features=("20 Credits per month", "Basic Analytics"),
    ),
    Plan(
        id="production_plus",
        name="Production Company+",
        portal="production",
        monthly=Decimal("29.99"),
        annual=Decimal("299"),
        credits=40,
        analytics="enhanced",
        features=("40 Credits per month", "Enhanced Analytics"),
    ),
    Plan(
        id="production_unlimited",
        name="Production Company Unlimited",
        portal="production",
        monthly=Decimal("39.99"),
        annual=Decimal("399"),
        credits=UNLIMITED,
        analytics="customizable",
        features=("Unlimited Credits", "Enhanced & Customizable Analytics"),
    ),
    Plan(
        id="exec",
        name="Exec/Studio",
        portal="exec",
        monthly=Decimal("39.99"),
        annual=Decimal("399"),
        credits=30,
        analytics="basic",
        features=("30 Credits per month", "Basic Analytics"),
    ),
    Plan(
        id="exec_unlimited",
        name="Exec/Studio Unlimited",
        portal="exec",
        monthly=Decimal("49.99"),
        annual=Decimal("499"),
        credits=UNLIMITED,
        analytics="customizable",
        features=("Unlimited Credits", "Enhanced & Customizable Analytics"),
    ),
)
WATCHER_TIER: dict[str, Any] = {
    "id": "watcher",
    "name": "The Watcher",
    "price": {"monthly": 0, "annual": 0},
    "credits": 0,
    "analytics": "basic",
    "features": ["Like projects", "Search projects", "Buy credits for NDA requests"],
    "user_type": "watcher",
}
PACKS: tuple[CreditPack, ...] = (
    CreditPack("package_0", "single", 1, Decimal("2.99"), description="Getting started"),
    CreditPack("package_1", "small", 5, Decimal("8.99"), description="Growing creators"),
    CreditPack("package_2", "medium", 10, Decimal("14.99"), description="Professionals"),
    CreditPack("package_3", "large", 30, Decimal("29.99"), 10, "Buy 20 get 10 free"),
)
COSTS: tuple[CreditCost, ...] = (
    CreditCost("basic_upload", "Publishing a new pitch (basic form and 1 picture)"),
    CreditCost("word_doc", "Document (script, budget, treatment)"),
    CreditCost("picture_doc", "Picture document (deck, lookbook, mood board)"),
    CreditCost("extra_image", "Extra image"),
    CreditCost("video_link", "Video link"),
    CreditCost("send_message", "Send message (free for investors, paid for creators)"),
    CreditCost("nda_request", "NDA request to access pitch details"),
)
# Which plans each user type may subscribe to (investors take the exec/studio plans).
PORTAL_OF_USER_TYPE = {"creator": "creator", "production": "production", "investor": "exec"}
# Document kinds of pitches.PitchDocument.Type and the cost action each one is charged as.
DOCUMENT_ACTIONS = {"deck": "picture_doc", "lookbook": "picture_doc"}


def plan(plan_id: str) -> Plan | None:
    return next((p for p in PLANS if p.id == plan_id), None)


def plans_for(user_type: str) -> list[Plan]:
    portal = PORTAL_OF_USER_TYPE.get(user_type)
    return [p for p in PLANS if p.portal == portal]


def pack(key: str) -> CreditPack | None:
    """A pack by its SPA id (`package_1`), its name (`small`) or its credit count (`5`)."""
    wanted = str(key).strip().lower()
    return next(
        (p for p in PACKS if wanted in {p.id, p.key, str(p.credits), f"credits_{p.credits}"}), None
    )


def cost_of(action: str) -> int:
    """Credits `action` costs; raises KeyError for an action with no price."""
    return int(settings.CREDIT_COSTS[action])


def document_action(document_type: str) -> str:
    return DOCUMENT_ACTIONS.get(document_type, "word_doc")


def currency() -> str:
    return str(settings.BILLING_CURRENCY)


def cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


def tier_json(p: Plan) -> dict[str, Any]:
    return {
        "id": p.id,
        "name": p.name,
        "price": {"monthly": float(p.monthly), "annual": float(p.annual)},
        "credits": p.credits,
        "analytics": p.analytics,
        "features": list(p.features),
        "user_type": p.portal,
    }


def pack_json(p: CreditPack) -> dict[str, Any]:
    return {
        "id": p.id,
        "key": p.key,
        "credits": p.credits - p.bonus,
        "bonus": p.bonus,
        "total_credits": p.credits,
        "price": float(p.price),
        "currency": currency().upper(),
        "description": p.description,
    }


def costs_json() -> list[dict[str, Any]]:
    return [
        {"action": c.action, "credits": cost_of(c.action), "description": c.description}
        for c in COSTS
    ]


def cost_label(action: str) -> str:
    return next((c.description for c in COSTS if c.action == action), action.replace("_", " "))
