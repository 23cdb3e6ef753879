from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.utils import timezone

from accounts.models import User
from content.models import Page
from content.services import FOOTER_CACHE_KEY
from ndas.models import NdaRequest
from pitches.models import Pitch

FOOTER_TTL = 600
STATS_CACHE_KEY = "content:stats"
STATS_TTL = 300


def page_by_slug(slug: str) -> Page | None:
    return Page.objects.published().filter(slug=slug).first()


def footer_links() -> list[tuple[str, str]]:
    """(title, url) of the footer's pages, cached: every page renders the footer."""
    links: list[tuple[str, str]] | None = cache.get(FOOTER_CACHE_KEY)
    if links is None:
        links = [
            (p.footer_label or p.title, p.get_absolute_url()) for p in Page.objects.in_footer()
        ]
        cache.set(FOOTER_CACHE_KEY, links, FOOTER_TTL)
    return links


def page_content(slug: str) -> dict[str, Any] | None:
    """A published page as the single-page app reads it: its structured parts (`Page.data`) at
    the top, with the title, summary, sanitised body and last edit beside them."""
    page = page_by_slug(slug)
    if page is None:
        return None
    data = page.data if isinstance(page.data, dict) else {}
    return {
        **data,
        "slug": page.slug,
        "title": page.title,
        "summary": page.summary,
        "body": str(page.safe_body),
        "updated_at": page.updated_at,
    }


def site_stats() -> dict[str, Any]:
    """Live platform figures for the public stats block, cached five minutes."""
    stats: dict[str, Any] | None = cache.get(STATS_CACHE_KEY)
    if stats is not None:
        return stats
    pitches = Pitch.objects.published().count()
    creators = User.objects.active().filter(user_type=User.Type.CREATOR).count()
    backers = (
        User.objects.active()
        .filter(user_type__in=[User.Type.INVESTOR, User.Type.PRODUCTION])
        .count()
    )
    signed = NdaRequest.objects.filter(signed_at__isnull=False).count()
    stats = {
        "metrics": [
            _metric("Published Pitches", pitches, "purple", "Projects open to backers now"),
            _metric("Creators", creators, "green", "Writers and filmmakers on Pitchey"),
            _metric("Backers", backers, "yellow", "Investors and production companies"),
            _metric("NDAs Signed", signed, "pink", "Protected reads granted by creators"),
        ],
        "pitches": pitches,
        "creators": creators,
        "backers": backers,
        "ndas_signed": signed,
        "last_updated": timezone.now(),
    }
    cache.set(STATS_CACHE_KEY, stats, STATS_TTL)
    return stats


def _metric(label: str, count: int, color: str, description: str) -> dict[str, Any]:
    return {
        "label": label,
        "value": f"{count:,}",
        "count": count,
        "color": color,
        "description": description,
    }
