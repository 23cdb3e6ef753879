from __future__ import annotations

from typing import Any

from django import forms

from pitches import config
from pitches.models import Pitch, PitchDocument


def _choices(values: list[str]) -> list[tuple[str, str]]:
    return [("", "—"), *((v, v) for v in values)]


class FilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label="Search")
    tab = forms.ChoiceField(
        required=False,
        choices=[
            ("", "All"),
            ("trending", "Trending"),
            ("new", "New"),
            ("popular", "Popular"),
            ("top-rated", "Top rated"),
        ],
    )
    genre = forms.ChoiceField(required=False, choices=_choices(config.GENRES))
    format = forms.ChoiceField(required=False, choices=_choices(list(config.FORMAT_CATEGORIES)))
    budget = forms.ChoiceField(
        required=False, choices=[("", "—"), *((k, label) for k, label, *_ in config.BUDGET_RANGES)]
    )
    stage = forms.ChoiceField(required=False, choices=[("", "—"), *config.DEVELOPMENT_STAGES])
    seeking_investment = forms.BooleanField(required=False, label="Seeking investment")


# What publishing asks for (pitches.services.publish_errors); the editor marks these from the start.
REQUIRED_TO_PUBLISH = frozenset({"title", "genre", "format_category", "logline", "short_synopsis"})


class BasicsForm(forms.Form):
    title = forms.CharField(
        min_length=3,
        max_length=100,
        help_text="3 to 100 characters.",
        error_messages={
            "required": "Give the pitch a title.",
            "min_length": "The title needs at least 3 characters.",
        },
    )
    genre = forms.ChoiceField(choices=_choices(config.GENRES), required=False)
    format_category = forms.ChoiceField(
        choices=_choices(list(config.FORMAT_CATEGORIES)), required=False, label="Format"
    )
    format_subtype = forms.CharField(
        max_length=100,
        required=False,
        label="Format detail",
        help_text="For example: limited series, feature film, podcast.",
    )
    logline = forms.CharField(
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=(
            "One or two sentences, 10 to 500 characters: who wants what, and what stands in "
            "the way."
        ),
    )
    short_synopsis = forms.CharField(
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Short synopsis",
        help_text="50 to 1,000 characters. Everyone can read it, so keep the secrets for the NDA.",
    )


class StoryForm(forms.Form):
    long_synopsis = forms.CharField(
        max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    themes = forms.CharField(
        max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    world_description = forms.CharField(
        max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    target_audience = forms.CharField(max_length=2000, required=False)
    development_stage = forms.ChoiceField(
        choices=[("", "—"), *config.DEVELOPMENT_STAGES], required=False
    )
    estimated_budget_usd = forms.DecimalField(
        max_digits=15, decimal_places=2, min_value=0, required=False, label="Estimated budget (USD)"
    )
    seeking_investment = forms.BooleanField(required=False)
    require_nda = forms.BooleanField(required=False, label="Protected material requires an NDA")
    show_characters = forms.BooleanField(required=False, label="Show characters publicly")
    show_budget = forms.BooleanField(required=False, label="Show budget publicly")
    ai_disclosure = forms.ChoiceField(choices=Pitch.AiDisclosure.choices, required=False)

    def service_fields(self, pitch: Pitch) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        visibility = {**(pitch.visibility_settings or {})}
        visibility["show_characters"] = data.pop("show_characters")
        visibility["show_budget"] = data.pop("show_budget")
        data["visibility_settings"] = visibility
        data["nda_type"] = "platform" if data["require_nda"] else "none"
        data["ai_disclosure"] = data["ai_disclosure"] or "none"
        return data


class CharacterForm(forms.Form):
    name = forms.CharField(max_length=50, error_messages={"required": "Give the character a name."})
    role = forms.CharField(max_length=100, required=False)
    description = forms.CharField(
        max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DocumentForm(forms.Form):
    file = forms.FileField(
        help_text="PDF, or Word, PowerPoint or Excel files.",
        error_messages={"required": "Choose a file to upload."},
    )
    document_type = forms.ChoiceField(choices=PitchDocument.Type.choices, label="Kind")
    title = forms.CharField(
        max_length=255, required=False, help_text="Shown instead of the file name."
    )
    requires_nda = forms.BooleanField(
        required=False,
        initial=True,
        label="Requires an NDA",
        help_text="Unticked, anyone who opens the pitch can download it.",
    )


class DocumentEditForm(forms.Form):
    title = forms.CharField(max_length=255)
    requires_nda = forms.BooleanField(required=False, label="Requires an NDA")


class PosterForm(forms.Form):
    poster = forms.FileField(
        label="Cover image",
        help_text="PNG, JPEG, WebP or GIF up to 10 MB; shown on cards and at the top of the page.",
        error_messages={"required": "Choose an image."},
    )
