"""Staff API of billing: promo codes (list, generate, send) and the transactions list."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from billing import selectors
from billing.api import schemas
from billing.models import PromoCode
from billing.services import promos
from pitchey.api import PagePagination, request_user
from pitchey.staff import StaffPermission


def promo_json(promo: PromoCode) -> dict[str, object]:
    return {
        "id": promo.pk,
        "code": promo.code,
        "label": promo.display_label,
        "percent_off": promo.percent_off,
        "active": promo.active,
        "max_redemptions": promo.max_redemptions,
        "redemptions": getattr(promo, "redemption_count", None),
        "expires_at": selectors.iso(promo.expires_at),
        "created_at": selectors.iso(promo.created_at),
    }


class PromoCodeListApi(APIView):
    permission_classes = [StaffPermission]
    staff_permission = "staff.manage_credits"

    @extend_schema(summary="Promo codes (staff)", responses=schemas.PROMO_CODES)
    def get(self, request: Request) -> Response:
        paginator = PagePagination("promo_codes")
        page = paginator.paginate_queryset(selectors.promo_codes(), request, self)
        items = [promo_json(p) for p in page]
        return paginator.page_response({"promo_codes": items, **paginator.list_counts()})


class PromoCodeGenerateApi(APIView):
    permission_classes = [StaffPermission]
    staff_permission = "staff.manage_credits"

    class InputSerializer(serializers.Serializer):
        count = serializers.IntegerField(min_value=1, max_value=promos.MAX_GENERATE)
        percent_off = serializers.IntegerField(min_value=1, max_value=100)

    @extend_schema(
        summary="Generate promo codes (staff)",
        request=InputSerializer,
        responses={201: schemas.PROMO_CREATED},
    )
    def post(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        codes = promos.generate_promo_codes(actor=request_user(request), **payload.validated_data)
        return Response(
            {"promo_codes": [promo_json(p) for p in codes]}, status=status.HTTP_201_CREATED
        )


class PromoCodeSendApi(APIView):
    permission_classes = [StaffPermission]
    staff_permission = "staff.manage_credits"

    class InputSerializer(serializers.Serializer):
        promo_id = serializers.IntegerField(min_value=1)
        recipient_name = serializers.CharField(max_length=120, required=False, allow_blank=True)
        recipient_email = serializers.EmailField(max_length=255)

    @extend_schema(
        summary="Email a promo code (staff)", request=InputSerializer, responses=schemas.PROMO_SENT
    )
    def post(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        promo = get_object_or_404(selectors.promo_codes(), pk=data["promo_id"])
        promos.send_promo_code(
            promo=promo,
            recipient_name=data.get("recipient_name", ""),
            recipient_email=data["recipient_email"],
            actor=request_user(request),
        )
        return Response({"sent": True, "promo_id": promo.pk, "email": data["recipient_email"]})


class TransactionListApi(APIView):
    permission_classes = [StaffPermission]
    staff_permission = "staff.view_reports"

    @extend_schema(summary="Every payment (staff)", responses=schemas.TRANSACTIONS)
    def get(self, request: Request) -> Response:
        rows = selectors.transactions()
        paginator = PagePagination("transactions")
        page = paginator.paginate_queryset(rows, request, self)
        items = [selectors.transaction_json(p) for p in page]
        # The console's pages read the list from the top level of the body too.
        return paginator.page_response({"transactions": items, **paginator.list_counts()})
