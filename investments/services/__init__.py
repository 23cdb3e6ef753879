"""Every investments state change: holdings and the ledger, deals, the investor's research.

Each change is one transaction that writes the audit log (`analytics.services.record_activity`);
notifications and WebSocket pushes leave on commit, and every change to a holding drops the
investor's cached portfolio summary.
"""

from investments.services.common import (
    PORTFOLIO_TTL,
    clean_money,
    invalidate_portfolio,
    portfolio_key,
)
from investments.services.deals import (
    DEAL_PORTALS,
    accept_deal,
    close_deal,
    counter_deal,
    decline_deal,
    post_deal_message,
    propose_deal,
    record_deal_outcome,
    respond_to_deal,
    sign_deal,
    terms_digest,
    withdraw_deal,
)
from investments.services.holdings import (
    complete_investment,
    record_investment,
    record_ledger_entry,
    update_investment,
    withdraw_investment,
)
from investments.services.research import (
    add_note,
    allocate_budget,
    delete_note,
    save_diligence,
    save_preferences,
    save_thesis,
)

__all__ = [
    "DEAL_PORTALS",
    "PORTFOLIO_TTL",
    "accept_deal",
    "add_note",
    "allocate_budget",
    "clean_money",
    "close_deal",
    "complete_investment",
    "counter_deal",
    "decline_deal",
    "delete_note",
    "invalidate_portfolio",
    "portfolio_key",
    "post_deal_message",
    "propose_deal",
    "record_deal_outcome",
    "record_investment",
    "record_ledger_entry",
    "respond_to_deal",
    "save_diligence",
    "save_preferences",
    "save_thesis",
    "sign_deal",
    "terms_digest",
    "update_investment",
    "withdraw_deal",
    "withdraw_investment",
]
