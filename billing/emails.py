"""Billing's emails."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

from billing.models import PromoCode


def send_promo_email(*, promo_id: int, recipient_name: str, recipient_email: str) -> bool:
    """Send a promo code; False when the code no longer exists."""
    promo = PromoCode.objects.filter(pk=promo_id).first()
    if promo is None:
        return False
    context = {"promo": promo, "name": recipient_name, "site_url": settings.SITE_URL}
    send_mail(
        subject=f"Your Pitchey code: {promo.display_label}",
        message=render_to_string("billing/email/promo_code.txt", context),
        from_email=None,
        recipient_list=[recipient_email],
    )
    return True
