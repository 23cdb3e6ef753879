"""Structured feedback: leaving, editing and deleting yours; the creator's feedback tab.

Feedback is addressed to the creator: the owner (and staff) read every entry, anyone else reads
the score summary and their own entry only."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pitches import selectors
from pitches.api import serializers_engagement as se
from pitches.api.views_ratings import with_spa_copy
from pitches.engagement import selectors as engagement_selectors
from pitches.engagement import services as engagement
from pitches.models import Pitch
from pitchey.api import flat_response, request_user, request_viewer

FEEDBACK_ENTRY = inline_serializer(
    "FeedbackEntry",
    {
        "id": serializers.IntegerField(),
        "reviewer_type": serializers.CharField(),
        "rating": serializers.IntegerField(allow_null=True),
        "strengths": serializers.ListField(child=serializers.CharField()),
        "reviewer_name": serializers.CharField(),
    },
)
FEEDBACK_TAB = inline_serializer(
    "FeedbackTab",
    {
        "ratings": serializers.DictField(),
        "feedback": FEEDBACK_ENTRY.__class__(many=True),
        "summary": serializers.DictField(),
    },
)


def feedback_tab(request: Request, pitch: Pitch, *, everything: bool) -> dict[str, Any]:
    """The score summary with the entries the viewer may read (all of them when `everything`)."""
    viewer = request_viewer(request)
    entries = engagement_selectors.feedback_entries(pitch)
    if not everything:
        entries = entries.filter(author_id=getattr(viewer, "pk", None))
    rows = list(entries)
    tab = {
        "pitch_id": pitch.pk,
        "ratings": engagement_selectors.rating_summary(pitch),
        "feedback": [se.feedback_data(row, viewer) for row in rows],
    }
    if everything:
        tab["summary"] = engagement_selectors.feedback_aggregate(rows)
    return tab


def _reads_everything(request: Request, pitch: Pitch) -> bool:
    viewer = request_viewer(request)
    return bool(viewer.is_authenticated and (viewer.is_staff or viewer.pk == pitch.owner_id))


def _mine_or_404(request: Request, pitch: Pitch) -> Any:
    entry = engagement_selectors.my_feedback(pitch, request_viewer(request))
    if entry is None:
        raise Http404
    return entry


def _entry(request: Request, pitch: Pitch) -> dict[str, Any]:
    return se.feedback_data(_mine_or_404(request, pitch), request_viewer(request))


class PitchFeedbackApi(APIView):
    def get_permissions(self) -> list[Any]:
        return [AllowAny()] if self.request.method == "GET" else list(super().get_permissions())

    @extend_schema(
        summary="The Pitchey Score summary and the feedback you may read", responses=FEEDBACK_TAB
    )
    def get(self, request: Request, pitch_id: int) -> Response:
        pitch = selectors.visible_pitch_or_404(request_viewer(request), pitch_id)
        tab = feedback_tab(request, pitch, everything=_reads_everything(request, pitch))
        return flat_response(with_spa_copy(tab))

    @extend_schema(
        summary="Leave feedback (after 30 seconds on the pitch; once per pitch)",
        request=se.FeedbackInputSerializer,
        responses={201: FEEDBACK_ENTRY},
    )
    def post(self, request: Request, pitch_id: int) -> Response:
        me = request_user(request)
        pitch = selectors.visible_pitch_or_404(me, pitch_id, with_owner=True)
        payload = se.FeedbackInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        engagement.submit_feedback(
            pitch=pitch,
            author=me,
            fields=payload.service_fields(),
            rating=payload.validated_data.get("rating"),
        )
        return flat_response(with_spa_copy(_entry(request, pitch)), status.HTTP_201_CREATED)

    @extend_schema(
        summary="Edit your feedback", request=se.FeedbackInputSerializer, responses=FEEDBACK_ENTRY
    )
    def put(self, request: Request, pitch_id: int) -> Response:
        me = request_user(request)
        pitch = selectors.visible_pitch_or_404(me, pitch_id)
        entry = _mine_or_404(request, pitch)
        payload = se.FeedbackInputSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        engagement.update_feedback(
            feedback=entry,
            actor=me,
            fields=payload.service_fields(),
            rating=payload.validated_data.get("rating"),
        )
        return flat_response(with_spa_copy(_entry(request, pitch)))

    patch = put

    @extend_schema(
        summary="Delete your feedback (your rating stays)",
        responses=inline_serializer("FeedbackDeleted", {"success": serializers.BooleanField()}),
    )
    def delete(self, request: Request, pitch_id: int) -> Response:
        me = request_user(request)
        pitch = selectors.visible_pitch_or_404(me, pitch_id)
        engagement.delete_feedback(feedback=_mine_or_404(request, pitch), actor=me)
        return flat_response({"success": True, "deleted": True, "pitch_id": pitch.pk})


class MyFeedbackApi(APIView):
    @extend_schema(
        summary="Your feedback on a pitch (null when you left none)", responses=FEEDBACK_ENTRY
    )
    def get(self, request: Request, pitch_id: int) -> Response:
        pitch = selectors.visible_pitch_or_404(request_user(request), pitch_id)
        entry = engagement_selectors.my_feedback(pitch, request_user(request))
        mine = se.feedback_data(entry, request_user(request)) if entry is not None else None
        return flat_response({"feedback": mine, "data": mine})


class FeedbackProgressApi(APIView):
    @extend_schema(
        summary="Your way to leaving feedback: seconds spent, the threshold, whether you did",
        responses=inline_serializer("FeedbackProgress", {"progress": serializers.DictField()}),
    )
    def get(self, request: Request, pitch_id: int) -> Response:
        me = request_user(request)
        pitch = selectors.visible_pitch_or_404(me, pitch_id)
        state = engagement.consumption_status(pitch=pitch, viewer=me)
        done = engagement_selectors.my_feedback(pitch, me) is not None
        percent = min(100, round(100 * state["view_duration"] / state["threshold"]))
        progress = {**state, "percent": percent, "submitted": done}
        return flat_response({"progress": progress})


class CreatorFeedbackApi(APIView):
    @extend_schema(
        summary="The feedback tab of your pitch: score, entries and what they share",
        responses=FEEDBACK_TAB,
    )
    def get(self, request: Request, pitch_id: int) -> Response:
        pitch = selectors.owned_pitch_or_404(request_viewer(request), pitch_id)
        return flat_response(with_spa_copy(feedback_tab(request, pitch, everything=True)))
