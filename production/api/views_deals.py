"""Production deals (PR4) on the shared deal model of the investments app: the company's deals,
proposing one, the contract record, and the outcome."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from investments import services as deal_services
from investments.api.rows import deal_row
from investments.models import Deal
from pitchey.api import PagePagination, flat_response, query_params, request_user
from production import selectors
from production.api.common import CompanyOnly, shape

# The SPA's outcome words, mapped onto the shared model's outcomes.
OUTCOMES = {
    "won": "closed",
    "closed": "closed",
    "signed": "closed",
    "completed": "closed",
    "lost": Deal.Outcome.DEAD,
    "dead": Deal.Outcome.DEAD,
    "passed": Deal.Outcome.DEAD,
    "cancelled": Deal.Outcome.DEAD,
    Deal.Outcome.CLOSED_ON_PLATFORM: Deal.Outcome.CLOSED_ON_PLATFORM,
    Deal.Outcome.CLOSED_OFF_PLATFORM: Deal.Outcome.CLOSED_OFF_PLATFORM,
}


class ProductionDealsApi(APIView):
    permission_classes = [CompanyOnly]

    class InputSerializer(serializers.Serializer):
        pitch_id = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
        creator_id = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False)
        deal_type = serializers.ChoiceField(choices=Deal.Type.values, default="option")
        amount = serializers.DecimalField(
            max_digits=14, decimal_places=2, required=False, allow_null=True
        )
        currency = serializers.CharField(max_length=3, required=False)
        backend_percent = serializers.DecimalField(
            max_digits=5, decimal_places=2, required=False, allow_null=True
        )
        backend_percentage = serializers.DecimalField(
            max_digits=5, decimal_places=2, required=False, allow_null=True
        )
        territory = serializers.CharField(max_length=200, required=False, allow_blank=True)
        term_months = serializers.IntegerField(min_value=1, max_value=600, required=False)
        terms = serializers.CharField(max_length=10000, required=False, allow_blank=True)

    @extend_schema(
        summary="Your company's deals",
        parameters=[
            OpenApiParameter("status", str),
            OpenApiParameter("creatorId", int),
            OpenApiParameter("sortBy", str),
        ],
        responses=shape("ProductionDeals", "deals", "total"),
    )
    def get(self, request: Request) -> Response:
        params = query_params(request)
        wanted = params.get("status", "")
        if wanted and wanted not in Deal.Status.values:
            raise serializers.ValidationError({"status": [", ".join(Deal.Status.values)]})
        creator = params.get("creator_id", "")
        user = request_user(request)
        paginator = PagePagination()
        rows = paginator.paginate_queryset(
            selectors.company_deals(
                user,
                status=wanted,
                creator_id=int(creator) if creator.isdigit() and len(creator) < 10 else None,
                sort=params.get("sort_by", "newest"),
            ),
            request,
        )
        deals = [deal_row(d, user) for d in rows]
        return paginator.page_response({"deals": deals, **paginator.list_counts()})

    @extend_schema(
        summary="Propose a deal on a pitch (option, acquisition, co-production, ...)",
        request=InputSerializer,
        responses={201: shape("ProductionDealMade", "deal")},
    )
    def post(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        user = request_user(request)
        pitch = selectors.workspace_pitch_or_404(user, data["pitch_id"])
        if data.get("creator_id") not in (None, pitch.owner_id):
            raise serializers.ValidationError({"creator_id": ["Not this pitch's creator."]})
        deal = deal_services.propose_deal(
            pitch=pitch,
            proposer=user,
            deal_type=data["deal_type"],
            amount=data.get("amount"),
            currency=data.get("currency", "USD"),
            backend_percent=data.get("backend_percent", data.get("backend_percentage")),
            territory=data.get("territory", ""),
            term_months=data.get("term_months"),
            terms=data.get("terms", ""),
        )
        return flat_response({"deal": deal_row(deal, user)}, status.HTTP_201_CREATED)


def contract_record(deal: Deal) -> dict[str, Any]:
    """The deal's contract record: the terms on the table, their digest, and who signed."""
    return {
        "deal_id": deal.pk,
        "title": f"{deal.get_deal_type_display()} agreement: {deal.pitch.title}",
        "status": deal.status,
        "terms_sha256": deal_services.terms_digest(deal),
        "parties": {
            "creator": deal.creator.display_name,
            "company": deal.counterparty.company_name or deal.counterparty.display_name,
            "company_verified": deal.counterparty.company_verified,
        },
        "amount": deal.amount,
        "currency": deal.currency,
        "backend_percent": deal.backend_percent,
        "territory": deal.territory,
        "term_months": deal.term_months,
        "terms": deal.terms,
        "signatures": [
            {"party": s.party, "full_name": s.full_name, "signed_at": s.signed_at}
            for s in deal.signatures.all()
        ],
    }


class ProductionDealContractApi(APIView):
    permission_classes = [CompanyOnly]

    @extend_schema(
        summary="The contract record of a deal",
        parameters=[OpenApiParameter("template", str)],
        responses=shape("ProductionDealContract", "contract"),
    )
    def get(self, request: Request, deal_id: int) -> Response:
        deal = selectors.company_deal_or_404(request_user(request), deal_id)
        return flat_response({"contract": contract_record(deal)})


class ProductionDealOutcomeApi(APIView):
    permission_classes = [CompanyOnly]

    class InputSerializer(serializers.Serializer):
        outcome = serializers.CharField(max_length=30)
        note = serializers.CharField(max_length=2000, required=False, allow_blank=True)
        notes = serializers.CharField(max_length=2000, required=False, allow_blank=True)

    @extend_schema(
        summary="Record how a deal ended (won on Pitchey or elsewhere, or lost)",
        request=InputSerializer,
        responses=shape("ProductionDealOutcome", "deal"),
    )
    def post(self, request: Request, deal_id: int) -> Response:
        user = request_user(request)
        deal = selectors.company_deal_or_404(user, deal_id)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        word = payload.validated_data["outcome"].strip().lower()
        outcome = OUTCOMES.get(word)
        if outcome is None:
            raise serializers.ValidationError({"outcome": ["won, lost, or a deal outcome."]})
        if outcome == "closed":
            signed = deal.status == Deal.Status.SIGNED
            outcome = (
                Deal.Outcome.CLOSED_ON_PLATFORM if signed else Deal.Outcome.CLOSED_OFF_PLATFORM
            )
        note = payload.validated_data.get("note") or payload.validated_data.get("notes", "")
        deal = deal_services.record_deal_outcome(deal=deal, actor=user, outcome=outcome, note=note)
        return flat_response({"deal": deal_row(deal, user)})
