from __future__ import annotations

from typing import Any

from django.urls import reverse
from rest_framework import serializers

from ndas.models import Nda, NdaRequest


class PartySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="display_name")
    username = serializers.CharField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    company_name = serializers.CharField()
    user_type = serializers.CharField()
    company_verified = serializers.BooleanField()  # the verified-company badge


class PitchRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    slug = serializers.CharField()
    genre = serializers.CharField()


class SignedNdaSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="pk")
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Nda
        fields = [
            "id",
            "status",
            "custom_terms",
            "approved_at",
            "access_expires_at",
            "document_sha256",
            "revoked_at",
            "revocation_reason",
            "download_url",
        ]

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
    request_status = serializers.CharField(source="status")
    is_signed = serializers.BooleanField()
    signed_at = serializers.DateTimeField()
    signer_name = serializers.CharField()
    access_granted = serializers.SerializerMethodField()
    requester_id = serializers.IntegerField()
    requester_username = serializers.CharField(source="requester.username")
    username = serializers.CharField(source="requester.username")
    owner_id = serializers.IntegerField()
    creator_name = serializers.CharField(source="owner.display_name")
    creator_username = serializers.CharField(source="owner.username")
    pitch_owner = serializers.CharField(source="owner.display_name")
    pitch_genre = serializers.CharField(source="pitch.genre")
    requested_at = serializers.DateTimeField(source="created_at")
    responded_at = serializers.DateTimeField(source="decided_at")

    class Meta:
        model = NdaRequest
        fields = [
            "id",
            "pitch_id",
            "pitch_title",
            "pitch_genre",
            "pitch",
            "requester",
            "requester_id",
            "requester_name",
            "requester_username",
            "username",
            "owner",
            "owner_id",
            "creator_name",
            "creator_username",
            "pitch_owner",
            "nda_type",
            "status",
            "request_status",
            "message",
            "company_info",
            "signature",
            "is_signed",
            "signed_at",
            "signer_name",
            "text_sha256",
            "template_version",
            "rejection_reason",
            "notes",
            "decided_at",
            "requested_at",
            "responded_at",
            "expires_at",
            "access_expires_at",
            "created_at",
            "updated_at",
            "signed",
            "can_access",
            "access_granted",
        ]

    def _nda(self, obj: NdaRequest) -> Nda | None:
        try:
            return obj.nda
        except Nda.DoesNotExist:
            return None

    def get_status(self, obj: NdaRequest) -> str:
        return obj.shown_status

    def get_signature(self, obj: NdaRequest) -> dict[str, Any] | None:
        if not obj.is_signed:
            return None
        return {
            "full_name": obj.signer_name,
            "signed_at": obj.signed_at,
            "text_sha256": obj.text_sha256,
        }

    def get_signed(self, obj: NdaRequest) -> dict[str, Any] | None:
        nda = self._nda(obj)
        return dict(SignedNdaSerializer(nda).data) if nda else None

    def get_can_access(self, obj: NdaRequest) -> bool:
        return obj.shown_status == "signed"

    def get_access_granted(self, obj: NdaRequest) -> bool:
        return obj.shown_status == "signed"

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
    """The SPA sends `{pitchId, ndaType, message, expiryDays...}` and signs after approval;
    our pages send `signature` too and sign at request."""

    pitch_id = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    message = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    company_info = serializers.DictField(required=False, default=dict)
    # Informative only: the pitch decides which NDA applies and the creator the access length.
    nda_type = serializers.CharField(max_length=20, required=False)
    template_id = serializers.IntegerField(required=False, allow_null=True)
    expiry_days = serializers.IntegerField(required=False, allow_null=True)
    signature = SignatureSerializer(required=False)
    text_sha256 = serializers.RegexField(r"^[0-9a-f]{64}$", required=False, default="")


class SignInputSerializer(serializers.Serializer):
    """`POST /api/ndas/:id/sign`: the SPA's wizard sends `fullName` and `acceptTerms` (plus a
    `signature` string "<name> - <time>"); other callers send only that string."""

    full_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    signature = serializers.CharField(max_length=300, required=False, allow_blank=True)
    accept_terms = serializers.BooleanField(required=False)
    consent = serializers.BooleanField(required=False)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    company = serializers.CharField(max_length=200, required=False, allow_blank=True)
    address = serializers.CharField(max_length=500, required=False, allow_blank=True)
    text_sha256 = serializers.RegexField(r"^[0-9a-f]{64}$", required=False, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        typed = attrs.get("signature", "").strip()
        name = attrs.get("full_name", "").strip() or typed.split(" - ")[0].strip()
        if len(name) < 2:
            raise serializers.ValidationError({"full_name": ["Type your full legal name."]})
        consent = attrs.get("accept_terms", attrs.get("consent"))
        if consent is None:
            # A bare typed signature is the act of signing: nothing else is asked of it.
            consent = bool(typed)
        if not consent:
            raise serializers.ValidationError({"accept_terms": ["Accept the NDA's terms to sign."]})
        return {"full_name": name, "consent": True, "text_sha256": attrs["text_sha256"]}


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
    status = serializers.ChoiceField(
        choices=[*NdaRequest.Status.choices, ("signed", "Signed")], required=False
    )
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
