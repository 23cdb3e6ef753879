"""Forms of the curation pages."""

from __future__ import annotations

from django import forms

from curation.models import SavedComparison, Slate
from curation.services import MAX_LINK_DAYS


class SlateForm(forms.Form):
    title = forms.CharField(max_length=150)
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False
    )
    status = forms.ChoiceField(choices=Slate.Status.choices, initial=Slate.Status.DRAFT)


class ShareLinkForm(forms.Form):
    label = forms.CharField(max_length=100, required=False, help_text="Who is it for?")
    expires_in_days = forms.IntegerField(
        min_value=1,
        max_value=MAX_LINK_DAYS,
        required=False,
        label="Expires after (days)",
        help_text="Leave empty for a link that lasts until you revoke it.",
    )


class CompareForm(forms.Form):
    type = forms.ChoiceField(choices=SavedComparison.Kind.choices, initial="pitch")
    ids = forms.CharField(
        max_length=200, label="Ids to compare", help_text="Two to four ids, separated by commas."
    )
    title = forms.CharField(max_length=150, required=False)
