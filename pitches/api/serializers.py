from __future__ import annotations

from typing import Any

from django.urls import reverse
from rest_framework import serializers

from pitches import access, config
from pitches.engagement.heat import badge as heat_badge
from pitches.models import (
    Character,
    CreativeAttachment,
    Pitch,
    PitchDocument,
    PitchMedia,
    SavedPitch,
)
from pitchey.serializers import FieldsBuiltOnce
from pitchey.storage import signed_url

PUBLIC_MEDIA_MAX_AGE = 3600


class CreatorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="display_name")
    username = serializers.CharField()
    company_name = serializers.CharField()
    user_type = serializers.CharField()
    # the verified-company badge (`User.company_verified`, set when staff approve a verification)
    company_verified = serializers.BooleanField()
    identity_verified = serializers.BooleanField()


class CharacterSerializer(FieldsBuiltOnce, serializers.ModelSerializer):
    class Meta:
        model = Character
        fields = ["id", "name", "role", "description", "age", "gender", "actor", "position"]
        read_only_fields = ["id", "position"]


class CreativeAttachmentSerializer(FieldsBuiltOnce, serializers.ModelSerializer):
    class Meta:
        model = CreativeAttachment
        fields = ["id", "name", "role", "bio", "imdb_link", "website_link", "position"]
        read_only_fields = ["id", "position"]


class DocumentSerializer(FieldsBuiltOnce, serializers.ModelSerializer):
    is_protected = serializers.BooleanField(read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = PitchDocument
        fields = [
            "id",
            "document_type",
            "title",
            "original_name",
            "size",
            "content_type",
            "sha256",
            "requires_nda",
            "is_protected",
            "download_url",
            "created_at",
        ]

    def get_download_url(self, obj: PitchDocument) -> str:
        return reverse("pitches-api:document-download", args=[obj.pitch_id, obj.pk])


class MediaSerializer(FieldsBuiltOnce, serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = PitchMedia
        fields = ["id", "kind", "url", "caption", "content_type", "size", "position"]

    def get_url(self, obj: PitchMedia) -> str:
        if obj.kind == PitchMedia.Kind.IMAGE and obj.storage_key:
            return signed_url(obj.storage_key, max_age=PUBLIC_MEDIA_MAX_AGE)
        return obj.url


CARD_FIELDS = [
    "id",
    "slug",
    "title",
    "logline",
    "genre",
    "format",
    "format_category",
    "format_subtype",
    "custom_format",
    "short_synopsis",
    "development_stage",
    "seeking_investment",
    "status",
    "require_nda",
    "nda_type",
    "ai_disclosure",
    "estimated_budget",
    "estimated_budget_usd",
    "budget_bracket",
    "title_image",
    "video_url",
    "view_count",
    "like_count",
    "save_count",
    "nda_count",
    "rating_average",
    "rating_count",
    "trending_score",
    "published_at",
    "created_at",
    "updated_at",
]
DETAIL_FIELDS = [
    *CARD_FIELDS,
    "long_synopsis",
    "themes",
    "world_description",
    "tone_and_style",
    "comps",
    "story_breakdown",
    "why_now",
    "target_audience",
    "production_location",
    "production_timeline",
    "development_stage_other",
    "target_release_date",
    "video_platform",
    "video_password",
    "visibility_settings",
    "custom_nda_text",
    "content_hash",
    "archived_at",
]


class PitchCardSerializer(FieldsBuiltOnce, serializers.ModelSerializer):
    """The one output path for pitches: everything passes through `access.strip_protected`.

    Context: `request` (the viewer) and `confidential_ids`, computed in bulk by the caller
    with `access.confidential_pitch_ids`.
    """

    creator = CreatorSerializer(source="owner", read_only=True)

    class Meta:
        model = Pitch
        fields = [*CARD_FIELDS, "creator"]

    def to_representation(self, instance: Pitch) -> dict[str, Any]:
        data: dict[str, Any] = dict(super().to_representation(instance))
        data["user_id"] = instance.owner_id
        data["format_label"] = instance.custom_format or instance.format_subtype or instance.format
        data["pitchey_score"] = float(instance.rating_average)
        data["heat_score"] = round(instance.trending_score, 2)
        data["heat_badge"] = heat_badge(instance.trending_score)
        request = self.context.get("request")
        user = getattr(request, "user", None) if request is not None else None
        if user is None:
            from django.contrib.auth.models import AnonymousUser

            user = AnonymousUser()
        confidential = instance.pk in self.context.get("confidential_ids", set())
        return access.strip_protected(data, instance, user, confidential=confidential)


class PitchDetailSerializer(PitchCardSerializer):
    characters = CharacterSerializer(many=True, read_only=True)
    attachments = CreativeAttachmentSerializer(many=True, read_only=True)
    documents = DocumentSerializer(many=True, read_only=True)
    media = MediaSerializer(many=True, read_only=True)

    class Meta:
        model = Pitch
        fields = [*DETAIL_FIELDS, "creator", "characters", "attachments", "documents", "media"]


class SavedPitchSerializer(serializers.ModelSerializer):
    pitch_id = serializers.IntegerField(read_only=True)
    pitch = serializers.SerializerMethodField()

    class Meta:
        model = SavedPitch
        fields = ["id", "pitch_id", "notes", "created_at", "pitch"]

    def get_pitch(self, obj: SavedPitch) -> dict[str, Any]:
        return PitchCardSerializer(obj.pitch, context=self.context).data


# --- input ------------------------------------------------------------------------------------


class VisibilitySerializer(serializers.Serializer):
    show_short_synopsis = serializers.BooleanField(required=False, default=True)
    show_characters = serializers.BooleanField(required=False, default=False)
    show_budget = serializers.BooleanField(required=False, default=False)
    show_media = serializers.BooleanField(required=False, default=True)
    show_creator_name = serializers.BooleanField(required=False, default=True)


class NdaConfigSerializer(serializers.Serializer):
    require_nda = serializers.BooleanField(required=False, default=False)
    nda_type = serializers.ChoiceField(
        choices=Pitch.NdaType.choices, required=False, default="none"
    )
    custom_nda = serializers.CharField(
        required=False, allow_blank=True, max_length=20000, default=""
    )


class CharacterInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    role = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    description = serializers.CharField(
        max_length=1000, required=False, allow_blank=True, default=""
    )
    age = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    gender = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    actor = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class AttachmentInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    role = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    bio = serializers.CharField(max_length=2400, required=False, allow_blank=True, default="")
    imdb_link = serializers.URLField(max_length=500, required=False, allow_blank=True, default="")
    website_link = serializers.URLField(
        max_length=500, required=False, allow_blank=True, default=""
    )


def _text(max_length: int, **kwargs: Any) -> serializers.CharField:
    return serializers.CharField(max_length=max_length, required=False, allow_blank=True, **kwargs)


class ListedChoiceField(serializers.CharField):
    """One of a fixed list, matched whatever the case, spaces or hyphens (the SPA lowercases
    genres, formats and stages) and stored in the list's spelling."""

    def __init__(self, normalise: Any, choices: list[str], **kwargs: Any) -> None:
        self.normalise, self.choices = normalise, choices
        super().__init__(required=False, allow_blank=True, max_length=100, **kwargs)

    def to_internal_value(self, data: Any) -> str:
        value = super().to_internal_value(data)
        if value == "":
            return value
        listed = self.normalise(value)
        if listed is None:
            raise serializers.ValidationError(f"Must be one of: {', '.join(self.choices)}.")
        return str(listed)


class PitchInputSerializer(serializers.Serializer):
    """The wizard's fields (C2). Drafts need only a title; publishing checks the rest."""

    title = serializers.CharField(min_length=3, max_length=100)
    genre = ListedChoiceField(config.normalise_genre, config.GENRES)
    format_category = ListedChoiceField(
        config.normalise_format_category, list(config.FORMAT_CATEGORIES)
    )
    format = _text(100)
    format_subtype = _text(100)
    custom_format = _text(255)
    logline = _text(500)
    short_synopsis = _text(1000)
    long_synopsis = _text(5000)
    themes = _text(1000)
    world_description = _text(1000)
    tone_and_style = _text(2000)
    comps = _text(2000)
    story_breakdown = _text(12000)
    why_now = _text(2000)
    production_location = _text(255)
    development_stage = ListedChoiceField(config.normalise_stage, config.STAGE_KEYS)
    development_stage_other = _text(255)
    target_audience = _text(2000)
    production_timeline = _text(2000)
    target_release_date = serializers.DateField(required=False, allow_null=True)
    estimated_budget = _text(100)
    estimated_budget_usd = serializers.DecimalField(
        max_digits=15, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    budget_bracket = serializers.ChoiceField(
        choices=config.BUDGET_KEYS, required=False, allow_blank=True
    )
    budget_range = serializers.CharField(
        required=False, allow_blank=True, help_text="Alias of budgetBracket."
    )
    seeking_investment = serializers.BooleanField(required=False)
    video_url = serializers.URLField(max_length=500, required=False, allow_blank=True)
    video_platform = _text(50)
    video_password = _text(100)
    visibility_settings = VisibilitySerializer(required=False)
    nda_config = NdaConfigSerializer(required=False)
    require_nda = serializers.BooleanField(required=False)
    ai_disclosure = serializers.ChoiceField(choices=Pitch.AiDisclosure.choices, required=False)
    characters = CharacterInputSerializer(many=True, required=False)
    creative_attachments = AttachmentInputSerializer(many=True, required=False)

    def validate_format(self, value: str) -> str:
        return config.normalise_format(value) if value else value

    def validate_format_subtype(self, value: str) -> str:
        return config.normalise_format(value) if value else value

    def validate_budget_range(self, value: str) -> str:
        if value and value not in config.BUDGET_KEYS:
            raise serializers.ValidationError(f"Must be one of {', '.join(config.BUDGET_KEYS)}.")
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("format_subtype") == "Custom Format" and not attrs.get("custom_format"):
            raise serializers.ValidationError({"custom_format": ["Describe the custom format."]})
        if attrs.get("development_stage") == "other" and not attrs.get("development_stage_other"):
            raise serializers.ValidationError({"development_stage_other": ["Describe the stage."]})
        return attrs

    def to_service_args(self) -> dict[str, Any]:
        """Split validated data into model fields and child lists for the services."""
        data = dict(self.validated_data)
        characters = data.pop("characters", None)
        attachments = data.pop("creative_attachments", None)
        if "budget_range" in data:
            data.setdefault("budget_bracket", data.pop("budget_range"))
        nda = data.pop("nda_config", None)
        if nda is not None:
            data["require_nda"] = nda["require_nda"]
            data["nda_type"] = nda["nda_type"]
            data["custom_nda_text"] = nda["custom_nda"]
        if data.get("require_nda") and data.get("nda_type", "none") == "none":
            data["nda_type"] = "platform"
        if "visibility_settings" in data:
            data["visibility_settings"] = dict(data["visibility_settings"])
        return {"fields": data, "characters": characters, "attachments": attachments}


class PitchUpdateSerializer(PitchInputSerializer):
    title = serializers.CharField(min_length=3, max_length=100, required=False)


class ReorderSerializer(serializers.Serializer):
    character_ids = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)


class SaveInputSerializer(serializers.Serializer):
    pitch_id = serializers.IntegerField()
    notes = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class NotesSerializer(serializers.Serializer):
    notes = serializers.CharField(max_length=2000, allow_blank=True)


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    pitch_id = serializers.IntegerField()
    document_type = serializers.ChoiceField(
        choices=[*PitchDocument.Type.values, "image"], default="other"
    )
    title = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    requires_nda = serializers.BooleanField(required=False, default=False)


class VideoLinkSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=500)
    caption = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
