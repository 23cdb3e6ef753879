"""Forms of the pitch page's rating, feedback and comment panels."""

from __future__ import annotations

from typing import Any

from django import forms

from pitches.engagement.models import PitchComment

SCORES = [(n, str(n)) for n in range(10, 0, -1)]


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(choices=SCORES, coerce=int, label="Your Pitchey Score")


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        choices=[("", "No rating"), *SCORES], coerce=int, empty_value=None, required=False
    )
    strengths = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
        help_text="One per line.",
    )
    weaknesses = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000
    )
    suggestions = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000
    )
    overall = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        label="Overall",
    )
    is_interested = forms.BooleanField(required=False, label="I am interested in this project")
    is_anonymous = forms.BooleanField(
        required=False, label="Anonymous: the creator does not see who I am"
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("strengths", "weaknesses", "suggestions"):
            items = _lines(data.get(name) or "")
            if len(items) > 10:
                self.add_error(name, "At most 10 lines.")
            elif any(len(item) > 500 for item in items):
                self.add_error(name, "Each line has at most 500 characters.")
            data[name] = items
        return data

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("rating", None)
        return data

    @classmethod
    def initial_from(cls, entry: dict[str, Any]) -> dict[str, Any]:
        return {
            "rating": entry.get("rating"),
            "strengths": "\n".join(entry["strengths"]),
            "weaknesses": "\n".join(entry["weaknesses"]),
            "suggestions": "\n".join(entry["suggestions"]),
            "overall": entry.get("overall_feedback") or "",
            "is_interested": entry["is_interested"],
            "is_anonymous": entry["is_anonymous"],
        }


class CommentForm(forms.Form):
    content = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=PitchComment.MAX_LENGTH * 2,
        label="Comment",
    )
    is_anonymous = forms.BooleanField(required=False, label="Post anonymously")
    parent_id = forms.IntegerField(
        required=False, widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1
    )
