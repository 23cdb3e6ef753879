"""The content app's emails: a contact-form message forwarded to staff."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage

from content.models import ContactMessage


def staff_recipients() -> list[str]:
    """CONTACT_RECIPIENTS, or else every active staff member's address."""
    if settings.CONTACT_RECIPIENTS:
        return list(settings.CONTACT_RECIPIENTS)
    users = get_user_model().objects.filter(is_staff=True, is_active=True).exclude(email="")
    return sorted(users.values_list("email", flat=True))


def send_contact_email(*, message_id: int) -> bool:
    """Forward one contact message to staff, replying to its sender; False when nobody to tell."""
    contact = ContactMessage.objects.filter(pk=message_id).first()
    recipients = staff_recipients()
    if contact is None or not recipients:
        return False
    body = (
        f"Type: {contact.get_kind_display()}\n"
        f"From: {contact.name or '-'} <{contact.email}>\n"
        f"Sent: {contact.created_at:%Y-%m-%d %H:%M} UTC\n\n"
        f"{contact.message}\n\n"
        f"Admin: {settings.SITE_URL}/admin/content/contactmessage/{contact.pk}/change/\n"
    )
    EmailMessage(
        subject=f"[Pitchey contact] {contact.subject}"[:200],
        body=body,
        to=recipients,
        reply_to=[contact.email],
    ).send()
    return True
