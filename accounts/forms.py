"""Forms of the account pages."""

from __future__ import annotations

from typing import Any

from django import forms

PORTAL_CHOICES = [
    ("creator", "Creator"),
    ("investor", "Investor"),
    ("production", "Production"),
    ("watcher", "Watcher"),
]


class LoginForm(forms.Form):
    """Email and password only: the account's own type decides the portal."""

    email = forms.EmailField(
        max_length=255, widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )
    password = forms.CharField(
        max_length=256,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class RegisterForm(forms.Form):
    user_type = forms.ChoiceField(label="I am a", choices=PORTAL_CHOICES, widget=forms.RadioSelect)
    email = forms.EmailField(max_length=255)
    username = forms.RegexField(
        r"^[A-Za-z0-9_.-]{3,30}$",
        max_length=30,
        help_text="3-30 letters, digits, dots, dashes or underscores.",
        error_messages={"invalid": "Use 3-30 letters, digits, dots, dashes or underscores."},
    )
    password = forms.CharField(
        max_length=256,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    company_name = forms.CharField(max_length=255, required=False, label="Company name (optional)")


class EmailForm(forms.Form):
    email = forms.EmailField(max_length=255)


class NewPasswordForm(forms.Form):
    new_password = forms.CharField(
        max_length=256,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    confirm_password = forms.CharField(max_length=256, strip=False, widget=forms.PasswordInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("new_password") != data.get("confirm_password"):
            self.add_error("confirm_password", "The two passwords differ.")
        return data


class ChangePasswordForm(NewPasswordForm):
    current_password = forms.CharField(max_length=256, strip=False, widget=forms.PasswordInput)
    field_order = ["current_password", "new_password", "confirm_password"]


class CodeForm(forms.Form):
    code = forms.CharField(
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class ProfileForm(forms.Form):
    first_name = forms.CharField(max_length=100, required=False)
    last_name = forms.CharField(max_length=100, required=False)
    username = forms.RegexField(r"^[A-Za-z0-9_.-]{3,30}$", max_length=30)
    bio = forms.CharField(max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 4}))
    location = forms.CharField(max_length=200, required=False)
    website = forms.URLField(max_length=500, required=False, assume_scheme="https")
    company_name = forms.CharField(max_length=255, required=False)
    company_website = forms.URLField(max_length=500, required=False, assume_scheme="https")


class AvatarForm(forms.Form):
    file = forms.FileField(label="Profile picture")


class NotificationsForm(forms.Form):
    email_notifications = forms.BooleanField(required=False, label="Email me about activity")
    nda_requests = forms.BooleanField(required=False, label="NDA requests and decisions")
    messages = forms.BooleanField(required=False, label="New messages")
    pitch_updates = forms.BooleanField(required=False, label="Updates to pitches I follow")
    followers = forms.BooleanField(required=False, label="New followers")
    marketing = forms.BooleanField(required=False, label="News and offers from Pitchey")
    frequency = forms.ChoiceField(
        choices=[
            ("instant", "Instantly"),
            ("daily", "Daily digest"),
            ("weekly", "Weekly digest"),
            ("never", "Never"),
        ]
    )


class PasswordConfirmForm(forms.Form):
    password = forms.CharField(max_length=256, strip=False, widget=forms.PasswordInput)
