from __future__ import annotations

from django import forms

from messaging.models import Message


class MessageForm(forms.Form):
    content = forms.CharField(
        max_length=Message.MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "Write a message…"}),
        label="Message",
    )


class NewConversationForm(forms.Form):
    recipient = forms.CharField(
        max_length=255,
        label="To",
        help_text="Type a name or username and pick the person.",
        widget=forms.TextInput(attrs={"list": "people-options", "autocomplete": "off"}),
        error_messages={"required": "Say who the message is for."},
    )
    content = forms.CharField(
        max_length=Message.MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Message",
        error_messages={"required": "Write the message first."},
    )
