"""Information requests (`infoRequestAPI` in the SPA's api-client): ask a pitch's creator for
material, list what you asked and were asked, answer, close."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pitches import selectors
from pitches.models import InfoRequest
from pitches.services import info as services
from pitchey.api import flat_response, request_user, request_viewer

LIST_CAP = 200


class InfoPartySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="display_name")
    username = serializers.CharField()
    user_type = serializers.CharField()
    company_name = serializers.CharField()


class InfoRequestSerializer(serializers.ModelSerializer):
    pitch_title = serializers.CharField(source="pitch.title")
    requester = InfoPartySerializer()
    owner = InfoPartySerializer()
    target_user_id = serializers.IntegerField(source="owner_id")
    requester_name = serializers.CharField(source="requester.display_name")

    class Meta:
        model = InfoRequest
        fields = [
            "id",
            "pitch_id",
            "pitch_title",
            "requester",
            "requester_id",
            "requester_name",
            "owner",
            "owner_id",
            "target_user_id",
            "message",
            "categories",
            "status",
            "response",
            "responded_at",
            "closed_at",
            "created_at",
            "updated_at",
        ]


class InfoRequestInput(serializers.Serializer):
    pitch_id = serializers.IntegerField(min_value=1)
    target_user_id = serializers.IntegerField(min_value=1, required=False)
    message = serializers.CharField(max_length=2000)
    categories = serializers.ListField(
        child=serializers.CharField(max_length=50), max_length=10, required=False, default=list
    )


class RespondInput(serializers.Serializer):
    response = serializers.CharField(max_length=5000)


class StatusInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=[InfoRequest.Status.CLOSED])


ONE = inline_serializer("InfoRequestOne", {"info_request": InfoRequestSerializer()})


def _shown(row: InfoRequest) -> dict[str, Any]:
    data = dict(InfoRequestSerializer(row).data)
    return {**data, "info_request": data}


def _involving(request: Request, request_id: int) -> InfoRequest:
    rows = InfoRequest.objects.involving(request_user(request)).for_display()
    return get_object_or_404(rows, pk=request_id)


class InfoRequestListApi(APIView):
    @extend_schema(
        summary="Requests you received (incoming) and made (outgoing), newest first",
        responses=inline_serializer(
            "InfoRequests",
            {
                "incoming": InfoRequestSerializer(many=True),
                "outgoing": InfoRequestSerializer(many=True),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        me = request_user(request)
        rows = list(InfoRequest.objects.involving(me).for_display()[:LIST_CAP])
        incoming = [row for row in rows if row.owner_id == me.pk]
        outgoing = [row for row in rows if row.requester_id == me.pk]
        return flat_response(
            {
                "incoming": InfoRequestSerializer(incoming, many=True).data,
                "outgoing": InfoRequestSerializer(outgoing, many=True).data,
            }
        )

    @extend_schema(
        summary="Ask a pitch's creator for material (investors and production companies)",
        request=InfoRequestInput,
        responses={201: ONE},
    )
    def post(self, request: Request) -> Response:
        payload = InfoRequestInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        me = request_user(request)
        pitch = selectors.visible_pitch_or_404(request_viewer(request), data["pitch_id"])
        if data.get("target_user_id") not in (None, pitch.owner_id):
            raise serializers.ValidationError({"target_user_id": ["Ask the creator of the pitch."]})
        row = services.request_info(
            pitch=pitch,
            requester=me,
            message=data["message"],
            categories=[c.strip().lower() for c in data["categories"] if c.strip()],
        )
        row = _involving(request, row.pk)
        return flat_response(_shown(row), status.HTTP_201_CREATED)


class InfoRequestDetailApi(APIView):
    @extend_schema(summary="Close a request (either side)", request=StatusInput, responses=ONE)
    def patch(self, request: Request, request_id: int) -> Response:
        row = _involving(request, request_id)
        payload = StatusInput(data=request.data)
        payload.is_valid(raise_exception=True)
        services.close_info_request(info_request=row, actor=request_user(request))
        return flat_response(_shown(_involving(request, request_id)))


class InfoRequestRespondApi(APIView):
    @extend_schema(summary="Answer a request on your pitch", request=RespondInput, responses=ONE)
    def post(self, request: Request, request_id: int) -> Response:
        row = _involving(request, request_id)
        payload = RespondInput(data=request.data)
        payload.is_valid(raise_exception=True)
        services.respond_to_info_request(
            info_request=row,
            actor=request_user(request),
            response=payload.validated_data["response"],
        )
        return flat_response(_shown(_involving(request, request_id)))
