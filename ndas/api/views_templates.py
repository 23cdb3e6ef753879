"""A creator's NDA templates (the SPA's NDA wizard) and the NDA preview for a pitch."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ndas import text
from ndas.models import CreatorNdaTemplate
from ndas.services import templates as services
from pitches import selectors as pitch_selectors
from pitchey.api import flat_response, request_user


class TemplateSerializer(serializers.ModelSerializer):
    created_by = serializers.IntegerField(source="owner_id")
    variables = serializers.SerializerMethodField()

    class Meta:
        model = CreatorNdaTemplate
        fields = [
            "id",
            "name",
            "description",
            "content",
            "variables",
            "is_default",
            "created_by",
            "created_at",
            "updated_at",
        ]

    def get_variables(self, obj: CreatorNdaTemplate) -> list[str]:
        return text.placeholders_in(obj.content)


class TemplateInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=500, required=False, allow_blank=True)
    content = serializers.CharField(max_length=50_000)
    is_default = serializers.BooleanField(required=False)
    # Sent by the SPA; derived from the content here.
    variables = serializers.ListField(child=serializers.CharField(max_length=100), required=False)


def _mine(request: Request, template_id: int) -> CreatorNdaTemplate:
    return get_object_or_404(CreatorNdaTemplate.objects.owned_by(request.user), pk=template_id)


def _shown(template: CreatorNdaTemplate) -> dict[str, Any]:
    return dict(TemplateSerializer(template).data)


TEMPLATE = inline_serializer("NdaTemplateEnvelope", {"template": TemplateSerializer()})


class NdaTemplateListApi(APIView):
    @extend_schema(
        summary="Your NDA templates",
        responses=inline_serializer("NdaTemplates", {"templates": TemplateSerializer(many=True)}),
    )
    def get(self, request: Request) -> Response:
        rows = CreatorNdaTemplate.objects.owned_by(request.user)
        return flat_response({"templates": TemplateSerializer(rows, many=True).data})

    @extend_schema(
        summary="Create an NDA template", request=TemplateInputSerializer, responses={201: TEMPLATE}
    )
    def post(self, request: Request) -> Response:
        payload = TemplateInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        template = services.create_template(
            owner=request_user(request), fields=dict(payload.validated_data)
        )
        return flat_response({"template": _shown(template)}, status.HTTP_201_CREATED)


class NdaTemplateDetailApi(APIView):
    @extend_schema(summary="One of your NDA templates", responses=TEMPLATE)
    def get(self, request: Request, template_id: int) -> Response:
        return flat_response({"template": _shown(_mine(request, template_id))})

    @extend_schema(
        summary="Edit one of your NDA templates",
        request=TemplateInputSerializer,
        responses=TEMPLATE,
    )
    def put(self, request: Request, template_id: int) -> Response:
        template = _mine(request, template_id)
        payload = TemplateInputSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        template = services.update_template(
            template=template, actor=request_user(request), fields=dict(payload.validated_data)
        )
        return flat_response({"template": _shown(template)})

    patch = put

    @extend_schema(
        summary="Delete one of your NDA templates",
        responses=inline_serializer(
            "NdaTemplateDeleted",
            {"deleted": serializers.BooleanField(), "id": serializers.IntegerField()},
        ),
    )
    def delete(self, request: Request, template_id: int) -> Response:
        services.delete_template(template=_mine(request, template_id), actor=request_user(request))
        return flat_response({"deleted": True, "id": template_id})


class PreviewInputSerializer(serializers.Serializer):
    pitch_id = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    template_id = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, required=False, allow_null=True
    )


class NdaPreviewApi(APIView):
    @extend_schema(
        summary="The NDA text for a pitch: the one you would sign, or one of your templates "
        "filled in with the pitch's parties",
        request=PreviewInputSerializer,
        responses=inline_serializer(
            "NdaPreview",
            {
                "preview": serializers.CharField(),
                "name": serializers.CharField(),
                "template_id": serializers.IntegerField(allow_null=True),
                "text_sha256": serializers.CharField(allow_null=True),
            },
        ),
    )
    def post(self, request: Request) -> Response:
        payload = PreviewInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        me = request_user(request)
        pitch = pitch_selectors.visible_pitch_or_404(me, data["pitch_id"], with_owner=True)
        shown = text.preview_for(user=me, pitch=pitch, template_id=data.get("template_id"))
        return flat_response(
            {
                "preview": shown.content,
                "name": shown.name,
                "template_id": shown.template_id,
                "text_sha256": shown.sha256,
            }
        )
