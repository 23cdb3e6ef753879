"""Credits: balance, buying a pack, spending on request, and the payment history."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from billing import catalog, selectors
from billing.api import schemas
from billing.api.common import raise_for, spa_urls
from billing.services import checkout, credits
from pitchey.api import PagePagination, request_user


class CreditBalanceApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Credit balance, totals and recent ledger entries", responses=schemas.CREDIT_BALANCE
    )
    def get(self, request: Request) -> Response:
        summary = selectors.credit_summary(request_user(request))
        return Response({**summary, "costs": catalog.costs_json()})


class CreditPurchaseApi(APIView):
    permission_classes = [IsAuthenticated]
    throttle_scope = "strict"

    class InputSerializer(serializers.Serializer):
        credit_package = serializers.CharField(max_length=40)
        currency = serializers.CharField(max_length=3, required=False, allow_blank=True)

    @extend_schema(
        summary="Open a Checkout for a credit pack",
        request=InputSerializer,
        responses={201: schemas.CHECKOUT},
    )
    def post(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        payment, session = checkout.start_credit_checkout(
            user=request_user(request),
            package=payload.validated_data["credit_package"],
            urls=spa_urls(request, "credits"),
        )
        data = {
            "url": session.url,
            "session_id": session.id,
            "payment_id": payment.pk,
            "credits": payment.credits,
            "amount": str(payment.amount),
            "currency": payment.currency.upper(),
        }
        return Response(data, status=status.HTTP_201_CREATED)


class CreditUseApi(APIView):
    permission_classes = [IsAuthenticated]
    throttle_scope = "strict"

    class InputSerializer(serializers.Serializer):
        amount = serializers.IntegerField(min_value=1, max_value=credits.MAX_ADJUSTMENT)
        usage_type = serializers.ChoiceField(choices=[c.action for c in catalog.COSTS])
        description = serializers.CharField(max_length=255, required=False, allow_blank=True)
        pitch_id = serializers.IntegerField(min_value=1, required=False, allow_null=True)

    @extend_schema(
        summary="Spend credits on an action",
        request=InputSerializer,
        responses={201: schemas.CREDIT_USED},
    )
    def post(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        entry = credits.spend_amount(user=request_user(request), **payload.validated_data)
        data = {"balance": entry.balance_after, "transaction": selectors.entry_json(entry)}
        return Response(data, status=status.HTTP_201_CREATED)


class PaymentHistoryApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="The user's payments, filtered and paged", responses=schemas.PAYMENTS)
    def get(self, request: Request) -> Response:
        rows, errors = selectors.payment_history(request_user(request), request.query_params)
        raise_for(errors)
        paginator = PagePagination("payments")
        page = paginator.paginate_queryset(rows, request, self)
        return paginator.get_paginated_response([selectors.payment_json(p) for p in page])
