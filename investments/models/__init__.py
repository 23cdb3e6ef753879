"""Investments: holdings, the money ledger, deals with their timeline, theses and research notes.

`Investment` (table `investments`) is a position an investor holds in a pitch; `Transaction`
(table `investment_transactions`) is the append-only money ledger every portfolio figure is
summed from; `Deal` is a negotiation between a pitch's creator and a counterparty (an investor
or a production company user) with an append-only `DealEvent` timeline, a `DealMessage` thread
and one `DealSignature` per party. `InvestmentThesis`, `InvestorNote` and `DiligenceChecklist`
are the investor's own research.
"""

from investments.models.deal import (
    OPEN_DEAL_STATUSES,
    Deal,
    DealEvent,
    DealMessage,
    DealQuerySet,
    DealSignature,
)
from investments.models.investment import (
    CURRENCIES,
    MAX_AMOUNT,
    Currency,
    Investment,
    InvestmentQuerySet,
    Transaction,
    TransactionQuerySet,
    Valuation,
)
from investments.models.research import (
    BudgetAllocation,
    DiligenceChecklist,
    InvestmentThesis,
    InvestorNote,
)

__all__ = [
    "CURRENCIES",
    "MAX_AMOUNT",
    "OPEN_DEAL_STATUSES",
    "BudgetAllocation",
    "Currency",
    "Deal",
    "DealEvent",
    "DealMessage",
    "DealQuerySet",
    "DealSignature",
    "DiligenceChecklist",
    "Investment",
    "InvestmentQuerySet",
    "InvestmentThesis",
    "InvestorNote",
    "Transaction",
    "TransactionQuerySet",
    "Valuation",
]
