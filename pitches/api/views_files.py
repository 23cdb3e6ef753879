"""A pitch's files: its documents (listing, signed downloads, deleting), uploads and video links."""

from __future__ import annotations

import re

from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pitches import access, selectors, services
from pitches.api import serializers as s
from pitches.api.common import DELETED
from pitches.models import PitchDocument
from pitchey.api import flat_response, request_user, request_viewer
from pitchey.errors import DomainError
from pitchey.ratelimit import client_ip
from pitchey.storage import file_response, signed_url
from pitchey.uploads import clean_name

PUBLIC_DOCUMENT_MAX_AGE = 3600
PRIVATE_DOCUMENT_MAX_AGE = 300


class DocumentListApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="A pitch's documents you may see", responses=s.DocumentSerializer(many=True)
    )
    def get(self, request: Request, pitch_id: int) -> Response:
        viewer = request_viewer(request)
        pitch = selectors.visible_pitch_or_404(viewer, pitch_id)
        confidential = access.can_view_confidential(viewer, pitch)
        documents = [
            d
            for d in pitch.documents.all()
            if access.document_visible(d, confidential=confidential)
        ]
        return flat_response({"documents": s.DocumentSerializer(documents, many=True).data})


class DocumentDownloadApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Download a document (302 to a short-lived signed URL)", responses={302: None}
    )
    def get(self, request: Request, pitch_id: int, document_id: int) -> HttpResponseRedirect:
        user = request_viewer(request)
        pitch = selectors.visible_pitch_or_404(user, pitch_id)
        document = get_object_or_404(pitch.documents.all(), pk=document_id)
        document.pitch = pitch
        public = access.document_visible(document, confidential=False)
        if not public and not access.can_view_confidential(user, pitch):
            raise Http404
        services.log_document_access(document=document, user=user, ip_address=client_ip(request))
        max_age = PUBLIC_DOCUMENT_MAX_AGE if public else PRIVATE_DOCUMENT_MAX_AGE
        key = services.served_document_key(document=document, user=user)
        url = signed_url(key, max_age=max_age, download_name=document.original_name)
        response = HttpResponseRedirect(url)
        response["Cache-Control"] = "private, no-store"
        return response


# A file name as the SPA puts it in the path: no directory parts, no control characters.
_UNSAFE_NAME = re.compile(r"[/\\\x00-\x1f\x7f]|^\.+$")
MAX_NAME_LENGTH = 255


class PitchAttachmentApi(APIView):
    """GET /api/pitches/:id/attachments/:filename (utils/fileDownloads.ts): one of the pitch's
    files by name, under the same protection rule as the document download (a protected file
    only with confidential access, stamped for its reader); anything else is the same 404."""

    permission_classes = [AllowAny]

    @extend_schema(summary="Download a pitch's file by its name", responses={200: None})
    def get(self, request: Request, pitch_id: int, filename: str) -> FileResponse:
        if len(filename) > MAX_NAME_LENGTH or _UNSAFE_NAME.search(filename):
            raise DomainError(
                "That is not a file name.",
                code="VALIDATION_ERROR",
                details={"filename": ["A file name, without folders or control characters."]},
            )
        user = request_viewer(request)
        pitch = selectors.visible_pitch_or_404(user, pitch_id)
        confidential = access.can_view_confidential(user, pitch)
        found = selectors.pitch_file_named(pitch, filename, confidential=confidential)
        if found is None:
            raise Http404
        if isinstance(found, PitchDocument):
            services.log_document_access(document=found, user=user, ip_address=client_ip(request))
            key = services.served_document_key(document=found, user=user)
            return file_response(key, download_name=clean_name(found.original_name))
        return file_response(found.storage_key, download_name=filename)


class DocumentDeleteApi(APIView):
    @extend_schema(summary="Delete one of your documents", responses=DELETED)
    def delete(self, request: Request, pitch_id: int, document_id: int) -> Response:
        pitch = selectors.owned_pitch_or_404(request_viewer(request), pitch_id)
        document = get_object_or_404(pitch.documents.select_related("pitch"), pk=document_id)
        services.delete_document(document=document, actor=request_user(request))
        return flat_response({"deleted": True, "id": document_id})


class UploadApi(APIView):
    throttle_scope = "upload"

    @extend_schema(
        summary="Upload a document or image to your pitch (multipart)",
        request={"multipart/form-data": s.UploadSerializer},
        responses={
            201: inline_serializer(
                "Upload", {"document": s.DocumentSerializer(), "url": serializers.CharField()}
            )
        },
    )
    def post(self, request: Request) -> Response:
        payload = s.UploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        pitch = selectors.owned_pitch_or_404(request_viewer(request), data["pitch_id"])
        upload = data["file"]
        if data["document_type"] == "image":
            media = services.upload_image(
                pitch=pitch,
                actor=request_user(request),
                fileobj=upload,
                name=upload.name,
                size=upload.size,
                caption=data["title"],
            )
            body = s.MediaSerializer(media).data
            return flat_response(
                {"media": body, "url": body["url"], "id": media.pk}, status.HTTP_201_CREATED
            )
        document = services.upload_document(
            pitch=pitch,
            actor=request_user(request),
            fileobj=upload,
            name=upload.name,
            size=upload.size,
            document_type=data["document_type"],
            requires_nda=data["requires_nda"],
            title=data["title"],
        )
        body = s.DocumentSerializer(document).data
        return flat_response(
            {"document": body, "url": body["download_url"], "id": document.pk},
            status.HTTP_201_CREATED,
        )
