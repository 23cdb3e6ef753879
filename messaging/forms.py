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
    recipient = forms.CharField(max_length=255, label="To (email or username)")
    content = forms.CharField(
        max_length=Message.MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3}), label="Message"
    )
