"""Recording, listing, reading, updating and withdrawing one's investments."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from investments import services
from investments.api.common import INVESTOR, Paging, PortalOnly, investment_of, page_of, shape
from investments.api.rows import investment_row
from investments.models import CURRENCIES, MAX_AMOUNT, Investment, InvestmentQuerySet
from investments.selectors import ledger
from investments.selectors.portfolio import portfolio_summary
from pitches import access
from pitches.models import Pitch, SavedPitch
from pitches.selectors import visible_pitch_or_404
from pitchey.api import flat_response, pagination_meta, query_params, request_user

SORTS = {
    "date": "created_at",
    "created_at": "created_at",
    "createdAt": "created_at",
    "amount": "amount",
    "value": "current_value",
    "current_value": "current_value",
    "currentValue": "current_value",
    "status": "status",
}
INVESTMENT = shape("Investment", "investment")


class InvestorInvestInput(serializers.Serializer):
    pitch_id = serializers.IntegerField(min_value=1, max_value=2**53)
    amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=Decimal("0.01"), max_value=MAX_AMOUNT
    )
    currency = serializers.ChoiceField(choices=CURRENCIES, required=False, default="USD")
    terms = serializers.CharField(max_length=10000, required=False, allow_blank=True, default="")
    notes = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


def _rows(user: Any, investments: list[Investment]) -> list[dict[str, Any]]:
    ids = access.confidential_pitch_ids(user, [i.pitch for i in investments])
    return [investment_row(i, confidential=i.pitch_id in ids) for i in investments]


class InvestApi(APIView):
    permission_classes = [PortalOnly]
    portals = INVESTOR
    throttle_scope = "strict"

    @extend_schema(
        summary="Record an investment in a pitch you may back",
        request=InvestorInvestInput,
        responses={201: INVESTMENT},
    )
    def post(self, request: Request) -> Response:
        payload = InvestorInvestInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        me = request_user(request)
        pitch = visible_pitch_or_404(me, data.pop("pitch_id"), with_owner=True)
        investment = services.record_investment(investor=me, pitch=pitch, **data)
        row = _rows(me, [Investment.objects.for_display().get(pk=investment.pk)])[0]
        return flat_response({"investment": row}, status.HTTP_201_CREATED)


class InvestorInvestmentListInput(Paging):
    status = serializers.ChoiceField(choices=Investment.Status.choices, required=False)
    sort_by = serializers.ChoiceField(choices=sorted(SORTS), required=False, default="date")
    sort_order = serializers.ChoiceField(choices=["asc", "desc"], required=False, default="desc")


def _list_body(
    request: Request, queryset: InvestmentQuerySet, params: dict[str, Any]
) -> dict[str, Any]:
    me = request_user(request)
    page, limit = page_of(request, params)
    total = queryset.count()
    ids = list(queryset.values_list("pk", flat=True)[(page - 1) * limit : page * limit])
    rows = Investment.objects.for_display().in_bulk(ids)
    investments = [rows[pk] for pk in ids if pk in rows]
    summary = portfolio_summary(me.pk)
    pages = max(1, math.ceil(total / limit))
    return {
        "investments": _rows(me, investments),
        "total": total,
        "page": page,
        "limit": limit,
        "total_pages": pages,
        "current_page": page,
        "summary": {
            "total_invested": summary["total_invested"],
            "total_current_value": summary["current_value"],
            "active_count": summary["active_investments"],
            "completed_count": summary["completed_investments"],
            "currency": summary["currency"],
        },
        "pagination": pagination_meta(page, limit, total),
    }


class InvestmentListApi(APIView):
    permission_classes = [PortalOnly]
    portals = INVESTOR

    @extend_schema(
        summary="Your investments, a page at a time, with the portfolio summary",
        parameters=[
            OpenApiParameter(n, str, required=False)
            for n in ("status", "sortBy", "sortOrder", "page", "limit", "offset")
        ],
        responses=shape(
            "InvestmentPage", "investments", "total", "totalPages", "currentPage", "summary"
        ),
    )
    def get(self, request: Request) -> Response:
        params = InvestorInvestmentListInput(data=query_params(request))
        params.is_valid(raise_exception=True)
        data = params.validated_data
        queryset = Investment.objects.held_by(request_user(request))
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        field = SORTS[data["sort_by"]]
        order = field if data["sort_order"] == "asc" else f"-{field}"
        queryset = queryset.order_by(order, "-id")
        return flat_response(_list_body(request, queryset, data))


class InvestmentAllApi(APIView):
    permission_classes = [PortalOnly]
    portals = INVESTOR

    @extend_schema(
        summary="Every investment of yours, newest first (up to 500)",
        responses=shape("InvestmentsAll", "investments", "total"),
    )
    def get(self, request: Request) -> Response:
        me = request_user(request)
        investments = list(Investment.objects.held_by(me).for_display()[:500])
        return flat_response({"investments": _rows(me, investments), "total": len(investments)})


class InvestmentSummaryApi(APIView):
    permission_classes = [PortalOnly]
    portals = INVESTOR

    @extend_schema(
        summary="Counts and totals of your investments by status",
        responses=shape("InvestmentSummary", "summary"),
    )
    def get(self, request: Request) -> Response:
        summary = portfolio_summary(request_user(request).pk)
        return flat_response({"summary": summary, **summary})


class InvestorUpdateInput(serializers.Serializer):
    current_value = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, max_value=MAX_AMOUNT, required=False
    )
    terms = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    notes = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    status = serializers.ChoiceField(choices=["withdrawn"], required=False)


class InvestmentDetailApi(APIView):
    permission_classes = [PortalOnly]
    portals = INVESTOR

    @extend_schema(
        summary="One of your investments with its ledger and valuations", responses=INVESTMENT
    )
    def get(self, request: Request, investment_id: int) -> Response:
        me = request_user(request)
        investment = investment_of(me, investment_id)
        row = _rows(me, [investment])[0]
        row["transactions"] = [
            {
                "id": t.pk,
                "kind": t.kind,
                "amount": t.amount,
                "currency": t.currency,
                "date": t.created_at,
            }
            for t in investment.transactions.order_by("created_at", "id")
        ]
        row["timeline"] = [
            {
                "id": v.pk,
                "event_type": "valuation",
                "value": v.value,
                "date": v.recorded_at,
                "description": f"Valued at {v.value:,.2f} {investment.currency}",
            }
            for v in investment.valuations.order_by("recorded_at", "id")
        ]
        row["roi"] = investment.roi_percent
        return flat_response({"investment": row, **row})

    @extend_schema(
        summary="Change your record of an investment: its value, terms, notes (or withdraw it)",
        request=InvestorUpdateInput,
        responses=INVESTMENT,
    )
    def put(self, request: Request, investment_id: int) -> Response:
        me = request_user(request)
        investment = investment_of(me, investment_id)
        payload = InvestorUpdateInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        if data.pop("status", None) == "withdrawn":
            services.withdraw_investment(investment=investment, actor=me)
        if data:
            services.update_investment(investment=investment, actor=me, **data)
        row = _rows(me, [investment_of(me, investment_id)])[0]
        return flat_response({"investment": row, **row})


class InvestorWithdrawInput(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class InvestmentWithdrawApi(APIView):
    permission_classes = [PortalOnly]
    portals = INVESTOR
    throttle_scope = "strict"

    @extend_schema(
        summary="Withdraw a pending or active investment (refunded in the ledger)",
        request=InvestorWithdrawInput,
        responses=INVESTMENT,
    )
    def post(self, request: Request, investment_id: int) -> Response:
        me = request_user(request)
        investment = investment_of(me, investment_id)
        payload = InvestorWithdrawInput(data=request.data)
        payload.is_valid(raise_exception=True)
        services.withdraw_investment(
            investment=investment, actor=me, reason=payload.validated_data["reason"]
        )
        row = _rows(me, [investment_of(me, investment_id)])[0]
        return flat_response({"investment": row})


class PitchInvestmentDetailApi(APIView):
    permission_classes = [PortalOnly]
    portals = INVESTOR

    @extend_schema(
        summary="Your position on one pitch: your investments, watchlist state, whether you may "
        "invest",
        responses=shape("PitchInvestmentDetail", "investments", "isWatchlisted", "canInvest"),
    )
    def get(self, request: Request, pitch_id: int) -> Response:
        me = request_user(request)
        pitch: Pitch = visible_pitch_or_404(me, pitch_id, with_owner=True)
        mine = list(Investment.objects.held_by(me).for_display().filter(pitch=pitch))
        confidential = access.can_view_confidential(me, pitch)
        can_invest = (
            pitch.owner_id != me.pk
            and pitch.status == Pitch.Status.PUBLISHED
            and (confidential or not pitch.require_nda)
        )
        held = [i for i in mine if i.is_holding]
        return flat_response(
            {
                "pitch_id": pitch.pk,
                "investments": _rows(me, mine),
                "total_invested": sum((i.amount for i in held), 0),
                "has_invested": bool(held),
                "is_watchlisted": SavedPitch.objects.owned_by(me).filter(pitch=pitch).exists(),
                "can_invest": can_invest,
                "needs_nda": pitch.require_nda and not confidential,
                "seeking_investment": pitch.seeking_investment,
            }
        )


class InvestmentDocumentsApi(APIView):
    permission_classes = [PortalOnly]
    portals = INVESTOR

    @extend_schema(
        summary="The documents recorded with one of your investments",
        responses=shape("InvestmentDocuments", "documents"),
    )
    def get(self, request: Request, investment_id: int) -> Response:
        investment = investment_of(request_user(request), investment_id)
        documents = investment.documents if isinstance(investment.documents, list) else []
        return flat_response({"documents": documents, "total": len(documents)})


class InvestmentReportApi(APIView):
    permission_classes = [PortalOnly]
    portals = INVESTOR

    @extend_schema(
        summary="One investment's ledger and valuations as CSV",
        responses={(200, "text/csv"): OpenApiTypes.STR},
    )
    def get(self, request: Request, investment_id: int) -> HttpResponse:
        investment = investment_of(request_user(request), investment_id)
        text = ledger.investment_csv(investment)
        response = HttpResponse(text, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="pitchey-investment-{investment.pk}.csv"'
        )
        return response
