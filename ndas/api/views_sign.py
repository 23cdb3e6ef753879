"""Signing an NDA request after it was made: the SPA's request, approve, then sign order."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ndas import services
from ndas.api import serializers as s
from ndas.api.views import _agent, _request_of
from ndas.models import NdaRequest
from pitchey.api import flat_response, request_user
from pitchey.ratelimit import client_ip

SIGNED = inline_serializer(
    "NdaSigned",
    {
        "nda": s.NdaRequestSerializer(),
        "conversation": inline_serializer(
            "NdaSignedConversation",
            {
                "creator_id": serializers.IntegerField(),
                "creator_name": serializers.CharField(),
                "pitch_title": serializers.CharField(),
            },
        ),
    },
)


class NdaSignApi(APIView):
    throttle_scope = "strict"

    @extend_schema(
        summary="Sign your NDA request, before or after the creator approves it",
        request=s.SignInputSerializer,
        responses=SIGNED,
    )
    def post(self, request: Request, nda_id: int) -> Response:
        nda_request = _request_of(request, nda_id)
        payload = s.SignInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        signed = services.sign_nda(
            nda_request=nda_request,
            actor=request_user(request),
            ip_address=client_ip(request),
            user_agent=_agent(request),
            **payload.validated_data,
        )
        fresh = NdaRequest.objects.for_display().get(pk=signed.pk)
        # The SPA offers to message the creator after signing (nda.service.ts signNDA).
        conversation = {
            "creator_id": fresh.owner_id,
            "creator_name": fresh.owner.display_name,
            "pitch_title": fresh.pitch.title,
        }
        return flat_response(
            {"nda": s.NdaRequestSerializer(fresh).data, "conversation": conversation}
        )
