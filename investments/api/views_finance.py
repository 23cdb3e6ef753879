"""Money read back for the investor's finance pages: transactions and their stats, the
financial summary, tax documents (annual statement PDFs), CSV reports, budget allocations,
market trends and portfolio risk, settings, and the network."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from investments import documents, services
from investments.api.common import INVESTOR, Paging, PortalOnly, page_of, shape
from investments.api.rows import thesis_dict
from investments.models import MAX_AMOUNT, BudgetAllocation, Transaction
from investments.selectors import ledger, market, people
from investments.selectors.matching import thesis_of
from investments.selectors.portfolio import portfolio_summary
from pitchey.api import flat_response, pagination_meta, query_params, request_user

REPORTS = {
    "portfolio": ("Portfolio holdings", ledger.portfolio_csv),
    "transactions": ("Transactions", ledger.transactions_csv),
}


def _csv(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class InvestorTransactionInput(Paging):
    type = serializers.ChoiceField(choices=Transaction.Kind.choices, required=False)
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)


class TransactionsApi(APIView):
    permission_classes = [PortalOnly]
    portals = INVESTOR

    @extend_schema(
        summary="Your money movements, newest first",
        parameters=[
            OpenApiParameter(n, str, required=False)
            for n in ("type", "year", "page", "limit", "offset")
        ],
        responses=shape("Transactions", "transactions", "total"),
    )
    def get(self, request: Request) -> Response:
        params = InvestorTransactionInput(data=query_params(request))
        params.is_valid(raise_exception=True)
        data = params.validated_data
        rows = ledger.transactions_of(
            request_user(request), kind=data.get("type", ""), year=data.get("year")
        )
        page, limit = page_of(request, data)
        total = rows.count()
        entries = list(rows[(page - 1) * limit : page * limit])
        body = {
            "transactions": [ledger.transaction_row(e) for e in entries],
            "total": total,
            "page": page,
            "limit": limit,
            "pagination": pagination_meta(page, limit, total),
        }
        return flat_response(body)


class RecentTransactionsApi(APIView):
    permission_classes = [PortalOnly]
    portals = INVESTOR

    class InputSerializer(serializers.Serializer):
        limit = serializers.IntegerField(min_value=1, max_value=50, required=False, default=5)

    @extend_schema(
        summary="Your latest money movements",
        parameters=[OpenApiParameter("limit", int, required=False)],
        responses=shape("RecentTransactions", "transactions"),
    )
    def get(self, request: Request) -> Response:
        params = self.InputSerializer(data=query_params(request))
        params.is_valid(raise_exception=True)
        entries = ledger.transactions_of(request_user(request))[: params.validated_data["limit"]]
        return flat_response({"transactions": [ledger.transaction_row(e) for e in entries]})


class TransactionStatsApi(APIView):
    permission_classes = [PortalOnly]
    portals = INVESTOR

    @extend_schema(
        summary="Totals of your money movements per type and currency",
        responses=shape("TransactionStats", "stats"),
    )
    def get(self, request: Request) -> Response:
        stats = ledger.transaction_stats(request_user(request))
        return flat_response({"stats": stats, **stats})


class TransactionExportApi(APIView):
    permission_classes = [PortalOnly]
    portals = INVESTOR

    @extend_schema(
        summary="Your transactions as CSV", responses={(200, "text/csv"): OpenApiTypes.STR}
    )
    def get(self, request: Request) -> HttpResponse:
        return _csv(ledger.transactions_csv(request_user(request)), "pitchey-transactions.csv")


class FinancialSummaryApi(APIView):
    permission_classes = [PortalOnly]
    portals = INVESTOR

    @extend_schema(
        summary="Your financial summary: portfolio figures and ledger totals",
        responses=shape("FinancialSummary", "summary"),
    )
    def get(self, request: Request) -> Response:
        me = request_user(request)
        summary = portfolio_summary(me.pk)
        stats = ledger.transaction_stats(me)
        body = {
            **summary,
            "available_funds": None,
            "total_returns": stats["total_returns"],
            "total_fees": stats["total_fees"],
            "net_flow": stats["net_flow"],
            "transactions": stats["total_transactions"],
        }
        return flat_response({"summary": body, **body})


def _statement_link(year: int) -> str:
    return reverse("investments-api:tax-statement", args=[year])


class TaxDocumentsApi(APIView):
    permission_classes = [PortalOnly]
    portals = INVESTOR

    class InputSerializer(serializers.Serializer):
        year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)

    @extend_schema(
        summary="Your annual statements, one per year with money movements",
        parameters=[OpenApiParameter("year", int, required=False)],
        responses=shape("TaxDocuments", "documents"),
    )
    def get(self, request: Request) -> Response:
        params = self.InputSerializer(data=query_params(request))
        params.is_valid(raise_exception=True)
        years = ledger.statement_years(request_user(request))
        wanted = params.validated_data.get("year")
        if wanted:
            years = [y for y in years if y == wanted]
        docs = [
            {
                "id": year,
                "year": year,
                "type": "annual_statement",
                "name": f"Annual investment statement {year}",
                "format": "pdf",
                "url": _statement_link(year),
                "download_url": _statement_link(year),
                "status": "final" if year < timezone.localdate().year else "year to date",
            }
            for year in years
        ]
        return flat_response({"documents": docs, "years": years, "total": len(docs)})


def _year(year: int) -> int:
    if not 2000 <= year <= 2100:
        raise Http404
    return year


class TaxStatementPdfApi(APIView):
    permission_classes = [PortalOnly]
    portals = INVESTOR

    @extend_schema(
        summary="One year's annual statement as a PDF",
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
    )
    def get(self, request: Request, year: int) -> HttpResponse:
        statement = ledger.annual_statement(request_user(request), _year(year))
        response = HttpResponse(
            documents.annual_statement_pdf(statement), content_type="application/pdf"
        )
        response["Content-Disposition"] = f'attachment; filename="pitchey-statement-{year}.pdf"'
        return response


class TaxYearApi(APIView):
    permission_classes = [PortalOnly]
    portals = INVESTOR

    @extend_schema(
        summary="One year's totals and movements (the statement's content)",
        responses=shape("TaxInfo", "taxInfo"),
    )
    def get(self, request: Request, year: int) -> Response:
        statement = ledger.annual_statement(request_user(request), _year(year))
        statement["document_url"] = _statement_link(year)
        return flat_response({"tax_info": statement})


class ReportsApi(APIView):
    permission_classes = [PortalOnly]
    portals = INVESTOR

    @extend_schema(
        summary="The reports you can download as CSV", responses=shape("Reports", "reports")
    )
    def get(self, request: Request) -> Response:
        reports = [
            {
                "id": key,
                "name": name,
                "format": "csv",
                "url": reverse("investments-api:report", args=[key]),
            }
            for key, (name, _) in REPORTS.items()
        ]
        return flat_response({"reports": reports, "total": len(reports)})


class ReportDownloadApi(APIView):
    permission_classes = [PortalOnly]
    portals = INVESTOR

    @extend_schema(summary="One report as CSV", responses={(200, "text/csv"): OpenApiTypes.STR})
    def get(self, request: Request, report: str) -> HttpResponse:
        if report not in REPORTS:
            raise Http404
        _, build = REPORTS[report]
        return _csv(build(request_user(request)), f"pitchey-{report}.csv")


class InvestorAllocationInput(serializers.Serializer):
    category = serializers.CharField(max_length=100)
    allocated_amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=Decimal(0), max_value=MAX_AMOUNT
    )


class InvestorAllocationUpdateInput(serializers.Serializer):
    allocated_amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=Decimal(0), max_value=MAX_AMOUNT
    )


def _allocation_rows(user: Any) -> list[dict[str, Any]]:
    allocations = list(BudgetAllocation.objects.of_investor(user))
    used = market.budget_usage(user, [a.category for a in allocations])
    return [
        {
            "id": a.pk,
            "category": a.category,
            "allocated_amount": a.allocated_amount,
            "used_amount": used.get(a.category, Decimal("0.00")),
            "remaining_amount": a.allocated_amount - used.get(a.category, Decimal("0.00")),
            "currency": a.currency,
        }
        for a in allocations
    ]


class BudgetAllocationsApi(APIView):
    permission_classes = [PortalOnly]
    portals = INVESTOR

    @extend_schema(
        summary="Your budget per category, with what is already invested",
        responses=shape("Allocations", "allocations"),
    )
    def get(self, request: Request) -> Response:
        rows = _allocation_rows(request_user(request))
        return flat_response(
            {
                "allocations": rows,
                "total_allocated": sum((r["allocated_amount"] for r in rows), Decimal(0)),
                "total_used": sum((r["used_amount"] for r in rows), Decimal(0)),
            }
        )

    @extend_schema(
        summary="Set the budget of a category",
        request=InvestorAllocationInput,
        responses={201: shape("Allocation", "allocation")},
    )
    def post(self, request: Request) -> Response:
        payload = InvestorAllocationInput(data=request.data)
        payload.is_valid(raise_exception=True)
        allocation = services.allocate_budget(
            investor=request_user(request), **payload.validated_data
        )
        row = next(r for r in _allocation_rows(request_user(request)) if r["id"] == allocation.pk)
        return flat_response({"allocation": row}, status.HTTP_201_CREATED)


class BudgetAllocationApi(APIView):
    permission_classes = [PortalOnly]
    portals = INVESTOR

    @extend_schema(
        summary="Change a category's budget",
        request=InvestorAllocationUpdateInput,
        responses=shape("AllocationChanged", "allocation"),
    )
    def put(self, request: Request, allocation_id: int) -> Response:
        me = request_user(request)
        allocation = BudgetAllocation.objects.of_investor(me).filter(pk=allocation_id).first()
        if allocation is None:
            raise Http404
        payload = InvestorAllocationUpdateInput(data=request.data)
        payload.is_valid(raise_exception=True)
        services.allocate_budget(
            investor=me,
            category=allocation.category,
            allocation=allocation,
            **payload.validated_data,
        )
        row = next(r for r in _allocation_rows(me) if r["id"] == allocation.pk)
        return flat_response({"allocation": row})


class MarketTrendsApi(APIView):
    permission_classes = [PortalOnly]
    portals = INVESTOR

    @extend_schema(
        summary="Genres seeking money and where money went lately",
        responses=shape("MarketTrends", "trends"),
    )
    def get(self, request: Request) -> Response:
        trends = market.market_trends()
        return flat_response({"trends": trends, **trends})


class RiskPortfolioApi(APIView):
    permission_classes = [PortalOnly]
    portals = INVESTOR

    @extend_schema(
        summary="How concentrated and how early your holdings are",
        responses=shape("PortfolioRisk", "risk"),
    )
    def get(self, request: Request) -> Response:
        risk = market.portfolio_risk(request_user(request))
        return flat_response({"risk": risk, **risk})


class InvestorSettingsApi(APIView):
    permission_classes = [PortalOnly]
    portals = INVESTOR

    @extend_schema(
        summary="Your investor portal settings", responses=shape("InvestorSettings", "settings")
    )
    def get(self, request: Request) -> Response:
        thesis = thesis_of(request_user(request))
        return flat_response({"settings": thesis.preferences if thesis else {}})

    @extend_schema(
        summary="Change your investor portal settings (flat keys)",
        request=shape("InvestorSettingsInput", "settings"),
        responses=shape("InvestorSettingsSaved", "settings"),
    )
    def put(self, request: Request) -> Response:
        body = request.data if isinstance(request.data, dict) else {}
        values = body.get("settings", body) if isinstance(body.get("settings"), dict) else body
        thesis = services.save_preferences(investor=request_user(request), values=dict(values))
        return flat_response({"settings": thesis.preferences})


class InvestorPreferencesApi(APIView):
    permission_classes = [PortalOnly]
    portals = INVESTOR

    @extend_schema(
        summary="Your investment preferences: the thesis and your portal settings",
        responses=shape("InvestorPreferences", "preferences"),
    )
    def get(self, request: Request) -> Response:
        thesis = thesis_of(request_user(request))
        preferences = {
            **thesis_dict(thesis),
            "settings": thesis.preferences if thesis else {},
        }
        return flat_response({"preferences": preferences, **preferences})


class NetworkApi(APIView):
    permission_classes = [PortalOnly]
    portals = INVESTOR
    part = ""

    @extend_schema(
        summary="People your investments connect you to", responses=shape("Network", "network")
    )
    def get(self, request: Request) -> Response:
        network = people.network(request_user(request))
        if self.part:
            rows = network[self.part]
            return flat_response({self.part: rows, "total": len(rows)})
        return flat_response({"network": network, **network})
