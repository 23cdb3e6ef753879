"""Site pages for the demo: the defaults the migrations created, restored if someone removed one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from content.defaults import PAGE_DATA, PAGES
from content.models import Page

if TYPE_CHECKING:
    from pitchey.seeding import DemoData


def seed(demo: DemoData) -> None:
    for page in PAGES:
        slug = str(page["slug"])
        row, _ = Page.objects.get_or_create(
            slug=slug, defaults={**page, "data": PAGE_DATA.get(slug, {})}
        )
        if not row.data and PAGE_DATA.get(slug):
            row.data = PAGE_DATA[slug]
            row.save(update_fields=["data"])
