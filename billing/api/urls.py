from django.urls import path

from billing.api import views_admin, views_credits, views_subscriptions, views_webhooks

app_name = "billing-api"

urlpatterns = [
    path("plans", views_subscriptions.PlansApi.as_view(), name="plans"),
    path("payments/credits/balance", views_credits.CreditBalanceApi.as_view(), name="balance"),
    path("payments/credits/purchase", views_credits.CreditPurchaseApi.as_view(), name="purchase"),
    path("payments/credits/use", views_credits.CreditUseApi.as_view(), name="use"),
    path("payments/history", views_credits.PaymentHistoryApi.as_view(), name="history"),
    path("payments/invoices", views_subscriptions.InvoicesApi.as_view(), name="invoices"),
    path("payments/subscribe", views_subscriptions.SubscribeApi.as_view(), name="subscribe"),
    path(
        "payments/subscription-status",
        views_subscriptions.SubscriptionStatusApi.as_view(),
        name="subscription-status",
    ),
    path(
        "payments/cancel-subscription",
        views_subscriptions.CancelSubscriptionApi.as_view(),
        name="cancel-subscription",
    ),
    path("payments/billing-portal", views_subscriptions.BillingPortalApi.as_view(), name="portal"),
    path(
        "payments/promo/validate",
        views_subscriptions.PromoValidateApi.as_view(),
        name="promo-validate",
    ),
    path(
        "payments/payment-methods",
        views_subscriptions.PaymentMethodsApi.as_view(),
        name="payment-methods",
    ),
    path("webhooks/stripe", views_webhooks.StripeWebhookApi.as_view(), name="stripe-webhook"),
    path("admin/promo-codes", views_admin.PromoCodeListApi.as_view(), name="admin-promo-codes"),
    path(
        "admin/promo-codes/generate",
        views_admin.PromoCodeGenerateApi.as_view(),
        name="admin-promo-generate",
    ),
    path("admin/promo-codes/send", views_admin.PromoCodeSendApi.as_view(), name="admin-promo-send"),
    path("admin/transactions", views_admin.TransactionListApi.as_view(), name="admin-transactions"),
]
