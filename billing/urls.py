from django.urls import path

from billing import sandbox_views, views

app_name = "billing"

urlpatterns = [
    path("pricing/", views.pricing, name="pricing"),
    path("billing/", views.overview, name="overview"),
    path("billing/credits/", views.buy_credits, name="buy-credits"),
    path("billing/subscribe/", views.subscribe, name="subscribe"),
    path("billing/cancel/", views.renewal, {"cancel": True}, name="cancel"),
    path("billing/resume/", views.renewal, {"cancel": False}, name="resume"),
    path("billing/portal/", views.portal, name="portal"),
    path("billing/checkout/result/", views.checkout_result, name="checkout-result"),
    path(
        "billing/sandbox/checkout/<str:session_id>/",
        sandbox_views.checkout_page,
        name="sandbox-checkout",
    ),
    path(
        "billing/sandbox/portal/<str:session_id>/",
        sandbox_views.portal_page,
        name="sandbox-portal",
    ),
]
