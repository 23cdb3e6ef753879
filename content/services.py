from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from analytics.services import record_activity
from content.models import Page

FOOTER_CACHE_KEY = "content:footer"


@transaction.atomic
def save_page(*, page: Page, actor: Any) -> Page:
    """Store a staff edit of a site page, stamp it, audit it, and refresh the cached footer."""
    page.updated_at = timezone.now()
    page.save()
    record_activity(page, "content.page.saved", actor=actor)
    transaction.on_commit(lambda: cache.delete(FOOTER_CACHE_KEY))
    return page
