from __future__ import annotations

from django import forms


class RequestAccessForm(forms.Form):
    full_name = forms.CharField(label="Your full legal name", max_length=200, min_length=2)
    consent = forms.BooleanField(
        label="I have read this NDA and sign it with my typed name.", required=True
    )
    company_name = forms.CharField(label="Company (optional)", max_length=200, required=False)
    message = forms.CharField(
        label="Message to the creator (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    text_sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)


class SignForm(forms.Form):
    """Signing a request made earlier (the request, approval, then signature order)."""

    full_name = forms.CharField(label="Your full legal name", max_length=200, min_length=2)
    consent = forms.BooleanField(
        label="I have read this NDA and sign it with my typed name.", required=True
    )
    text_sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)


class AskForm(forms.Form):
    """Asking for access first, to sign once the creator approves."""

    company_name = forms.CharField(label="Company (optional)", max_length=200, required=False)
    message = forms.CharField(
        label="Message to the creator (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ApproveForm(forms.Form):
    custom_terms = forms.CharField(
        label="Additional terms",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    expiry_days = forms.IntegerField(
        label="Access length (days, 0 = never ends)", min_value=0, max_value=3650, initial=365
    )

    def access_days(self) -> int | None:
        return self.cleaned_data["expiry_days"] or None


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=2000, min_length=3)


class BulkForm(forms.Form):
    ids = forms.TypedMultipleChoiceField(coerce=int, choices=[], required=True)
    action = forms.ChoiceField(choices=[("approve", "Approve"), ("reject", "Reject")])
    reason = forms.CharField(max_length=2000, required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        data = self.data.getlist("ids") if hasattr(self.data, "getlist") else []
        self.fields["ids"].choices = [(v, v) for v in data if str(v).isdigit()]  # type: ignore[attr-defined]
