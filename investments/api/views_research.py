"""The investor's research: thesis (and its public face), opportunities ranked against it with
explained scores, private notes and the due-diligence checklist, the watchlist."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from investments import services
from investments.api.common import INVESTOR, PortalOnly, shape
from investments.api.rows import note_row, thesis_dict
from investments.models import DiligenceChecklist, InvestmentThesis, InvestorNote
from investments.selectors import matching
from pitches import services as pitch_services
from pitches.api.common import render_cards, render_saved
from pitches.models import Pitch, SavedPitch
from pitches.selectors import visible_pitch_or_404
from pitchey.api import PagePagination, flat_response, query_params, request_user

THESIS = shape("Thesis", "thesis")
DEFAULT_CHECKLIST = [
    "Read the script or treatment",
    "Review the budget and financing plan",
    "Check the chain of title and rights",
    "Meet the creative team",
    "Review comparable titles and market",
    "Agree terms and legal review",
]


class InvestorThesisInput(serializers.Serializer):
    genres = serializers.ListField(child=serializers.CharField(max_length=100), required=False)
    formats = serializers.ListField(child=serializers.CharField(max_length=100), required=False)
    stages = serializers.ListField(child=serializers.CharField(max_length=100), required=False)
    budget_brackets = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False
    )
    deal_types = serializers.ListField(child=serializers.CharField(max_length=100), required=False)
    territories = serializers.ListField(child=serializers.CharField(max_length=100), required=False)
    themes = serializers.ListField(child=serializers.CharField(max_length=100), required=False)
    positioning = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    summary = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    is_public = serializers.BooleanField(required=False)
    ticket_min = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    ticket_max = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    check_size_min_usd = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    check_size_max_usd = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    budget_min = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    budget_max = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    budget_min_usd = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    budget_max_usd = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True
    )

    def fields_given(self) -> dict[str, Any]:
        """The SPA's spellings mapped to the thesis: check sizes are the ticket, a budget range
        picks the brackets it overlaps."""
        data = dict(self.validated_data)
        for alias, field in (
            ("check_size_min_usd", "ticket_min"),
            ("check_size_max_usd", "ticket_max"),
            ("positioning", "summary"),
        ):
            if alias in data:
                data.setdefault(field, data.pop(alias))
            data.pop(alias, None)
        low = data.pop("budget_min", None) or data.pop("budget_min_usd", None)
        high = data.pop("budget_max", None) or data.pop("budget_max_usd", None)
        data.pop("budget_min_usd", None)
        data.pop("budget_max_usd", None)
        if (low is not None or high is not None) and "budget_brackets" not in data:
            data["budget_brackets"] = matching.brackets_between(low, high)
        return data


class ThesisApi(APIView):
    permission_classes = [PortalOnly]
    portals = INVESTOR

    @extend_schema(summary="Your investment thesis", responses=THESIS)
    def get(self, request: Request) -> Response:
        thesis = matching.thesis_of(request_user(request))
        return flat_response({"thesis": thesis_dict(thesis)})

    @extend_schema(
        summary="Change your investment thesis", request=InvestorThesisInput, responses=THESIS
    )
    def put(self, request: Request) -> Response:
        payload = InvestorThesisInput(data=request.data)
        payload.is_valid(raise_exception=True)
        thesis = services.save_thesis(investor=request_user(request), fields=payload.fields_given())
        return flat_response({"thesis": thesis_dict(thesis)})


class PublicThesisApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(summary="An investor's thesis, if they made it public", responses=THESIS)
    def get(self, request: Request, investor_id: int) -> Response:
        thesis = InvestmentThesis.objects.public().filter_investor(investor_id).first()
        if thesis is None:
            raise Http404
        return flat_response({"thesis": matching.public_thesis(thesis)})


class InvestorOpportunityInput(serializers.Serializer):
    genre = serializers.CharField(max_length=100, required=False, allow_blank=True)
    stage = serializers.CharField(max_length=30, required=False, allow_blank=True)
    limit = serializers.IntegerField(min_value=1, max_value=50, required=False, default=20)
    offset = serializers.IntegerField(min_value=0, max_value=10**6, required=False, default=0)
    page = serializers.IntegerField(min_value=1, max_value=10**6, required=False)
    min_investment = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False
    )
    max_investment = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False
    )
    risk_level = serializers.CharField(max_length=20, required=False, allow_blank=True)
    sort_by = serializers.ChoiceField(
        choices=["match", "matchScore", "match_score", "views", "newest", "popular", ""],
        required=False,
        default="match",
    )
    min_score = serializers.DecimalField(
        max_digits=4, decimal_places=2, min_value=0, max_value=1, required=False
    )


OPPORTUNITY_PARAMS = [
    OpenApiParameter(n, str, required=False)
    for n in (
        "genre",
        "stage",
        "limit",
        "offset",
        "minInvestment",
        "maxInvestment",
        "sortBy",
        "riskLevel",
        "minScore",
    )
]


def opportunity_page(
    request: Request, *, default_limit: int = 20
) -> tuple[list[dict[str, Any]], int]:
    """One page of opportunities as public pitch cards with their explained match scores."""
    params = InvestorOpportunityInput(data=query_params(request))
    params.is_valid(raise_exception=True)
    data = params.validated_data
    me = request_user(request)
    ranked = matching.filtered(matching.opportunities(me, matching.thesis_of(me)), me, data)
    limit = data.get("limit") or default_limit
    start = (data["page"] - 1) * limit if data.get("page") else data["offset"]
    total = ranked.count()
    page = list(ranked.select_related("owner")[start : start + limit])
    cards = render_cards(request, page)
    rows = []
    for pitch, card in zip(page, cards, strict=True):
        match = matching.explain(pitch)
        rows.append(
            {
                **card,
                "match_score": match["score"],
                "match_percent": match["percent"],
                "match_reasons": [part["reason"] for part in match["parts"]],
                "match": match,
            }
        )
    return rows, total


class OpportunitiesApi(APIView):
    permission_classes = [PortalOnly]
    portals = INVESTOR

    @extend_schema(
        summary="Pitches seeking investment, ranked by how well they fit your thesis (each "
        "score with its parts and reasons)",
        parameters=OPPORTUNITY_PARAMS,
        responses=shape("Opportunities", "opportunities", "total"),
    )
    def get(self, request: Request) -> Response:
        rows, total = opportunity_page(request)
        return flat_response({"opportunities": rows, "total": total})


class RecommendationsApi(APIView):
    permission_classes = [PortalOnly]
    portals = INVESTOR

    @extend_schema(
        summary="Your best-fitting opportunities (the same ranking, first page)",
        parameters=OPPORTUNITY_PARAMS,
        responses=shape("Recommendations", "recommendations", "total"),
    )
    def get(self, request: Request) -> Response:
        rows, total = opportunity_page(request, default_limit=10)
        return flat_response({"recommendations": rows, "items": rows, "total": total})


class ThesisMatchesApi(APIView):
    permission_classes = [PortalOnly]
    portals = INVESTOR

    @extend_schema(
        summary="Pitches that fit your thesis (score above zero), with the reasons",
        responses=shape("ThesisMatches", "matches", "total"),
    )
    def get(self, request: Request) -> Response:
        rows, _ = opportunity_page(request)
        matches = [r for r in rows if r["match_score"] > 0]
        return flat_response({"matches": matches, "total": len(matches)})


class InvestorNoteInput(serializers.Serializer):
    content = serializers.CharField(max_length=5000)
    category = serializers.ChoiceField(
        choices=InvestorNote.Category.choices, required=False, default="general"
    )
    is_private = serializers.BooleanField(required=False, default=True)


class PitchNotesApi(APIView):
    permission_classes = [PortalOnly]
    portals = INVESTOR

    @extend_schema(summary="Your private notes on a pitch", responses=shape("Notes", "notes"))
    def get(self, request: Request, pitch_id: int) -> Response:
        me = request_user(request)
        pitch = visible_pitch_or_404(me, pitch_id)
        notes = InvestorNote.objects.written_by(me).filter_pitch(pitch)
        return flat_response({"notes": [note_row(n) for n in notes]})

    @extend_schema(
        summary="Add a private note on a pitch",
        request=InvestorNoteInput,
        responses={201: shape("Note", "note")},
    )
    def post(self, request: Request, pitch_id: int) -> Response:
        me = request_user(request)
        pitch = visible_pitch_or_404(me, pitch_id)
        payload = InvestorNoteInput(data=request.data)
        payload.is_valid(raise_exception=True)
        note = services.add_note(author=me, pitch=pitch, **payload.validated_data)
        return flat_response({"note": note_row(note)}, status.HTTP_201_CREATED)


class PitchNoteApi(APIView):
    permission_classes = [PortalOnly]
    portals = INVESTOR

    @extend_schema(
        summary="Delete one of your notes", responses=shape("NoteDeleted", "deleted", "id")
    )
    def delete(self, request: Request, pitch_id: int, note_id: int) -> Response:
        me = request_user(request)
        note = InvestorNote.objects.written_by(me).filter(pitch_id=pitch_id, pk=note_id).first()
        if note is None:
            raise Http404
        services.delete_note(note=note, actor=me)
        return flat_response({"deleted": True, "id": note_id})


class InvestorDiligenceInput(serializers.Serializer):
    checklist = serializers.JSONField()


class DiligenceApi(APIView):
    permission_classes = [PortalOnly]
    portals = INVESTOR

    @extend_schema(
        summary="Your due-diligence checklist for a pitch",
        responses=shape("Diligence", "checklist"),
    )
    def get(self, request: Request, pitch_id: int) -> Response:
        me = request_user(request)
        pitch = visible_pitch_or_404(me, pitch_id)
        saved = DiligenceChecklist.objects.of_investor(me).filter_pitch(pitch).first()
        items = (
            saved.items
            if saved
            else [
                {"id": str(n), "label": label, "done": False}
                for n, label in enumerate(DEFAULT_CHECKLIST, start=1)
            ]
        )
        done = sum(1 for item in items if item.get("done"))
        return flat_response(
            {
                "checklist": items,
                "completed": done,
                "total": len(items),
                "updated_at": saved.updated_at if saved else None,
            }
        )

    @extend_schema(
        summary="Replace your due-diligence checklist for a pitch",
        request=InvestorDiligenceInput,
        responses=shape("DiligenceSaved", "checklist"),
    )
    def put(self, request: Request, pitch_id: int) -> Response:
        me = request_user(request)
        pitch = visible_pitch_or_404(me, pitch_id)
        payload = InvestorDiligenceInput(data=request.data)
        payload.is_valid(raise_exception=True)
        saved = services.save_diligence(
            investor=me, pitch=pitch, items=payload.validated_data["checklist"]
        )
        return flat_response({"checklist": saved.items, "updated_at": saved.updated_at})


class InvestorWatchInput(serializers.Serializer):
    pitch_id = serializers.IntegerField(min_value=1, max_value=2**53)
    notes = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class WatchlistApi(APIView):
    permission_classes = [PortalOnly]
    portals = INVESTOR

    @extend_schema(
        summary="Your watchlist (your saved pitches)",
        responses=shape("Watchlist", "watchlist", "total"),
    )
    def get(self, request: Request) -> Response:
        me = request_user(request)
        paginator = PagePagination()
        saves = SavedPitch.objects.visible_to(me).select_related("pitch__owner")
        rows = paginator.paginate_queryset(saves, request)
        items = render_saved(request, rows, many=True)
        return flat_response({"watchlist": items, **paginator.list_counts()})

    @extend_schema(
        summary="Add a pitch to your watchlist",
        request=InvestorWatchInput,
        responses={201: shape("WatchlistItem", "item")},
    )
    def post(self, request: Request) -> Response:
        me = request_user(request)
        payload = InvestorWatchInput(data=request.data)
        payload.is_valid(raise_exception=True)
        pitch: Pitch = visible_pitch_or_404(me, payload.validated_data["pitch_id"])
        saved = pitch_services.save_pitch(
            pitch=pitch, user=me, notes=payload.validated_data["notes"]
        )
        item = SavedPitch.objects.owned_by(me).select_related("pitch__owner").get(pk=saved.pk)
        return flat_response({"item": render_saved(request, item)}, status.HTTP_201_CREATED)


class WatchlistItemApi(APIView):
    permission_classes = [PortalOnly]
    portals = INVESTOR

    @extend_schema(
        summary="Remove a pitch from your watchlist (by watchlist id or pitch id)",
        responses=shape("WatchlistRemoved", "removed", "id"),
    )
    def delete(self, request: Request, item_id: int) -> Response:
        me = request_user(request)
        saved = SavedPitch.objects.owned_by(me).select_related("pitch").filter(pk=item_id).first()
        saved = saved or (
            SavedPitch.objects.owned_by(me).select_related("pitch").filter(pitch_id=item_id).first()
        )
        if saved is None:
            raise Http404
        pitch_services.unsave_pitch(pitch=saved.pitch, user=me)
        return flat_response({"removed": True, "id": item_id})
