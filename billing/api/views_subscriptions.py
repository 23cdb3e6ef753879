"""Plans, subscribing, the subscription's status and cancellation, the billing portal, promo
codes, invoices and saved payment methods."""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from billing import catalog, selectors
from billing.api import schemas
from billing.api.common import SPA_BILLING_PATH, raise_for, site_base, spa_urls
from billing.services import checkout, promos
from pitchey.api import PagePagination, request_user
from pitchey.errors import DomainError
from pitchey.runtime import FeatureDisabled


class PlansApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(summary="Plans, credit packs and what actions cost", responses=schemas.PLANS)
    def get(self, request: Request) -> Response:
        tiers = [catalog.WATCHER_TIER, *(catalog.tier_json(p) for p in catalog.PLANS)]
        return Response(
            {
                "tiers": tiers,
                "credit_packages": [catalog.pack_json(p) for p in catalog.PACKS],
                "credit_costs": catalog.costs_json(),
                "currency": catalog.currency().upper(),
            }
        )


class SubscribeApi(APIView):
    permission_classes = [IsAuthenticated]
    throttle_scope = "strict"

    class InputSerializer(serializers.Serializer):
        tier = serializers.CharField(max_length=50)
        billing_interval = serializers.CharField(max_length=10, required=False, allow_blank=True)
        currency = serializers.CharField(max_length=3, required=False, allow_blank=True)
        promo_code = serializers.CharField(
            max_length=40, required=False, allow_blank=True, allow_null=True
        )

    @extend_schema(
        summary="Open a subscription Checkout",
        request=InputSerializer,
        responses={201: schemas.CHECKOUT},
    )
    def post(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        session = checkout.start_subscription_checkout(
            user=request_user(request),
            tier=data["tier"],
            interval=data.get("billing_interval") or "monthly",
            promo_code=data.get("promo_code") or "",
            urls=spa_urls(request, "subscription"),
        )
        return Response({"url": session.url, "session_id": session.id}, status=201)


class SubscriptionStatusApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="The user's subscription", responses=schemas.SUBSCRIPTION_STATUS)
    def get(self, request: Request) -> Response:
        return Response(selectors.subscription_status(request_user(request)))


class CancelSubscriptionApi(APIView):
    permission_classes = [IsAuthenticated]
    throttle_scope = "strict"

    @extend_schema(
        summary="Cancel at the end of the period",
        request=None,
        responses=schemas.SUBSCRIPTION_STATUS,
    )
    def post(self, request: Request) -> Response:
        user = request_user(request)
        checkout.set_cancel_at_period_end(user=user, cancel=True)
        return Response(selectors.subscription_status(user))


class BillingPortalApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="A billing-portal session URL", request=None, responses=schemas.URL)
    def post(self, request: Request) -> Response:
        url = checkout.open_billing_portal(
            user=request_user(request),
            return_url=f"{settings.FRONTEND_URL}{SPA_BILLING_PATH}",
            site_base=site_base(request),
        )
        return Response({"url": url})


class PromoValidateApi(APIView):
    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        code = serializers.CharField(max_length=40)

    @extend_schema(
        summary="Whether a promo code applies to this user",
        request=InputSerializer,
        responses=schemas.PROMO_RESULT,
    )
    def post(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        code = promos.normalise(payload.validated_data["code"])
        try:
            promo = promos.check_promo(user=request_user(request), code=code)
        except FeatureDisabled:
            raise  # a 503, not "this code is invalid"
        except DomainError as refused:
            return Response({"valid": False, "code": code, "message": refused.message})
        data = {"valid": True, "code": promo.code, "label": promo.display_label}
        return Response({**data, "percent_off": promo.percent_off})


class InvoicesApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="Subscription invoices, paged", responses=schemas.INVOICES)
    def get(self, request: Request) -> Response:
        status_filter = str(request.query_params.get("status", ""))
        rows, errors = selectors.invoices(request_user(request), status_filter)
        raise_for(errors)
        paginator = PagePagination("invoices")
        page = paginator.paginate_queryset(rows, request, self)
        return paginator.get_paginated_response([selectors.invoice_json(p) for p in page])


class PaymentMethodsApi(APIView):
    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        payment_method_id = serializers.CharField(max_length=255)

    @extend_schema(summary="Saved cards", responses=schemas.PAYMENT_METHODS)
    def get(self, request: Request) -> Response:
        methods = checkout.payment_methods(user=request_user(request))
        return Response({"payment_methods": methods})

    @extend_schema(
        summary="Add a card (in the billing portal)", request=None, responses={201: schemas.URL}
    )
    def post(self, request: Request) -> Response:
        """Cards are added in the billing portal: answer with its URL."""
        url = checkout.open_billing_portal(
            user=request_user(request),
            return_url=f"{settings.FRONTEND_URL}{SPA_BILLING_PATH}?tab=payment-methods",
            site_base=site_base(request),
        )
        return Response({"url": url}, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Choose the default card",
        request=InputSerializer,
        responses=schemas.PAYMENT_METHODS,
    )
    def put(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        user = request_user(request)
        checkout.set_default_payment_method(
            user=user, payment_method_id=payload.validated_data["payment_method_id"]
        )
        return Response({"payment_methods": checkout.payment_methods(user=user)})
