"""POST /api/pitches/ai-extract: the create form's "Auto-fill from document". Rule-based (see
`pitches.extraction`): no AI model and no outside service is called, the file is not stored,
and it costs no credits (the price list has no such action)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pitches import extraction
from pitchey.api import flat_response
from pitchey.uploads import clean_name


class ExtractInput(serializers.Serializer):
    file = serializers.FileField()


class PitchExtractApi(APIView):
    throttle_scope = "upload"

    @extend_schema(
        summary="Pre-fill the pitch form from a PDF, DOCX, text or Markdown document by its "
        "labelled sections (rule-based, free, nothing stored)",
        request={"multipart/form-data": ExtractInput},
        responses=inline_serializer(
            "PitchExtract",
            {
                "extracted": serializers.DictField(),
                "credits_used": serializers.IntegerField(),
                "method": serializers.CharField(),
                "fields_found": serializers.ListField(child=serializers.CharField()),
            },
        ),
    )
    def post(self, request: Request) -> Response:
        payload = ExtractInput(data=request.data)
        payload.is_valid(raise_exception=True)
        upload = payload.validated_data["file"]
        text = extraction.read_text(
            fileobj=upload, name=clean_name(upload.name or ""), size=upload.size or 0
        )
        extracted = extraction.extract_fields(text)
        return flat_response(
            {
                "extracted": extracted,
                "credits_used": 0,
                "method": "rules",
                "fields_found": [key for key, value in extracted.items() if value],
            }
        )
