from __future__ import annotations

from typing import Any

from django import forms

from pitches import config
from pitches.models import Pitch, PitchDocument


def _choices(values: list[str]) -> list[tuple[str, str]]:
    return [("", "—"), *((v, v) for v in values)]


class FilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label="Search")
    tab = forms.ChoiceField(required=False, choices=[("", "All"), ("trending", "Trending"), ("new", "New"), ("popular", "Popular"), ("top-rated", "Top rated")])
    genre = forms.ChoiceField(required=False, choices=_choices(config.GENRES))
    format = forms.ChoiceField(required=False, choices=_choices(list(config.FORMAT_CATEGORIES)))
    budget = forms.ChoiceField(required=False, choices=[("", "—"), *((k, label) for k, label, *_ in config.BUDGET_RANGES)])
    stage = forms.ChoiceField(required=False, choices=[("", "—"), *config.DEVELOPMENT_STAGES])
    seeking_investment = forms.BooleanField(required=False, label="Seeking investment")


class BasicsForm(forms.Form):
    title = forms.CharField(min_length=3, max_length=100)
    genre = forms.ChoiceField(choices=_choices(config.GENRES), required=False)
    format_category = forms.ChoiceField(choices=_choices(list(config.FORMAT_CATEGORIES)), required=False, label="Format")
    format_subtype = forms.CharField(max_length=100, required=False, label="Format subtype")
    logline = forms.CharField(max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    short_synopsis = forms.CharField(max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 4}))


class StoryForm(forms.Form):
    long_synopsis = forms.CharField(max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 6}))
    themes = forms.CharField(max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    world_description = forms.CharField(max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    target_audience = forms.CharField(max_length=2000, required=False)
    development_stage = forms.ChoiceField(choices=[("", "—"), *config.DEVELOPMENT_STAGES], required=False)
    estimated_budget_usd = forms.DecimalField(max_digits=15, decimal_places=2, min_value=0, required=False, label="Estimated budget (USD)")
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
    name = forms.CharField(max_length=50)
    role = forms.CharField(max_length=100, required=False)
    description = forms.CharField(max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DocumentForm(forms.Form):
    file = forms.FileField()
    document_type = forms.ChoiceField(choices=PitchDocument.Type.choices)
    title = forms.CharField(max_length=255, required=False)
    requires_nda = forms.BooleanField(required=False, label="Requires an NDA")
