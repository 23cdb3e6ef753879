from __future__ import annotations

from typing import Any

from django.urls import reverse
from rest_framework import serializers

from ndas.models import Nda, NdaRequest


class PartySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="display_name")
    company_name = serializers.CharField()
    user_type = serializers.CharField()


class PitchRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    slug = serializers.CharField()


class SignedNdaSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="pk")
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Nda
        fields = [
            "id", "status", "custom_terms", "approved_at", "access_expires_at", "document_sha256",
            "revoked_at", "revocation_reason", "download_url",
        ]  # fmt: skip

    def get_download_url(self, obj: Nda) -> str:
        return reverse("ndas-api:download-signed", args=[obj.pk])


class NdaRequestSerializer(serializers.ModelSerializer):
    pitch = PitchRefSerializer()
    requester = PartySerializer()
    owner = PartySerializer()
    pitch_id = serializers.IntegerField()
    pitch_title = serializers.CharField(source="pitch.title")
    requester_name = serializers.CharField(source="requester.display_name")
    status = serializers.SerializerMethodField()
    signature = serializers.SerializerMethodField()
    signed = serializers.SerializerMethodField()
    can_access = serializers.SerializerMethodField()
    access_expires_at = serializers.SerializerMethodField()
    nda_type = serializers.CharField()

    class Meta:
        model = NdaRequest
        fields = [
            "id", "pitch_id", "pitch_title", "pitch", "requester", "requester_name", "owner",
            "nda_type", "status", "message", "company_info", "signature", "text_sha256",
            "template_version", "rejection_reason", "notes", "decided_at", "expires_at",
            "access_expires_at", "created_at", "updated_at", "signed", "can_access",
        ]  # fmt: skip

    def _nda(self, obj: NdaRequest) -> Nda | None:
        try:
            return obj.nda
        except Nda.DoesNotExist:
            return None

    def get_status(self, obj: NdaRequest) -> str:
        return obj.effective_status

    def get_signature(self, obj: NdaRequest) -> dict[str, Any]:
        return {
            "full_name": obj.signer_name,
            "signed_at": obj.signed_at,
            "text_sha256": obj.text_sha256,
        }

    def get_signed(self, obj: NdaRequest) -> dict[str, Any] | None:
        nda = self._nda(obj)
        return dict(SignedNdaSerializer(nda).data) if nda else None

    def get_can_access(self, obj: NdaRequest) -> bool:
        return self.get_status(obj) == NdaRequest.Status.APPROVED

    def get_access_expires_at(self, obj: NdaRequest) -> Any:
        nda = self._nda(obj)
        return nda.access_expires_at if nda else None


class SignatureSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=200, min_length=2)
    consent = serializers.BooleanField()

    def validate_consent(self, value: bool) -> bool:
        if not value:
            raise serializers.ValidationError("Tick the box to consent to the NDA.")
        return value


class RequestInputSerializer(serializers.Serializer):
    pitch_id = serializers.IntegerField(min_value=1)
    message = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    company_info = serializers.DictField(required=False, default=dict)
    nda_type = serializers.CharField(
        max_length=20, required=False
    )  # informative: the pitch decides
    signature = SignatureSerializer()
    text_sha256 = serializers.RegexField(r"^[0-9a-f]{64}$", required=False, default="")


class ApproveInputSerializer(serializers.Serializer):
    notes = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    custom_terms = serializers.CharField(
        max_length=5000, required=False, allow_blank=True, default=""
    )
    expiry_days = serializers.IntegerField(
        min_value=0, max_value=3650, required=False, allow_null=True
    )


class RejectInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    rejection_reason = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class RevokeInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class BulkInputSerializer(serializers.Serializer):
    nda_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1), min_length=1, max_length=100
    )
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ListFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=NdaRequest.Status.choices, required=False)
    creator_id = serializers.IntegerField(required=False)
    requester_id = serializers.IntegerField(required=False)
    pitch_id = serializers.IntegerField(required=False)
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)


class StandardQuerySerializer(serializers.Serializer):
    pitch_id = serializers.IntegerField(required=False)
    recipient_name = serializers.CharField(max_length=200, required=False, default="")
    disclosing_name = serializers.CharField(max_length=200, required=False, default="")
    project_name = serializers.CharField(max_length=255, required=False, default="")
    date = serializers.DateField(required=False)


class CustomNdaUploadSerializer(serializers.Serializer):
    pitch_id = serializers.IntegerField(min_value=1)
    file = serializers.FileField()
