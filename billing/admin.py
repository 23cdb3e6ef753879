"""Staff views of billing: payments and disputes (with the audited refund action), the ledger
(read-only), subscriptions, processed events, promo codes, and the audited "grant or revoke
credits" action on an account."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html

from billing.models import (
    CreditAccount,
    CreditEntry,
    Payment,
    ProcessedEvent,
    PromoCode,
    PromoRedemption,
    Subscription,
)
from billing.services import credits, refunds
from pitchey.admin_actions import ReadOnlyAdmin, run_each
from pitchey.api import request_user
from pitchey.errors import DomainError


@admin.register(CreditEntry)
class CreditEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "user", "kind", "amount", "balance_after", "description"]
    list_filter = ["kind", "action"]
    search_fields = ["user__email", "description", "reference"]
    list_select_related = ["user"]
    date_hierarchy = "created_at"


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "user", "type", "amount", "currency", "status", "disputed_flag"]
    list_filter = ["type", "status", ("disputed_at", admin.EmptyFieldListFilter)]
    search_fields = [
        "user__email",
        "stripe_session_id",
        "stripe_payment_intent_id",
        "stripe_invoice_id",
    ]
    list_select_related = ["user"]
    date_hierarchy = "created_at"
    actions = ["refund"]

    @admin.display(boolean=True, description="Disputed")
    def disputed_flag(self, payment: Payment) -> bool:
        return payment.disputed

    def has_refund_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm(refunds.PERMISSION))

    @admin.action(
        description="Refund in full through the provider (asks for the reason)",
        permissions=["refund"],
    )
    def refund(self, request: HttpRequest, queryset: QuerySet[Payment]) -> HttpResponse | None:
        reason = request.POST.get("reason", "").strip()
        if "apply" not in request.POST or len(reason) < 3:
            context = {
                **self.admin_site.each_context(request),
                "payments": queryset,
                "reason": reason,
                "missing": "apply" in request.POST,
                "opts": self.model._meta,
                "title": "Why refund these payments?",
            }
            return render(request, "admin/billing/refund_reason.html", context)
        actor = request_user(request)
        run_each(
            request,
            queryset,
            lambda payment: refunds.refund_payment(payment=payment, actor=actor, reason=reason),
            done="{count} payment(s) refunded or already refunded.",
        )
        return None


@admin.register(Subscription)
class SubscriptionAdmin(ReadOnlyAdmin):
    list_display = [
        "user",
        "plan",
        "interval",
        "status",
        "current_period_end",
        "cancel_at_period_end",
    ]
    list_filter = ["status", "plan", "cancel_at_period_end"]
    search_fields = ["user__email", "stripe_subscription_id", "stripe_customer_id"]
    list_select_related = ["user"]


@admin.register(ProcessedEvent)
class ProcessedEventAdmin(ReadOnlyAdmin):
    list_display = ["processed_at", "type", "event_id", "outcome", "livemode"]
    list_filter = ["type", "outcome", "livemode"]
    search_fields = ["event_id"]


class RedemptionInline(admin.TabularInline):
    model = PromoRedemption
    fields = ("user", "stripe_session_id", "redeemed_at")
    readonly_fields = ("user", "stripe_session_id", "redeemed_at")
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PromoCode)
class PromoCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "percent_off", "label", "active", "max_redemptions", "expires_at"]
    list_filter = ["active"]
    search_fields = ["code", "label"]
    readonly_fields = ["stripe_coupon_id", "created_by", "created_at"]
    inlines = [RedemptionInline]

    def save_model(self, request: HttpRequest, obj: PromoCode, form: Any, change: bool) -> None:
        obj.code = obj.code.strip().upper()
        if not change:
            obj.created_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)


class AdjustCreditsForm(forms.Form):
    direction = forms.ChoiceField(choices=[("grant", "Grant"), ("revoke", "Revoke")])
    amount = forms.IntegerField(min_value=1, max_value=credits.MAX_ADJUSTMENT)
    reason = forms.CharField(max_length=255, help_text="Recorded in the ledger and the audit log.")


@admin.register(CreditAccount)
class CreditAccountAdmin(admin.ModelAdmin):
    """Adding an account picks a user to adjust; the balance only ever moves through the ledger."""

    list_display = ["user", "balance", "adjust_link"]
    search_fields = ["user__email", "user__username"]
    list_select_related = ["user"]
    fields = ["user"]
    raw_id_fields = ["user"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def response_add(self, request: HttpRequest, obj: CreditAccount, *args: Any) -> HttpResponse:
        return redirect("admin:billing_creditaccount_adjust", obj.pk)

    def get_queryset(self, request: HttpRequest) -> QuerySet[CreditAccount]:
        return super().get_queryset(request).annotate(total=Sum("user__credit_entries__amount"))

    @admin.display(description="Balance", ordering="total")
    def balance(self, account: CreditAccount) -> int:
        return int(getattr(account, "total", 0) or 0)

    @admin.display(description="")
    def adjust_link(self, account: CreditAccount) -> str:
        url = reverse("admin:billing_creditaccount_adjust", args=[account.pk])
        return format_html('<a href="{}">Grant or revoke</a>', url)

    def get_urls(self) -> list[URLPattern]:
        adjust = self.admin_site.admin_view(self.adjust_view)
        return [
            path("<int:pk>/adjust/", adjust, name="billing_creditaccount_adjust"),
            *super().get_urls(),
        ]

    def adjust_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not request.user.has_perm("billing.add_creditentry") and not request.user.is_superuser:
            raise PermissionDenied
        account = get_object_or_404(CreditAccount.objects.select_related("user"), pk=pk)
        form = AdjustCreditsForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            grant = form.cleaned_data["direction"] == "grant"
            service = credits.grant_credits if grant else credits.revoke_credits
            try:
                service(
                    user=account.user,
                    amount=form.cleaned_data["amount"],
                    reason=form.cleaned_data["reason"],
                    actor=request.user,  # type: ignore[arg-type]
                )
            except DomainError as refused:
                form.add_error(None, refused.message)
            else:
                self.message_user(request, "Credits adjusted.", messages.SUCCESS)
                return redirect("admin:billing_creditaccount_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": f"Grant or revoke credits: {account.user}",
            "account": account,
            "balance": credits.balance_of(account.user_id),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/billing/adjust_credits.html", context)
