"""The creator's money side: funding overview, investors, "your Pitchey value", companies, and
the investors whose public thesis fits a pitch."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from investments.api.common import CREATOR, PortalOnly, shape
from investments.selectors import matching, people
from pitches.selectors import visible_pitch_or_404
from pitchey.api import flat_response, request_user, request_viewer


class FundingOverviewApi(APIView):
    permission_classes = [PortalOnly]
    portals = CREATOR

    @extend_schema(
        summary="Money raised on your pitches: totals, per pitch, latest and top investors",
        responses=shape("FundingOverview", "totalRaised", "activeInvestors", "recentInvestments"),
    )
    def get(self, request: Request) -> Response:
        return flat_response(people.funding_overview(request_user(request)))


class CreatorInvestorsApi(APIView):
    permission_classes = [PortalOnly]
    portals = CREATOR

    @extend_schema(
        summary="Everyone with money in your pitches, largest backer first",
        responses=shape("CreatorInvestors", "investors", "totalInvestors", "totalRaised"),
    )
    def get(self, request: Request) -> Response:
        return flat_response(people.creator_investors(request_user(request)))


class CreatorValueApi(APIView):
    permission_classes = [PortalOnly]
    portals = CREATOR

    @extend_schema(
        summary="Your Pitchey value: money raised and deal value, open and closed",
        responses=shape("CreatorValue", "totalValue", "totalRaised", "pipelineValue"),
    )
    def get(self, request: Request) -> Response:
        value = people.creator_value(request_user(request))
        return flat_response({**value, "value": value})


class CreatorCompaniesApi(APIView):
    permission_classes = [PortalOnly]
    portals = CREATOR

    @extend_schema(
        summary="Production companies that made you deal offers",
        responses=shape("CreatorCompanies", "companies", "total"),
    )
    def get(self, request: Request) -> Response:
        companies = people.creator_companies(request_user(request))
        return flat_response({"companies": companies, "total": len(companies)})


class MatchingInvestorsApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Investors whose public thesis fits this pitch, with the reasons",
        responses=shape("MatchingInvestors", "investors", "total"),
    )
    def get(self, request: Request, pitch_id: int) -> Response:
        pitch = visible_pitch_or_404(request_viewer(request), pitch_id)
        investors = matching.investors_for(pitch)
        return flat_response({"investors": investors, "total": len(investors)})
