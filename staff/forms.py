"""Forms of the pages the staff app serves to everyone (the GDPR requests in settings)."""

from __future__ import annotations

from django import forms


class ErasureForm(forms.Form):
    password = forms.CharField(
        label="Your current password",
        max_length=256,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    understood = forms.BooleanField(
        label="I understand that my account is closed for good and what is kept.",
        error_messages={"required": "Tick this box to confirm."},
    )
