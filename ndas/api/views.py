from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ndas import selectors, services, text
from ndas.api import serializers as s
from ndas.models import NdaRequest
from pitches import selectors as pitch_selectors
from pitches.models import Pitch
from pitchey.api import flat_response, request_user, request_viewer, to_snake
from pitchey.ratelimit import client_ip
from pitchey.storage import signed_url

if TYPE_CHECKING:
    pass

SIGNED_DOCUMENT_MAX_AGE = 300

NdaEnvelope = inline_serializer("NdaEnvelope", {"nda": s.NdaRequestSerializer()})
BulkEnvelope = inline_serializer(
    "NdaBulkResult",
    {
        "successful": serializers.ListField(child=serializers.IntegerField()),
        "failed": serializers.ListField(),
    },
)


def _agent(request: Request) -> str:
    return str(request.META.get("HTTP_USER_AGENT", ""))[:500]


def visible_pitch(request: Request, key: str | int) -> Pitch:
    return pitch_selectors.visible_pitch_or_404(request_viewer(request), key, with_owner=True)


def _request_of(request: Request, nda_id: int) -> NdaRequest:
    """A request the user is a party to (staff: any); anything else is 404."""
    return get_object_or_404(
        NdaRequest.objects.involving(request.user).for_display(),
        pk=nda_id,
    )


def _render(nda_request: NdaRequest, code: int = 200) -> Response:
    fresh = NdaRequest.objects.for_display().get(pk=nda_request.pk)
    return flat_response({"nda": s.NdaRequestSerializer(fresh).data}, code)


def query_params(request: Request) -> dict[str, Any]:
    """Query parameters with snake_case keys (the SPA sends camelCase)."""
    return {to_snake(key): value for key, value in request.query_params.items()}


# --- requesting -----------------------------------------------------------------------------------


class NdaRequestCreateApi(APIView):
    throttle_scope = "strict"

    @extend_schema(
        summary="Request access to a pitch; with `signature` its NDA is signed now, else after "
        "approval through /sign",
        request=s.RequestInputSerializer,
        responses={201: NdaEnvelope},
    )
    def post(self, request: Request) -> Response:
        payload = s.RequestInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        pitch = visible_pitch(request, data["pitch_id"])
        signature = data.get("signature") or {"full_name": "", "consent": False}
        nda_request = services.request_nda(
            pitch=pitch,
            requester=request_user(request),
            full_name=signature["full_name"],
            consent=signature["consent"],
            message=data["message"],
            company_info=data["company_info"],
            ip_address=client_ip(request),
            user_agent=_agent(request),
            text_sha256=data["text_sha256"],
        )
        fresh = NdaRequest.objects.for_display().get(pk=nda_request.pk)
        shown = s.NdaRequestSerializer(fresh).data
        # nda.service.ts requestNDA reads the request itself from `data` (data.id, data.status).
        return flat_response({**shown, "nda": shown}, status.HTTP_201_CREATED)


class NdaAgreementApi(APIView):
    @extend_schema(
        summary="The exact NDA text you would sign for a pitch, with its SHA-256",
        responses=inline_serializer(
            "NdaAgreement",
            {
                "nda_type": serializers.CharField(),
                "name": serializers.CharField(),
                "content": serializers.CharField(),
                "text_sha256": serializers.CharField(),
                "custom_document_url": serializers.CharField(allow_null=True),
            },
        ),
    )
    def get(self, request: Request, pitch_id: int) -> Response:
        pitch = visible_pitch(request, pitch_id)
        agreement = text.text_for(pitch=pitch, recipient_name=request_user(request).display_name)
        custom_url = None
        if agreement.custom_document is not None:
            custom_url = signed_url(
                agreement.custom_document.storage_key,
                max_age=300,
                download_name=agreement.custom_document.original_name,
            )
        return flat_response(
            {
                "nda_type": agreement.nda_type,
                "name": agreement.name,
                "content": agreement.content,
                "text_sha256": agreement.sha256,
                "custom_document_url": custom_url,
            }
        )


class NdaStandardApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="The platform's standard NDA with the parties filled in",
        parameters=[
            OpenApiParameter(n, str, required=False)
            for n in ("pitchId", "recipientName", "disclosingName", "projectName", "date")
        ],
        responses=inline_serializer(
            "NdaStandard",
            {
                "name": serializers.CharField(),
                "content": serializers.CharField(),
                "version": serializers.IntegerField(allow_null=True),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        payload = s.StandardQuerySerializer(data=query_params(request))
        payload.is_valid(raise_exception=True)
        q = payload.validated_data
        disclosing, project = q["disclosing_name"], q["project_name"]
        if q.get("pitch_id"):
            pitch = visible_pitch(request, q["pitch_id"])
            disclosing = disclosing or pitch.owner.display_name
            project = project or pitch.title
        name, content, template = text.render_standard(
            recipient_name=q["recipient_name"],
            disclosing_name=disclosing,
            project_name=project,
            on=q.get("date"),
        )
        return flat_response(
            {"name": name, "content": content, "version": template.version if template else None}
        )


class CustomNdaUploadApi(APIView):
    throttle_scope = "upload"

    @extend_schema(
        summary="Upload your own NDA (PDF) for a pitch",
        request={"multipart/form-data": s.CustomNdaUploadSerializer},
        responses={
            201: inline_serializer(
                "CustomNdaUpload",
                {
                    "id": serializers.IntegerField(),
                    "sha256": serializers.CharField(),
                    "name": serializers.CharField(),
                    "url": serializers.CharField(),
                },
            )
        },
    )
    def post(self, request: Request) -> Response:
        payload = s.CustomNdaUploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        pitch = get_object_or_404(
            Pitch.objects.owned_by(request.user), pk=payload.validated_data["pitch_id"]
        )
        upload = payload.validated_data["file"]
        document = services.upload_custom_nda(
            pitch=pitch,
            actor=request_user(request),
            fileobj=upload,
            name=upload.name,
            size=upload.size,
            ip_address=client_ip(request),
        )
        url = signed_url(document.storage_key, max_age=300, download_name=document.original_name)
        return flat_response(
            {
                "id": document.pk,
                "sha256": document.sha256,
                "name": document.original_name,
                "url": url,
            },
            status.HTTP_201_CREATED,
        )


# --- one request ----------------------------------------------------------------------------------


class NdaDetailApi(APIView):
    @extend_schema(
        summary="One NDA request you are a party to",
        responses=NdaEnvelope,
        operation_id="nda_detail",
    )
    def get(self, request: Request, nda_id: int) -> Response:
        return _render(_request_of(request, nda_id))


class NdaApproveApi(APIView):
    throttle_scope = "strict"

    @extend_schema(
        summary="Approve a pending request on your pitch",
        request=s.ApproveInputSerializer,
        responses=NdaEnvelope,
    )
    def post(self, request: Request, nda_id: int) -> Response:
        nda_request = _request_of(request, nda_id)
        payload = s.ApproveInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        expiry = data.get("expiry_days", services.DEFAULT_ACCESS_DAYS)
        approved = services.approve_nda(
            nda_request=nda_request,
            actor=request_user(request),
            custom_terms=data["custom_terms"],
            expiry_days=expiry or None,
            notes=data["notes"],
            ip_address=client_ip(request),
        )
        return _render(approved)


class NdaRejectApi(APIView):
    throttle_scope = "strict"

    @extend_schema(
        summary="Reject a pending request on your pitch",
        request=s.RejectInputSerializer,
        responses=NdaEnvelope,
    )
    def post(self, request: Request, nda_id: int) -> Response:
        nda_request = _request_of(request, nda_id)
        payload = s.RejectInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        reason = payload.validated_data.get("rejection_reason") or payload.validated_data["reason"]
        return _render(
            services.reject_nda(
                nda_request=nda_request,
                actor=request_user(request),
                reason=reason,
                ip_address=client_ip(request),
            )
        )


class NdaRevokeApi(APIView):
    throttle_scope = "strict"

    @extend_schema(
        summary="Revoke an approved NDA on your pitch (access ends now)",
        request=s.RevokeInputSerializer,
        responses=NdaEnvelope,
    )
    def post(self, request: Request, nda_id: int) -> Response:
        nda_request = _request_of(request, nda_id)
        payload = s.RevokeInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return _render(
            services.revoke_nda(
                nda_request=nda_request,
                actor=request_user(request),
                reason=payload.validated_data["reason"],
                ip_address=client_ip(request),
            )
        )


class NdaWithdrawApi(APIView):
    throttle_scope = "strict"

    @extend_schema(summary="Withdraw your pending request", request=None, responses=NdaEnvelope)
    def post(self, request: Request, nda_id: int) -> Response:
        nda_request = _request_of(request, nda_id)
        return _render(
            services.withdraw_nda_request(
                nda_request=nda_request, actor=request_user(request), ip_address=client_ip(request)
            )
        )


class NdaRemindApi(APIView):
    throttle_scope = "strict"

    @extend_schema(
        summary="Remind the creator of your pending request (once a day)",
        request=None,
        responses=NdaEnvelope,
    )
    def post(self, request: Request, nda_id: int) -> Response:
        nda_request = _request_of(request, nda_id)
        return _render(
            services.remind_owner(
                nda_request=nda_request, actor=request_user(request), ip_address=client_ip(request)
            )
        )


class NdaBulkApi(APIView):
    throttle_scope = "strict"
    approve = True

    @extend_schema(
        summary="Approve or reject several requests on your pitches (all or nothing)",
        request=s.BulkInputSerializer,
        responses=BulkEnvelope,
    )
    def post(self, request: Request) -> Response:
        payload = s.BulkInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        successful, failed = services.bulk_decide(
            ids=payload.validated_data["nda_ids"],
            actor=request_user(request),
            approve=self.approve,
            reason=payload.validated_data["reason"],
            ip_address=client_ip(request),
        )
        return flat_response({"successful": successful, "failed": failed})


class NdaDownloadSignedApi(APIView):
    @extend_schema(
        summary="Download the signed NDA (302 to a signed URL valid 300 s)", responses={302: None}
    )
    def get(self, request: Request, nda_id: int) -> HttpResponseRedirect:
        nda_request = _request_of(request, nda_id)
        nda = selectors.signed_nda_of(nda_request)
        if nda is None:
            raise Http404
        url = signed_url(
            nda.document_key,
            max_age=SIGNED_DOCUMENT_MAX_AGE,
            download_name=f"pitchey-nda-{nda.pk}.pdf",
        )
        response = HttpResponseRedirect(url)
        response["Cache-Control"] = "private, no-store"
        return response


class NdaVerifyApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Was a document with this SHA-256 signed on Pitchey? By whom and when",
        responses=inline_serializer(
            "NdaVerify",
            {
                "valid": serializers.BooleanField(),
                "nda_id": serializers.IntegerField(allow_null=True),
                "signed_by": serializers.CharField(allow_null=True),
                "signed_at": serializers.DateTimeField(allow_null=True),
            },
        ),
    )
    def get(self, request: Request, sha256: str) -> Response:
        return flat_response(selectors.verification(sha256))
