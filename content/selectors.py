from __future__ import annotations

from django.core.cache import cache

from content.models import Page
from content.services import FOOTER_CACHE_KEY

FOOTER_TTL = 600


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
