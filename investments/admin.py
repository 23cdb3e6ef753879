"""Staff views of the money side. Amounts, statuses and the ledger change only through services:
investments and deals show them read-only, transactions and timelines are read-only entirely,
and nothing here deletes a record of money."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from investments import services
from investments.models import (
    BudgetAllocation,
    Deal,
    DealEvent,
    DealMessage,
    DealSignature,
    Investment,
    InvestmentThesis,
    Transaction,
    Valuation,
)
from pitchey.admin_actions import ReadOnlyAdmin, service_action
from pitchey.api import request_user


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class TransactionInline(ReadOnlyInline):
    model = Transaction
    fields = ["created_at", "kind", "amount", "currency", "description", "created_by"]
    readonly_fields = ["created_at", "kind", "amount", "currency", "description", "created_by"]


class ValuationInline(ReadOnlyInline):
    model = Valuation
    fields = ["recorded_at", "value", "recorded_by"]
    readonly_fields = ["recorded_at", "value", "recorded_by"]


@admin.register(Investment)
class InvestmentAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "pitch",
        "investor",
        "amount",
        "currency",
        "current_value",
        "status",
        "created_at",
    ]
    list_filter = ["status", "currency", "created_at"]
    search_fields = ["pitch__title", "investor__email"]
    raw_id_fields = ["pitch", "investor"]
    readonly_fields = [
        "investor",
        "pitch",
        "amount",
        "currency",
        "current_value",
        "status",
        "ended_at",
        "withdrawal_reason",
        "created_at",
        "updated_at",
    ]
    inlines = [TransactionInline, ValuationInline]
    actions = [
        service_action(
            "complete_at_current_value",
            "Complete at the current value (paid out as a distribution)",
            lambda request, row: services.complete_investment(
                investment=row, actor=request_user(request), final_value=row.current_value
            ),
            done="{count} investment(s) completed.",
        )
    ]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Transaction)
class TransactionAdmin(ReadOnlyAdmin):
    list_display = ["id", "created_at", "investor", "kind", "amount", "currency", "pitch"]
    list_filter = ["kind", "currency", "created_at"]
    search_fields = ["investor__email", "pitch__title", "description", "reference"]


class DealEventInline(ReadOnlyInline):
    model = DealEvent
    fields = ["created_at", "actor", "kind", "from_status", "to_status", "note"]
    readonly_fields = ["created_at", "actor", "kind", "from_status", "to_status", "note"]


class DealSignatureInline(ReadOnlyInline):
    model = DealSignature
    fields = ["signed_at", "signer", "party", "full_name", "terms_sha256", "ip_address"]
    readonly_fields = ["signed_at", "signer", "party", "full_name", "terms_sha256", "ip_address"]


class DealMessageInline(ReadOnlyInline):
    model = DealMessage
    fields = ["created_at", "author", "body"]
    readonly_fields = ["created_at", "author", "body"]


@admin.register(Deal)
class DealAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "pitch",
        "creator",
        "counterparty",
        "counterparty_kind",
        "deal_type",
        "amount",
        "status",
        "updated_at",
    ]
    list_filter = ["status", "deal_type", "counterparty_kind", "outcome"]
    search_fields = ["pitch__title", "creator__email", "counterparty__email"]
    readonly_fields = [
        "pitch",
        "creator",
        "counterparty",
        "counterparty_kind",
        "deal_type",
        "status",
        "awaiting",
        "amount",
        "currency",
        "backend_percent",
        "territory",
        "term_months",
        "terms",
        "outcome",
        "outcome_note",
        "investment",
        "created_at",
        "updated_at",
        "closed_at",
    ]
    inlines = [DealEventInline, DealSignatureInline, DealMessageInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(InvestmentThesis)
class InvestmentThesisAdmin(admin.ModelAdmin):
    list_display = ["investor", "is_public", "ticket_min", "ticket_max", "updated_at"]
    list_filter = ["is_public"]
    search_fields = ["investor__email", "summary"]
    raw_id_fields = ["investor"]


@admin.register(BudgetAllocation)
class BudgetAllocationAdmin(admin.ModelAdmin):
    list_display = ["investor", "category", "allocated_amount", "currency"]
    search_fields = ["investor__email", "category"]
    raw_id_fields = ["investor"]
