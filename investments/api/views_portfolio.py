"""The portfolio read back: summary, holdings, performance, ROI, completed projects and the
investor dashboard."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from investments.api.common import INVESTOR, PortalOnly, shape
from investments.api.rows import deal_row, investment_row
from investments.models import Deal, Investment
from investments.selectors.portfolio import (
    growth,
    performance_series,
    portfolio_summary,
    roi_by,
)
from pitches import access
from pitchey.api import flat_response, query_params, request_user

TIMEFRAMES = {"1m": 1, "3m": 3, "6m": 6, "1y": 12, "12m": 12, "2y": 24, "all": 36, "ytd": 0}


def summary_body(investor_id: int) -> dict[str, Any]:
    """The summary under `summary` and at the top level (the SPA reads either)."""
    summary = dict(portfolio_summary(investor_id))
    series = performance_series(investor_id, months=13, currency=summary["currency"])
    summary["monthly_growth"] = growth(series, 1)
    summary["quarterly_growth"] = growth(series, 3)
    summary["ytd_growth"] = growth(series, 12)
    return {**summary, "summary": summary}


def _holdings(user: Any) -> list[Investment]:
    return list(Investment.objects.held_by(user).for_display()[:500])


def _rows(user: Any, investments: list[Investment]) -> list[dict[str, Any]]:
    ids = access.confidential_pitch_ids(user, [i.pitch for i in investments])
    return [investment_row(i, confidential=i.pitch_id in ids) for i in investments]


class PortfolioSummaryApi(APIView):
    permission_classes = [PortalOnly]
    portals = INVESTOR

    @extend_schema(
        summary="Portfolio summary: invested, current value, holdings, return % (Decimal)",
        responses=shape("PortfolioSummary", "summary", "totalInvested", "currentValue"),
    )
    def get(self, request: Request) -> Response:
        return flat_response(summary_body(request_user(request).pk))


class InvestorPortfolioInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=Investment.Status.choices, required=False)
    sort_by = serializers.ChoiceField(
        choices=["date", "amount", "value", "roi"], required=False, default="date"
    )


class PortfolioApi(APIView):
    permission_classes = [PortalOnly]
    portals = INVESTOR

    @extend_schema(
        summary="Your holdings with the summary and the split by genre",
        parameters=[OpenApiParameter(n, str, required=False) for n in ("status", "sortBy")],
        responses=shape("Portfolio", "portfolio"),
    )
    def get(self, request: Request) -> Response:
        params = InvestorPortfolioInput(data=query_params(request))
        params.is_valid(raise_exception=True)
        me = request_user(request)
        investments = _holdings(me)
        if params.validated_data.get("status"):
            investments = [i for i in investments if i.status == params.validated_data["status"]]
        key = {
            "date": lambda i: i.created_at,
            "amount": lambda i: i.amount,
            "value": lambda i: i.current_value,
            "roi": lambda i: i.roi_percent,
        }[params.validated_data["sort_by"]]
        investments.sort(key=key, reverse=True)
        portfolio = {
            "investments": _rows(me, investments),
            "summary": portfolio_summary(me.pk),
            "by_genre": roi_by(investments, "genre"),
        }
        return flat_response({"portfolio": portfolio})


class InvestorPerformanceInput(serializers.Serializer):
    timeframe = serializers.ChoiceField(choices=sorted(TIMEFRAMES), required=False, default="1y")


def _months(request: Request) -> int:
    params = InvestorPerformanceInput(data=query_params(request))
    params.is_valid(raise_exception=True)
    months = TIMEFRAMES[params.validated_data["timeframe"]]
    if months == 0:
        months = timezone.localdate().month
    return months


class PortfolioPerformanceApi(APIView):
    permission_classes = [PortalOnly]
    portals = INVESTOR

    @extend_schema(
        summary="Invested money and portfolio value month by month",
        parameters=[OpenApiParameter("timeframe", str, required=False)],
        responses=shape("PortfolioPerformance", "performanceData", "monthlyPerformance"),
    )
    def get(self, request: Request) -> Response:
        me = request_user(request)
        series = performance_series(me.pk, months=_months(request))
        investments = _holdings(me)
        ranked = sorted(
            (i for i in investments if i.status != Investment.Status.WITHDRAWN),
            key=lambda i: i.roi_percent,
        )
        rows = _rows(me, ranked)
        return flat_response(
            {
                "performance_data": series,
                "monthly_performance": series,
                "total_roi": portfolio_summary(me.pk)["return_percentage"],
                "best_performing": rows[-1] if rows else None,
                "worst_performing": rows[0] if rows else None,
                "diversification": {
                    "by_genre": {g["category"]: g["invested"] for g in roi_by(ranked, "genre")},
                    "by_stage": {
                        g["category"]: g["invested"] for g in roi_by(ranked, "development_stage")
                    },
                },
            }
        )


class PerformanceApi(APIView):
    permission_classes = [PortalOnly]
    portals = INVESTOR

    @extend_schema(
        summary="ROI overall, per genre, per project and over time",
        responses=shape(
            "Performance", "overallROI", "projectedROI", "roiByGenre", "roiByProject", "roiTimeline"
        ),
    )
    def get(self, request: Request) -> Response:
        me = request_user(request)
        investments = [i for i in _holdings(me) if i.status != Investment.Status.WITHDRAWN]
        summary = portfolio_summary(me.pk)
        series = performance_series(me.pk, months=12, currency=summary["currency"])
        body = {
            "overallROI": summary["return_percentage"],
            "projectedROI": summary["return_percentage"],
            "roiByGenre": roi_by(investments, "genre"),
            "roiByProject": [
                {
                    "id": i.pk,
                    "pitch_id": i.pitch_id,
                    "title": i.pitch.title,
                    "invested": i.amount,
                    "value": i.current_value,
                    "roi": i.roi_percent,
                    "status": i.status,
                }
                for i in investments
            ],
            "roiTimeline": [
                {"month": r["month"], "roi": r["return_percentage"], "value": r["value"]}
                for r in series
            ],
        }
        return flat_response(body)


class RoiSummaryApi(APIView):
    permission_classes = [PortalOnly]
    portals = INVESTOR

    @extend_schema(summary="Return on the portfolio", responses=shape("RoiSummary", "summary"))
    def get(self, request: Request) -> Response:
        me = request_user(request)
        summary = portfolio_summary(me.pk)
        investments = [i for i in _holdings(me) if i.status != Investment.Status.WITHDRAWN]
        best = max(investments, key=lambda i: i.roi_percent, default=None)
        body = {
            "total_invested": summary["total_invested"],
            "current_value": summary["current_value"],
            "total_return": summary["total_return"],
            "roi": summary["return_percentage"],
            "distributions": summary["distributions"],
            "currency": summary["currency"],
            "best_roi": best.roi_percent if best else 0,
            "best_project": best.pitch.title if best else None,
        }
        return flat_response({"summary": body, **body})


class RoiByCategoryApi(APIView):
    permission_classes = [PortalOnly]
    portals = INVESTOR

    @extend_schema(
        summary="Return per genre and per format", responses=shape("RoiByCategory", "categories")
    )
    def get(self, request: Request) -> Response:
        investments = _holdings(request_user(request))
        return flat_response(
            {
                "categories": roi_by(investments, "genre"),
                "by_genre": roi_by(investments, "genre"),
                "by_format": roi_by(investments, "format_category"),
            }
        )


class CompletedProjectsApi(APIView):
    permission_classes = [PortalOnly]
    portals = INVESTOR

    @extend_schema(
        summary="Investments that completed, with their final value",
        responses=shape("CompletedProjects", "projects", "total"),
    )
    def get(self, request: Request) -> Response:
        me = request_user(request)
        done = [i for i in _holdings(me) if i.status == Investment.Status.COMPLETED]
        rows = _rows(me, done)
        return flat_response({"projects": rows, "completed": rows, "total": len(rows)})


class InvestorDashboardApi(APIView):
    permission_classes = [PortalOnly]
    portals = INVESTOR

    @extend_schema(
        summary="The investor dashboard: summary, recent investments and open deals",
        responses=shape("InvestorDashboard", "dashboard"),
    )
    def get(self, request: Request) -> Response:
        me = request_user(request)
        recent = list(Investment.objects.held_by(me).for_display()[:5])
        deals = list(Deal.objects.involving(me).open().for_display()[:5])
        body = summary_body(me.pk)
        dashboard = {
            "portfolio": body["summary"],
            "recent_investments": _rows(me, recent),
            "open_deals": [deal_row(d, me) for d in deals],
            "stats": {
                "total_invested": body["total_invested"],
                "current_value": body["current_value"],
                "active_investments": body["active_investments"],
                "return_percentage": body["return_percentage"],
                "open_deals": Deal.objects.involving(me).open().count(),
            },
        }
        return flat_response({"dashboard": dashboard})
