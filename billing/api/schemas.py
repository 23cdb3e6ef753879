"""OpenAPI descriptions of the billing answers (documentation only: views return plain data)."""

from __future__ import annotations

from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

_ANY = serializers.DictField()
_ROWS = serializers.ListField(child=serializers.DictField())
_PAGE = {
    "total": serializers.IntegerField(),
    "page": serializers.IntegerField(),
    "limit": serializers.IntegerField(),
    "total_pages": serializers.IntegerField(),
}

CREDIT_BALANCE = inline_serializer(
    "CreditBalance",
    {
        "balance": inline_serializer(
            "CreditTotals",
            {
                "credits": serializers.IntegerField(),
                "total_purchased": serializers.IntegerField(),
                "total_used": serializers.IntegerField(),
            },
        ),
        "credits": serializers.IntegerField(),
        "recent_transactions": _ROWS,
        "costs": _ROWS,
    },
)
CHECKOUT = inline_serializer(
    "CheckoutStarted", {"url": serializers.URLField(), "session_id": serializers.CharField()}
)
CREDIT_USED = inline_serializer(
    "CreditsUsed", {"balance": serializers.IntegerField(), "transaction": _ANY}
)
PAYMENTS = inline_serializer("PaymentList", {"payments": _ROWS, **_PAGE})
INVOICES = inline_serializer("InvoiceList", {"invoices": _ROWS, **_PAGE})
PLANS = inline_serializer(
    "Plans",
    {
        "tiers": _ROWS,
        "credit_packages": _ROWS,
        "credit_costs": _ROWS,
        "currency": serializers.CharField(),
    },
)
SUBSCRIPTION_STATUS = inline_serializer(
    "SubscriptionStatus",
    {
        "tier": serializers.CharField(),
        "status": serializers.CharField(),
        "cancel_at_period_end": serializers.BooleanField(),
        "current_period_end": serializers.DateTimeField(allow_null=True),
        "subscription": _ANY,
    },
)
URL = inline_serializer("RedirectUrl", {"url": serializers.URLField()})
PROMO_RESULT = inline_serializer(
    "PromoValidation",
    {
        "valid": serializers.BooleanField(),
        "code": serializers.CharField(),
        "label": serializers.CharField(required=False),
        "percent_off": serializers.IntegerField(required=False),
        "message": serializers.CharField(required=False),
    },
)
PAYMENT_METHODS = inline_serializer("PaymentMethods", {"payment_methods": _ROWS})
WEBHOOK = inline_serializer(
    "WebhookReceived",
    {
        "received": serializers.BooleanField(),
        "event_id": serializers.CharField(),
        "outcome": serializers.CharField(),
        "duplicate": serializers.BooleanField(),
    },
)
PROMO_CODES = inline_serializer("PromoCodeList", {"promo_codes": _ROWS, **_PAGE})
PROMO_CREATED = inline_serializer("PromoCodesCreated", {"promo_codes": _ROWS})
PROMO_SENT = inline_serializer(
    "PromoCodeSent",
    {
        "sent": serializers.BooleanField(),
        "promo_id": serializers.IntegerField(),
        "email": serializers.EmailField(),
    },
)
TRANSACTIONS = inline_serializer("TransactionList", {"transactions": _ROWS, **_PAGE})
